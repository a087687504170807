package dex

// Limits on what the parser reads from a file. Every count taken from the
// file is clipped by one of these and by the data length, so a hostile
// header cannot make the parser loop or allocate without bound.
const (
	// maxIDs bounds the entries read from each identifier table
	// (string_ids, type_ids, proto_ids, field_ids, method_ids); the DEX
	// format indexes methods and fields with 16 bits, and real files
	// stay well under a million strings.
	maxIDs = 1 << 20
	// maxClassDefs bounds the class definitions read.
	maxClassDefs = 1 << 16
	// maxMembers bounds the fields and methods described over all
	// classes together.
	maxMembers = 1 << 20
	// maxMapItems bounds the map_list entries read; a map has one entry
	// per item type (about twenty).
	maxMapItems = 1 << 10
	// maxStringLen bounds the bytes kept of one string_data_item.
	maxStringLen = 1 << 16
	// maxInsns bounds the bytes of instructions kept per code item.
	maxInsns = 1 << 20
)
