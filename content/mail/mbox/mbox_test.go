package mbox

import (
	"bytes"
	"slices"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/doc/xtest"
)

const box = "From a@x Mon Jan  1 00:00:00 2024\nFrom: a@x\nSubject: one\n\nfirst OVERTMARKER\nFrom is not a separator here\n\n" +
	"From b@x Mon Jan  1 00:00:00 2024\nFrom: b@x\nSubject: two\n\nsecond\n"

func TestExtract(t *testing.T) {
	res := xtest.Run(Extractor{}, []byte(box), content.Limits{})
	if !slices.Equal(res.Names, []string{"message1.eml", "message2.eml"}) {
		t.Fatalf("names %q", res.Names)
	}
	if got := res.Find("OVERTMARKER"); !slices.Equal(got, []string{"message1.eml"}) {
		t.Errorf("marker in %q", got)
	}
	if !bytes.HasPrefix(res.Objects["message2.eml"], []byte("From: b@x\n")) || !bytes.HasSuffix(res.Objects["message2.eml"], []byte("second\n")) {
		t.Errorf("message 2 = %q", res.Objects["message2.eml"])
	}
	if Sniff([]byte(box), "") == nil || Sniff([]byte("From here we go\nno header"), "") != nil {
		t.Error("sniff wrong")
	}
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte(box))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := content.NewBudget(xtest.FuzzLimits, int64(len(data)))
		_ = Extractor{}.Extract(t.Context(), bytes.NewReader(data), int64(len(data)), b, xtest.Drain(b))
	})
}
