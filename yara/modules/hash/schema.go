// Package hash declares the schema of YARA's "hash" module: cryptographic
// hashes and checksums of a range of the scanned data or of a string.
package hash

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "hash"`.
const Name = "hash"

// Schema is the declared schema of the hash module. Hash strings are
// lower-case hexadecimal.
var Schema = NewStruct(Name,
	FuncField("md5", Sig(String, Integer, Integer), Sig(String, String)),
	FuncField("sha1", Sig(String, Integer, Integer), Sig(String, String)),
	FuncField("sha256", Sig(String, Integer, Integer), Sig(String, String)),
	FuncField("checksum32", Sig(Integer, Integer, Integer), Sig(Integer, String)),
	FuncField("crc32", Sig(Integer, Integer, Integer), Sig(Integer, String)),
)
