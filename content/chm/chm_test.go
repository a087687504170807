package chm

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
	"github.com/overt-sec/overt/content/internal/lzx/lzxtest"
)

// text returns n bytes of compressible text with a marker in the middle.
func text(n int, seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	words := []string{"<p>help ", "topic ", "index ", "\xe8\x00\x01\x00\x00", "search ", "</p>\n"}
	var b bytes.Buffer
	for b.Len() < n/2 {
		b.WriteString(words[rng.Intn(len(words))])
	}
	b.WriteString("MARKER-12345")
	for b.Len() < n {
		b.WriteString(words[rng.Intn(len(words))])
	}
	return b.Bytes()[:n]
}

func TestExtract(t *testing.T) {
	big := text(200000, 1)
	many := make([]chmFile, 300)
	var manyWant []string
	for i := range many {
		many[i] = chmFile{fmt.Sprintf("/html/page%03d.htm", i), []byte(fmt.Sprintf("page %d", i)), i % 2}
	}
	for i := 0; i < 300; i += 2 {
		manyWant = append(manyWant, fmt.Sprintf("html/page%03d.htm=page %d", i, i))
	}
	for i := 1; i < 300; i += 2 {
		manyWant = append(manyWant, fmt.Sprintf("html/page%03d.htm=page %d", i, i))
	}
	tests := []struct {
		name   string
		opts   chmOpts
		files  []chmFile
		want   []string
		events string
	}{
		{"stored only", chmOpts{}, []chmFile{{"/#SYSTEM", []byte("sys"), 0}, {"/a/b.htm", []byte("hello"), 0}, {"/a/", nil, 0}},
			[]string{"#SYSTEM=sys", "a/b.htm=hello"}, ""},
		{"lzx", chmOpts{}, []chmFile{{"/#SYSTEM", []byte("sys"), 0}, {"/x.txt", []byte("compressed compressed compressed"), 1}, {"/y.txt", []byte("why"), 1}},
			[]string{"#SYSTEM=sys", "x.txt=compressed compressed compressed", "y.txt=why"}, ""},
		{"lzx frames and resets", chmOpts{windowBits: 16, resetFrames: 2, e8: 1 << 20, kinds: []int{lzxtest.Verbatim, lzxtest.Aligned, lzxtest.Uncompressed}},
			[]chmFile{{"/big.htm", big, 1}, {"/after.htm", []byte("after"), 1}},
			[]string{"big.htm=" + string(big), "after.htm=after"}, ""},
		{"version 1 control data, no reset table, window 2^21", chmOpts{windowBits: 21, resetFrames: 1, controlV1: true, noReset: true},
			[]chmFile{{"/big.htm", big, 1}, {"/after.htm", []byte("after"), 1}},
			[]string{"big.htm=" + string(big), "after.htm=after"}, ""},
		{"itsf version 2", chmOpts{version: 2}, []chmFile{{"/s", []byte("stored"), 0}, {"/c", []byte("packed"), 1}},
			[]string{"s=stored", "c=packed"}, ""},
		{"many chunks", chmOpts{chunk: 256}, many, manyWant, ""},
		{"empty files", chmOpts{}, []chmFile{{"/e0", nil, 0}, {"/e1", nil, 1}, {"/x", []byte("x"), 1}},
			[]string{"e0=", "e1=", "x=x"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names, objs, evs := walk(t, mkCHM(t, tt.opts, tt.files...), content.Limits{})
			var got []string
			for _, n := range names {
				got = append(got, n+"="+string(objs[n]))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("objects:\n%.300s\nwant:\n%.300s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if ctest.EventString(evs) != tt.events {
				t.Errorf("events:\n%s\nwant:\n%s", ctest.EventString(evs), tt.events)
			}
		})
	}
}

// patchEntry rewrites the encoded offset or length of the directory
// entry named name, in place, keeping the encoding's width.
func patchEntry(t *testing.T, data []byte, name string, field int, v uint64) {
	i := bytes.Index(data, append([]byte{byte(len(name))}, name...))
	if i < 0 {
		t.Fatalf("no entry %q", name)
	}
	p := data[i+1+len(name):]
	for range field {
		for p[0]&0x80 != 0 {
			p = p[1:]
		}
		p = p[1:]
	}
	w := 1
	for p[w-1]&0x80 != 0 {
		w++
	}
	for j := w - 1; j >= 0; j-- {
		p[j] = byte(v&0x7F) | map[bool]byte{true: 0x80}[j != w-1]
		v >>= 7
	}
}

func TestDamage(t *testing.T) {
	big := text(100000, 2)
	base := func() []byte {
		return mkCHM(t, chmOpts{}, chmFile{"/s.txt", []byte("stored"), 0}, chmFile{"/big.htm", big, 1}, chmFile{"/c.txt", []byte("packed"), 1})
	}
	tests := []struct {
		name   string
		patch  func([]byte) []byte
		want   []string // names yielded
		events string   // substring of the events
	}{
		{"bad control data", func(d []byte) []byte { i := bytes.Index(d, []byte("LZXC")); d[i] = 'X'; return d },
			[]string{"s.txt"}, "unsupported x.chm!big.htm: chm: compressed section: control data lacks its LZXC signature"},
		{"window too big", func(d []byte) []byte { i := bytes.Index(d, []byte("LZXC")); d[i+12] = 128; return d },
			[]string{"s.txt"}, "LZX window of 4194304 bytes is outside 32 KiB..2 MiB"},
		{"no content stream", func(d []byte) []byte { i := bytes.Index(d, []byte("MSCompressed/Content")); d[i] = 'm'; return d },
			[]string{"s.txt"}, "no ::DataSpace/Storage/MSCompressed/Content in section 0"},
		{"truncated", func(d []byte) []byte { return d[:len(d)-3000] },
			[]string{"s.txt", "big.htm"}, "corrupt x.chm!c.txt: chm: lzx: corrupt data"},
		{"corrupt stream", func(d []byte) []byte {
			for j := len(d) - 5000; j < len(d)-4960; j++ { // the stream is last
				d[j] = 0xFF
			}
			return d
		}, []string{"s.txt", "big.htm", "c.txt"}, "corrupt x.chm!big.htm: chm: lzx: corrupt data: frame 1"},
		{"overlapping files", func(d []byte) []byte { patchEntry(t, d, "/c.txt", 1, 5); return d },
			[]string{"s.txt", "big.htm"}, "corrupt x.chm!c.txt: chm: file overlaps the previous file of its section; skipped"},
		{"empty file inside another", func(d []byte) []byte { patchEntry(t, d, "/c.txt", 1, 5); patchEntry(t, d, "/c.txt", 2, 0); return d },
			[]string{"s.txt", "big.htm", "c.txt"}, ""},
		{"file past the section", func(d []byte) []byte { patchEntry(t, d, "/c.txt", 2, 100); return d },
			[]string{"s.txt", "big.htm", "c.txt"}, "corrupt x.chm!c.txt: chm: compressed section ends 94 bytes before the end of the file"},
		{"stored file past the end", func([]byte) []byte {
			d := mkCHM(t, chmOpts{}, chmFile{"/s.txt", []byte("stored"), 0})
			return d[:len(d)-3]
		}, []string{"s.txt"}, "corrupt x.chm!s.txt: chm: file runs 3 bytes past the end of the help file"},
		{"unknown section", func(d []byte) []byte { patchEntry(t, d, "/s.txt", 0, 5); return d },
			[]string{"big.htm", "c.txt"}, "unsupported x.chm!s.txt: chm: content section 5 is not supported"},
		{"directory outside the file", func(d []byte) []byte { d[0x48+5] = 1; return d },
			nil, "corrupt x.chm: chm: directory at"},
		{"bad chunk size", func(d []byte) []byte { i := bytes.Index(d, []byte("ITSP")); d[i+18] = 0x10; return d },
			nil, "directory chunk size"},
		{"entry cut short", func(d []byte) []byte {
			i := bytes.Index(d, []byte("PMGL"))
			d[i+4], d[i+5] = 0, 0 // no free space: the zero padding is read as entries
			return d
		}, []string{"s.txt", "big.htm", "c.txt"}, "has an empty name; rest of the chunk skipped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names, _, evs := walk(t, tt.patch(base()), content.Limits{})
			if strings.Join(names, " ") != strings.Join(tt.want, " ") {
				t.Errorf("objects %q, want %q", names, tt.want)
			}
			if !strings.Contains(ctest.EventString(evs), tt.events) {
				t.Errorf("events:\n%s\nwant %q", ctest.EventString(evs), tt.events)
			}
		})
	}
}

