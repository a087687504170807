package ole

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/xtest"
)

// node is an entry of a compound file built by buildCFB.
type node struct {
	name     string
	data     []byte
	children []*node // non-nil (possibly empty) for a storage
	storage  bool
}

func stream(name string, data []byte) *node { return &node{name: name, data: data} }
func storage(name string, kids ...*node) *node {
	return &node{name: name, children: kids, storage: true}
}

// buildCFB writes a version 3 compound file (512-byte sectors) holding the
// given root children; streams under 4,096 bytes go to the mini stream.
// Siblings are chained through their right pointers.
func buildCFB(kids ...*node) []byte {
	const ssz, free, eoc, nostream = 512, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFF
	le := binary.LittleEndian
	type ent struct {
		n                         *node
		typ                       byte
		left, right, child, start uint32
		size                      uint64
	}
	ents := []*ent{{n: &node{name: "Root Entry"}, typ: 5, left: nostream, right: nostream, child: nostream}}
	var add func(kids []*node) uint32
	add = func(kids []*node) uint32 {
		first := uint32(nostream)
		var prev *ent
		for _, k := range kids {
			e := &ent{n: k, typ: 2, left: nostream, right: nostream, child: nostream}
			idx := uint32(len(ents))
			ents = append(ents, e)
			if k.storage {
				e.typ = 1
				e.child = add(k.children)
			}
			if prev == nil {
				first = idx
			} else {
				prev.right = idx
			}
			prev = e
		}
		return first
	}
	ents[0].child = add(kids)
	// Mini stream and big streams.
	var mini []byte
	var minifat []uint32
	var bigs [][]byte
	var bigEnts []*ent
	for _, e := range ents[1:] {
		if e.typ != 2 {
			continue
		}
		e.size = uint64(len(e.n.data))
		if len(e.n.data) < 4096 {
			e.start = uint32(len(mini) / 64)
			if len(e.n.data) == 0 {
				e.start = eoc
			}
			nsec := (len(e.n.data) + 63) / 64
			for i := range nsec {
				if i == nsec-1 {
					minifat = append(minifat, eoc)
				} else {
					minifat = append(minifat, uint32(len(minifat)+1))
				}
			}
			mini = append(mini, e.n.data...)
			mini = append(mini, make([]byte, nsec*64-len(e.n.data))...)
		} else {
			bigs = append(bigs, e.n.data)
			bigEnts = append(bigEnts, e)
		}
	}
	secs := func(n int) int { return (n + ssz - 1) / ssz }
	dirSecs := secs(len(ents) * 128)
	mfSecs := secs(len(minifat) * 4)
	msSecs := secs(len(mini))
	rest := dirSecs + mfSecs + msSecs
	for _, b := range bigs {
		rest += secs(len(b))
	}
	fatSecs := 1
	for fatSecs*128 < fatSecs+rest {
		fatSecs++
	}
	fat := make([]uint32, fatSecs*128)
	for i := range fat {
		fat[i] = free
	}
	next := 0
	chain := func(n int) uint32 {
		if n == 0 {
			return eoc
		}
		start := next
		for i := range n {
			if i == n-1 {
				fat[next] = eoc
			} else {
				fat[next] = uint32(next + 1)
			}
			next++
		}
		return uint32(start)
	}
	for range fatSecs {
		fat[next] = 0xFFFFFFFD
		next++
	}
	dirStart := chain(dirSecs)
	mfStart := chain(mfSecs)
	msStart := chain(msSecs)
	ents[0].start, ents[0].size = msStart, uint64(len(mini))
	var body []byte
	pad := func(b []byte) []byte { return append(b, make([]byte, secs(len(b))*ssz-len(b))...) }
	for i, b := range bigs {
		bigEnts[i].start = chain(secs(len(b)))
	}
	// Header.
	h := make([]byte, 512)
	copy(h, magic)
	le.PutUint16(h[0x18:], 0x3E)
	le.PutUint16(h[0x1A:], 3)
	le.PutUint16(h[0x1C:], 0xFFFE)
	le.PutUint16(h[0x1E:], 9)
	le.PutUint16(h[0x20:], 6)
	le.PutUint32(h[0x2C:], uint32(fatSecs))
	le.PutUint32(h[0x30:], dirStart)
	le.PutUint32(h[0x38:], 4096)
	le.PutUint32(h[0x3C:], mfStart)
	le.PutUint32(h[0x40:], uint32(mfSecs))
	le.PutUint32(h[0x44:], eoc)
	for i := range 109 {
		v := uint32(free)
		if i < fatSecs {
			v = uint32(i)
		}
		le.PutUint32(h[0x4C+4*i:], v)
	}
	body = append(body, h...)
	for _, v := range fat {
		body = le.AppendUint32(body, v)
	}
	var dir []byte
	for _, e := range ents {
		d := make([]byte, 128)
		u := utf16.Encode([]rune(e.n.name))
		for i, c := range u {
			le.PutUint16(d[2*i:], c)
		}
		le.PutUint16(d[0x40:], uint16(2*len(u)+2))
		d[0x42] = e.typ
		le.PutUint32(d[0x44:], e.left)
		le.PutUint32(d[0x48:], e.right)
		le.PutUint32(d[0x4C:], e.child)
		le.PutUint32(d[0x74:], e.start)
		le.PutUint64(d[0x78:], e.size)
		dir = append(dir, d...)
	}
	body = append(body, pad(dir)...)
	var mf []byte
	for _, v := range minifat {
		mf = le.AppendUint32(mf, v)
	}
	body = append(body, pad(mf)...)
	body = append(body, pad(mini)...)
	for _, b := range bigs {
		body = append(body, pad(b)...)
	}
	return body
}

