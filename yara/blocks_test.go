package yara

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
)

// sparseMem is a fake address space: each region's bytes at its address.
type sparseMem struct {
	regions map[int64][]byte
	fail    map[int64]bool // regions whose reads fail
}

func (m *sparseMem) ReadAt(p []byte, off int64) (int, error) {
	for base, data := range m.regions {
		if off >= base && off < base+int64(len(data)) {
			if m.fail[base] {
				return 0, errors.New("input/output error")
			}
			n := copy(p, data[off-base:])
			if n < len(p) {
				return n, io.EOF
			}
			return n, nil
		}
	}
	return 0, errors.New("no such address")
}

func (m *sparseMem) blocks(order ...int64) []Block {
	var bs []Block
	for _, b := range order {
		bs = append(bs, Block{Base: b, Size: int64(len(m.regions[b]))})
	}
	return bs
}

func TestScanBlocks(t *testing.T) {
	const a, b = 0x10000, 0x10010 // two adjacent blocks
	mem := &sparseMem{regions: map[int64][]byte{
		a:       []byte("xxxxxxxxxxxxxHEL"), // HEL|LO spans the boundary
		b:       []byte("LO MARK\x01\x02\x03\x04 MARK"),
		0x20000: []byte("tail MARK"),
	}}
	blocks := mem.blocks(a, b, 0x20000)
	tests := []struct {
		name, rules string
		want        []string // matching rules
		strs        []string // "rule:0xOFF:$id:data" of the matches
	}{
		{"offsets are addresses", `rule r { strings: $m = "MARK" condition: $m }`,
			[]string{"r"}, []string{"r:0x10013:$m:MARK", "r:0x1001c:$m:MARK", "r:0x20005:$m:MARK"}},
		{"no match spans two blocks", `rule r { strings: $h = "HELLO" condition: $h }`, nil, nil},
		{"at an address", `rule r { strings: $m = "MARK" condition: $m at 0x1001c and not ($m at 0x1c) }`,
			[]string{"r"}, []string{"r:0x10013:$m:MARK", "r:0x1001c:$m:MARK", "r:0x20005:$m:MARK"}},
		{"in a range of addresses", `rule r { strings: $m = "MARK" condition: #m in (0x20000..0x20010) == 1 }`,
			[]string{"r"}, []string{"r:0x10013:$m:MARK", "r:0x1001c:$m:MARK", "r:0x20005:$m:MARK"}},
		{"filesize is undefined", `rule r { condition: not defined filesize }`, []string{"r"}, nil},
		{"entrypoint is undefined", `rule r { condition: not defined entrypoint }`, []string{"r"}, nil},
		{"integer read at an address", `rule r { condition: uint32(0x10017) == 0x04030201 and uint8(0x20000) == 0x74 }`, []string{"r"}, nil},
		{"integer read across blocks is undefined", `rule r { condition: not defined uint16(0x1000f) }`, []string{"r"}, nil},
		{"integer read outside the blocks is undefined", `rule r { condition: not defined uint8(0) and not defined uint8(0x20009) }`, []string{"r"}, nil},
		{"guard at address zero fails", `rule r { strings: $m = "MARK" condition: uint16(0) == 0x5a4d and $m }`, nil, nil},
		{"guard at an address holds", `rule r { strings: $m = "MARK" condition: uint16(0x20000) == 0x6174 and #m == 3 }`,
			[]string{"r"}, []string{"r:0x10013:$m:MARK", "r:0x1001c:$m:MARK", "r:0x20005:$m:MARK"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := compile(t, nil, src{text: tt.rules})
			for _, opts := range []ScanOptions{{}, {NoMatchDetails: true}} {
				s := rules.NewScanner(opts)
				res, err := s.ScanBlocks(context.Background(), blocks, mem)
				if err != nil {
					t.Fatal(err)
				}
				var got, strs []string
				for _, m := range res.Matching {
					got = append(got, m.Rule)
					for _, ms := range m.Strings {
						strs = append(strs, fmt.Sprintf("%s:%#x:%s:%s", m.Rule, ms.Offset, ms.Identifier, ms.Data))
					}
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("NoMatchDetails=%v: matching %q, want %q", opts.NoMatchDetails, got, tt.want)
				}
				if !opts.NoMatchDetails && !reflect.DeepEqual(strs, tt.strs) {
					t.Errorf("strings %q, want %q", strs, tt.strs)
				}
				// The same scanner then scans a file normally.
				res, err = s.ScanBytes(context.Background(), []byte("MARK"))
				if err != nil {
					t.Fatal(err)
				}
				if strings.Contains(tt.rules, "filesize") && len(res.Matching) != 0 {
					t.Errorf("filesize still undefined after ScanBlocks")
				}
			}
		})
	}
}

func TestScanBlocksMatchLimitAcrossBlocks(t *testing.T) {
	mem := &sparseMem{regions: map[int64][]byte{0x1000: []byte("aaaa"), 0x2000: []byte("aaaa")}}
	rules := compile(t, nil, src{text: `rule r { strings: $a = "a" condition: #a == 5 }`})
	res, err := rules.NewScanner(ScanOptions{MaxMatchesPerString: 5}).ScanBlocks(context.Background(), mem.blocks(0x1000, 0x2000), mem)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matching) != 1 || len(res.Warnings) != 1 || res.Warnings[0].Kind != TooManyMatches {
		t.Fatalf("got %+v, want rule r and one TooManyMatches warning", res)
	}
	if got := res.Matching[0].Strings[4].Offset; got != 0x2000 {
		t.Errorf("fifth match at %#x, want 0x2000", got)
	}
}

func TestScanBlocksErrors(t *testing.T) {
	mem := &sparseMem{regions: map[int64][]byte{0x1000: []byte("abcd")}, fail: map[int64]bool{0x1000: true}}
	rules := compile(t, nil, src{text: `rule r { condition: true }`})
	tests := []struct {
		name   string
		blocks []Block
		want   string
	}{
		{"read failure", []Block{{0x1000, 4}}, "scan: reading block at 0x1000 (4 bytes): input/output error"},
		{"empty block", []Block{{0x1000, 0}}, "scan: block 0 at 0x1000: invalid size 0"},
		{"negative address", []Block{{-1, 4}}, "scan: block 0 at -0x1: invalid size 4"},
		{"huge block", []Block{{0, MaxBlockSize + 1}}, "invalid size 1073741825"},
		{"address overflow", []Block{{1<<63 - 2, 4}}, "invalid size 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := rules.NewScanner(ScanOptions{}).ScanBlocks(context.Background(), tt.blocks, mem)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want it to contain %q", err, tt.want)
			}
		})
	}
	t.Run("canceled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		mem := &sparseMem{regions: map[int64][]byte{0x1000: []byte("abcd")}}
		_, err := rules.NewScanner(ScanOptions{}).ScanBlocks(ctx, mem.blocks(0x1000), mem)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error %v, want context.Canceled", err)
		}
	})
}
