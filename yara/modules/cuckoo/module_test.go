package cuckoo

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/regex"
)

// call runs function fn of structure sub of the module loaded with report
// data, with a regexp argument (and a port for tcp and udp).
func call(t *testing.T, data, sub, fn, re string, port int64) object.Result {
	t.Helper()
	root, err := Module.Load(&object.LoadInput{Ctx: context.Background(), ModuleData: []byte(data)})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	st := Schema.Field(sub).Type.Struct
	v := root.Field(object.FieldIndex(Schema, sub)).Field(object.FieldIndex(st, fn))
	rx, err := regex.Compile(re, 0)
	if err != nil {
		t.Fatalf("regex %q: %v", re, err)
	}
	return v.Funcs[0](&object.Env{}, root, []object.Arg{{Re: rx}, {Int: port}})
}

const testReport = `{"network": {
  "dns": [{"hostname": "evil.example.com", "ip": "1.2.3.4"}, {"hostname": "noip.example.com"}],
  "http": [{"uri": "http://evil.example.com/a.php", "method": "get", "user-agent": "EvilBot"},
           {"uri": "http://post.example.net/up", "method": "POST"},
           {"uri": "http://nomethod/x"}, {"user-agent": "lonely-agent"}],
  "hosts": ["10.0.0.1", "192.168.1.5"],
  "tcp": [{"dst": "10.0.0.1", "dport": 443}, {"dst": "10.0.0.2", "dport": "80"}, {"dst": "10.0.0.3", "dport": 22.0}],
  "udp": [{"dst": "8.8.8.8", "dport": 53}]},
 "behavior": {"summary": {"keys": ["HKLM\\Software\\Evil"], "files": ["C:\\evil.exe"], "mutexes": ["EvilMutex"]}}}`

// cases are checked against the module and, when yara is on PATH, against
// yara 4.2.3 (TestVsYara).
var cases = []struct {
	name, sub, fn, re string
	port              int64
	want              int64
}{
	{"dns hostname", "network", "dns_lookup", `evil\.example`, 0, 1},
	{"dns needs ip", "network", "dns_lookup", `noip`, 0, 0},
	{"dns not ip", "network", "dns_lookup", `1\.2\.3`, 0, 0},
	{"request any method", "network", "http_request", `up$`, 0, 1},
	{"request needs method", "network", "http_request", `nomethod`, 0, 0},
	{"get ignores case", "network", "http_get", `a\.php`, 0, 1},
	{"get not post", "network", "http_get", `up`, 0, 0},
	{"post", "network", "http_post", `up`, 0, 1},
	{"user agent", "network", "http_user_agent", `^EvilBot$`, 0, 1},
	{"user agent alone", "network", "http_user_agent", `lonely`, 0, 1},
	{"host", "network", "host", `192\.168`, 0, 1},
	{"host none", "network", "host", `172\.16`, 0, 0},
	{"tcp", "network", "tcp", `10\.0\.0\.1`, 443, 1},
	{"tcp wrong port", "network", "tcp", `10\.0\.0\.1`, 80, 0},
	{"tcp string port", "network", "tcp", `10\.0\.0\.2`, 80, 0},
	{"tcp float port", "network", "tcp", `10\.0\.0\.3`, 22, 0},
	{"udp", "network", "udp", `8\.8`, 53, 1},
	{"registry", "registry", "key_access", `software\\evil`, 0, 0},
	{"registry exact case", "registry", "key_access", `Software\\Evil`, 0, 1},
	{"file", "filesystem", "file_access", `evil\.exe`, 0, 1},
	{"mutex", "sync", "mutex", `Mutex`, 0, 1},
	{"mutex none", "sync", "mutex", `nothere`, 0, 0},
}

func TestFunctions(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := call(t, testReport, c.sub, c.fn, c.re, c.port)
			if !r.Defined || r.Int != c.want {
				t.Errorf("%s.%s(/%s/) = %+v, want %d", c.sub, c.fn, c.re, r, c.want)
			}
		})
	}
}

func TestNoDataIsZero(t *testing.T) {
	root, err := Module.Load(&object.LoadInput{})
	if err != nil {
		t.Fatal(err)
	}
	st := Schema.Field("sync").Type.Struct
	v := root.Field(object.FieldIndex(Schema, "sync")).Field(object.FieldIndex(st, "mutex"))
	rx, _ := regex.Compile("x", 0)
	if r := v.Funcs[0](&object.Env{}, root, []object.Arg{{Re: rx}}); !r.Defined || r.Int != 0 {
		t.Errorf("mutex without a report = %+v, want 0", r)
	}
}

