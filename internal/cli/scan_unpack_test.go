package cli

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/scan"
)

// unpackFixture writes u.yar and, in a new current directory, a.tar.gz: a
// tar holding x.zip (whose deflated entry doc.txt says "hello") and
// w.txt ("world"); enc.zip, with an encrypted entry; zeros.gz, 8 MiB of
// zeros compressed.
func unpackFixture(t *testing.T) {
	t.Helper()
	t.Chdir(t.TempDir())
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "doc.txt", Method: zip.Deflate})
	w.Write([]byte("well, hello there"))
	zw.Close()

	var tbuf bytes.Buffer
	tw := tar.NewWriter(&tbuf)
	for _, f := range []struct {
		name string
		data []byte
	}{{"x.zip", zbuf.Bytes()}, {"w.txt", []byte("world")}} {
		tw.WriteHeader(&tar.Header{Name: f.name, Mode: 0o644, Size: int64(len(f.data)), Typeflag: tar.TypeReg})
		tw.Write(f.data)
	}
	tw.Close()

	var ebuf bytes.Buffer
	zw = zip.NewWriter(&ebuf)
	w, _ = zw.CreateRaw(&zip.FileHeader{Name: "secret", Method: zip.Store, Flags: 1, CompressedSize64: 4, UncompressedSize64: 4})
	w.Write([]byte("\x01\x02\x03\x04"))
	zw.Close()

	files := map[string][]byte{
		"u.yar": []byte(`rule hello { strings: $a = "hello" condition: $a }
rule world { strings: $w = "world" condition: $w }
`),
		"a.tar.gz": gz(tbuf.Bytes()),
		"enc.zip":  ebuf.Bytes(),
		"zeros.gz": gz(make([]byte, 8<<20)),
	}
	for name, data := range files {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func gz(data []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(data)
	w.Close()
	return buf.Bytes()
}

// TestScanUnpack runs overt scan --unpack with the real engine.
func TestScanUnpack(t *testing.T) {
	unpackFixture(t)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string // exact
	}{
		{"without --unpack nothing is opened", []string{"u.yar", "a.tar.gz"}, exitOK, "", ""},
		{"text paths", []string{"--unpack", "u.yar", "a.tar.gz"}, exitOK,
			"world a.tar.gz\nhello a.tar.gz!x.zip!doc.txt\nworld a.tar.gz!w.txt\n", ""},
		{"-s", []string{"--unpack", "-s", "-i", "hello", "u.yar", "a.tar.gz"}, exitOK,
			"hello a.tar.gz!x.zip!doc.txt\n0x6:$a: hello\n", ""},
		{"-c", []string{"--unpack", "-c", "u.yar", "a.tar.gz"}, exitOK,
			"1\na.tar.gz!x.zip: 0\na.tar.gz!x.zip!doc.txt: 1\na.tar.gz!w.txt: 1\n", ""},
		{"-n", []string{"--unpack", "-n", "u.yar", "a.tar.gz"}, exitOK,
			"hello a.tar.gz\nhello a.tar.gz!x.zip\nworld a.tar.gz!x.zip\nworld a.tar.gz!x.zip!doc.txt\nhello a.tar.gz!w.txt\n", ""},
		{"events on stderr", []string{"--unpack", "u.yar", "enc.zip"}, exitOK,
			"", "warning: enc.zip!secret: encrypted: zip entry is encrypted\n"},
		{"-w drops events", []string{"--unpack", "-w", "u.yar", "enc.zip"}, exitOK, "", ""},
		{"--unpack-depth", []string{"--unpack", "--unpack-depth=1", "u.yar", "a.tar.gz"}, exitOK,
			"world a.tar.gz\nworld a.tar.gz!w.txt\n",
			"warning: a.tar.gz!x.zip: limit: nesting depth limit (1) reached: zip not opened\n"},
		{"--unpack-entries", []string{"--unpack", "--unpack-entries", "2", "u.yar", "a.tar.gz"}, exitOK,
			"world a.tar.gz\n", "warning: a.tar.gz!x.zip: limit: entry count limit (2) reached\n"},
		{"--unpack-max-bytes", []string{"--unpack", "--unpack-max-bytes", "1000000", "u.yar", "zeros.gz"}, exitOK,
			"", "warning: zeros.gz: limit: expanded size limit (1000000 bytes) reached\n"},
		{"--unpack-ratio", []string{"--unpack", "--unpack-ratio", "1", "u.yar", "zeros.gz"}, exitOK,
			"", "warning: zeros.gz: limit: expansion ratio limit (1×) reached\n"},
		{"negative limit", []string{"--unpack", "--unpack-depth=-1", "u.yar", "a.tar.gz"}, exitError, "",
			"overt scan: --unpack-depth, --unpack-entries, --unpack-max-bytes, --unpack-ratio and --unpack-timeout take a value that is not negative (0: the default)\n" +
				"Usage: overt scan [OPTION]... [NAMESPACE:]RULES_FILE... FILE | DIR | PID\n\nTry `overt scan --help` for more options\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := run(t, append([]string{"scan", "-p", "1"}, tt.args...)...)
			if code != tt.code || out != tt.stdout || errOut != tt.stderr {
				t.Errorf("exit %d, stdout %q, stderr %q;\nwant exit %d, stdout %q, stderr %q",
					code, out, errOut, tt.code, tt.stdout, tt.stderr)
			}
		})
	}
}

