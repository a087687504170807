package szdd

import (
	"bytes"
	"encoding/binary"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
)

// marker is the payload the tests look for.
const marker = "OVERT-SZDD-MARKER"

// compress encodes data with COMPRESS.EXE's LZSS: a greedy search of the
// whole window for the longest match (slow, but test inputs are small).
func compress(data []byte) []byte {
	var win [windowSize]byte
	for i := range win {
		win[i] = windowFill
	}
	pos := startPos
	var out []byte
	for i := 0; i < len(data); {
		ctl := len(out)
		out = append(out, 0)
		for bit := 0; bit < 8 && i < len(data); bit++ {
			bestLen, bestAt := 0, 0
			for at := 0; at < windowSize; at++ {
				l := 0
				// The match may overlap the bytes it produces: the
				// decoder copies one byte at a time, so a source byte
				// d places past the write position is data[i+d].
				for l < 18 && i+l < len(data) {
					src := (at + l) % windowSize
					var c byte
					if d := (src - pos + windowSize) % windowSize; d < l {
						c = data[i+d]
					} else {
						c = win[src]
					}
					if c != data[i+l] {
						break
					}
					l++
				}
				if l > bestLen {
					bestLen, bestAt = l, at
				}
			}
			n := 1
			if bestLen >= minMatch {
				out = append(out, byte(bestAt), byte(bestAt>>4&0xF0)|byte(bestLen-minMatch))
				n = bestLen
			} else {
				out[ctl] |= 1 << bit
				out = append(out, data[i])
			}
			for k := 0; k < n; k++ {
				win[pos] = data[i+k]
				pos = (pos + 1) % windowSize
			}
			i += n
		}
	}
	return out
}

func mkSZDD(data []byte) []byte {
	h := append([]byte(nil), szddMagic...)
	h = append(h, 'A', 'E')
	h = binary.LittleEndian.AppendUint32(h, uint32(len(data)))
	return append(h, compress(data)...)
}

func mkKWAJ(method uint16, body []byte) []byte {
	h := append([]byte(nil), kwajMagic...)
	h = binary.LittleEndian.AppendUint16(h, method)
	h = binary.LittleEndian.AppendUint16(h, kwajHeader+4)
	h = binary.LittleEndian.AppendUint16(h, 1) // flag: decompressed length follows
	h = binary.LittleEndian.AppendUint32(h, 0)
	return append(h, body...)
}

func payload() []byte {
	var b bytes.Buffer
	b.WriteString("    leading spaces match the pre-filled window\n")
	for i := 0; i < 300; i++ {
		b.WriteString("line of text repeated to make matches ")
		b.WriteByte(byte('a' + i%26))
	}
	b.WriteString(marker)
	return b.Bytes()
}

type walked struct {
	objects map[string][]byte
	events  []content.Event
}

func walk(t *testing.T, data []byte) walked {
	objects, events := ctest.WalkSniff(t, Sniff, "x.ex_", data)
	return walked{objects, events}
}

func TestExtract(t *testing.T) {
	p := payload()
	xored := append([]byte(nil), p...)
	for i := range xored {
		xored[i] ^= 0xFF
	}
	tests := []struct {
		name   string
		data   []byte
		want   []byte // content of x.ex_, nil if none
		events []content.EventKind
	}{
		{"szdd", mkSZDD(p), p, nil},
		{"szdd-empty", mkSZDD(nil), []byte{}, nil},
		{"szdd-truncated", mkSZDD(p)[:200], nil, []content.EventKind{content.EventCorrupt}},
		{"szdd-mode-b", append(append(append([]byte(nil), szddMagic...), 'B', 0, 0, 0, 0, 0), 1, 2, 3), nil, []content.EventKind{content.EventUnsupported}},
		{"kwaj-stored", mkKWAJ(kwajStored, p), p, nil},
		{"kwaj-xor", mkKWAJ(kwajXOR, xored), p, nil},
		{"kwaj-lzss", mkKWAJ(kwajLZSS, compress(p)), p, nil},
		{"kwaj-mszip", mkKWAJ(kwajMSZIP, []byte("CK...")), nil, []content.EventKind{content.EventUnsupported}},
		{"kwaj-bad-offset", func() []byte { d := mkKWAJ(0, p); d[10], d[11] = 0xFF, 0xFF; return d }(), nil, []content.EventKind{content.EventCorrupt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := walk(t, tt.data)
			d, ok := got.objects["x.ex_"]
			if tt.want != nil && !bytes.Equal(d, tt.want) {
				t.Errorf("content: got %d bytes (ok=%v), want %d", len(d), ok, len(tt.want))
			}
			if tt.want == nil && tt.name == "szdd-truncated" && bytes.Contains(d, []byte(marker)) {
				t.Errorf("truncated file yielded the marker")
			}
			kinds := ctest.Kinds(got.events)
			if len(kinds) != len(tt.events) || (len(kinds) > 0 && kinds[0] != tt.events[0]) {
				t.Errorf("events %v, want kinds %v", got.events, tt.events)
			}
		})
	}
}

// TestCompressRoundTrip guards the test encoder itself: the window
// references it emits must be the ones the decoder resolves.
func TestCompressRoundTrip(t *testing.T) {
	for _, in := range []string{"", "a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "       x       ", "abcabcabcabcabcabd"} {
		got := walk(t, mkSZDD([]byte(in))).objects["x.ex_"]
		if string(got) != in {
			t.Errorf("%q: decoded %q", in, got)
		}
	}
	if n := len(compress(payload())); n > len(payload())/4 {
		t.Errorf("test encoder finds too few matches: %d bytes from %d", n, len(payload()))
	}
}

func TestClamAV(t *testing.T) {
	exe, data := ctest.ClamAV(t, "clam.exe.szdd")
	got := walk(t, data)
	if !bytes.Equal(got.objects["x.ex_"], exe) {
		t.Errorf("clam.exe.szdd: got %d bytes, want clam.exe (%d bytes); events %v", len(got.objects["x.ex_"]), len(exe), got.events)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(mkSZDD(payload()))
	f.Add(mkSZDD([]byte("aaaaaaaaaaaaaaaaaaaaaaaa")))
	f.Add(mkKWAJ(kwajLZSS, compress([]byte("hello hello hello"))))
	f.Add(mkKWAJ(kwajXOR, []byte{1, 2, 3}))
	ctest.AddClamAV(f, "clam.exe.szdd")
	lim := content.Limits{MaxExpanded: 8 << 20, MaxObject: 4 << 20}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctest.FuzzWalk(t, content.Walker{Sniff: Sniff, Limits: lim}, data)
	})
}
