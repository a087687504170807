package autoit

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe/internal/petest"
	"github.com/overt-sec/overt/content/internal/ctest"
)

var (
	markerText = []byte("OVERT-AUTOIT-MARKER " + strings.Repeat("abcabcabc-", 40) + strings.Repeat("z", 700))
	scriptText = []byte("; script\r\nFileInstall(\"marker.txt\", @TempDir)\r\n")
	testKey    = [keyLen]byte{0x37, 0xb8, 0x41, 0xe4, 0x1c, 0x7b, 0x97, 0x76, 0x42, 0x2d, 0x26, 0x59, 0xb4, 0xfd, 0x46, 0x4a}
)

// twoFiles is a script record and a compressed file record.
func twoFiles(sub, scriptName string) testScript {
	return testScript{sub: sub, key: testKey, files: []testFile{
		{name: scriptName, path: `C:\tmp\aut1.tmp`, data: scriptText, compress: true},
		{name: `C:\dir\..\marker.txt`, path: `C:\src\marker.txt`, data: markerText, compress: true},
	}}
}

func TestExtract(t *testing.T) {
	for _, tc := range []struct {
		name  string
		image []byte
		want  []string
		objs  map[string][]byte
	}{
		{"ea05-overlay", inOverlay(twoFiles("AU3!EA05", ">AUTOIT UNICODE SCRIPT<").bytes()),
			[]string{"#script", "dir/marker.txt"}, map[string][]byte{"#script": scriptText, "dir/marker.txt": markerText}},
		{"ea06-overlay", inOverlay(twoFiles("AU3!EA06", ">>>AUTOIT SCRIPT<<<").bytes()),
			[]string{"#script", "dir/marker.txt"}, map[string][]byte{"#script": scriptText, "dir/marker.txt": markerText}},
		{"ea06-resource", inResource(twoFiles("AU3!EA06", ">>>AUTOIT SCRIPT<<<").bytes()),
			[]string{"#script", "dir/marker.txt"}, map[string][]byte{"#script": scriptText, "dir/marker.txt": markerText}},
		{"stored", inOverlay(testScript{sub: "AU3!EA05", files: []testFile{
			{name: ">AUTOIT SCRIPT<", data: scriptText},
			{name: ">>>AUTOIT NO CMDEXECUTE<<<"},
			{name: "ünïcode.bin", path: "x", data: markerText},
		}}.bytes()),
			[]string{"#script", "#autoit-no-cmdexecute", "ünïcode.bin"}, map[string][]byte{"#script": scriptText, "ünïcode.bin": markerText}},
		{"wide-name", inOverlay(testScript{sub: "AU3!EA06", files: []testFile{
			{name: `D:\données\日本.txt`, data: markerText, compress: true},
		}}.bytes()),
			[]string{"données/日本.txt"}, map[string][]byte{"données/日本.txt": markerText}},
		{"empty", inOverlay(testScript{sub: "AU3!EA06"}.bytes()), nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			objs := petest.RunClean(t, Extract, tc.image, tc.want)
			for n, want := range tc.objs {
				if !bytes.Equal(objs[n], want) {
					t.Errorf("%s: got %q, want %q", n, objs[n], want)
				}
			}
		})
	}
}

func TestNotAutoIt(t *testing.T) {
	for _, tc := range []struct {
		name  string
		image []byte
	}{
		{"no-overlay", inOverlay(nil)},
		{"other-overlay", inOverlay([]byte(strings.Repeat("PK\x03\x04", 100)))},
		{"marker-without-au3", inOverlay(append(bytes.Clone(marker), "XXX!EA06"...))},
		{"marker-too-far", inOverlay(append(make([]byte, MaxProbe), twoFiles("AU3!EA06", ">>>AUTOIT SCRIPT<<<").bytes()...))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			handled, names, _, events := petest.Run(t, Extract, tc.image)
			if handled || len(names) > 0 || len(events) > 0 {
				t.Errorf("handled %v, names %q, events %v", handled, names, events)
			}
		})
	}
}

