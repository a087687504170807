package difftest

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/overt-sec/overt/internal/difftest/gen"
	"github.com/overt-sec/overt/yara/syntax"
)

// Limits of GenerateRuleFiles: public rule sets have tens of thousands of
// rules, so the output is bounded per file and in total.
const (
	// MaxFillerLen is the longest run of random filler between two
	// instances: enough to separate them, short enough to keep files small.
	MaxFillerLen = 32

	// MaxRuleFileSize is the largest generated file: instances that would
	// push a file beyond it are left out (a rule with thousands of strings
	// still gets a file, just not every string in it).
	MaxRuleFileSize = 1 << 20

	// MaxTotalSize bounds the bytes GenerateRuleFiles writes in total, so a
	// hostile or enormous rule set fails instead of filling the disk.
	MaxTotalSize = 1 << 30

	// MaxNameLen bounds the part of a file name taken from a rule name.
	MaxNameLen = 64
)

// The variants GenerateRuleFiles writes for each rule, as file name
// suffixes.
const (
	VariantPlain = "plain" // instances of every string, separated by filler
	VariantPE    = "pe"    // the same after a minimal PE header
	VariantELF   = "elf"   // the same after a minimal ELF header
	VariantMiss  = "miss"  // near misses of every string that has one
)

// GenerateRuleFiles writes, into dir, test files for every rule of prog:
// NNNNN_RULE.plain.bin with an instance of each of the rule's strings,
// .pe.bin and .elf.bin with the same after a PE ("MZ", e_lfanew 0x80,
// "PE\0\0" at 0x80) or ELF header, and .miss.bin with near misses (when at
// least one string has one). Strings that cannot be instantiated are left
// out. The output depends only on prog and seed: each rule draws from its own
// generator seeded with seed and the rule's index. It returns the paths
// written, in order.
func GenerateRuleFiles(prog *syntax.Program, dir string, seed int64) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("generate rule files: %w", err)
	}
	var (
		paths []string
		total int64
	)
	for i, r := range prog.Rules() {
		rng := rand.New(rand.NewPCG(uint64(seed), uint64(i)))
		files := ruleFiles(r, rng)
		base := fmt.Sprintf("%05d_%s", i, fileSafe(ruleName(r)))
		for _, f := range files {
			total += int64(len(f.data))
			if total > MaxTotalSize {
				return paths, fmt.Errorf("generate rule files: output exceeds %d bytes at rule %d (%s)", MaxTotalSize, i, ruleName(r))
			}
			p := filepath.Join(dir, base+"."+f.variant+".bin")
			if err := os.WriteFile(p, f.data, 0o644); err != nil {
				return paths, fmt.Errorf("generate rule files: %w", err)
			}
			paths = append(paths, p)
		}
	}
	return paths, nil
}

type variantFile struct {
	variant string
	data    []byte
}

// ruleFiles builds the variants of one rule.
func ruleFiles(r *syntax.Rule, rng *rand.Rand) []variantFile {
	var hits, misses []gen.Instance
	for _, s := range r.Strings {
		if inst, err := gen.Generate(s, rng); err == nil {
			hits = append(hits, inst)
		}
		if inst, err := gen.GenerateNearMiss(s, rng); err == nil {
			misses = append(misses, inst)
		}
	}
	files := []variantFile{
		{VariantPlain, layout(nil, hits, rng)},
		{VariantPE, layout(peHeader(), hits, rng)},
		{VariantELF, layout(elfHeader(), hits, rng)},
	}
	if len(misses) > 0 {
		files = append(files, variantFile{VariantMiss, layout(nil, misses, rng)})
	}
	return files
}

// layout writes header, then the instances separated by filler. Without a
// header, the first instance anchored at the start goes at offset 0; an
// instance anchored at the end goes last. Instances that would exceed
// MaxRuleFileSize are left out.
func layout(header []byte, insts []gen.Instance, rng *rand.Rand) []byte {
	out := append([]byte(nil), header...)
	var end *gen.Instance
	placedStart := len(header) > 0
	for i := range insts {
		in := &insts[i]
		switch {
		case in.AtStart && !placedStart && len(out) == 0:
			out = append(out, in.Data...)
			placedStart = true
			continue
		case in.AtEnd && end == nil:
			end = in
			continue
		}
		if len(out)+len(in.Data)+MaxFillerLen > MaxRuleFileSize {
			continue
		}
		out = appendFiller(out, rng)
		out = append(out, in.Data...)
	}
	out = appendFiller(out, rng)
	if end != nil && len(out)+len(end.Data) <= MaxRuleFileSize {
		out = append(out, end.Data...)
	}
	return out
}

// appendFiller appends 1 to MaxFillerLen bytes mixing printable text, zero
// bytes and arbitrary bytes, like the data between strings in real files.
func appendFiller(out []byte, rng *rand.Rand) []byte {
	for n := 1 + rng.IntN(MaxFillerLen); n > 0; n-- {
		switch rng.IntN(4) {
		case 0, 1:
			out = append(out, byte(' '+rng.IntN(95)))
		case 2:
			out = append(out, 0)
		default:
			out = append(out, byte(rng.IntN(256)))
		}
	}
	return out
}

// peHeader returns a minimal PE prefix: the DOS "MZ" signature, e_lfanew
// (at 0x3C) pointing to 0x80, and there "PE\0\0" and an i386 COFF file
// header with no sections.
func peHeader() []byte {
	h := make([]byte, 0x80+4+20)
	copy(h, "MZ")
	binary.LittleEndian.PutUint32(h[0x3C:], 0x80)
	copy(h[0x80:], "PE\x00\x00")
	binary.LittleEndian.PutUint16(h[0x84:], 0x14C)    // Machine: i386
	binary.LittleEndian.PutUint16(h[0x84+18:], 0x102) // Characteristics: executable, 32-bit
	return h
}

// elfHeader returns a 64-byte ELF64 little-endian x86-64 executable header
// with no program or section headers.
func elfHeader() []byte {
	h := make([]byte, 64)
	copy(h, "\x7fELF")
	h[4], h[5], h[6] = 2, 1, 1                  // 64-bit, little-endian, version 1
	binary.LittleEndian.PutUint16(h[16:], 2)    // e_type: executable
	binary.LittleEndian.PutUint16(h[18:], 0x3E) // e_machine: x86-64
	binary.LittleEndian.PutUint32(h[20:], 1)    // e_version
	binary.LittleEndian.PutUint16(h[52:], 64)   // e_ehsize
	return h
}

func ruleName(r *syntax.Rule) string {
	if r.Name == nil {
		return "rule"
	}
	return r.Name.Name
}

// fileSafe keeps letters, digits, "_" and "-" of a rule name, bounded by
// MaxNameLen.
func fileSafe(name string) string {
	var b strings.Builder
	for _, c := range []byte(name) {
		if b.Len() == MaxNameLen {
			break
		}
		if isNameByte(c) {
			b.WriteByte(c)
		} else {
			b.WriteByte('_')
		}
	}
	if b.Len() == 0 {
		return "rule"
	}
	return b.String()
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}