// TestResync damages one frame of the compressed stream and checks that
// decoding resumes at the next reset point: the frame reads as zeros, the
// rest of the file and the next file are intact.
func TestResync(t *testing.T) {
	big := text(200000, 4)
	o := chmOpts{resetFrames: 1, windowBits: 15}
	data := mkCHM(t, o, chmFile{"/big.htm", big, 1}, chmFile{"/after.htm", []byte("after"), 1})
	enc := lzxtest.Encode(append(append([]byte(nil), big...), "after"...), lzxtest.Options{WindowBits: 15, ResetFrames: 1})
	start := len(data) - len(enc.Stream) // the stream is last
	for i := start + enc.FrameEnds[1]; i < start+enc.FrameEnds[1]+30; i++ {
		data[i] ^= 0x5A // frame 2
	}
	_, objs, evs := walk(t, data, content.Limits{})
	const fs = 32 << 10
	want := append([]byte(nil), big...)
	clear(want[2*fs : 3*fs])
	if !bytes.Equal(objs["big.htm"], want) {
		t.Errorf("big.htm: %d bytes, not the original with frame 2 zeroed", len(objs["big.htm"]))
	}
	if string(objs["after.htm"]) != "after" {
		t.Errorf("after.htm: %q", objs["after.htm"])
	}
	if es := ctest.EventString(evs); !strings.HasPrefix(es, "corrupt x.chm!big.htm: chm: lzx: corrupt data: frame 2") || !strings.HasSuffix(es, "32768 bytes lost, decoding resumed at the next reset point") {
		t.Errorf("events: %s", es)
	}
}

