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
func setSignatures(root object.Node, f *file) {
	sigs := f.signatures()
	root.SetInt("number_of_signatures", int64(len(sigs)))
	signed := int64(0)
	arr := root.StructArray("signatures")
	for _, s := range sigs {
		if s.Verified {
			signed = 1
		}
		setSignature(arr.Add(), s)
	}
	root.SetInt("is_signed", signed)
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
func setSignature(n object.Node, s *authenticode.Signature) {
	if c := s.Cert(); c != nil {
		setCertificate(n, c)
		if c.HasValidity {
			nb, na := c.NotBefore, c.NotAfter
			n.Value.SetFunc(n.Schema, "valid_on", func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
				return boolResult(a[0].Int >= nb && a[0].Int <= na)
			})
		}
	}
	n.SetInt("verified", b2i(s.Verified))
	if s.DigestAlg != "" {
		n.SetStr("digest_alg", []byte(s.DigestAlg))
		n.SetStr("digest", []byte(authenticode.Hex(s.Digest)))
	}
	if s.FileDigest != nil {
		n.SetStr("file_digest", []byte(authenticode.Hex(s.FileDigest)))
	}
	n.SetInt("number_of_certificates", int64(len(s.Certificates)))
	setChain(n.StructArray("certificates"), s.Certificates)
	if si := s.Signer; si != nil {
		sn := n.Sub("signer_info")
		if si.HasProgramName {
			sn.SetStr("program_name", []byte(si.ProgramName))
		}
		if si.Digest != nil {
			sn.SetStr("digest", []byte(authenticode.Hex(si.Digest)))
		}
		sn.SetStr("digest_alg", []byte(si.DigestAlg))
		sn.SetInt("length_of_chain", int64(len(si.Chain)))
		setChain(sn.StructArray("chain"), si.Chain)
	}
	n.SetInt("number_of_countersignatures", int64(len(s.Countersignatures)))
	cs := n.StructArray("countersignatures")
	for _, c := range s.Countersignatures {
		cn := cs.Add()
		cn.SetInt("verified", b2i(c.Verified))
		if c.HasSignTime {
			cn.SetInt("sign_time", c.SignTime)
		}
		if c.Digest != nil {
			cn.SetStr("digest", []byte(authenticode.Hex(c.Digest)))
		}
		if c.DigestAlg != "" {
			cn.SetStr("digest_alg", []byte(c.DigestAlg))
		}
		cn.SetInt("length_of_chain", int64(len(c.Chain)))
		setChain(cn.StructArray("chain"), c.Chain)
	}
}

// setChain appends one structure per certificate to a.
func setChain(a object.Structs, certs []*authenticode.Certificate) {
	for _, c := range certs {
		setCertificate(a.Add(), c)
	}
}

// setCertificate sets the certificate fields of n.
func setCertificate(n object.Node, c *authenticode.Certificate) {
	n.SetStr("thumbprint", []byte(c.Thumbprint))
	n.SetStr("issuer", []byte(c.Issuer))
	n.SetStr("subject", []byte(c.Subject))
	n.SetInt("version", c.Version)
	n.SetStr("algorithm", []byte(c.Algorithm))
	n.SetStr("algorithm_oid", []byte(c.AlgorithmOID))
	n.SetStr("serial", []byte(c.Serial))
	if c.HasValidity {
		n.SetInt("not_before", c.NotBefore)
		n.SetInt("not_after", c.NotAfter)
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
