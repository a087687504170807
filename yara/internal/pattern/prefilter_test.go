package pattern

import (
	"fmt"
	"math/rand"
	"reflect"
	"testing"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// treeOf returns the tree of the single (ascii) form of a plain regex or
// hex string, as compileRegex and compileHex build it.
func treeOf(t *testing.T, def *syntax.StringDef) *rxsyntax.Node {
	t.Helper()
	switch v := def.Value.(type) {
	case *syntax.RegexString:
		var flags rxsyntax.Flags
		if v.Regex.CaseInsensitive {
			flags |= rxsyntax.FoldCase
		}
		if v.Regex.DotAll {
			flags |= rxsyntax.DotAll
		}
		n, err := rxsyntax.Parse(v.Regex.Pattern, flags)
		if err != nil {
			t.Fatal(err)
		}
		return n
	case *syntax.HexString:
		n, err := hexTree(v.Tokens(), 0)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	t.Fatalf("not a regex or hex string")
	return nil
}

// TestPrefilterKnown pins the prefilter of typical full-scan strings.
func TestPrefilterKnown(t *testing.T) {
	cases := []struct {
		str     string
		n       int    // positions checked; 0 for no prefilter
		admits  string // data whose offset 0 must be admitted
		rejects string // data whose offset 0 must be rejected
	}{
		{`/[0-9a-fA-F]{32}/`, 16, "0123456789abcdef0123456789abcdef", "0123456789abcdeg0123456789abcdef"},
		{`/([A-Za-z0-9+\/]{4}){3,}/`, 12, "QUJDREVGR0hJSktM", "QUJDR=VGR0hJSktM"},
		{`/BADD|Bad Error Happened|/`, 0, "", ""},
		{`/([\w\.-]+)/`, 1, "a", "!"},
		{`/a?b/`, 1, "b", "c"},
		{`/\bab$/`, 2, "ab", "ba"},
		{`{ 4D 5A ?? ?? 50 45 }`, 6, "MZ\x00\x00PE", "MZ\x00\x00PF"},
	}
	for _, tc := range cases {
		t.Run(tc.str, func(t *testing.T) {
			f := newPrefilter(treeOf(t, mustParse(t, tc.str)))
			if f == nil {
				if tc.n != 0 {
					t.Fatalf("no prefilter, want one of %d positions", tc.n)
				}
				return
			}
			if f.n != tc.n {
				t.Fatalf("prefilter of %d positions, want %d", f.n, tc.n)
			}
			if got := f.next([]byte(tc.admits), 0, 1); got != 0 {
				t.Errorf("rejects %q", tc.admits)
			}
			if got := f.next([]byte(tc.rejects), 0, 1); got != 1 {
				t.Errorf("admits %q", tc.rejects)
			}
		})
	}
}

// TestPrefilterNeverRejectsAMatch checks, on random regex and hex strings
// and data, that next never skips an offset where the form matches.
func TestPrefilterNeverRejectsAMatch(t *testing.T) {
	r := rand.New(rand.NewSource(11))
	n := 3000
	if testing.Short() {
		n = 300
	}
	checked, skipped := 0, 0
	for i := 0; i < n; i++ {
		b := make([]byte, 300)
		r.Read(b)
		g := &gen{b: b}
		var str string
		if i%2 == 0 {
			str = "/" + g.regexNode(0) + "/"
		} else {
			str = "{ " + g.hexTokens(0, true) + " }"
		}
		def := parseString(str)
		if def == nil {
			continue
		}
		p, err := Compile(def)
		if err != nil {
			continue
		}
		data := g.data()
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			f := newPrefilter(treeOf(t, def))
			sc := NewScratch()
			matchAt := make([]bool, len(data)+1)
			for s := range data {
				p.formAt(sc, data, &p.forms[0], s, func(Match) { matchAt[s] = true })
			}
			for s := range data {
				nx := f.next(data, s, len(data))
				for k := s; k < nx; k++ {
					if matchAt[k] {
						t.Fatalf("%s on %q: next(%d) = %d skips the match at %d", str, data, s, nx, k)
					}
				}
				skipped += nx - s
			}
			checked++
		})
	}
	if checked < n/2 || skipped == 0 {
		t.Errorf("generator too weak: %d strings checked, %d offsets skipped", checked, skipped)
	}
}

// TestScanFormsWithPrefilters compares Scan of full-scan strings (which
// use prefilters) with trying every offset.
func TestScanFormsWithPrefilters(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	data := make([]byte, 5000)
	for i := range data {
		const alpha = "0a1F \x00g-.Z+/="
		data[i] = alpha[rng.Intn(len(alpha))]
	}
	copy(data[100:], "0123456789abcdef0123456789ABCDEF")
	copy(data[300:], "0\x001\x002\x003\x004\x005\x006\x007\x008\x009\x00a\x00b\x00c\x00d\x00e\x00f\x000\x001\x002\x003\x00")
	strs := []string{
		`/[0-9a-fA-F]{20}/ fullword ascii wide`,
		`/[0-9a-fA-F]{8}/ wide`,
		`/([A-Za-z0-9+\/]{4}){3,}([A-Za-z0-9+\/]{2}==|[A-Za-z0-9+\/]{3}=)?/`,
		`/([\w\.-]+)/ wide ascii`,
		`/BADD|Bad Error Happened|/`,
	}
	for _, str := range strs {
		t.Run(str, func(t *testing.T) {
			p, err := Compile(mustParse(t, str))
			if err != nil {
				t.Fatal(err)
			}
			if !p.FullScan() {
				t.Skip("the string has atoms now")
			}
			sc := NewScratch()
			var got, want []Match
			p.Scan(sc, data, func(m Match) { got = append(got, m) })
			for off := range data {
				p.forward(sc, data, off, func(m Match) { want = append(want, m) })
			}
			if len(want) == 0 {
				t.Fatal("no match: the test data is too weak")
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Scan found %d matches, every offset %d", len(got), len(want))
			}
		})
	}
}

func BenchmarkFullScan(b *testing.B) {
	rng := rand.New(rand.NewSource(5))
	data := make([]byte, 1<<20)
	for i := range data {
		if i%3 == 0 {
			data[i] = byte(rng.Intn(256))
		} else {
			data[i] = "etaoin shrdlu"[rng.Intn(13)]
		}
	}
	for _, str := range []string{`/[0-9a-fA-F]{32}/ fullword wide ascii`, `/([A-Za-z0-9+\/]{4}){3,}([A-Za-z0-9+\/]{2}==|[A-Za-z0-9+\/]{3}=)?/`} {
		p, err := Compile(mustParse(b, str))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(str, func(b *testing.B) {
			sc := NewScratch()
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				p.Scan(sc, data, func(Match) {})
			}
		})
	}
}
