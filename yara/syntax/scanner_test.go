package syntax

import (
	"go/token"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/diag"
)

type scanned struct {
	tok Token
	lit string
}

func scanAll(t *testing.T, src string) ([]scanned, []string) {
	t.Helper()
	fset := token.NewFileSet()
	file := fset.AddFile("x.yar", -1, len(src))
	var errs []string
	var s scanner
	s.init(file, []byte(src), func(pos token.Pos, sev diag.Severity, code diag.Code, msg string) {
		errs = append(errs, string(code)+" "+msg)
	})
	var out []scanned
	for i := 0; i < 1000; i++ {
		_, tok, lit := s.scan()
		if tok == EOF {
			break
		}
		out = append(out, scanned{tok, lit})
	}
	return out, errs
}

func TestScannerTokens(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []scanned
	}{
		{"keywords", "rule private global meta strings condition", []scanned{{RULE, ""}, {PRIVATE, ""}, {GLOBAL, ""}, {META, ""}, {STRINGS, ""}, {CONDITION, ""}}},
		{"int functions", "uint8 uint32be int16", []scanned{{UINT8, ""}, {UINT32BE, ""}, {INT16, ""}}},
		{"ident", "abc _x1 Rule", []scanned{{IDENT, "abc"}, {IDENT, "_x1"}, {IDENT, "Rule"}}},
		{"string ids", "$a $ $a* $* #a # @b @ !c !", []scanned{{STRINGID, "$a"}, {STRINGID, "$"}, {STRINGID, "$a*"}, {STRINGID, "$*"}, {STRINGCOUNT, "#a"}, {STRINGCOUNT, "#"}, {STRINGOFFSET, "@b"}, {STRINGOFFSET, "@"}, {STRINGLENGTH, "!c"}, {STRINGLENGTH, "!"}}},
		{"operators", "+ - * \\ % & | ^ ~ << >> == != < <= > >= = ( ) [ ] { } , . .. : /",
			[]scanned{{ADD, ""}, {SUB, ""}, {MUL, ""}, {DIV, ""}, {MOD, ""}, {BITAND, ""}, {BITOR, ""}, {BITXOR, ""}, {BITNOT, ""}, {SHL, ""}, {SHR, ""}, {EQL, ""}, {NEQ, ""}, {LSS, ""}, {LEQ, ""}, {GTR, ""}, {GEQ, ""}, {ASSIGN, ""}, {LPAREN, ""}, {RPAREN, ""}, {LBRACK, ""}, {RBRACK, ""}, {LBRACE, ""}, {RBRACE, ""}, {COMMA, ""}, {PERIOD, ""}, {DOTDOT, ""}, {COLON, ""}, {SLASH, ""}}},
		{"range", "(0..10)", []scanned{{LPAREN, ""}, {INT, "0"}, {DOTDOT, ""}, {INT, "10"}, {RPAREN, ""}}},
		{"numbers", "10 0x1F 0o17 2KB 3MB 1.5 012", []scanned{{INT, "10"}, {INT, "0x1F"}, {INT, "0o17"}, {INT, "2KB"}, {INT, "3MB"}, {FLOAT, "1.5"}, {INT, "012"}}},
		{"comments", "a // line\nb /* block\n */ c", []scanned{{IDENT, "a"}, {COMMENT, "// line"}, {IDENT, "b"}, {COMMENT, "/* block\n */"}, {IDENT, "c"}}},
		{"crlf comment", "a // x\r\nb", []scanned{{IDENT, "a"}, {COMMENT, "// x"}, {IDENT, "b"}}},
		{"string", `"a\"b" "c"`, []scanned{{STRING, `"a\"b"`}, {STRING, `"c"`}}},
		{"not equal vs length", "!a != 1", []scanned{{STRINGLENGTH, "!a"}, {NEQ, ""}, {INT, "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := scanAll(t, tt.src)
			if len(errs) > 0 {
				t.Fatalf("errors: %v", errs)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("token %d: got %v, want %v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestScannerValues(t *testing.T) {
	ints := []struct {
		src  string
		want int64
	}{
		{"0", 0}, {"10", 10}, {"0x10", 16}, {"0xfF", 255}, {"0o17", 15}, {"1KB", 1024}, {"2MB", 2 << 20},
		{"9223372036854775807", 9223372036854775807}, {"0x7fffffffffffffff", 9223372036854775807},
		{"8796093022207MB", 8796093022207 << 20},
	}
	for _, tt := range ints {
		t.Run("int "+tt.src, func(t *testing.T) {
			fset := token.NewFileSet()
			var s scanner
			s.init(fset.AddFile("x", -1, len(tt.src)), []byte(tt.src), func(token.Pos, diag.Severity, diag.Code, string) {
				t.Errorf("unexpected error")
			})
			if _, tok, _ := s.scan(); tok != INT || s.intVal != tt.want {
				t.Errorf("got %v %d, want INT %d", tok, s.intVal, tt.want)
			}
		})
	}
	strs := []struct {
		src  string
		want string
	}{
		{`""`, ""}, {`"abc"`, "abc"}, {`"\"\\\t\n\r"`, "\"\\\t\n\r"}, {`"\x41\x7a\x00\xFF"`, "Az\x00\xff"}, {"\"\xc3\xa9\"", "\xc3\xa9"},
	}
	for _, tt := range strs {
		t.Run("string "+tt.src, func(t *testing.T) {
			fset := token.NewFileSet()
			var s scanner
			s.init(fset.AddFile("x", -1, len(tt.src)), []byte(tt.src), func(token.Pos, diag.Severity, diag.Code, string) {
				t.Errorf("unexpected error")
			})
			if _, tok, _ := s.scan(); tok != STRING || string(s.strVal) != tt.want {
				t.Errorf("got %v %q, want STRING %q", tok, s.strVal, tt.want)
			}
		})
	}
}

func TestScannerErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"escape q", `"a\qb"`, `S004 invalid escape sequence "\q" in text string`},
		{"escape a", `"\a"`, `S004 invalid escape sequence "\a"`},
		{"escape zero", `"\0"`, `S004 invalid escape sequence "\0"`},
		{"escape short hex", `"\x4"`, `S004 invalid escape sequence "\x4"`},
		{"newline in string", "\"ab\ncd", "S003 text string not terminated"},
		{"eof in string", `"ab`, "S003 text string not terminated"},
		{"overflow", "9223372036854775808", "S005 integer literal 9223372036854775808 overflows int64"},
		{"overflow MB", "8796093022208MB", "S005 integer literal 8796093022208MB overflows int64"},
		{"overflow octal", "0o1000000000000000000000", "S005 integer literal 0o1000000000000000000000 overflows int64"},
		{"overflow hex", "0x8000000000000000", "S005 integer literal 0x8000000000000000 overflows int64"},
		{"bad hex", "0x", "S006 malformed number literal 0x"},
		{"bad octal", "0o8", "S006 invalid digit '8' in 0o8"},
		{"bad suffix", "10kb", "S006 malformed number literal 10kb"},
		{"illegal", "`", "S002 illegal character \"`\""},
		{"illegal byte", "\xff", "S002 illegal character 0xFF"},
		{"long ident", strings.Repeat("a", 129), "S007 identifier \"aaaaaaaaaaaaaaaa...\" is too long (129 bytes, the limit is 128)"},
		{"long string ident", "$" + strings.Repeat("a", 129), "S007 identifier"},
		{"unterminated comment", "/* abc", "S010 comment not terminated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errs := scanAll(t, tt.src)
			if len(errs) != 1 || !strings.HasPrefix(errs[0], tt.want) {
				t.Errorf("got errors %q, want one starting with %q", errs, tt.want)
			}
		})
	}
}

func TestScanRegex(t *testing.T) {
	tests := []struct {
		name, src, pattern string
		i, s               bool
		err                string
	}{
		{"plain", "/abc/", "abc", false, false, ""},
		{"flags", "/abc/is", "abc", true, true, ""},
		{"i", "/abc/i", "abc", true, false, ""},
		{"s", "/abc/s", "abc", false, true, ""},
		{"escaped slash", `/a\/b/`, `a\/b`, false, false, ""},
		{"escaped backslash", `/a\\/`, `a\\`, false, false, ""},
		{"bad flags", "/abc/si", "abc", false, false, "S009"},
		{"unterminated", "/abc\n/", "abc", false, false, "S008"},
		{"unterminated eof", `/abc\`, `abc\`, false, false, "S008"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fset := token.NewFileSet()
			var errs []string
			var s scanner
			s.init(fset.AddFile("x", -1, len(tt.src)), []byte(tt.src), func(_ token.Pos, _ diag.Severity, code diag.Code, msg string) {
				errs = append(errs, string(code))
			})
			if _, tok, _ := s.scan(); tok != SLASH {
				t.Fatalf("got %v, want SLASH", tok)
			}
			x := s.scanRegex(0)
			if x.Pattern != tt.pattern || x.CaseInsensitive != tt.i || x.DotAll != tt.s {
				t.Errorf("got %+v", x)
			}
			if tt.err == "" && len(errs) > 0 || tt.err != "" && (len(errs) != 1 || errs[0] != tt.err) {
				t.Errorf("errors %v, want %q", errs, tt.err)
			}
		})
	}
}
