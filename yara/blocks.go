package yara

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/overt-sec/overt/yara/internal/cond"
	"github.com/overt-sec/overt/yara/internal/pattern"
)

// Block is one block of memory of an object scanned with ScanBlocks: Size
// bytes at address Base, such as one readable region of a process.
type Block struct {
	Base int64 // address of the block's first byte
	Size int64 // length of the block in bytes
}

// MaxBlockSize bounds one block of ScanBlocks, which reads a whole block
// into memory at once: it is yara's default --max-process-memory-chunk
// (1 GiB); callers split larger regions into blocks of at most this size.
const MaxBlockSize = 1 << 30

// ScanBlocks scans an object made of separate blocks of memory, as yara
// scans a process. Each block is read from r at its address (r.ReadAt(p,
// Base)) into the scanner's buffer and searched on its own, in the order
// given, so no match spans two blocks. Match offsets, `at` and `in` are
// addresses (the block's Base plus the offset in the block). As in yara
// for a process, `filesize` and `entrypoint` are undefined, uint8(X) and
// its kin read at address X and are undefined unless the bytes lie inside
// one block, and modules get no data. A failed read of r fails the scan:
// a reader that should tolerate unreadable blocks (yara reads a process
// region that fails as zeros) must do so itself.
//
// Blocks must not overlap; each must have a positive Size of at most
// MaxBlockSize and a non-negative Base.
func (s *Scanner) ScanBlocks(ctx context.Context, blocks []Block, r io.ReaderAt) (*Result, error) {
	for i, b := range blocks {
		if b.Base < 0 || b.Size <= 0 || b.Size > MaxBlockSize || b.Base > math.MaxInt64-b.Size {
			return nil, fmt.Errorf("scan: block %d at %#x: invalid size %d (want 1 to %d bytes at a non-negative address)",
				i, b.Base, b.Size, MaxBlockSize)
		}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	s.ctx, s.stopErr, s.deadline = ctx, nil, time.Time{}
	if s.opts.Timeout > 0 {
		s.deadline = time.Now().Add(s.opts.Timeout)
	}
	s.reset()
	bs := newBlockScan(s, blocks, r)
	s.blk = bs
	// Strings checked on demand would need the block of the address asked
	// about: search them like any other string instead.
	lazy := s.lz.lazy
	s.lz.lazy = nil
	defer func() { s.blk, s.lz.lazy = nil, lazy }()

	s.setGuards(func(g *guard) bool {
		var buf [4]byte
		p := buf[:g.size]
		if !bs.read(g.off, p) {
			return false
		}
		h := *g
		h.off = 0
		return h.holds(p)
	})
	for _, b := range blocks {
		if s.stopped() {
			return nil, s.stopErr
		}
		data := s.blockBuffer(b.Size)
		n, err := r.ReadAt(data, b.Base)
		if n < len(data) {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, fmt.Errorf("scan: reading block at %#x (%d bytes): %w", b.Base, b.Size, err)
		}
		if err := s.matchAll(data); err != nil {
			return nil, err
		}
		bs.collect(b.Base, data)
	}
	bs.restore()
	s.finishMatches()
	if err := s.evaluate(nil); err != nil {
		return nil, err
	}
	res := s.result(nil)
	if s.opts.DumpModules {
		res.ModuleDump = s.moduleDump(nil)
	}
	return res, nil
}

// blockBuffer returns the scanner's buffer resized to size bytes.
func (s *Scanner) blockBuffer(size int64) []byte {
	if int64(cap(s.buf)) < size {
		n := size
		if size <= maxReadSize {
			n = min(max(size, 2*int64(cap(s.buf)), 64<<10), maxReadSize)
		}
		s.buf = make([]byte, n)
	}
	return s.buf[:size]
}

// blockScan is the state of one ScanBlocks.
type blockScan struct {
	s      *Scanner
	r      io.ReaderAt
	sorted []Block // the blocks by address, to find the block of an address

	acc  map[int32][]pattern.Match // matches by string, offsets as addresses
	ids  []int32                   // strings with matches, in first-match order
	data map[matchKey]span         // the matched bytes of each match, in arena
	// arena holds the matched bytes (at most MaxMatchData per match), copied
	// while their block is in memory.
	arena []byte
}

// matchKey names one match: a string and the address of its first byte.
type matchKey struct {
	id  int32
	off int64
}

// span locates bytes in blockScan.arena.
type span struct{ start, end int }

func newBlockScan(s *Scanner, blocks []Block, r io.ReaderAt) *blockScan {
	sorted := slices.Clone(blocks)
	slices.SortFunc(sorted, func(a, b Block) int {
		switch {
		case a.Base < b.Base:
			return -1
		case a.Base > b.Base:
			return 1
		}
		return 0
	})
	return &blockScan{s: s, r: r, sorted: sorted, acc: map[int32][]pattern.Match{}, data: map[matchKey]span{}}
}

// collect moves the matches found in the block at base out of the
// scanner's per-object lists, with their offsets turned into addresses
// and their data copied, and applies the match limit across blocks.
func (bs *blockScan) collect(base int64, data []byte) {
	s := bs.s
	keep := !s.opts.NoMatchDetails
	for _, id := range s.touched {
		ms := pattern.Finish(s.raw[id])
		acc, seen := bs.acc[id]
		if !seen {
			bs.ids = append(bs.ids, id)
		}
		private := s.rules.strs[id].private
		for _, m := range ms {
			if keep && !private {
				end := min(m.Offset+min(m.Length, MaxMatchData), len(data))
				start := len(bs.arena)
				if m.Offset >= 0 && m.Offset <= end {
					bs.arena = append(bs.arena, data[m.Offset:end]...)
				}
				bs.data[matchKey{id, base + int64(m.Offset)}] = span{start, len(bs.arena)}
			}
			m.Offset += int(base)
			acc = append(acc, m)
		}
		bs.acc[id] = acc
		s.raw[id] = s.raw[id][:0]
		if len(acc) >= s.limit && !s.full[id] {
			s.setFull(id)
		}
	}
	s.touched = s.touched[:0]
}

// restore puts the matches of every block back into the scanner's lists,
// for finishMatches and the conditions.
func (bs *blockScan) restore() {
	s := bs.s
	for _, id := range bs.ids {
		s.raw[id] = bs.acc[id]
	}
	s.touched = append(s.touched[:0], bs.ids...)
}

// matchData returns the bytes of match m of string id, copied when its
// block was scanned.
func (bs *blockScan) matchData(id int, m pattern.Match) []byte {
	sp, ok := bs.data[matchKey{int32(id), int64(m.Offset)}]
	if !ok {
		return nil
	}
	return bs.arena[sp.start:sp.end]
}

// read fills p with the bytes at address off and reports whether they all
// lie inside one block and could be read.
func (bs *blockScan) read(off int64, p []byte) bool {
	if off < 0 || off > math.MaxInt64-int64(len(p)) {
		return false
	}
	i, _ := slices.BinarySearchFunc(bs.sorted, off, func(b Block, off int64) int {
		switch {
		case b.Base+b.Size <= off:
			return -1
		case b.Base > off:
			return 1
		}
		return 0
	})
	if i >= len(bs.sorted) {
		return false
	}
	b := bs.sorted[i]
	if off < b.Base || off+int64(len(p)) > b.Base+b.Size {
		return false
	}
	n, _ := bs.r.ReadAt(p, off)
	return n == len(p)
}

// input makes the conditions see a multi-block object: integer reads at
// addresses, no filesize, no entry point.
func (bs *blockScan) input(in *cond.Input) {
	in.Read = bs.read
	in.NoFilesize = true
	in.Filesize = 0
	in.Entrypoint = nil
}
