// Package regex compiles YARA regular expressions (parsed by package
// regex/syntax) to a small instruction program and matches it with a Pike
// VM: time linear in the input for every pattern (no backtracking), memory
// proportional to the program.
//
// Semantics follow YARA's engine as observed with yara -s:
//
//   - Matches are leftmost-first like Perl: alternatives are tried in order,
//     greedy quantifiers prefer more, non-greedy ones prefer fewer, and the
//     reported length is that of the highest-priority match (/ab|abcd/ over
//     "abcd" reports "ab"; /a(b|bc)d?/ reports "ab" when its atom is the
//     leading "a").
//   - A string match may not extend more than ScanLimit bytes past its start
//     (YARA's YR_RE_SCAN_LIMIT); matches that would need more are dropped,
//     greedy loops stop at the limit, and \b treats the limit as the end of
//     the data while $ still means the real end.
//   - ^ is true only at offset 0 of the data and $ only at its end; \b and
//     \B look at the byte before the match start too.
//
// MatchAt and FindAll serve string scanning; Match serves the "matches"
// operator, which has no length limit.
//
// Differences from yara 4.2.3 that are deliberate (YARA 4.5 behaviour):
// empty matches are reported ((abc|), a{0}, a{,0}); yara 4.2.3 drops them.
// Known difference: yara runs part of a pattern backwards from an atom
// chosen inside it, so for patterns whose atom lies inside an alternation
// or after a variable-length prefix, yara may report a different length or
// allow a match longer than ScanLimit; this package always matches forward
// from the start.
package regex