// compressLiteral writes an MS-OVBA compressed container of literal tokens only.
func compressLiteral(src []byte) []byte {
	out := []byte{1}
	for len(src) > 0 {
		n := min(len(src), 2048)
		var chunk []byte
		for i := 0; i < n; i += 8 {
			chunk = append(chunk, 0)
			chunk = append(chunk, src[i:min(i+8, n)]...)
		}
		out = binary.LittleEndian.AppendUint16(out, uint16(0xB000|(len(chunk)+2-3)))
		out = append(out, chunk...)
		src = src[n:]
	}
	return out
}

func record(id uint16, data []byte) []byte {
	b := binary.LittleEndian.AppendUint16(nil, id)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(data)))
	return append(b, data...)
}

const marker = "OVERT" + "MARKER"

func vbaDoc(withDir bool) []byte {
	src := "Attribute VB_Name = \"Module1\"\r\nSub AutoOpen()\r\n  Shell \"" + marker + "\"\r\nEnd Sub\r\n"
	var dir []byte
	dir = append(dir, 0x09, 0, 4, 0, 0, 0, 1, 0, 0, 0, 2, 0) // PROJECTVERSION
	dir = append(dir, record(0x19, []byte("Module1"))...)
	dir = append(dir, record(0x1A, []byte("Module1"))...)
	u := utf16.Encode([]rune("Module1"))
	var ub []byte
	for _, c := range u {
		ub = binary.LittleEndian.AppendUint16(ub, c)
	}
	dir = append(dir, record(0x32, ub)...)
	dir = append(dir, record(0x31, []byte{16, 0, 0, 0})...)
	dir = append(dir, record(0x2B, nil)...)
	dir = append(dir, record(0x10, nil)...)
	module := append(bytes.Repeat([]byte{0xCC}, 16), compressLiteral([]byte(src))...)
	vba := []*node{stream("Module1", module), stream("_VBA_PROJECT", []byte{0xCC, 0x61})}
	if withDir {
		vba = append(vba, stream("dir", compressLiteral(dir)))
	}
	return buildCFB(
		stream("WordDocument", make([]byte, 5000)),
		stream("\x05SummaryInformation", []byte("summary")),
		storage("Macros", storage("VBA", vba...), stream("PROJECT", []byte("ID=\"{x}\""))),
	)
}

