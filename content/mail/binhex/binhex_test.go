package binhex

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/xtest"
)

const marker = "OVERT" + "MARKER"

// encode builds a .hqx file (with run-length coding of 0x90 and of runs).
func encode(name string, data, rsrc []byte) []byte {
	var raw []byte
	raw = append(raw, byte(len(name)))
	raw = append(raw, name...)
	raw = append(raw, 0)
	raw = append(raw, "TEXTttxt"...)
	raw = append(raw, 0, 0)
	raw = binary.BigEndian.AppendUint32(raw, uint32(len(data)))
	raw = binary.BigEndian.AppendUint32(raw, uint32(len(rsrc)))
	raw = append(raw, 0, 0)
	raw = append(append(raw, data...), 0, 0)
	raw = append(append(raw, rsrc...), 0, 0)
	var rle []byte
	for i := 0; i < len(raw); {
		c := raw[i]
		j := i + 1
		for j < len(raw) && raw[j] == c && j-i < 200 {
			j++
		}
		if c == 0x90 {
			rle = append(rle, 0x90, 0)
			i++
			continue
		}
		rle = append(rle, c)
		if j-i > 3 {
			rle = append(rle, 0x90, byte(j-i))
			i = j
		} else {
			i++
		}
	}
	var out bytes.Buffer
	out.WriteString("(This file must be converted with BinHex 4.0)\r\n:")
	for len(rle)%3 != 0 {
		rle = append(rle, 0)
	}
	col := 1
	for i := 0; i < len(rle); i += 3 {
		v := uint32(rle[i])<<16 | uint32(rle[i+1])<<8 | uint32(rle[i+2])
		for k := 3; k >= 0; k-- {
			out.WriteByte(alphabet[(v>>(6*k))&63])
			if col++; col == 64 {
				out.WriteString("\r\n")
				col = 0
			}
		}
	}
	out.WriteString(":\r\n")
	return out.Bytes()
}

func TestExtract(t *testing.T) {
	data := append([]byte(marker+"\x90\x90"), bytes.Repeat([]byte{'z'}, 50)...)
	res := xtest.Run(Extractor{}, encode("Read Me", data, []byte("RSRC")), content.Limits{})
	if res.Err != nil || len(res.Events) != 0 {
		t.Fatalf("err %v events %v", res.Err, res.Events)
	}
	if !slices.Equal(res.Names, []string{"Read Me", "Read Me.rsrc"}) || !bytes.Equal(res.Objects["Read Me"], data) {
		t.Errorf("names %q data %q", res.Names, res.Objects["Read Me"])
	}
	bad := encode("x", []byte("abc"), nil)
	res = xtest.Run(Extractor{}, bad[:len(bad)/2+30], content.Limits{})
	if !res.HasEvent(content.EventCorrupt, "") {
		t.Errorf("truncated: events %v", res.Events)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(encode("a", []byte("hello\x90"), []byte("r")))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := content.NewBudget(xtest.FuzzLimits, int64(len(data)))
		_ = Extractor{}.Extract(t.Context(), bytes.NewReader(data), int64(len(data)), b, xtest.Drain(b))
	})
}
