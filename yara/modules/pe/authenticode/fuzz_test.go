package authenticode

import (
	"crypto"
	"os"
	"path/filepath"
	"testing"
)

// writeTestdata regenerates the seed blobs: OVERT_WRITE_TESTDATA=1.
func TestWriteTestdata(t *testing.T) {
	if os.Getenv("OVERT_WRITE_TESTDATA") == "" {
		t.Skip("set OVERT_WRITE_TESTDATA=1 to regenerate testdata/*.p7")
	}
	data, _ := signedSample(t)
	img := locate(t, data)
	blob := data[img.SecurityOffset+8 : img.SecurityOffset+img.SecuritySize]
	if err := os.WriteFile(filepath.Join("testdata", "nested-timestamped.p7"), blob, 0o644); err != nil {
		t.Fatal(err)
	}
}

// seeds returns the PKCS#7 blobs of testdata.
func seeds(t testing.TB) [][]byte {
	paths, _ := filepath.Glob(filepath.Join("testdata", "*.p7"))
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	if len(out) == 0 {
		t.Fatal("no testdata/*.p7 seeds")
	}
	return out
}

func TestSeedBlobs(t *testing.T) {
	for i, b := range seeds(t) {
		sigs, err := ParsePKCS7(b, func(h crypto.Hash) []byte { return hashOf(h, nil) })
		if err != nil || len(sigs) != 2 {
			t.Fatalf("seed %d: %d signatures, %v", i, len(sigs), err)
		}
		if sigs[0].Cert() == nil || sigs[0].Signer.ProgramName != "Prog" || len(sigs[0].Countersignatures) != 1 || !sigs[0].Countersignatures[0].Verified {
			t.Errorf("seed %d: unexpected first signature %+v", i, sigs[0])
		}
		if sigs[0].Verified {
			t.Errorf("seed %d: verified against the wrong file digest", i)
		}
	}
}

// FuzzAuthenticode parses arbitrary PKCS#7 blobs: no panic, bounded output.
func FuzzAuthenticode(f *testing.F) {
	for _, b := range seeds(f) {
		f.Add(b)
		f.Add(b[:len(b)/2])
	}
	f.Add([]byte{0x30, 0x80})
	f.Add([]byte{0x30, 0x84, 0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, b []byte) {
		sigs, err := ParsePKCS7(b, func(h crypto.Hash) []byte { return hashOf(h, b) })
		if err != nil && sigs != nil {
			t.Fatalf("signatures with an error")
		}
		if len(sigs) > maxSignatures {
			t.Fatalf("%d signatures", len(sigs))
		}
		for _, s := range sigs {
			if len(s.Certificates) > maxCertificates || len(s.Countersignatures) > maxCountersignatures {
				t.Fatalf("unbounded signature: %d certificates, %d countersignatures", len(s.Certificates), len(s.Countersignatures))
			}
			if s.Signer != nil && len(s.Signer.Chain) > maxChain {
				t.Fatalf("chain of %d", len(s.Signer.Chain))
			}
		}
	})
}
