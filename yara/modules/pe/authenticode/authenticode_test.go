package authenticode

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/overt-sec/overt/yara/modules/pe/internal/signtest"
)

// locate returns the Image of a PE file made by signtest.MinimalPE and
// signed by osslsigncode.
func locate(t testing.TB, data []byte) *Image {
	t.Helper()
	le := binary.LittleEndian
	nt := int64(le.Uint32(data[0x3c:]))
	opt := nt + 24
	dirs := opt + 96
	if le.Uint16(data[opt:]) == 0x20b {
		dirs = opt + 112
	}
	sec := dirs + 4*8
	return &Image{
		Data:                data,
		ChecksumOffset:      opt + 64,
		SecurityEntryOffset: sec,
		SecurityOffset:      int64(le.Uint32(data[sec:])),
		SecuritySize:        int64(le.Uint32(data[sec+4:])),
	}
}

// signedSample signs a minimal PE with a two-level RSA chain, a
// timestamp and a nested ECDSA signature, and returns the file.
func signedSample(t testing.TB) ([]byte, []*signtest.Cert) {
	t.Helper()
	signtest.Osslsigncode(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "in.exe")
	if err := os.WriteFile(in, signtest.MinimalPE(false), 0o644); err != nil {
		t.Fatal(err)
	}
	ca := signtest.NewCert(t, signtest.Template{CA: true, Subject: pkix.Name{CommonName: "Root"}, SigAlg: x509.SHA256WithRSA}, nil)
	leaf := signtest.NewCert(t, signtest.Template{Subject: pkix.Name{CommonName: "Leaf", Organization: []string{"Org"}}, Serial: signtest.Serial(0x1234), SigAlg: x509.SHA256WithRSA}, ca)
	tsa := signtest.NewCert(t, signtest.Template{TSA: true, Subject: pkix.Name{CommonName: "TSA"}, SigAlg: x509.SHA256WithRSA, Serial: signtest.Serial(7)}, ca)
	ec := signtest.NewCert(t, signtest.Template{Kind: signtest.ECDSA, Subject: pkix.Name{CommonName: "EC"}, SigAlg: x509.SHA256WithRSA, Serial: signtest.Serial(9)}, ca)
	one := filepath.Join(dir, "one.exe")
	signtest.Sign(t, in, one, signtest.Options{ProgramName: "Prog", Chain: []*signtest.Cert{leaf, ca}, TSA: []*signtest.Cert{tsa}, TSATime: 1600000000})
	two := filepath.Join(dir, "two.exe")
	signtest.Sign(t, one, two, signtest.Options{Nest: true, Hash: "sha1", Chain: []*signtest.Cert{ec}})
	data, err := os.ReadFile(two)
	if err != nil {
		t.Fatal(err)
	}
	return data, []*signtest.Cert{ca, leaf, tsa, ec}
}