func TestDecompressVBA(t *testing.T) {
	// The example of MS-OVBA section 3.2.
	in, _ := hex.DecodeString("012FB000236161616263646582660070616768696A0138086" + "16B6C00306D6E6F70067102700410727374757610777879" + "7A003C")
	t.Run("spec example", func(t *testing.T) {
		in = bytes.ReplaceAll(in, []byte(" "), nil)
		got, err := decompressVBA(in)
		want := "#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
		if err != nil || string(got) != want {
			t.Errorf("got %q, %v", got, err)
		}
	})
	t.Run("literal round trip", func(t *testing.T) {
		src := []byte(strings.Repeat("abcdefghij", 1000))
		got, err := decompressVBA(compressLiteral(src))
		if err != nil || !bytes.Equal(got, src) {
			t.Errorf("round trip failed: %v", err)
		}
	})
	t.Run("bad offset", func(t *testing.T) {
		if _, err := decompressVBA([]byte{1, 3, 0xB0, 0x01, 0xFF, 0xFF}); err == nil {
			t.Error("copy before the chunk start accepted")
		}
	})
}

func TestExtract(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		marker string
		want   []string
	}{
		{"vba via dir", vbaDoc(true), marker, []string{"#vba/Module1"}},
		{"vba without dir", vbaDoc(false), marker, []string{"#vba/Module1"}},
		{"stream by path", vbaDoc(true), "ID=\"{x}\"", []string{"Macros/PROJECT"}},
		{"control characters escaped", vbaDoc(true), "summary", []string{`\x05SummaryInformation`}},
		{"big stream", buildCFB(storage("S", stream("big", append(make([]byte, 9000), marker...)))), marker, []string{"S/big"}},
		{"near miss", vbaDoc(true), marker + "!", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := xtest.Run(Extractor{}, tt.data, content.Limits{})
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			if got := res.Find(tt.marker); !slices.Equal(got, tt.want) {
				t.Errorf("%q in %q, want %q (names %q, events %v)", tt.marker, got, tt.want, res.Names, res.Events)
			}
		})
	}
}

func TestEncryptedAndMSI(t *testing.T) {
	res := xtest.Run(Extractor{}, buildCFB(stream("EncryptionInfo", []byte{4, 0, 4, 0}), stream("EncryptedPackage", []byte("xx"))), content.Limits{})
	if !res.HasEvent(content.EventEncrypted, "EncryptedPackage") {
		t.Errorf("events %v", res.Events)
	}
	word := make([]byte, 0x20)
	word[0x0B] = 1
	res = xtest.Run(Extractor{}, buildCFB(stream("WordDocument", word)), content.Limits{})
	if !res.HasEvent(content.EventEncrypted, "Word") {
		t.Errorf("events %v", res.Events)
	}
	// "_Tables" packed as MSI does: "!" marker then pairs of characters.
	if got := displayName(string([]rune{0x4840, 0x3800 + 63 + 29<<6})); got != "!_T" {
		t.Errorf("msi name %q", got)
	}
}

func TestCorrupt(t *testing.T) {
	d := vbaDoc(true)
	tests := []struct {
		name string
		data []byte
	}{
		{"truncated", d[:1200]},
		{"header only", d[:512]},
		{"looping FAT", func() []byte {
			c := bytes.Clone(d)
			for i := 512; i < 1024; i += 4 {
				binary.LittleEndian.PutUint32(c[i:], uint32((i-512)/4))
			}
			return c
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := xtest.Run(Extractor{}, tt.data, content.Limits{})
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			if !res.HasEvent(content.EventCorrupt, "") {
				t.Errorf("no corrupt event: %v", res.Events)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(vbaDoc(true))
	f.Add(vbaDoc(false))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := content.NewBudget(xtest.FuzzLimits, int64(len(data)))
		_ = Extractor{}.Extract(t.Context(), bytes.NewReader(data), int64(len(data)), b, xtest.Drain(b))
	})
}

func FuzzDecompressVBA(f *testing.F) {
	f.Add(compressLiteral([]byte("Attribute VB_Name")))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, _ := decompressVBA(data)
		if len(out) > MaxVBASource {
			t.Fatalf("output %d over bound", len(out))
		}
	})
}
