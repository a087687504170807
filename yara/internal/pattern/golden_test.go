package pattern

import (
	"fmt"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/golden"
)

// atomStrings are the strings whose atom choice testdata/atoms.golden records.
var atomStrings = []string{
	`"abcdefgh"`,
	`"a"`,
	`"\x00\x00\x00\x00\x00\x01AB"`,
	`"This program" nocase`,
	`"ab" ascii wide`,
	`"ab" xor(1-2)`,
	`"abc" base64`,
	`"abc" base64wide wide`,
	`{ 4D 5A 90 00 }`,
	`{ 00 00 00 00 ?? 8B 45 ?? 50 }`,
	`{ 6? 6? 6? 41 }`,
	`{ ?? ?? }`,
	`{ 01 02 [2-4] 03 04 05 06 }`,
	`{ 61 62 [-] 63 64 65 66 }`,
	`{ ( 61 62 63 64 | 65 66 67 68 ) 00 }`,
	`{ ~00 ~00 }`,
	`/abcd/`,
	`/ab[0-9]cd/`,
	`/[0-9]+xyz/`,
	`/(hello|world)!/`,
	`/(ab|c)/`,
	`/x*/`,
	`/a(bc)+d/`,
	`/Content-Type/i`,
	`/abc/ wide`,
	`/\x00\x00\x00a/`,
}

// describe renders the compiled form of a string for the golden file.
func describe(str string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s\n", str)
	def := parseString(str)
	if def == nil {
		return sb.String() + "\tparse error\n"
	}
	p, err := Compile(def)
	if err != nil {
		return sb.String() + "\terror: " + err.Error() + "\n"
	}
	fmt.Fprintf(&sb, "\tquality %d slow %v fullscan %v atoms %d\n", p.Quality(), p.Slow(), p.FullScan(), len(p.Atoms()))
	for i, a := range p.Atoms() {
		if i == 8 {
			fmt.Fprintf(&sb, "\t...\n")
			break
		}
		fmt.Fprintf(&sb, "\t%q -> verifier %d\n", a.Bytes, a.Verifier)
	}
	return sb.String()
}

// TestAtomsGolden checks the atoms chosen for a table of strings.
func TestAtomsGolden(t *testing.T) {
	var sb strings.Builder
	for _, s := range atomStrings {
		sb.WriteString(describe(s))
	}
	golden.CheckString(t, "testdata/atoms.golden", sb.String())
}
