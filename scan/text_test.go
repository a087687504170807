package scan

import (
	"bytes"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara"
)

func TestAppendMetaText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "hello world", "hello world"},
		{"quotes and backslash", `a"b'c\d`, `a\"b\'c\\d`},
		{"C escapes", "\a\b\t\n\v\f\r", `\a\b\t\n\v\f\r`},
		{"octal", "\x01\x1b\x7f\x80\xff", `\001\033\177\200\377`},
		{"stops at NUL like yara", "ab\x00cd", "ab"},
		{"question mark is plain", "?", "?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(AppendMetaText(nil, tt.in)); got != tt.want {
				t.Errorf("AppendMetaText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAppendMatchText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"printable", ` !"\~`, ` !"\~`},
		{"controls", "\x00\t\n\x1f", `\x00\x09\x0A\x1F`},
		{"high", "\x7f\x80\xff", `\x7F\x80\xFF`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(AppendMatchText(nil, []byte(tt.in))); got != tt.want {
				t.Errorf("AppendMatchText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
	if got := string(AppendHexData(nil, []byte{0, 0xab, 0xff})); got != "00 AB FF" {
		t.Errorf("AppendHexData = %q", got)
	}
}

func TestAppendRule(t *testing.T) {
	r := &RuleResult{MatchingRule: yara.MatchingRule{
		Namespace: "ns", Rule: "r", Tags: []string{"a", "b"},
		Meta: []yara.Meta{{Key: "i", Value: int64(-1)}, {Key: "s", Value: "x"}, {Key: "b", Value: false}},
		Strings: []yara.MatchString{
			{Identifier: "$a", Offset: 255, Length: 600, Data: []byte("ab\n")}, // -L prints at most yara.MaxMatchData
			{Identifier: "$h", Offset: 0, Length: 2, Data: []byte{1, 2}, Hex: true},
		},
	}, Matched: true}
	tests := []struct {
		name string
		o    TextOptions
		want string
	}{
		{"bare", TextOptions{}, "r obj\n"},
		{"everything", TextOptions{Namespace: true, Tags: true, Meta: true, Strings: true, StringLength: true},
			"ns:r [a,b] [i =-1,s=\"x\",b=false] obj\n0xff:512:$a: ab\\x0A\n0x0:2:$h: 01 02\n"},
		{"length alone has no data", TextOptions{StringLength: true}, "r obj\n0xff:512:$a\n0x0:2:$h\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(AppendRule(nil, r, "obj", tt.o)); got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestAppendLongHex checks that -s prints the first MaxHexPrint bytes of a
// longer hex string match and " ...", as yara does, and text strings whole.
func TestAppendLongHex(t *testing.T) {
	data := bytes.Repeat([]byte{0xab}, MaxHexPrint+1)
	tests := []struct {
		name string
		s    yara.MatchString
		want string
	}{
		{"hex at the limit", yara.MatchString{Identifier: "$h", Length: MaxHexPrint, Data: data[:MaxHexPrint], Hex: true},
			"0x0:$h: " + strings.Repeat("AB ", MaxHexPrint-1) + "AB\n"},
		{"hex over the limit", yara.MatchString{Identifier: "$h", Length: 600, Data: data, Hex: true},
			"0x0:$h: " + strings.Repeat("AB ", MaxHexPrint-1) + "AB ...\n"},
		{"text over the limit", yara.MatchString{Identifier: "$t", Length: len(data), Data: data},
			"0x0:$t: " + strings.Repeat(`\xAB`, MaxHexPrint+1) + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &RuleResult{MatchingRule: yara.MatchingRule{Rule: "r", Strings: []yara.MatchString{tt.s}}, Matched: true}
			got := strings.TrimPrefix(string(AppendRule(nil, r, "obj", TextOptions{Strings: true})), "r obj\n")
			if got != tt.want {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// FuzzAppendText checks the escapers' invariants on any bytes: the output
// is printable ASCII only, and text escaping is reversible in length.
func FuzzAppendText(f *testing.F) {
	for _, s := range []string{"", "hello", "\x00\xff", `"\'`, "\a\b\t\n\v\f\r", "ab\x00cd"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, out := range [][]byte{AppendMetaText(nil, string(data)), AppendMatchText(nil, data), AppendHexData(nil, data)} {
			for _, c := range out {
				if c < 0x20 || c > 0x7e {
					t.Fatalf("non-printable byte %#x in %q", c, out)
				}
			}
		}
		n := 0
		for _, c := range data {
			if c >= 0x20 && c <= 0x7e {
				n++
			} else {
				n += 4
			}
		}
		if got := len(AppendMatchText(nil, data)); got != n {
			t.Fatalf("AppendMatchText length %d, want %d", got, n)
		}
	})
}
