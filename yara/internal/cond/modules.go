package cond

import (
	"github.com/overt-sec/overt/yara/modules"
	"github.com/overt-sec/overt/yara/modules/console"
	"github.com/overt-sec/overt/yara/modules/cuckoo"
	"github.com/overt-sec/overt/yara/modules/dex"
	"github.com/overt-sec/overt/yara/modules/dotnet"
	"github.com/overt-sec/overt/yara/modules/elf"
	"github.com/overt-sec/overt/yara/modules/hash"
	"github.com/overt-sec/overt/yara/modules/macho"
	"github.com/overt-sec/overt/yara/modules/magic"
	"github.com/overt-sec/overt/yara/modules/math"
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/modules/pe"
	stringmod "github.com/overt-sec/overt/yara/modules/string"
	"github.com/overt-sec/overt/yara/modules/tests"
	timemod "github.com/overt-sec/overt/yara/modules/time"
	"github.com/overt-sec/overt/yara/types"
)

// runtimes holds the modules with a run-time implementation. The others
// (pe, elf, dotnet, macho, dex, magic, cuckoo) load with every field
// undefined until their parsers exist.
var runtimes = map[string]*object.Module{
	console.Name:   console.Module,
	cuckoo.Name:    cuckoo.Module,
	dex.Name:       dex.Module,
	dotnet.Name:    dotnet.Module,
	elf.Name:       elf.Module,
	hash.Name:      hash.Module,
	macho.Name:     macho.Module,
	magic.Name:     magic.Module,
	math.Name:      math.Module,
	pe.Name:        pe.Module,
	stringmod.Name: stringmod.Module,
	tests.Name:     tests.Module,
	timemod.Name:   timemod.Module,
}

// Lookup returns the run-time module named name, or nil when it has no
// run-time implementation.
func Lookup(name string) *object.Module { return runtimes[name] }

// lookupSchema returns the declared schema of a module, or an empty one.
func lookupSchema(name string) (*types.Struct, bool) {
	if s, ok := modules.Lookup(name); ok {
		return s, true
	}
	return types.NewStruct(name), false
}
