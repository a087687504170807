package object

import "testing"

func TestLazyArray(t *testing.T) {
	calls := map[int]int{}
	gen := func(i int) *Value {
		calls[i]++
		if i == 2 {
			return nil // an undefined element
		}
		return Int(int64(10 * i))
	}
	tests := []struct {
		name  string
		index int64
		want  *Value
	}{
		{"first", 0, Int(0)},
		{"middle", 3, Int(30)},
		{"undefined element", 2, nil},
		{"last", 4, Int(40)},
		{"past the end", 5, nil},
		{"negative", -1, nil},
		{"again", 3, Int(30)},
	}
	a := NewLazyArray(5, gen)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := a.Index(tc.index)
			if (got == nil) != (tc.want == nil) || got != nil && got.Int != tc.want.Int {
				t.Errorf("Index(%d) = %+v, want %+v", tc.index, got, tc.want)
			}
		})
	}
	if a.Len() != 5 {
		t.Errorf("Len = %d, want 5", a.Len())
	}
	for i, n := range calls {
		if n != 1 {
			t.Errorf("element %d built %d times, want once", i, n)
		}
	}
	if len(calls) != 4 {
		t.Errorf("built elements %v, want 0, 2, 3 and 4 only", calls)
	}
	if len(a.Elems) != 0 {
		t.Errorf("Elems filled (%d) before any change", len(a.Elems))
	}

	a.Append(Int(50))
	if a.Len() != 6 || a.Index(1).Int != 10 || a.Index(2) != nil || a.Index(5).Int != 50 || calls[1] != 1 {
		t.Errorf("after Append: len %d, elems %+v, calls %v", a.Len(), a.Elems, calls)
	}
	b := NewLazyArray(2, gen)
	b.SetIndex(3, String("x"))
	if b.Len() != 4 || b.Index(1).Int != 10 || b.Index(3).Str != "x" {
		t.Errorf("after SetIndex: %+v", b.Elems)
	}
	if n := NewLazyArray(-3, gen); n.Len() != 0 || n.Index(0) != nil {
		t.Errorf("negative length: Len %d", n.Len())
	}
}
