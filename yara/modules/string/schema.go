// Package stringmod declares the schema of YARA's "string" module
// (YARA 4.3 and later): conversions of strings returned by other modules.
// The directory is named string; the package is stringmod so it does not
// shadow the predeclared identifier.
package stringmod

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "string"`.
const Name = "string"

// Since is the first YARA version with the string module.
const Since = "4.3"

// Schema is the declared schema of the string module.
var Schema = NewStruct(Name,
	FuncField("to_int", Sig(Integer, String), Sig(Integer, String, Integer)).Added(Since),
	FuncField("length", Sig(Integer, String)).Added(Since),
)
