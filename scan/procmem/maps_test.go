package procmem

import (
	"reflect"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara"
)

func TestParseMaps(t *testing.T) {
	tests := []struct {
		name, in string
		want     []Region
		err      string
	}{
		{"file, anonymous and pseudo mappings",
			"563879eb2000-563879eb4000 r--p 00000000 fe:00 247766                     /usr/bin/sleep\n" +
				"7f9ae4e7b000-7f9ae4e7e000 rw-p 00000000 00:00 0 \n" +
				"7f9ae506b000-7f9ae506f000 r--p 00000000 00:00 0                          [vvar]\n",
			[]Region{
				{0x563879eb2000, 0x563879eb4000, "r--p", "/usr/bin/sleep"},
				{0x7f9ae4e7b000, 0x7f9ae4e7e000, "rw-p", ""},
				{0x7f9ae506b000, 0x7f9ae506f000, "r--p", "[vvar]"},
			}, ""},
		{"path with spaces and deleted", "1000-2000 rw-s 00000000 00:01 5 /tmp/a b (deleted)\n",
			[]Region{{0x1000, 0x2000, "rw-s", "/tmp/a b (deleted)"}}, ""},
		{"vsyscall beyond int64 is left out", "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n", nil, ""},
		{"too few fields", "1000-2000 r--p 0\n", nil, "memory map line 1: 3 fields"},
		{"no dash", "1000 r--p 0 00:00 0\n", nil, `line 1: address range "1000" has no '-'`},
		{"bad hex", "10zz-2000 r--p 0 00:00 0\n", nil, `bad address range "10zz-2000"`},
		{"end before start", "2000-1000 r--p 0 00:00 0\n", nil, `bad address range "2000-1000"`},
		{"empty", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMaps(strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseMapsLongLine(t *testing.T) {
	_, err := ParseMaps(strings.NewReader("1000-2000 r--p 0 00:00 0 /" + strings.Repeat("a", maxMapsLine) + "\n"))
	if err == nil {
		t.Fatal("a line longer than maxMapsLine was accepted")
	}
}

func blk(base, size int64) yara.Block { return yara.Block{Base: base, Size: size} }

func TestBlocks(t *testing.T) {
	regions := []Region{
		{0x1000, 0x4000, "r--p", "/bin/x"},
		{0x4000, 0x5000, "---p", ""},                 // scanned as yara does: reads as zeros
		{0x10000, 0x11000, "rw-s", "/dev/dri/card0"}, // device: skipped
		{0x20000, 0x21000, "rw-s", "/dev/zero (deleted)"},
		{0x30000, 0x31000, "rw-s", "/dev/shm/x"},
	}
	tests := []struct {
		name  string
		chunk int64
		want  []yara.Block
	}{
		{"default chunk", 0, []yara.Block{blk(0x1000, 0x3000), blk(0x4000, 0x1000), blk(0x20000, 0x1000), blk(0x30000, 0x1000)}},
		{"page chunks", 0x2000, []yara.Block{blk(0x1000, 0x2000), blk(0x3000, 0x1000), blk(0x4000, 0x1000), blk(0x20000, 0x1000), blk(0x30000, 0x1000)}},
		{"chunk rounded down to pages", 0x2fff, []yara.Block{blk(0x1000, 0x2000), blk(0x3000, 0x1000), blk(0x4000, 0x1000), blk(0x20000, 0x1000), blk(0x30000, 0x1000)}},
		{"tiny chunk is one page", 100, []yara.Block{blk(0x1000, 0x1000), blk(0x2000, 0x1000), blk(0x3000, 0x1000), blk(0x4000, 0x1000), blk(0x20000, 0x1000), blk(0x30000, 0x1000)}},
		{"huge chunk is the default", 1 << 40, []yara.Block{blk(0x1000, 0x3000), blk(0x4000, 0x1000), blk(0x20000, 0x1000), blk(0x30000, 0x1000)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := Blocks(regions, tt.chunk); err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func TestBlocksLimit(t *testing.T) {
	_, err := Blocks([]Region{{0, 1 << 46, "---p", ""}}, pageSize)
	if err == nil || !strings.Contains(err.Error(), "more than 4194304 blocks of 4096 bytes") {
		t.Errorf("error %v, want the MaxBlocks error", err)
	}
}

func FuzzParseMaps(f *testing.F) {
	f.Add("563879eb2000-563879eb4000 r--p 00000000 fe:00 247766  /usr/bin/sleep\n")
	f.Add("7f9ae4e7b000-7f9ae4e7e000 rw-p 00000000 00:00 0 \n")
	f.Add("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 [vsyscall]\n")
	f.Add("1000-2000 rw-s 00000000 00:01 5 /tmp/a b (deleted)\n1000-\n")
	f.Add("0-ffffffffffffffff r 0 0 0\n")
	f.Fuzz(func(t *testing.T, s string) {
		regs, err := ParseMaps(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, r := range regs {
			if r.Start < 0 || r.End < r.Start {
				t.Fatalf("bad region %+v", r)
			}
		}
		blocks, _ := Blocks(regs, 1<<20)
		for _, b := range blocks {
			if b.Size <= 0 || b.Size > 1<<20 || b.Base < 0 {
				t.Fatalf("bad block %+v", b)
			}
		}
	})
}