func TestBadData(t *testing.T) {
	for _, tc := range []struct{ name, data string }{
		{"not json", `{bad`},
		{"scalar", `"x"`},
		{"trailing", `{} {}`},
		{"nul escape", `{"a": "\u0000"}`},
		{"not utf8", "{\"a\": \"\xff\"}"},
		{"too deep", strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Module.Load(&object.LoadInput{ModuleData: []byte(tc.data)})
			if !errors.Is(err, object.ErrInvalidModuleData) {
				t.Errorf("load(%q) error = %v, want ErrInvalidModuleData", tc.data, err)
			}
		})
	}
	for _, ok := range []string{`[]`, `{}`, `{"network": 1}`, `{"network": {"dns": {"hostname": "x"}}}`} {
		if _, err := Module.Load(&object.LoadInput{ModuleData: []byte(ok)}); err != nil {
			t.Errorf("load(%q): %v", ok, err)
		}
	}
}

func TestNonStringElementUndefined(t *testing.T) {
	r := call(t, `{"behavior": {"summary": {"mutexes": ["a", 1]}}}`, "sync", "mutex", "a", 0)
	if r.Defined {
		t.Errorf("mutex over a non-string element = %+v, want undefined (yara fails the scan)", r)
	}
}

// TestVsYara checks every case with yara -x cuckoo=report.
func TestVsYara(t *testing.T) {
	if _, err := exec.LookPath("yara"); err != nil {
		t.Skip("yara not on PATH")
	}
	dir := t.TempDir()
	rp, rules := filepath.Join(dir, "report.json"), filepath.Join(dir, "r.yar")
	var src strings.Builder
	src.WriteString("import \"cuckoo\"\n")
	for i, c := range cases {
		arg := "/" + c.re + "/"
		if c.fn == "tcp" || c.fn == "udp" {
			arg += ", " + itoa(c.port)
		}
		src.WriteString("rule r" + itoa(int64(i)) + " { condition: cuckoo." + c.sub + "." + c.fn + "(" + arg + ") == 1 }\n")
	}
	if err := os.WriteFile(rp, []byte(testReport), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(rules, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("yara", "-x", "cuckoo="+rp, rules, rules).CombinedOutput()
	if err != nil {
		t.Fatalf("yara: %v\n%s", err, out)
	}
	got := map[string]bool{}
	for _, l := range strings.Split(string(out), "\n") {
		if name, _, ok := strings.Cut(l, " "); ok {
			got[name] = true
		}
	}
	for i, c := range cases {
		if got["r"+itoa(int64(i))] != (c.want == 1) {
			t.Errorf("%s: yara says %v, the case wants %d", c.name, got["r"+itoa(int64(i))], c.want)
		}
	}
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }

func FuzzLoad(f *testing.F) {
	f.Add([]byte(testReport))
	f.Add([]byte(`{bad`))
	f.Add([]byte(`[[[[]]]]`))
	f.Add([]byte(`{"network": {"tcp": [{"dst": "x", "dport": 1e3}]}}`))
	// Every list the functions read, with values of the wrong types.
	f.Add([]byte(`{"network": {"dns": [1, null, {"hostname": 5, "ip": []}], "http": [{"uri": {}, "method": 1}],
 "hosts": [1, "2", null], "tcp": [{"dst": 1, "dport": -1}, {"dport": 65536}], "udp": "no"},
 "behavior": {"summary": {"keys": [null], "files": {}, "mutexes": [["nested"]]}}}`))
	f.Add([]byte(`{"network": {"udp": [{"dst": "\u00e9\ud83d\ude00", "dport": 9007199254740993}]}}`))
	f.Add([]byte(`{"behavior": {"summary": {"keys": ["a\u0000b"]}}}`))
	f.Add([]byte(`{"network": null, "behavior": []} trailing`))
	f.Add([]byte(strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)))
	f.Add([]byte(strings.Repeat("[", MaxDepth+1) + strings.Repeat("]", MaxDepth+1)))
	f.Add([]byte(`{"a": "\"[[[[", "network": {"hosts": ["\\"]}}`))
	f.Add([]byte("{\"network\": {\"hosts\": [\"\xff\"]}}"))
	f.Add([]byte(`"just a string"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		root, err := Module.Load(&object.LoadInput{ModuleData: data})
		if err != nil {
			if !errors.Is(err, object.ErrInvalidModuleData) {
				t.Fatalf("load error %v does not wrap ErrInvalidModuleData", err)
			}
			return
		}
		rx, _ := regex.Compile(".", 0)
		for _, sub := range []string{"network", "registry", "filesystem", "sync"} {
			sv := root.Field(object.FieldIndex(Schema, sub))
			for _, fv := range sv.Fields {
				if fv != nil {
					fv.Funcs[0](&object.Env{}, root, []object.Arg{{Re: rx}, {Int: 1}})
				}
			}
		}
	})
}
