package syntax

import (
	"errors"
	"strings"
	"testing"
)

// TestParseErrors checks which patterns yara rejects, with the message and
// the offset. The accept/reject split was taken from yarac 4.2.3, except
// where YARA 4.5 differs (x{0}, x{,0}, "{2 ,3}" are accepted).
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, pattern string
		msg           string // prefix of the message; "" means the pattern parses
		offset        int
	}{
		{"reversed range", `[b-a]`, ErrBadRange, 1},
		{"reversed hex range", `[z-\x41]`, ErrBadRange, 1},
		{"unbalanced close", `abc)`, ErrUnexpectedParen, 3},
		{"empty first alternative", `(|abc)ef`, ErrSyntax, 1},
		{"leading bar", `|a`, ErrSyntax, 0},
		{"empty group", `()`, ErrSyntax, 1},
		{"empty alternative in middle of group", `a(|)b`, ErrSyntax, 2},
		{"unclosed group", `(a`, ErrMissingParen, 0},
		{"short hex", `\x0`, ErrIllegalEscape, 0},
		{"bad hex", `\xxy`, ErrIllegalEscape, 0},
		{"bad second hex digit", `a\x4g`, ErrIllegalEscape, 1},
		{"trailing backslash", `a\`, ErrIllegalEscape, 1},
		{"backreference 0", `\0`, ErrBackreference, 0},
		{"backreference 9", `a\9`, ErrBackreference, 1},
		{"repeat 2^32", `a{4294967296}`, ErrRepeatTooLarge, 1},
		{"huge repeat", `c{99999999999999999999}`, ErrRepeatTooLarge, 1},
		{"repeat 32768", `a{32768}`, ErrRepeatTooLarge, 1},
		{"repeat max 32768", `a{0,32768}`, ErrRepeatTooLarge, 1},
		{"reversed interval", `a{2,1}`, ErrBadRepeat, 1},
		{"unterminated class", `[a`, ErrMissingBracket, 0},
		{"unterminated class escape", `[a\`, ErrIllegalEscape, 2},
		{"empty class", `[]`, ErrMissingBracket, 0},
		{"empty negated class", `[^]`, ErrMissingBracket, 0},
		{"star alone", `*`, ErrSyntax, 0},
		{"interval alone", `{5}`, ErrSyntax, 0},
		{"double star", `a**`, ErrSyntax, 2},
		{"star plus", `a*+`, ErrSyntax, 2},
		{"triple question", `a???`, ErrSyntax, 3},
		{"lazy star then question", `a*??`, ErrSyntax, 3},
		{"interval twice", `a{2}{3}`, ErrSyntax, 4},
		{"repeated begin", `^*`, ErrSyntax, 1},
		{"repeated end", `$*`, ErrSyntax, 1},
		{"repeated boundary", `a\b*`, ErrSyntax, 3},
		{"star after bar", `a|*`, ErrSyntax, 2},
		{"perl group", `(?:a)`, ErrSyntax, 1},
		{"empty pattern", ``, ErrSyntax, 0},

		{"literal", `abc`, "", 0},
		{"escaped dot slash dash", `\.\/\-`, "", 0},
		{"control escapes", `\n\t\r\f\a`, "", 0},
		{"unknown escapes are literal", `\v\e\q\g\z\A\Q\k\p\h\cA\u0041`, "", 0},
		{"hex", `\x41\xff\xAb`, "", 0},
		{"at most", `a{,5}`, "", 0},
		{"at least", `a{5,}`, "", 0},
		{"empty braces literal", `a{}`, "", 0},
		{"open brace literal", `a{`, "", 0},
		{"lone brace", `{`, "", 0},
		{"unterminated interval literal", `a{5`, "", 0},
		{"unterminated interval comma literal", `a{5,`, "", 0},
		{"comma only interval", `a{,}`, "", 0},
		{"letter interval literal", `a{x}`, "", 0},
		{"colon interval literal", `{1:5}`, "", 0},
		{"zero repeat (4.5)", `a{0}`, "", 0},
		{"zero max repeat (4.5)", `a{,0}`, "", 0},
		{"spaces in interval (4.3)", `a{ 2 , 3 }`, "", 0},
		{"max repeat", `a{32767}`, "", 0},
		{"trailing bar", `a|`, "", 0},
		{"double bar", `a||b`, "", 0},
		{"empty last alternative in group", `(a|)`, "", 0},
		{"class with bracket first", `[]a]`, "", 0},
		{"negated class with bracket first", `[^]a]`, "", 0},
		{"class escape as range end", `[a-\d]`, "", 0},
		{"posix class is literal", `[[:alpha:]]`, "", 0},
		{"lazy interval", `x{2,3}?`, "", 0},
		{"repeated group of anchor", `(^)*`, "", 0},
		{"nested stars", `(a*)*`, "", 0},
		{"lone close brackets", `}]`, "", 0},
		{"anchors alone", `^$\b\B`, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(tt.pattern, 0)
			if tt.msg == "" {
				if err != nil {
					t.Fatalf("Parse(%q) = %v, want success", tt.pattern, err)
				}
				if n == nil {
					t.Fatalf("Parse(%q) returned nil node", tt.pattern)
				}
				return
			}
			var pe *Error
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) = %v, want *Error %q", tt.pattern, err, tt.msg)
			}
			if !strings.HasPrefix(pe.Msg, tt.msg) || pe.Offset != tt.offset {
				t.Errorf("Parse(%q) = %q at %d, want %q at %d", tt.pattern, pe.Msg, pe.Offset, tt.msg, tt.offset)
			}
		})
	}
}

func TestNestingLimit(t *testing.T) {
	deep := strings.Repeat("(", MaxNestingDepth) + "a" + strings.Repeat(")", MaxNestingDepth)
	if _, err := Parse(deep, 0); err != nil {
		t.Fatalf("depth %d: %v", MaxNestingDepth, err)
	}
	tooDeep := "(" + deep + ")"
	_, err := Parse(tooDeep, 0)
	var pe *Error
	if !errors.As(err, &pe) || pe.Msg != ErrNestingTooDeep || pe.Offset != MaxNestingDepth {
		t.Fatalf("depth %d: got %v, want %q at %d", MaxNestingDepth+1, err, ErrNestingTooDeep, MaxNestingDepth)
	}
}

// TestClassMembers checks the byte sets of classes, including yara's quirks.
func TestClassMembers(t *testing.T) {
	tests := []struct {
		name, pattern string
		flags         Flags
		in, out       string // bytes that must and must not be members
	}{
		{"range", `[a-c]`, 0, "abc", "d`"},
		{"dash last", `[a-]`, 0, "a-", "b"},
		{"dash first", `[-a]`, 0, "a-", "b"},
		{"dash between ranges", `[a-c-e]`, 0, "abc-e", "d"},
		{"bracket first", `[]a]`, 0, "]a", "b"},
		{"negated bracket first", `[^]a]`, 0, "b\n", "]a"},
		{"escape as range end", `[a-\d]`, 0, "abcd", "-5e"},
		{"escape as range start", `[\d-z]`, 0, "dxz", "5-c"},
		{"digits", `[\d]`, 0, "0189", "a"},
		{"non digits", `[\D]`, 0, "a-", "05"},
		{"word", `[\w]`, 0, "aZ09_", "-."},
		{"space", `[\s]`, 0, " \t\n\v\f\r", "a\x00"},
		{"non space", `[\S]`, 0, "a", " \v"},
		{"escaped b is b", `[\b]`, 0, "b", "\x08"},
		{"escapes", `[\n\x41\]\\]`, 0, "\nA]\\", "n"},
		{"fold range", `[A-C]`, FoldCase, "abcABC", "d"},
		{"fold symbols range", `[*-_]`, FoldCase, "*AZaz_", "{"},
		{"fold negated", `[^D]`, FoldCase, "e1", "dD"},
		{"fold negated range", `[^a-z]`, FoldCase, "1", "aA"},
		{"posix is literal", `[[:alpha:]`, 0, "[:alph", "b]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := Parse(tt.pattern, tt.flags)
			if err != nil {
				t.Fatal(err)
			}
			if n.Op != OpClass {
				t.Fatalf("Parse(%q).Op = %v, want Class", tt.pattern, n.Op)
			}
			for i := 0; i < len(tt.in); i++ {
				if !n.Class.Has(tt.in[i]) {
					t.Errorf("%q lacks %q", tt.pattern, tt.in[i])
				}
			}
			for i := 0; i < len(tt.out); i++ {
				if n.Class.Has(tt.out[i]) {
					t.Errorf("%q has %q", tt.pattern, tt.out[i])
				}
			}
		})
	}
}
