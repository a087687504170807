package dotnet

// Limits on what the parser reads from a file. Every count taken from the
// file is clipped by one of these and by the data length, so a hostile
// header cannot make the parser loop or allocate without bound.
const (
	// maxStreams bounds the stream headers read from the metadata root;
	// real assemblies have five or six.
	maxStreams = 64
	// maxStreamName bounds a stream name (32 bytes in ECMA-335 §II.24.2.2).
	maxStreamName = 32
	// maxVersionLen bounds the metadata version string: ECMA-335 caps it
	// at 255 bytes.
	maxVersionLen = 255
	// maxRows bounds the rows read from any one metadata table; the
	// largest framework assemblies have a few hundred thousand.
	maxRows = 1 << 20
	// maxStringLen bounds a string read from the #Strings heap.
	maxStringLen = 4096
	// maxGUIDs bounds the GUIDs listed from the #GUID heap; real files
	// have one.
	maxGUIDs = 4096
	// maxUserStrings bounds the strings listed from the #US heap.
	maxUserStrings = 1 << 20
	// maxValues bounds the entries of each other array (constants, field
	// offsets, resources, module and assembly references).
	maxValues = 1 << 20
	// maxClasses bounds the type definitions listed in classes: large
	// framework assemblies define a few thousand.
	maxClasses = 1 << 16
	// maxMethods bounds the methods listed over all classes: method
	// ranges of a hostile TypeDef table may overlap, so each class's own
	// bound would not bound the total (System.Private.CoreLib has ~50k).
	maxMethods = 1 << 18
	// maxParams bounds the parameters of one method signature; the CLR
	// allows 65,535 but real methods have a handful.
	maxParams = 1024
	// maxParamsTotal bounds the parameters listed over all methods, since
	// many methods may share one long signature blob.
	maxParamsTotal = 1 << 20
	// maxGenericArgs bounds the type arguments of one generic
	// instantiation and the generic parameters listed per class or method.
	maxGenericArgs = 256
	// maxArrayRank bounds an array type's rank: the CLR allows 32.
	maxArrayRank = 32
	// maxTypeDepth bounds the nesting of a type in a signature (and of
	// type specifications referring to each other), against recursion.
	maxTypeDepth = 64
	// maxNesting bounds the chain of enclosing classes followed to name a
	// nested type, against cycles in the NestedClass table.
	maxNesting = 64
	// maxTypeNameLen bounds one type name: longer names (possible only by
	// nesting generic instantiations) are dropped.
	maxTypeNameLen = 4096
	// maxNameBytes bounds the bytes of type names built for one assembly,
	// so type specifications that refer to each other cannot make the
	// work grow exponentially.
	maxNameBytes = 64 << 20
)
