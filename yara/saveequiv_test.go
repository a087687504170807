package yara

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/conformance"
)

// saveAndLoad saves rules, loads them back and checks that saving the
// loaded rules gives the same file.
func saveAndLoad(t testing.TB, rules *Rules) (*Rules, []byte) {
	t.Helper()
	var buf bytes.Buffer
	if err := rules.Save(&buf); err != nil {
		t.Fatalf("Save: %v", err)
	}
	loaded, err := LoadRules(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("LoadRules: %v", err)
	}
	var again bytes.Buffer
	if err := loaded.Save(&again); err != nil {
		t.Fatalf("Save of loaded rules: %v", err)
	}
	if !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Fatalf("saving loaded rules gives a different file (%d bytes, first %d)", again.Len(), buf.Len())
	}
	return loaded, buf.Bytes()
}

// resultText renders everything a scan reports, for comparisons.
func resultText(res *Result, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	var sb strings.Builder
	for _, list := range [][]MatchingRule{res.Matching, res.NonMatching} {
		for _, m := range list {
			fmt.Fprintf(&sb, "%s:%s %v %v private=%v global=%v\n", m.Namespace, m.Rule, m.Tags, m.Meta, m.Private, m.Global)
			for _, s := range m.Strings {
				fmt.Fprintf(&sb, "  %s@%d+%d %q xor=%d hex=%v\n", s.Identifier, s.Offset, s.Length, s.Data, s.XorKey, s.Hex)
			}
		}
		sb.WriteString("--\n")
	}
	for _, w := range res.Warnings {
		sb.WriteString(w.Error() + "\n")
	}
	return sb.String()
}

// sameScans scans data with both rule sets, with and without match
// details, and reports the first difference.
func sameScans(t *testing.T, name string, a, b *Rules, data []byte) {
	t.Helper()
	for _, opts := range []ScanOptions{{ReportNonMatching: true}, {NoMatchDetails: true}} {
		ra, ea := a.NewScanner(opts).ScanBytes(context.Background(), data)
		rb, eb := b.NewScanner(opts).ScanBytes(context.Background(), data)
		if ta, tb := resultText(ra, ea), resultText(rb, eb); ta != tb {
			t.Fatalf("%s: loaded rules scan differently (options %+v):\nloaded:\n%s\ncompiled:\n%s", name, opts, tb, ta)
		}
	}
}

// TestSavedConformance saves and loads the rules of every conformance
// vector that compiles: the loaded rules give the same results.
func TestSavedConformance(t *testing.T) {
	set := conformance.Load(t)
	topdir := set.TopDir(t)
	n := 0
	for _, v := range set.Vectors {
		c := NewCompiler()
		for name, val := range v.AllExternals() {
			if err := c.DefineExternal(name, val); err != nil {
				t.Fatal(err)
			}
		}
		if c.AddSource("vector"+strconv.Itoa(v.ID)+".yar", []byte(v.Source(topdir)), "") != nil {
			continue
		}
		rules, err := c.Rules()
		if err != nil {
			continue
		}
		t.Run(strconv.Itoa(v.ID), func(t *testing.T) {
			loaded, _ := saveAndLoad(t, rules)
			sameScans(t, "vector data", rules, loaded, set.Bytes(t, &v))
		})
		n++
	}
	t.Logf("%d vectors saved, loaded and scanned", n)
}

// maxEquivFiles bounds the rule source files and the corpus files
// TestSavedSharedRuleSets scans (each: the whole test takes minutes on a
// busy machine with more).
const maxEquivFiles = 50

// TestSavedSharedRuleSets saves and loads the public rule sets and scans
// their own sources (whose text strings match) and, if present, files of
// the benchmark corpus with both the compiled and the loaded rules.
func TestSavedSharedRuleSets(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, path := range benchRuleSets {
		if _, err := os.Stat(path); err != nil {
			t.Skip(err)
		}
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			rules, _ := compileSet(t, path)
			loaded, file := saveAndLoad(t, rules)
			t.Logf("%d rules, %d strings: file of %d bytes", rules.NumRules(), rules.NumStrings(), len(file))
			var files []string
			files = append(files, spread(ruleFiles(filepath.Dir(path)), maxEquivFiles)...)
			files = append(files, spread(corpusFiles(), maxEquivFiles)...)
			for _, f := range files {
				data, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				sameScans(t, f, rules, loaded, data)
			}
			t.Logf("%d files scanned alike", len(files))
		})
	}
}

// ruleFiles returns the .yar files under dir.
func ruleFiles(dir string) []string {
	var all []string
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(p, ".yar") {
			all = append(all, p)
		}
		return nil
	})
	return all
}

// corpusFiles returns the files of the benchmark corpus ($OVERT_CORPUS,
// default /work/corpus/c50), or none when it is absent.
func corpusFiles() []string {
	root := os.Getenv("OVERT_CORPUS")
	if root == "" {
		root = "/work/corpus/c50"
	}
	var all []string
	_ = filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			all = append(all, p)
		}
		return nil
	})
	return all
}

// spread returns up to n of the paths, sorted and evenly spread.
func spread(all []string, n int) []string {
	sort.Strings(all)
	if len(all) <= n {
		return all
	}
	out := make([]string, 0, n)
	for i := range n {
		out = append(out, all[i*len(all)/n])
	}
	return out
}
