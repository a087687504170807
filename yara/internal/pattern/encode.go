package pattern

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/overt-sec/overt/yara/internal/wire"
	"github.com/overt-sec/overt/yara/regex"
	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
)

// The binary form of a Pattern (AppendBinary, Decode) holds everything a
// scan needs — atoms, text variants, programs, sites, prefilters — so that
// compiled rules load without choosing atoms or compiling programs again.
// Regex forms are the exception: the regex package's programs are compiled
// again from the regex text and flags, kept for that purpose.
//
// Integers are uvarints (varints where they may be negative), byte strings
// a uvarint length then the bytes. Decode validates every index the
// matchers follow, so a well-formed but hostile encoding cannot make Verify
// or ScanRange panic; it can only give wrong matches.

// Form kinds of the encoding.
const (
	encRegex = 1 // a regex form: compiled again from Pattern.rxText
	encProg  = 2 // a program of this package
	encSplit = 3 // a split hex string
)

// Byte class encodings.
const (
	clsByte = 1 // one byte: the byte follows
	clsAny  = 2 // every byte
	clsSet  = 3 // any set: four little-endian 64-bit words follow
)

// anyByte is the class of every byte.
var anyByte = rxsyntax.Class{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}

// maxEncWindow bounds the atom window offsets and lengths of alternation
// sites (yaraalt_site.go) in an encoding: windows are at most MaxAtomLen
// characters, twice as many bytes in a wide form.
const maxEncWindow = 2 * MaxAtomLen

// maxEncJump bounds a split hex string's jump in an encoding: a jump of a
// hex string is a 32-bit quantity in yara, and bounding it keeps the
// matcher's offset arithmetic far from overflow.
const maxEncJump = math.MaxInt32

// ErrNotEncodable is returned by AppendBinary for a pattern the binary
// form cannot hold: the caller keeps the string's definition and compiles
// it again instead. Every pattern has a binary form today; the error lets
// a new kind of compiled string be added before its encoding.
var ErrNotEncodable = errors.New("pattern: this kind of compiled string has no binary form")

// AppendBinary appends the binary form of p to b. It returns
// ErrNotEncodable, and b unchanged, for a pattern without a binary form.
func (p *Pattern) AppendBinary(b []byte) ([]byte, error) {
	b = append(b, byte(p.kind))
	b = wire.AppendString(b, p.name)
	b = wire.AppendBool(b, p.fullword)
	b = binary.AppendVarint(b, int64(p.quality))
	b = binary.AppendVarint(b, int64(p.yq))
	b = binary.AppendUvarint(b, uint64(len(p.atoms)))
	for _, a := range p.atoms {
		b = wire.AppendString(b, string(a.Bytes))
		b = binary.AppendUvarint(b, uint64(a.Verifier))
	}
	b = binary.AppendUvarint(b, uint64(len(p.texts)))
	for i := range p.texts {
		v := &p.texts[i]
		b = wire.AppendString(b, string(v.pat))
		var fl byte
		if v.fold {
			fl |= 1
		}
		if v.wide {
			fl |= 2
		}
		if v.fullword {
			fl |= 4
		}
		b = append(b, fl)
		b = binary.AppendVarint(b, int64(v.key))
		b = binary.AppendVarint(b, int64(v.rank))
		b = binary.AppendUvarint(b, uint64(v.atomOff))
	}
	if p.kind == KindRegex {
		b = wire.AppendString(b, p.rxText)
		b = append(b, byte(p.rxFlags))
	}
	b = binary.AppendUvarint(b, uint64(len(p.forms)))
	for i := range p.forms {
		f := &p.forms[i]
		b = binary.AppendVarint(b, int64(f.rank))
		b = wire.AppendBool(b, f.wide)
		switch {
		case f.re != nil:
			if p.kind != KindRegex {
				return nil, fmt.Errorf("pattern %s: regex form in a pattern of kind %d", p.name, p.kind)
			}
			b = append(b, encRegex)
		case f.split != nil:
			b = append(b, encSplit)
			b = binary.AppendUvarint(b, uint64(len(f.split.segs)))
			for j, s := range f.split.segs {
				b = s.appendBinary(b)
				b = binary.AppendVarint(b, int64(f.split.first[j]))
			}
			for _, j := range f.split.jumps {
				b = binary.AppendVarint(b, int64(j[0]))
				b = binary.AppendVarint(b, int64(j[1]))
			}
		case f.hexProg() != nil:
			b = append(b, encProg)
			b = f.hexProg().appendBinary(b)
		default:
			return nil, fmt.Errorf("pattern %s: form %d has no matcher", p.name, i)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(p.sites)))
	for _, s := range p.sites {
		b = binary.AppendUvarint(b, uint64(s.form))
		b = binary.AppendVarint(b, int64(s.fixed))
		b = binary.AppendVarint(b, int64(s.backMax))
		b = wire.AppendBool(b, s.back != nil)
		if s.back != nil {
			b = s.back.appendBinary(b)
		}
		b = wire.AppendBool(b, s.alt != nil)
		if a := s.alt; a != nil {
			b = a.fwd.appendBinary(b)
			b = binary.AppendUvarint(b, uint64(a.atomOff))
			b = binary.AppendUvarint(b, uint64(a.winLen))
			b = binary.AppendVarint(b, a.rank)
			b = wire.AppendBool(b, a.greedy)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(p.pres)))
	for _, f := range p.pres {
		b = wire.AppendBool(b, f != nil)
		if f != nil {
			b = binary.AppendVarint(b, int64(f.n))
			for _, m := range f.mask {
				b = binary.LittleEndian.AppendUint16(b, m)
			}
		}
	}
	return b, nil
}

