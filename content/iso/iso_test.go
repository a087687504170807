package iso

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
)

// isoOpts shapes a test image.
type isoOpts struct {
	joliet    bool // add a Joliet supplementary descriptor with the real names
	rockRidge bool // add NM entries with the real names to the primary tree
}

// node is a directory of a test image.
type node struct {
	files map[string][]byte
	dirs  map[string]*node
	// laid out
	extent [2]int // primary, joliet
	size   [2]int
}

func tree(files map[string]string) *node {
	root := &node{files: map[string][]byte{}, dirs: map[string]*node{}}
	for path, data := range files {
		n := root
		parts := strings.Split(path, "/")
		for _, d := range parts[:len(parts)-1] {
			if n.dirs[d] == nil {
				n.dirs[d] = &node{files: map[string][]byte{}, dirs: map[string]*node{}}
			}
			n = n.dirs[d]
		}
		n.files[parts[len(parts)-1]] = []byte(data)
	}
	return root
}

func sortedKeys[V any](m map[string]V) []string {
	var k []string
	for x := range m {
		k = append(k, x)
	}
	sort.Strings(k)
	return k
}

// isoRecord writes one directory record.
func isoRecord(extent, length int, dir bool, name, su []byte) []byte {
	l := 33 + len(name)
	if len(name)%2 == 0 {
		l++
	}
	l += len(su)
	rec := make([]byte, l)
	rec[0] = byte(l)
	binary.LittleEndian.PutUint32(rec[2:], uint32(extent))
	binary.BigEndian.PutUint32(rec[6:], uint32(extent))
	binary.LittleEndian.PutUint32(rec[10:], uint32(length))
	binary.BigEndian.PutUint32(rec[14:], uint32(length))
	if dir {
		rec[25] = 2
	}
	rec[32] = byte(len(name))
	copy(rec[33:], name)
	copy(rec[l-len(su):], su)
	return rec
}

// mkISO writes an image of files (paths with '/'): 9660 names are the
// upper-cased names with ";1"; Joliet and Rock Ridge carry the real ones.
func mkISO(t testing.TB, o isoOpts, files map[string]string) []byte {
	t.Helper()
	root := tree(files)
	img := make([]byte, 19*sector) // system area, PVD, SVD, terminator
	alloc := func(data []byte) int {
		ext := len(img) / sector
		img = append(img, data...)
		if pad := len(img) % sector; pad != 0 {
			img = append(img, make([]byte, sector-pad)...)
		}
		return ext
	}
	fileExt := map[*byte]int{}
	var layFiles func(n *node)
	layFiles = func(n *node) {
		for _, k := range sortedKeys(n.files) {
			if d := n.files[k]; len(d) > 0 {
				fileExt[&d[0]] = alloc(d)
			}
		}
		for _, k := range sortedKeys(n.dirs) {
			layFiles(n.dirs[k])
		}
	}
	layFiles(root)
	name := func(s string, dir bool, tr int) []byte {
		if tr == 1 {
			var b []byte
			for _, u := range utf16.Encode([]rune(s)) {
				b = binary.BigEndian.AppendUint16(b, u)
			}
			return b
		}
		if dir {
			return []byte(strings.ToUpper(s))
		}
		return []byte(strings.ToUpper(s) + ";1")
	}
	su := func(s string, tr int) []byte {
		if tr == 1 || !o.rockRidge {
			return nil
		}
		return append([]byte{'N', 'M', byte(5 + len(s)), 1, 0}, s...)
	}
	// Directories: sizes first (children before parents need extents), so
	// lay out in two passes: assign extents by size, then write.
	var sizeOf func(n *node, tr int) int
	pack := func(recs [][]byte) []byte {
		var out []byte
		for _, r := range recs {
			if len(out)/sector != (len(out)+len(r)-1)/sector {
				out = append(out, make([]byte, sector-len(out)%sector)...)
			}
			out = append(out, r...)
		}
		return out
	}
	var records func(n *node, parent *node, tr int) [][]byte
	records = func(n, parent *node, tr int) [][]byte {
		recs := [][]byte{
			isoRecord(n.extent[tr], n.size[tr], true, []byte{0}, nil),
			isoRecord(parent.extent[tr], parent.size[tr], true, []byte{1}, nil),
		}
		for _, k := range sortedKeys(n.dirs) {
			d := n.dirs[k]
			recs = append(recs, isoRecord(d.extent[tr], d.size[tr], true, name(k, true, tr), su(k, tr)))
		}
		for _, k := range sortedKeys(n.files) {
			d := n.files[k]
			ext := 0
			if len(d) > 0 {
				ext = fileExt[&d[0]]
			}
			recs = append(recs, isoRecord(ext, len(d), false, name(k, false, tr), su(k, tr)))
		}
		return recs
	}
	sizeOf = func(n *node, tr int) int { return len(pack(records(n, n, tr))) }
	trees := []int{0}
	if o.joliet {
		trees = append(trees, 1)
	}
	for _, tr := range trees {
		var assign func(n *node)
		assign = func(n *node) {
			n.size[tr] = sizeOf(n, tr)
			n.extent[tr] = len(img)/sector + 0
			img = append(img, make([]byte, (n.size[tr]+sector-1)/sector*sector)...)
			for _, k := range sortedKeys(n.dirs) {
				assign(n.dirs[k])
			}
		}
		assign(root)
		var write func(n, parent *node)
		write = func(n, parent *node) {
			copy(img[n.extent[tr]*sector:], pack(records(n, parent, tr)))
			for _, k := range sortedKeys(n.dirs) {
				write(n.dirs[k], n)
			}
		}
		write(root, root)
	}
	vd := func(i int, typ byte, tr int) {
		d := img[(16+i)*sector:]
		d[0] = typ
		copy(d[1:], "CD001")
		d[6] = 1
		binary.LittleEndian.PutUint16(d[128:], sector)
		binary.BigEndian.PutUint16(d[130:], sector)
		if typ == 2 {
			copy(d[88:], "%/E")
		}
		if typ != 255 {
			copy(d[156:], isoRecord(root.extent[tr], root.size[tr], true, []byte{0}, nil))
		}
	}
	vd(0, 1, 0)
	if o.joliet {
		vd(1, 2, 1)
		vd(2, 255, 0)
	} else {
		vd(1, 255, 0)
	}
	return img
}

