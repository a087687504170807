package syntax

import (
	"fmt"
	"go/token"
	"strings"
	"testing"
)

func TestSlab(t *testing.T) {
	var s slab[Ident]
	seen := map[*Ident]bool{}
	for i := range 1000 {
		x := s.new()
		if *x != (Ident{}) {
			t.Fatalf("new %d: not zeroed: %+v", i, *x)
		}
		if seen[x] {
			t.Fatalf("new %d: pointer handed out twice", i)
		}
		seen[x] = true
		x.Name = fmt.Sprint(i)
	}
	if n := len(seen); n != 1000 {
		t.Fatalf("got %d distinct nodes, want 1000", n)
	}
}

func TestSlabClone(t *testing.T) {
	tests := []struct {
		name string
		n    int
	}{
		{"empty", 0},
		{"one", 1},
		{"chunk-sized", slabMinChunk},
		{"larger than first chunk", slabMinChunk + 1},
		{"largest carved", slabMaxChunk / 4},
		{"allocated alone", slabMaxChunk/4 + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s slab[int]
			src := make([]int, tt.n)
			for i := range src {
				src[i] = i + 1
			}
			a := s.clone(src)
			b := s.clone(src)
			if tt.n == 0 {
				if a != nil {
					t.Fatalf("clone of empty = %v, want nil", a)
				}
				return
			}
			if len(a) != tt.n || cap(a) != tt.n {
				t.Fatalf("len %d cap %d, want both %d", len(a), cap(a), tt.n)
			}
			for i := range a {
				if a[i] != src[i] || b[i] != src[i] {
					t.Fatalf("element %d: got %d and %d, want %d", i, a[i], b[i], src[i])
				}
			}
			// Appending to one clone must not write into the other.
			a = append(a, -1)
			for i := range b {
				if b[i] != src[i] {
					t.Fatalf("append to one clone changed the other at %d", i)
				}
			}
		})
	}
}

func TestByteArena(t *testing.T) {
	var a byteArena
	if got := a.clone(nil); got != nil {
		t.Fatalf("clone(nil) = %v, want nil", got)
	}
	var out [][]byte
	var want []string
	for i := range 300 {
		v := []byte(strings.Repeat(string(rune('a'+i%26)), i%200+1))
		out = append(out, a.clone(v))
		want = append(want, string(v))
		v[0] = '!' // the clone must not alias its argument
	}
	for i, b := range out {
		if string(b) != want[i] {
			t.Fatalf("value %d = %q, want %q", i, b, want[i])
		}
		if cap(b) != len(b) {
			t.Fatalf("value %d has spare capacity %d", i, cap(b)-len(b))
		}
	}
}

// TestManyTags checks duplicate tags past the linear scan of the first
// maxTagScan tags.
func TestManyTags(t *testing.T) {
	tests := []struct {
		name string
		tags []string
		dups []string
	}{
		{"none", []string{"a", "b"}, nil},
		{"early", []string{"a", "b", "a"}, []string{"a"}},
		{"late of early", append(tagNames(40), "t3"), []string{"t3"}},
		{"late of late", append(tagNames(40), "t39"), []string{"t39"}},
		{"boundary", append(tagNames(maxTagScan), "t0", "t0"), []string{"t0", "t0"}},
		{"distinct many", tagNames(100), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "rule r : " + strings.Join(tt.tags, " ") + " { condition: true }"
			f, diags := ParseFile(token.NewFileSet(), "t.yar", []byte(src), 0)
			var got []string
			for _, d := range diags {
				if d.Code != CodeDuplicateTag {
					t.Fatalf("unexpected diagnostic %v", d)
				}
				got = append(got, d.Message)
			}
			var want []string
			for _, d := range tt.dups {
				want = append(want, fmt.Sprintf("duplicate tag %q", d))
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("diagnostics %q, want %q", got, want)
			}
			if len(diags) == 0 {
				r := f.Decls[0].(*Rule)
				if len(r.Tags) != len(tt.tags) {
					t.Fatalf("%d tags, want %d", len(r.Tags), len(tt.tags))
				}
				for i, tag := range r.Tags {
					if tag.Name != tt.tags[i] {
						t.Fatalf("tag %d = %q, want %q", i, tag.Name, tt.tags[i])
					}
				}
			}
		})
	}
}

// tagNames returns n distinct tags t0, t1, ...
func tagNames(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("t%d", i)
	}
	return out
}
