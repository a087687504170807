package regex

// ScanLimit is the most bytes a string match may span, YARA's
// YR_RE_SCAN_LIMIT: yara reports /xyzab*c/ over "xyza"+4091×"b"+"c" (4096
// bytes) but not one "b" more, and truncates greedy loops at that length.
const ScanLimit = 4096

// MaxInstructions bounds the size of a compiled program after counted
// repeats are expanded. The Pike VM's work per input byte and its memory
// grow with the program, so a hostile (a{1000}){1000} must be refused; the
// bound still admits the largest single repeat yara accepts (.{0,32767}).
const MaxInstructions = 1 << 17
