package cuckoo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/regex"
)

// MaxReportSize bounds the module data parsed as a report: Cuckoo reports
// of real samples are a few megabytes, and a bigger one is more likely a
// mistake than a report worth holding in memory several times over.
const MaxReportSize = 256 << 20

// MaxDepth bounds the nesting of the report's JSON values: a report is a
// handful of levels deep, and deeper nesting only costs stack and time.
const MaxDepth = 64

// Module is the run-time cuckoo module. Its functions query the Cuckoo
// report passed as module data (yara -x cuckoo=report.json); without data,
// or with a report lacking the section a function reads, they return 0.
// Data that is not JSON (or is a bare scalar, which yara's JSON reader
// rejects) makes the load fail, as yara fails the scan; a report the module
// cannot use otherwise (wrong types) just matches nothing.
//
// Semantics observed with yara 4.2.3 (each regexp is searched in the
// string, not anchored):
//   - network.dns_lookup(r): network.dns[] objects with string "hostname"
//     and string "ip"; r is searched in hostname.
//   - network.http_request(r): network.http[] objects with string "uri" and
//     string "method"; r is searched in uri. http_get and http_post also
//     need the method to be GET or POST, ignoring case.
//   - network.http_user_agent(r): network.http[] objects with a string
//     "user-agent".
//   - network.host(r): network.hosts[], strings.
//   - network.tcp(r, port), network.udp(r, port): network.tcp[] or
//     network.udp[] objects with string "dst" matching r and integer
//     "dport" equal to port.
//   - registry.key_access(r), filesystem.file_access(r), sync.mutex(r):
//     behavior.summary.keys[], .files[] and .mutexes[], strings.
//
// yara 4.2.3 fails the scan (error 4) when a function reads a hosts, keys,
// files or mutexes array holding a value that is not a string; overt's
// function is then undefined.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

// report is the part of a Cuckoo report the module reads.
type report struct {
	dns     []any // network.dns
	http    []any // network.http
	hosts   []any // network.hosts
	tcp     []any // network.tcp
	udp     []any // network.udp
	keys    []any // behavior.summary.keys
	files   []any // behavior.summary.files
	mutexes []any // behavior.summary.mutexes
}

func load(in *object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	var r report
	var err error
	if in.ModuleData != nil {
		r, err = parse(in.ModuleData)
		if err != nil {
			return root, err
		}
	}
	sub := func(name string) (*object.Value, func(string, object.Func)) {
		st := Schema.Field(name).Type.Struct
		v := object.NewStruct(st)
		root.SetField(Schema, name, v)
		return v, func(fn string, f object.Func) { v.SetFunc(st, fn, f) }
	}
	_, net := sub("network")
	net("dns_lookup", re1(func(re *regex.Regexp) object.Result {
		return found(r.dns, func(o map[string]any) bool {
			h, ok1 := o["hostname"].(string)
			_, ok2 := o["ip"].(string)
			return ok1 && ok2 && re.Match([]byte(h))
		})
	}))
	http := func(method string) object.Func {
		return re1(func(re *regex.Regexp) object.Result {
			return found(r.http, func(o map[string]any) bool {
				u, ok1 := o["uri"].(string)
				m, ok2 := o["method"].(string)
				return ok1 && ok2 && (method == "" || strings.EqualFold(m, method)) && re.Match([]byte(u))
			})
		})
	}
	net("http_request", http(""))
	net("http_get", http("GET"))
	net("http_post", http("POST"))
	net("http_user_agent", re1(func(re *regex.Regexp) object.Result {
		return found(r.http, func(o map[string]any) bool {
			ua, ok := o["user-agent"].(string)
			return ok && re.Match([]byte(ua))
		})
	}))
	net("host", re1(func(re *regex.Regexp) object.Result { return anyString(r.hosts, re) }))
	conn := func(list *[]any) object.Func {
		return func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return found(*list, func(o map[string]any) bool {
				d, ok1 := o["dst"].(string)
				p, ok2 := o["dport"].(json.Number)
				if !ok1 || !ok2 {
					return false
				}
				port, err := p.Int64()
				return err == nil && !strings.ContainsAny(p.String(), ".eE") && port == a[1].Int && a[0].Re.Match([]byte(d))
			})
		}
	}
	net("tcp", conn(&r.tcp))
	net("udp", conn(&r.udp))
	_, reg := sub("registry")
	reg("key_access", re1(func(re *regex.Regexp) object.Result { return anyString(r.keys, re) }))
	_, fs := sub("filesystem")
	fs("file_access", re1(func(re *regex.Regexp) object.Result { return anyString(r.files, re) }))
	_, sy := sub("sync")
	sy("mutex", re1(func(re *regex.Regexp) object.Result { return anyString(r.mutexes, re) }))
	return root, nil
}

