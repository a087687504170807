package nsis

import (
	"bytes"
	"context"
	"encoding/binary"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
	"github.com/overt-sec/overt/content/exe/internal/petest"
	"github.com/overt-sec/overt/content/internal/ctest"
)

// run extracts the PE in data with the handler and returns the objects by
// name (in order) and the events.
func run(t testing.TB, data []byte) (handled bool, names []string, objs map[string][]byte, events []content.Event) {
	return petest.Run(t, Extract, data)
}

var (
	marker = []byte("OVERT-NSIS-MARKER " + strings.Repeat("payload ", 200))
	other  = []byte("second file, not named by the script")
)

func TestExtract(t *testing.T) {
	tests := []struct {
		name   string
		script script
		method method
		solid  bool
		want   []string // object names in order
	}{
		{"deflate blocks", script{files: []string{`$INSTDIR\dir\marker.txt`}}, methodDeflate, false, []string{"#header", "$INSTDIR/dir/marker.txt", "#block-1"}},
		{"lzma blocks", script{files: []string{"marker.txt"}}, methodLZMA, false, []string{"#header", "marker.txt", "#block-1"}},
		{"lzma blocks with filter flag", script{files: []string{"marker.txt"}}, methodLZMAFlag, false, []string{"#header", "marker.txt", "#block-1"}},
		{"deflate solid", script{files: []string{"a/../marker.txt"}}, methodDeflate, true, []string{"#header", "a/marker.txt", "#block-1"}},
		{"lzma solid", script{files: []string{"marker.txt"}}, methodLZMA, true, []string{"#header", "marker.txt", "#block-1"}},
		{"unicode names", script{files: []string{"dossier\\marqué.txt"}, wide: true}, methodLZMA, false, []string{"#header", "dossier/marqué.txt", "#block-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pe := installer(tt.script, [][]byte{marker, other}, tt.method, tt.solid)
			objs := petest.RunClean(t, Extract, pe, tt.want)
			if !bytes.Equal(objs[tt.want[1]], marker) {
				t.Errorf("%s: got %d bytes, want the marker file", tt.want[1], len(objs[tt.want[1]]))
			}
			if !bytes.Equal(objs["#block-1"], other) {
				t.Errorf("#block-1 = %q", objs["#block-1"])
			}
			if !bytes.Contains(objs["#header"], []byte("marker")) && !tt.script.wide {
				t.Errorf("#header does not hold the names")
			}
		})
	}
}

func TestNotNSIS(t *testing.T) {
	for _, tc := range []struct {
		name string
		pe   []byte
	}{
		{"no overlay", buildPE(nil)},
		{"other overlay", buildPE([]byte(strings.Repeat("not an installer ", 10)))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			handled, names, _, events := run(t, tc.pe)
			if handled || len(names) != 0 || len(events) != 0 {
				t.Errorf("handled=%v names=%q events=%v", handled, names, events)
			}
		})
	}
}

func TestDamaged(t *testing.T) {
	good := installer(script{files: []string{"marker.txt"}}, [][]byte{marker, other}, methodLZMA, false)
	solid := installer(script{files: []string{"marker.txt"}}, [][]byte{marker, other}, methodDeflate, true)
	bz := installer(script{files: []string{"marker.txt"}}, [][]byte{marker}, methodDeflate, false)
	// Make every block look like NSIS's bzip2 by its signature.
	bzi := bytes.Index(bz, []byte(magic)) + len(magic) + 8 + 4
	copy(bz[bzi:], "\x31\x41\x59\x26\x53\x59")
	tests := []struct {
		name string
		pe   []byte
		kind content.EventKind
	}{
		{"truncated in a block", good[:len(good)-40], content.EventCorrupt},
		{"truncated solid stream", solid[:len(solid)-20], content.EventCorrupt},
		{"archive length past the end", good[:0x400+firstHeaderLen+8], content.EventCorrupt},
		{"bzip2", bz, content.EventUnsupported},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			handled, _, _, events := run(t, tt.pe)
			if !handled {
				t.Fatal("not handled")
			}
			if !ctest.HasKind(events, tt.kind) {
				t.Errorf("events = %v, want one of kind %v", events, tt.kind)
			}
		})
	}
}

