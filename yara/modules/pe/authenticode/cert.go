package authenticode

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Certificate is an X.509 certificate as the pe module reports it.
type Certificate struct {
	// Raw is the DER encoding of the certificate.
	Raw []byte
	// Thumbprint is the lower-case hex SHA-1 of Raw.
	Thumbprint string
	// Issuer and Subject are the names in OpenSSL's one-line form,
	// "/C=US/O=Example/CN=Example CA".
	Issuer, Subject string
	// Version is the X.509 version (1 to 3).
	Version int64
	// Algorithm is OpenSSL's long name of the signature algorithm
	// ("sha256WithRSAEncryption"), or AlgorithmOID when it has none.
	Algorithm string
	// AlgorithmOID is the signature algorithm's dotted OID.
	AlgorithmOID string
	// Serial is the serial number as colon-separated lower-case hex bytes.
	Serial string
	// NotBefore and NotAfter are the validity period in Unix seconds;
	// HasValidity is false when either time could not be decoded.
	NotBefore, NotAfter int64
	HasValidity         bool

	rawIssuer  []byte // DER of the issuer Name
	rawSubject []byte // DER of the subject Name
	serial     []byte // INTEGER contents of the serial number
	spki       []byte // DER of SubjectPublicKeyInfo
}

// ParseCertificate parses a DER X.509 certificate. It is lenient where
// OpenSSL is (string types are not checked, unknown extensions ignored)
// and fails only when the structure itself is broken.
func ParseCertificate(der []byte) (*Certificate, error) {
	e, err := parseOne(der)
	if err != nil {
		return nil, fmt.Errorf("certificate: %w", err)
	}
	top, err := e.sequence(maxSequence)
	if err != nil || len(top) < 3 {
		return nil, errors.New("certificate: not a SEQUENCE of three")
	}
	tbs, err := top[0].sequence(maxSequence)
	if err != nil {
		return nil, fmt.Errorf("certificate: tbsCertificate: %w", err)
	}
	c := &Certificate{Raw: e.full, Version: 1}
	sum := sha1.Sum(e.full)
	c.Thumbprint = hex.EncodeToString(sum[:])
	i := 0
	if len(tbs) > 0 && tbs[0].isContext(0) {
		if v, err := parseOne(tbs[0].body); err == nil && v.is(tagInteger) {
			if n, ok := smallInt(v.body); ok {
				c.Version = n + 1
			}
		}
		i++
	}
	if len(tbs) < i+6 {
		return nil, errors.New("certificate: tbsCertificate too short")
	}
	if !tbs[i].is(tagInteger) {
		return nil, errors.New("certificate: serial number is not an INTEGER")
	}
	c.serial = tbs[i].body
	c.Serial = formatSerial(tbs[i].body)
	c.rawIssuer = tbs[i+2].full
	c.Issuer = formatName(tbs[i+2])
	if v, err := tbs[i+3].sequence(maxSequence); err == nil && len(v) >= 2 {
		nb, ok1 := parseTime(v[0])
		na, ok2 := parseTime(v[1])
		c.NotBefore, c.NotAfter, c.HasValidity = nb, na, ok1 && ok2
	}
	c.rawSubject = tbs[i+4].full
	c.Subject = formatName(tbs[i+4])
	c.spki = tbs[i+5].full
	oid, err := top[1].algorithm()
	if err != nil {
		return nil, fmt.Errorf("certificate: signature algorithm: %w", err)
	}
	c.AlgorithmOID = oid
	c.Algorithm = longName(oid)
	return c, nil
}

// smallInt decodes INTEGER contents that fit in 63 bits.
func smallInt(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 8 || b[0]&0x80 != 0 && len(b) == 8 {
		return 0, false
	}
	var n int64
	if b[0]&0x80 != 0 {
		n = -1
	}
	for _, c := range b {
		n = n<<8 | int64(c)
	}
	return n, true
}

// formatSerial formats the contents of the serial number INTEGER as
// "00:8f:2a", sign octet included, as yara does.
func formatSerial(b []byte) string {
	var sb strings.Builder
	for i, c := range b {
		if i > 0 {
			sb.WriteByte(':')
		}
		fmt.Fprintf(&sb, "%02x", c)
	}
	return sb.String()
}

// formatName formats an X.509 Name as OpenSSL's X509_NAME_oneline does:
// "/TYPE=value" per relative distinguished name, "+TYPE=value" for the
// further attributes of a multi-valued one, the type as OpenSSL's short
// name or the dotted OID (see writeNameValue for the value).
func formatName(e element) string {
	rdns, err := e.sequence(maxNameEntries)
	if err != nil {
		return ""
	}
	var sb strings.Builder
	n := 0
	for _, rdn := range rdns {
		atvs, err := rdn.children(maxNameEntries)
		if err != nil {
			continue
		}
		for j, atv := range atvs {
			if n++; n > maxNameEntries {
				return sb.String()
			}
			f, err := atv.sequence(maxSequence)
			if err != nil || len(f) < 2 {
				continue
			}
			oid, err := f[0].oid()
			if err != nil {
				continue
			}
			if j == 0 {
				sb.WriteByte('/')
			} else {
				sb.WriteByte('+')
			}
			sb.WriteString(shortName(oid))
			sb.WriteByte('=')
			writeNameValue(&sb, f[1])
		}
	}
	return sb.String()
}

// writeNameValue writes the bytes of a name attribute value, whatever
// its string type, as OpenSSL does: bytes outside printable ASCII as
// \xHH and the separators '/' and '+' behind a backslash.
func writeNameValue(sb *strings.Builder, v element) {
	for _, c := range v.body {
		switch {
		case c < ' ' || c > '~':
			fmt.Fprintf(sb, "\\x%02X", c)
		case c == '/' || c == '+':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		default:
			sb.WriteByte(c)
		}
	}
}

// parseTime decodes a UTCTime or GeneralizedTime to Unix seconds.
func parseTime(e element) (int64, bool) {
	s := string(e.body)
	var layouts []string
	switch {
	case e.is(tagUTCTime):
		layouts = []string{"0601021504Z0700", "060102150405Z0700", "0601021504-0700", "060102150405-0700"}
	case e.is(tagGeneralizedTime):
		layouts = []string{"20060102150405Z0700", "20060102150405.999999999Z0700", "200601021504Z0700", "20060102150405-0700"}
	default:
		return 0, false
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			if e.is(tagUTCTime) && t.Year() >= 2050 {
				t = t.AddDate(-100, 0, 0)
			}
			return t.Unix(), true
		}
	}
	return 0, false
}
