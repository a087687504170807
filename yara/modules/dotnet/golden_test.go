package dotnet

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/modules/console"
	"github.com/overt-sec/overt/yara/modules/internal/modtest"
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

// buildAssembly returns the assembly kept base64-encoded in
// testdata/hello.exe.b64 (no raw executables in the repository):
// testdata/hello.cs compiled by mono's mcs
// (mcs -out:hello.exe -resource:hello.cs,res1 hello.cs; base64 -w 76).
func buildAssembly() []byte { return readB64("hello.exe.b64") }

// classesAssembly returns testdata/classes.dll.b64: testdata/classes.cs
// compiled by mono's mcs (mcs -unsafe -langversion:experimental
// -target:library -out:classes.dll classes.cs; base64 -w 76), a library
// with interfaces, abstract, sealed, generic and nested classes, and
// methods with parameters of every kind of type C# can write.
func classesAssembly() []byte { return readB64("classes.dll.b64") }

// readB64 decodes a base64 file of testdata.
func readB64(name string) []byte {
	text, err := os.ReadFile(filepath.Join("testdata", name))
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
	for name, b := range hostileClasses(classesAssembly()) {
		m[name] = b
	}
	return m
}

// quote writes a string value as the console module logs it, quoted.
func quote(s string) string { return fmt.Sprintf("%q", console.Escape(s)) }

// dump returns the sorted field lines of the module for data.
func dump(t *testing.T, data []byte) string {
	v, err := Module.Load(&object.LoadInput{Data: data})
	if err != nil {
		t.Fatal(err)
	}
	lines := modtest.Dump(nil, "", v, &types.Type{Kind: types.Structure, Struct: Schema}, quote)
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

func TestGolden(t *testing.T) {
	modtest.CheckGoldenFiles(t, testImages(), dump)
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
