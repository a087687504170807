package arj

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
)

const marker = "OVERT-ARJ-MARKER"

// sample is compressible text with far back references, a marker and
// some incompressible bytes.
func sample() []byte {
	var b bytes.Buffer
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 400; i++ {
		fmt.Fprintf(&b, "record %d of a long text that repeats itself; ", i%37)
		if i%50 == 0 {
			for k := 0; k < 64; k++ {
				b.WriteByte(byte(rng.Uint32()))
			}
		}
	}
	b.WriteString(marker)
	b.Write(bytes.Repeat([]byte{'z'}, 700)) // a run: overlapping matches
	return b.Bytes()
}

func TestExtract(t *testing.T) {
	s := sample()
	lit := []byte("no repeats: " + marker)
	type want struct {
		path string
		data []byte
	}
	tests := []struct {
		name   string
		arc    []byte
		want   []want
		events []content.EventKind
	}{
		{"stored", mkARJ(arjFile{name: "dir\\a.txt", data: s}), []want{{"a.arj!dir/a.txt", s}}, nil},
		{"method1", mkARJ(arjFile{name: "m1.bin", data: s, method: 1}), []want{{"a.arj!m1.bin", s}}, nil},
		{"method2-small-blocks", mkARJ(arjFile{name: "m2.bin", data: s, method: 2, block: 7}), []want{{"a.arj!m2.bin", s}}, nil},
		{"method3-literals", mkARJ(arjFile{name: "m3.bin", data: lit, method: 3}), []want{{"a.arj!m3.bin", lit}}, nil},
		{"method4", mkARJ(arjFile{name: "m4.bin", data: s, method: 4}), []want{{"a.arj!m4.bin", s}}, nil},
		{"empty", mkARJ(arjFile{name: "e", method: 1}), []want{{"a.arj!e", []byte{}}}, nil},
		{"ext-header-and-dir", mkARJ(arjFile{name: "d", typ: 3}, arjFile{name: "x", data: lit, ext: []byte("extension")}),
			[]want{{"a.arj!x", lit}}, nil},
		{"garbled", mkARJ(arjFile{name: "g", data: lit, flags: flagGarbled}, arjFile{name: "ok", data: lit, method: 1}),
			[]want{{"a.arj!ok", lit}}, []content.EventKind{content.EventEncrypted}},
		{"unknown-method", mkARJ(arjFile{name: "u", data: lit, method: 9}), nil, []content.EventKind{content.EventUnsupported}},
		{"bad-crc", mkARJ(arjFile{name: "c", data: lit, method: 4, badCRC: true}), []want{{"a.arj!c", lit}}, []content.EventKind{content.EventCorrupt}},
		{"truncated", func() []byte { a := mkARJ(arjFile{name: "t", data: s, method: 1}); return a[:len(a)-40] }(),
			nil, []content.EventKind{content.EventCorrupt}},
		{"damaged-stream", func() []byte {
			a := mkARJ(arjFile{name: "t", data: s, method: 1})
			for i := 120; i < 160; i++ {
				a[i] = 0xFF
			}
			return a
		}(), nil, []content.EventKind{content.EventCorrupt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ev := walk(t, tt.arc)
			for _, w := range tt.want {
				if d, ok := got[w.path]; !ok || !bytes.Equal(d, w.data) {
					t.Errorf("%s: got %d bytes (present %v), want %d", w.path, len(d), ok, len(w.data))
				}
			}
			if len(got) != len(tt.want) && tt.want != nil {
				t.Errorf("got %d objects, want %d", len(got), len(tt.want))
			}
			if !slices.Equal(ctest.Kinds(ev), tt.events) {
				t.Errorf("events %v, want kinds %v", ev, tt.events)
			}
		})
	}
}

// TestEncoderCompresses guards the test encoder: the decoders must be
// given real back references.
func TestEncoderCompresses(t *testing.T) {
	s := sample()
	if n := len(encodeLZH(s, 1000)); n > len(s)/3 {
		t.Errorf("lzh: %d bytes from %d", n, len(s))
	}
	if n := len(encodeFastest(s)); n > len(s)/3 {
		t.Errorf("fastest: %d bytes from %d", n, len(s))
	}
}

func TestSniff(t *testing.T) {
	a := mkARJ(arjFile{name: "x", data: []byte("x")})
	if Sniff(a, "") == nil {
		t.Fatal("archive not recognised")
	}
	b := append([]byte(nil), a...)
	b[10] ^= 1 // header CRC no longer matches
	if Sniff(b, "") != nil {
		t.Error("archive with a bad main header CRC recognised")
	}
	if Sniff([]byte{idLo, idHi, 0, 0}, "") != nil {
		t.Error("end marker recognised as an archive")
	}
}

func FuzzExtract(f *testing.F) {
	s := sample()[:3000]
	f.Add(mkARJ(arjFile{name: "a", data: s, method: 1, block: 50}))
	f.Add(mkARJ(arjFile{name: "b", data: s, method: 4}))
	f.Add(mkARJ(arjFile{name: "c", data: []byte("literal only"), method: 2}))
	f.Add(mkARJ(arjFile{name: "d", data: s}, arjFile{name: "e", typ: 3, ext: []byte{1, 2}}))
	ctest.AddClamAV(f, "clam.arj")
	lim := content.Limits{MaxExpanded: 8 << 20, MaxObject: 4 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctest.FuzzWalk(t, content.Walker{Sniff: Sniff, Limits: lim}, data)
	})
}

// FuzzDecode feeds raw streams to the decoders, past the header CRCs that
// keep FuzzExtract's mutations from reaching them.
func FuzzDecode(f *testing.F) {
	s := sample()[:2000]
	f.Add(encodeLZH(s, 40), false)
	f.Add(encodeLZH([]byte("literals"), 100), false)
	f.Add(encodeFastest(s), true)
	f.Fuzz(func(t *testing.T, data []byte, fastest bool) {
		d := newDecoder(bytes.NewReader(data), 1<<20, fastest)
		buf := make([]byte, 4096)
		for total := 0; total < 1<<20; {
			n, err := d.Read(buf)
			total += n
			if err != nil {
				return
			}
			if n == 0 {
				t.Fatal("Read returned 0, nil")
			}
		}
	})
}

// TestBomb checks that blocks of zero-bit codes, each expanding a few
// bytes into 65,535, stop at the budget's limit.
func TestBomb(t *testing.T) {
	var w bitWriter
	for i := 0; i < 200; i++ {
		w.put(0xFFFF, 16) // symbols in the block
		w.put(0, bitsT)   // t table: one symbol,
		w.put(0, bitsT)   // symbol 0 (unused)
		w.put(0, bitsC)   // c table: one symbol,
		w.put('A', bitsC) // the literal 'A'
		w.put(0, bitsP)   // p table: one symbol,
		w.put(0, bitsP)   // 0
	}
	comp := w.bytes()
	arc := append(basicHeader(2, 0, 0, 0, 0, 0, "test.arj", nil), basicHeader(0, 1, 0, uint32(len(comp)), 0xFFFFFFFF, 0, "bomb", nil)...)
	arc = append(append(arc, comp...), idLo, idHi, 0, 0)
	wk := content.Walker{Sniff: Sniff, Limits: content.Limits{MaxExpanded: 1 << 20}}
	ev, err := wk.Walk(context.Background(), "a.arj", bytes.NewReader(arc), int64(len(arc)), func([]string, []byte) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(ev) == 0 || ev[0].Kind != content.EventLimit {
		t.Errorf("events %v, want a limit", ev)
	}
}
