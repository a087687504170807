package elf

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/modules/internal/tlsh"
)

// fn is a global, default-visibility function symbol named name.
func fn(name string) Symbol {
	return Symbol{Name: name, HasName: true, Info: stbGlobal<<4 | sttFunc}
}

func TestTelfhashInput(t *testing.T) {
	local := fn("local_fn")
	local.Info = sttFunc // STB_LOCAL
	object := fn("an_object")
	object.Info = stbGlobal<<4 | 1 // STT_OBJECT
	hidden := fn("hidden_fn")
	hidden.Other = 2 // STV_HIDDEN
	weak := fn("weak_fn")
	weak.Info = 2<<4 | sttFunc // STB_WEAK
	for _, c := range []struct {
		name string
		file *File
		want string // "" when nothing is selected
	}{
		{"not elf", nil, ""},
		{"no symbols", &File{}, ""},
		{"selection", &File{HasDynsym: true, Dynsym: []Symbol{
			{}, fn("Socket"), fn("connect"), local, object, hidden, weak, fn("_init"), fn(".hidden"),
			fn("strcpy"), fn("memset"), fn("fopen64"), fn("main"), fn("__libc_start_main"), fn("puts"),
			fn("abort"), fn("atol"), fn("malloc_trim"), fn("cachectl"), fn("cacheflush"), fn("connect"),
		}}, "connect,connect,socket"},
		{"dynsym preferred", &File{HasDynsym: true, Dynsym: []Symbol{fn("a")}, HasSymtab: true, Symtab: []Symbol{fn("b")}}, "a"},
		{"empty dynsym not replaced", &File{HasDynsym: true, HasSymtab: true, Symtab: []Symbol{fn("b")}}, ""},
		{"symtab without dynsym", &File{HasSymtab: true, Symtab: []Symbol{fn("b"), fn("a")}}, "a,b"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok := c.file.telfhashInput()
			if ok != (c.want != "") || got != c.want {
				t.Errorf("telfhashInput() = %q, %v; want %q", got, ok, c.want)
			}
		})
	}
}

func TestTelfhash(t *testing.T) {
	many := &File{HasDynsym: true}
	for _, n := range []string{"socket", "connect", "send", "recv", "fork", "execve", "kill", "getpid", "select",
		"bind", "listen", "accept", "time", "sleep", "rand", "srand", "open", "read", "write", "close"} {
		many.Dynsym = append(many.Dynsym, fn(n))
	}
	for _, c := range []struct {
		name string
		file *File
		want string // "" for undefined
	}{
		{"not elf", nil, ""},
		{"too few symbols", &File{HasDynsym: true, Dynsym: []Symbol{fn("socket"), fn("connect")}}, ""},
		// The digest of the 114-byte text "accept,bind,…,write", pinned from
		// the tlsh package (itself checked against Debian's tlsh).
		{"twenty symbols", many, "t1bfb09285a6b3a928aae7403ab0c883aa5106a66642960b500e4899a2e43a006400932b"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.file.telfhash()
			if r.Defined != (c.want != "") || r.Str != c.want {
				t.Errorf("telfhash() = %+v, want %q", r, c.want)
			}
		})
	}
}

// readelfText returns the telfhash text of the ELF file at path built
// from readelf's listing of its dynamic symbols, independently of this
// package's parser, or "" when readelf lists none.
func readelfText(t *testing.T, path string) string {
	out, err := exec.Command("readelf", "--dyn-syms", "-W", path).Output()
	if err != nil {
		t.Skipf("readelf: %v", err)
	}
	var names []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 8 || f[3] != "FUNC" || f[4] != "GLOBAL" || f[5] != "DEFAULT" {
			continue
		}
		name, _, _ := strings.Cut(f[7], "@")
		name = strings.ToLower(name)
		if !telfhashSkip(name) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

// TestTelfhashSystem checks telfhash() on the system's binaries against
// the digest Debian's tlsh tool gives for the text built from readelf's
// listing (skipped without readelf or tlsh).
func TestTelfhashSystem(t *testing.T) {
	tool, err := exec.LookPath("tlsh")
	if err != nil {
		t.Skip("tlsh not installed (apt-get install tlsh-tools)")
	}
	if _, err := exec.LookPath("readelf"); err != nil {
		t.Skip("readelf not installed")
	}
	dir := t.TempDir()
	compared := 0
	for _, path := range []string{"/bin/ls", "/bin/bash", "/usr/bin/yara", "/usr/bin/tlsh", "/bin/tar", "/usr/bin/gpg"} {
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			text := readelfText(t, path)
			if len(text) < 256 {
				t.Skipf("%d bytes of symbols: tlsh 3.4.4 needs 256", len(text))
			}
			txt := filepath.Join(dir, filepath.Base(path)+".txt")
			if err := os.WriteFile(txt, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(tool, "-f", txt).Output()
			if err != nil {
				t.Fatalf("tlsh: %v", err)
			}
			want, _, _ := strings.Cut(string(out), "\t")
			want = strings.ToLower(tlsh.Version + want)
			if r := Parse(data).telfhash(); !r.Defined || r.Str != want {
				t.Errorf("telfhash() = %+v, want %q", r, want)
			}
			compared++
		})
	}
	if compared == 0 {
		t.Skip("no system binary compared")
	}
}

// FuzzTelfhash parses arbitrary data and computes telfhash() and
// import_md5(): nothing may panic and a telfhash is always "t1" and 70
// lower-case hexadecimal digits. Seeds are system binaries when present.
func FuzzTelfhash(f *testing.F) {
	for _, p := range []string{"/bin/true", "/bin/ls", "/usr/lib/x86_64-linux-gnu/libz.so.1"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("\x7fELF\x02\x01\x01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := Parse(data)
		file.importMD5()
		r := file.telfhash()
		if r.Defined && (len(r.Str) != 72 || !strings.HasPrefix(r.Str, "t1") || strings.Trim(r.Str[2:], "0123456789abcdef") != "") {
			t.Fatalf("malformed telfhash %q", r.Str)
		}
	})
}
