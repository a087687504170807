// Package syntax is the front end of the YARA rule language: the token set,
// a lexer, a typed syntax tree, a recursive-descent parser, an include
// loader and a deterministic AST dump.
//
// It follows the shape of Go's go/scanner, go/parser and go/ast: positions
// are go/token positions recorded in a *token.FileSet; every node implements
// Node (Pos and End); the parser keeps one token of lookahead, reports
// "expected X, found Y", recovers at rule boundaries and collects every
// error as a diag.Diagnostic with a stable code from codes.go.
//
// The package checks syntax only, plus the checks yara makes while
// parsing: integer overflow, identifier length, escape sequences, hex
// string structure and jump bounds, regex flags, duplicate tags, duplicate
// string modifiers, modifiers a string kind does not accept (xor on a
// regex, ascii on a hex string), xor key range and order, base64 alphabet
// length, empty import names and more than two loop variables. Everything
// else (undefined or unused identifiers, duplicate rules or strings,
// conflicting modifiers such as xor with nocase, empty text strings,
// types, constant folding, regular-expression syntax) belongs to the
// checker, which walks Program.Decls.
//
// Like yara's grammar, the parser distinguishes primary (arithmetic)
// expressions from boolean ones: comparisons, string operators and
// arithmetic take only primary operands, so `true == true`, `1 < 2 < 3`
// and `(1 == 1) + 1` are syntax errors (CodeBoolOperand), as in yara.
//
// A declaration with a syntax error is left out of File.Decls; parsing
// resumes at the next "rule", "import", "include" or "global" keyword.
// Declarations with non-syntax errors (a bad escape, a malformed hex
// string) are kept, so that later stages can report more, but the
// diagnostics then hold errors and the tree must not be compiled.
//
// Any package of the compiler, formatter or tooling may import syntax; it
// imports only the standard library and yara/diag.
package syntax
