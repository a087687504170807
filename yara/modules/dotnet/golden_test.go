package dotnet

import (
	"encoding/base64"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/modules/console"
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// buildAssembly returns the assembly kept base64-encoded in
// testdata/hello.exe.b64 (no raw executables in the repository):
// testdata/hello.cs compiled by mono's mcs
// (mcs -out:hello.exe -resource:hello.cs,res1 hello.cs; base64 -w 76).
func buildAssembly() []byte {
	text, err := os.ReadFile(filepath.Join("testdata", "hello.exe.b64"))
	if err != nil {
		panic(err)
	}
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(text)), ""))
	if err != nil {
		panic(err)
	}
	return b
}

// testImages returns the samples by name: the assembly and damaged
// variants of it.
func testImages() map[string][]byte {
	good := buildAssembly()
	m := map[string][]byte{
		"hello.exe":     good,
		"truncated.exe": good[:0x500],
		"headers.exe":   good[:0x200],
	}
	a := parseAssembly(good)
	patch := func(name string, off int64, v ...byte) {
		b := append([]byte(nil), good...)
		copy(b[off:], v)
		m[name] = b
	}
	patch("bad-magic.exe", a.root, 'X')
	patch("many-streams.exe", a.root+rootFixedSize+int64(len(a.version))+4, 0xff, 0xff)
	patch("huge-rows.exe", a.tilde.off+24, 0xff, 0xff, 0xff, 0x7f)
	patch("wide-heaps.exe", a.tilde.off+6, 7)
	return m
}

// dumpValue writes "path = value" lines for every defined field under v.
func dumpValue(out *[]string, path string, v *object.Value, t *types.Type) {
	if v == nil {
		return
	}
	switch v.Kind {
	case types.Integer:
		*out = append(*out, fmt.Sprintf("%s = %d", path, v.Int))
	case types.String:
		*out = append(*out, fmt.Sprintf("%s = %q", path, console.Escape(v.Str)))
	case types.Structure:
		for i, f := range t.Struct.Fields {
			if f.Const != nil || i >= len(v.Fields) {
				continue
			}
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			dumpValue(out, p, v.Fields[i], f.Type)
		}
	case types.Array:
		for i, e := range v.Elems {
			dumpValue(out, fmt.Sprintf("%s[%03d]", path, i), e, t.Elem)
		}
	}
}

func TestGolden(t *testing.T) {
	imgs := testImages()
	names := make([]string, 0, len(imgs))
	for n := range imgs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			v, err := Module.Load(&object.LoadInput{Data: imgs[name]})
			if err != nil {
				t.Fatal(err)
			}
			var lines []string
			dumpValue(&lines, "", v, &types.Type{Kind: types.Structure, Struct: Schema})
			sort.Strings(lines)
			got := strings.Join(lines, "\n") + "\n"
			golden := filepath.Join("testdata", strings.TrimSuffix(name, filepath.Ext(name))+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update)", err)
			}
			if got != string(want) {
				t.Errorf("dump differs from %s (run with -update to accept):\n%s", golden, got)
			}
		})
	}
}

// WriteTestImages writes testImages into dir and returns their paths.
func WriteTestImages(t testing.TB, dir string) []string {
	var out []string
	for name, b := range testImages() {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}
