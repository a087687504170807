package lzx

import (
	"fmt"

	"github.com/overt-sec/overt/content/internal/lzx/slots"
)

// readBlockHeader starts a block: its type, its uncompressed size and,
// depending on the type, its trees or its stored repeated offsets.
func (d *Decoder) readBlockHeader() error {
	d.skipPadding()
	t, err := d.br.read(3)
	if err != nil {
		return err
	}
	hi, err := d.br.read(16)
	if err != nil {
		return err
	}
	lo, err := d.br.read(8)
	if err != nil {
		return err
	}
	d.blockType = int(t)
	d.blockSize = int(hi<<8 | lo)
	d.blockLeft = d.blockSize
	switch d.blockType {
	case blockAligned:
		var lens [numAligned]uint8
		for i := range lens {
			v, err := d.br.read(3)
			if err != nil {
				return err
			}
			lens[i] = uint8(v)
		}
		if err := d.aligned.build(lens[:]); err != nil {
			return fmt.Errorf("aligned offset tree: %w", err)
		}
		fallthrough
	case blockVerbatim:
		return d.readMainTrees()
	case blockUncompressed:
		if err := d.br.alignRaw(); err != nil {
			return err
		}
		var r [12]byte
		if err := d.br.raw(r[:]); err != nil {
			return err
		}
		d.r0 = int(le32(r[0:]))
		d.r1 = int(le32(r[4:]))
		d.r2 = int(le32(r[8:]))
		return nil
	}
	return fmt.Errorf("invalid block type %d", d.blockType)
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// readMainTrees reads the main tree (literals, then match headers) and
// the length tree, each coded as changes to the previous block's lengths.
func (d *Decoder) readMainTrees() error {
	mainLen := numChars + 8*d.slots
	if err := d.readLengths(d.mainLens[:numChars]); err != nil {
		return fmt.Errorf("main tree: %w", err)
	}
	if err := d.readLengths(d.mainLens[numChars:mainLen]); err != nil {
		return fmt.Errorf("main tree: %w", err)
	}
	if err := d.main.build(d.mainLens[:mainLen]); err != nil {
		return fmt.Errorf("main tree: %w", err)
	}
	if err := d.readLengths(d.lenLens[:]); err != nil {
		return fmt.Errorf("length tree: %w", err)
	}
	if err := d.length.build(d.lenLens[:]); err != nil {
		return fmt.Errorf("length tree: %w", err)
	}
	return nil
}

// readLengths reads a pretree and, through it, new code lengths for lens,
// which holds the previous block's lengths.
func (d *Decoder) readLengths(lens []uint8) error {
	var pl [numPre]uint8
	for i := range pl {
		v, err := d.br.read(4)
		if err != nil {
			return err
		}
		pl[i] = uint8(v)
	}
	if err := d.pre.build(pl[:]); err != nil {
		return fmt.Errorf("pretree: %w", err)
	}
	for i := 0; i < len(lens); {
		z, err := d.pre.decode(&d.br)
		if err != nil {
			return fmt.Errorf("pretree: %w", err)
		}
		run, val := 1, uint8(0)
		switch {
		case z <= 16:
			val = uint8((int(lens[i]) - z + 17) % 17)
		case z == 17, z == 18:
			bits, base := uint(4), 4
			if z == 18 {
				bits, base = 5, 20
			}
			v, err := d.br.read(bits)
			if err != nil {
				return err
			}
			run = base + int(v)
		case z == 19:
			v, err := d.br.read(1)
			if err != nil {
				return err
			}
			run = 4 + int(v)
			z, err = d.pre.decode(&d.br)
			if err != nil {
				return fmt.Errorf("pretree: %w", err)
			}
			if z > 16 {
				return fmt.Errorf("pretree code %d after a repeat code", z)
			}
			val = uint8((int(lens[i]) - z + 17) % 17)
		}
		if i+run > len(lens) {
			return fmt.Errorf("run of %d lengths overruns the tree at %d of %d", run, i, len(lens))
		}
		for j := range run {
			lens[i+j] = val
		}
		i += run
	}
	return nil
}

// copyRaw copies bytes of an uncompressed block into the window, up to the
// end of the block or of the frame.
func (d *Decoder) copyRaw(size int) error {
	n := min(d.blockLeft, size-d.ahead)
	for n > 0 {
		pos := (d.frameStart + d.ahead) & d.mask
		k := min(n, len(d.window)-pos)
		if err := d.br.raw(d.window[pos : pos+k]); err != nil {
			return err
		}
		d.ahead += k
		d.blockLeft -= k
		n -= k
	}
	if d.blockLeft == 0 && d.blockSize%2 == 1 {
		d.padPending = true
	}
	return nil
}

// decodeSymbols decodes literals and matches of a verbatim or aligned
// block up to the end of the block or of the frame; the last match may run
// past the frame's end (not the block's).
func (d *Decoder) decodeSymbols(size int) error {
	win, mask := d.window, d.mask
	for d.blockLeft > 0 && d.ahead < size {
		sym, err := d.main.decode(&d.br)
		if err != nil {
			return fmt.Errorf("main tree: %w", err)
		}
		pos := (d.frameStart + d.ahead) & mask
		if sym < numChars {
			win[pos] = byte(sym)
			d.ahead++
			d.blockLeft--
			continue
		}
		sym -= numChars
		length := sym&7 + 2
		if sym&7 == 7 {
			f, err := d.length.decode(&d.br)
			if err != nil {
				return fmt.Errorf("length tree: %w", err)
			}
			length += f
		}
		offset, err := d.matchOffset(sym >> 3)
		if err != nil {
			return err
		}
		if length > d.blockLeft {
			return fmt.Errorf("match of %d bytes overruns its block by %d", length, length-d.blockLeft)
		}
		if offset < 1 || int64(offset) > d.total+int64(d.ahead) || offset > mask {
			return fmt.Errorf("match offset %d reaches before the start of the data", offset)
		}
		if d.ahead+length > len(win) {
			return fmt.Errorf("match runs past the window")
		}
		src := (pos - offset) & mask
		for range length {
			win[pos] = win[src]
			pos = (pos + 1) & mask
			src = (src + 1) & mask
		}
		d.ahead += length
		d.blockLeft -= length
	}
	return nil
}

// matchOffset decodes the offset of a match in position slot slot and
// updates the repeated offsets.
func (d *Decoder) matchOffset(slot int) (int, error) {
	switch slot {
	case 0:
		return d.r0, nil
	case 1:
		d.r0, d.r1 = d.r1, d.r0
		return d.r0, nil
	case 2:
		d.r0, d.r2 = d.r2, d.r0
		return d.r0, nil
	}
	extra := uint(slots.ExtraBits[slot])
	off := slots.Base[slot]
	if d.blockType == blockAligned && extra >= 3 {
		v, err := d.br.read(extra - 3)
		if err != nil {
			return 0, err
		}
		a, err := d.aligned.decode(&d.br)
		if err != nil {
			return 0, fmt.Errorf("aligned offset tree: %w", err)
		}
		off += v<<3 + uint32(a)
	} else {
		v, err := d.br.read(extra)
		if err != nil {
			return 0, err
		}
		off += v
	}
	d.r2, d.r1, d.r0 = d.r1, d.r0, int(off-2)
	return d.r0, nil
}

// translateE8 undoes the encoder's E8 preprocessing of one frame that
// starts at output offset start: the 32-bit operand of every 0xE8 byte
// (a CALL) is turned back from an absolute into a relative address.
func translateE8(b []byte, start int64, size int32) {
	for i := 0; i < len(b)-10; i++ {
		if b[i] != 0xE8 {
			continue
		}
		cur := int32(start + int64(i))
		abs := int32(le32(b[i+1:]))
		if abs >= -cur && abs < size {
			rel := abs - cur
			if abs < 0 {
				rel = abs + size
			}
			b[i+1], b[i+2], b[i+3], b[i+4] = byte(rel), byte(rel>>8), byte(rel>>16), byte(rel>>24)
		}
		i += 4
	}
}
