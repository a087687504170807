package console

import (
	"fmt"
	"math"
	"testing"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc", "abc"}, {"a\x00b", `a\x00b`}, {"\n\t", `\x0a\x09`}, {"\xff", `\xff`}, {`"\`, `"\`}, {"", ""},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := Escape(tc.in); got != tc.want {
				t.Errorf("Escape(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMessage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"abc: ", "abc: "}, {"a\x01: ", "a\x01: "}, {"m\x00zz: ", "m"}, {"\x00", ""}, {"\xff\n", "\xff\n"}, {"", ""},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%q", tc.in), func(t *testing.T) {
			if got := Message(tc.in); got != tc.want {
				t.Errorf("Message(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFormatFloat(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{{1.5, "1.500000"}, {1.0 / 3, "0.333333"}, {1e20, "100000000000000000000.000000"},
		{math.Inf(1), "inf"}, {math.Inf(-1), "-inf"}, {-0.5, "-0.500000"}}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := FormatFloat(tc.in); got != tc.want {
				t.Errorf("FormatFloat(%v) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
