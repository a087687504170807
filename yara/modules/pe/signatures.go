package pe

import (
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/modules/pe/authenticode"
)

// Offsets used by the Authenticode digest: the CheckSum field of the
// optional header and the security data directory entry.
const (
	optChecksumOffset = 64
	dirSecurityEntry  = dirSecurity * 8
)

// setSignatures sets the Authenticode fields from the first entry of the
// attribute certificate table (the security directory, whose address is
// a file offset). A file without a table, or whose table or PKCS#7 is
// malformed, has no signatures.
func setSignatures(root node, f *file) {
	sigs := f.signatures()
	root.setInt("number_of_signatures", int64(len(sigs)))
	signed := int64(0)
	arr := root.array("signatures")
	for _, s := range sigs {
		if s.Verified {
			signed = 1
		}
		setSignature(arr.add(), s)
	}
	root.setInt("is_signed", signed)
}

// signatures parses the file's Authenticode signatures.
func (f *file) signatures() []*authenticode.Signature {
	va, size, ok := f.directory(dirSecurity)
	if !ok || va == 0 || !f.fits(int64(va), int64(size)) {
		return nil
	}
	img := &authenticode.Image{
		Data:                f.data,
		ChecksumOffset:      f.opt + optChecksumOffset,
		SecurityEntryOffset: f.optOff(96, 112) + dirSecurityEntry,
		SecurityOffset:      int64(va),
		SecuritySize:        int64(size),
	}
	sigs, err := authenticode.Parse(img)
	if err != nil {
		return nil
	}
	return sigs
}

// setSignature fills signatures[i].
func setSignature(n node, s *authenticode.Signature) {
	if c := s.Cert(); c != nil {
		setCertificate(n, c)
		if c.HasValidity {
			nb, na := c.NotBefore, c.NotAfter
			n.v.SetFunc(n.s, "valid_on", func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
				return boolResult(a[0].Int >= nb && a[0].Int <= na)
			})
		}
	}
	n.setInt("verified", b2i(s.Verified))
	if s.DigestAlg != "" {
		n.setStr("digest_alg", []byte(s.DigestAlg))
		n.setStr("digest", []byte(authenticode.Hex(s.Digest)))
	}
	if s.FileDigest != nil {
		n.setStr("file_digest", []byte(authenticode.Hex(s.FileDigest)))
	}
	n.setInt("number_of_certificates", int64(len(s.Certificates)))
	setChain(n.array("certificates"), s.Certificates)
	if si := s.Signer; si != nil {
		sn := n.sub("signer_info")
		if si.HasProgramName {
			sn.setStr("program_name", []byte(si.ProgramName))
		}
		if si.Digest != nil {
			sn.setStr("digest", []byte(authenticode.Hex(si.Digest)))
		}
		sn.setStr("digest_alg", []byte(si.DigestAlg))
		sn.setInt("length_of_chain", int64(len(si.Chain)))
		setChain(sn.array("chain"), si.Chain)
	}
	n.setInt("number_of_countersignatures", int64(len(s.Countersignatures)))
	cs := n.array("countersignatures")
	for _, c := range s.Countersignatures {
		cn := cs.add()
		cn.setInt("verified", b2i(c.Verified))
		if c.HasSignTime {
			cn.setInt("sign_time", c.SignTime)
		}
		if c.Digest != nil {
			cn.setStr("digest", []byte(authenticode.Hex(c.Digest)))
		}
		if c.DigestAlg != "" {
			cn.setStr("digest_alg", []byte(c.DigestAlg))
		}
		cn.setInt("length_of_chain", int64(len(c.Chain)))
		setChain(cn.array("chain"), c.Chain)
	}
}

// setChain appends one structure per certificate to a.
func setChain(a structArray, certs []*authenticode.Certificate) {
	for _, c := range certs {
		setCertificate(a.add(), c)
	}
}

// setCertificate sets the certificate fields of n.
func setCertificate(n node, c *authenticode.Certificate) {
	n.setStr("thumbprint", []byte(c.Thumbprint))
	n.setStr("issuer", []byte(c.Issuer))
	n.setStr("subject", []byte(c.Subject))
	n.setInt("version", c.Version)
	n.setStr("algorithm", []byte(c.Algorithm))
	n.setStr("algorithm_oid", []byte(c.AlgorithmOID))
	n.setStr("serial", []byte(c.Serial))
	if c.HasValidity {
		n.setInt("not_before", c.NotBefore)
		n.setInt("not_after", c.NotAfter)
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
