package elf

import (
	"sort"
	"strings"

	"github.com/overt-sec/overt/yara/modules/internal/tlsh"
	"github.com/overt-sec/overt/yara/modules/object"
)

// Symbol attributes telfhash selects on (ELF gABI).
const (
	sttFunc    = 2 // STT_FUNC, in the low 4 bits of st_info
	stbGlobal  = 1 // STB_GLOBAL, in the high 4 bits of st_info
	stvDefault = 0 // STV_DEFAULT, in the low 2 bits of st_other
)

// telfhashExcluded are the names telfhash leaves out: entry points and
// functions compilers add or substitute, which say nothing of the program.
var telfhashExcluded = map[string]bool{
	"__libc_start_main": true, "main": true, "abort": true, "cachectl": true,
	"cacheflush": true, "puts": true, "atol": true, "malloc_trim": true,
}

// telfhashSkip reports whether telfhash leaves out the (lower-cased)
// symbol name: empty names, the excluded list, names starting with "." or
// "_", "str" or "mem", and names ending in "64" (C library functions and
// their large-file variants).
func telfhashSkip(name string) bool {
	return name == "" || telfhashExcluded[name] ||
		name[0] == '.' || name[0] == '_' ||
		strings.HasPrefix(name, "str") || strings.HasPrefix(name, "mem") ||
		strings.HasSuffix(name, "64")
}

// telfhashInput returns the text telfhash digests, or false when no
// symbol is selected: the names of the global, default-visibility
// function symbols of the dynamic symbol table (of the static one when
// the file has no dynamic one), lower-cased, without those telfhashSkip
// rejects, sorted and joined by ",". Duplicates are kept.
func (f *File) telfhashInput() (string, bool) {
	if f == nil {
		return "", false
	}
	syms := f.Dynsym
	if !f.HasDynsym {
		syms = f.Symtab
	}
	var names []string
	for _, s := range syms {
		if s.Info&0xf != sttFunc || s.Info>>4 != stbGlobal || s.Other&3 != stvDefault || !s.HasName {
			continue
		}
		name := strings.ToLower(s.Name)
		if !telfhashSkip(name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return "", false
	}
	sort.Strings(names)
	return strings.Join(names, ","), true
}

// telfhash returns the telfhash of the file, as the module's telfhash()
// does: the TLSH digest (128 buckets, 1-byte checksum) of telfhashInput,
// written in lower case with its version prefix ("t1" and 70 hexadecimal
// digits, as the documentation's example). It is undefined when the file
// is not ELF, when no symbol is selected, and when TLSH gives no digest:
// the text is shorter than 50 bytes (about six symbols) or too uniform.
func (f *File) telfhash() object.Result {
	text, ok := f.telfhashInput()
	if !ok {
		return object.Undefined
	}
	d, err := tlsh.Hash([]byte(text))
	if err != nil {
		return object.Undefined
	}
	return object.StrResult(strings.ToLower(d))
}
