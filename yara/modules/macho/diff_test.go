package macho_test

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

// dumpRules returns rules that console.log every field of the macho
// module, one rule per scalar and one loop per array, for the top level and
// for each file[f] of a fat binary, and a few function results.
func dumpRules() string {
	var b strings.Builder
	b.WriteString("import \"macho\"\nimport \"console\"\n")
	n := 0
	rule := func(cond string) {
		n++
		fmt.Fprintf(&b, "rule r%d { condition: %s }\n", n, cond)
	}
	hdr := []string{"magic", "cputype", "cpusubtype", "filetype", "ncmds", "sizeofcmds", "flags",
		"reserved", "number_of_segments", "entry_point", "stack_size"}
	seg := []string{"segname", "vmaddr", "vmsize", "fileoff", "fsize", "maxprot", "initprot", "nsects", "flags"}
	sec := []string{"sectname", "segname", "addr", "size", "offset", "align", "reloff", "nreloc", "flags",
		"reserved1", "reserved2", "reserved3"}
	image := func(p, loopVar, bound string) {
		var parts []string
		for _, f := range hdr {
			parts = append(parts, fmt.Sprintf(`(console.log("%s=", %s.%s) or true)`, f, p, f))
		}
		cond := strings.Join(parts, " and ")
		var sp []string
		sp = append(sp, `(console.log("segment s=", s) or true)`)
		for _, f := range seg {
			sp = append(sp, fmt.Sprintf(`(console.log(" %s=", %s.segments[s].%s) or true)`, f, p, f))
		}
		var cp []string
		cp = append(cp, `(console.log("  section c=", c) or true)`)
		for _, f := range sec {
			cp = append(cp, fmt.Sprintf(`(console.log("   %s=", %s.segments[s].sections[c].%s) or true)`, f, p, f))
		}
		segLoop := fmt.Sprintf(`(for all s in (0..%s.number_of_segments) : (%s and (for all c in (0..%s.segments[s].nsects) : (%s) or true)) or true)`,
			p, strings.Join(sp, " and "), p, strings.Join(cp, " and "))
		if loopVar == "" {
			rule(cond)
			rule(segLoop)
			return
		}
		rule(fmt.Sprintf(`for all %s in (0..%s) : ((console.log("file i=", %s) or true) and %s and %s)`,
			loopVar, bound, loopVar, cond, segLoop))
	}
	image("macho", "", "")
	for _, f := range []string{"fat_magic", "nfat_arch"} {
		rule(fmt.Sprintf(`console.log("%s=", macho.%s)`, f, f))
	}
	var ap []string
	ap = append(ap, `(console.log("fat_arch i=", i) or true)`)
	for _, f := range []string{"cputype", "cpusubtype", "offset", "size", "align"} {
		ap = append(ap, fmt.Sprintf(`(console.log(" %s=", macho.fat_arch[i].%s) or true)`, f, f))
	}
	rule(fmt.Sprintf(`for all i in (0..macho.nfat_arch) : (%s)`, strings.Join(ap, " and ")))
	image("macho.file[i]", "i", "macho.nfat_arch")
	for _, cpu := range []string{"7", "0x01000007", "12", "0x0100000c", "18", "0x01000012", "99"} {
		rule(fmt.Sprintf(`console.log("index(%s)=", macho.file_index_for_arch(%s))`, cpu, cpu))
		rule(fmt.Sprintf(`console.log("entry(%s)=", macho.entry_point_for_arch(%s))`, cpu, cpu))
		for _, sub := range []string{"3", "0", "0x80000003"} {
			rule(fmt.Sprintf(`console.log("index(%s,%s)=", macho.file_index_for_arch(%s, %s))`, cpu, sub, cpu, sub))
			rule(fmt.Sprintf(`console.log("entry(%s,%s)=", macho.entry_point_for_arch(%s, %s))`, cpu, sub, cpu, sub))
		}
	}
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

func TestDifferentialYara(t *testing.T) {
	yaraBin := testenv.Yara(t)
	dir := t.TempDir()
	rules := filepath.Join(dir, "dump.yar")
	if err := os.WriteFile(rules, []byte(dumpRules()), 0o644); err != nil {
		t.Fatal(err)
	}
	var samples []string
	var thin [][]byte
	for _, arch := range []string{"amd64", "arm64"} {
		for _, strip := range []bool{false, true} {
			p := modtest.GoSample(t, dir, "darwin", arch, strip)
			samples = append(samples, p)
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			thin = append(thin, b)
		}
	}
	for _, g := range builtSamples() {
		p := filepath.Join(dir, g.name)
		if err := os.WriteFile(p, g.data, 0o644); err != nil {
			t.Fatal(err)
		}
		samples = append(samples, p)
		thin = append(thin, g.data)
	}
	for _, fat64 := range []bool{false, true} {
		name := "fat32"
		if fat64 {
			name = "fat64"
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, buildFat(fat64, thin[1], thin[2], thin[len(thin)-1]), 0o644); err != nil {
			t.Fatal(err)
		}
		samples = append(samples, p)
	}
	var all []string
	for _, p := range samples {
		all = append(all, p)
		all = append(all, modtest.Variants(t, dir, p, mutations)...)
	}
	for _, p := range all {
		t.Run(filepath.Base(p), func(t *testing.T) {
			if why, ok := knownDiffs[filepath.Base(p)]; ok {
				t.Skip("known difference: " + why)
			}
			compareWithYara(t, yaraBin, rules, p)
		})
	}
}

// knownDiffs are samples on which the module knowingly differs from yara.
var knownDiffs = map[string]string{
	"fat32.nfat-big":         "architectures past maxFatArch are not read",
	"fat64.nfat-big":         "architectures past maxFatArch are not read",
	"fat64.arch0-size-small": "yara exposes a zeroed file[0] for an arch whose 64-bit offset is past the data; not yet understood",
}
