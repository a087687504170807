package pattern

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// gen turns fuzzer bytes into a string definition and data over a small
// alphabet, so that matches are frequent.
type gen struct {
	b []byte
	i int
}

func (g *gen) next() int {
	if g.i >= len(g.b) {
		return 0
	}
	g.i++
	return int(g.b[g.i-1])
}

func (g *gen) pick(opts ...string) string { return opts[g.next()%len(opts)] }

// textString returns a text string with modifiers.
func (g *gen) textString() string {
	var sb strings.Builder
	sb.WriteByte('"')
	for n := 1 + g.next()%5; n > 0; n-- {
		sb.WriteString(g.pick("a", "b", "A", "\\x00", " ", "1", "_", "c"))
	}
	sb.WriteByte('"')
	b64 := g.next()%5 == 0
	if b64 {
		sb.WriteString(g.pick(" base64", " base64wide", " base64 base64wide", ` base64("!@#$%^&*(){}[].,|ABCDEFGHIJ\tLMNOPQRSTUVWXYZabcdefghijklmnopqrstu")`))
		sb.WriteString(g.pick("", " wide", " ascii wide", " private"))
		return sb.String()
	}
	xor := g.next()%4 == 0
	if xor {
		sb.WriteString(g.pick(" xor", " xor(1)", " xor(0-3)", " xor(32-34)"))
	} else if g.next()%2 == 0 {
		sb.WriteString(" nocase")
	}
	sb.WriteString(g.pick("", " wide", " ascii wide", " ascii", " fullword", " wide fullword", " ascii wide fullword", " private"))
	return sb.String()
}

// hexTokens returns hex tokens; alternatives nest up to depth.
func (g *gen) hexTokens(depth int, first bool) string {
	var parts []string
	for n := 1 + g.next()%4; n > 0; n-- {
		k := g.next() % 10
		switch {
		case k < 5 || first:
			parts = append(parts, g.pick("61", "62", "00", "41", "6?", "?2", "??", "63", "20"))
		case k < 7:
			parts = append(parts, g.pick("[1]", "[0-2]", "[1-3]", "[-]", "[2-]", "[0-1]"))
		case depth < 2:
			a, b := g.hexTokens(depth+1, true), g.hexTokens(depth+1, true)
			parts = append(parts, "( "+a+" | "+b+" )")
		default:
			parts = append(parts, "62")
		}
		first = false
	}
	// A hex string cannot end with a jump.
	parts = append(parts, g.pick("61", "62", "63", "00"))
	return strings.Join(parts, " ")
}

// regexNode returns a regex fragment.
func (g *gen) regexNode(depth int) string {
	var sb strings.Builder
	for n := 1 + g.next()%4; n > 0; n-- {
		k := g.next() % 12
		switch {
		case k < 5:
			sb.WriteString(g.pick("a", "b", "ab", "c", "A", "\\x00", "1", "ba"))
		case k < 7:
			sb.WriteString(g.pick("[ab]", ".", "[^a]", "\\w", "\\d", "[a-c]"))
		case k < 8:
			sb.WriteString(g.pick("\\b", "^", "$", "\\B"))
		case depth < 2:
			sb.WriteString("(" + g.regexNode(depth+1) + "|" + g.regexNode(depth+1) + ")")
		default:
			sb.WriteString("c")
		}
		if g.next()%4 == 0 {
			sb.WriteString(g.pick("*", "+", "?", "*?", "+?", "{1,2}", "{2}", "{0,3}?"))
		}
	}
	return sb.String()
}

func (g *gen) regexString() string {
	s := "/" + g.regexNode(0) + "/" + g.pick("", "i", "s", "is")
	return s + g.pick("", " wide", " ascii wide", " nocase", " fullword", " wide fullword", " private")
}

func (g *gen) def() string {
	switch g.next() % 3 {
	case 0:
		return g.textString()
	case 1:
		return "{ " + g.hexTokens(0, true) + " }"
	}
	return g.regexString()
}

func (g *gen) data() []byte {
	n := g.next()
	out := make([]byte, 0, n)
	for i := 0; i < n; i++ {
		const alphabet = "ab\x00A1 _cb\x01`c\x02"
		out = append(out, alphabet[g.next()%len(alphabet)])
	}
	return out
}

// checkAgainstOracle compiles str and compares the naive atom search with
// refmatch on data.
// It returns the number of matches, or -1 if the string was not compiled.
func checkAgainstOracle(t *testing.T, str string, data []byte) int {
	t.Helper()
	def := parseString(str)
	if def == nil {
		return -1
	}
	want, oerr := oracle(def, data)
	p, err := Compile(def)
	if err != nil || oerr != nil {
		if (err != nil) != (oerr != nil) {
			t.Fatalf("%s: Compile error %v, refmatch error %v", str, err, oerr)
		}
		return -1
	}
	got := naiveFind(p, data)
	if g, w := sprint(triples(got)), sprint(want); g != w {
		t.Fatalf("%s on %q:\n got %s\nwant %s (refmatch)", str, data, g, w)
	}
	// Scan (the full-scan path) must agree too.
	var all []Match
	p.Scan(NewScratch(), data, func(m Match) { all = append(all, m) })
	if g, w := sprint(triples(Finish(all))), sprint(want); g != w {
		t.Fatalf("%s on %q: Scan:\n got %s\nwant %s (refmatch)", str, data, g, w)
	}
	return len(want)
}

// FuzzPattern generates a string definition and data from the fuzzer's
// bytes: every match found through the atoms must equal refmatch's.
func FuzzPattern(f *testing.F) {
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 64; i++ {
		b := make([]byte, 200)
		r.Read(b)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		g := &gen{b: b}
		str := g.def()
		checkAgainstOracle(t, str, g.data())
	})
}

// TestRandomPatterns is a deterministic run of the generator of FuzzPattern.
func TestRandomPatterns(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	r := rand.New(rand.NewSource(42))
	compiled, matched := 0, 0
	for i := 0; i < n; i++ {
		b := make([]byte, 300)
		r.Read(b)
		g := &gen{b: b}
		str := g.def()
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			if k := checkAgainstOracle(t, str, g.data()); k >= 0 {
				compiled++
				if k > 0 {
					matched++
				}
			}
		})
	}
	// The generator must exercise the engine, not only its error paths.
	if compiled < n*7/10 || matched < n/4 {
		t.Errorf("generator too weak: %d of %d compiled, %d matched", compiled, n, matched)
	}
	t.Logf("%d of %d compiled, %d matched", compiled, n, matched)
}
