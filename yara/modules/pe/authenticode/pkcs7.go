package authenticode

import (
	"errors"
	"fmt"
)

// signedData is a PKCS#7 SignedData.
type signedData struct {
	contentType string
	content     element // the encapsulated content, inside its [0] wrapper
	hasContent  bool
	certs       []*Certificate
	signers     []*signerInfo
}

// signerInfo is a PKCS#7 SignerInfo.
type signerInfo struct {
	issuer    []byte // DER of the issuer Name (issuerAndSerialNumber)
	serial    []byte // serial number INTEGER contents
	keyID     []byte // subjectKeyIdentifier, for CMS version 3 signers
	digestOID string
	authRaw   []byte // DER of the authenticated attributes, [0] tag
	auth      []attribute
	sigOID    string
	sig       []byte
	unauth    []attribute
}

// attribute is one PKCS#9 attribute: a type and its values.
type attribute struct {
	oid    string
	values []element
}

// parseContentInfo parses a ContentInfo and returns its type and the
// content inside the [0] EXPLICIT wrapper.
func parseContentInfo(e element) (string, element, bool, error) {
	f, err := e.sequence(maxSequence)
	if err != nil || len(f) == 0 {
		return "", element{}, false, errors.New("ContentInfo is not a SEQUENCE")
	}
	typ, err := f[0].oid()
	if err != nil {
		return "", element{}, false, fmt.Errorf("ContentInfo type: %w", err)
	}
	if len(f) < 2 || !f[1].isContext(0) {
		return typ, element{}, false, nil
	}
	c, err := parseOne(f[1].body)
	if err != nil {
		return typ, element{}, false, fmt.Errorf("ContentInfo content: %w", err)
	}
	return typ, c, true, nil
}

// parseSignedData parses a ContentInfo holding a SignedData.
func parseSignedData(e element) (*signedData, error) {
	typ, c, ok, err := parseContentInfo(e)
	if err != nil {
		return nil, err
	}
	if typ != oidSignedData || !ok {
		return nil, fmt.Errorf("content type %s is not SignedData", typ)
	}
	f, err := c.sequence(maxSequence)
	if err != nil || len(f) < 4 {
		return nil, errors.New("SignedData is not a SEQUENCE of at least four")
	}
	sd := &signedData{}
	sd.contentType, sd.content, sd.hasContent, err = parseContentInfo(f[2])
	if err != nil {
		return nil, fmt.Errorf("SignedData: %w", err)
	}
	i := 3
	for ; i < len(f) && f[i].class == classContext; i++ {
		if f[i].tag != 0 {
			continue // CRLs
		}
		certs, err := f[i].children(maxCertificates)
		if err != nil {
			return nil, fmt.Errorf("SignedData certificates: %w", err)
		}
		for _, ce := range certs {
			if !ce.is(tagSequence) {
				continue // attribute or other certificate formats
			}
			if cert, err := ParseCertificate(ce.full); err == nil {
				sd.certs = append(sd.certs, cert)
			}
		}
	}
	if i >= len(f) || !f[i].is(tagSet) {
		return nil, errors.New("SignedData has no signerInfos SET")
	}
	infos, err := f[i].children(maxSignerInfos)
	if err != nil {
		return nil, fmt.Errorf("SignedData signerInfos: %w", err)
	}
	for _, ie := range infos {
		si, err := parseSignerInfo(ie)
		if err != nil {
			return nil, err
		}
		sd.signers = append(sd.signers, si)
	}
	return sd, nil
}

// parseSignerInfo parses a SignerInfo.
func parseSignerInfo(e element) (*signerInfo, error) {
	f, err := e.sequence(maxSequence)
	if err != nil || len(f) < 5 {
		return nil, errors.New("SignerInfo is not a SEQUENCE of at least five")
	}
	si := &signerInfo{}
	switch {
	case f[1].is(tagSequence):
		ias, err := f[1].children(maxSequence)
		if err != nil || len(ias) < 2 || !ias[1].is(tagInteger) {
			return nil, errors.New("SignerInfo: bad issuerAndSerialNumber")
		}
		si.issuer, si.serial = ias[0].full, ias[1].body
	case f[1].isContext(0):
		si.keyID = f[1].body
	default:
		return nil, errors.New("SignerInfo: bad signer identifier")
	}
	if si.digestOID, err = f[2].algorithm(); err != nil {
		return nil, fmt.Errorf("SignerInfo digest algorithm: %w", err)
	}
	i := 3
	if f[i].isContext(0) {
		si.authRaw = f[i].full
		if si.auth, err = parseAttributes(f[i]); err != nil {
			return nil, fmt.Errorf("SignerInfo authenticated attributes: %w", err)
		}
		i++
	}
	if i+1 >= len(f) {
		return nil, errors.New("SignerInfo too short")
	}
	if si.sigOID, err = f[i].algorithm(); err != nil {
		return nil, fmt.Errorf("SignerInfo signature algorithm: %w", err)
	}
	if !f[i+1].is(tagOctetString) {
		return nil, errors.New("SignerInfo signature is not an OCTET STRING")
	}
	si.sig = f[i+1].body
	if i+2 < len(f) && f[i+2].isContext(1) {
		if si.unauth, err = parseAttributes(f[i+2]); err != nil {
			return nil, fmt.Errorf("SignerInfo unauthenticated attributes: %w", err)
		}
	}
	return si, nil
}

