package authenticode

import (
	"bytes"
	"errors"
)

// pkcs9Countersignature reads a PKCS#9 countersignature: a SignerInfo
// signing the signer's encrypted digest, its certificate in the outer bag.
func pkcs9Countersignature(v element, signer *signerInfo, certs []*Certificate) *Countersignature {
	si, err := parseSignerInfo(v)
	if err != nil {
		return nil
	}
	cert := findSigner(certs, si)
	cs := &Countersignature{DigestAlg: longName(si.digestOID), Chain: buildChain(cert, certs)}
	cs.Digest, _ = si.messageDigest()
	if t, ok := attr(si.auth, oidSigningTime); ok {
		cs.SignTime, cs.HasSignTime = parseTime(t)
	}
	cs.Verified = verifySignerInfo(si, cert, signer.sig)
	return cs
}

// rfc3161Countersignature reads a Microsoft RFC 3161 timestamp: a
// SignedData over a TSTInfo whose message imprint is the digest of the
// signer's encrypted digest. It also returns the token's certificates.
func rfc3161Countersignature(v element, signer *signerInfo) (*Countersignature, []*Certificate) {
	sd, err := parseSignedData(v)
	if err != nil || len(sd.signers) == 0 {
		return nil, nil
	}
	si := sd.signers[0]
	cert := findSigner(sd.certs, si)
	cs := &Countersignature{Chain: buildChain(cert, sd.certs)}
	var tst []byte
	if sd.contentType == oidTSTInfo && sd.hasContent && sd.content.is(tagOctetString) {
		tst = sd.content.body
	}
	imprintOK := false
	if info, err := parseTSTInfo(tst); err == nil {
		cs.DigestAlg = longName(info.imprintOID)
		cs.Digest = info.imprint
		cs.SignTime, cs.HasSignTime = info.genTime, info.hasTime
		if h, ok := digestHash(info.imprintOID); ok {
			imprintOK = bytes.Equal(info.imprint, hashOf(h, signer.sig))
		}
	}
	cs.Verified = imprintOK && tst != nil && verifySignerInfo(si, cert, tst)
	return cs, sd.certs
}

// tstInfo holds the fields of an RFC 3161 TSTInfo the module reports.
type tstInfo struct {
	imprintOID string
	imprint    []byte
	genTime    int64
	hasTime    bool
}

// parseTSTInfo parses TSTInfo: version, policy, messageImprint,
// serialNumber, genTime, ….
func parseTSTInfo(b []byte) (*tstInfo, error) {
	e, err := parseOne(b)
	if err != nil {
		return nil, err
	}
	f, err := e.sequence(maxSequence)
	if err != nil || len(f) < 5 {
		return nil, errors.New("TSTInfo is not a SEQUENCE of at least five")
	}
	mi, err := f[2].sequence(maxSequence)
	if err != nil || len(mi) < 2 || !mi[1].is(tagOctetString) {
		return nil, errors.New("TSTInfo: bad messageImprint")
	}
	info := &tstInfo{imprint: mi[1].body}
	if info.imprintOID, err = mi[0].algorithm(); err != nil {
		return nil, err
	}
	info.genTime, info.hasTime = parseTime(f[4])
	return info, nil
}
