// Package authenticode parses the Authenticode signatures of Portable
// Executable files: the PKCS#7 SignedData in the attribute certificate
// table, its X.509 certificates, its signer, its countersignatures
// (PKCS#9 and RFC 3161 timestamps) and the signatures nested in it. It
// reports them in the shape and string formats of yara's pe module.
//
// Verification follows yara 4.5: a signature is verified when it is
// formally correct — the Authenticode digest of the file equals the
// signed one, the signer's messageDigest matches the signed content and
// the signer's public key verifies the signature. Certificate chains are
// built from the certificates in the signature but are not checked
// against any trust store or against their own signatures, so verified
// says nothing about who signed the file.
package authenticode

import (
	"bytes"
	"crypto"
	"encoding/hex"
	"errors"
	"fmt"
	"unicode/utf16"
)

// Signature is one Authenticode signature: the primary one or a nested one.
type Signature struct {
	// Verified reports whether the signature is formally correct (see
	// the package documentation).
	Verified bool
	// DigestAlg is the name of the algorithm of the signed file digest
	// ("sha256"), empty when the content is not SpcIndirectDataContent.
	DigestAlg string
	// Digest is the file digest stored in the signature.
	Digest []byte
	// FileDigest is the Authenticode digest of the file with DigestAlg.
	FileDigest []byte
	// Certificates are the certificates of the signature's bag followed
	// by those of its timestamp tokens.
	Certificates []*Certificate
	// Signer is the signer information (nil when the SignedData has no
	// SignerInfo).
	Signer *Signer
	// Countersignatures are the timestamps of the signer.
	Countersignatures []*Countersignature
}

// Signer describes a signature's signer.
type Signer struct {
	// ProgramName is the program name of the SpcSpOpusInfo attribute;
	// HasProgramName is false when there is none.
	ProgramName    string
	HasProgramName bool
	// Digest is the messageDigest attribute (nil when absent).
	Digest []byte
	// DigestAlg is the name of the signer's digest algorithm.
	DigestAlg string
	// Chain is the signer's certificate followed by its issuers found in
	// the bag; empty when the signer's certificate is not in the bag.
	Chain []*Certificate
}

// Countersignature is a timestamp of a signer.
type Countersignature struct {
	// Verified reports whether the countersignature is formally correct:
	// it signs the signer's signature and its own signature verifies.
	Verified bool
	// SignTime is the signing time in Unix seconds; HasSignTime is false
	// when the countersignature has none.
	SignTime    int64
	HasSignTime bool
	// Digest is the digest of the signer's signature it carries.
	Digest []byte
	// DigestAlg is the name of the algorithm of Digest.
	DigestAlg string
	// Chain is the countersigner's certificate and its issuers.
	Chain []*Certificate
}

// Cert returns the signer's certificate, whose fields the pe module
// reports at the top of the signature, or nil.
func (s *Signature) Cert() *Certificate {
	if s.Signer == nil || len(s.Signer.Chain) == 0 {
		return nil
	}
	return s.Signer.Chain[0]
}

// Hex returns b as lower-case hex, the form yara reports digests in.
func Hex(b []byte) string { return hex.EncodeToString(b) }

// Image locates the parts of a PE file that the Authenticode digest
// leaves out.
type Image struct {
	// Data is the whole file.
	Data []byte
	// ChecksumOffset is the file offset of the optional header CheckSum.
	ChecksumOffset int64
	// SecurityEntryOffset is the file offset of the security (certificate
	// table) data directory entry.
	SecurityEntryOffset int64
	// SecurityOffset and SecuritySize locate the attribute certificate
	// table (the security directory's address is a file offset).
	SecurityOffset, SecuritySize int64
}

// Digest returns the Authenticode digest of the image with h: the file
// without the checksum, the security directory entry and the attribute
// certificate table, hashed in file order.
func (img *Image) Digest(h crypto.Hash) []byte {
	w := h.New()
	n := int64(len(img.Data))
	pos := int64(0)
	skip := func(off, size int64) {
		if off < pos || off > n {
			return
		}
		w.Write(img.Data[pos:off])
		pos = min(off+size, n)
	}
	skip(img.ChecksumOffset, 4)
	skip(img.SecurityEntryOffset, 8)
	if img.SecuritySize > 0 {
		skip(img.SecurityOffset, img.SecuritySize)
	}
	w.Write(img.Data[pos:])
	return w.Sum(nil)
}

// winCertTypePKCS is WIN_CERTIFICATE's wCertificateType for PKCS#7.
const winCertTypePKCS = 2

// Parse parses the first WIN_CERTIFICATE of the image's attribute
// certificate table and returns its signature followed by the nested
// ones. It returns an error when the table or the PKCS#7 is malformed.
func Parse(img *Image) ([]*Signature, error) {
	d := img.Data
	off, size := img.SecurityOffset, img.SecuritySize
	if off < 0 || size < 8 || off > int64(len(d)) || size > int64(len(d))-off {
		return nil, errors.New("certificate table outside the file")
	}
	length := int64(le32(d[off:]))
	typ := int(d[off+6]) | int(d[off+7])<<8
	if typ != winCertTypePKCS {
		return nil, fmt.Errorf("WIN_CERTIFICATE type %d is not PKCS#7", typ)
	}
	if length < 8 || length > size {
		return nil, fmt.Errorf("WIN_CERTIFICATE length %d outside the table", length)
	}
	return ParsePKCS7(d[off+8:off+length], img.Digest)
}