// extract runs the extractor on data and returns "name=content" per
// object and the events.
func extract(t testing.TB, data []byte, lim content.Limits) ([]string, []content.Event) {
	r := ctest.Walk(t, content.Walker{Sniff: Sniff, Limits: lim}, "x.iso", data)
	return r.Pairs(), r.Events
}

func TestExtract(t *testing.T) {
	files := map[string]string{"readme.txt": "read me", "Setup": "MZ setup", "docs/Guide.md": "guide", "docs/deep/x.bin": "xx", "empty": ""}
	many := map[string]string{}
	for i := range 100 { // several sectors of records
		many[fmt.Sprintf("file%03d.dat", i)] = fmt.Sprint(i)
	}
	tests := []struct {
		name  string
		opts  isoOpts
		files map[string]string
		want  []string
	}{
		{"9660 names", isoOpts{}, files,
			[]string{"SETUP=MZ setup", "EMPTY=", "README.TXT=read me", "DOCS/GUIDE.MD=guide", "DOCS/DEEP/X.BIN=xx"}},
		{"joliet names", isoOpts{joliet: true}, files,
			[]string{"Setup=MZ setup", "empty=", "readme.txt=read me", "docs/Guide.md=guide", "docs/deep/x.bin=xx"}},
		{"rock ridge names", isoOpts{rockRidge: true}, files,
			[]string{"EMPTY=", "README.TXT=read me", "SETUP=MZ setup", "DOCS/GUIDE.MD=guide", "DOCS/DEEP/X.BIN=xx"}},
		{"records over several sectors", isoOpts{}, many, nil},
	}
	// Rock Ridge gives the real names (records are in the writer's order).
	tests[2].want = []string{"Setup=MZ setup", "empty=", "readme.txt=read me", "docs/Guide.md=guide", "docs/deep/x.bin=xx"}
	for i := range 100 {
		tests[3].want = append(tests[3].want, fmt.Sprintf("FILE%03d.DAT=%d", i, i))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, evs := extract(t, mkISO(t, tt.opts, tt.files), content.Limits{})
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("objects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(evs) != 0 {
				t.Errorf("events: %s", ctest.EventString(evs))
			}
		})
	}
}

