package cond

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/overt-sec/overt/internal/testenv"
)

// programCases are whole programs compared with yara: rule references,
// rule sets, private and global rules.
var programCases = []struct {
	name, src string
}{
	{"references", "rule a { condition: true }\nprivate rule p { condition: filesize > 0 }\nrule b { condition: a and p }\nrule c { condition: 1 of (a, b) and all of (p*) }\n"},
	{"global true", "rule a { condition: true }\nglobal rule g { condition: filesize > 0 }\nrule c { condition: g }\n"},
	{"global false", "rule a { condition: true }\nrule b { condition: filesize > 1000 }\nglobal rule g { condition: b }\nrule c { condition: not b }\n"},
	{"global first", "global rule g { condition: filesize > 1000 }\nrule c { condition: not g }\n"},
	{"private global", "global private rule g { condition: filesize > 1 }\nrule c { condition: g }\n"},
	{"rule set none", "rule a1 { condition: false }\nrule a2 { condition: false }\nrule b { condition: none of (a*) }\n"},
	{"rule set count", "rule a1 { condition: true }\nrule a2 { condition: false }\nrule a3 { condition: true }\nrule b { condition: 2 of (a*) and not all of (a1, a2) }\n"},
	{"rule set percent", "rule a1 { condition: true }\nrule a2 { condition: false }\nrule b { condition: 50% of (a*) }\nrule c { condition: 51% of (a*) }\n"},
	{"undefined rule", "import \"tests\"\nrule u { condition: tests.undefined.i }\nrule v { condition: not u }\n"},
}

func TestYaraPrograms(t *testing.T) {
	yara := testenv.Yara(t)
	dir := t.TempDir()
	for _, tc := range programCases {
		t.Run(tc.name, func(t *testing.T) {
			want := runYara(t, yara, dir, tc.src, diffData)
			c := mustCompile(t, tc.src)
			res, _, err := c.scan([]byte(diffData))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, n := range c.matching(res) {
				got = append(got, n+" DATA")
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

// TestPrivateFlag: private rules are evaluated and flagged, not hidden.
func TestPrivateFlag(t *testing.T) {
	c := mustCompile(t, "private rule p { condition: true }\nrule q { condition: p }\n")
	res, _, err := c.scan(nil)
	if err != nil {
		t.Fatal(err)
	}
	rules := c.prog.Rules()
	if !rules[0].Private || rules[1].Private || !res["p"] || !res["q"] {
		t.Errorf("rules %+v, results %v", rules, res)
	}
}

// TestCancellation: a loop over a huge range stops at the deadline and
// when the context is canceled.
func TestCancellation(t *testing.T) {
	c := mustCompile(t, "rule t { condition: for all i in (0..0x7fffffffffffffff): (i >= 0) }\n")
	tests := []struct {
		name  string
		input func() (*Input, context.CancelFunc)
	}{
		{"deadline", func() (*Input, context.CancelFunc) {
			return &Input{Deadline: time.Now().Add(50 * time.Millisecond)}, func() {}
		}},
		{"context", func() (*Input, context.CancelFunc) {
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			return &Input{Ctx: ctx}, cancel
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, cancel := tc.input()
			defer cancel()
			start := time.Now()
			err := c.prog.Eval(in, make([]bool, c.prog.NumRules()))
			if !errors.Is(err, ErrCanceled) {
				t.Errorf("err = %v, want ErrCanceled", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("stopped after %v", d)
			}
		})
	}
}

// TestModuleLoadedOnce: a module is loaded once per Eval however often
// rules use it.
func TestModuleLoadedOnce(t *testing.T) {
	c := mustCompile(t, "import \"tests\"\nrule a { condition: tests.constants.one == 1 }\nrule b { condition: for all i in (0..9): (tests.constants.two == 2) }\n")
	in := &Input{}
	out := make([]bool, c.prog.NumRules())
	s := &state{in: in, out: out, prog: c.prog, mods: make([]modState, len(c.prog.modules)), vars: make([]value, c.prog.nSlots)}
	r1, r2 := s.module(0), s.module(0)
	if r1 != r2 {
		t.Error("module loaded twice in one evaluation")
	}
	if err := c.prog.Eval(in, out); err != nil || !out[0] || !out[1] {
		t.Errorf("Eval: %v %v", err, out)
	}
}

// TestUnloadedModule: modules without a run-time load as all undefined.
func TestUnloadedModule(t *testing.T) {
	c := mustCompile(t, "import \"pe\"\nrule a { condition: not defined pe.number_of_sections and pe.MACHINE_I386 == 0x14c and not defined pe.is_dll() }\n")
	res, _, err := c.scan([]byte("MZ"))
	if err != nil || !res["a"] {
		t.Errorf("got %v, %v", res, err)
	}
}

// TestExternals: externals of every type.
func TestExternals(t *testing.T) {
	ext := map[string]any{"i": int64(5), "f": 1.5, "b": true, "s": "abc"}
	tests := []struct {
		cond string
		want bool
	}{
		{"i == 5", true}, {"i + 1 == 6", true}, {"f > 1.0", true}, {"b", true}, {"b == 1", true},
		{"s == \"abc\"", true}, {"s contains \"b\"", true}, {"not b", false}, {"i == 4", false},
	}
	for _, tc := range tests {
		t.Run(tc.cond, func(t *testing.T) {
			c, err := compileSource("rule t { condition: "+tc.cond+" }", ext)
			if err != nil {
				t.Fatal(err)
			}
			res, _, err := c.scan(nil)
			if err != nil || res["t"] != tc.want {
				t.Errorf("got %v (%v), want %v", res["t"], err, tc.want)
			}
		})
	}
}