// TestScanUnpackNDJSON checks path arrays and event records, which go to
// stdout in NDJSON even with -w.
func TestScanUnpackNDJSON(t *testing.T) {
	unpackFixture(t)
	type rec struct {
		Target []string `json:"target"`
		Rule   string   `json:"rule"`
		Event  string   `json:"event"`
		Count  *int     `json:"count"`
	}
	parse := func(t *testing.T, out string) []rec {
		var rs []rec
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var r rec
			if err := json.Unmarshal([]byte(l), &r); err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			rs = append(rs, r)
		}
		return rs
	}
	code, out, errOut := run(t, "scan", "--format=ndjson", "--unpack", "u.yar", "a.tar.gz")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	rs := parse(t, out)
	if len(rs) != 3 || strings.Join(rs[1].Target, "!") != "a.tar.gz!x.zip!doc.txt" || rs[1].Rule != "hello" {
		t.Errorf("records %+v", rs)
	}
	for _, w := range []string{"", "-w"} {
		args := []string{"scan", "--format=ndjson", "--unpack", "u.yar", "enc.zip"}
		if w != "" {
			args = append(args[:1], append([]string{w}, args[1:]...)...)
		}
		code, out, errOut = run(t, args...)
		rs = parse(t, out)
		if code != exitOK || errOut != "" || len(rs) != 1 || rs[0].Event != "encrypted" || strings.Join(rs[0].Target, "!") != "enc.zip!secret" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

// TestScanUnpackFlags checks that the limit flags reach the walker.
func TestScanUnpackFlags(t *testing.T) {
	old := newScanEngine
	defer func() { newScanEngine = old }()
	var got *scanFlags
	newScanEngine = func(e *env, f *scanFlags, files []ruleFile) (scan.Engine, func(io.Writer), bool) {
		got = f
		return nullEngine{}, nil, true
	}
	target := t.TempDir()
	code, _, errOut := run(t, "scan", "--unpack", "--unpack-depth=3", "--unpack-max-bytes=1000", "--unpack-ratio=7",
		"--unpack-entries=9", "--unpack-timeout=2s", "r.yar", target)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	c := scanConfig(got)
	want := content.Limits{MaxDepth: 3, MaxExpanded: 1000, MaxRatio: 7, MaxEntries: 9, Timeout: 2 * time.Second}
	if c.Unpack == nil || c.Unpack.Limits != want || c.Unpack.Sniff == nil {
		t.Errorf("walker %+v, want limits %+v", c.Unpack, want)
	}
	code, _, _ = run(t, "scan", "r.yar", target)
	if code != exitOK || scanConfig(got).Unpack != nil {
		t.Error("no --unpack: walker set")
	}
}
