package dex

import (
	"crypto/sha1"
	"encoding/binary"
	"hash/adler32"
	"os"
	"path/filepath"
	"testing"
)

// dexBuilder lays out a small DEX file: fixed tables after the header,
// variable items in the data section.
type dexBuilder struct {
	b []byte
}

func (d *dexBuilder) u8(v ...byte) { d.b = append(d.b, v...) }
func (d *dexBuilder) u16(v uint16) { d.b = binary.LittleEndian.AppendUint16(d.b, v) }
func (d *dexBuilder) u32(v uint32) { d.b = binary.LittleEndian.AppendUint32(d.b, v) }
func (d *dexBuilder) uleb(v uint32) {
	for v >= 0x80 {
		d.b = append(d.b, byte(v)|0x80)
		v >>= 7
	}
	d.b = append(d.b, byte(v))
}
func (d *dexBuilder) align4() {
	for len(d.b)%4 != 0 {
		d.b = append(d.b, 0)
	}
}
func (d *dexBuilder) put32(off int, v uint32) { binary.LittleEndian.PutUint32(d.b[off:], v) }
func (d *dexBuilder) pos() uint32             { return uint32(len(d.b)) }

// testStrings are the strings of the built file, in index order.
var testStrings = []string{"<init>", "I", "LFoo;", "Ljava/lang/Object;", "V", "VI", "bar", "count", "Foo.java", "caf\xc3\xa9"}

// buildDex returns a well-formed DEX file: class LFoo; extends Object
// with an int field, a constructor and a virtual method, both with code.
func buildDex(version string) []byte {
	d := &dexBuilder{}
	d.b = make([]byte, 0x70)
	copy(d.b, "dex\n"+version+"\x00")
	const (
		nStr, nType, nProto, nField, nMethod, nClass = 10, 4, 2, 1, 3, 1
	)
	stringIDs := d.pos()
	d.b = append(d.b, make([]byte, 4*nStr)...)
	typeIDs := d.pos()
	for _, s := range []uint32{1, 2, 3, 4} {
		d.u32(s)
	}
	protoIDs := d.pos()
	d.u32(4) // shorty "V"
	d.u32(3) // returns V
	d.u32(0)
	protoParams := d.pos()
	d.u32(5) // shorty "VI"
	d.u32(3)
	d.u32(0) // parameters, patched below
	fieldIDs := d.pos()
	d.u16(1) // LFoo;
	d.u16(0) // I
	d.u32(7) // count
	methodIDs := d.pos()
	for _, m := range [][3]uint32{{1, 0, 0}, {1, 1, 6}, {2, 0, 0}} {
		d.u16(uint16(m[0]))
		d.u16(uint16(m[1]))
		d.u32(m[2])
	}
	classDefs := d.pos()
	d.u32(1) // class LFoo;
	d.u32(1) // ACC_PUBLIC
	d.u32(2) // super Object
	d.u32(0) // interfaces
	d.u32(8) // source file
	d.u32(0) // annotations
	classData := d.pos()
	d.u32(0) // class data, patched below
	d.u32(0) // static values
	dataOff := d.pos()
	for i, s := range testStrings {
		d.put32(int(stringIDs)+4*i, d.pos())
		d.uleb(uint32(len([]rune(s))))
		d.u8([]byte(s)...)
		d.u8(0)
	}
	d.align4()
	d.put32(int(protoParams)+8, d.pos())
	d.u32(1)
	d.u16(0) // I
	d.align4()
	code := d.pos()
	d.u16(1) // registers
	d.u16(1) // ins
	d.u16(1) // outs
	d.u16(0) // tries
	d.u32(0) // debug info
	d.u32(4) // insns units
	d.u8(0x70, 0x10, 0x02, 0x00, 0x00, 0x00, 0x0e, 0x00)
	code2 := d.pos()
	d.u16(2)
	d.u16(2)
	d.u16(0)
	d.u16(0)
	d.u32(0)
	d.u32(1)
	d.u8(0x0e, 0x00)
	d.align4()
	d.put32(int(classData), d.pos())
	d.uleb(0) // static fields
	d.uleb(1) // instance fields
	d.uleb(1) // direct methods
	d.uleb(1) // virtual methods
	d.uleb(0) // field 0
	d.uleb(2) // private
	d.uleb(0) // method 0
	d.uleb(0x10001)
	d.uleb(code)
	d.uleb(1) // method 1
	d.uleb(1)
	d.uleb(code2)
	d.align4()
	mapOff := d.pos()
	items := [][3]uint32{
		{0x0000, 1, 0}, {0x0001, nStr, stringIDs}, {0x0002, nType, typeIDs}, {0x0003, nProto, protoIDs},
		{0x0004, nField, fieldIDs}, {0x0005, nMethod, methodIDs}, {0x0006, nClass, classDefs},
		{0x2002, nStr, dataOff}, {0x2001, 2, code}, {0x2000, 1, classData}, {0x1000, 1, mapOff},
	}
	d.u32(uint32(len(items)))
	for _, it := range items {
		d.u16(uint16(it[0]))
		d.u16(0)
		d.u32(it[1])
		d.u32(it[2])
	}
	end := d.pos()
	for i, v := range []uint32{end, 0x70, 0x12345678, 0, 0, mapOff, nStr, stringIDs, nType, typeIDs,
		nProto, protoIDs, nField, fieldIDs, nMethod, methodIDs, nClass, classDefs, end - dataOff, dataOff} {
		d.put32(0x20+4*i, v)
	}
	sig := sha1.Sum(d.b[32:])
	copy(d.b[12:], sig[:])
	d.put32(8, adler32.Checksum(d.b[12:]))
	return d.b
}

