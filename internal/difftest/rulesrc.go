package difftest

import (
	"fmt"
	"strings"

	"github.com/overt-sec/overt/yara/syntax"
)

// FormatStringDef renders def as YARA source under a new name ("$x"), from
// its AST. The private modifier is dropped when dropPrivate is set, so that
// yara -s reports the string's matches.
func FormatStringDef(name string, def *syntax.StringDef, dropPrivate bool) (string, error) {
	var b strings.Builder
	b.WriteString(name)
	b.WriteString(" = ")
	switch v := def.Value.(type) {
	case *syntax.TextString:
		b.WriteString(v.Raw)
	case *syntax.RegexString:
		b.WriteString(v.Regex.Raw)
	case *syntax.HexString:
		b.WriteString("{ ")
		if err := formatHexTokens(&b, v.Tokens()); err != nil {
			return "", fmt.Errorf("string %s: %w", def.Name, err)
		}
		b.WriteString(" }")
	default:
		return "", fmt.Errorf("string %s: unknown pattern type %T", def.Name, def.Value)
	}
	for _, m := range def.Modifiers {
		if m.Kind == syntax.ModPrivate && dropPrivate {
			continue
		}
		b.WriteByte(' ')
		b.WriteString(m.Kind.String())
		switch {
		case m.Kind == syntax.ModXor && m.HasXorArgs && m.XorMin == m.XorMax:
			fmt.Fprintf(&b, "(%d)", m.XorMin)
		case m.Kind == syntax.ModXor && m.HasXorArgs:
			fmt.Fprintf(&b, "(%d-%d)", m.XorMin, m.XorMax)
		case m.Alphabet != nil:
			fmt.Fprintf(&b, "(%s)", m.Alphabet.Raw)
		}
	}
	return b.String(), nil
}

func formatHexTokens(b *strings.Builder, tokens []syntax.HexToken) error {
	const digits = "0123456789ABCDEF"
	for i, t := range tokens {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch t := t.(type) {
		case *syntax.HexByte:
			if t.Not {
				b.WriteByte('~')
			}
			for _, shift := range []uint{4, 0} {
				if t.Mask>>shift&0xF == 0 {
					b.WriteByte('?')
				} else {
					b.WriteByte(digits[t.Value>>shift&0xF])
				}
			}
		case *syntax.HexJump:
			switch {
			case t.Max < 0:
				fmt.Fprintf(b, "[%d-]", t.Min)
			case t.Min == t.Max:
				fmt.Fprintf(b, "[%d]", t.Min)
			default:
				fmt.Fprintf(b, "[%d-%d]", t.Min, t.Max)
			}
		case *syntax.HexAlt:
			b.WriteString("( ")
			for j, alt := range t.Alternatives {
				if j > 0 {
					b.WriteString(" | ")
				}
				if err := formatHexTokens(b, alt); err != nil {
					return err
				}
			}
			b.WriteString(" )")
		default:
			return fmt.Errorf("unknown hex token %T", t)
		}
	}
	return nil
}
