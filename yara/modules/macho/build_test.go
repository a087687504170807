package macho_test

import (
	"encoding/binary"
	"fmt"
	"github.com/overt-sec/overt/yara/modules/internal/modtest"
)

// order is a byte order that can append.
type order interface {
	binary.ByteOrder
	binary.AppendByteOrder
}

type sample struct {
	name string
	data []byte
}

// buildThin returns a small Mach-O image: a __PAGEZERO and a __TEXT
// segment (with __text and __cstring sections) and an LC_UNIXTHREAD whose
// program counter points into __text.
func buildThin(is64 bool, bo order, cpu, sub uint32) []byte {
	var b []byte
	u32 := func(v uint32) { b = bo.AppendUint32(b, v) }
	word := func(v uint64) {
		if is64 {
			b = bo.AppendUint64(b, v)
		} else {
			b = bo.AppendUint32(b, uint32(v))
		}
	}
	name := func(s string) {
		b = append(b, (s + "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")[:16]...)
	}
	magic := uint32(0xfeedface)
	segHdr, sect, segCmd := 56, 68, uint32(1)
	if is64 {
		magic, segHdr, sect, segCmd = 0xfeedfacf, 72, 80, 0x19
	}
	const base = 0x1000
	hdr := 28
	if is64 {
		hdr = 32
	}
	pcAt, pcWidth, stateSize := threadLayout(cpu)
	if stateOverride > 0 {
		stateSize = stateOverride
	}
	threadSize := 16 + stateSize
	cmds := segHdr + (segHdr + 2*sect) + threadSize
	textOff := uint64(hdr + cmds)
	u32(magic)
	u32(cpu)
	u32(sub)
	u32(2) // MH_EXECUTE
	u32(3)
	u32(uint32(cmds))
	u32(0x85)
	if is64 {
		u32(0)
	}
	// __PAGEZERO.
	u32(segCmd)
	u32(uint32(segHdr))
	name("__PAGEZERO")
	word(0)
	word(base)
	word(0)
	word(0)
	u32(0)
	u32(0)
	u32(0)
	u32(0)
	// __TEXT with two sections.
	u32(segCmd)
	u32(uint32(segHdr + 2*sect))
	name("__TEXT")
	word(base)
	word(0x1000)
	word(0)
	word(textOff + 32)
	u32(5)
	u32(5)
	u32(2)
	u32(0)
	for i, sn := range []string{"__text", "__cstring_long_name"} {
		name(sn)
		name("__TEXT")
		word(base + textOff + uint64(16*i))
		word(16)
		u32(uint32(textOff) + uint32(16*i))
		u32(4)
		u32(0)
		u32(0)
		u32(0x80000400 >> uint(i))
		u32(uint32(i))
		u32(7)
		if is64 {
			u32(9)
		}
	}
	// LC_UNIXTHREAD.
	u32(5)
	u32(uint32(threadSize))
	u32(1)
	u32(uint32((threadSize - 16) / 4))
	state := make([]byte, threadSize-16)
	pc := base + textOff + 2
	if pcWidth == 4 {
		bo.PutUint32(state[pcAt:], uint32(pc))
	} else {
		bo.PutUint64(state[pcAt:], pc)
	}
	b = append(b, state...)
	b = append(b, "\x90\x90\xc3\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00hello world\x00\x00\x00\x00\x00"...)
	return b
}

// threadLayout returns the offset and width of the program counter in the
// thread state of a CPU type, and the size of the state.
func threadLayout(cpu uint32) (int, int, int) {
	switch cpu {
	case 7:
		return 40, 4, 64
	case 0x01000007:
		return 128, 8, 168
	case 12:
		return 60, 4, 68
	case 0x0100000c:
		return 256, 8, 272
	case 18:
		return 0, 4, 128
	case 0x01000012:
		return 0, 8, 272
	}
	return 0, 4, 64
}

// stateOverride, when positive, replaces the thread state size.
var stateOverride = 0

// builtSamples are the hand-built thin images.
func builtSamples() []sample {
	return []sample{
		{"x86-le32", buildThin(false, binary.LittleEndian, 7, 3)},
		{"x86_64-le64", buildThin(true, binary.LittleEndian, 0x01000007, 3)},
		{"arm-le32", buildThin(false, binary.LittleEndian, 12, 9)},
		{"arm64-le64", buildThin(true, binary.LittleEndian, 0x0100000c, 0)},
		{"ppc-be32", buildThin(false, binary.BigEndian, 18, 0)},
		{"ppc64-be64", buildThin(true, binary.BigEndian, 0x01000012, 0)},
	}
}

