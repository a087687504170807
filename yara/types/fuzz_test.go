package types

import "testing"

// FuzzCompareVersions checks that version comparison, the one parser in
// this package, never panics and is a consistent ordering.
func FuzzCompareVersions(f *testing.F) {
	for _, seed := range [][2]string{
		{"4.3", "4.2.3"}, {"4.10", "4.9"}, {"", ""}, {"4.3rc1", "4.3"},
		{"..", "1."}, {"99999999999999999999999", "1"}, {"-1", "x.y"},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := CompareVersions(a, b), CompareVersions(b, a)
		if ab != -ba {
			t.Fatalf("CompareVersions(%q, %q) = %d but reversed = %d", a, b, ab, ba)
		}
		if CompareVersions(a, a) != 0 {
			t.Fatalf("CompareVersions(%q, itself) != 0", a)
		}
		if v := laterVersion(a, b); v != a && v != b {
			t.Fatalf("laterVersion(%q, %q) = %q", a, b, v)
		}
	})
}

// FuzzQuoteString checks that quoted strings are printable ASCII and
// delimited.
func FuzzQuoteString(f *testing.F) {
	for _, seed := range []string{"", "dex\n035\x00", `"\`, "\xff\x7f\t"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := QuoteString(s)
		if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
			t.Fatalf("QuoteString(%q) = %s", s, q)
		}
		for i := 0; i < len(q); i++ {
			if q[i] < 0x20 || q[i] >= 0x7f {
				t.Fatalf("QuoteString(%q) has byte %#x", s, q[i])
			}
		}
	})
}
