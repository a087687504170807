// Package time declares the schema of YARA's "time" module.
package time

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "time"`.
const Name = "time"

// Schema is the declared schema of the time module.
var Schema = NewStruct(Name,
	// now returns the current Unix time in seconds.
	FuncField("now", Sig(Integer)),
)