// re1 adapts f to a (regexp) overload.
func re1(f func(*regex.Regexp) object.Result) object.Func {
	return func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result { return f(a[0].Re) }
}

// found returns 1 if some object of list satisfies ok, else 0; elements
// that are not objects are skipped.
func found(list []any, ok func(map[string]any) bool) object.Result {
	for _, e := range list {
		if o, isObj := e.(map[string]any); isObj && ok(o) {
			return object.IntResult(1)
		}
	}
	return object.IntResult(0)
}

// anyString returns 1 if re matches a string of list, 0 if none does, and
// undefined when list holds a value that is not a string (yara fails the
// scan then).
func anyString(list []any, re *regex.Regexp) object.Result {
	for _, e := range list {
		if _, ok := e.(string); !ok {
			return object.Undefined
		}
	}
	for _, e := range list {
		if re.Match([]byte(e.(string))) {
			return object.IntResult(1)
		}
	}
	return object.IntResult(0)
}

// errNotReport is returned for module data that is not a JSON object or
// array.
var errNotReport = fmt.Errorf("cuckoo: %w: not a JSON object or array", object.ErrInvalidModuleData)

// parse decodes a report, keeping the arrays the functions read.
func parse(data []byte) (report, error) {
	var r report
	if len(data) > MaxReportSize {
		return r, fmt.Errorf("cuckoo: %w: report of %d bytes is larger than %d", object.ErrInvalidModuleData, len(data), MaxReportSize)
	}
	if !utf8.Valid(data) {
		return r, fmt.Errorf("cuckoo: %w: not UTF-8", object.ErrInvalidModuleData)
	}
	if err := checkDepth(data); err != nil {
		return r, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return r, fmt.Errorf("cuckoo: %w: JSON: %v", object.ErrInvalidModuleData, err)
	}
	if _, err := dec.Token(); err == nil {
		return r, fmt.Errorf("cuckoo: %w: data after the top-level JSON value", object.ErrInvalidModuleData)
	}
	switch v.(type) {
	case map[string]any, []any:
	default:
		return r, errNotReport
	}
	arr := func(v any, path ...string) []any {
		for _, k := range path {
			o, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = o[k]
		}
		a, _ := v.([]any)
		return a
	}
	r.dns = arr(v, "network", "dns")
	r.http = arr(v, "network", "http")
	r.hosts = arr(v, "network", "hosts")
	r.tcp = arr(v, "network", "tcp")
	r.udp = arr(v, "network", "udp")
	r.keys = arr(v, "behavior", "summary", "keys")
	r.files = arr(v, "behavior", "summary", "files")
	r.mutexes = arr(v, "behavior", "summary", "mutexes")
	return r, nil
}

// checkDepth rejects data whose arrays and objects nest deeper than
// MaxDepth, before the decoder recurses into them.
func checkDepth(data []byte) error {
	depth := 0
	inStr, esc := false, false
	for i, c := range data {
		switch {
		case inStr:
			switch {
			case esc:
				esc = false
				if c == 'u' && bytes.HasPrefix(data[i+1:], []byte("0000")) {
					return fmt.Errorf("cuckoo: %w: \\u0000 in a JSON string at byte %d", object.ErrInvalidModuleData, i-1)
				}
			case c == '\\':
				esc = true
			case c == '"':
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '[' || c == '{':
			depth++
			if depth > MaxDepth {
				return fmt.Errorf("cuckoo: %w: JSON nests deeper than %d levels at byte %d", object.ErrInvalidModuleData, MaxDepth, i)
			}
		case c == ']' || c == '}':
			depth--
		}
	}
	return nil
}
