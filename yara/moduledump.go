package yara

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/overt-sec/overt/yara/modules/object"
)

// dumpOrderText lists, for every structure yara 4.2.3's -D output was seen
// to print, the fields it prints in its order: one structure per line, its
// path (see object.DumpOrder), a tab, then the field names separated by
// spaces. It is generated from yara's output by TestGenerateDumpOrder
// (OVERT_GEN_DUMPORDER=1 go test ./yara -run TestGenerateDumpOrder).
//
//go:embed dumporder.txt
var dumpOrderText string

// dumpOrder is dumpOrderText parsed, once.
var dumpOrder = sync.OnceValue(func() object.DumpOrder { return parseDumpOrder(dumpOrderText) })

// parseDumpOrder parses the dumporder.txt format.
func parseDumpOrder(text string) object.DumpOrder {
	o := object.DumpOrder{}
	for _, line := range strings.Split(text, "\n") {
		path, fields, ok := strings.Cut(line, "\t")
		if !ok || strings.HasPrefix(line, "#") {
			continue
		}
		o[path] = strings.Fields(fields)
	}
	return o
}

// moduleDump returns the values of every module the rules import for data,
// in first-import order, as yara -D prints them. Modules are loaded again
// here, apart from the evaluation, which loads only the modules a
// condition reaches.
func (s *Scanner) moduleDump(data []byte) []byte {
	var b []byte
	seen := map[string]bool{}
	for _, n := range s.rules.spaces {
		for _, m := range n.prog.Modules() {
			if seen[m.Name] {
				continue
			}
			seen[m.Name] = true
			root, _ := m.LoadValue(&object.LoadInput{Ctx: s.ctx, Data: data, ModuleData: s.opts.ModuleData[m.Name]})
			if root == nil {
				root = object.NewStruct(m.Schema)
			}
			b = object.AppendDump(b, m.Name, m.Schema, root, dumpOrder())
		}
	}
	return b
}
