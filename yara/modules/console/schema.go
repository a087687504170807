// Package console declares the schema of YARA's "console" module, whose
// functions log values while a condition is evaluated and always return
// true (1).
package console

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "console"`.
const Name = "console"

// Schema is the declared schema of the console module.
var Schema = NewStruct(Name,
	FuncField("log",
		Sig(Integer, String),
		Sig(Integer, String, String),
		Sig(Integer, Integer),
		Sig(Integer, String, Integer),
		Sig(Integer, Float),
		Sig(Integer, String, Float),
	),
	FuncField("hex",
		Sig(Integer, Integer),
		Sig(Integer, String, Integer),
	),
)
