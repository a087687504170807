package refmatch

import (
	"go/token"
	"testing"

	"github.com/overt-sec/overt/yara/syntax"
)

// FuzzFindAll parses a string definition and runs it on data: FindAll must
// not panic or hang, and its matches must be sorted, in range, and at most
// one per offset.
func FuzzFindAll(f *testing.F) {
	seeds := []struct{ str, data string }{
		{`"aa"`, "aaaa"},
		{`"ab" xor wide fullword`, "a\x00b\x00 \x60\x01\x63\x01"},
		{`"abc" base64 base64wide wide`, "YWJj Y\x00W\x00J\x00j\x00"},
		{`{ 61 [1-3] ( 62 | 62 63 ) [-] 64 }`, "axbcxxd"},
		{`{ 4? ?? [0-2] ~41 }`, "AAAAB"},
		{`/a(b|bc)*?d$/is`, "abcbcD"},
		{`/\bx[^y]{2,5}\B/ wide ascii nocase`, "x\x00a\x00b\x00c\x00"},
		{`/(a*)*b|^$/ fullword`, "aaab"},
	}
	for _, s := range seeds {
		f.Add(s.str, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, str string, data []byte) {
		if len(data) > 512 { // the oracle is cubic in the worst case; keep fuzzing fast
			data = data[:512]
		}
		file, errs := syntax.ParseFile(token.NewFileSet(), "f.yar", []byte("rule r { strings: $a = "+str+" condition: $a }"), 0)
		if errs.HasErrors() || len(file.Decls) != 1 {
			return
		}
		r, ok := file.Decls[0].(*syntax.Rule)
		if !ok || len(r.Strings) != 1 {
			return
		}
		ms, err := FindAll(r.Strings[0], data)
		if err != nil {
			return
		}
		for i, m := range ms {
			if m.Offset < 0 || m.Length < 0 || m.Offset+m.Length > len(data) || (i > 0 && ms[i-1].Offset >= m.Offset) {
				t.Fatalf("bad match %d %+v in %v", i, m, ms)
			}
		}
	})
}