// appendBinary appends the binary form of a program.
func (pr *prog) appendBinary(b []byte) []byte {
	b = binary.AppendUvarint(b, uint64(len(pr.insts)))
	for _, in := range pr.insts {
		b = append(b, in.op)
		switch in.op {
		case iByte:
			b = binary.AppendUvarint(b, uint64(in.cls))
		case iSplit:
			b = binary.AppendUvarint(b, uint64(in.x))
			b = binary.AppendUvarint(b, uint64(in.y))
		case iJmp:
			b = binary.AppendUvarint(b, uint64(in.x))
		case iAssert:
			b = append(b, byte(in.a))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(pr.classes)))
	for i := range pr.classes {
		c := &pr.classes[i]
		if v, ok := singleByte(c); ok {
			b = append(b, clsByte, v)
			continue
		}
		if *c == anyByte {
			b = append(b, clsAny)
			continue
		}
		b = append(b, clsSet)
		for _, w := range c {
			b = binary.LittleEndian.AppendUint64(b, w)
		}
	}
	b = wire.AppendBool(b, pr.wide)
	return binary.AppendUvarint(b, uint64(pr.limit))
}

// Decode decodes the pattern at the front of b, as written by
// AppendBinary, and returns it with the bytes after it. It fails, saying
// what, on a truncated or inconsistent encoding. The pattern does not
// share memory with b.
func Decode(b []byte) (*Pattern, []byte, error) {
	ps, rest, err := DecodeAll(b, 1)
	if err != nil {
		return nil, nil, err
	}
	return ps[0], rest, nil
}

// DecodeAll decodes n consecutive patterns from the front of b and returns
// them with the bytes after them. The patterns share a few large blocks of
// memory rather than holding one small allocation per atom.
func DecodeAll(b []byte, n int) ([]*Pattern, []byte, error) {
	d := &dec{Decoder: wire.Decoder{B: b}}
	if n < 0 || n > len(b) {
		return nil, nil, fmt.Errorf("pattern: %d patterns in %d bytes", n, len(b))
	}
	out := make([]*Pattern, n)
	all := make([]Pattern, n)
	for i := range out {
		out[i] = &all[i]
		d.pattern(out[i])
		if d.Err != nil {
			return nil, nil, fmt.Errorf("pattern: decoding pattern %d (%q): %w", i, out[i].name, d.Err)
		}
	}
	return out, d.B, nil
}

// dec reads an encoding; the first error sticks and later reads return
// zero values.
type dec struct {
	wire.Decoder
	slab []byte // memory handed out by keep
}

// slabSize is the size of the blocks that hold decoded byte strings.
const slabSize = 64 << 10

// keep returns a copy of s carved from the current slab.
func (d *dec) keep(s []byte) []byte {
	if len(s) > slabSize/8 {
		return append([]byte(nil), s...)
	}
	if len(d.slab) < len(s) {
		d.slab = make([]byte, slabSize)
	}
	c := d.slab[:len(s):len(s)]
	copy(c, s)
	d.slab = d.slab[len(s):]
	return c
}

// int reads a varint in lo..hi.
func (d *dec) int(lo, hi int64) int {
	v := d.Varint()
	if d.Err != nil {
		return 0
	}
	if v < lo || v > hi {
		d.Fail("integer %d out of range %d..%d", v, lo, hi)
		return 0
	}
	return int(v)
}

// index reads a uvarint below n.
func (d *dec) index(n int) int {
	v := d.Uvarint()
	if v >= uint64(n) {
		d.Fail("index %d out of range (%d)", v, n)
		return 0
	}
	return int(v)
}

