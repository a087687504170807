package scan

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/overt-sec/overt/yara"
)

// fakeRule is a rule the fake engine can evaluate and also write as yara
// source, so the same rules run through overt's pipeline and through yara.
type fakeRule struct {
	ns      string // "" is "default"
	name    string
	tags    []string
	meta    []yara.Meta
	private bool
	strs    []fakeString
	cond    string // "any" (any of them), "true", "false", "all" (all of them)
}

type fakeString struct {
	id      string // "$a", or "$" for anonymous
	data    []byte
	hex     bool // written as a hex string
	private bool
}

// source writes the rules of namespace ns as yara source.
func fakeSource(rules []fakeRule, ns string) string {
	var b strings.Builder
	for _, r := range rules {
		if r.ns != ns {
			continue
		}
		if r.private {
			b.WriteString("private ")
		}
		fmt.Fprintf(&b, "rule %s", r.name)
		if len(r.tags) > 0 {
			fmt.Fprintf(&b, " : %s", strings.Join(r.tags, " "))
		}
		b.WriteString(" {\n")
		if len(r.meta) > 0 {
			b.WriteString("  meta:\n")
			for _, m := range r.meta {
				switch v := m.Value.(type) {
				case string:
					fmt.Fprintf(&b, "    %s = \"%s\"\n", m.Key, yaraEscape(v))
				default:
					fmt.Fprintf(&b, "    %s = %v\n", m.Key, v)
				}
			}
		}
		if len(r.strs) > 0 {
			b.WriteString("  strings:\n")
			for _, s := range r.strs {
				priv := ""
				if s.private {
					priv = " private"
				}
				if s.hex {
					fmt.Fprintf(&b, "    %s = { % X }%s\n", s.id, s.data, priv)
				} else {
					fmt.Fprintf(&b, "    %s = \"%s\"%s\n", s.id, yaraEscape(string(s.data)), priv)
				}
			}
		}
		cond := map[string]string{"any": "any of them", "all": "all of them"}[r.cond]
		if cond == "" {
			cond = r.cond
		}
		fmt.Fprintf(&b, "  condition:\n    %s\n}\n", cond)
	}
	return b.String()
}

// yaraEscape writes s as the body of a yara text string.
func yaraEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "\\x%02x", c)
		}
	}
	return b.String()
}

// fakeEngine evaluates fakeRules with bytes.Index. Objects whose data
// contain "BLOCK" wait for their context; "WARN" raises a too-many-matches
// warning on the first rule; "FAIL" makes the scan fail; "LOG" logs a
// console message.
type fakeEngine struct {
	rules []fakeRule
}

func (e *fakeEngine) NewScanner() Scanner { return &fakeScanner{e: e} }

type fakeScanner struct {
	e    *fakeEngine
	busy bool // detects concurrent use of one scanner
}

func (s *fakeScanner) Scan(ctx context.Context, obj *Object) (*Outcome, error) {
	if s.busy {
		panic("scanner used by two goroutines")
	}
	s.busy = true
	defer func() { s.busy = false }()
	data, err := io.ReadAll(io.NewSectionReader(obj.Data, 0, obj.Size))
	if err != nil {
		return nil, err
	}
	if bytes.Contains(data, []byte("BLOCK")) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	if bytes.Contains(data, []byte("FAIL")) {
		return nil, fmt.Errorf("internal error: 42")
	}
	out := &Outcome{}
	if bytes.Contains(data, []byte("LOG")) {
		out.Console = []string{"console says hi"}
	}
	for _, r := range s.e.rules {
		rr := RuleResult{MatchingRule: yara.MatchingRule{
			Namespace: r.ns, Rule: r.name, Tags: r.tags, Meta: r.meta, Private: r.private,
		}}
		if rr.Namespace == "" {
			rr.Namespace = "default"
		}
		found := 0
		for _, st := range r.strs {
			n := 0
			for off := 0; ; off++ {
				i := bytes.Index(data[off:], st.data)
				if i < 0 {
					break
				}
				off += i
				n++
				if !st.private {
					rr.Strings = append(rr.Strings, yara.MatchString{
						Identifier: st.id, Offset: int64(off), Length: len(st.data),
						Data: st.data, XorKey: -1, Hex: st.hex,
					})
				}
			}
			if n > 0 {
				found++
			}
		}
		switch r.cond {
		case "true":
			rr.Matched = true
		case "any":
			rr.Matched = found > 0
		case "all":
			rr.Matched = found == len(r.strs)
		}
		out.Rules = append(out.Rules, rr)
	}
	if bytes.Contains(data, []byte("WARN")) && len(s.e.rules) > 0 {
		out.Warnings = append(out.Warnings, yara.ScanWarning{
			Kind: yara.TooManyMatches, Namespace: "default", Rule: s.e.rules[0].name, String: "$a",
		})
	}
	return out, nil
}
