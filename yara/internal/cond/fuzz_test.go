package cond

import (
	"testing"
	"time"
)

// FuzzEval compiles arbitrary conditions the front end accepts and
// evaluates them over arbitrary data: it must never panic, and must stop
// at its deadline.
func FuzzEval(f *testing.F) {
	for _, tc := range diffCases {
		f.Add(tc.strs, tc.cond, []byte(diffData))
	}
	f.Add(`$a = "a"`, "for all i in (0..filesize): (for any j in (i..filesize): (@a[j] > i))", []byte("aaaa"))
	f.Add("", "tests.integer_array[0x7fffffffffffffff] == 1 or uint32(0x7ffffffffffffffe) == 0", []byte{})
	f.Fuzz(func(t *testing.T, strs, cond string, data []byte) {
		src := diffSource(diffCase{strs: strs, cond: cond})
		c, err := compileSource(src, nil)
		if err != nil {
			return
		}
		in := &Input{Data: data, Filesize: int64(len(data)), Matches: make([][]Match, c.prog.NumStrings()),
			Deadline: time.Now().Add(100 * time.Millisecond), Log: func(string) {}}
		start := time.Now()
		_ = c.prog.Eval(in, make([]bool, c.prog.NumRules()))
		if d := time.Since(start); d > 5*time.Second {
			t.Fatalf("evaluation ran %v past a 100ms deadline", d)
		}
	})
}
