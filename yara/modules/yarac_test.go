package modules

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/types"
)

// The differential tests below ask the reference yara 4.2.3 (yarac, yara on
// PATH) whether each declared field and overload exists with its declared
// type, whether misuses are rejected, and whether constants have the
// declared values. They skip when yara is not installed.

var ruleErrorRE = regexp.MustCompile(`rule "r(\d+)"`)

// compileResult is what yarac said about a rule file.
type compileResult struct {
	failed       map[int]string // rule number → error line
	unattributed []string       // error lines naming no rule
}

func yaracCompile(t *testing.T, src string) compileResult {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "probe.yar")
	if err := os.WriteFile(in, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd := exec.Command("yarac", in, filepath.Join(dir, "probe.yarc"))
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running yarac: %v", err)
	}
	res := compileResult{failed: map[int]string{}}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if !strings.Contains(line, "error") {
			continue
		}
		if m := ruleErrorRE.FindStringSubmatch(line); m != nil {
			n, _ := strconv.Atoi(m[1])
			res.failed[n] = line
		} else {
			res.unattributed = append(res.unattributed, line)
		}
	}
	if err != nil && len(res.failed) == 0 && len(res.unattributed) == 0 {
		res.unattributed = append(res.unattributed, "yarac failed: "+strings.TrimSpace(stderr.String()))
	}
	return res
}

// rejected returns, for each probe, the error yarac gave for it ("" if it
// compiled). When yarac reports errors that name no rule it bisects, so
// the offending probe is still named.
func rejected(t *testing.T, module string, ps []probe) []string {
	t.Helper()
	out := make([]string, len(ps))
	res := yaracCompile(t, ruleFile(module, ps))
	if len(res.unattributed) > 0 {
		if len(ps) == 1 {
			out[0] = strings.Join(res.unattributed, "; ")
			return out
		}
		mid := len(ps) / 2
		copy(out, rejected(t, module, ps[:mid]))
		copy(out[mid:], rejected(t, module, ps[mid:]))
		return out
	}
	for n, line := range res.failed {
		if n >= 0 && n < len(ps) {
			out[n] = line
		}
	}
	return out
}

// referenceSupports reports whether yarac compiles `import "module"`.
func referenceSupports(t *testing.T, module string) bool {
	res := yaracCompile(t, fmt.Sprintf("import %q\nrule r0 { condition: true }\n", module))
	return len(res.failed) == 0 && len(res.unattributed) == 0
}

func TestSchemasAgainstYarac(t *testing.T) {
	testenv.Yarac(t)
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			if !referenceSupports(t, name) {
				t.Skipf("yarac does not know module %q", name)
			}
			schema, _ := Lookup(name)
			pos, neg, newer := probes(name, schema)
			all := append(append(append([]probe(nil), pos...), neg...), newer...)
			errs := rejected(t, name, all)
			for i, p := range pos {
				if errs[i] != "" {
					t.Errorf("%s.%s: yarac rejects %q: %s", name, p.what, p.cond, errs[i])
				}
			}
			for i, p := range neg {
				if errs[len(pos)+i] == "" {
					t.Errorf("%s: %s: yarac accepts %q", name, p.what, p.cond)
				}
			}
			for i, p := range newer {
				if errs[len(pos)+len(neg)+i] == "" {
					t.Errorf("%s.%s is marked newer than yara 4.2.3, but yarac accepts %q", name, p.what, p.cond)
				}
			}
			t.Logf("%d positive and %d negative probes; %d newer than 4.2.3", len(pos), len(neg), len(newer))
		})
	}
}

// TestConstantsAgainstYara scans a small file with one rule per constant,
// `module.CONST == value`, and checks every rule matches.
func TestConstantsAgainstYara(t *testing.T) {
	testenv.Yara(t)
	testenv.Yarac(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if err := os.WriteFile(data, []byte("not an executable\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			if !referenceSupports(t, name) {
				t.Skipf("yarac does not know module %q", name)
			}
			schema, _ := Lookup(name)
			var consts []string
			var src strings.Builder
			fmt.Fprintf(&src, "import %q\n", name)
			types.Walk(schema, func(path string, f *types.Field, since string) {
				if f.Const == nil || since != "" {
					return
				}
				fmt.Fprintf(&src, "rule c%d { condition: %s.%s == %s }\n", len(consts), name, path, f.Const)
				consts = append(consts, path)
			})
			if len(consts) == 0 {
				t.Skip("no constants")
			}
			rules := filepath.Join(dir, name+".yar")
			if err := os.WriteFile(rules, []byte(src.String()), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("yara", rules, data).CombinedOutput()
			if err != nil {
				t.Fatalf("yara: %v\n%s", err, out)
			}
			matched := map[string]bool{}
			for _, line := range strings.Split(string(out), "\n") {
				if f := strings.Fields(line); len(f) > 0 {
					matched[f[0]] = true
				}
			}
			var wrong []string
			for i, c := range consts {
				if !matched[fmt.Sprintf("c%d", i)] {
					wrong = append(wrong, c)
				}
			}
			sort.Strings(wrong)
			for _, c := range wrong {
				t.Errorf("%s.%s: yara disagrees with the declared value %s", name, c, schema.Field(c).Const)
			}
		})
	}
}
