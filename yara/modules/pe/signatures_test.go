package pe_test

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/modules/internal/modtest"
	"github.com/overt-sec/overt/yara/modules/internal/modtest/scanlog"
	"github.com/overt-sec/overt/yara/modules/pe/internal/signtest"
)

// sigFields are the signature fields yara 4.2 has.
var sigFields = []string{"thumbprint", "issuer", "subject", "version", "algorithm",
	"algorithm_oid", "serial", "not_before", "not_after",
	"valid_on(0)", "valid_on(1700000000)", "valid_on(pe.signatures[%d].not_before)",
	"valid_on(pe.signatures[%d].not_after + 1)"}

// sigDumpRule logs the signature fields of signatures 0..n (one past
// the last, to compare undefined values too).
func sigDumpRule(n int, extra []string) string {
	var b strings.Builder
	b.WriteString("import \"pe\"\nimport \"console\"\nrule dump { condition: true")
	log := func(expr string) {
		fmt.Fprintf(&b, "\n and (console.log(%q, pe.%s) or true)", expr+"=", expr)
	}
	log("number_of_signatures")
	for i := range n + 1 {
		for _, f := range append(append([]string(nil), sigFields...), extra...) {
			if strings.Contains(f, "%d") {
				f = fmt.Sprintf(f, i)
			}
			log(fmt.Sprintf("signatures[%d].%s", i, f))
		}
	}
	b.WriteString("\n}\n")
	return b.String()
}

// sample is a signed test file and what Overt must report for it.
type sample struct {
	name   string
	path   string
	nsig   int
	checks map[string]string // expression → logged value (Overt only)
}

// rdn builds a raw subject from attribute values given as DER elements.
func rawName(t *testing.T, rdns ...[]pkix.AttributeTypeAndValue) []byte {
	t.Helper()
	var seq pkix.RDNSequence
	for _, r := range rdns {
		seq = append(seq, pkix.RelativeDistinguishedNameSET(r))
	}
	b, err := asn1.Marshal(seq)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func atv(oid asn1.ObjectIdentifier, tag int, value []byte) pkix.AttributeTypeAndValue {
	return pkix.AttributeTypeAndValue{Type: oid, Value: asn1.RawValue{Tag: tag, Bytes: value}}
}

func bmp(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

var (
	oidCN    = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidO     = asn1.ObjectIdentifier{2, 5, 4, 10}
	oidOU    = asn1.ObjectIdentifier{2, 5, 4, 11}
	oidEmail = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}
	oidOdd   = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 7}
	oidJurC  = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 311, 60, 2, 1, 3}
)

