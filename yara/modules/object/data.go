package object

// Range returns data[offset:offset+size] clipped to the end of data, as
// yara's (offset, size) module functions read the scanned object, and false
// (an undefined result) when offset or size is negative or offset is not
// inside data.
func Range(data []byte, offset, size int64) ([]byte, bool) {
	if offset < 0 || size < 0 || offset >= int64(len(data)) {
		return nil, false
	}
	end := int64(len(data))
	if size < end-offset {
		end = offset + size
	}
	return data[offset:end], true
}
