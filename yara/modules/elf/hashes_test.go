package elf

import (
	"crypto/md5"
	"encoding/hex"
	"testing"
)

func TestImportMD5(t *testing.T) {
	sum := func(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }
	for _, c := range []struct {
		name string
		syms []Symbol
		want string // "" for undefined
	}{
		{"none", nil, ""},
		{"only defined", []Symbol{{Name: "main", HasName: true, Shndx: 12}}, ""},
		{"sorted lower-cased", []Symbol{
			{HasName: true, Shndx: 0}, // the null symbol
			{Name: "puts", HasName: true, Shndx: 0},
			{Name: "Abort", HasName: true, Shndx: 0},
			{Name: "main", HasName: true, Shndx: 14},
		}, sum("abort,puts")},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := (&File{Dynsym: c.syms}).importMD5()
			if r.Defined != (c.want != "") || r.Str != c.want {
				t.Errorf("importMD5() = %+v, want %q", r, c.want)
			}
		})
	}
}
