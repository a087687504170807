package pe

import "encoding/binary"

// richSig is a decoded rich signature.
type richSig struct {
	offset int64
	key    uint32
	raw    []byte // from "DanS" up to, not including, "Rich"
	clear  []byte
}

// parseRich finds the rich signature between the DOS header and the PE
// header: the "Rich" marker searched backwards from the PE header in
// 4-byte steps, then the XOR-encoded "DanS" marker searched backwards
// from it.
func (f *file) parseRich() (richSig, bool) {
	var r richSig
	end := f.nt
	if end > int64(len(f.data)) {
		return r, false
	}
	rich := int64(-1)
	for p := end - 4; p >= 0; p -= 4 {
		if string(f.data[p:p+4]) == "Rich" {
			rich = p
			break
		}
	}
	if rich < 0 || !f.fits(rich+4, 4) {
		return r, false
	}
	key := binary.LittleEndian.Uint32(f.data[rich+4:])
	dans := int64(-1)
	for p := rich - 4; p >= 0; p -= 4 {
		if binary.LittleEndian.Uint32(f.data[p:])^key == 0x536e6144 { // "DanS"
			dans = p
			break
		}
	}
	if dans < 0 {
		return r, false
	}
	r.offset, r.key = dans, key
	r.raw = f.data[dans:rich]
	r.clear = make([]byte, len(r.raw))
	for i := 0; i+4 <= len(r.raw); i += 4 {
		binary.LittleEndian.PutUint32(r.clear[i:], binary.LittleEndian.Uint32(r.raw[i:])^key)
	}
	return r, true
}

// versionData is the clear data's (tool id, version) words: every other
// 32-bit word after the 16-byte header, XOR-decoded, counts zeroed.
func (r *richSig) versionData() []byte {
	v := append([]byte(nil), r.clear...)
	for i := 16; i+8 <= len(v); i += 8 {
		copy(v[i+4:i+8], []byte{0, 0, 0, 0})
	}
	return v
}

// count sums the counts of the entries matching version and/or tool id
// (a negative argument matches anything).
func (r *richSig) count(version, toolid int64) int64 {
	var n int64
	for i := 16; i+8 <= len(r.clear); i += 8 {
		id := binary.LittleEndian.Uint32(r.clear[i:])
		cnt := binary.LittleEndian.Uint32(r.clear[i+4:])
		if (version < 0 || int64(id&0xffff) == version) && (toolid < 0 || int64(id>>16) == toolid) {
			n += int64(cnt)
		}
	}
	return n
}
