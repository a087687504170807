// Package modules is the registry of YARA's standard modules: for each
// module name usable in `import "name"` it holds the declared schema (a
// *types.Struct naming every field, constant and function with its type).
// The checker resolves module identifiers through Lookup.
//
// Each module lives in its own sub-package (modules/pe, modules/elf, …)
// that today declares only the schema; the parsers that fill in values come
// later. This package may be imported by the compiler and by tools; it
// imports only the module sub-packages and package types.
package modules

import (
	"sort"

	"github.com/overt-sec/overt/yara/modules/console"
	"github.com/overt-sec/overt/yara/modules/cuckoo"
	"github.com/overt-sec/overt/yara/modules/dex"
	"github.com/overt-sec/overt/yara/modules/dotnet"
	"github.com/overt-sec/overt/yara/modules/elf"
	"github.com/overt-sec/overt/yara/modules/hash"
	"github.com/overt-sec/overt/yara/modules/macho"
	"github.com/overt-sec/overt/yara/modules/magic"
	"github.com/overt-sec/overt/yara/modules/math"
	"github.com/overt-sec/overt/yara/modules/pe"
	stringmod "github.com/overt-sec/overt/yara/modules/string"
	"github.com/overt-sec/overt/yara/modules/tests"
	timemod "github.com/overt-sec/overt/yara/modules/time"
	"github.com/overt-sec/overt/yara/types"
)

// registry maps a module name to its schema.
var registry = map[string]*types.Struct{
	console.Name:   console.Schema,
	cuckoo.Name:    cuckoo.Schema,
	dex.Name:       dex.Schema,
	dotnet.Name:    dotnet.Schema,
	elf.Name:       elf.Schema,
	hash.Name:      hash.Schema,
	macho.Name:     macho.Schema,
	magic.Name:     magic.Schema,
	math.Name:      math.Schema,
	pe.Name:        pe.Schema,
	stringmod.Name: stringmod.Schema,
	tests.Name:     tests.Schema,
	timemod.Name:   timemod.Schema,
}

// Lookup returns the schema of the module imported as name, and false if
// no such module exists.
func Lookup(name string) (*types.Struct, bool) {
	s, ok := registry[name]
	return s, ok
}

// Names returns the names of all known modules, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
