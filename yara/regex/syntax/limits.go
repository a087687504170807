package syntax

// MaxRepeat is the largest count accepted in a {n,m} quantifier. YARA
// rejects larger counts with "repeat interval too large" (its limit is the
// largest signed 16-bit integer), so a larger count is never valid YARA.
const MaxRepeat = 32767

// MaxNestingDepth bounds how deeply groups may nest. YARA's lexer caps a
// regular expression at about 8 KiB, so no pattern yara accepts nests much
// deeper than 4096 groups; the bound keeps recursion in the parser, the
// printer and the compiler shallow on hostile input.
const MaxNestingDepth = 4096
