package elf

import (
	"crypto/md5"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/overt-sec/overt/yara/modules/object"
)

// importMD5 returns the MD5 (lower-case hex) of the imported symbols: the
// names of the dynamic symbols whose section index is SHN_UNDEF (0), empty
// names left out, lower-cased, sorted and joined by ",". It is undefined
// when the file has no such symbol.
//
// This is overt's best understanding of YARA 4.3+'s elf.import_md5(), which
// cannot be checked against the installed yara 4.2.3: the choice of
// .dynsym, the undefined-section test, lower-casing and the comma join are
// believed right; whether yara sorts the names, and whether it filters by
// symbol type or binding, is uncertain.
func (f *File) importMD5() object.Result {
	if f == nil {
		return object.Undefined
	}
	var names []string
	for _, s := range f.Dynsym {
		if s.Shndx == 0 && s.HasName && s.Name != "" {
			names = append(names, strings.ToLower(s.Name))
		}
	}
	if len(names) == 0 {
		return object.Undefined
	}
	sort.Strings(names)
	sum := md5.Sum([]byte(strings.Join(names, ",")))
	return object.StrResult(hex.EncodeToString(sum[:]))
}
