package pe

// Limits on what the parser reads from a file. Every count taken from the
// file is clipped by one of these and by the data length, so a hostile
// header cannot make the parser loop or allocate without bound.
const (
	// maxSections bounds the section headers read: the Windows loader
	// refuses more than 96 sections, and yara reads no more.
	maxSections = 96
	// maxImportDLLs bounds the import descriptors read per import table, as
	// yara does; real files import a few dozen libraries.
	maxImportDLLs = 16384
	// maxImportFunctions bounds the functions read from one import table
	// (all libraries together), as yara does.
	maxImportFunctions = 16384
	// maxImportThunks bounds the thunks visited in one import table, named
	// or not, so descriptors whose thunks all fail cannot make the walk
	// quadratic in the file size.
	maxImportThunks = 1 << 20
	// maxExports bounds the export address table entries read; real DLLs
	// export a few thousand functions at most.
	maxExports = 65535
	// maxResources bounds the resource leaves read, as yara does.
	maxResources = 65536
	// maxResourceDirEntries bounds the entries read per resource directory
	// so a directory claiming 2×65535 entries cannot multiply work across
	// the three levels.
	maxResourceDirEntries = 65536
	// maxResourceWork bounds the directory entries visited in the whole
	// resource tree (shared sub-directories can make a tree exponential).
	maxResourceWork = 1 << 18
	// maxVersionInfoEntries bounds the version-information strings kept.
	maxVersionInfoEntries = 1024
	// maxVersionInfoDepth bounds the nesting walked in a VS_VERSIONINFO block.
	maxVersionInfoDepth = 4
	// maxDebugEntries bounds the debug directory entries examined.
	maxDebugEntries = 1024
	// maxNameLen bounds the length of a DLL, function or export name read
	// from the file; longer names are clipped by yara's readers too.
	maxNameLen = 4096
	// maxPathLen bounds the PDB path read from a CodeView record.
	maxPathLen = 4096
)
