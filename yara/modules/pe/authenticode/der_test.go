package authenticode

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"testing"
)

func TestReadElement(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      []byte
		tag     int
		body    string
		wantErr bool
	}{
		{"short", []byte{0x04, 0x02, 'h', 'i', 'x'}, tagOctetString, "hi", false},
		{"long-form", []byte{0x04, 0x81, 0x01, 'a'}, tagOctetString, "a", false},
		{"non-minimal", []byte{0x04, 0x82, 0x00, 0x01, 'a'}, tagOctetString, "a", false},
		{"high-tag", []byte{0x9f, 0x81, 0x00, 0x00}, 128, "", false},
		{"empty", nil, 0, "", true},
		{"truncated-body", []byte{0x04, 0x05, 'a'}, 0, "", true},
		{"indefinite", []byte{0x30, 0x80, 0, 0}, 0, "", true},
		{"huge-length", []byte{0x04, 0x84, 0xff, 0xff, 0xff, 0xff}, 0, "", true},
		{"length-of-length", []byte{0x04, 0x85, 0, 0, 0, 0, 1, 'a'}, 0, "", true},
		{"endless-tag", []byte{0x1f, 0x81, 0x81, 0x81, 0x81, 0x81, 0x01}, 0, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _, err := readElement(tc.in)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && (e.tag != tc.tag || string(e.body) != tc.body) {
				t.Errorf("tag %d body %q, want %d %q", e.tag, e.body, tc.tag, tc.body)
			}
		})
	}
}

func TestOIDString(t *testing.T) {
	for _, tc := range []struct {
		name string
		oid  asn1.ObjectIdentifier
	}{
		{"rsa", asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}},
		{"joint", asn1.ObjectIdentifier{2, 999, 3}},
		{"itu", asn1.ObjectIdentifier{0, 9, 2342, 19200300, 100, 1, 25}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			der, err := asn1.Marshal(tc.oid)
			if err != nil {
				t.Fatal(err)
			}
			e, err := parseOne(der)
			if err != nil {
				t.Fatal(err)
			}
			got, err := e.oid()
			if err != nil || got != tc.oid.String() {
				t.Errorf("got %q, %v; want %q", got, err, tc.oid.String())
			}
		})
	}
	for _, bad := range [][]byte{nil, {0x81}, make([]byte, maxOIDBytes+1), {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}} {
		if s, err := oidString(bad); err == nil {
			t.Errorf("oidString(%x) = %q, want error", bad, s)
		}
	}
}

func TestFormatSerial(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"\x01", "01"},
		{"\x00\x80\x01", "00:80:01"},
		{"\xff", "ff"},
		{"", ""},
	} {
		t.Run(tc.want, func(t *testing.T) {
			if got := formatSerial([]byte(tc.in)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestFormatName(t *testing.T) {
	name := func(rdns ...pkix.RelativeDistinguishedNameSET) []byte {
		b, err := asn1.Marshal(pkix.RDNSequence(rdns))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	v := func(oid asn1.ObjectIdentifier, tag int, s string) pkix.AttributeTypeAndValue {
		return pkix.AttributeTypeAndValue{Type: oid, Value: asn1.RawValue{Tag: tag, Bytes: []byte(s)}}
	}
	cn, o := asn1.ObjectIdentifier{2, 5, 4, 3}, asn1.ObjectIdentifier{2, 5, 4, 10}
	for _, tc := range []struct {
		name string
		der  []byte
		want string
	}{
		{"empty", name(), ""},
		{"simple", name([]pkix.AttributeTypeAndValue{v(o, 19, "Org")}, []pkix.AttributeTypeAndValue{v(cn, 12, "Name")}), "/O=Org/CN=Name"},
		{"multi", name([]pkix.AttributeTypeAndValue{v(cn, 12, "a"), v(o, 12, "b")}), "/CN=a+O=b"},
		{"escapes", name([]pkix.AttributeTypeAndValue{v(cn, 12, "a/b+c\\d\x00\xff~")}), "/CN=a\\/b\\+c\\d\\x00\\xFF~"},
		{"unknown", name([]pkix.AttributeTypeAndValue{v(asn1.ObjectIdentifier{1, 2, 3}, 12, "x")}), "/1.2.3=x"},
		{"bmp", name([]pkix.AttributeTypeAndValue{v(cn, 30, "\x00A")}), "/CN=\\x00A"},
		{"not-a-name", []byte{0x04, 0x00}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := parseOne(tc.der)
			if err != nil {
				t.Fatal(err)
			}
			if got := formatName(e); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		name string
		tag  int
		in   string
		want int64
		ok   bool
	}{
		{"utc", tagUTCTime, "200102030405Z", 1577934245, true},
		{"utc-1950", tagUTCTime, "500101000000Z", -631152000, true},
		{"utc-2049", tagUTCTime, "491231235959Z", 2524607999, true},
		{"utc-no-seconds", tagUTCTime, "2001020304Z", 1577934240, true},
		{"generalized", tagGeneralizedTime, "20500101000000Z", 2524608000, true},
		{"generalized-fraction", tagGeneralizedTime, "20200102030405.5Z", 1577934245, true},
		{"offset", tagUTCTime, "200102030405+0100", 1577930645, true},
		{"garbage", tagUTCTime, "nope", 0, false},
		{"wrong-tag", tagOctetString, "200102030405Z", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseTime(element{tag: tc.tag, body: []byte(tc.in)})
			if ok != tc.ok || got != tc.want {
				t.Errorf("got %d, %v; want %d, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestParseCertificateErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"not-sequence", []byte{0x04, 0x00}},
		{"short", []byte{0x30, 0x03, 0x02, 0x01, 0x01}},
		{"tbs-too-short", []byte{0x30, 0x0a, 0x30, 0x03, 0x02, 0x01, 0x01, 0x30, 0x00, 0x03, 0x01, 0x00}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ParseCertificate(tc.in); err == nil {
				t.Error("no error")
			}
		})
	}
}
