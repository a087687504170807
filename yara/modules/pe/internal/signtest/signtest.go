// Package signtest makes Authenticode-signed PE files for tests: it
// generates throwaway certificate authorities with crypto/x509 and signs
// with osslsigncode, which tests must skip without.
package signtest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/binary"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// Osslsigncode returns the path of osslsigncode, skipping t without it.
func Osslsigncode(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("osslsigncode")
	if err != nil {
		t.Skip("osslsigncode not installed")
	}
	return p
}

// KeyKind selects the key algorithm of a generated certificate.
type KeyKind int

// Key kinds.
const (
	RSA KeyKind = iota
	ECDSA
)

// Cert is a generated certificate and its key.
type Cert struct {
	Cert *x509.Certificate
	Key  crypto.Signer
}

// Template describes a certificate to generate; zero fields get defaults.
type Template struct {
	Kind       KeyKind
	Subject    pkix.Name
	RawSubject []byte   // overrides Subject when set
	Serial     *big.Int // default random
	SigAlg     x509.SignatureAlgorithm
	NotBefore  time.Time // default 2020-01-02
	NotAfter   time.Time // default 2040-01-02
	CA         bool
	TSA        bool // time-stamping extended key usage
}

// NewCert generates a certificate signed by parent (self-signed when nil).
func NewCert(t testing.TB, tpl Template, parent *Cert) *Cert {
	t.Helper()
	var key crypto.Signer
	var err error
	switch tpl.Kind {
	case ECDSA:
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	default:
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		t.Fatal(err)
	}
	x := &x509.Certificate{
		SerialNumber:          tpl.Serial,
		Subject:               tpl.Subject,
		RawSubject:            tpl.RawSubject,
		NotBefore:             tpl.NotBefore,
		NotAfter:              tpl.NotAfter,
		SignatureAlgorithm:    tpl.SigAlg,
		BasicConstraintsValid: true,
		IsCA:                  tpl.CA,
		KeyUsage:              x509.KeyUsageDigitalSignature,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
	}
	if tpl.CA {
		x.KeyUsage |= x509.KeyUsageCertSign
		x.ExtKeyUsage = nil
	}
	if tpl.TSA {
		// RFC 3161 wants the time-stamping usage alone and critical.
		x.ExtKeyUsage = nil
		eku, err := asn1.Marshal([]asn1.ObjectIdentifier{{1, 3, 6, 1, 5, 5, 7, 3, 8}})
		if err != nil {
			t.Fatal(err)
		}
		x.ExtraExtensions = []pkix.Extension{{Id: asn1.ObjectIdentifier{2, 5, 29, 37}, Critical: true, Value: eku}}
	}
	if x.SerialNumber == nil {
		// Unique, so that issuer and serial number name one certificate.
		x.SerialNumber, err = rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
		if err != nil {
			t.Fatal(err)
		}
	}
	if x.NotBefore.IsZero() {
		x.NotBefore = time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	if x.NotAfter.IsZero() {
		x.NotAfter = time.Date(2040, 1, 2, 3, 4, 5, 0, time.UTC)
	}
	signer, issuer := key, x
	if parent != nil {
		signer, issuer = parent.Key, parent.Cert
	}
	der, err := x509.CreateCertificate(rand.Reader, x, issuer, key.Public(), signer)
	if err != nil {
		t.Fatalf("create certificate: %v", err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		// Go rejects some names OpenSSL accepts: keep the DER only.
		c = &x509.Certificate{Raw: der}
	}
	return &Cert{Cert: c, Key: key}
}

// WritePEM writes certs to dir/name.pem and, when key is set, the key
// to dir/name.key; it returns both paths.
func WritePEM(t testing.TB, dir, name string, key crypto.Signer, certs ...*x509.Certificate) (string, string) {
	t.Helper()
	var b []byte
	for _, c := range certs {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	cp := filepath.Join(dir, name+".pem")
	if err := os.WriteFile(cp, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if key == nil {
		return cp, ""
	}
	kd, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	kp := filepath.Join(dir, name+".key")
	if err := os.WriteFile(kp, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kd}), 0o600); err != nil {
		t.Fatal(err)
	}
	return cp, kp
}

// Options are the osslsigncode options of one signing.
type Options struct {
	Hash        string  // "sha1", "sha256", …; default sha256
	ProgramName string  // -n
	Nest        bool    // add a nested signature to an already signed file
	Chain       []*Cert // certificates to embed, signer first
	TSA         []*Cert // built-in timestamp authority, signer first
	TSATime     int64   // -TSA-time
}

// Sign signs in into out with the first certificate of o.Chain.
func Sign(t testing.TB, in, out string, o Options) {
	t.Helper()
	tool := Osslsigncode(t)
	dir := t.TempDir()
	var certs []*x509.Certificate
	for _, c := range o.Chain {
		certs = append(certs, c.Cert)
	}
	cp, kp := WritePEM(t, dir, "signer", o.Chain[0].Key, certs...)
	h := o.Hash
	if h == "" {
		h = "sha256"
	}
	args := []string{"sign", "-certs", cp, "-key", kp, "-h", h}
	if o.ProgramName != "" {
		args = append(args, "-n", o.ProgramName)
	}
	if o.Nest {
		args = append(args, "-nest")
	}
	if len(o.TSA) > 0 {
		var tc []*x509.Certificate
		for _, c := range o.TSA {
			tc = append(tc, c.Cert)
		}
		tcp, tkp := WritePEM(t, dir, "tsa", o.TSA[0].Key, tc...)
		args = append(args, "-TSA-certs", tcp, "-TSA-key", tkp)
		if o.TSATime != 0 {
			args = append(args, "-TSA-time", strconv.FormatInt(o.TSATime, 10))
		}
	}
	args = append(args, "-in", in, "-out", out)
	if b, err := exec.Command(tool, args...).CombinedOutput(); err != nil {
		t.Fatalf("osslsigncode %v: %v\n%s", args, err, b)
	}
}

// MinimalPE returns a small valid PE32 (or PE32+) image with one section.
func MinimalPE(is64 bool) []byte {
	const lfanew, fileAlign = 0x80, 0x200
	b := make([]byte, 0x400)
	le := binary.LittleEndian
	copy(b, "MZ")
	le.PutUint32(b[0x3c:], lfanew)
	copy(b[lfanew:], "PE\x00\x00")
	fh := lfanew + 4
	optSize := 224
	machine, magic := uint16(0x14c), uint16(0x10b)
	if is64 {
		optSize, machine, magic = 240, 0x8664, 0x20b
	}
	le.PutUint16(b[fh:], machine)
	le.PutUint16(b[fh+2:], 1)
	le.PutUint16(b[fh+16:], uint16(optSize))
	le.PutUint16(b[fh+18:], 0x0102)
	opt := fh + 20
	le.PutUint16(b[opt:], magic)
	le.PutUint32(b[opt+16:], 0x1000) // entry point
	if is64 {
		le.PutUint64(b[opt+24:], 0x140000000)
	} else {
		le.PutUint32(b[opt+28:], 0x400000)
	}
	le.PutUint32(b[opt+32:], 0x1000)
	le.PutUint32(b[opt+36:], fileAlign)
	le.PutUint16(b[opt+40:], 6)
	le.PutUint16(b[opt+48:], 6)
	le.PutUint32(b[opt+56:], 0x2000) // size of image
	le.PutUint32(b[opt+60:], 0x200)  // size of headers
	le.PutUint16(b[opt+68:], 3)      // console subsystem
	nd := opt + 92
	if is64 {
		nd = opt + 108
	}
	le.PutUint32(b[nd:], 16)
	sec := opt + optSize
	copy(b[sec:], ".text")
	le.PutUint32(b[sec+8:], 0x10)
	le.PutUint32(b[sec+12:], 0x1000)
	le.PutUint32(b[sec+16:], fileAlign)
	le.PutUint32(b[sec+20:], 0x200)
	le.PutUint32(b[sec+36:], 0x60000020)
	b[0x200] = 0xc3
	return b
}

// Serial returns n as a serial number.
func Serial(n int64) *big.Int { return big.NewInt(n) }
