package syntax

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
)

// goldenPatterns are dumped to testdata/parse.golden. Each entry is
// "flags pattern" where flags is "-", "i", "s" or "is".
var goldenPatterns = []string{
	"- abc",
	"i aBc1",
	"- a.b",
	"s a.b",
	"- ab+?c*d?e??",
	"- a{2}b{2,}c{,3}d{2,3}?e{0}f{,}",
	"- ab{2 ,3}c",
	"- (abc|de|)f",
	"- a||b",
	"- [a-c-e]",
	"- [^]a-\\d]",
	"i [^a-z\\d]",
	"- \\w\\W\\s\\S\\d\\D",
	"- ^abc$",
	"- \\babc\\B",
	"- \\x41\\n\\t\\r\\f\\a\\v\\.\\/",
	"- a{x}{}{1:5}",
	"- ((a|b)*c)+",
	"- md5: [0-9a-fA-F]{32}",
}

func TestGoldenDump(t *testing.T) {
	var out strings.Builder
	for _, line := range goldenPatterns {
		fl, pat, _ := strings.Cut(line, " ")
		var flags Flags
		if strings.Contains(fl, "i") {
			flags |= FoldCase
		}
		if strings.Contains(fl, "s") {
			flags |= DotAll
		}
		n, err := Parse(pat, flags)
		if err != nil {
			t.Fatalf("Parse(%q): %v", pat, err)
		}
		fmt.Fprintf(&out, "== /%s/%s\nString: %s\n%s\n", pat, strings.Trim(fl, "-"), n.String(), n.Dump())
	}
	golden.CheckString(t, filepath.Join("testdata", "parse.golden"), out.String())
}

// TestStringRoundTrip checks that String prints a pattern that parses and
// prints identically (a fixed point after one round).
func TestStringRoundTrip(t *testing.T) {
	for _, line := range goldenPatterns {
		fl, pat, _ := strings.Cut(line, " ")
		t.Run(pat, func(t *testing.T) {
			var flags Flags
			if strings.Contains(fl, "i") {
				flags |= FoldCase
			}
			checkRoundTrip(t, pat, flags)
		})
	}
}

func checkRoundTrip(t *testing.T, pat string, flags Flags) {
	t.Helper()
	n, err := Parse(pat, flags)
	if err != nil {
		return
	}
	s1 := n.String()
	n2, err := Parse(s1, 0)
	if err != nil {
		t.Fatalf("String of %q = %q does not parse: %v", pat, s1, err)
	}
	if s2 := n2.String(); s2 != s1 {
		t.Fatalf("String of %q not stable: %q then %q", pat, s1, s2)
	}
}

func FuzzParse(f *testing.F) {
	for _, line := range goldenPatterns {
		_, pat, _ := strings.Cut(line, " ")
		f.Add(pat, uint8(0))
		f.Add(pat, uint8(FoldCase|DotAll))
	}
	for _, s := range []string{`[b-a]`, `abc)`, `(|abc)ef`, `\x0`, `a{4294967296}`, `[a\`, `((((a))))`, `a{32767}`, `[]`, `a{,}`} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, pat string, fl uint8) {
		flags := Flags(fl) & (FoldCase | DotAll)
		n, err := Parse(pat, flags)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("error of type %T", err)
			}
			if n != nil {
				t.Fatal("non-nil node with error")
			}
			return
		}
		checkRoundTrip(t, pat, flags)
	})
}
