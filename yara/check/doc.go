// Package check is the semantic checker of the YARA rule language: it takes
// the syntax tree of a loaded rule program (package yara/syntax), resolves
// every identifier, types every expression, folds constants, and reports
// what YARA 4.5 rejects after parsing — undefined or unused strings and
// identifiers, bad modifier combinations, type errors, integer overflow in
// constant expressions, invalid quantifiers and ranges, malformed regular
// expressions — as diagnostics with stable codes (codes.go).
//
// The API follows go/types: a Config, a Check function, and an Info holding
// everything the compiler needs later (types and constant values of
// expressions, what each identifier and string reference denotes, the
// strings and rules of every set, and the imports in scope of each rule).
//
// Check never panics on any tree the parser can build, including trees with
// syntax errors (BadExpr nodes, nil conditions): it skips what it cannot
// type without piling up follow-on errors.
package check
