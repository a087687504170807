package pdf

import (
	"bytes"
	"fmt"
	"sort"
)

// Limits of the PDF parser, each with its reason.
const (
	// MaxFileRead bounds how much of a PDF is read into memory to be parsed;
	// a larger file is parsed up to this size and reported.
	MaxFileRead = 256 << 20
	// MaxStream bounds one decoded stream held in memory: far above real
	// page contents and embedded files, small enough that a few streams in
	// flight stay well under the scanner's memory budget.
	MaxStream = 64 << 20
	// MaxObjects bounds the objects indexed in one file (direct and in
	// object streams); real files hold up to a few hundred thousand.
	MaxObjects = 1 << 20
	// MaxRefDepth bounds chains of indirect references followed to resolve
	// one value; a loop of references would otherwise never end.
	MaxRefDepth = 16
)

// object is one indirect object found in the file.
type object struct {
	num, gen int64
	value    any
	stream   []byte // raw (encoded) stream data, nil if not a stream
	inObjStm bool   // found inside an object stream
	replaced bool   // a later definition of the same number replaced it
}

// file is a parsed PDF: its indirect objects by number, in file order.
type file struct {
	data      []byte
	objs      map[int64]*object
	order     []*object
	trailers  []dict
	truncated bool // MaxObjects reached
}

// parseFile indexes every "N G obj" in data, scanning the whole file rather
// than trusting the cross-reference table, so broken and incrementally
// updated files parse alike (a later definition replaces an earlier one).
// Stream data is skipped so objects of an embedded PDF are not mistaken
// for the outer file's.
func parseFile(data []byte) *file {
	f := &file{data: data, objs: map[int64]*object{}}
	index := quickIndex(data)
	pos := 0
	nextTrailer := -1 // offset of the next "trailer" keyword at or after pos, or len(data)
	for pos < len(data) {
		i := bytes.Index(data[pos:], []byte("obj"))
		if nextTrailer < pos {
			nextTrailer = len(data)
			if t := bytes.Index(data[pos:], []byte("trailer")); t >= 0 {
				nextTrailer = pos + t
			}
		}
		if nextTrailer < len(data) && (i < 0 || nextTrailer < pos+i) {
			l := &lexer{data: data, pos: nextTrailer + len("trailer")}
			if d, ok := l.object(0).(dict); ok {
				f.trailers = append(f.trailers, d)
			}
			pos = l.pos
			continue
		}
		if i < 0 {
			break
		}
		at := pos + i
		pos = at + 3
		num, gen, ok := objHeader(data, at)
		if !ok || (pos < len(data) && isRegular(data[pos])) {
			continue
		}
		if len(f.objs) >= MaxObjects {
			f.truncated = true
			break
		}
		l := &lexer{data: data, pos: pos}
		v := l.object(0)
		o := &object{num: num, gen: gen, value: v}
		if d, ok := v.(dict); ok {
			save := l.pos
			if k, ok := l.token().(keyword); ok && k == "stream" {
				start := lineEnd(data, l.pos)
				end := streamEnd(data, start, d["Length"], index)
				o.stream = data[start:end]
				l.pos = end
			} else {
				l.pos = save
			}
		}
		f.add(o)
		pos = l.pos
	}
	return f
}

func (f *file) add(o *object) {
	if old, ok := f.objs[o.num]; ok {
		old.replaced = true
	}
	f.objs[o.num] = o
	f.order = append(f.order, o)
}

// objHeader reads "num gen" backwards from the "obj" keyword at i.
func objHeader(data []byte, i int) (num, gen int64, ok bool) {
	j := i
	readInt := func() (int64, bool) {
		if j == 0 || !isSpace(data[j-1]) {
			return 0, false
		}
		for k := 0; j > 0 && k < 64 && isSpace(data[j-1]); k++ {
			j--
		}
		end := j
		for j > 0 && end-j < 10 && data[j-1] >= '0' && data[j-1] <= '9' {
			j--
		}
		if j == end {
			return 0, false
		}
		var v int64
		for _, c := range data[j:end] {
			v = v*10 + int64(c-'0')
		}
		return v, true
	}
	gen, ok1 := readInt()
	num, ok2 := readInt()
	if !ok1 || !ok2 || (j > 0 && isRegular(data[j-1])) {
		return 0, 0, false
	}
	return num, gen, true
}

