package yara

import (
	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// maxWarnDepth bounds the recursion of hasUnboundedDot: the regex parser
// bounds nesting already, this keeps the walk safe on its own.
const maxWarnDepth = 1000

// unboundedDot reports whether a regex string repeats "." without an upper
// bound (.*, .+, .{x,}), which yara warns about.
func unboundedDot(d *syntax.StringDef) bool {
	rs, ok := d.Value.(*syntax.RegexString)
	if !ok || rs.Regex == nil {
		return false
	}
	var flags rxsyntax.Flags
	if rs.Regex.CaseInsensitive {
		flags |= rxsyntax.FoldCase
	}
	if rs.Regex.DotAll {
		flags |= rxsyntax.DotAll
	}
	n, err := rxsyntax.Parse(rs.Regex.Pattern, flags)
	if err != nil {
		return false
	}
	return hasUnboundedDot(n, 0)
}

// hasUnboundedDot reports whether the tree has a repetition without an
// upper bound whose operand is "." itself (not a group: yara does not warn
// about `(.)*`).
func hasUnboundedDot(n *rxsyntax.Node, depth int) bool {
	if n == nil || depth > maxWarnDepth {
		return false
	}
	if n.Op == rxsyntax.OpRepeat && n.Max < 0 && len(n.Subs) == 1 {
		if op := n.Subs[0].Op; op == rxsyntax.OpAnyByte || op == rxsyntax.OpAnyNotNL {
			return true
		}
	}
	for _, s := range n.Subs {
		if hasUnboundedDot(s, depth+1) {
			return true
		}
	}
	return false
}
