package yara

import (
	"strings"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// literalString reports whether d is what yara calls a literal string: a
// text string, a hex string of plain bytes (no wildcard, negation, jump or
// alternative) or a regex that is a plain sequence of characters (no class,
// dot, group, repetition, alternative or anchor), whatever its modifiers.
// Only a literal string used solely as `$a at K` is searched at K alone:
// yara 4.x checks the fixed offset when it verifies a literal string and
// reports every match of the others (`{ 4A ?? 49 46 }` used as `$a at 0`
// still reports its match at 12 under -s).
func literalString(d *syntax.StringDef) bool {
	switch v := d.Value.(type) {
	case *syntax.TextString:
		return true
	case *syntax.HexString:
		if !strings.Contains(v.Text, "/") {
			// Without comments, a valid hex string with no wildcard,
			// negation, jump or alternative is plain bytes.
			return v.Text != "" && !strings.ContainsAny(v.Text, "?~[(")
		}
		toks := v.Tokens()
		for _, t := range toks {
			b, ok := t.(*syntax.HexByte)
			if !ok || b.Not || b.Mask != 0xff {
				return false
			}
		}
		return len(toks) > 0
	case *syntax.RegexString:
		if v.Regex == nil {
			return false
		}
		tree, err := rxsyntax.Parse(v.Regex.Pattern, 0)
		if err != nil {
			return false
		}
		if tree.Op == rxsyntax.OpLiteral {
			return true
		}
		if tree.Op != rxsyntax.OpConcat {
			return false
		}
		for _, s := range tree.Subs {
			if s.Op != rxsyntax.OpLiteral {
				return false
			}
		}
		return true
	}
	return false
}
