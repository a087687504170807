package refmatch

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/syntax"
)

func def(t testing.TB, s string) *syntax.StringDef {
	return parseDef(t, "rule r { strings: $a = "+s+" condition: $a }")
}

func TestMatchFields(t *testing.T) {
	tests := []struct {
		name, str, data string
		want            []Match
	}{
		{"plain", `"ab"`, "xab", []Match{{1, 2, -1, false}}},
		{"wide", `"ab" wide`, "a\x00b\x00", []Match{{0, 4, -1, true}}},
		{"xor-key", `"ab" xor`, "ab\x60\x63", []Match{{0, 2, 0, false}, {2, 2, 1, false}}},
		{"xor-wide-key", `"ab" xor(1-3) wide`, "\x63\x02\x60\x02", []Match{{0, 4, 2, true}}},
		{"base64wide", `"abc" base64wide`, "Y\x00W\x00J\x00j\x00", []Match{{0, 8, -1, true}}},
		{"regex-wide", `/ab/ ascii wide`, "a\x00b\x00ab", []Match{{0, 4, -1, true}, {4, 2, -1, false}}},
		{"hex", `{ 61 [1-2] 62 }`, "axxb", []Match{{0, 4, -1, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FindAll(def(t, tt.str), []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	tests := []struct{ name, str, want string }{
		{"xor-nocase", `"ab" xor nocase`, "xor nocase"},
		{"base64-fullword", `"ab" base64 fullword`, "base64 fullword"},
		{"base64-nocase", `"ab" base64 nocase`, "base64 nocase"},
		{"base64-xor", `"ab" base64 xor`, "base64 xor"},
		{"too-large", `/(a{1000}){1000}/`, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := def(t, tt.str)
			_, err := FindAll(d, []byte("ab"))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "$a") {
				t.Errorf("error %v, want one naming $a and containing %q", err, tt.want)
			}
		})
	}
	if _, err := FindAll(nil, nil); err == nil {
		t.Error("FindAll(nil) succeeded")
	}
}

func TestHexMaskAndNot(t *testing.T) {
	// Built from text without positions: 01 then any byte whose low nibble is not 2.
	h := &syntax.HexString{Text: "01 ~?2"}
	got, err := FindAll(&syntax.StringDef{Name: "$h", Value: h}, []byte{1, 0x12, 1, 0x13, 1})
	if err != nil {
		t.Fatal(err)
	}
	if want := []Match{{2, 2, -1, false}}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestTooManyMatches(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates a megabyte-sized input")
	}
	data := []byte(strings.Repeat("a", MaxMatchesPerString+5))
	got, err := FindAll(def(t, `"a"`), data)
	if !errors.Is(err, ErrTooManyMatches) || len(got) != MaxMatchesPerString {
		t.Errorf("got %d matches, err %v", len(got), err)
	}
}

func TestBase64Shifts(t *testing.T) {
	got := base64Shifts([]byte("This program cannot"), stdAlphabet)
	want := []string{"VGhpcyBwcm9ncmFtIGNhbm5vd", "RoaXMgcHJvZ3JhbSBjYW5ub3", "UaGlzIHByb2dyYW0gY2Fubm90"}
	if len(got) != len(want) {
		t.Fatalf("got %q", got)
	}
	for i := range want {
		if string(got[i]) != want[i] {
			t.Errorf("shift %d: got %q, want %q", i, got[i], want[i])
		}
	}
}
