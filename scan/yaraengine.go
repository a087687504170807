package scan

import (
	"context"
	"os"
	"strings"

	"github.com/overt-sec/overt/yara"
)

// YaraEngine adapts compiled yara.Rules to Engine: each worker gets its
// own yara.Scanner, and each Result becomes an Outcome with the rules in
// declaration order.
type YaraEngine struct {
	rules *yara.Rules
	opts  yara.ScanOptions
	order map[ruleKey]int // declaration index of every rule
}

type ruleKey struct{ ns, rule string }

// NewYaraEngine returns an engine scanning with rules and opts. Console
// messages are collected per object into Outcome.Console unless
// disableConsole is set (yara -q); opts.Log is ignored.
func NewYaraEngine(rules *yara.Rules, opts yara.ScanOptions, disableConsole bool) *YaraEngine {
	e := &YaraEngine{rules: rules, opts: opts, order: map[ruleKey]int{}}
	for i, r := range rules.Rules() {
		e.order[ruleKey{r.Namespace, r.Rule}] = i
	}
	if disableConsole {
		e.opts.Log = nil
	} else {
		e.opts.Log = func(string) {} // replaced per scanner
	}
	return e
}

// NewScanner implements Engine.
func (e *YaraEngine) NewScanner() Scanner {
	s := &yaraScanner{e: e}
	opts := e.opts
	if opts.Log != nil {
		opts.Log = func(msg string) { s.console = append(s.console, strings.TrimSuffix(msg, "\n")) }
	}
	s.sc = e.rules.NewScanner(opts)
	return s
}

type yaraScanner struct {
	e       *YaraEngine
	sc      *yara.Scanner
	console []string
}

// Scan implements Scanner.
func (s *yaraScanner) Scan(ctx context.Context, obj *Object) (*Outcome, error) {
	s.console = nil
	var res *yara.Result
	var err error
	if obj.Blocks != nil {
		res, err = s.sc.ScanBlocks(ctx, obj.Blocks, obj.Data) // process memory
	} else if obj.File == "" {
		res, err = s.sc.ScanBytes(ctx, obj.Bytes) // extracted from a container
	} else if f, ok := obj.Data.(*os.File); ok {
		res, err = s.sc.ScanOpenFile(ctx, f) // no second open of the file
	} else {
		res, err = s.sc.ScanFile(ctx, obj.File)
	}
	if err != nil {
		return nil, err
	}
	out := &Outcome{Warnings: res.Warnings, Console: s.console, ModuleData: res.ModuleDump}
	out.Rules = make([]RuleResult, 0, len(res.Matching)+len(res.NonMatching))
	// Merge the two lists, each in declaration order, into one.
	m, n := res.Matching, res.NonMatching
	for len(m) > 0 || len(n) > 0 {
		if len(n) == 0 || (len(m) > 0 && s.index(&m[0]) < s.index(&n[0])) {
			out.Rules = append(out.Rules, RuleResult{MatchingRule: m[0], Matched: true})
			m = m[1:]
		} else {
			out.Rules = append(out.Rules, RuleResult{MatchingRule: n[0]})
			n = n[1:]
		}
	}
	return out, nil
}

func (s *yaraScanner) index(r *yara.MatchingRule) int {
	return s.e.order[ruleKey{r.Namespace, r.Rule}]
}
