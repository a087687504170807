package pe

// setSignatures sets the Authenticode fields. Signature parsing is not
// implemented yet: a file without a security directory has no
// signatures (number_of_signatures 0, is_signed 0); for a file with one
// the signature fields stay undefined rather than claim a wrong count.
func setSignatures(root node, f *file) {
	va, size, ok := f.directory(dirSecurity)
	if ok && va != 0 && size >= 8 && f.fits(int64(va), int64(size)) {
		if typ, _ := f.u16(int64(va) + 6); typ == 2 { // WIN_CERT_TYPE_PKCS_SIGNED_DATA
			return
		}
	}
	root.setInt("number_of_signatures", 0)
	root.setInt("is_signed", 0)
	root.array("signatures")
}
