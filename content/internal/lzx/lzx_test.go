package lzx

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"math/rand"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content/internal/lzx/lzxtest"
)

// decodeAll decodes a stream of length bytes in FrameSize frames.
func decodeAll(stream []byte, windowBits, resetFrames, length int) ([]byte, error) {
	r, err := NewReader(bytes.NewReader(stream), windowBits, resetFrames, int64(length))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}

// storedStream builds by hand a stream of one uncompressed block holding
// data, E8 translation off.
func storedStream(data []byte) []byte {
	n := uint32(len(data))
	// 1 header bit (0), 3 bits of type (3), 24 bits of size, 4 bits to align.
	v := uint64(3)<<28 | uint64(n)<<4
	out := []byte{byte(v >> 16), byte(v >> 24), byte(v), byte(v >> 8)}
	for range 3 {
		out = binary.LittleEndian.AppendUint32(out, 1)
	}
	out = append(out, data...)
	if len(data)%2 == 1 {
		out = append(out, 0)
	}
	return out
}

func TestStoredByHand(t *testing.T) {
	for _, s := range []string{"hello", "even", strings.Repeat("x", 40000)} {
		got, err := decodeAll(storedStream([]byte(s)), 16, 0, len(s))
		if err != nil || string(got) != s {
			t.Errorf("%.10q: got %.10q, %v", s, got, err)
		}
	}
}

// sample returns n bytes of compressible data with some E8 bytes.
func sample(n int, seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	words := []string{"alpha ", "beta ", "gamma ", "delta ", "\xe8\x10\x00\x00\x00", "\xe8\xf0\xff\xff\xff", "epsilon\n", "ZZZZZZZZZZZZ"}
	var b bytes.Buffer
	for b.Len() < n {
		if rng.Intn(10) == 0 {
			b.WriteByte(byte(rng.Intn(256)))
			continue
		}
		b.WriteString(words[rng.Intn(len(words))])
	}
	return b.Bytes()[:n]
}

func TestRoundTrip(t *testing.T) {
	long := bytes.Repeat([]byte("abcdefghij"), 30000) // long matches, overruns
	rnd := make([]byte, 70000)
	rand.New(rand.NewSource(7)).Read(rnd)
	// Random bytes repeated 1 MiB and more later: offsets in the last
	// position slots, with 17 extra bits.
	far := make([]byte, 1100000)
	rand.New(rand.NewSource(8)).Read(far[:1000000])
	copy(far[1000000:], far[:100000])
	far = append(far, far[:500000]...)
	tests := []struct {
		name string
		data []byte
		o    lzxtest.Options
	}{
		{"literals", []byte("hello, world"), lzxtest.Options{WindowBits: 15, Literals: true}},
		{"verbatim small", []byte("hello hello hello hello world"), lzxtest.Options{WindowBits: 15}},
		{"verbatim frames", sample(200000, 1), lzxtest.Options{WindowBits: 16}},
		{"aligned", sample(150000, 2), lzxtest.Options{WindowBits: 17, Kinds: []int{lzxtest.Aligned}}},
		{"uncompressed odd", sample(70001, 3), lzxtest.Options{WindowBits: 15, Kinds: []int{lzxtest.Uncompressed}, BlockSize: 9999}},
		{"mixed blocks", sample(300000, 4), lzxtest.Options{WindowBits: 18, BlockSize: 12345,
			Kinds: []int{lzxtest.Verbatim, lzxtest.Uncompressed, lzxtest.Aligned, lzxtest.Aligned, lzxtest.Uncompressed}}},
		{"e8", sample(100000, 5), lzxtest.Options{WindowBits: 16, E8Size: 12000000}},
		{"e8 small size", sample(100000, 6), lzxtest.Options{WindowBits: 21, E8Size: 5000, Kinds: []int{lzxtest.Aligned}}},
		{"long matches", long, lzxtest.Options{WindowBits: 19}},
		{"long matches window 15", long, lzxtest.Options{WindowBits: 15}},
		{"random", rnd, lzxtest.Options{WindowBits: 20}},
		{"far matches", far, lzxtest.Options{WindowBits: 21, Kinds: []int{lzxtest.Verbatim, lzxtest.Aligned}, BlockSize: 100000}},
		{"far matches window 20", far[:1100000], lzxtest.Options{WindowBits: 20, Kinds: []int{lzxtest.Aligned}}},
		{"resets", sample(300000, 8), lzxtest.Options{WindowBits: 16, ResetFrames: 2, E8Size: 1 << 20}},
		{"resets mixed", sample(200000, 9), lzxtest.Options{WindowBits: 17, ResetFrames: 4, BlockSize: 20000,
			Kinds: []int{lzxtest.Aligned, lzxtest.Uncompressed}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := lzxtest.Encode(tt.data, tt.o)
			got, err := decodeAll(enc.Stream, tt.o.WindowBits, tt.o.ResetFrames, len(tt.data))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !bytes.Equal(got, tt.data) {
				i := 0
				for i < len(got) && i < len(tt.data) && got[i] == tt.data[i] {
					i++
				}
				t.Fatalf("output differs at byte %d of %d (got %d bytes)", i, len(tt.data), len(got))
			}
			if len(tt.data) > 1000 && len(enc.Stream) >= len(tt.data) && tt.name != "random" && tt.name != "literals" && !strings.HasPrefix(tt.name, "uncompressed") {
				t.Errorf("no compression: %d bytes from %d", len(enc.Stream), len(tt.data))
			}
		})
	}
}

