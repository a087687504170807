package check

import (
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/diag"
)

// diffCase is a small rule and whether YARA 4.5 compiles it. newer marks
// cases where yara 4.2.3 (the local oracle) decides otherwise, so only our
// answer is compared with ok. code, when set, is the diagnostic code we
// must report.
type diffCase struct {
	name  string
	src   string
	ok    bool
	code  diag.Code
	newer bool
}

const (
	s2 = `strings: $a = "abc" $b = "def" `
	tm = `import "tests" `
)

var diffCases = []diffCase{
	// Strings.
	{"undefined string", `rule t { strings: $a = "abc" condition: $a and $b }`, false, CodeUndefinedString, false},
	{"undefined count", `rule t { strings: $a = "abc" condition: $a and #b == 0 }`, false, CodeUndefinedString, false},
	{"undefined offset", `rule t { strings: $a = "abc" condition: $a and @b == 0 }`, false, CodeUndefinedString, false},
	{"undefined length", `rule t { strings: $a = "abc" condition: $a and !b == 0 }`, false, CodeUndefinedString, false},
	{"duplicate string", `rule t { strings: $a = "abc" $a = "def" condition: $a }`, false, CodeDuplicateString, false},
	{"unused string only", `rule t { ` + s2 + `condition: $a }`, false, CodeUnusedString, false},
	{"unused underscore string", `rule t { strings: $a = "abc" $_b = "def" condition: $a }`, true, "", true},
	{"unused anonymous", `rule t { strings: $a = "abc" $ = "def" condition: $a }`, false, CodeUnusedString, false},
	{"anonymous via them", `rule t { strings: $a = "abc" $ = "def" condition: any of them }`, true, "", false},
	{"anonymous via wildcard", `rule t { strings: $a = "abc" $ = "def" condition: any of ($*) }`, true, "", false},
	{"bare $ outside loop", `rule t { strings: $a = "abc" condition: $ and $a }`, false, CodeAnonymousString, false},
	{"bare # outside loop", `rule t { strings: $a = "abc" condition: # == 1 and $a }`, false, CodeAnonymousString, false},
	{"bare forms in for of", `rule t { ` + s2 + `condition: for all of them : (# > 0 and @ > 0 and ! > 0 and $ at 0) }`, true, "", false},
	{"wildcard set matches nothing", `rule t { strings: $a = "abc" condition: $a and any of ($z*) }`, false, CodeUndefinedString, false},
	{"set item undefined", `rule t { strings: $a = "abc" condition: any of ($a, $z) }`, false, CodeUndefinedString, false},
	{"them without strings", `rule t { condition: all of them }`, false, CodeEmptySet, false},
	{"set without strings", `rule t { condition: any of ($a) }`, false, CodeUndefinedString, false},
	{"empty text string", `rule t { strings: $a = "" condition: $a }`, false, CodeEmptyString, false},
	{"repeated set item", `rule t { strings: $a = "abc" condition: any of ($a, $a) }`, true, "", false},

	// Modifiers.
	{"xor nocase", `rule t { strings: $a = "abcd" xor nocase condition: $a }`, false, CodeModifierConflict, false},
	{"nocase xor", `rule t { strings: $a = "abcd" nocase xor condition: $a }`, false, CodeModifierConflict, false},
	{"xor base64", `rule t { strings: $a = "abcd" xor base64 condition: $a }`, false, CodeModifierConflict, false},
	{"base64wide xor", `rule t { strings: $a = "abcd" base64wide xor condition: $a }`, false, CodeModifierConflict, false},
	{"base64 nocase", `rule t { strings: $a = "abcd" base64 nocase condition: $a }`, false, CodeModifierConflict, false},
	{"base64 fullword", `rule t { strings: $a = "abcd" base64 fullword condition: $a }`, false, CodeModifierConflict, false},
	{"fullword base64wide", `rule t { strings: $a = "abcd" fullword base64wide condition: $a }`, false, CodeModifierConflict, false},
	{"base64 base64wide", `rule t { strings: $a = "abcd" base64 base64wide condition: $a }`, true, "", false},
	{"two alphabets", `rule t { strings: $a = "abcd" base64("!@#$%^&*(){}[].,|ABCDEFGHIJ\x09LMNOPQRSTUVWXYZabcdefghijklmnopqrstu") base64wide condition: $a }`, false, CodeModifierConflict, false},
	{"same alphabets", `rule t { strings: $a = "abcd" base64("!@#$%^&*(){}[].,|ABCDEFGHIJ\x09LMNOPQRSTUVWXYZabcdefghijklmnopqrstu") base64wide("!@#$%^&*(){}[].,|ABCDEFGHIJ\x09LMNOPQRSTUVWXYZabcdefghijklmnopqrstu") condition: $a }`, true, "", false},
	{"xor all friends", `rule t { strings: $a = "abc" xor wide ascii private fullword condition: $a }`, true, "", false},
	{"nocase all friends", `rule t { strings: $a = "abc" nocase wide ascii private fullword condition: $a }`, true, "", false},
	{"regex modifiers", `rule t { strings: $a = /abc/ nocase wide ascii fullword private condition: $a }`, true, "", false},
	{"hex private", `rule t { strings: $a = { 01 02 03 } private condition: $a }`, true, "", false},
	{"xor range reversed", `rule t { strings: $a = "abc" xor(1-0) condition: $a }`, false, "", false},
	{"xor key too big", `rule t { strings: $a = "abc" xor(256) condition: $a }`, false, "", false},
	{"xor single range", `rule t { strings: $a = "abc" xor(2-2) condition: $a }`, true, "", false},

	// Rules and identifiers.
	{"duplicate rule", `rule a { condition: true } rule a { condition: true }`, false, CodeDuplicateRule, false},
	{"rule named like external", `rule ext_int { condition: true }`, false, CodeDuplicateRule, false},
	{"forward rule reference", `rule a { condition: b } rule b { condition: true }`, false, CodeUndefinedIdent, false},
	{"self reference", `rule a { condition: a }`, true, "", false},
	{"backward rule reference", `rule b { condition: true } rule a { condition: b }`, true, "", false},
	{"wildcard then later rule", `rule a0 { condition: true } rule b { condition: 1 of (a*) } rule a1 { condition: true }`, false, CodeWildcardAfter, false},
	{"wildcard other later rule", `rule a0 { condition: true } rule b { condition: 1 of (a*) } rule c1 { condition: true }`, true, "", false},
	{"wildcard matches nothing", `rule b { condition: 1 of (a*) }`, false, CodeUndefinedIdent, false},
	{"rule set undefined", `rule b { condition: 1 of (a) }`, false, CodeUndefinedIdent, false},
	{"rule set self", `rule b { condition: 1 of (b*) }`, true, "", false},
	{"rule set percent zero", `rule b { condition: true } rule t { condition: 0% of (b*) }`, false, CodeQuantifier, false},
	{"undefined identifier", `rule t { condition: nope }`, false, CodeUndefinedIdent, false},
	{"module not imported", `rule t { condition: pe.is_dll() }`, false, CodeUndefinedIdent, false},
	{"unknown module", `import "nope" rule t { condition: true }`, false, CodeUnknownModule, false},
	{"import twice", `import "pe" import "pe" rule t { condition: pe.is_dll() }`, true, "", false},
	{"rule named like module", `import "pe" rule pe { condition: true }`, true, "", false},
	{"unknown field", `import "pe" rule t { condition: pe.foo }`, false, CodeInvalidField, false},
	{"index non array", `import "pe" rule t { condition: pe.number_of_sections[0] }`, false, CodeNotIndexable, false},
	{"call non function", `import "pe" rule t { condition: pe.number_of_sections() }`, false, CodeNotFunction, false},
	{"wrong arity", `import "pe" rule t { condition: pe.is_dll(1) }`, false, CodeWrongArguments, false},
	{"array as value", `import "pe" rule t { condition: pe.sections }`, false, CodeWrongUsage, false},
	{"module as value", `import "pe" rule t { condition: pe }`, false, CodeWrongUsage, false},
	{"struct as value", `import "pe" rule t { condition: pe.sections[0] }`, false, CodeWrongUsage, false},
	{"function as value", `import "pe" rule t { condition: pe.is_dll }`, false, CodeWrongUsage, false},
	{"field ok", `import "pe" rule t { condition: pe.sections[0].name == "a" }`, true, "", false},
	{"array string index", `import "pe" rule t { condition: pe.sections["a"].name == "a" }`, false, CodeNotIndexable, false},
	{"dict integer key", `import "pe" rule t { condition: pe.version_info[0] == "a" }`, false, CodeNotIndexable, false},
	{"dict ok", `import "pe" rule t { condition: pe.version_info["a"] == "a" }`, true, "", false},
	{"function result bool", `import "pe" rule t { condition: pe.is_dll() == 1 and pe.is_dll() }`, true, "", false},
	{"regex argument", `import "pe" rule t { condition: pe.exports(/a/) }`, true, "", false},
	{"overload integer", tm + `rule t { condition: tests.isum(1,2) == 3 and tests.isum(1,2,3) == 6 }`, true, "", false},
	{"no float to integer", tm + `rule t { condition: tests.isum(1.5,2) == 3 }`, false, CodeWrongArguments, false},
	{"no integer to float", tm + `rule t { condition: tests.fsum(1,2) == 3 }`, false, CodeWrongArguments, false},
	{"string for regex", tm + `rule t { condition: tests.match("a", "a") == 1 }`, false, CodeWrongArguments, false},
	{"bool argument", `import "math" rule t { condition: math.to_number(1 == 1) == 1 }`, true, "", false},
	{"integer for bool", `import "math" rule t { condition: math.to_number(1) == 1 }`, false, CodeWrongArguments, false},
	{"rule is not struct", `rule a { condition: true } rule b { condition: a.x }`, false, CodeNotStruct, false},
	{"external not struct", `rule b { condition: ext_int.x }`, false, CodeNotStruct, false},
	{"external not array", `rule b { condition: ext_int[0] }`, false, CodeNotIndexable, false},
	{"external not function", `rule b { condition: ext_int(0) }`, false, CodeNotFunction, false},
	{"externals ok", `rule t { condition: ext_str == "abc" and ext_bool and ext_float > 1 and ext_int == 1 }`, true, "", false},
	{"bool external is integer", `rule t { condition: ext_bool == 1 and ext_bool + 1 > 0 }`, true, "", false},
	{"string external matches", `rule t { condition: ext_str matches /a/ and ext_str contains "a" }`, true, "", false},

	// Types.
	{"string equals integer", `rule t { condition: "a" == 1 }`, false, CodeTypeMismatch, false},
	{"integer equals float", `rule t { condition: 1 == 1.5 }`, true, "", false},
	{"string in and", `rule t { condition: "a" and true }`, true, "", false},
	{"integer in and", `rule t { condition: 1 and true }`, true, "", false},
	{"not string", `rule t { condition: not "a" }`, true, "", false},
	{"contains integer", `rule t { condition: "a" contains 1 }`, false, CodeTypeMismatch, false},
	{"icontains on integer", `rule t { condition: 1 icontains "b" }`, false, CodeTypeMismatch, false},
	{"string ops", `rule t { condition: "a" iequals "A" and "a" startswith "a" and "a" iendswith "b" and "a" istartswith "b" and "a" endswith "x" }`, true, "", false},
	{"matches on integer", `rule t { condition: ext_int matches /a/ }`, false, CodeTypeMismatch, false},
	{"string plus integer", `rule t { condition: "a" + 1 }`, false, CodeTypeMismatch, false},
	{"string plus string", `rule t { condition: "a" + "b" }`, false, CodeTypeMismatch, false},
	{"negate string", `rule t { condition: -"a" }`, false, CodeTypeMismatch, false},
	{"bitnot float", `rule t { condition: ~1.5 }`, false, CodeTypeMismatch, false},
	{"bitand float", `rule t { condition: 1.5 & 1 }`, false, CodeTypeMismatch, false},
	{"mod float", `rule t { condition: 1 % 0.0 > 0 }`, false, CodeTypeMismatch, false},
	{"float division", `rule t { condition: 1.5 \ 1 }`, true, "", false},
	{"float division by zero", `rule t { condition: 1.0 \ 0 }`, true, "", false},
	{"float compare string", `rule t { condition: 1.5 < "a" }`, false, CodeTypeMismatch, false},
	{"string compare", `rule t { condition: "a" < "b" }`, true, "", false},
	{"rule compare integer", `rule a { condition: true } rule b { condition: a == 1 }`, false, CodeTypeMismatch, false},
	{"rule plus integer", `rule a { condition: true } rule b { condition: a + 1 > 0 }`, false, CodeTypeMismatch, false},
	{"regex as condition", `rule t { condition: /a/ }`, true, "", false},
	{"float as condition", `rule t { condition: 1.5 }`, true, "", false},
	{"defined values", `rule t { condition: defined 1 and defined "a" and defined 1.5 }`, true, "", false},
	{"integer function float", `rule t { condition: int32be(1.5) == 1 }`, false, CodeWrongArguments, false},
	{"integer function string", `rule t { condition: uint8("a") == 1 }`, false, CodeWrongArguments, false},
	{"entrypoint", `rule t { condition: entrypoint == 0 }`, true, "", false},

	// Constant folding.
	{"add overflow", `rule t { condition: 9223372036854775807 + 1 > 0 }`, false, CodeOverflow, false},
	{"sub to min", `rule t { condition: -9223372036854775807 - 1 > 0 }`, true, "", false},
	{"sub overflow", `rule t { condition: -9223372036854775807 - 2 > 0 }`, false, CodeOverflow, false},
	{"mul overflow exact min", `rule t { condition: 4611686018427387904 * -2 }`, false, CodeOverflow, false},
	{"mul ok", `rule t { condition: 3074457345618258602 * 3 > 0 }`, true, "", false},
	{"mul overflow", `rule t { condition: 3074457345618258603 * 3 > 0 }`, false, CodeOverflow, false},
	{"min times one", `rule t { condition: (-9223372036854775807 - 1) * 1 < 0 }`, true, "", false},
	{"one times min", `rule t { condition: 1 * (-9223372036854775807 - 1) < 0 }`, false, CodeOverflow, false},
	{"div overflow", `rule t { condition: ~9223372036854775807 \ -1 }`, false, CodeOverflow, false},
	{"mod overflow", `rule t { condition: (-9223372036854775807 - 1) % -1 > 0 }`, false, CodeOverflow, false},
	{"nested overflow", `rule t { condition: 9223372036854775807 + 9223372036854775807 + filesize > 0 }`, false, CodeOverflow, false},
	{"no fold with filesize", `rule t { condition: filesize + 9223372036854775807 > 0 }`, true, "", false},
	{"division by zero", `rule t { condition: 1 \ 0 }`, false, CodeDivByZero, false},
	{"division by folded zero", `rule t { condition: 1 \ (1-1) > 0 }`, false, CodeDivByZero, false},
	{"filesize div zero", `rule t { condition: filesize \ 0 }`, false, CodeDivByZero, false},
	{"filesize mod zero", `rule t { condition: filesize % 0 }`, false, CodeDivByZero, false},
	{"division by external", `rule t { condition: 1 \ ext_int > 0 }`, true, "", false},
	{"negative shift", `rule t { condition: 1 << -1 == 0 }`, false, CodeNegativeShift, false},
	{"negative shift right", `rule t { condition: filesize >> (0-1) == 0 }`, false, CodeNegativeShift, false},
	{"wide shift", `rule t { condition: 1 << 64 == 0 }`, true, "", false},

	// Quantifiers, ranges and loops.
	{"count above strings", `rule t { ` + s2 + `condition: 3 of them }`, true, "", false},
	{"zero of", `rule t { ` + s2 + `condition: 0 of them }`, true, "", false},
	{"percent over 100", `rule t { ` + s2 + `condition: 101% of them }`, false, CodeQuantifier, false},
	{"percent 100", `rule t { ` + s2 + `condition: 100% of them }`, true, "", false},
	{"percent zero", `rule t { ` + s2 + `condition: 0% of them }`, false, CodeQuantifier, false},
	{"percent external", `rule t { ` + s2 + `condition: ext_int% of them }`, true, "", false},
	{"negative count", `rule t { strings: $a = "a" condition: -1 of them }`, false, CodeQuantifier, true},
	{"negative for count", `rule t { strings: $a = "a" condition: for -1 of them: ($) }`, false, CodeQuantifier, true},
	{"string count", `rule t { strings: $a = "a" condition: "foo" of them }`, false, CodeQuantifier, true},
	{"regex count", `rule t { strings: $a = "a" condition: /foo/ of them }`, false, CodeQuantifier, true},
	{"float count", `rule t { strings: $a = "a" condition: for 3.14159 of them: ($) }`, false, CodeQuantifier, true},
	{"external count", `rule t { ` + s2 + `condition: ext_int of them }`, true, "", false},
	{"filesize count", `rule t { ` + s2 + `condition: filesize of them }`, true, "", false},
	{"float range", `rule t { ` + s2 + `condition: $a in (1.5..2) and $b }`, false, CodeRange, false},
	{"string range", `rule t { ` + s2 + `condition: $a in ("a"..2) and $b }`, false, CodeRange, false},
	{"range ok", `rule t { ` + s2 + `condition: $a in (0..filesize) and $b in (1..1) }`, true, "", false},
	{"at float", `rule t { ` + s2 + `condition: $a at 1.5 and $b }`, false, CodeTypeMismatch, false},
	{"at string", `rule t { ` + s2 + `condition: $a at "x" and $b }`, false, CodeTypeMismatch, false},
	{"at negative", `rule t { ` + s2 + `condition: $a at -1 and $b }`, true, "", false},
	{"offset index zero", `rule t { ` + s2 + `condition: @a[0] == 1 and $b }`, true, "", false},
	{"for range upper string", `rule t { ` + s2 + `condition: for any i in (1.."a") : ($a) and $b }`, false, CodeRange, false},
	{"for enumeration mixed", `rule t { ` + s2 + `condition: for any i in (1,2,"a") : ($a) and $b }`, false, CodeLoop, false},
	{"for enumeration float", `rule t { ` + s2 + `condition: for any i in (1,2,1.5) : ($a) and $b }`, false, CodeLoop, false},
	{"for string enumeration", `rule t { ` + s2 + `condition: for any i in ("a","b") : (i == "a") and $b and $a }`, true, "", true},
	{"for string compared to int", `rule t { condition: for any i in ("a"): (i == 0) }`, false, CodeTypeMismatch, false},
	{"for external items", `rule t { ` + s2 + `condition: for any i in (ext_int, 2) : (i == 1) and $b and $a }`, true, "", false},
	{"for shadowing loop var", `rule t { ` + s2 + `condition: for any i in (1,2) : (for any i in (3,4) : (true)) and $b and $a }`, false, CodeLoop, false},
	{"for shadowing external", `rule t { ` + s2 + `condition: for any ext_int in (1,2) : (true) and $b and $a }`, true, "", false},
	{"for two vars on list", `rule t { ` + s2 + `condition: for any i,j in (1,2) : (true) and $b and $a }`, false, CodeLoop, false},
	{"for nesting 4", `rule t { ` + s2 + `condition: for any a in (1,2) : (for any b in (1,2) : (for any c in (1,2) : (for any d in (1,2) : (true)))) and $a and $b }`, true, "", false},
	{"for nesting 5", `rule t { ` + s2 + `condition: for any a in (1,2) : (for any b in (1,2) : (for any c in (1,2) : (for any d in (1,2) : (for any e in (1,2) :(true))))) and $a and $b }`, false, CodeLoop, false},
	{"nested for of", `rule t { ` + s2 + `condition: for any of them : (for any of them : ($)) }`, false, CodeLoop, false},
	{"for in inside for of", `rule t { ` + s2 + `condition: for any of them : (for any i in (1,2) : ($ at i)) }`, true, "", false},
	{"bare $ in for in", `rule t { ` + s2 + `condition: for any i in (1,2) : ($) and $a and $b }`, false, CodeAnonymousString, false},
	{"dict two vars", tm + `rule t { condition: for any k,v in tests.struct_dict : (k == "a" and v.i == 1) }`, true, "", false},
	{"dict one var", tm + `rule t { condition: for any k in tests.struct_dict : (true) }`, false, CodeLoop, false},
	{"dict three vars", tm + `rule t { condition: for any a,b,c in tests.struct_dict : ( false ) }`, false, "", false},
	{"array two vars", tm + `rule t { condition: for any k,v in tests.integer_array : (true) }`, false, CodeLoop, false},
	{"array one var", tm + `rule t { condition: for any k in tests.integer_array : (k == 1) }`, true, "", false},
	{"struct array var", tm + `rule t { condition: for any k in tests.struct_array : (k.i == 1) }`, true, "", false},
	{"struct var as value", tm + `rule t { condition: for any k in tests.struct_array : (k == 1) }`, false, CodeWrongUsage, false},
	{"struct not iterable", tm + `rule t { condition: for any k in tests.constants : (true) }`, false, CodeLoop, false},
	{"function not iterable", tm + `rule t { condition: for any k in tests.isum : (true) }`, false, CodeLoop, false},
	{"integer not iterable", tm + `rule t { condition: for any k in tests.constants.one : (true) }`, false, CodeLoop, false},
	{"undefined in loop body", tm + `rule t { condition: for any i in tests.integer_array : ( undefined_ident ) }`, false, CodeUndefinedIdent, false},
	{"loop var out of scope", `rule t { ` + s2 + `condition: for all of them : ($) and i }`, false, CodeUndefinedIdent, false},

	// Regular expressions.
	{"regex bad range", `rule t { strings: $a = /[b-a]/ condition: $a }`, false, CodeRegex, false},
	{"regex unbalanced", `rule t { strings: $a = /abc)/ condition: $a }`, false, CodeRegex, false},
	{"regex condition bad range", `rule t { condition: "a" matches /[b-a]/ }`, false, CodeRegex, false},
	{"regex ok", `rule t { strings: $a = /ab{2,3}c/ condition: $a }`, true, "", false},
}

