package elf_test

import (
	"encoding/binary"
	"fmt"
	"github.com/overt-sec/overt/yara/modules/internal/modtest"
)

// mutations returns copies of an ELF file with header and table fields
// changed the ways hostile files change them.
func mutations(data []byte) []modtest.Mutation {
	if len(data) < 64 || string(data[:4]) != "\x7fELF" {
		return nil
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if data[5] == 2 {
		bo = binary.BigEndian
	}
	is64 := data[4] == 2
	// Offsets of header fields by class.
	entry, phoff, shoff, phnum, shnum, shstrndx := 24, 28, 32, 44, 48, 50
	shsize, phsize := 40, 32
	if is64 {
		entry, phoff, shoff, phnum, shnum, shstrndx = 24, 32, 40, 56, 60, 62
		shsize, phsize = 64, 56
	}
	word := func(b []byte, off int, v uint64) {
		if off < 0 || off+8 > len(b) {
			return
		}
		if is64 {
			bo.PutUint64(b[off:], v)
		} else {
			bo.PutUint32(b[off:], uint32(v))
		}
	}
	getWord := func(off int) uint64 {
		if is64 {
			return bo.Uint64(data[off:])
		}
		return uint64(bo.Uint32(data[off:]))
	}
	var out []modtest.Mutation
	mut := func(name string, f func(b []byte)) {
		b := append([]byte(nil), data...)
		f(b)
		out = append(out, modtest.Mutation{Name: name, Data: b})
	}
	mut("shstrndx-big", func(b []byte) { bo.PutUint16(b[shstrndx:], bo.Uint16(b[shnum:])) })
	mut("shoff-huge", func(b []byte) { word(b, shoff, ^uint64(0)-8) })
	mut("phoff-huge", func(b []byte) { word(b, phoff, ^uint64(0)-8) })
	mut("entry-zero", func(b []byte) { word(b, entry, 0) })
	mut("entry-bad", func(b []byte) { word(b, entry, 0x7fff0000) })
	mut("type-exec", func(b []byte) { bo.PutUint16(b[16:], 2) })
	mut("type-dyn", func(b []byte) { bo.PutUint16(b[16:], 3) })
	mut("phnum-max", func(b []byte) { bo.PutUint16(b[phnum:], 0xffff) })
	mut("shnum-max", func(b []byte) { bo.PutUint16(b[shnum:], 0xffff) })
	for _, n := range []uint16{0xfeff, 0xff00} {
		if len(data) < 200_000 && int(n)*shsize < 1<<23 {
			out = append(out, modtest.Mutation{Name: fmt.Sprintf("shnum-%x-padded", n), Data: func() []byte {
				b := append(append([]byte(nil), data...), make([]byte, int(n)*shsize)...)
				bo.PutUint16(b[shnum:], n)
				return b
			}()})
		}
	}
	mut("class-bad", func(b []byte) { b[4] = 3 })
	mut("order-swap", func(b []byte) { b[5] = 3 - b[5] })
	// Section table edits: names past the string table, every section a
	// symbol table linked to section 0, sizes past the end.
	so := getWord(shoff)
	sn := int(bo.Uint16(data[shnum:]))
	if so > 0 && so < uint64(len(data)) && int(so)+sn*shsize <= len(data) {
		s := int(so)
		mut("names-far", func(b []byte) {
			for i := 0; i < sn; i++ {
				bo.PutUint32(b[s+i*shsize:], uint32(0xfffffff0-i))
			}
		})
		mut("names-shift", func(b []byte) {
			for i := 0; i < sn; i++ {
				off := s + i*shsize
				bo.PutUint32(b[off:], bo.Uint32(b[off:])+3)
			}
		})
		mut("sizes-big", func(b []byte) {
			szOff, offOff := 20, 16
			if is64 {
				szOff, offOff = 32, 24
			}
			for i := 0; i < sn; i++ {
				word(b, s+i*shsize+szOff, uint64(len(data))-getWord(s+i*shsize+offOff)+uint64(i))
			}
		})
		mut("all-symtab", func(b []byte) {
			for i := 0; i < sn; i++ {
				if t := bo.Uint32(b[s+i*shsize+4:]); t == 11 || t == 1 {
					bo.PutUint32(b[s+i*shsize+4:], 2)
				}
			}
		})
		mut("types-symtab", func(b []byte) {
			for i := 0; i < sn; i++ {
				t := bo.Uint32(b[s+i*shsize+4:])
				if t == 11 {
					bo.PutUint32(b[s+i*shsize+4:], 2)
				} else if t == 2 {
					bo.PutUint32(b[s+i*shsize+4:], 11)
				}
			}
		})
	}
	po := getWord(phoff)
	pn := int(bo.Uint16(data[phnum:]))
	if po > 0 && po < uint64(len(data)) && int(po)+pn*phsize <= len(data) {
		p := int(po)
		mut("all-dynamic", func(b []byte) {
			for i := 0; i < pn; i++ {
				bo.PutUint32(b[p+i*phsize:], 2)
			}
		})
		mut("dynamic-at-end", func(b []byte) {
			offOff := 4
			if is64 {
				offOff = 8
			}
			for i := 0; i < pn; i++ {
				bo.PutUint32(b[p+i*phsize:], 2)
				word(b, p+i*phsize+offOff, uint64(len(data)-40+i))
			}
		})
	}
	return out
}