// buildFat returns a fat binary of the given images, aligned to 4 KiB.
func buildFat(is64 bool, images ...[]byte) []byte {
	be := binary.BigEndian
	var b []byte
	magic, entry := uint32(0xcafebabe), 20
	if is64 {
		magic, entry = 0xcafebabf, 32
	}
	b = be.AppendUint32(b, magic)
	b = be.AppendUint32(b, uint32(len(images)))
	off := uint64(4096)
	var offs []uint64
	for _, im := range images {
		offs = append(offs, off)
		off += (uint64(len(im)) + 4095) &^ 4095
	}
	for i, im := range images {
		cpu, sub := be.Uint32(im[4:]), be.Uint32(im[8:])
		if binary.BigEndian.Uint32(im) == 0xcefaedfe || binary.BigEndian.Uint32(im) == 0xcffaedfe {
			cpu, sub = binary.LittleEndian.Uint32(im[4:]), binary.LittleEndian.Uint32(im[8:])
		}
		b = be.AppendUint32(b, cpu)
		b = be.AppendUint32(b, sub)
		if is64 {
			b = be.AppendUint64(b, offs[i])
			b = be.AppendUint64(b, uint64(len(im)))
			b = be.AppendUint32(b, 12)
			b = be.AppendUint32(b, 0)
		} else {
			b = be.AppendUint32(b, uint32(offs[i]))
			b = be.AppendUint32(b, uint32(len(im)))
			b = be.AppendUint32(b, 12)
		}
	}
	_ = entry
	for i, im := range images {
		for uint64(len(b)) < offs[i] {
			b = append(b, 0)
		}
		b = append(b, im...)
	}
	return b
}

// mutations returns copies of a Mach-O file with header and command
// fields changed the ways hostile files change them.
func mutations(data []byte) []modtest.Mutation {
	if len(data) < 32 {
		return nil
	}
	var out []modtest.Mutation
	mut := func(name string, f func(b []byte)) {
		b := append([]byte(nil), data...)
		f(b)
		out = append(out, modtest.Mutation{Name: name, Data: b})
	}
	m := binary.BigEndian.Uint32(data)
	if m == 0xcafebabe || m == 0xcafebabf {
		be := binary.BigEndian
		mut("nfat-big", func(b []byte) { be.PutUint32(b[4:], 1000) })
		mut("nfat-one", func(b []byte) { be.PutUint32(b[4:], 1) })
		mut("arch0-offset-far", func(b []byte) { be.PutUint32(b[16:], 0xfffffff0) })
		mut("arch0-size-small", func(b []byte) { be.PutUint32(b[20:], 100) })
		return out
	}
	var bo binary.ByteOrder = binary.BigEndian
	if m == 0xcefaedfe || m == 0xcffaedfe {
		bo = binary.LittleEndian
	}
	hdr := 28
	if m == 0xfeedfacf || m == 0xcffaedfe {
		hdr = 32
	}
	mut("ncmds-big", func(b []byte) { bo.PutUint32(b[16:], 0xffffffff) })
	mut("ncmds-one", func(b []byte) { bo.PutUint32(b[16:], 1) })
	mut("cputype-other", func(b []byte) { bo.PutUint32(b[4:], 99) })
	mut("cputype-x86", func(b []byte) { bo.PutUint32(b[4:], 7) })
	// Per command: a zero size, an oversized one, a huge nsects.
	off := hdr
	for i := 0; i < 12 && off+8 <= len(data); i++ {
		cmd, size := bo.Uint32(data[off:]), int(bo.Uint32(data[off+4:]))
		o := off
		mut(fmt.Sprintf("cmd%d-size0", i), func(b []byte) { bo.PutUint32(b[o+4:], 0) })
		mut(fmt.Sprintf("cmd%d-size-big", i), func(b []byte) { bo.PutUint32(b[o+4:], 0x7ffffff0) })
		if cmd == 1 || cmd == 0x19 {
			at := o + 64
			if cmd == 0x19 {
				at = o + 64
			} else {
				at = o + 48
			}
			mut(fmt.Sprintf("cmd%d-nsects-big", i), func(b []byte) { bo.PutUint32(b[at:], 0xffff) })
			mut(fmt.Sprintf("cmd%d-short", i), func(b []byte) { bo.PutUint32(b[o+4:], 40) })
		}
		if cmd == 5 || cmd == 0x80000028 {
			mut(fmt.Sprintf("cmd%d-short", i), func(b []byte) { bo.PutUint32(b[o+4:], 16) })
		}
		if size < 8 {
			break
		}
		off += size
	}
	return out
}