// TestDiff checks every case with our front end against the expected
// decision and, when yarac is installed and agrees with 4.5 on the case,
// against yarac.
func TestDiff(t *testing.T) {
	if len(diffCases) < 80 {
		t.Fatalf("only %d differential cases", len(diffCases))
	}
	ext := externalsOf(t, testExternals...)
	dir := t.TempDir()
	for _, tc := range diffCases {
		t.Run(tc.name, func(t *testing.T) {
			_, perrs, cerrs := checkSource("t.yar", []byte(tc.src), ext)
			ours := !perrs.HasErrors() && !cerrs.HasErrors()
			if ours != tc.ok {
				t.Errorf("accepted = %v, want %v\nparser: %v\nchecker: %v\n%s", ours, tc.ok, perrs, cerrs, tc.src)
			}
			if tc.code != "" && !hasCode(cerrs, tc.code) {
				t.Errorf("want a %s diagnostic, got parser: %v; checker: %v", tc.code, perrs, cerrs)
			}
			if tc.newer {
				return
			}
			yok, out := yaracAccepts(t, dir, tc.src, testExternals)
			if yok != tc.ok {
				t.Errorf("yarac accepted = %v, table says %v: %s\n%s", yok, tc.ok, strings.TrimSpace(out), tc.src)
			}
		})
	}
}

// hasCode reports whether l holds a diagnostic with the given code.
func hasCode(l diag.List, code diag.Code) bool {
	for _, d := range l {
		if d.Code == code {
			return true
		}
	}
	return false
}
