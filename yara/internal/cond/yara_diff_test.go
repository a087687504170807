package cond

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// diffCase is one (rule, data) pair compared with yara.
type diffCase struct {
	strs string // the strings section body, or ""
	cond string // the condition
	data string // the scanned bytes
}

// diffData is the default data of the differential cases.
const diffData = "abcdabxx\x01\x02\x03\x04\xff\xfe MZ hello world"

// mixedData is a few hundred varied bytes for the statistics functions.
var mixedData = func() string {
	b := make([]byte, 777)
	x := uint32(12345)
	for i := range b {
		x = x*1103515245 + 12345
		b[i] = byte(x >> 16)
	}
	return string(b)
}()

// diffCases exercise every construct of the condition language, undefined
// values included; each is compared with yara (match and console output).
var diffCases = []diffCase{
	// Booleans and undefined.
	{cond: "true"}, {cond: "false"}, {cond: "not false"},
	{cond: "not tests.undefined.i"}, {cond: "not not tests.undefined.i"},
	{cond: "tests.undefined.i or true"}, {cond: "not (tests.undefined.i or false)"},
	{cond: "not (tests.undefined.i and true)"}, {cond: "defined tests.undefined.i"},
	{cond: "not defined tests.undefined.i"}, {cond: "not defined tests.undefined.f"},
	{cond: "tests.undefined.i != 1"}, {cond: "not (tests.undefined.i == 1)"},
	{cond: "not defined -tests.undefined.i"}, {cond: "not defined ~tests.undefined.i"},
	{cond: "tests.undefined.f"}, {cond: "not tests.undefined.f"},
	{cond: "tests.constants.foo"}, {cond: "tests.constants.empty"}, {cond: "not tests.constants.empty"},
	{cond: "0.0"}, {cond: "0.5"}, {cond: "tests.constants.one"},
	// Arithmetic, wraparound, division.
	{cond: "tests.constants.one + 2 == 3"}, {cond: "tests.constants.one * 0x7fffffffffffffff * 2 == -2"},
	{cond: "tests.constants.one * 0x7fffffffffffffff + 0x7fffffffffffffff == -2"},
	{cond: "-7 % 3 == -1"}, {cond: "-7 \\ 2 == -3"}, {cond: "7 \\ 2 == 3"},
	{cond: "1 \\ (filesize - filesize) == 0"}, {cond: "not defined (1 \\ (filesize - filesize))"},
	{cond: "not defined (1 % (filesize - filesize))"}, {cond: "tests.constants.one \\ 0.0 > 1000"},
	{cond: "filesize \\ 2.0 == 13.5"}, {cond: "filesize + 0.5 == 27.5"}, {cond: "1.5 * 2 == 3"},
	{cond: "tests.constants.two - 0.5 < 2"}, {cond: "-tests.constants.one == -1"},
	{cond: "1 \\ 3.0 > 0.33"},
	// Bitwise and shifts.
	{cond: "(tests.constants.one << 64) == 0"}, {cond: "(-tests.constants.one >> 64) == 0"},
	{cond: "(tests.constants.one << 63) < 0"}, {cond: "(-tests.constants.one >> 1) == -1"},
	{cond: "not defined (1 << (filesize - 28))"}, {cond: "~tests.constants.one == -2"},
	{cond: "(tests.constants.two | 5) == 7 and (6 & tests.constants.two) == 2 and (tests.constants.two ^ 3) == 1"},
	// Comparisons of ints, floats, strings.
	{cond: "tests.constants.one < 1.5"}, {cond: "tests.constants.one >= 1.0"}, {cond: "2.5 > tests.constants.two"},
	{cond: "tests.constants.foo == \"foo\""}, {cond: "tests.constants.foo != \"bar\""},
	{cond: "tests.constants.foo < \"fop\""}, {cond: "tests.constants.foo > \"fo\""},
	{cond: "tests.string_array[3] == \"foo\\x00bar\""}, {cond: "tests.string_array[3] > \"foo\""},
	// String operators.
	{cond: "tests.constants.foo contains \"oo\""}, {cond: "tests.constants.foo icontains \"OO\""},
	{cond: "tests.constants.foo startswith \"fo\""}, {cond: "tests.constants.foo istartswith \"FO\""},
	{cond: "tests.constants.foo endswith \"oo\""}, {cond: "tests.constants.foo iendswith \"OO\""},
	{cond: "tests.constants.foo iequals \"FOO\""}, {cond: "tests.constants.foo matches /^f.o$/"},
	{cond: "tests.constants.foo matches /O/i"}, {cond: "not (tests.constants.foo matches /O/)"},
	{cond: "tests.string_array[3] matches /o.b/s"}, {cond: "not (tests.string_array[4] contains \"foo\")"}, {cond: "tests.constants.empty contains \"\""},
	// filesize, integer reads.
	{cond: "filesize == 27"}, {cond: "uint8(0) == 0x61"}, {cond: "uint16(0) == 0x6261"},
	{cond: "uint32(0) == 0x64636261"}, {cond: "uint16be(0) == 0x6162"}, {cond: "uint32be(0) == 0x61626364"},
	{cond: "int8(12) == -1"}, {cond: "int16(12) == -257"}, {cond: "int32(8) == 0x04030201"},
	{cond: "int16be(12) == -2"}, {cond: "int32be(10) == 0x0304fffe"}, {cond: "uint8be(12) == 255"},
	{cond: "not defined uint8(filesize)"}, {cond: "not defined uint32(filesize - 3)"},
	{cond: "uint32(filesize - 4) == 0x646c726f"}, {cond: "not defined uint8(-1)"}, {cond: "not defined int8be(-1)"},
	{cond: "not defined entrypoint"},
	// String references.
	{strs: `$a = "ab"`, cond: "$a"}, {strs: `$a = "zz"`, cond: "not $a"},
	{strs: `$a = "ab"`, cond: "$a at 4"}, {strs: `$a = "ab"`, cond: "not $a at 3"},
	{strs: `$a = "ab"`, cond: "$a in (3..4)"}, {strs: `$a = "ab"`, cond: "not $a in (5..100)"},
	{strs: `$a = "ab"`, cond: "not defined ($a in (0..tests.undefined.i))"},
	{strs: `$a = "ab"`, cond: "#a == 2"}, {strs: `$a = "zz"`, cond: "#a == 0"},
	{strs: `$a = "ab"`, cond: "@a == 0"}, {strs: `$a = "ab"`, cond: "@a[2] == 4"},
	{strs: `$a = "ab"`, cond: "not defined @a[3]"}, {strs: `$a = "ab"`, cond: "not defined @a[0]"},
	{strs: `$a = "ab"`, cond: "not defined @a[-1]"}, {strs: `$a = "zz"`, cond: "not defined @a"},
	{strs: `$a = "ab"`, cond: "!a[1] == 2"}, {strs: `$a = /ab(cd)?/`, cond: "!a[1] == 4 and !a[2] == 2"},
	{strs: `$a = "zz"`, cond: "not defined !a"}, {strs: `$a = "ab"`, cond: "not defined @a[tests.undefined.i]"},
	{strs: `$a = "ab"`, cond: "$a at (1 \\ (filesize - filesize)) or true"},
	// of.
	{strs: `$a = "ab" $b = "cd"`, cond: "all of them"}, {strs: `$a = "ab" $b = "zz"`, cond: "any of them"},
	{strs: `$a = "ab" $b = "zz"`, cond: "not all of them"}, {strs: `$a = "zz" $b = "yy"`, cond: "none of them"},
	{strs: `$a = "ab" $b = "cd"`, cond: "0 of them"}, {strs: `$a = "zz" $b = "yy"`, cond: "0 of them"},
	{strs: `$a = "ab" $b = "cd"`, cond: "2 of ($a, $b)"}, {strs: `$a = "ab" $b = "cd"`, cond: "3 of them"},
	{strs: `$a1 = "ab" $a2 = "cd" $b = "zz"`, cond: "all of ($a*)"}, {strs: `$a1 = "ab" $a2 = "cd" $b = "zz"`, cond: "2 of ($a*, $b)"},
	{strs: `$a = "ab" $b = "cd"`, cond: "all of them in (0..2)"}, {strs: `$a = "ab" $b = "cd"`, cond: "1 of them in (1..1)"},
	{strs: `$a = "ab" $b = "cd"`, cond: "(25 * tests.constants.two)% of them"},
	{strs: `$a = "ab" $b = "zz"`, cond: "any of them in (0..tests.undefined.i)"},
	{strs: `$a = "ab" $b = "zz"`, cond: "tests.constants.one of them"},
	// for..of.
	{strs: `$a = "ab" $b = "zz"`, cond: "for all of them: (# >= 0)"}, {strs: `$a = "ab" $b = "zz"`, cond: "for any of them: (@ == 0)"},
	{strs: `$a = "ab" $b = "zz"`, cond: "for all of them: ($)"}, {strs: `$a = "ab" $b = "zz"`, cond: "not for all of them: (@[1] >= 0)"},
	{strs: `$a = "ab" $b = "zz"`, cond: "for none of them: (@[1] == 5)"}, {strs: `$a = "ab" $b = "cd"`, cond: "for all of ($a, $b): (!  == 2)"},
	{strs: `$a = "ab" $b = "cd"`, cond: "for 2 of them: (# > 0)"},
	// for..in.
	{cond: "for all i in (1..3): (i > 0)"}, {cond: "for any i in (1..3): (i == 2)"}, {cond: "for none i in (1..3): (i == 5)"},
	{cond: "for 2 i in (1..3): (i > 1)"}, {cond: "for 2 i in (1..3): (i > 0)"}, {cond: "for 0 i in (1..3): (false)"},
	{cond: "for 0 i in (1..3): (true)"}, {cond: "for 4 i in (1..3): (true)"},
	{cond: "for all i in (1..filesize - filesize): (true)"}, {cond: "for none i in (1..filesize - filesize): (true)"},
	{cond: "for all i in (1, 2, 3): (i < 4)"}, {cond: "for any i in (1, 2, tests.undefined.i): (not defined i)"},
	{cond: "for all i in (1, 2, tests.undefined.i): (i > 0)"}, {cond: "not for all i in (1..3): (tests.undefined.i)"},
	{cond: "for none i in (1..3): (tests.undefined.i)"}, {cond: "for all i in (tests.undefined.i..10): (true)"},
	{cond: "not for all i in (tests.constants.one..tests.undefined.i): (true)"},
	{cond: "for all i in (0..filesize - 1): (uint8(i) >= 0)"},
	{cond: "for any i in (0..filesize): (uint16(i) == 0x0403)"},
	{cond: "for all x in tests.string_array: (x contains \"a\" or x contains \"o\")"},
	{cond: "for any x in tests.string_array: (x == \"bar\")"}, {cond: "for 0 x in tests.struct_array: (x.i == 100)"},
	{cond: "for any x in tests.struct_array: (x.i == 1)"}, {cond: "for all x in tests.struct_array: (x.i == 1)"},
	{cond: "for any k, v in tests.struct_dict: (k == \"foo\" and v.s == \"foo\" and v.i == 1)"},
	{cond: "for any k, v in tests.string_dict: (k == v and k == \"bar\")"},
	{cond: "for all k, v in tests.integer_dict: (true)"}, {cond: "for any k, v in tests.empty_struct_dict: (true)"},
	{cond: "for all x in tests.empty_struct_array: (true)"}, {cond: "for none x in tests.empty_struct_array: (true)"},
	{cond: "for any x in tests.integer_array: (x == 256)"}, {cond: "for all x in tests.integer_array: (x < 300)"},
	{cond: "for any a in tests.struct_array: (a.i == 1 and for any b in tests.struct_array: (b.i == a.i))"},
	{cond: "for all i in (1..2): (for all j in (1..2): (for any k in (1..3): (k == i + j)))"},
	// Module fields and functions.
	{cond: "tests.constants.one == 1 and tests.constants.two == 2"}, {cond: "tests.string_array[0] == \"foo\""},
	{cond: "tests.string_dict[\"foo\"] == \"foo\""}, {cond: "not defined tests.string_dict[\"x\"]"},
	{cond: "not defined tests.integer_array[3]"}, {cond: "tests.integer_array[256] == 256"},
	{cond: "not defined tests.integer_array[257]"}, {cond: "not defined tests.integer_array[-1]"},
	{cond: "not defined tests.struct_array[0].i"}, {cond: "tests.struct_array[1].i == 1"},
	{cond: "not defined tests.empty_struct_array[0].struct_array[0].unused"},
	{cond: "tests.isum(1, 2) == 3"}, {cond: "tests.isum(1, 2, 3) == 6"}, {cond: "tests.fsum(1.0, 2.5) == 3.5"},
	{cond: "tests.length(\"dummy\") == 5"}, {cond: "tests.empty() == \"\""}, {cond: "tests.foobar(2) == \"bar\""},
	{cond: "tests.foobar(9) == \"oops\""}, {cond: "tests.match(/foo/, \"foo\") == 3"},
	{cond: "tests.match(/foo.bar/i, \"FOO\\nBAR\") == -1"}, {cond: "not defined tests.isum(1, tests.undefined.i)"},
	{cond: "math.to_number(true) == 1"}, {cond: "not defined math.to_number(tests.undefined.i == 1)"},
	// console output.
	{cond: "console.log(\"str\") and console.log(\"a:\", \"b\\x01\\n\\\\\")"},
	{cond: "console.log(42) and console.log(-3) and console.log(\"i:\", 7)"},
	{cond: "console.log(1.5) and console.log(\"f:\", 1.0 \\ 3.0) and console.log(100000000000000000000.0)"},
	{cond: "console.hex(255) and console.hex(-1) and console.hex(\"h:\", 4096)"},
	{cond: "console.log(tests.string_array[3]) and console.log(tests.undefined.i)"},
	{cond: "for all i in (0..5): (console.log(tests.integer_array[i]) or console.log(\"U\"))"},
	{cond: "console.log(\"tab\\there \\\"q\\\"\")"}, {cond: "console.log(1.0 \\ 0.0) and console.log(-1.0 \\ 0.0)"},
	// math.
	{cond: "console.log(math.entropy(0, filesize)) and console.log(math.entropy(\"aabb\"))"},
	{cond: "console.log(math.entropy(4, 100)) and not defined math.entropy(27, 0) and math.entropy(26, 0) == 0"},
	{cond: "not defined math.entropy(-1, 2) and not defined math.entropy(0, -1)"},
	{cond: "console.log(math.mean(0, filesize)) and console.log(math.mean(\"abc\")) and not defined math.mean(0, 0)"},
	{cond: "console.log(math.deviation(0, filesize, math.MEAN_BYTES)) and console.log(math.deviation(\"abcz\", 1.5))"},
	{cond: "console.log(math.serial_correlation(0, filesize)) and console.log(math.serial_correlation(\"aaaa\")) and console.log(math.serial_correlation(\"abzq\"))"},
	{cond: "console.log(math.monte_carlo_pi(0, filesize)) and not defined math.monte_carlo_pi(0, 5)"},
	{cond: "math.in_range(1.5, 1.0, 2.0) and not math.in_range(2.5, 1.0, 2.0)"},
	{cond: "math.max(1, 2) == 2 and math.min(1, 2) == 1 and console.log(math.max(-1, 2)) and console.log(math.min(-1, 2))"},
	{cond: "math.abs(-5) == 5 and math.abs(5) == 5"},
	{cond: "math.count(0x61) == 2 and math.count(0x61, 2, 100) == 1 and math.count(256) == 0 and not defined math.count(97, 27, 1)"},
	{cond: "console.log(math.percentage(0x61)) and console.log(math.percentage(0x61, 0, 4)) and not defined math.percentage(97, 0, 0)"},
	{cond: "math.mode() == 0x20 or console.log(math.mode())"}, {cond: "math.mode(0, 2) == 0x61 and math.mode(0, 0) == 0"},
	// hash.
	{cond: "console.log(hash.md5(0, filesize)) and console.log(hash.md5(\"\")) and console.log(hash.md5(4, 100))"},
	{cond: "console.log(hash.sha1(0, filesize)) and console.log(hash.sha256(\"abc\"))"},
	{cond: "console.log(hash.crc32(0, filesize)) and console.log(hash.crc32(\"abc\")) and console.log(hash.checksum32(0, filesize))"},
	{cond: "console.log(hash.checksum32(\"abc\")) and not defined hash.md5(27, 0) and hash.md5(26, 0) == hash.md5(\"\")"},
	{cond: "console.log(math.monte_carlo_pi(0, filesize)) and console.log(math.serial_correlation(0, filesize)) and console.log(math.entropy(0, filesize)) and console.log(math.deviation(3, 500, 100.25))", data: mixedData},
	{cond: "console.log(hash.sha256(0, filesize)) and console.log(hash.crc32(7, 300)) and console.log(math.mode(1, 400))", data: mixedData},
	// time.
	{cond: "time.now() > 1700000000"},
	// Rule references and sets (see diffRuleSets for multi-rule programs).
}

