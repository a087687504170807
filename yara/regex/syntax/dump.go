package syntax

import (
	"fmt"
	"strings"
)

// Dump returns an indented, one-node-per-line description of the tree, for
// debugging and golden tests.
func (n *Node) Dump() string {
	var b strings.Builder
	n.dump(&b, 0)
	return b.String()
}

func (n *Node) dump(b *strings.Builder, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	fmt.Fprintf(b, "%s@%d", n.Op, n.Pos)
	switch n.Op {
	case OpLiteral:
		fmt.Fprintf(b, " %q", n.Lit)
		if n.Fold {
			b.WriteString(" fold")
		}
	case OpClass:
		var s strings.Builder
		writeClass(&s, &n.Class)
		fmt.Fprintf(b, " %s (%d bytes)", s.String(), n.Class.Count())
	case OpRepeat:
		fmt.Fprintf(b, " min=%d max=%d", n.Min, n.Max)
		if !n.Greedy {
			b.WriteString(" lazy")
		}
	}
	b.WriteByte('\n')
	for _, s := range n.Subs {
		s.dump(b, depth+1)
	}
}
