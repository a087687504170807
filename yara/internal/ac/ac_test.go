package ac

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// layouts force every code path: all-sparse, mixed, all-dense, with and
// without the start-state accelerator.
var layouts = []struct {
	name string
	opts Options
}{
	{"default", Options{}},
	{"sparse", Options{DenseBytes: -1}},
	{"sparse-noskip", Options{DenseBytes: -1, NoSkip: true}},
	{"mixed", Options{DenseBytes: 100}},
	{"dense", Options{DenseBytes: MaxDenseBytes}},
	{"dense-noskip", Options{DenseBytes: MaxDenseBytes, NoSkip: true}},
}

func bs(ss ...string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

func TestKnownCases(t *testing.T) {
	cases := []struct {
		name     string
		patterns [][]byte
		data     string
		want     string // "pattern@end" list
	}{
		{"classic", bs("he", "she", "his", "hers"), "ushers", "1@4 0@4 3@6"},
		{"duplicates", bs("ab", "ab", "b"), "abab", "0@2 1@2 2@2 0@4 1@4 2@4"},
		{"overlapping", bs("aa", "aaa"), "aaaa", "0@2 1@3 0@3 1@4 0@4"},
		{"single byte", bs("a"), "banana", "0@2 0@4 0@6"},
		{"nul and ff", [][]byte{{0}, {0xff, 0}}, "\xff\x00\x00", "1@2 0@2 0@3"},
		{"suffix chain", bs("abcd", "bcd", "cd", "d"), "xabcd", "0@5 1@5 2@5 3@5"},
		{"no match", bs("xyz"), "abcabc", ""},
		{"empty data", bs("a"), "", ""},
		{"no patterns", nil, "abc", ""},
		{"fail to deep", bs("abcx", "bcd"), "abcd", "1@4"},
	}
	for _, tc := range cases {
		for _, l := range layouts {
			t.Run(tc.name+"/"+l.name, func(t *testing.T) {
				a, err := BuildWith(tc.patterns, l.opts)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, h := range scanAll(a, []byte(tc.data)) {
					got = append(got, fmt.Sprintf("%d@%d", h.Pattern, h.End))
				}
				if g := strings.Join(got, " "); g != tc.want {
					t.Errorf("got %q, want %q", g, tc.want)
				}
			})
		}
	}
}

func TestBuildErrors(t *testing.T) {
	cases := []struct {
		name     string
		patterns [][]byte
		want     string
	}{
		{"empty pattern", bs("a", ""), "pattern 1 is empty"},
		{"too long", [][]byte{make([]byte, MaxPatternLen+1)}, "pattern 0 is 257 bytes long"},
	}
	// Many slices of one buffer exceed MaxTotalLen without allocating it.
	long := make([]byte, MaxPatternLen)
	tooMuch := make([][]byte, MaxTotalLen/MaxPatternLen+1)
	for i := range tooMuch {
		tooMuch[i] = long
	}
	cases = append(cases, struct {
		name     string
		patterns [][]byte
		want     string
	}{"total too long", tooMuch, "total more than the limit"})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Build(tc.patterns)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got error %v, want one containing %q", err, tc.want)
			}
		})
	}
}

// TestRandomAgainstNaive compares every layout with brute force on random
// patterns and data over small alphabets, which force many overlaps.
func TestRandomAgainstNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, alpha := range []int{1, 2, 4, 16, 256} {
		for _, n := range []int{1, 3, 20, 200} {
			for _, maxLen := range []int{1, 4, 12} {
				patterns := randomPatterns(r, n, maxLen, alpha, 0xff-byte(alpha-1))
				data := randomBytes(r, 2000, alpha, 0xff-byte(alpha-1))
				want := naive(patterns, data)
				for _, l := range layouts {
					name := fmt.Sprintf("alpha=%d/n=%d/len=%d/%s", alpha, n, maxLen, l.name)
					t.Run(name, func(t *testing.T) {
						a, err := BuildWith(patterns, l.opts)
						if err != nil {
							t.Fatal(err)
						}
						if got := scanAll(a, data); !slices.Equal(got, want) {
							t.Fatalf("Scan: %d hits, want %d\n%s", len(got), len(want), firstDiff(got, want))
						}
						if got := scanBatched(a, data, 3); !slices.Equal(got, want) {
							t.Fatalf("ScanHits: %d hits, want %d\n%s", len(got), len(want), firstDiff(got, want))
						}
					})
				}
			}
		}
	}
}