func TestSniffMethod(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want method
	}{
		{"lzma", []byte{0x5d, 0, 0, 0x80, 0, 0}, methodLZMA},
		{"lzma flag 0", []byte{0, 0x5d, 0, 0, 0x80, 0}, methodLZMAFlag},
		{"lzma flag 1", []byte{1, 0x5d, 0, 0, 0x80, 0}, methodLZMAx86},
		{"odd dictionary is deflate", []byte{0x5d, 1, 0, 0x80, 0, 0}, methodDeflate},
		{"bzip2", []byte("\x31\x41\x59\x26\x53\x59"), methodBzip2},
		{"short", []byte{0x5d}, methodDeflate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sniffMethod(tt.in); got != tt.want {
				t.Errorf("sniffMethod(% x) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	for _, m := range []method{methodDeflate, methodLZMA} {
		for _, solid := range []bool{false, true} {
			f.Add(installer(script{files: []string{"a.txt"}}, [][]byte{marker[:64], other}, m, solid)[0x400:])
		}
	}
	f.Add(installer(script{files: []string{"a"}, wide: true}, [][]byte{other}, methodLZMA, false)[0x400:])
	f.Fuzz(func(t *testing.T, overlay []byte) {
		pe := buildPE(overlay)
		f, err := exe.Parse(bytes.NewReader(pe), int64(len(pe)))
		if err != nil {
			t.Fatal(err)
		}
		b := content.NewBudget(content.Limits{MaxExpanded: 8 << 20}, int64(len(pe)))
		Extract(context.Background(), f, b, func(name string, rd io.Reader) error {
			_, err := io.Copy(io.Discard, io.LimitReader(rd, 1<<20))
			return err
		})
	})
}

// TestLZMADictionaryGrowth checks a block referring back further than the
// first dictionary is decoded again with a larger one.
func TestLZMADictionaryGrowth(t *testing.T) {
	rnd := make([]byte, 9*firstLZMADict)
	x := uint32(1)
	for i := range rnd {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		rnd[i] = byte(x)
	}
	data := append(append([]byte(nil), rnd...), rnd...)
	c := compressDict(data, 4<<20)
	src := io.NewSectionReader(bytes.NewReader(c), 0, int64(len(c)))
	r, err := decompressor(methodLZMA, src, -1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %d bytes: %v", len(got), err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("got %d bytes, want %d equal", len(got), len(data))
	}
	if ls := r.(*lzmaStream); ls.dict <= firstLZMADict {
		t.Errorf("dictionary %d: did not grow", ls.dict)
	}
}

// TestManyDictionaries checks thousands of tiny blocks declaring the
// largest dictionary do not each allocate it.
func TestManyDictionaries(t *testing.T) {
	le := binary.LittleEndian
	hdr := compress(methodLZMA, make([]byte, 100))
	body := le.AppendUint32(nil, uint32(len(hdr))|flagCompressed)
	body = append(body, hdr...)
	for range 2000 {
		blk := []byte{0x5d, 0, 0, 0, 0x08, 0, 0, 0, 0, 0, 0}
		body = le.AppendUint32(body, uint32(len(blk))|flagCompressed)
		body = append(body, blk...)
	}
	fh := make([]byte, firstHeaderLen)
	le.PutUint32(fh[4:], signature)
	copy(fh[8:], magic)
	le.PutUint32(fh[20:], 100)
	le.PutUint32(fh[24:], uint32(firstHeaderLen+len(body)))
	start := time.Now()
	_, names, _, _ := run(t, buildPE(append(fh, body...)))
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("%d blocks took %v", len(names), d)
	}
	if len(names) != 2001 {
		t.Errorf("%d objects, want 2001", len(names))
	}
}