// TestBomb checks that a big zero-filled compressed file stops at the
// expansion limit.
func TestBomb(t *testing.T) {
	data := mkCHM(t, chmOpts{windowBits: 21, resetFrames: 64}, chmFile{"/z", make([]byte, 8<<20), 1}, chmFile{"/after", []byte("after"), 1})
	if len(data) > 200<<10 {
		t.Fatalf("bomb of %d bytes", len(data))
	}
	names, _, evs := walk(t, data, content.Limits{MaxExpanded: 2 << 20})
	if len(names) != 1 || !strings.Contains(ctest.EventString(evs), "limit x.chm: expanded size limit") {
		t.Errorf("names %q, events %s", names, ctest.EventString(evs))
	}
	names, objs, _ := walk(t, data, content.Limits{MaxObject: 1 << 20, MaxRatio: 1 << 20})
	if len(names) != 2 || string(objs["after"]) != "after" || len(objs["z"]) != 1<<20 {
		t.Errorf("names %q", names)
	}
}

func TestSniff(t *testing.T) {
	good := mkCHM(t, chmOpts{}, chmFile{"/a", []byte("a"), 0})
	if Sniff(good, "") == nil {
		t.Error("help file not recognised")
	}
	bad4 := append([]byte(nil), good...)
	bad4[4] = 4
	for _, bad := range [][]byte{good[:40], bad4, append([]byte("ITSX"), good[4:]...)} {
		if Sniff(bad, "") != nil {
			t.Errorf("%q recognised", bad[:5])
		}
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(mkCHM(f, chmOpts{}, chmFile{"/s", []byte("stored"), 0}, chmFile{"/c", []byte("packed packed packed"), 1}))
	f.Add(mkCHM(f, chmOpts{chunk: 128, resetFrames: 1, kinds: []int{lzxtest.Aligned, lzxtest.Uncompressed}},
		chmFile{"/a", text(40000, 3), 1}, chmFile{"/b", []byte("b"), 1}, chmFile{"/c", []byte("c"), 0}))
	if d, err := os.ReadFile(clamCHM); err == nil {
		f.Add(d)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if Sniff(data, "") == nil {
			return
		}
		w := content.Walker{Sniff: Sniff, Limits: content.Limits{MaxExpanded: 4 << 20, Timeout: 2 * time.Second}}
		w.Walk(context.Background(), "f", bytes.NewReader(data), int64(len(data)), func([]string, []byte) error { return nil })
	})
}
