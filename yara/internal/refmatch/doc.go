// Package refmatch is the naive reference matcher of YARA string
// definitions: for one string definition (a syntax.StringDef) and a byte
// slice, FindAll lists every match yara reports, with its offset, length,
// xor key and form. It is slow and obviously right on purpose: it tries every
// offset, every xor key and every form, and runs hex and regex strings with
// a small bit-state backtracker of its own (regex patterns are parsed by
// yara/regex/syntax, not matched by yara/regex), so that it can serve as the
// oracle of the fast scan engine in tests and fuzzing.
//
// The semantics were pinned down by experiment with yara 4.2.3 and are
// listed in SEMANTICS.md next to this file; in short:
//
//   - a string matches at every offset where it can, overlapping matches
//     included, and at most once per offset; matches are sorted by offset;
//   - a regex or hex string reports, at each offset, the length of its
//     highest-priority match: leftmost-first as in Perl, greedy or lazy
//     quantifiers as written, alternatives left to right, hex jumps lazy;
//   - a regex match is at most MaxRegexMatchLength (4096) bytes long; hex
//     strings are not limited;
//   - wide interleaves zero bytes (also in regexes, after every consumed
//     byte, and \b \B then compare wide characters: a word byte followed
//     by a zero byte); nocase folds ASCII letters only; fullword requires no ASCII
//     letter or digit (in the wide form, no such byte followed by zero)
//     right before and after the match, looking at the raw bytes even for
//     xor; xor tries every key of the range (0-255 by default, key 0
//     included) and applies it to the zero bytes of the wide form too;
//   - base64 and base64wide search the three shifted encodings of the
//     plaintext (widened first with wide), trimmed to the characters that
//     depend only on the plaintext.
//
// testdata/cases.jsonl holds the engine-independent table of cases (rule
// text, input, the matches yara 4.2.3 reports, and the expected matches
// where the reference deliberately follows YARA 4.5 or avoids a 4.2.3
// artifact). Run `go test -run TestDifferential -update` to re-record the
// yara results.
//
// Only tests and fuzzers import this package; the scan engine must not.
package refmatch