func (d *dec) pattern(p *Pattern) {
	p.kind = Kind(d.Byte())
	if p.kind < KindText || p.kind > KindRegex {
		d.Fail("unknown kind %d", p.kind)
		return
	}
	p.name = string(d.Bytes())
	p.fullword = d.Bool()
	p.quality = d.int(math.MinInt32, math.MaxInt32)
	p.yq = d.int(math.MinInt32, math.MaxInt32)
	if n := d.Count(2); n > 0 {
		if n > MaxAtomsPerString {
			d.Fail("%d atoms, more than MaxAtomsPerString", n)
			return
		}
		p.atoms = make([]Atom, n)
		for i := range p.atoms {
			a := &p.atoms[i]
			a.Bytes = d.keep(d.Bytes())
			a.Verifier = int(d.Uvarint())
			if d.Err == nil && (len(a.Bytes) == 0 || len(a.Bytes) > MaxAtomLen) {
				d.Fail("atom of %d bytes", len(a.Bytes))
			}
		}
	}
	if n := d.Count(5); n > 0 {
		p.texts = make([]textVariant, n)
		for i := range p.texts {
			v := &p.texts[i]
			v.pat = d.keep(d.Bytes())
			fl := d.Byte()
			v.fold, v.wide, v.fullword = fl&1 != 0, fl&2 != 0, fl&4 != 0
			v.key = d.int(-1, MaxXorKey)
			v.rank = d.int(0, math.MaxInt32)
			v.atomOff = d.index(len(v.pat) + 1)
			if d.Err == nil && (len(v.pat) == 0 || fl > 7) {
				d.Fail("bad text variant")
			}
		}
	}
	var tree *rxsyntax.Node
	if p.kind == KindRegex {
		p.rxText = string(d.Bytes())
		p.rxFlags = rxsyntax.Flags(d.Byte())
		if d.Err == nil {
			t, err := rxsyntax.Parse(p.rxText, p.rxFlags)
			if err != nil {
				d.Fail("regex: %v", err)
				return
			}
			tree = t
		}
	}
	if n := d.Count(3); n > 0 {
		p.forms = make([]form, n)
		for i := range p.forms {
			d.form(&p.forms[i], tree)
		}
	}
	if n := d.Count(4); n > 0 {
		p.sites = make([]site, n)
		for i := range p.sites {
			s := &p.sites[i]
			s.form = d.index(len(p.forms))
			s.fixed = d.int(-1, math.MaxInt32)
			s.backMax = d.int(-1, math.MaxInt32)
			if d.Bool() {
				s.back = d.prog()
			} else if s.fixed < 0 && d.Err == nil {
				d.Fail("site without a fixed prefix nor a backward program")
			}
			if d.Bool() {
				s.alt = &altSite{fwd: d.prog(), atomOff: d.index(maxEncWindow + 1), winLen: d.index(maxEncWindow + 1)}
				s.alt.rank = int64(d.int(0, 1<<altRankBits-1))
				s.alt.greedy = d.Bool()
			}
		}
	}
	if n := d.Count(1); n > 0 {
		if n != len(p.forms) {
			d.Fail("%d prefilters for %d forms", n, len(p.forms))
			return
		}
		p.pres = make([]*prefilter, n)
		for i := range p.pres {
			if d.Bool() {
				f := &prefilter{n: d.int(1, maxPrefilterLen)}
				if len(d.B) < 2*len(f.mask) {
					d.Fail("truncated prefilter")
					return
				}
				for j := range f.mask {
					f.mask[j] = binary.LittleEndian.Uint16(d.B[2*j:])
				}
				d.B = d.B[2*len(f.mask):]
				p.pres[i] = f
			}
		}
	}
	d.check(p)
}

// check validates what ties the parts of a pattern together.
func (d *dec) check(p *Pattern) {
	if d.Err != nil {
		return
	}
	nv := len(p.sites)
	switch p.kind {
	case KindText, KindBase64:
		nv = len(p.texts)
		if len(p.forms) > 0 || len(p.sites) > 0 || len(p.pres) > 0 {
			d.Fail("text pattern with forms or sites")
		}
	default:
		if len(p.texts) > 0 || len(p.forms) == 0 {
			d.Fail("hex or regex pattern with text variants or without forms")
		}
		if len(p.atoms) > 0 && len(p.pres) > 0 {
			d.Fail("prefilters on a pattern with atoms")
		}
	}
	for _, a := range p.atoms {
		if a.Verifier >= nv {
			d.Fail("atom verifier %d out of range (%d)", a.Verifier, nv)
			return
		}
	}
}

