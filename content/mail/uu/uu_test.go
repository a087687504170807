package uu

import (
	"bytes"
	"encoding/base64"
	"slices"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/xtest"
)

const marker = "OVERT" + "MARKER"

// uuencode encodes data as uuencode's lines.
func uuencode(name string, data []byte) string {
	var b strings.Builder
	b.WriteString("begin 644 " + name + "\n")
	enc := func(v byte) byte {
		if v == 0 {
			return '`'
		}
		return v + ' '
	}
	for len(data) > 0 {
		n := min(45, len(data))
		line := data[:n]
		data = data[n:]
		b.WriteByte(enc(byte(n)))
		for i := 0; i < n; i += 3 {
			var c [3]byte
			copy(c[:], line[i:min(i+3, n)])
			b.WriteByte(enc(c[0] >> 2))
			b.WriteByte(enc((c[0]<<4 | c[1]>>4) & 63))
			b.WriteByte(enc((c[1]<<2 | c[2]>>6) & 63))
			b.WriteByte(enc(c[2] & 63))
		}
		b.WriteByte('\n')
	}
	b.WriteString("`\nend\n")
	return b.String()
}

func TestExtract(t *testing.T) {
	payload := []byte(strings.Repeat("x", 100) + marker + "\x00\xff")
	tests := []struct {
		name, in string
		want     []string
	}{
		{"uuencode", "Hi,\nsee attached.\n\n" + uuencode(`C:\dir\a.exe`, payload) + "bye\n", []string{"a.exe"}},
		{"base64 variant", "begin-base64 600 b.bin\n" + base64.StdEncoding.EncodeToString(payload) + "\n====\n", []string{"b.bin"}},
		{"two files", uuencode("1.bin", payload) + uuencode("2.bin", payload), []string{"1.bin", "2.bin"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := xtest.Run(Extractor{}, []byte(tt.in), content.Limits{})
			if got := res.Find(marker); !slices.Equal(got, tt.want) {
				t.Errorf("marker in %q, want %q", got, tt.want)
			}
			for _, n := range tt.want {
				if !bytes.Equal(res.Objects[n], payload) {
					t.Errorf("%s decoded to %q", n, res.Objects[n])
				}
			}
		})
	}
	t.Run("missing end", func(t *testing.T) {
		s := uuencode("c.bin", payload)
		res := xtest.Run(Extractor{}, []byte(s[:len(s)-6]), content.Limits{})
		if !res.HasEvent(content.EventCorrupt, "end") {
			t.Errorf("events %v", res.Events)
		}
	})
	t.Run("sniff", func(t *testing.T) {
		if Sniff([]byte("text\nbegin 644 x\n"), "") == nil || Sniff([]byte("we begin 644 x"), "") != nil {
			t.Error("sniff wrong")
		}
	})
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte(uuencode("a", []byte("hello world"))))
	f.Add([]byte("begin-base64 644 x\nTVo=\n===="))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := content.NewBudget(xtest.FuzzLimits, int64(len(data)))
		_ = Extractor{}.Extract(t.Context(), bytes.NewReader(data), int64(len(data)), b, xtest.Drain(b))
	})
}
