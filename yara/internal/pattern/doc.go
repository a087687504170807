// Package pattern compiles one YARA string definition (a text, hex or regex
// string with its modifiers) into a Pattern: the short literal atoms the
// scanner's Aho-Corasick automaton searches for, and the verifiers that turn
// an atom hit into the matches yara reports (offset, length, xor key).
//
// A text string becomes one variant per form (ascii, wide), xor key and
// base64 encoding; each variant has one atom (the best window of at most
// MaxAtomLen bytes, with its ASCII case variants under nocase) and is
// verified by comparing the whole variant around the hit.
//
// Hex and regex strings are converted to a regex syntax tree (a hex jump is a
// lazy repetition of any byte). Atoms are required literal runs of that tree:
// a run of a top-level concatenation, or one atom per alternative of an
// alternation, or the first iteration of a repetition. For every atom the
// part of the tree before it (its prefix) is compiled reversed: a hit is
// verified by running the reversed prefix backward from the atom to find
// every offset where a match could start, then the whole pattern forward
// from each such offset. The forward run decides the reported length, with
// leftmost-first (Perl) priority. Where yara's own atoms lie inside an
// ambiguous alternation, its lengths depend on which atom reported the match
// first: such forms follow yara's alternation model instead (yaraalt.go,
// yara/internal/refmatch/SEMANTICS.md), verified forward from yara's atom
// window and deduplicated by Match.Order. Regexes run
// forward with package yara/regex (at most ScanLimit bytes per match), except
// the wide form of a regex with \b or \B, whose assertions look at wide
// characters and which runs on this package's own Pike VM, as hex strings
// do (hex strings have no length limit). A hex string too large as one
// program is split at its long jumps (split.go). A hex string's text is
// converted straight to its tree (hexfast.go), and its forward program is
// compiled at its first use (lazyprog.go): a scan verifies few of the
// strings of a large rule set.
//
// A pattern without any atom (/.*/, { ?? }) is "full scan": the scanner
// calls Scan, or ScanRange range by range, for it. Slow reports whether yara
// warns that the string "may slow down scanning": it follows yara's own atom
// quality (yaraq.go), which is independent of the atoms chosen here.
//
// Matches are emitted with a Rank: when several forms of one string match at
// the same offset, yara reports the one of lowest rank (ascii before wide,
// base64 encodings in order); Finish applies that rule to a batch.
package pattern
