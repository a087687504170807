package tnef

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/xtest"
)

func attr(level byte, id uint32, v []byte) []byte {
	b := []byte{level}
	b = binary.LittleEndian.AppendUint32(b, id)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
	b = append(b, v...)
	return append(b, 0, 0)
}

func winmail() []byte {
	d := binary.LittleEndian.AppendUint32(nil, signature)
	d = append(d, 1, 0)
	d = append(d, attr(1, attBody, []byte("body text"))...)
	d = append(d, attr(2, attAttachRendData, make([]byte, 14))...)
	d = append(d, attr(2, attAttachTitle, []byte("INVOICE.DOC\x00"))...)
	d = append(d, attr(2, attAttachData, []byte("OVERTMARKER doc"))...)
	d = append(d, attr(2, attAttachRendData, make([]byte, 14))...)
	d = append(d, attr(2, attAttachData, []byte("untitled"))...)
	return d
}

func TestExtract(t *testing.T) {
	res := xtest.Run(Extractor{}, winmail(), content.Limits{})
	if !slices.Equal(res.Names, []string{"#body", "INVOICE.DOC", "attachment2"}) {
		t.Fatalf("names %q events %v", res.Names, res.Events)
	}
	if got := res.Find("OVERTMARKER"); !slices.Equal(got, []string{"INVOICE.DOC"}) {
		t.Errorf("marker in %q", got)
	}
	w := winmail()
	res = xtest.Run(Extractor{}, w[:len(w)-5], content.Limits{})
	if !res.HasEvent(content.EventCorrupt, "overruns") {
		t.Errorf("truncated: events %v", res.Events)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(winmail())
	f.Fuzz(func(t *testing.T, data []byte) {
		b := content.NewBudget(xtest.FuzzLimits, int64(len(data)))
		_ = Extractor{}.Extract(t.Context(), bytes.NewReader(data), int64(len(data)), b, xtest.Drain(b))
	})
}
