package autoit

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/overt-sec/overt/content/exe/internal/petest"
	"github.com/overt-sec/overt/content/internal/ctest"
)

// TestClamAV opens ClamAV's two AutoIt samples: each carries clam.exe and
// its script, without events.
func TestClamAV(t *testing.T) {
	for _, tc := range []struct {
		file      string
		scriptLen int
		script    string // a piece of the decompressed script, "" for a token stream
	}{
		{"clam.ea05.exe", 22502, utf16le("FileDelete($tmp)")},
		{"clam.ea06.exe", 19921, ""},
	} {
		t.Run(tc.file, func(t *testing.T) {
			clam, data := ctest.ClamAV(t, tc.file)
			objs := petest.RunClean(t, Extract, data, []string{"#script", "clam.exe"})
			if !bytes.Equal(objs["clam.exe"], clam) {
				t.Errorf("clam.exe: got %d bytes, want clam.exe's %d", len(objs["clam.exe"]), len(clam))
			}
			s := objs["#script"]
			if len(s) != tc.scriptLen {
				t.Errorf("#script: %d bytes, want %d", len(s), tc.scriptLen)
			}
			if !bytes.Contains(s, []byte(tc.script)) {
				t.Errorf("#script lacks %q", tc.script)
			}
		})
	}
}

func utf16le(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(u))
		b.WriteByte(byte(u >> 8))
	}
	return b.String()
}
