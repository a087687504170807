package yara

import (
	"fmt"
	"math/rand"
	"strings"
)

// ruleGen generates random rule text for the engine-vs-oracle tests: text,
// hex and regex strings with the modifiers each accepts, over a small
// alphabet so that random data matches often.
type ruleGen struct {
	r *rand.Rand
}

// alphabet is the bytes strings and data are drawn from: letters of both
// cases (nocase), digits and separators (fullword), zero (wide) and a high
// byte.
var alphabet = []byte("abAB0 \x00\xff-")

func (g *ruleGen) byte() byte { return alphabet[g.r.Intn(len(alphabet))] }

// data returns random data of up to n bytes.
func (g *ruleGen) data(n int) []byte {
	b := make([]byte, g.r.Intn(n+1))
	for i := range b {
		b[i] = g.byte()
		if g.r.Intn(8) == 0 && i > 0 {
			b[i] = 0 // wide-looking runs
		}
	}
	return b
}

// rule returns the text of a rule with n random strings whose condition
// references them all and is always true, so that every match is reported.
func (g *ruleGen) rule(n int) string {
	var sb strings.Builder
	sb.WriteString("rule r { strings:\n")
	for i := range n {
		fmt.Fprintf(&sb, "  $s%d = %s\n", i, g.str())
	}
	sb.WriteString("condition: any of them or true }\n")
	return sb.String()
}

// str returns one string definition's value and modifiers.
func (g *ruleGen) str() string {
	switch g.r.Intn(3) {
	case 0:
		return g.text()
	case 1:
		return g.hex()
	}
	return g.regex()
}

// pick returns each of mods with probability 1/3, in order.
func (g *ruleGen) pick(mods ...string) []string {
	var out []string
	for _, m := range mods {
		if g.r.Intn(3) == 0 {
			out = append(out, m)
		}
	}
	return out
}

func (g *ruleGen) text() string {
	var sb strings.Builder
	sb.WriteByte('"')
	for range 1 + g.r.Intn(5) {
		fmt.Fprintf(&sb, "\\x%02x", g.byte())
	}
	sb.WriteByte('"')
	var mods []string
	switch g.r.Intn(4) {
	case 0: // xor
		mods = append(g.pick("wide", "ascii", "fullword"), g.xor())
	case 1: // base64
		mods = g.pick("base64", "base64wide", "wide", "ascii")
		if len(mods) == 0 || (mods[0] != "base64" && mods[0] != "base64wide") {
			mods = append(mods, "base64")
		}
	default:
		mods = g.pick("nocase", "wide", "ascii", "fullword")
	}
	return sb.String() + " " + strings.Join(mods, " ")
}

func (g *ruleGen) xor() string {
	switch g.r.Intn(3) {
	case 0:
		return "xor"
	case 1:
		return fmt.Sprintf("xor(%d)", g.r.Intn(256))
	}
	a := g.r.Intn(256)
	return fmt.Sprintf("xor(%d-%d)", a, a+g.r.Intn(256-a))
}

func (g *ruleGen) hex() string {
	var toks []string
	n := 1 + g.r.Intn(5)
	for i := range n {
		toks = append(toks, g.hexToken(i > 0 && i < n-1, 0))
	}
	return "{ " + strings.Join(toks, " ") + " }"
}

// hexToken returns one hex token; jumps only where allowed (not first or
// last), alternatives nested at most twice.
func (g *ruleGen) hexToken(jump bool, depth int) string {
	switch k := g.r.Intn(10); {
	case k < 5:
		return fmt.Sprintf("%02X", g.byte())
	case k == 5:
		return "??"
	case k == 6:
		return fmt.Sprintf("%X?", g.byte()>>4)
	case k == 7:
		return fmt.Sprintf("~%02X", g.byte())
	case k == 8 && jump:
		lo := g.r.Intn(3)
		return fmt.Sprintf("[%d-%d]", lo, lo+g.r.Intn(3))
	case k == 9 && depth < 2:
		var alts []string
		for range 2 + g.r.Intn(2) {
			var seq []string
			for range 1 + g.r.Intn(2) {
				seq = append(seq, g.hexToken(false, depth+1))
			}
			alts = append(alts, strings.Join(seq, " "))
		}
		return "(" + strings.Join(alts, " | ") + ")"
	}
	return fmt.Sprintf("%02X", g.byte())
}

func (g *ruleGen) regex() string {
	var sb strings.Builder
	sb.WriteByte('/')
	for range 1 + g.r.Intn(4) {
		sb.WriteString(g.regexPiece(0))
	}
	sb.WriteByte('/')
	if g.r.Intn(4) == 0 {
		sb.WriteByte('i')
	}
	if g.r.Intn(4) == 0 {
		sb.WriteByte('s')
	}
	return sb.String() + " " + strings.Join(g.pick("nocase", "wide", "ascii", "fullword"), " ")
}

// regexPiece returns one atom of a regex with an optional quantifier.
func (g *ruleGen) regexPiece(depth int) string {
	var atom string
	switch k := g.r.Intn(10); {
	case k < 5:
		atom = fmt.Sprintf("\\x%02x", g.byte())
	case k == 5:
		atom = "."
	case k == 6:
		atom = "[a-b0]"
	case k == 7:
		atom = []string{"\\b", "\\B", "\\d", "\\w", "\\s", "^", "$"}[g.r.Intn(7)]
		return atom
	case k == 8 && depth < 2:
		atom = "(" + g.regexPiece(depth+1) + g.regexPiece(depth+1) + "|" + g.regexPiece(depth+1) + ")"
	default:
		atom = "[^a]"
	}
	switch g.r.Intn(8) {
	case 0:
		return atom + "*"
	case 1:
		return atom + "+"
	case 2:
		return atom + "?"
	case 3:
		lo := g.r.Intn(3)
		return fmt.Sprintf("%s{%d,%d}", atom, lo, lo+g.r.Intn(3))
	case 4:
		return atom + "*?"
	}
	return atom
}
