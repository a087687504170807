package mime

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/xtest"
)

const marker = "OVERT" + "MARKER"

func b64(s string) string {
	e := base64.StdEncoding.EncodeToString([]byte(s))
	var out strings.Builder
	for len(e) > 20 {
		out.WriteString(e[:20] + "\r\n")
		e = e[20:]
	}
	out.WriteString(e + "\r\n")
	return out.String()
}

var mail = strings.ReplaceAll(`Received: from x by y
From: a@example.com
To: b@example.com
Subject: test
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

preamble
--outer
Content-Type: multipart/alternative; boundary=inner

--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hello OVERT=
MARKER=3Dqp
--inner
Content-Type: text/html

<p>html</p>
--inner--
--outer
Content-Type: application/octet-stream; name="ignored.bin"
Content-Disposition: attachment; filename="=?utf-8?B?aW52b2ljZS5leGU=?="
Content-Transfer-Encoding: base64

`+b64("MZ"+marker+"exe")+`--outer
Content-Type: message/rfc822

From: c@example.com
Subject: inner

inner body
--outer--
`, "\n", "\r\n")

func TestExtract(t *testing.T) {
	res := xtest.Run(Extractor{}, []byte(mail), content.Limits{})
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if want := []string{"part1.1", "part1.2", "invoice.exe", "part3.eml"}; !slices.Equal(res.Names, want) {
		t.Fatalf("names %q, want %q", res.Names, want)
	}
	tests := []struct {
		name, marker string
		want         []string
	}{
		{"quoted-printable soft break joined", marker + "=qp", []string{"part1.1"}},
		{"base64 attachment by filename", "MZ" + marker + "exe", []string{"invoice.exe"}},
		{"attached message", "inner body", []string{"part3.eml"}},
		{"near miss", "OVERTMARKERexe!", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := res.Find(tt.marker); !slices.Equal(got, tt.want) {
				t.Errorf("%q found in %q, want %q", tt.marker, got, tt.want)
			}
		})
	}
}

func TestSinglePartAndNesting(t *testing.T) {
	single := "From: a\r\nSubject: b\r\nContent-Transfer-Encoding: base64\r\n\r\n" + b64(marker)
	res := xtest.Run(Extractor{}, []byte(single), content.Limits{})
	if got := res.Find(marker); !slices.Equal(got, []string{"part1"}) {
		t.Errorf("single part: %q", got)
	}
	var deep strings.Builder
	deep.WriteString("From: a\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n")
	for i := range MaxDepth + 5 {
		fmt.Fprintf(&deep, "--b%d\r\nContent-Type: multipart/mixed; boundary=b%d\r\n\r\n", i, i+1)
	}
	res = xtest.Run(Extractor{}, []byte(deep.String()), content.Limits{})
	if res.Err != nil || !res.HasEvent(content.EventLimit, "nesting") {
		t.Errorf("deep nesting: err %v events %v", res.Err, res.Events)
	}
}

func TestBase64Reader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"TVo=", "MZ"},
		{"TV\r\no=\r\n", "MZ"},
		{"TVo", "MZ"},
		{"TVo=TVo=", "MZMZ"},
		{"T!V*o", "MZ"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := io.ReadAll(NewBase64Reader(strings.NewReader(tt.in)))
			if err != nil || string(got) != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		name, head, file string
		want             bool
	}{
		{"mail", mail, "x", true},
		{"one header with .eml", "Subject: x\r\n\r\nbody", "a.eml", true},
		{"one header", "Subject: x\r\n\r\nbody", "a.txt", false},
		{"prose", "Dear sir: hello\nFrom: me\n", "a.txt", false},
		{"binary", "MZ\x90\x00", "a", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sniff([]byte(tt.head), tt.file) != nil; got != tt.want {
				t.Errorf("Sniff = %v, want %v", got, tt.want)
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte(mail))
	f.Add([]byte("From: a\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := content.NewBudget(xtest.FuzzLimits, int64(len(data)))
		_ = Extractor{}.Extract(context.Background(), bytes.NewReader(data), int64(len(data)), b, xtest.Drain(b))
	})
}