func TestParseSigned(t *testing.T) {
	data, certs := signedSample(t)
	ca, leaf, tsa, ec := certs[0], certs[1], certs[2], certs[3]
	sigs, err := Parse(locate(t, data))
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 2 {
		t.Fatalf("got %d signatures, want 2", len(sigs))
	}
	s := sigs[0]
	t.Run("primary", func(t *testing.T) {
		if !s.Verified || s.DigestAlg != "sha256" || !bytes.Equal(s.Digest, s.FileDigest) {
			t.Errorf("verified %v alg %q digest %x file %x", s.Verified, s.DigestAlg, s.Digest, s.FileDigest)
		}
		c := s.Cert()
		if c == nil || !bytes.Equal(c.Raw, leaf.Cert.Raw) {
			t.Fatalf("signer certificate is not the leaf")
		}
		if c.Subject != "/O=Org/CN=Leaf" || c.Issuer != "/CN=Root" || c.Version != 3 ||
			c.Algorithm != "sha256WithRSAEncryption" || c.AlgorithmOID != "1.2.840.113549.1.1.11" ||
			c.Serial != "12:34" || c.NotBefore != leaf.Cert.NotBefore.Unix() || c.NotAfter != leaf.Cert.NotAfter.Unix() {
			t.Errorf("certificate fields: %+v", c)
		}
		if got := Hex(hashOf(crypto.SHA1, leaf.Cert.Raw)); c.Thumbprint != got {
			t.Errorf("thumbprint %s, want %s", c.Thumbprint, got)
		}
		if si := s.Signer; !si.HasProgramName || si.ProgramName != "Prog" || len(si.Chain) != 2 || si.Chain[1].Thumbprint != Hex(hashOf(crypto.SHA1, ca.Cert.Raw)) {
			t.Errorf("signer: %+v", si)
		}
		if len(s.Countersignatures) != 1 {
			t.Fatalf("got %d countersignatures", len(s.Countersignatures))
		}
		cs := s.Countersignatures[0]
		if !cs.Verified || !cs.HasSignTime || cs.SignTime != 1600000000 || len(cs.Chain) == 0 || !bytes.Equal(cs.Chain[0].Raw, tsa.Cert.Raw) {
			t.Errorf("countersignature: %+v", cs)
		}
	})
	t.Run("nested", func(t *testing.T) {
		n := sigs[1]
		if !n.Verified || n.DigestAlg != "sha1" || n.Cert() == nil || !bytes.Equal(n.Cert().Raw, ec.Cert.Raw) {
			t.Errorf("nested: verified %v alg %q", n.Verified, n.DigestAlg)
		}
	})
	t.Run("tampered", func(t *testing.T) {
		bad := bytes.Clone(data)
		bad[0x200] ^= 1
		sigs, err := Parse(locate(t, bad))
		if err != nil || len(sigs) != 2 {
			t.Fatalf("parse: %v", err)
		}
		for i, s := range sigs {
			if s.Verified || bytes.Equal(s.Digest, s.FileDigest) {
				t.Errorf("signature %d still verified", i)
			}
		}
		if !sigs[0].Countersignatures[0].Verified {
			t.Errorf("the countersignature does not depend on the file")
		}
	})
	t.Run("bad-signature", func(t *testing.T) {
		bad := bytes.Clone(data)
		img := locate(t, bad)
		// The leaf's signature value is the last thing of the outer
		// SignerInfo before its unauthenticated attributes: flip a byte
		// of the program name instead, which the signature covers.
		i := bytes.Index(bad[img.SecurityOffset:], []byte("Prog"))
		if i < 0 {
			t.Fatal("program name not found")
		}
		bad[img.SecurityOffset+int64(i)] = 'Q'
		sigs, err := Parse(img)
		if err != nil {
			t.Fatal(err)
		}
		if sigs[0].Verified || sigs[0].Signer.ProgramName != "Qrog" {
			t.Errorf("verified %v with program name %q", sigs[0].Verified, sigs[0].Signer.ProgramName)
		}
	})
}

func TestParseErrors(t *testing.T) {
	data, _ := signedSample(t)
	img := locate(t, data)
	for _, tc := range []struct {
		name   string
		mutate func(b []byte, img *Image)
	}{
		{"type", func(b []byte, img *Image) { b[img.SecurityOffset+6] = 1 }},
		{"length", func(b []byte, img *Image) {
			binary.LittleEndian.PutUint32(b[img.SecurityOffset:], uint32(img.SecuritySize+1))
		}},
		{"outside", func(b []byte, img *Image) { img.SecurityOffset = int64(len(b)) - 4 }},
		{"garbage", func(b []byte, img *Image) { b[img.SecurityOffset+8] = 0x05 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := bytes.Clone(data)
			i := *img
			i.Data = b
			tc.mutate(b, &i)
			if sigs, err := Parse(&i); err == nil {
				t.Errorf("no error; %d signatures", len(sigs))
			}
		})
	}
}
