// Package cuckoo implements YARA's "cuckoo" module, whose functions query
// a Cuckoo sandbox behaviour report passed as module data (yara -x).
package cuckoo

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "cuckoo"`.
const Name = "cuckoo"

// Schema is the declared schema of the cuckoo module. Every function
// returns 1 when the report has a matching event and 0 otherwise.
var Schema = NewStruct(Name,
	StructField("network",
		FuncField("dns_lookup", Sig(Integer, Regexp)),
		FuncField("http_get", Sig(Integer, Regexp)),
		FuncField("http_post", Sig(Integer, Regexp)),
		FuncField("http_request", Sig(Integer, Regexp)),
		FuncField("http_user_agent", Sig(Integer, Regexp)),
		FuncField("host", Sig(Integer, Regexp)),
		FuncField("tcp", Sig(Integer, Regexp, Integer)),
		FuncField("udp", Sig(Integer, Regexp, Integer)),
	),
	StructField("registry",
		FuncField("key_access", Sig(Integer, Regexp)),
	),
	StructField("filesystem",
		FuncField("file_access", Sig(Integer, Regexp)),
	),
	StructField("sync",
		FuncField("mutex", Sig(Integer, Regexp)),
	),
)