func firstDiff(got, want []Hit) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("first difference at hit %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	return "one is a prefix of the other"
}

// TestChunks splits the data at every position (and in three at many) and
// expects the same hits as one call, from Scan and from ScanHits with
// buffers of several sizes.
func TestChunks(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	patterns := append(randomPatterns(r, 40, 6, 3, 'a'), []byte("a"), []byte("aaaaaa"))
	data := randomBytes(r, 300, 3, 'a')
	want := naive(patterns, data)
	if len(want) < 100 {
		t.Fatalf("only %d hits: the test data is too easy", len(want))
	}
	for _, l := range layouts {
		a, err := BuildWith(patterns, l.opts)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(l.name, func(t *testing.T) {
			for cut := 0; cut <= len(data); cut++ {
				if got := scanChunks(a, data, cut); !slices.Equal(got, want) {
					t.Fatalf("Scan cut at %d: %s", cut, firstDiff(got, want))
				}
				cut2 := cut + (len(data)-cut)/3
				if got := scanChunks(a, data, cut, cut, cut2); !slices.Equal(got, want) {
					t.Fatalf("Scan cut at %d,%d,%d: %s", cut, cut, cut2, firstDiff(got, want))
				}
				for _, capacity := range []int{1, 2, 7, 1000} {
					if got := scanBatched(a, data, capacity, cut); !slices.Equal(got, want) {
						t.Fatalf("ScanHits cap %d cut at %d: %s", capacity, cut, firstDiff(got, want))
					}
				}
			}
		})
	}
}

func TestStateOffset(t *testing.T) {
	a, err := Build(bs("ab"))
	if err != nil {
		t.Fatal(err)
	}
	var st State
	st.Reset(1000)
	var ends []int64
	a.Scan(&st, []byte("xxab"), func(_ int, end int64) { ends = append(ends, end) })
	if st.Offset() != 1004 || !slices.Equal(ends, []int64{1004}) {
		t.Fatalf("offset %d, ends %v; want 1004, [1004]", st.Offset(), ends)
	}
}

func TestScanDoesNotAllocate(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	patterns := randomPatterns(r, 500, 4, 8, 'a')
	data := randomBytes(r, 4096, 8, 'a')
	for _, l := range layouts {
		t.Run(l.name, func(t *testing.T) {
			a, err := BuildWith(patterns, l.opts)
			if err != nil {
				t.Fatal(err)
			}
			var st State
			count := 0
			fn := func(int, int64) { count++ }
			if n := testing.AllocsPerRun(10, func() { a.Scan(&st, data, fn) }); n != 0 {
				t.Errorf("Scan allocates %v times per run", n)
			}
			buf := make([]Hit, 0, 16)
			if n := testing.AllocsPerRun(10, func() { a.ScanHits(&st, data, buf[:0]) }); n != 0 {
				t.Errorf("ScanHits allocates %v times per run", n)
			}
			if count == 0 {
				t.Error("no hits: the test data is too easy")
			}
		})
	}
}

func TestCaseVariants(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
		err      bool
	}{
		{"mixed", "a1B", []string{"a1B", "A1B", "a1b", "A1b"}, false},
		{"no letters", "12", []string{"12"}, false},
		{"too many", "abcdefghi", nil, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CaseVariants([]byte(tc.in))
			if (err != nil) != tc.err {
				t.Fatalf("error %v, want error: %v", err, tc.err)
			}
			var gs []string
			for _, g := range got {
				gs = append(gs, string(g))
			}
			if !slices.Equal(gs, tc.want) {
				t.Fatalf("got %q, want %q", gs, tc.want)
			}
		})
	}
}