// form decodes one form of a hex or regex pattern; tree is the regex's
// parsed tree (nil for hex strings).
func (d *dec) form(f *form, tree *rxsyntax.Node) {
	f.rank = d.int(0, math.MaxInt32)
	f.wide = d.Bool()
	switch d.Byte() {
	case encRegex:
		if tree == nil {
			d.Fail("regex form without a regex")
			return
		}
		if d.Err != nil {
			return
		}
		t := tree
		if f.wide {
			w, err := wideTree(tree, 0)
			if err != nil {
				d.Fail("wide regex: %v", err)
				return
			}
			t = w
		}
		re, err := regex.CompileNode(t)
		if err != nil {
			d.Fail("regex: %v", err)
			return
		}
		f.re = re
	case encProg:
		f.hex = d.prog()
	case encSplit:
		n := d.Count(3)
		if n == 0 {
			d.Fail("split hex string without segments")
			return
		}
		sh := &splitHex{segs: make([]*prog, n), first: make([]int, n), jumps: make([][2]int, n-1)}
		for i := range sh.segs {
			sh.segs[i] = d.prog()
			sh.first[i] = d.int(-1, 255)
		}
		for i := range sh.jumps {
			sh.jumps[i] = [2]int{d.int(0, maxEncJump), d.int(-1, maxEncJump)}
		}
		f.split = sh
	default:
		d.Fail("unknown form kind")
	}
}

// prog decodes a program and checks that the VM can run it: every target
// and class index in range, and no instruction falling off the end.
func (d *dec) prog() *prog {
	n := d.Count(1)
	if d.Err != nil {
		return nil
	}
	if n == 0 || n > MaxProgramInsts {
		d.Fail("program of %d instructions", n)
		return nil
	}
	pr := &prog{insts: make([]inst, n)}
	if !d.insts(pr.insts) {
		return nil
	}
	nc := d.Count(1)
	if nc > 0 {
		pr.classes = make([]rxsyntax.Class, nc)
		for i := range pr.classes {
			c := &pr.classes[i]
			switch d.Byte() {
			case clsByte:
				c.Add(d.Byte())
			case clsAny:
				*c = anyByte
			case clsSet:
				if len(d.B) < 32 {
					d.Fail("truncated byte class")
					return nil
				}
				for j := range c {
					c[j] = binary.LittleEndian.Uint64(d.B[8*j:])
				}
				d.B = d.B[32:]
			default:
				d.Fail("unknown byte class encoding")
				return nil
			}
		}
	}
	pr.wide = d.Bool()
	pr.limit = d.int32()
	if d.Err != nil {
		return nil
	}
	for pc, in := range pr.insts {
		ok := true
		switch in.op {
		case iByte:
			ok = int(in.cls) < nc && pc+1 < n
		case iSplit:
			ok = int(in.x) < n && int(in.y) < n
		case iJmp:
			ok = int(in.x) < n
		case iAssert:
			ok = pc+1 < n
		}
		if !ok {
			d.Fail("instruction %d of a program: target or class out of range", pc)
			return nil
		}
	}
	return pr
}

// insts decodes instructions into out. It is the hot loop of decoding
// (hex programs have thousands of instructions), so it reads the bytes
// with a local cursor, with a fast path for one-byte arguments.
func (d *dec) insts(out []inst) bool {
	b, k := d.B, 0
	for i := range out {
		if k >= len(b) {
			d.Fail("truncated program")
			return false
		}
		in := &out[i]
		in.op = b[k]
		k++
		var nargs int
		switch in.op {
		case iByte, iJmp:
			nargs = 1
		case iSplit:
			nargs = 2
		case iAssert:
			if k >= len(b) {
				d.Fail("truncated program")
				return false
			}
			in.a = rxsyntax.Op(b[k])
			k++
		case iMatch:
		default:
			d.Fail("unknown instruction %d at %d of a program", in.op, i)
			return false
		}
		var args [2]int32
		for j := range nargs {
			if k < len(b) && b[k] < 0x80 {
				args[j] = int32(b[k])
				k++
				continue
			}
			v, n := binary.Uvarint(b[k:])
			if n <= 0 || v > math.MaxInt32 {
				d.Fail("bad argument of instruction %d of a program", i)
				return false
			}
			args[j] = int32(v)
			k += n
		}
		switch in.op {
		case iByte:
			in.cls = args[0]
		case iJmp:
			in.x = args[0]
		case iSplit:
			in.x, in.y = args[0], args[1]
		}
	}
	d.B = b[k:]
	return true
}

// int32 reads a uvarint that fits in an int32.
func (d *dec) int32() int {
	v := d.Uvarint()
	if v > math.MaxInt32 {
		d.Fail("integer %d out of range", v)
		return 0
	}
	return int(v)
}