// testFiles returns the generated samples by name: well-formed files and
// damaged variants of them.
func testFiles() map[string][]byte {
	good := buildDex("035")
	m := map[string][]byte{
		"dex035.dex":    good,
		"dex039.dex":    buildDex("039"),
		"dex040.dex":    buildDex("040"),
		"truncated.dex": good[:0x90],
		"header.dex":    good[:0x70],
		"short.dex":     good[:0x40],
		"not-dex.bin":   []byte("dey\n035\x00 this is not a dex file, only text that is long enough to hold a header... padding padding padding"),
	}
	huge := append([]byte(nil), good...)
	binary.LittleEndian.PutUint32(huge[0x38:], 0x7fffffff) // string_ids_size
	binary.LittleEndian.PutUint32(huge[0x60:], 0xffffffff) // class_defs_size
	m["huge-counts.dex"] = huge
	wild := append([]byte(nil), good...)
	for _, off := range []int{0x3c, 0x44, 0x4c, 0x54, 0x5c, 0x64, 0x34} {
		binary.LittleEndian.PutUint32(wild[off:], 0xfffffff0) // every table offset past the end
	}
	m["wild-offsets.dex"] = wild
	patch := func(name string, off int, v uint32) {
		b := append([]byte(nil), good...)
		binary.LittleEndian.PutUint32(b[off:], v)
		m[name] = b
	}
	patch("bad-string-data.dex", 0x70+4*2, 0xfff0) // string 2 ("LFoo;") unreadable
	patch("long-string-table.dex", 0x38, 41)       // string_ids run into other tables
	patch("bad-field-table.dex", 0x50, 1000)       // field_ids past the end: nothing after
	patch("bad-class-table.dex", 0x60, 0xffffffff) // class_defs past the end: map list only
	patch("bad-map.dex", 0x34, 0xfffffff0)         // map past the end: classes only
	patch("bad-class-data.dex", 384, 0xfffff)      // static field count far past the field table
	patch("bad-code.dex", 352, 0xfffff)            // instruction count past the end
	return m
}

// WriteTestFiles writes testFiles into dir and returns their paths.
func WriteTestFiles(t testing.TB, dir string) []string {
	var out []string
	for name, b := range testFiles() {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}
