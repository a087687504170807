package yara

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// savedBytes compiles the sources and returns the saved rules file.
func savedBytes(t testing.TB, ext map[string]any, srcs ...src) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := compile(t, ext, srcs...).Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSaveLoadRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "inc.yar"), []byte(`rule inc { strings: $a = "zz" condition: $a }`), 0o644); err != nil {
		t.Fatal(err)
	}
	ext := map[string]any{"i": int64(-7), "f": 2.5, "b": true, "s": "name"}
	srcs := []src{
		{"n1", `include "` + filepath.Join(dir, "inc.yar") + `" rule a : tag { meta: m = 1 strings: $a = "abc" condition: $a and i == -7 and f == 2.5 and b and s == "name" }`},
		{"n2", `rule a { condition: true }`},
		{"n1", `rule c { condition: a and inc }`},
	}
	file := savedBytes(t, ext, srcs...)
	// The included file is in the rules file: loading does not read it.
	if err := os.Remove(filepath.Join(dir, "inc.yar")); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadRules(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	res, err := loaded.NewScanner(ScanOptions{}).ScanBytes(context.Background(), []byte("abc zz"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"n1:inc", "n1:a", "n2:a", "n1:c"}
	if got := names(res.Matching); !reflect.DeepEqual(got, want) {
		t.Errorf("matching = %v, want %v", got, want)
	}
	var again bytes.Buffer
	if err := loaded.Save(&again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Bytes(), file) {
		t.Error("saving loaded rules gives a different file")
	}
}

func TestLoadRulesErrors(t *testing.T) {
	good := savedBytes(t, nil, src{"", `rule a { condition: true }`})
	corrupt := bytes.Clone(good)
	corrupt[headerLen+2] ^= 1
	version := bytes.Clone(good)
	binary.LittleEndian.PutUint32(version[8:], 99)
	huge := bytes.Clone(good)
	binary.LittleEndian.PutUint64(huge[12:], 1<<62)
	// A payload with a valid checksum but garbage inside.
	garbage := bytes.Clone(good[:headerLen])
	payload := []byte{0xff, 0xff, 0xff, 0xff, 0x0f}
	binary.LittleEndian.PutUint64(garbage[12:], uint64(len(payload)))
	sum := sha256.Sum256(payload)
	garbage = append(append(garbage, payload...), sum[:]...)
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "reading the header"},
		{"yarc", append([]byte("YARA"), make([]byte, 40)...), "yara compiled rules file"},
		{"foreign", []byte("hello, this is not a rules file at all"), "not an overt rules file"},
		{"version", version, "version 99"},
		{"truncated", good[:len(good)-5], "truncated"},
		{"corrupt", corrupt, "checksum mismatch"},
		{"huge length", huge, "limit"},
		{"garbage payload", garbage, "corrupt payload"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadRules(bytes.NewReader(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to mention %q", err, tc.want)
			}
		})
	}
}

// FuzzLoadRules feeds arbitrary files to LoadRules: it must fail cleanly,
// never panic or allocate beyond the input.
func FuzzLoadRules(f *testing.F) {
	f.Add(savedBytes(f, nil, src{"", `rule a { condition: true }`}))
	f.Add(savedBytes(f, map[string]any{"x": 1, "y": "s", "z": 1.5, "w": false}, src{"n", `rule a { strings: $a = "x" condition: $a }`}))
	f.Add([]byte("YARA\x00\x00\x00\x00"))
	f.Add([]byte(rulesMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := LoadRules(bytes.NewReader(data))
		if err == nil && r == nil {
			t.Fatal("nil rules without an error")
		}
	})
}

// FuzzDecodeSaved fuzzes the payload decoder directly (LoadRules's checksum
// keeps random payloads from reaching it).
func FuzzDecodeSaved(f *testing.F) {
	good := savedBytes(f, map[string]any{"x": 1, "s": "v"}, src{"", `rule a { condition: true }`})
	f.Add(good[headerLen : len(good)-sha256.Size])
	f.Add([]byte{})
	f.Add([]byte{1, 1, 'a', 9})
	f.Add(savedBytes(f, nil, src{"", `import "pe" rule a { strings: $a = { 4D 5A ?? [2-4] 00 } $b = /ab+c/ wide condition: uint16(0) == 0x5A4D and $a and #b > 1 }`})[headerLen:])
	f.Fuzz(func(t *testing.T, p []byte) {
		r, err := decodeRules(p)
		if err != nil {
			return
		}
		if r == nil {
			t.Fatal("nil without an error")
		}
		// Whatever decodes must scan without panicking.
		if _, err := r.NewScanner(ScanOptions{}).ScanBytes(context.Background(), []byte("MZ\x90\x00\x03\x00\x00\x00abbc a\x00b\x00b\x00c\x00")); err != nil {
			t.Logf("scan: %v", err)
		}
	})
}
