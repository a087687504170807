// Package cond compiles the checked conditions of a YARA program into
// evaluators and runs them over one scanned object: its string matches,
// its bytes (integer reads, filesize) and the values of the modules it
// imports, with YARA's undefined semantics.
//
// Undefined values follow YARA 4.x as observed with yara: an undefined
// operand makes arithmetic, comparisons, `not`, unary minus and function
// calls undefined; `and` and `or` take an undefined operand as false;
// `defined x` is true exactly when x is defined; a rule whose condition is
// undefined does not match. Loops (for..in, for..of) are never undefined:
// an undefined iteration counts as false, and a loop with no iteration
// (an empty range or container, an undefined bound or container) is false.
//
// Every loop of the evaluator checks the scan's context and deadline, so a
// `for all i in (0..filesize)` stops on time.
package cond
