package magic

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/yara/modules/object"
)

// fuzzSeedLimit bounds the bytes of each sample file used as a seed: the
// module only reads headers, so a prefix of a large file exercises it as
// well.
const fuzzSeedLimit = 4096

// moduleSeeds are headers of every format the module describes, near
// misses of each, and the edge values of their fields.
var moduleSeeds = [][]byte{
	elfHeader(1, 1, 2, 3, 0), elfHeader(2, 2, 4, 8, 9), elfHeader(3, 1, 3, 62, 0), elfHeader(2, 0, 3, 62, 255),
	[]byte("\x7fELF"),
	[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\xff\xff\xff\xff\xff\xff\xff\xff\x10\x06\x00\x00\x01"),
	[]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"),
	[]byte("GIF89a\xff\xff\xff\xff"), []byte("GIF87a"),
	[]byte("BZh0"), []byte("BZh9"),
	[]byte("\x1f\x8b\x08\x1e\xff\xff\xff\xff\x04\xffname\x00comment\x00"),
	[]byte("\x1f\x8b\x09\x08\x00\x00\x00\x00\x00\x0dunterminated"),
	[]byte("\xfd7zXZ\x00\x00\x00"), []byte("\xfd7zXZ\x00\x00\x01"), []byte("\xfd7zXZ\x00\x00\x0a"),
	[]byte("\x28\xb5\x2f\xfd\x00"), []byte("\x28\xb5\x2f\xfd\x03"),
	[]byte("7z\xbc\xaf\x27\x1c\xff\xff"), []byte("Rar!\x1a\x07"),
	[]byte("!<arch>\n"), []byte("!<arch>\n__.SYMDEF       "),
	append([]byte("dex\n039\x00"), make([]byte, 104)...), []byte("dex\n035\x00"),
	[]byte("%PDF-"), []byte("%PDF-2.0\n/Count 1"),
	[]byte("PK\x03\x04\x0a\x00\x00\x00\x00\x00"), []byte("PK\x03\x04\x14\x00\x00\x00\x0e\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x08\x00\x00\x00mimetype"),
	[]byte("PK\x05\x06"), {},
}

// FuzzModule loads the module on arbitrary data and calls its functions:
// nothing may panic, type() and mime_type() are defined together, and
// they agree with identify. Seeds are moduleSeeds and the first bytes of
// sample files of many formats when the machine has them.
func FuzzModule(f *testing.F) {
	for _, s := range moduleSeeds {
		f.Add(s)
	}
	paths, _ := filepath.Glob("/usr/share/clamav-testfiles/clam*")
	paths = append(paths, "/bin/ls", "/usr/lib/mono/4.5/cert-sync.exe")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b[:min(len(b), fuzzSeedLimit)])
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := Module.Load(&object.LoadInput{Data: data})
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		typ := root.Field(object.FieldIndex(Schema, "type")).Funcs[0](nil, root, nil)
		mime := root.Field(object.FieldIndex(Schema, "mime_type")).Funcs[0](nil, root, nil)
		if typ.Defined != mime.Defined {
			t.Fatalf("type() %+v and mime_type() %+v disagree on definedness", typ, mime)
		}
		wantTyp, wantMime, ok := identify(data)
		if typ.Defined != ok || typ.Str != wantTyp || mime.Str != wantMime {
			t.Fatalf("module gives %q, %q; identify %q, %q, %v", typ.Str, mime.Str, wantTyp, wantMime, ok)
		}
	})
}