// parseAttributes parses a SET OF Attribute (under any tag).
func parseAttributes(e element) ([]attribute, error) {
	list, err := e.children(maxAttributes)
	if err != nil {
		return nil, err
	}
	var out []attribute
	for _, a := range list {
		f, err := a.sequence(maxSequence)
		if err != nil || len(f) < 2 {
			return nil, errors.New("bad attribute")
		}
		oid, err := f[0].oid()
		if err != nil {
			return nil, err
		}
		vals, err := f[1].children(maxAttributeValues)
		if err != nil {
			return nil, fmt.Errorf("attribute %s: %w", oid, err)
		}
		out = append(out, attribute{oid: oid, values: vals})
	}
	return out, nil
}

// attr returns the first value of the attribute oid.
func attr(list []attribute, oid string) (element, bool) {
	for _, a := range list {
		if a.oid == oid && len(a.values) > 0 {
			return a.values[0], true
		}
	}
	return element{}, false
}

// messageDigest returns the messageDigest authenticated attribute.
func (si *signerInfo) messageDigest() ([]byte, bool) {
	v, ok := attr(si.auth, oidMessageDigest)
	if !ok || !v.is(tagOctetString) {
		return nil, false
	}
	return v.body, true
}

// findSigner returns the certificate of certs that si names.
func findSigner(certs []*Certificate, si *signerInfo) *Certificate {
	for _, c := range certs {
		if si.keyID != nil {
			if string(c.subjectKeyID()) == string(si.keyID) {
				return c
			}
			continue
		}
		if string(c.serial) == string(si.serial) && sameName(c.rawIssuer, si.issuer) {
			return c
		}
	}
	return nil
}

// sameName compares two DER names, falling back to their one-line form
// so that equivalent names in different string types still match.
func sameName(a, b []byte) bool {
	if string(a) == string(b) {
		return true
	}
	ea, err1 := parseOne(a)
	eb, err2 := parseOne(b)
	return err1 == nil && err2 == nil && formatName(ea) == formatName(eb)
}

// buildChain returns leaf and the issuers found for it in certs, in
// order, up to a self-issued certificate or one whose issuer is absent.
func buildChain(leaf *Certificate, certs []*Certificate) []*Certificate {
	if leaf == nil {
		return nil
	}
	chain := []*Certificate{leaf}
	cur := leaf
	for len(chain) < maxChain && !sameName(cur.rawIssuer, cur.rawSubject) {
		var next *Certificate
		for _, c := range certs {
			if inChain(chain, c) || !sameName(c.rawSubject, cur.rawIssuer) {
				continue
			}
			next = c
			break
		}
		if next == nil {
			break
		}
		chain = append(chain, next)
		cur = next
	}
	return chain
}

func inChain(chain []*Certificate, c *Certificate) bool {
	for _, x := range chain {
		if x == c || x.Thumbprint == c.Thumbprint {
			return true
		}
	}
	return false
}

// subjectKeyID returns the subjectKeyIdentifier extension of c, or nil.
func (c *Certificate) subjectKeyID() []byte {
	e, err := parseOne(c.Raw)
	if err != nil {
		return nil
	}
	top, err := e.sequence(maxSequence)
	if err != nil || len(top) == 0 {
		return nil
	}
	tbs, err := top[0].sequence(maxSequence)
	if err != nil {
		return nil
	}
	for _, f := range tbs {
		if !f.isContext(3) {
			continue
		}
		exts, err := parseOne(f.body)
		if err != nil {
			return nil
		}
		list, err := exts.sequence(maxAttributes)
		if err != nil {
			return nil
		}
		for _, x := range list {
			xf, err := x.sequence(maxSequence)
			if err != nil || len(xf) < 2 {
				continue
			}
			if oid, _ := xf[0].oid(); oid != oidSubjectKeyIdentifier {
				continue
			}
			v := xf[len(xf)-1]
			if inner, err := parseOne(v.body); err == nil && inner.is(tagOctetString) {
				return inner.body
			}
		}
	}
	return nil
}
