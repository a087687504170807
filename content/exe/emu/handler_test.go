package emu

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
	"github.com/overt-sec/overt/content/exe/internal/petest"
	"github.com/overt-sec/overt/content/internal/ctest"
)

const marker = "OVERT-EMU-MARKER-7f3a"

// xorKey is the key of buildPacked's toy packer.
const xorKey = 0x5a

// testSection is a section of a generated PE.
type testSection struct {
	name  string
	va    uint32
	data  []byte // raw data (file alignment 0x200)
	chars uint32
}

// buildPE lays out a minimal i386 PE: image base 0x400000, section and
// file alignment 0x1000/0x200, headers in the first 0x200 bytes.
func buildPE(entry uint32, secs []testSection) []byte {
	im := petest.Image{Entry: entry, Characteristics: 0x102}
	for _, s := range secs {
		im.Sections = append(im.Sections, petest.Section{Name: s.name, VA: s.va, Data: s.data, Chars: s.chars})
	}
	return im.Bytes()
}

// buildPacked builds a toy packed program: .text holds code and a marker
// XOR-encrypted; the entry point, in a writable last section, decrypts
// .text and jumps to it; the decrypted code returns.
func buildPacked() []byte {
	plain := append([]byte{0xc3}, marker...) // ret, then the marker
	enc := make([]byte, len(plain))
	for i, c := range plain {
		enc[i] = c ^ xorKey
	}
	n := uint32(len(plain))
	stub := []byte{
		0xbe, 0x00, 0x10, 0x40, 0x00, // mov esi, 0x401000
		0xb9, byte(n), byte(n >> 8), 0, 0, // mov ecx, n
		0x80, 0x36, xorKey, // xor byte [esi], key
		0x46,       // inc esi
		0xe2, 0xfa, // loop
		0xb8, 0x00, 0x10, 0x40, 0x00, // mov eax, 0x401000
		0xff, 0xe0, // jmp eax
	}
	return buildPE(0x2000, []testSection{
		{".text", 0x1000, enc, 0x60000020},
		{".stub", 0x2000, stub, 0xe0000020},
	})
}

// walk runs the emu handler (through exe's extractor) on data and returns
// the objects' paths and contents, and the events.
func walk(t *testing.T, data []byte) (map[string][]byte, []content.Event) {
	return ctest.WalkSniff(t, content.Sniff, "x.exe", data)
}

func TestUnpackToy(t *testing.T) {
	packed := buildPacked()
	if bytes.Contains(packed, []byte(marker)) {
		t.Fatal("the marker is in the clear")
	}
	tests := []struct {
		name      string
		data      []byte
		wantFound bool
		wantEvent bool
	}{
		{"packed", packed, true, false},
		{"truncated stub", packed[:0x300], false, true},
		{"zeroed stub", append(append([]byte(nil), packed[:0x400]...), make([]byte, 0x200)...), false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ev := walk(t, tc.data)
			img, ok := got["x.exe!#unpacked"]
			found := ok && bytes.Contains(img, []byte(marker))
			if found != tc.wantFound {
				t.Errorf("marker found = %v, want %v (objects %d)", found, tc.wantFound, len(got))
			}
			if (len(ev) > 0) != tc.wantEvent {
				t.Errorf("events %v, want some: %v", ev, tc.wantEvent)
			}
			if !ok {
				return
			}
			// The image parses as a PE whose entry point is the unpacked code.
			f, err := exe.Parse(bytes.NewReader(img), int64(len(img)))
			if err != nil {
				t.Fatalf("image does not parse: %v", err)
			}
			if tc.wantFound && f.EntryRVA != 0x1000 {
				t.Errorf("entry point %#x, want 0x1000", f.EntryRVA)
			}
		})
	}
}

func TestLooksPacked(t *testing.T) {
	plain := buildPE(0x1000, []testSection{
		{".text", 0x1000, bytes.Repeat([]byte{0x90}, 0x300), 0x60000020},
		{".data", 0x2000, []byte{1}, 0xc0000040},
	})
	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"plain", plain, false},
		{"toy packer", buildPacked(), true},
		{"UPX names", buildPE(0x1000, []testSection{{"UPX0", 0x1000, nil, 0x60000020}, {"UPX1", 0x2000, []byte{1}, 0x60000020}}), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := exe.Parse(bytes.NewReader(tc.data), int64(len(tc.data)))
			if err != nil {
				t.Fatal(err)
			}
			if got := LooksPacked(f); got != tc.want {
				t.Errorf("LooksPacked = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestCarveZips(t *testing.T) {
	img := make([]byte, 0x100)
	copy(img[0x20:], "PK\x03\x04\x14\x00")
	copy(img[0x60:], "PK\x05\x06")
	got := carveZips(img)
	if len(got) != 1 || got[0] != [2]int{0x20, 0x60 + 22} {
		t.Fatalf("carveZips = %v", got)
	}
}

// FuzzEmulate runs random code as the entry point of a generated PE (and
// random bytes as a whole file): no panic, and the instruction budget
// holds.
func FuzzEmulate(f *testing.F) {
	f.Add([]byte{0xeb, 0xfe}, false)
	f.Add([]byte{0xcc, 0xf3, 0xa4, 0x0f, 0x0b}, false)
	f.Add([]byte{0x64, 0xa1, 0, 0, 0, 0, 0x8b, 0x00, 0xff, 0xe0}, false)
	f.Add(buildPacked(), true)
	f.Add(buildPacked()[:0x300], true)
	maxSteps = 300_000
	f.Cleanup(func() { maxSteps = MaxSteps })
	f.Fuzz(func(t *testing.T, data []byte, whole bool) {
		pe := data
		if !whole {
			pe = buildPE(0x2000, []testSection{{".text", 0x1000, data, 0xe0000020}, {".stub", 0x2000, data, 0xe0000020}})
		}
		ef, err := exe.Parse(bytes.NewReader(pe), int64(len(pe)))
		if err != nil {
			return
		}
		m, err := New(ef)
		if err != nil {
			return
		}
		const limit = 200_000
		m.Run(context.Background(), limit)
		if m.Steps() > limit+maxRepStep {
			t.Fatalf("ran %d instructions, limit %d", m.Steps(), limit)
		}
		b := content.NewBudget(content.Limits{}, int64(len(pe)))
		_, _ = Extract(context.Background(), ef, b, func(string, io.Reader) error { return nil })
	})
}