// TestFrames decodes frame by frame with the sizes a cabinet gives, and
// checks each frame's bits end where the encoder put them.
func TestFrames(t *testing.T) {
	data := sample(100000, 11)
	enc := lzxtest.Encode(data, lzxtest.Options{WindowBits: 17, Kinds: []int{lzxtest.Verbatim, lzxtest.Aligned}, BlockSize: 40000})
	if len(enc.FrameEnds) != 4 {
		t.Fatalf("%d frames", len(enc.FrameEnds))
	}
	// Feed the frames as separate slices through one reader, as CFDATA blocks.
	d, err := NewDecoder(bytes.NewReader(enc.Stream), 17, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []byte
	for off := 0; off < len(data); off += FrameSize {
		f, err := d.Frame(min(FrameSize, len(data)-off))
		if err != nil {
			t.Fatalf("frame at %d: %v", off, err)
		}
		got = append(got, f...)
	}
	if !bytes.Equal(got, data) {
		t.Error("output differs")
	}
	if d.Offset() != int64(len(data)) {
		t.Errorf("offset %d", d.Offset())
	}
}

func TestErrors(t *testing.T) {
	good := lzxtest.Encode(sample(50000, 12), lzxtest.Options{WindowBits: 16}).Stream
	tests := []struct {
		name   string
		stream []byte
		window int
		length int
		want   string
	}{
		{"bad window", good, 22, 10, "outside"},
		{"empty input", nil, 16, 10, "ends early"},
		{"truncated", good[:len(good)/2], 16, 50000, "ends early"},
		{"block type 0", []byte{0x00, 0x00, 0, 0, 0, 0}, 16, 10, "invalid block type 0"},
		{"block type 7", []byte{0x00, 0x70, 0, 0, 0, 0}, 16, 10, "invalid block type 7"},
		{"stored past end", storedStream([]byte("abc"))[:17], 16, 3, "ends early"},
		{"over-subscribed pretree", append([]byte{0x00, 0x10, 0x00, 0x10}, bytes.Repeat([]byte{0x11}, 20)...), 16, 16, "over-subscribed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeAll(tt.stream, tt.window, 0, tt.length)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if tt.window <= MaxWindowBits && !errors.Is(err, ErrCorrupt) {
				t.Errorf("%v does not wrap ErrCorrupt", err)
			}
		})
	}
}

// TestSticky checks an error stays.
func TestSticky(t *testing.T) {
	d, _ := NewDecoder(bytes.NewReader([]byte{0, 0x70, 0, 0}), 15, 0)
	_, err1 := d.Frame(10)
	_, err2 := d.Frame(10)
	if err1 == nil || err1 != err2 {
		t.Errorf("errors %v, %v", err1, err2)
	}
	if _, err := d.Frame(FrameSize + 1); err == nil {
		t.Error("oversized frame accepted")
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(storedStream([]byte("hello")), uint8(16), uint8(0))
	f.Add(lzxtest.Encode(sample(3000, 1), lzxtest.Options{WindowBits: 15}).Stream, uint8(15), uint8(0))
	f.Add(lzxtest.Encode(sample(3000, 2), lzxtest.Options{WindowBits: 16, Kinds: []int{lzxtest.Aligned}, E8Size: 1000}).Stream, uint8(16), uint8(0))
	f.Add(lzxtest.Encode(sample(70000, 3), lzxtest.Options{WindowBits: 15, ResetFrames: 1, BlockSize: 3000,
		Kinds: []int{lzxtest.Verbatim, lzxtest.Uncompressed, lzxtest.Aligned}}).Stream, uint8(15), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, wb, reset uint8) {
		bits := MinWindowBits + int(wb)%(MaxWindowBits-MinWindowBits+1)
		d, err := NewDecoder(bytes.NewReader(data), bits, int(reset%4))
		if err != nil {
			t.Fatal(err)
		}
		// Bounded output: at most 8 frames, each checked for its size.
		for range 8 {
			f, err := d.Frame(FrameSize)
			if err != nil {
				return
			}
			if len(f) != FrameSize {
				t.Fatalf("frame of %d bytes", len(f))
			}
		}
	})
}