// TestYaraDifferential compares each case's match and console output with yara.
func TestYaraDifferential(t *testing.T) {
	yara := testenv.Yara(t)
	dir := t.TempDir()
	for i, tc := range diffCases {
		name := tc.cond
		if len(name) > 60 {
			name = name[:60]
		}
		t.Run(name, func(t *testing.T) {
			src := diffSource(tc)
			data := tc.data
			if data == "" {
				data = diffData
			}
			want := runYara(t, yara, dir, src, data)
			c, err := compileSource(src, nil)
			if err != nil {
				t.Fatalf("case %d: compile: %v\n%s", i, err, src)
			}
			res, logs, err := c.scan([]byte(data))
			if err != nil {
				t.Fatalf("case %d: scan: %v", i, err)
			}
			got := logs
			for _, n := range c.matching(res) {
				got = append(got, n+" DATA")
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("case %d: %s\n got: %q\nwant: %q", i, tc.cond, got, want)
			}
		})
	}
}

// diffSource builds the rule of a case; strings are referenced by an
// always-true disjunct so that yara accepts an unused one.
func diffSource(tc diffCase) string {
	var b strings.Builder
	for _, m := range []string{"tests", "console", "math", "hash", "time"} {
		b.WriteString("import \"" + m + "\"\n")
	}
	b.WriteString("rule t {\n")
	cond := "(" + tc.cond + ")"
	if tc.strs != "" {
		b.WriteString("  strings: " + tc.strs + "\n")
		cond += " and (any of them or true)"
	}
	b.WriteString("  condition: " + cond + "\n}\n")
	return b.String()
}

// runYara runs yara on src and data and returns its output lines, with the
// data file name replaced by DATA.
func runYara(t *testing.T, yara, dir, src, data string) []string {
	t.Helper()
	rf, df := filepath.Join(dir, "r.yar"), filepath.Join(dir, "data")
	if err := os.WriteFile(rf, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(df, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(yara, "-w", rf, df).CombinedOutput()
	if err != nil {
		t.Fatalf("yara: %v\n%s\n%s", err, out, src)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		if l != "" {
			lines = append(lines, strings.ReplaceAll(l, df, "DATA"))
		}
	}
	return lines
}