// makeSamples signs generated PE files in dir in several ways.
func makeSamples(t *testing.T, dir string) []sample {
	t.Helper()
	signtest.Osslsigncode(t)
	unsigned := filepath.Join(dir, "unsigned.exe")
	if err := os.WriteFile(unsigned, signtest.MinimalPE(false), 0o644); err != nil {
		t.Fatal(err)
	}
	unsigned64 := filepath.Join(dir, "unsigned64.exe")
	if err := os.WriteFile(unsigned64, signtest.MinimalPE(true), 0o644); err != nil {
		t.Fatal(err)
	}
	rsaCA := signtest.NewCert(t, signtest.Template{CA: true, Subject: pkix.Name{Country: []string{"US"}, Province: []string{"Washington"}, Organization: []string{"Overt Test CA"}, CommonName: "Overt Root"}, SigAlg: x509.SHA256WithRSA}, nil)
	rsaLeaf := signtest.NewCert(t, signtest.Template{Subject: pkix.Name{Country: []string{"GB"}, Organization: []string{"Leaf Org"}, OrganizationalUnit: []string{"Dev", "Ops"}, CommonName: "Leaf Signer"}, Serial: new(big.Int).SetBytes([]byte{0x80, 0x01, 0x02, 0xff}), SigAlg: x509.SHA256WithRSA, NotBefore: time.Unix(1600000000, 0), NotAfter: time.Unix(1900000000, 0)}, rsaCA)
	sha1Leaf := signtest.NewCert(t, signtest.Template{Subject: pkix.Name{CommonName: "SHA1 Signer"}, Serial: big.NewInt(1), SigAlg: x509.SHA384WithRSA}, rsaCA)
	ecCA := signtest.NewCert(t, signtest.Template{Kind: signtest.ECDSA, CA: true, Subject: pkix.Name{CommonName: "EC Root"}, SigAlg: x509.ECDSAWithSHA384}, nil)
	ecLeaf := signtest.NewCert(t, signtest.Template{Kind: signtest.ECDSA, Subject: pkix.Name{CommonName: "EC Leaf", Organization: []string{"EC Org"}}, SigAlg: x509.ECDSAWithSHA256, Serial: big.NewInt(0x7f)}, ecCA)
	tsa := signtest.NewCert(t, signtest.Template{TSA: true, Subject: pkix.Name{CommonName: "Overt TSA"}, SigAlg: x509.SHA256WithRSA}, rsaCA)
	odd := signtest.NewCert(t, signtest.Template{RawSubject: rawName(t,
		[]pkix.AttributeTypeAndValue{atv(oidCN, 30, bmp("Wide Name"))},
		[]pkix.AttributeTypeAndValue{atv(oidO, 12, []byte("Caf\xc3\xa9 / Bar")), atv(oidOU, 19, []byte("multi"))},
		[]pkix.AttributeTypeAndValue{atv(oidOdd, 12, []byte("odd\x01"))},
		[]pkix.AttributeTypeAndValue{atv(oidEmail, 22, []byte("a@b.example"))},
		[]pkix.AttributeTypeAndValue{atv(oidJurC, 19, []byte("DE"))},
		[]pkix.AttributeTypeAndValue{atv(oidCN, 30, bmp("Zw\u00f6lf"))},
		[]pkix.AttributeTypeAndValue{atv(oidOU, 28, []byte("\x00\x00\x00U\x00\x00\x00n"))},
		[]pkix.AttributeTypeAndValue{atv(oidOU, 12, []byte("a/b+c=d\\e,f\"g<h>#;"))},
		[]pkix.AttributeTypeAndValue{atv(oidOU, 20, []byte(" lead\x7f\xe9"))},
	), Serial: new(big.Int).Lsh(big.NewInt(3), 70), SigAlg: x509.SHA256WithRSA}, rsaCA)

	var out []sample
	sign := func(name, in string, o signtest.Options) string {
		p := filepath.Join(dir, name+".exe")
		signtest.Sign(t, in, p, o)
		return p
	}
	p := sign("rsa-sha256", unsigned, signtest.Options{ProgramName: "Overt Test", Chain: []*signtest.Cert{rsaLeaf, rsaCA}, TSA: []*signtest.Cert{tsa, rsaCA}, TSATime: 1700000000})
	out = append(out, sample{name: "rsa-sha256", path: p, nsig: 1, checks: map[string]string{
		"is_signed": "1", "signatures[0].verified": "1", "signatures[0].digest_alg": "sha256",
		"signatures[0].signer_info.program_name": "Overt Test", "signatures[0].signer_info.digest_alg": "sha256",
		"signatures[0].signer_info.length_of_chain": "2", "signatures[0].number_of_countersignatures": "1",
		"signatures[0].countersignatures[0].verified": "1", "signatures[0].countersignatures[0].sign_time": "1700000000",
		"signatures[0].countersignatures[0].length_of_chain":  "2",
		"signatures[0].countersignatures[0].chain[0].subject": "/CN=Overt TSA",
		"signatures[0].number_of_certificates":                "5", // osslsigncode puts the TSA certificate in both bags
		"signatures[0].serial":                                "00:80:01:02:ff", "signatures[0].not_before": "1600000000",
		"signatures[0].subject":                             "/C=GB/O=Leaf Org/OU=Dev+OU=Ops/CN=Leaf Signer",
		"signatures[0].signer_info.chain[1].subject":        "/C=US/ST=Washington/O=Overt Test CA/CN=Overt Root",
		"signatures[0].digest == signatures[0].file_digest": "1",
	}})
	p = sign("rsa-sha1", unsigned64, signtest.Options{Hash: "sha1", Chain: []*signtest.Cert{sha1Leaf}})
	out = append(out, sample{name: "rsa-sha1", path: p, nsig: 1, checks: map[string]string{
		"is_signed": "1", "signatures[0].verified": "1", "signatures[0].digest_alg": "sha1",
		"signatures[0].algorithm": "sha384WithRSAEncryption", "signatures[0].serial": "01",
		"signatures[0].signer_info.length_of_chain": "1", "signatures[0].number_of_countersignatures": "0",
	}})
	p = sign("ecdsa", unsigned, signtest.Options{Hash: "sha384", Chain: []*signtest.Cert{ecLeaf, ecCA}})
	out = append(out, sample{name: "ecdsa", path: p, nsig: 1, checks: map[string]string{
		"is_signed": "1", "signatures[0].verified": "1", "signatures[0].digest_alg": "sha384",
		"signatures[0].algorithm": "ecdsa-with-SHA256", "signatures[0].issuer": "/CN=EC Root",
		"signatures[0].signer_info.chain[1].algorithm": "ecdsa-with-SHA384",
	}})
	p = sign("nested", out[0].path, signtest.Options{Nest: true, Hash: "sha1", Chain: []*signtest.Cert{ecLeaf, ecCA}})
	out = append(out, sample{name: "nested", path: p, nsig: 2, checks: map[string]string{
		"is_signed": "1", "signatures[0].verified": "1", "signatures[1].verified": "1",
		"signatures[1].digest_alg": "sha1", "signatures[1].subject": "/O=EC Org/CN=EC Leaf",
		"signatures[0].number_of_countersignatures": "1",
	}})
	p = sign("names", unsigned, signtest.Options{Chain: []*signtest.Cert{odd, rsaCA}})
	out = append(out, sample{name: "names", path: p, nsig: 1, checks: map[string]string{
		"signatures[0].verified": "1",
	}})
	// A signature whose file was changed after signing.
	data, err := os.ReadFile(out[0].path)
	if err != nil {
		t.Fatal(err)
	}
	data[0x200] ^= 0xff
	p = filepath.Join(dir, "tampered.exe")
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out = append(out, sample{name: "tampered", path: p, nsig: 1, checks: map[string]string{
		"is_signed": "0", "signatures[0].verified": "0", "signatures[0].digest == signatures[0].file_digest": "0",
		"signatures[0].countersignatures[0].verified": "1",
	}})
	return out
}

