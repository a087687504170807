// Package syntax parses YARA's regular-expression dialect into an abstract
// syntax tree.
//
// The dialect is the one documented in YARA's writingrules.rst ("Regular
// expressions") and observed from yara itself, which is not Go's RE2 syntax:
//
//   - escapes \t \n \r \f \a and \xNN (exactly two hex digits); \w \W \s \S
//     \d \D classes; \b \B word-boundary assertions; \0 to \9 are rejected
//     ("backreferences are not allowed"); any other escaped byte is that
//     byte literally (\v is "v", \. is ".", \/ is "/");
//   - ^ and $ match only at the start and the end of the data, not at line
//     breaks; they and \b \B cannot be repeated;
//   - quantifiers * + ? {n} {n,} {,m} {n,m} (spaces allowed around the
//     numbers, as YARA 4.3+), each with a non-greedy "?" variant; counts
//     above MaxRepeat are rejected; a "{" that does not start a valid
//     quantifier is a literal "{";
//   - classes [...] and [^...]: a "]" right after "[" or "[^" is literal,
//     "-" first or last is literal, an escape used as a range endpoint
//     stands for its byte (so [a-\d] is a-d), and \w \s \d \W \S \D add
//     their sets elsewhere in a class;
//   - empty alternatives are allowed except as the first alternative
//     ("a|", "(abc|)" and "a||b" parse, "(|abc)" does not); "()" is an error.
//
// Flags carry the /i (FoldCase) and /s (DotAll) modifiers; the parser
// applies them while building the tree, so the tree alone describes what
// matches. Parse errors are *Error values holding the byte offset of the
// problem in the pattern.
//
// This package is imported by the regex compiler (package regex) and by the
// rule front end; it has no dependencies outside the standard library.
package syntax