func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

// ParsePKCS7 parses a DER PKCS#7 SignedData holding an Authenticode
// signature. fileDigest computes the file's Authenticode digest.
func ParsePKCS7(der []byte, fileDigest func(crypto.Hash) []byte) ([]*Signature, error) {
	e, err := parseOne(der)
	if err != nil {
		return nil, fmt.Errorf("PKCS#7: %w", err)
	}
	p := &parser{digests: map[crypto.Hash][]byte{}, fileDigest: fileDigest}
	if err := p.signature(e, 0); err != nil {
		return nil, err
	}
	return p.out, nil
}

// parser collects the signatures of one blob.
type parser struct {
	out        []*Signature
	digests    map[crypto.Hash][]byte // file digests computed so far
	fileDigest func(crypto.Hash) []byte
}

func (p *parser) digest(h crypto.Hash) []byte {
	if d, ok := p.digests[h]; ok {
		return d
	}
	d := p.fileDigest(h)
	p.digests[h] = d
	return d
}

// signature parses the SignedData ContentInfo e, appends it and then
// the signatures nested in it.
func (p *parser) signature(e element, depth int) error {
	if len(p.out) >= maxSignatures {
		return nil
	}
	sd, err := parseSignedData(e)
	if err != nil {
		return fmt.Errorf("PKCS#7: %w", err)
	}
	s := &Signature{Certificates: sd.certs}
	p.out = append(p.out, s)

	// The signed file digest, from SpcIndirectDataContent.
	var content []byte
	var contentOK bool
	if sd.contentType == oidSpcIndirectData && sd.hasContent {
		content = sd.content.body
		if f, err := sd.content.sequence(maxSequence); err == nil && len(f) >= 2 {
			if di, err := f[1].sequence(maxSequence); err == nil && len(di) >= 2 && di[1].is(tagOctetString) {
				if oid, err := di[0].algorithm(); err == nil {
					s.DigestAlg = longName(oid)
					s.Digest = di[1].body
					if h, ok := digestHash(oid); ok && p.fileDigest != nil {
						s.FileDigest = p.digest(h)
						contentOK = bytes.Equal(s.FileDigest, s.Digest)
					}
				}
			}
		}
	}
	if len(sd.signers) == 0 {
		return nil
	}
	si := sd.signers[0]
	cert := findSigner(sd.certs, si)
	s.Signer = &Signer{DigestAlg: longName(si.digestOID), Chain: buildChain(cert, sd.certs)}
	s.Signer.Digest, _ = si.messageDigest()
	if v, ok := attr(si.auth, oidSpcSpOpusInfo); ok {
		s.Signer.ProgramName, s.Signer.HasProgramName = programName(v)
	}
	s.Verified = contentOK && len(sd.signers) == 1 && verifySignerInfo(si, cert, content)

	for _, a := range si.unauth {
		for _, v := range a.values {
			if len(s.Countersignatures) >= maxCountersignatures {
				break
			}
			switch a.oid {
			case oidCounterSignature:
				if cs := pkcs9Countersignature(v, si, sd.certs); cs != nil {
					s.Countersignatures = append(s.Countersignatures, cs)
				}
			case oidMSTimestamp:
				if cs, certs := rfc3161Countersignature(v, si); cs != nil {
					s.Countersignatures = append(s.Countersignatures, cs)
					s.Certificates = appendCerts(s.Certificates, certs)
				}
			}
		}
	}
	if depth+1 >= maxNesting {
		return nil
	}
	for _, a := range si.unauth {
		if a.oid != oidNestedSignature {
			continue
		}
		for _, v := range a.values {
			_ = p.signature(v, depth+1) // a broken nested signature is skipped
		}
	}
	return nil
}

// appendCerts appends certs to list, up to maxCertificates in all.
func appendCerts(list, certs []*Certificate) []*Certificate {
	for _, c := range certs {
		if len(list) >= maxCertificates {
			break
		}
		list = append(list, c)
	}
	return list
}

// programName decodes SpcSpOpusInfo's programName, an SpcString: a
// BMPString under [0] or an IA5String under [1].
func programName(v element) (string, bool) {
	f, err := v.sequence(maxSequence)
	if err != nil {
		return "", false
	}
	for _, x := range f {
		if !x.isContext(0) {
			continue
		}
		s, err := parseOne(x.body)
		if err != nil {
			return "", false
		}
		switch {
		case s.isContext(0):
			return bmpString(s.body), true
		case s.isContext(1):
			return string(s.body), true
		}
		return "", false
	}
	return "", false
}

// bmpString decodes big-endian UTF-16.
func bmpString(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
	}
	return string(utf16.Decode(u))
}
