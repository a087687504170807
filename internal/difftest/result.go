package difftest

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// RuleMatch is one matching (rule, file) pair as yara prints it.
type RuleMatch struct {
	File string // path as printed
	Rule string // rule name, "namespace:rule" under -e
	Tags string // "[t1,t2]" as printed under -g, else empty
	Meta string // "[k=v,...]" as printed under -m, else empty
}

// StringMatch is one string match as yara -s prints it.
type StringMatch struct {
	File   string // path as printed
	Rule   string // rule name as in RuleMatch
	Offset int64  // offset of the match
	Length int    // match length under -L, else -1
	ID     string // string identifier, "$a"
	// Data is the matched data exactly as yara prints it: hex strings as
	// upper-case hex bytes separated by spaces ("4D 5A", truncated with
	// " ..."), other strings with printable ASCII as is (backslash
	// included, unescaped) and every other byte as \xHH in upper case.
	Data string
}

// Result is the normalised output of one scan: every matching rule per
// file and, with -s, every string match. Sort puts it in canonical order.
type Result struct {
	Rules   []RuleMatch
	Strings []StringMatch
	Errors  []string // diagnostics printed on standard error
}

// Sort orders Rules by file then rule, and Strings by file, rule, offset,
// identifier and data.
func (r *Result) Sort() {
	slices.SortFunc(r.Rules, func(a, b RuleMatch) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Tags, b.Tags), cmp.Compare(a.Meta, b.Meta))
	})
	slices.SortFunc(r.Strings, func(a, b StringMatch) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Rule, b.Rule),
			cmp.Compare(a.Offset, b.Offset), cmp.Compare(a.ID, b.ID),
			cmp.Compare(a.Length, b.Length), cmp.Compare(a.Data, b.Data))
	})
}

// Matched reports whether rule matched file.
func (r *Result) Matched(rule, file string) bool {
	for _, m := range r.Rules {
		if m.Rule == rule && m.File == file {
			return true
		}
	}
	return false
}

// OutputFormat says which optional fields yara was asked to print; they
// change the shape of a rule line.
type OutputFormat struct {
	Tags bool // -g: "[tag,...]" after the rule name
	Meta bool // -m: "[key=value,...]" after the rule name (and tags)
}

// stringLine matches "0xOFFSET:[LENGTH:]$id: data".
var stringLine = regexp.MustCompile(`^0x([0-9a-fA-F]+):(?:([0-9]+):)?(\$[A-Za-z0-9_]*): ?(.*)$`)

// MaxLineLen is the longest output line ParseOutput accepts: yara prints
// at most a few hundred bytes of match data, escaped four bytes per byte, so
// anything longer is not yara output.
const MaxLineLen = 1 << 20

// ParseOutput parses yara's standard output. A line starting "0x" is a
// string match of the last rule line; any other non-empty line is a rule
// line "RULE [TAGS] [META] FILE". Errors name the offending line.
func ParseOutput(out []byte, f OutputFormat) (Result, error) {
	var (
		res  Result
		last *RuleMatch
	)
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 64*1024), MaxLineLen)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "0x") {
			sm, err := parseStringLine(line)
			if err != nil {
				return res, fmt.Errorf("yara output line %d: %w", n, err)
			}
			if last == nil {
				return res, fmt.Errorf("yara output line %d: string match before any rule line", n)
			}
			sm.File, sm.Rule = last.File, last.Rule
			res.Strings = append(res.Strings, sm)
			continue
		}
		rm, err := parseRuleLine(line, f)
		if err != nil {
			return res, fmt.Errorf("yara output line %d: %w", n, err)
		}
		res.Rules = append(res.Rules, rm)
		last = &res.Rules[len(res.Rules)-1]
	}
	if err := sc.Err(); err != nil {
		return res, fmt.Errorf("reading yara output: %w", err)
	}
	return res, nil
}

func parseStringLine(line string) (StringMatch, error) {
	m := stringLine.FindStringSubmatch(line)
	if m == nil {
		return StringMatch{}, fmt.Errorf("malformed string match %q", clip(line))
	}
	off, err := strconv.ParseInt(m[1], 16, 64)
	if err != nil {
		return StringMatch{}, fmt.Errorf("bad offset in %q: %v", clip(line), err)
	}
	sm := StringMatch{Offset: off, Length: -1, ID: m[3], Data: m[4]}
	if m[2] != "" {
		if sm.Length, err = strconv.Atoi(m[2]); err != nil {
			return StringMatch{}, fmt.Errorf("bad length in %q: %v", clip(line), err)
		}
	}
	return sm, nil
}

func parseRuleLine(line string, f OutputFormat) (RuleMatch, error) {
	name, rest, ok := strings.Cut(line, " ")
	if !ok || name == "" {
		return RuleMatch{}, fmt.Errorf("malformed rule line %q", clip(line))
	}
	rm := RuleMatch{Rule: name}
	var err error
	if f.Tags {
		if rm.Tags, rest, err = cutBracket(rest); err != nil {
			return RuleMatch{}, fmt.Errorf("tags of rule line %q: %w", clip(line), err)
		}
	}
	if f.Meta {
		if rm.Meta, rest, err = cutBracket(rest); err != nil {
			return RuleMatch{}, fmt.Errorf("metadata of rule line %q: %w", clip(line), err)
		}
	}
	if rest == "" {
		return RuleMatch{}, fmt.Errorf("rule line %q has no file name", clip(line))
	}
	rm.File = rest
	return rm, nil
}

// cutBracket splits "[...] rest" at the closing bracket, skipping brackets
// inside double-quoted metadata strings (where yara escapes \" and \\).
func cutBracket(s string) (group, rest string, err error) {
	if !strings.HasPrefix(s, "[") {
		return "", "", fmt.Errorf("expected [, found %q", clip(s))
	}
	inQuote := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case inQuote && c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case !inQuote && c == ']':
			if i+1 < len(s) && s[i+1] != ' ' {
				return "", "", fmt.Errorf("expected space after ], found %q", clip(s[i+1:]))
			}
			return s[:i+1], strings.TrimPrefix(s[i+1:], " "), nil
		}
	}
	return "", "", fmt.Errorf("unterminated [ in %q", clip(s))
}

// clip shortens text quoted in an error message.
func clip(s string) string {
	const n = 80
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