func TestSignaturesDiff(t *testing.T) {
	yaraBin := testenv.Yara(t)
	for _, s := range makeSamples(t, t.TempDir()) {
		t.Run(s.name, func(t *testing.T) {
			data, err := os.ReadFile(s.path)
			if err != nil {
				t.Fatal(err)
			}
			rule := sigDumpRule(s.nsig, nil)
			modtest.CompareCounts(t, modtest.YaraDumpRule(t, yaraBin, rule, s.path), scanlog.Lines(t, scanlog.Compile(t, rule), data))
		})
	}
}

func TestSignaturesFields(t *testing.T) {
	for _, s := range makeSamples(t, t.TempDir()) {
		t.Run(s.name, func(t *testing.T) {
			data, err := os.ReadFile(s.path)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			b.WriteString("import \"pe\"\nimport \"console\"\nrule dump { condition: true")
			fmt.Fprintf(&b, "\n and (console.log(\"n=\", pe.number_of_signatures) or true)")
			for expr := range s.checks {
				if strings.Contains(expr, "==") {
					e := "pe." + strings.ReplaceAll(expr, "== signatures", "== pe.signatures")
					fmt.Fprintf(&b, "\n and ((%s and console.log(%q)) or (not (%s) and console.log(%q)) or true)", e, expr+"=1", e, expr+"=0")
					continue
				}
				fmt.Fprintf(&b, "\n and (console.log(%q, pe.%s) or true)", expr+"=", expr)
			}
			b.WriteString("\n}\n")
			got := map[string]bool{}
			for _, l := range scanlog.Lines(t, scanlog.Compile(t, b.String()), data) {
				got[l] = true
			}
			if want := fmt.Sprintf("n=%d", s.nsig); !got[want] {
				t.Errorf("missing %q", want)
			}
			for expr, v := range s.checks {
				if want := expr + "=" + v; !got[want] {
					t.Errorf("want %q; log has %v", want, got)
				}
			}
		})
	}
}
