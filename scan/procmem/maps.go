package procmem

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Limits of the memory map parser.
const (
	// MaxRegions bounds the mappings read from one memory map: Linux allows
	// 65,530 per process by default (vm.max_map_count), so sixteen times
	// that leaves room for raised limits while bounding memory.
	MaxRegions = 1 << 20
	// maxMapsLine bounds one line of a memory map: the fixed fields take
	// under 100 bytes and a path at most PATH_MAX (4,096) bytes.
	maxMapsLine = 8 << 10
)

// ParseMaps reads a memory map in the format of Linux's /proc/PID/maps,
// one mapping per line: "START-END PERMS OFFSET DEV INODE [PATH]". Mappings
// at addresses beyond the signed 64-bit range (the kernel's [vsyscall]
// page) are left out.
func ParseMaps(r io.Reader) ([]Region, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxMapsLine)
	var out []Region
	for line := 1; sc.Scan(); line++ {
		reg, ok, err := parseMapsLine(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("memory map line %d: %w", line, err)
		}
		if !ok {
			continue
		}
		if len(out) >= MaxRegions {
			return nil, fmt.Errorf("memory map line %d: more than %d mappings", line, MaxRegions)
		}
		out = append(out, reg)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("memory map: %w", err)
	}
	return out, nil
}

// parseMapsLine parses one line; ok is false for a mapping out of range.
func parseMapsLine(s string) (reg Region, ok bool, err error) {
	fields := strings.Fields(s)
	if len(fields) < 5 {
		return reg, false, fmt.Errorf("%d fields, want at least 5", len(fields))
	}
	lo, hi, found := strings.Cut(fields[0], "-")
	if !found {
		return reg, false, fmt.Errorf("address range %q has no '-'", fields[0])
	}
	start, err1 := strconv.ParseUint(lo, 16, 64)
	end, err2 := strconv.ParseUint(hi, 16, 64)
	if err1 != nil || err2 != nil || end < start {
		return reg, false, fmt.Errorf("bad address range %q", fields[0])
	}
	if end > 1<<63-1 {
		return reg, false, nil
	}
	reg = Region{Start: int64(start), End: int64(end), Perms: fields[1]}
	if len(fields) > 5 {
		// The path is the rest of the line after the inode: it may hold
		// spaces, and " (deleted)" for a removed file.
		rest := s
		for range 5 {
			rest = strings.TrimLeft(rest, " \t")
			i := strings.IndexAny(rest, " \t")
			if i < 0 {
				rest = ""
				break
			}
			rest = rest[i:]
		}
		reg.Path = strings.TrimLeft(rest, " \t")
	}
	return reg, true, nil
}