func TestDamage(t *testing.T) {
	base := func() []byte { return mkISO(t, isoOpts{}, map[string]string{"a": "alpha", "d/b": "beta"}) }
	rootExt := func(img []byte) int { return int(binary.LittleEndian.Uint32(img[vdStart+156+2:])) }
	// recAt returns the offset of the i-th record of the root directory.
	recAt := func(img []byte, i int) int {
		p := rootExt(img) * sector
		for range i {
			p += int(img[p])
		}
		return p
	}
	tests := []struct {
		name   string
		patch  func([]byte) []byte
		want   []string
		events string
	}{
		{"file extent beyond the image", func(d []byte) []byte {
			binary.LittleEndian.PutUint32(d[recAt(d, 3)+2:], 1<<20)
			return d
		}, []string{"A=", "D/B=beta"}, "corrupt x.iso!A: iso9660: file extent at block 1048576 is beyond the image"},
		{"file length past the end", func(d []byte) []byte {
			binary.LittleEndian.PutUint32(d[recAt(d, 3)+10:], 1<<30)
			return d
		}, nil, "corrupt x.iso!A: iso9660: file extent clipped at the end of the image"},
		{"directory loop", func(d []byte) []byte {
			binary.LittleEndian.PutUint32(d[recAt(d, 2)+2:], uint32(rootExt(d)))
			return d
		}, []string{"A=alpha"}, "corrupt x.iso!D: iso9660: directory loop"},
		{"record past its directory", func(d []byte) []byte {
			d[recAt(d, 3)] = 255
			binary.LittleEndian.PutUint32(d[vdStart+156+10:], uint32(recAt(d, 3)-rootExt(d)*sector+40))
			return d
		}, []string{"D/B=beta"}, "corrupt x.iso: iso9660: directory record at offset 43110 runs past its directory"},
		{"no primary descriptor", func(d []byte) []byte { d[vdStart] = 3; return d }, nil,
			"corrupt x.iso: iso9660: no primary volume descriptor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, evs := extract(t, tt.patch(base()), content.Limits{})
			if tt.want != nil && strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("objects:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if ctest.EventString(evs) != tt.events {
				t.Errorf("events:\n%s\nwant:\n%s", ctest.EventString(evs), tt.events)
			}
		})
	}
}

// TestOverlappingDirectories builds an image whose root lists
// subdirectories at distinct extents that all overlap the root, each 1 MiB
// long: every one of them lists them all again. Reads must stop at the
// budget, not go on for 19 × 1 MiB and more.
func TestOverlappingDirectories(t *testing.T) {
	img := mkISO(t, isoOpts{}, map[string]string{"a": "alpha"})
	root := int(binary.LittleEndian.Uint32(img[vdStart+156+2:]))
	img = append(img, make([]byte, 1<<20)...)
	p := root * sector
	p += int(img[p])
	p += int(img[p])
	p += int(img[p]) // after ".", ".." and "A"
	for k := 1; k < root; k++ {
		p += copy(img[p:], isoRecord(root-k, 1<<20, true, []byte{'D', byte('A' + k)}, nil))
	}
	binary.LittleEndian.PutUint32(img[vdStart+156+10:], sector)
	_, evs := extract(t, img, content.Limits{MaxExpanded: 4 << 20})
	if !strings.Contains(ctest.EventString(evs), "limit x.iso") {
		t.Errorf("events: %s", ctest.EventString(evs))
	}
}

func TestSniff(t *testing.T) {
	img := mkISO(t, isoOpts{}, map[string]string{"a": "a"})
	if Sniff(img[:content.HeadSize], "") == nil {
		t.Error("image not recognised")
	}
	img[vdStart+1] = 'X'
	if Sniff(img, "") != nil || Sniff([]byte("CD001"), "") != nil {
		t.Error("non-image recognised")
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(mkISO(f, isoOpts{}, map[string]string{"a": "alpha", "d/b": "beta"}))
	f.Add(mkISO(f, isoOpts{joliet: true, rockRidge: true}, map[string]string{"Long Name.txt": "x", "d/e/f": "y"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if Sniff(data, "") == nil {
			return
		}
		w := content.Walker{Sniff: Sniff, Limits: content.Limits{MaxExpanded: 1 << 24}}
		w.Walk(context.Background(), "f", bytes.NewReader(data), int64(len(data)), func([]string, []byte) error { return nil })
	})
}
