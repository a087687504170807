package scan

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	_ "github.com/overt-sec/overt/content/gz"  // registers gzip
	_ "github.com/overt-sec/overt/content/tar" // registers tar
	_ "github.com/overt-sec/overt/content/zip" // registers zip
)

var unpackRules = []fakeRule{
	{name: "hello", cond: "any", strs: []fakeString{{id: "$a", data: []byte("hello")}}},
	{name: "world", cond: "any", strs: []fakeString{{id: "$w", data: []byte("world")}}},
	{name: "never", cond: "any", strs: []fakeString{{id: "$n", data: []byte("zzqqzzqq")}}},
}

type entry struct {
	name    string
	data    []byte
	encrypt bool // zip only: set the encrypted flag on a stored entry
}

func unpackZip(t *testing.T, es ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range es {
		var w interface{ Write([]byte) (int, error) }
		var err error
		if e.encrypt {
			w, err = zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Store, Flags: 1,
				CompressedSize64: uint64(len(e.data)), UncompressedSize64: uint64(len(e.data))})
		} else {
			w, err = zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate})
		}
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func unpackTar(t *testing.T, es ...entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range es {
		tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.data)), Typeflag: tar.TypeReg})
		tw.Write(e.data)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func unpackGzip(data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

// unpackFixture writes, in a new current directory, a.tar.gz (a tar of
// x.zip, holding f = "hello", and w.txt = "world"), plain.gz (a gzip of
// "hello"), enc.zip (an encrypted entry "s" next to a plain "p") and
// zeros.gz (4 MiB of zeros).
func unpackFixture(t *testing.T) {
	t.Chdir(t.TempDir())
	files := map[string][]byte{
		"a.tar.gz": unpackGzip(unpackTar(t,
			entry{name: "x.zip", data: unpackZip(t, entry{name: "f", data: []byte("hello")})},
			entry{name: "w.txt", data: []byte("world")})),
		"plain.gz": unpackGzip([]byte("say hello to the world")),
		"enc.zip":  unpackZip(t, entry{name: "s", data: []byte("secret stuff"), encrypt: true}, entry{name: "p", data: []byte("world")}),
		"zeros.gz": unpackGzip(make([]byte, 4<<20)),
	}
	for name, data := range files {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func runUnpack(t *testing.T, target string, cfg Config) (Summary, string, string) {
	t.Helper()
	if cfg.Unpack == nil {
		cfg.Unpack = &content.Walker{Sniff: content.Sniff}
	}
	cfg.Workers = 1
	var out, errb bytes.Buffer
	sum := Run(context.Background(), &fakeEngine{rules: unpackRules}, target, cfg, &out, &errb)
	return sum, out.String(), errb.String()
}

func TestUnpackText(t *testing.T) {
	unpackFixture(t)
	tests := []struct {
		name, target string
		cfg          Config
		stdout       string
		stderr       string
		matches      int64
	}{
		{"nested paths", "a.tar.gz", Config{},
			// The tar (a.tar.gz's content, same name) holds "world"; x.zip
			// is deflated, so only its entry f shows "hello".
			"world a.tar.gz\nhello a.tar.gz!x.zip!f\nworld a.tar.gz!w.txt\n", "", 3},
		{"stream content merged with its container", "plain.gz", Config{},
			"hello plain.gz\nworld plain.gz\n", "", 2},
		{"count merges a stream with its content", "plain.gz", Config{Count: true},
			"2\n", "", 2},
		{"count per object", "a.tar.gz", Config{Count: true},
			"1\na.tar.gz!x.zip: 0\na.tar.gz!x.zip!f: 1\na.tar.gz!w.txt: 1\n", "", 3},
		{"negate: rules matched by no object of the name", "a.tar.gz", Config{Filter: Filter{Negate: true}},
			"hello a.tar.gz\nnever a.tar.gz\n" +
				"hello a.tar.gz!x.zip\nworld a.tar.gz!x.zip\nnever a.tar.gz!x.zip\n" +
				"world a.tar.gz!x.zip!f\nnever a.tar.gz!x.zip!f\n" +
				"hello a.tar.gz!w.txt\nnever a.tar.gz!w.txt\n", "", 9},
		{"strings of the object that matched", "plain.gz", Config{Text: TextOptions{Strings: true}},
			"hello plain.gz\n0x4:$a: hello\nworld plain.gz\n0x11:$w: world\n", "", 2},
		{"strings nested", "a.tar.gz", Config{Text: TextOptions{Strings: true}, Filter: Filter{Identifiers: []string{"hello"}}},
			"hello a.tar.gz!x.zip!f\n0x0:$a: hello\n", "", 1},
		{"encrypted entry is a warning on stderr", "enc.zip", Config{},
			"world enc.zip!p\n", "warning: enc.zip!s: encrypted: zip entry is encrypted\n", 1},
		{"-w drops events", "enc.zip", Config{NoWarnings: true},
			"world enc.zip!p\n", "", 1},
		{"depth limit", "a.tar.gz", Config{Unpack: &content.Walker{Sniff: content.Sniff, Limits: content.Limits{MaxDepth: 1}}},
			"world a.tar.gz\nworld a.tar.gz!w.txt\n",
			"warning: a.tar.gz!x.zip: limit: nesting depth limit (1) reached: zip not opened\n", 2},
		{"byte limit", "zeros.gz", Config{Unpack: &content.Walker{Sniff: content.Sniff, Limits: content.Limits{MaxExpanded: 1 << 20}}},
			"", "warning: zeros.gz: limit: expanded size limit (1048576 bytes) reached\n", 0},
		{"entry limit", "a.tar.gz", Config{Unpack: &content.Walker{Sniff: content.Sniff, Limits: content.Limits{MaxEntries: 2}}},
			"world a.tar.gz\n", "warning: a.tar.gz!x.zip: limit: entry count limit (2) reached\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum, out, errOut := runUnpack(t, tt.target, tt.cfg)
			if out != tt.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", out, tt.stdout)
			}
			if errOut != tt.stderr {
				t.Errorf("stderr:\n%s\nwant:\n%s", errOut, tt.stderr)
			}
			if sum.Matches != tt.matches {
				t.Errorf("matches %d, want %d", sum.Matches, tt.matches)
			}
		})
	}
}

func TestUnpackNDJSON(t *testing.T) {
	unpackFixture(t)
	tests := []struct {
		name, target string
		cfg          Config
		want         []string // "target|rule" or "target|event:kind" or "target|count:N", one per line
	}{
		{"rules with path arrays", "a.tar.gz", Config{},
			[]string{`["a.tar.gz"]|world`, `["a.tar.gz","x.zip","f"]|hello`, `["a.tar.gz","w.txt"]|world`}},
		{"events are records", "enc.zip", Config{},
			[]string{`["enc.zip","p"]|world`, `["enc.zip","s"]|event:encrypted`}},
		{"events despite -w", "enc.zip", Config{NoWarnings: true},
			[]string{`["enc.zip","p"]|world`, `["enc.zip","s"]|event:encrypted`}},
		{"counts", "plain.gz", Config{Count: true}, []string{`["plain.gz"]|count:2`}},
		{"limit event", "zeros.gz", Config{Unpack: &content.Walker{Sniff: content.Sniff, Limits: content.Limits{MaxExpanded: 1 << 20}}},
			[]string{`["zeros.gz"]|event:limit`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Format = NDJSON
			_, out, errOut := runUnpack(t, tt.target, tt.cfg)
			if errOut != "" {
				t.Errorf("stderr: %q", errOut)
			}
			var got []string
			for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				if line == "" {
					continue
				}
				var rec struct {
					Target  []string `json:"target"`
					Rule    string   `json:"rule"`
					Event   string   `json:"event"`
					Message string   `json:"message"`
					Count   *int     `json:"count"`
				}
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("bad line %q: %v", line, err)
				}
				tj, _ := json.Marshal(rec.Target)
				switch {
				case rec.Event != "":
					if rec.Message == "" {
						t.Errorf("event without a message: %s", line)
					}
					got = append(got, string(tj)+"|event:"+rec.Event)
				case rec.Count != nil:
					got = append(got, string(tj)+"|count:"+strings.TrimSpace(jsonInt(*rec.Count)))
				default:
					got = append(got, string(tj)+"|"+rec.Rule)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func jsonInt(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestUnpackDirectory checks that nested names follow the directory
// entry's printed path, and that without --unpack nothing is opened.
func TestUnpackDirectory(t *testing.T) {
	unpackFixture(t)
	if err := os.Mkdir("d", 0o755); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile("plain.gz")
	os.WriteFile("d/p.gz", data, 0o644)
	_, out, _ := runUnpack(t, "d", Config{})
	if want := "hello d/p.gz\nworld d/p.gz\n"; out != want {
		t.Errorf("with --unpack: %q, want %q", out, want)
	}
	var outb bytes.Buffer
	Run(context.Background(), &fakeEngine{rules: unpackRules}, "d", Config{Workers: 1}, &outb, &outb)
	out = outb.String()
	if out != "" {
		t.Errorf("without --unpack: %q, want nothing", out)
	}
}

func TestMergeOutcomes(t *testing.T) {
	rr := func(name string, matched bool) RuleResult {
		r := RuleResult{Matched: matched}
		r.Namespace, r.Rule = "default", name
		return r
	}
	a := &Outcome{Rules: []RuleResult{rr("a", true), rr("b", false)}, Console: []string{"x"}}
	b := &Outcome{Rules: []RuleResult{rr("a", false), rr("b", true), rr("c", true)}, Console: []string{"y"}}
	m := mergeOutcomes(a, b)
	var got []string
	for _, r := range m.Rules {
		got = append(got, r.Rule+map[bool]string{true: "+", false: "-"}[r.Matched])
	}
	if strings.Join(got, " ") != "a+ b+ c+" || strings.Join(m.Console, ",") != "x,y" {
		t.Errorf("merged %v console %v", got, m.Console)
	}
	if a.Rules[1].Matched || len(a.Console) != 1 {
		t.Error("merge modified its input")
	}
}