// quickIndex maps object numbers to the offset after their last "obj"
// keyword, for resolving indirect /Length values before the main pass.
func quickIndex(data []byte) map[int64]int {
	idx := map[int64]int{}
	for pos := 0; len(idx) < MaxObjects; {
		i := bytes.Index(data[pos:], []byte(" obj"))
		if i < 0 {
			break
		}
		at := pos + i + 1
		pos = at + 3
		if num, _, ok := objHeader(data, at); ok {
			idx[num] = pos
		}
	}
	return idx
}

// streamEnd finds the end of the stream data starting at start: the
// declared length if "endstream" follows it, else just before the next
// "endstream" keyword (or the end of data).
func streamEnd(data []byte, start int, length any, index map[int64]int) int {
	var n int64 = -1
	switch v := length.(type) {
	case int64:
		n = v
	case ref:
		if off, ok := index[v.num]; ok {
			l := &lexer{data: data, pos: off}
			if x, ok := l.token().(int64); ok {
				n = x
			}
		}
	}
	if n >= 0 && n <= int64(len(data)-start) && hasKeywordAt(data, start+int(n), "endstream") {
		return start + int(n)
	}
	e := bytes.Index(data[start:], []byte("endstream"))
	if e < 0 {
		return len(data)
	}
	end := start + e
	if end > start && data[end-1] == '\n' {
		end--
	}
	if end > start && data[end-1] == '\r' {
		end--
	}
	return end
}

// resolve follows indirect references from v.
func (f *file) resolve(v any) any {
	for range MaxRefDepth {
		r, ok := v.(ref)
		if !ok {
			return v
		}
		o, ok := f.objs[r.num]
		if !ok {
			return nil
		}
		v = o.value
	}
	return nil
}

func (f *file) dictOf(v any) dict {
	d, _ := f.resolve(v).(dict)
	return d
}

// addObjStm parses the objects held in a decoded object stream: N pairs
// "num offset" then the objects at First+offset. Objects already defined
// directly in the file keep their direct definition.
func (f *file) addObjStm(d dict, data []byte) error {
	n, _ := f.resolve(d["N"]).(int64)
	first, _ := f.resolve(d["First"]).(int64)
	if n < 0 || first < 0 || first > int64(len(data)) {
		return fmt.Errorf("object stream header out of range (N %d, First %d)", n, first)
	}
	l := &lexer{data: data[:first]}
	type entry struct{ num, off int64 }
	var es []entry
	for range min(n, int64(len(data))/2+1) {
		num, ok1 := l.token().(int64)
		off, ok2 := l.token().(int64)
		if !ok1 || !ok2 {
			break
		}
		es = append(es, entry{num, off})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].off < es[j].off })
	for _, e := range es {
		if len(f.objs) >= MaxObjects {
			f.truncated = true
			return nil
		}
		if e.off < 0 || first+e.off >= int64(len(data)) {
			continue
		}
		if _, ok := f.objs[e.num]; ok {
			continue
		}
		l := &lexer{data: data, pos: int(first + e.off)}
		f.add(&object{num: e.num, value: l.object(0), inObjStm: true})
	}
	return nil
}

// filters returns a stream's filter chain and the parameters of each.
func (f *file) filters(d dict) ([]name, []dict) {
	var fs []name
	var ps []dict
	switch v := f.resolve(d["Filter"]).(type) {
	case name:
		fs = []name{v}
	case []any:
		for _, x := range v {
			if n, ok := f.resolve(x).(name); ok {
				fs = append(fs, n)
			}
		}
	}
	switch v := f.resolve(d["DecodeParms"]).(type) {
	case dict:
		ps = []dict{v}
	case []any:
		for _, x := range v {
			pd, _ := f.resolve(x).(dict)
			ps = append(ps, pd)
		}
	}
	for len(ps) < len(fs) {
		ps = append(ps, nil)
	}
	for i, p := range ps {
		if p == nil {
			continue
		}
		q := dict{}
		for k, v := range p {
			q[k] = f.resolve(v)
		}
		ps[i] = q
	}
	return fs, ps
}
