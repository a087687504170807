package yara

// MatchingRule is a rule that matched (or, for a negated scan, did not
// match) one scanned object, with what yara's command line can print about it.
type MatchingRule struct {
	Namespace string        // namespace of the rule ("default" unless given)
	Rule      string        // rule identifier
	Tags      []string      // tags in declaration order
	Meta      []Meta        // metadata in declaration order
	Strings   []MatchString // matches of the rule's strings, by string then offset; private strings excluded
	Private   bool          // the rule is private (never reported by the CLI)
	Global    bool          // the rule is global
}

// Meta is one metadata entry of a rule. Value is a string, an int64 or a bool.
type Meta struct {
	Key   string // identifier
	Value any    // string, int64 or bool
}

// MatchString is one match of one string of a rule.
type MatchString struct {
	Identifier string // "$a"; anonymous strings are "$"
	Offset     int64  // offset of the first byte in the scanned object (or base address + offset in process memory)
	Length     int    // length of the match in bytes
	Data       []byte // the matched bytes, at most MaxMatchData of them (yara's limit on kept data)
	XorKey     int    // key of an xor string's match, or -1
	Hex        bool   // the string is a hex string (yara -s prints its data as hex bytes)
}

// MaxMatchData is how many bytes of a match are kept in MatchString.Data:
// yara keeps at most 512 bytes of each match (YR_MAX_MATCH_DATA) and prints
// only those, so overt keeps the same to print the same.
const MaxMatchData = 512

// Result is what a scan found in one object.
type Result struct {
	// Matching holds the non-private rules that matched, in declaration
	// order, each with the matches of its non-private strings.
	Matching []MatchingRule
	// NonMatching holds the non-private rules that did not match, in
	// declaration order, only when ScanOptions.ReportNonMatching is set
	// (yara -n). Their Strings are empty.
	NonMatching []MatchingRule
	// Warnings holds the warnings raised while scanning, in order.
	Warnings []ScanWarning
	// ModuleDump holds the values of every imported module for the object,
	// in yara -D's text format, only when ScanOptions.DumpModules is set.
	ModuleDump []byte
}

// WarningKind classifies scan-time warnings.
type WarningKind int

// The kinds of scan warnings.
const (
	// TooManyMatches: a string reached ScanOptions.MaxMatchesPerString; its
	// later matches were dropped, so its rule's result may be wrong.
	TooManyMatches WarningKind = iota + 1
	// ModuleError: a module failed to parse the object; its values are
	// undefined for this object.
	ModuleError
)

// ScanWarning is one scan-time warning.
type ScanWarning struct {
	Kind      WarningKind
	Namespace string // namespace of the rule (TooManyMatches)
	Rule      string // rule identifier (TooManyMatches)
	String    string // string identifier such as "$a" (TooManyMatches)
	Message   string // what went wrong (ModuleError)
}

// Error formats the warning as yara's command line prints it, without the
// "warning: " prefix.
func (w ScanWarning) Error() string {
	switch w.Kind {
	case TooManyMatches:
		return "rule \"" + w.Rule + "\": too many matches for " + w.String + ", results for this rule may be incorrect"
	case ModuleError:
		return w.Message
	}
	return "unknown warning"
}
