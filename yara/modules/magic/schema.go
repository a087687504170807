// Package magic implements YARA's "magic" module, which describes the
// scanned data as the Unix file(1) command would. It is a documented subset
// of libmagic (executables, images and archives; see Module for the list
// and why), exact for the types it knows and undefined for the rest.
package magic

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "magic"`.
const Name = "magic"

// Schema is the declared schema of the magic module.
var Schema = NewStruct(Name,
	FuncField("type", Sig(String)),
	FuncField("mime_type", Sig(String)),
)
