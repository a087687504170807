package syntax

// Flags are the modifiers that follow a regular expression.
type Flags uint8

const (
	// FoldCase is /i (or the nocase modifier): ASCII letters match either case.
	FoldCase Flags = 1 << iota
	// DotAll is /s: "." also matches "\n".
	DotAll
)

// Op is the kind of a Node.
type Op uint8

// The node kinds.
const (
	OpEmpty          Op = iota // matches the empty string (an empty alternative, or x{0})
	OpLiteral                  // matches the bytes Lit (either case of letters if Fold)
	OpAnyByte                  // matches any byte ("." under /s)
	OpAnyNotNL                 // matches any byte but "\n" ("." without /s)
	OpClass                    // matches one byte of Class
	OpConcat                   // matches Subs one after the other
	OpAlternate                // matches one of Subs, preferring earlier ones
	OpRepeat                   // matches Subs[0] from Min to Max times
	OpBeginText                // ^: zero-width, true at the start of the data
	OpEndText                  // $: zero-width, true at the end of the data
	OpWordBoundary             // \b: zero-width, a \w byte on exactly one side
	OpNoWordBoundary           // \B: zero-width, not a word boundary
	OpGroup                    // (Subs[0]): grouping only, YARA has no captures
)

var opNames = [...]string{
	OpEmpty: "Empty", OpLiteral: "Literal", OpAnyByte: "AnyByte", OpAnyNotNL: "AnyNotNL",
	OpClass: "Class", OpConcat: "Concat", OpAlternate: "Alternate", OpRepeat: "Repeat",
	OpBeginText: "BeginText", OpEndText: "EndText", OpWordBoundary: "WordBoundary",
	OpNoWordBoundary: "NoWordBoundary", OpGroup: "Group",
}

// String returns the name of the op, e.g. "Literal".
func (op Op) String() string {
	if int(op) < len(opNames) {
		return opNames[op]
	}
	return "Op(?)"
}

// Node is a node of the syntax tree.
type Node struct {
	// Op is the kind of node; it says which other fields are used.
	Op Op
	// Pos is the byte offset in the pattern where the construct starts.
	Pos int
	// Lit holds the bytes of an OpLiteral (at least one).
	Lit []byte
	// Fold makes an OpLiteral match ASCII letters in either case (it is set
	// for every literal parsed under /i; it does not affect non-letters).
	Fold bool
	// Class is the set of an OpClass, with /i already applied.
	Class Class
	// Min and Max bound an OpRepeat; Max is -1 for no upper bound.
	Min, Max int
	// Greedy is false for the non-greedy ("?") variant of an OpRepeat.
	Greedy bool
	// Subs are the children of OpConcat, OpAlternate (two or more),
	// OpRepeat and OpGroup (exactly one).
	Subs []*Node
}

// IsAssertion reports whether the node is a zero-width assertion (^ $ \b \B).
func (n *Node) IsAssertion() bool {
	switch n.Op {
	case OpBeginText, OpEndText, OpWordBoundary, OpNoWordBoundary:
		return true
	}
	return false
}
