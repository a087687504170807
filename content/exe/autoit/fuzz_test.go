package autoit

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
	"github.com/overt-sec/overt/content/internal/ctest"
)

// FuzzExtract runs the handler on arbitrary overlays and images: it must
// not panic, hang or fail.
func FuzzExtract(f *testing.F) {
	for _, s := range []testScript{
		twoFiles("AU3!EA05", ">AUTOIT UNICODE SCRIPT<"),
		twoFiles("AU3!EA06", ">>>AUTOIT SCRIPT<<<"),
		{sub: "AU3!EA05", files: []testFile{{name: "a", data: []byte("stored")}}},
	} {
		f.Add(inOverlay(s.bytes()))
		f.Add(inResource(s.bytes()))
	}
	f.Add(inOverlay(withStored("AU3!EA05", "EA05\x00\x00\x00\x10\x80\x08")))
	ctest.AddClamAV(f, "clam.ea05.exe")
	ctest.AddClamAV(f, "clam.ea06.exe")
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, err := exe.Parse(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return
		}
		b := content.NewBudget(content.Limits{}, int64(len(data)))
		c := ctest.Collector{}
		if _, err := Extract(context.Background(), fl, b, c.Yield(b)); err != nil && b.Err() == nil {
			t.Fatal(err)
		}
	})
}

// FuzzLZ decompresses arbitrary streams, reading at most 1 MiB.
func FuzzLZ(f *testing.F) {
	f.Add(lzEncode("EA05", []byte("abcabcabcabc")))
	f.Add(lzEncode("EA06", bytes.Repeat([]byte("xy"), 500)))
	f.Add([]byte("EA06\xff\xff\xff\xff\x80"))
	f.Fuzz(func(t *testing.T, data []byte) {
		z, _, err := newLZ(bytes.NewReader(data))
		if err != nil {
			return
		}
		io.Copy(io.Discard, io.LimitReader(z, 1<<20))
	})
}
