package elf_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/modules/internal/modtest"
	"github.com/overt-sec/overt/yara/modules/internal/modtest/scanlog"
)

// dumpRules returns rules that console.log every field of the elf module,
// one rule per scalar and one loop per array, so an undefined value only
// drops its own line.
func dumpRules() string {
	var b strings.Builder
	b.WriteString("import \"elf\"\nimport \"console\"\n")
	n := 0
	rule := func(cond string) {
		n++
		fmt.Fprintf(&b, "rule r%d { condition: %s }\n", n, cond)
	}
	for _, f := range []string{"type", "machine", "entry_point", "sh_offset", "sh_entry_size",
		"number_of_sections", "ph_offset", "ph_entry_size", "number_of_segments",
		"dynamic_section_entries", "symtab_entries", "dynsym_entries"} {
		rule(fmt.Sprintf(`console.log("%s=", elf.%s)`, f, f))
	}
	loop := func(arr, count string, fields []string) {
		var parts []string
		parts = append(parts, fmt.Sprintf(`(console.log("%s i=", i) or true)`, arr))
		for _, f := range fields {
			parts = append(parts, fmt.Sprintf(`(console.log(" %s=", elf.%s[i].%s) or true)`, f, arr, f))
		}
		// Arrays are read up to 1,000 entries past their count, and no
		// further than 20,000, to see defined elements beyond it.
		rule(fmt.Sprintf(`for all i in (0..%s) : (%s)`, count, strings.Join(parts, " and ")))
	}
	loop("sections", "elf.number_of_sections - 1", []string{"type", "flags", "address", "name", "size", "offset"})
	loop("segments", "elf.number_of_segments - 1", []string{"type", "flags", "offset", "virtual_address",
		"physical_address", "file_size", "memory_size", "alignment"})
	loop("dynamic", "elf.dynamic_section_entries - 1", []string{"type", "val"})
	sym := []string{"name", "value", "size", "type", "bind", "shndx"}
	loop("symtab", "elf.symtab_entries - 1", sym)
	loop("dynsym", "elf.dynsym_entries - 1", sym)
	// Past the counts: elements the counts do not cover must agree too.
	rule(`console.log("sections[count].type=", elf.sections[elf.number_of_sections].type)`)
	rule(`console.log("dynamic[count].type=", elf.dynamic[elf.dynamic_section_entries].type)`)
	rule(`console.log("symtab[count].name=", elf.symtab[elf.symtab_entries].name)`)
	rule(`console.log("sections[0].type=", elf.sections[0].type)`)
	return b.String()
}

// dumpRulesOnce compiles dumpRules once for every sample.
var dumpRulesOnce = scanlog.Once(dumpRules)

// compareWithYara checks that yara and the engine print the same lines.
func compareWithYara(t *testing.T, yaraBin, rules, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := modtest.YaraConsole(t, yaraBin, rules, path)
	got := scanlog.Lines(t, dumpRulesOnce(t), data)
	modtest.CompareOrdered(t, path, want, got)
}

// systemSamples lists ELF files of a Debian system, skipping absent ones.
var systemSamples = []string{
	"/bin/ls",
	"/usr/bin/yara",
	"/usr/lib/x86_64-linux-gnu/libc.so.6",
	"/usr/lib/x86_64-linux-gnu/libyara.so.9",
	"/usr/lib/x86_64-linux-gnu/crt1.o",
	"/usr/lib/x86_64-linux-gnu/libc_nonshared.a",
	"/usr/lib/debug/.build-id",
}

func TestDifferentialYara(t *testing.T) {
	yaraBin := testenv.Yara(t)
	dir := t.TempDir()
	rules := filepath.Join(dir, "dump.yar")
	if err := os.WriteFile(rules, []byte(dumpRules()), 0o644); err != nil {
		t.Fatal(err)
	}
	var samples []string
	for _, p := range systemSamples {
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			samples = append(samples, p)
		} else {
			t.Logf("system sample %s missing: skipped", p)
		}
	}
	for _, ga := range [][2]string{{"linux", "amd64"}, {"linux", "386"}, {"linux", "arm64"}, {"linux", "mips"}, {"linux", "ppc64"}} {
		samples = append(samples, modtest.GoSample(t, dir, ga[0], ga[1], false), modtest.GoSample(t, dir, ga[0], ga[1], true))
	}
	for _, p := range goldenSamples(t, dir) {
		samples = append(samples, p)
	}
	var all []string
	for _, p := range samples {
		all = append(all, p)
		all = append(all, modtest.Variants(t, dir, p, mutations)...)
	}
	for _, p := range all {
		t.Run(filepath.Base(p), func(t *testing.T) { compareWithYara(t, yaraBin, rules, p) })
	}
}
