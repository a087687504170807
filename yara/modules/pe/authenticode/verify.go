package authenticode

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	_ "crypto/md5" // digest algorithm of old signatures
	"crypto/rsa"
	_ "crypto/sha1"   // digest algorithm
	_ "crypto/sha256" // digest algorithm
	_ "crypto/sha512" // digest algorithm
	"crypto/x509"
)

// hashOf returns the digest of data with h.
func hashOf(h crypto.Hash, data []byte) []byte {
	w := h.New()
	w.Write(data)
	return w.Sum(nil)
}

// signedBytes returns what a SignerInfo's signature covers: the DER of
// its authenticated attributes re-tagged as a SET, or, without them,
// content itself.
func (si *signerInfo) signedBytes(content []byte) []byte {
	if si.authRaw == nil {
		return content
	}
	b := bytes.Clone(si.authRaw)
	b[0] = 0x31 // SET OF, instead of [0] IMPLICIT
	return b
}

// verifySignerInfo checks si against content: the messageDigest
// attribute (when there are authenticated attributes) must be the digest
// of content, and the signature must verify with cert's public key.
func verifySignerInfo(si *signerInfo, cert *Certificate, content []byte) bool {
	if cert == nil {
		return false
	}
	h, ok := digestHash(si.digestOID)
	if !ok {
		return false
	}
	if si.authRaw != nil {
		md, ok := si.messageDigest()
		if !ok || !bytes.Equal(md, hashOf(h, content)) {
			return false
		}
	}
	return verifySignature(cert, h, si.sigOID, si.signedBytes(content), si.sig)
}

// verifySignature checks sig over data with the public key of cert.
func verifySignature(cert *Certificate, h crypto.Hash, sigOID string, data, sig []byte) bool {
	pub, err := x509.ParsePKIXPublicKey(cert.spki)
	if err != nil {
		return false
	}
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() > maxRSABits {
			return false
		}
		digest := hashOf(h, data)
		if sigOID == oidRSASSAPSS {
			return rsa.VerifyPSS(k, h, digest, sig, nil) == nil
		}
		return rsa.VerifyPKCS1v15(k, h, digest, sig) == nil
	case *ecdsa.PublicKey:
		return ecdsa.VerifyASN1(k, hashOf(h, data), sig)
	case ed25519.PublicKey:
		return ed25519.Verify(k, data, sig)
	}
	return false
}