// TestDamaged checks damaged scripts give an event of the right kind,
// yield what they can, and never panic.
func TestDamaged(t *testing.T) {
	good := twoFiles("AU3!EA06", ">>>AUTOIT SCRIPT<<<").bytes()
	for _, tc := range []struct {
		name  string
		image []byte
		kind  content.EventKind
		want  []string // yielded names
	}{
		{"truncated-data", inOverlay(good[:len(good)-100]), content.EventCorrupt, []string{"#script"}},
		{"truncated-header", inOverlay(good[:20]), content.EventCorrupt, nil},
		{"truncated-name", inOverlay(good[:headerLen+10]), content.EventCorrupt, nil},
		{"no-end-mark", inOverlay(testScript{sub: "AU3!EA05", files: []testFile{{name: "a", data: []byte("x")}}, noEnd: true}.bytes()), content.EventCorrupt, []string{"a"}},
		{"bad-tag", inOverlay(append(testScript{sub: "AU3!EA05"}.bytes()[:headerLen], "JUNKJUNK"...)), content.EventCorrupt, nil},
		{"bad-checksum", inOverlay(testScript{sub: "AU3!EA05", files: []testFile{{name: "a", data: []byte("x"), badSum: true}}}.bytes()), content.EventCorrupt, []string{"a"}},
		{"unknown-subtype", inOverlay(append(append(bytes.Clone(marker), "AU3!EA07"...), make([]byte, 64)...)), content.EventUnsupported, nil},
		{"unknown-lz", inOverlay(testScript{sub: "AU3!EA06", files: []testFile{{name: "a", data: []byte("abc"), compress: true, lzMagic: "JB01"}}}.bytes()), content.EventUnsupported, nil},
		{"lz-bad-distance", inOverlay(withStored("AU3!EA05", "EA05\x00\x00\x00\x10\x80\x08")), content.EventCorrupt, []string{"a"}},
		{"lz-short", inOverlay(withStored("AU3!EA06", "EA06\x00\x00\x10\x00\xff")), content.EventCorrupt, []string{"a"}},
		{"name-too-long", inOverlay(append(testScript{sub: "AU3!EA05"}.bytes()[:headerLen], longName()...)), content.EventCorrupt, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			handled, names, _, events := petest.Run(t, Extract, tc.image)
			if !handled {
				t.Fatal("not handled")
			}
			if !ctest.HasKind(events, tc.kind) {
				t.Errorf("events %v, want one of kind %v", events, tc.kind)
			}
			if !slices.Equal(names, tc.want) {
				t.Errorf("names %q, want %q", names, tc.want)
			}
		})
	}
}

// withStored is a script of one compressed record "a" whose stored bytes
// are given (an LZ stream, possibly broken).
func withStored(sub, lz string) []byte {
	v := versions[sub]
	s := testScript{sub: sub, files: []testFile{{name: "a", data: []byte(lz)}}}.bytes()
	// The flag byte follows tag, name and path: flip it to compressed.
	off := headerLen + 4 + 4 + 1 + 4
	if v.wide {
		off++
	}
	s[off] = 1
	return s
}

// longName is a record whose name length exceeds MaxName.
func longName() []byte {
	v := versions["AU3!EA05"]
	var b bytes.Buffer
	b.Write(enc([]byte("FILE"), v.ks(v.tagKey)))
	putU32(&b, (MaxName+1)^v.nameLenXor)
	b.Write(make([]byte, 100))
	return b.Bytes()
}

// TestWalk checks the handler runs from the registry through the walker.
func TestWalk(t *testing.T) {
	img := inOverlay(twoFiles("AU3!EA05", ">AUTOIT UNICODE SCRIPT<").bytes())
	objs, events := ctest.WalkSniff(t, content.Sniff, "setup.exe", img)
	if got := objs["setup.exe!dir/marker.txt"]; !bytes.Equal(got, markerText) {
		t.Errorf("setup.exe!dir/marker.txt = %q; paths %q; events %s", got, ctest.Keys(objs), ctest.EventString(events))
	}
}
