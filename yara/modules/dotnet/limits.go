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
)
