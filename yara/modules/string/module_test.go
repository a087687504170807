package stringmod

import "testing"

func TestToInt(t *testing.T) {
	tests := []struct {
		s    string
		base int64
		want int64
		ok   bool
	}{
		{"1234", 0, 1234, true}, {"-10", 0, -10, true}, {"-010", 0, -8, true}, {"0x1A", 0, 26, true},
		{"011", 8, 9, true}, {"-011", 0, -9, true}, {"+7", 10, 7, true}, {" 42", 10, 42, true},
		{"z", 36, 35, true}, {"ff", 16, 255, true}, {"0xff", 16, 255, true},
		{"9223372036854775807", 10, 9223372036854775807, true}, {"-9223372036854775808", 10, -9223372036854775808, true},
		{"9223372036854775808", 10, 0, false}, {"", 0, 0, false}, {"12a", 10, 0, false}, {"0x", 0, 0, false},
		{"1", 1, 0, false}, {"1", 37, 0, false}, {"-", 10, 0, false}, {"99999999999999999999999", 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.s, func(t *testing.T) {
			r := toInt(tc.s, tc.base)
			if r.Defined != tc.ok || (tc.ok && r.Int != tc.want) {
				t.Errorf("toInt(%q, %d) = %+v, want %d defined=%v", tc.s, tc.base, r, tc.want, tc.ok)
			}
		})
	}
}

func FuzzToInt(f *testing.F) {
	for _, s := range []string{"0x10", "-010", "  +5", "9223372036854775808", "zz"} {
		f.Add(s, int64(0))
	}
	f.Fuzz(func(t *testing.T, s string, base int64) {
		_ = toInt(s, base)
	})
}
