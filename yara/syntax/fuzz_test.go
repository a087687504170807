package syntax

import (
	"bytes"
	"go/token"
	"os"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// maxSeedSize keeps big rule files out of the seed corpus: the fuzzer
// mutates small inputs far faster.
const maxSeedSize = 16 << 10

// addSeeds adds the testdata inputs and a sample of the shared rule files.
func addSeeds(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*/*.yar")
	if dir := testenv.OptionalSharedDir(); dir != "" {
		shared, _ := filepath.Glob(filepath.Join(dir, "rules", "*", "*", "*.yar"))
		for i := 0; i < len(shared); i += 25 {
			paths = append(paths, shared[i])
		}
	}
	for _, p := range paths {
		if src, err := os.ReadFile(p); err == nil && len(src) <= maxSeedSize {
			f.Add(src)
		}
	}
	for _, s := range []string{
		"", "rule", "rule a {", "rule a { condition: (((((", `rule a { strings: $a = { 01 ( 02 | ( 03 | 04 ) ) [1-] 05 } condition: $a }`,
		`rule a { strings: $a = /a\/b/is condition: $a and "x" matches /y/ }`,
		`rule a { condition: for any i in (1,2) : ( for all j in (1..i) : ( 50% of them ) ) }`,
		"rule a { condition: - - - - - ~ ~ 1 }", "/*", "\"\\x", "{ 01 [",
	} {
		f.Add([]byte(s))
	}
}

// FuzzParse checks that arbitrary input never panics or hangs the parser,
// and that every diagnostic carries a valid position and a code.
func FuzzParse(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		file, errs := ParseFile(fset, "fuzz.yar", src, ParseComments)
		if file == nil {
			t.Fatal("nil file")
		}
		for _, e := range errs {
			if e.Code == "" || e.Message == "" {
				t.Fatalf("diagnostic without code or message: %+v", e)
			}
			if e.Pos.Line < 1 {
				t.Fatalf("diagnostic without position: %v", e)
			}
		}
		for _, d := range file.Decls {
			if d.End() < d.Pos() {
				t.Fatalf("%T: end before pos", d)
			}
		}
	})
}

// FuzzDumpStable checks that Dump is deterministic and that a file that
// parses cleanly yields the same dump when parsed again from the same bytes.
func FuzzDumpStable(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		file, errs := ParseFile(fset, "fuzz.yar", src, 0)
		if errs.HasErrors() {
			return
		}
		var a, b, c bytes.Buffer
		if err := Dump(&a, file); err != nil {
			t.Fatal(err)
		}
		if err := Dump(&b, file); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatal("Dump is not deterministic")
		}
		file2, _ := ParseFile(token.NewFileSet(), "fuzz.yar", src, ParseComments)
		if err := Dump(&c, file2); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), c.Bytes()) {
			t.Fatal("ParseComments changes the tree")
		}
	})
}

// BenchmarkParseYaraRules parses the whole yara-rules set through its index.
func BenchmarkParseYaraRules(b *testing.B) {
	root := testenv.RuleSet(b, "yara-rules")
	// Read every file once so the benchmark measures parsing, not the disk.
	cache := map[string][]byte{}
	read := func(path string) ([]byte, error) {
		if src, ok := cache[path]; ok {
			return src, nil
		}
		src, err := os.ReadFile(path)
		if err == nil {
			cache[path] = src
		}
		return src, err
	}
	if _, errs := Load(token.NewFileSet(), root, LoadOptions{ReadFile: read}); errs.HasErrors() {
		b.Fatal(errs)
	}
	var total int64
	for _, src := range cache {
		total += int64(len(src))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Load(token.NewFileSet(), root, LoadOptions{ReadFile: read})
	}
}
