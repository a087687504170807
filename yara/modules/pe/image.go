package pe

// Image is a parsed PE file for other modules (dotnet) that read
// structures found through the PE headers: its data directories and the
// mapping of relative virtual addresses to file offsets, both as the pe
// module computes them.
type Image struct {
	f *file
}

// Parse recognises data as a PE file the way the pe module does and
// returns it, or nil when data is not one.
func Parse(data []byte) *Image {
	f := parseFile(data)
	if f == nil {
		return nil
	}
	return &Image{f: f}
}

// Directory returns data directory i (its virtual address and size), and
// false when the optional header declares fewer directories.
func (im *Image) Directory(i int) (rva, size uint32, ok bool) {
	return im.f.directory(i)
}

// Offset maps a relative virtual address to a file offset, or returns -1
// when no section (or the headers) holds it within the data.
func (im *Image) Offset(rva uint64) int64 {
	return im.f.rvaToOffset(rva)
}
