package pattern

import (
	"bytes"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

// roundTrip encodes p, decodes it and checks that the decoded pattern is
// p (regex forms compared by their canonical source) and encodes to the
// same bytes.
func roundTrip(t *testing.T, p *Pattern) *Pattern {
	t.Helper()
	enc, err := p.AppendBinary([]byte("prefix"))
	if err != nil {
		t.Fatalf("%s: AppendBinary: %v", p.Name(), err)
	}
	q, rest, err := Decode(append(enc[len("prefix"):], "tail"...))
	if err != nil {
		t.Fatalf("%s: Decode: %v", p.Name(), err)
	}
	if string(rest) != "tail" {
		t.Fatalf("%s: Decode left %q, want the tail", p.Name(), rest)
	}
	if !samePattern(p, q) {
		t.Fatalf("%s: decoded pattern differs:\n got %+v\nwant %+v", p.Name(), q, p)
	}
	again, err := q.AppendBinary(nil)
	if err != nil || !bytes.Equal(again, enc[len("prefix"):]) {
		t.Fatalf("%s: re-encoding differs (err %v)", p.Name(), err)
	}
	return q
}

// samePattern compares two patterns, regex forms by their source.
func samePattern(a, b *Pattern) bool {
	if len(a.forms) != len(b.forms) {
		return false
	}
	ca, cb := *a, *b
	ca.forms, cb.forms = append([]form(nil), a.forms...), append([]form(nil), b.forms...)
	for i := range ca.forms {
		ra, rb := ca.forms[i].re, cb.forms[i].re
		if (ra == nil) != (rb == nil) || ra != nil && ra.String() != rb.String() {
			return false
		}
		ca.forms[i].re, cb.forms[i].re = nil, nil
		// A program compiled at first use is compared compiled.
		ca.forms[i].hex, ca.forms[i].lazy = ca.forms[i].hexProg(), nil
		cb.forms[i].hex, cb.forms[i].lazy = cb.forms[i].hexProg(), nil
	}
	return reflect.DeepEqual(&ca, &cb)
}

func TestEncodeRoundTrip(t *testing.T) {
	tests := []struct{ name, str string }{
		{"text", `"abc"`},
		{"text nocase wide ascii fullword", `"Hello" nocase wide ascii fullword`},
		{"xor", `"abcd" xor(1-3)`},
		{"base64", `"This program" base64 base64wide`},
		{"hex", `{ 4D 5A ?? ?? [2-4] 50 45 }`},
		{"hex alternatives", `{ 31 (32 | 33 ?4) [1-] 35 ~36 }`},
		{"hex full scan", `{ ?? ?? ?1 }`},
		{"hex split", `{ 61 62 63 64 [0-100000] 65 66 67 68 }`},
		{"regex", `/ab+c[d-f]{2,5}/`},
		{"regex wide nocase", `/foo\b[0-9]+/ wide ascii nocase`},
		{"regex full scan", `/[0-9a-f]{32}/ fullword`},
		{"regex flags", `/a.c/is`},
		{"regex alternation", `/foo(bar|baz)+qux/ wide ascii`},
		{"hex alternation", `{ 61 (62 63 | 64 65) 66 }`},
	}
	data := []byte("foobarbazqux f\x00o\x00o\x00b\x00a\x00r\x00q\x00u\x00x\x00 abcf adef xx abc ABC MZ..PE 12345 1 2 3 abcd foo123 f\x00o\x00o\x001\x00 a\nc abbbcdef abcd____efgh 0123456789abcdef0123456789abcdef")
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Compile(mustParse(t, tc.str))
			if err != nil {
				t.Fatal(err)
			}
			q := roundTrip(t, p)
			if got, want := sprint(naiveFind(q, data)), sprint(naiveFind(p, data)); got != want {
				t.Errorf("matches of the decoded pattern %s, want %s", got, want)
			}
		})
	}
}

// TestEncodeSharedRules round-trips every string of the public rule sets.
func TestEncodeSharedRules(t *testing.T) {
	for _, root := range testenv.RuleSets(t) {
		t.Run(filepath.Base(filepath.Dir(root)), func(t *testing.T) {
			var all []byte
			var ps []*Pattern
			for _, d := range loadDefs(t, root) {
				p, err := Compile(d)
				if err != nil {
					t.Fatalf("%s: %v", d.Name, err)
				}
				roundTrip(t, p)
				if all, err = p.AppendBinary(all); err != nil {
					t.Fatal(err)
				}
				ps = append(ps, p)
			}
			qs, rest, err := DecodeAll(all, len(ps))
			if err != nil || len(rest) != 0 {
				t.Fatalf("DecodeAll: %v, %d bytes left", err, len(rest))
			}
			for i := range ps {
				if !samePattern(ps[i], qs[i]) {
					t.Fatalf("pattern %d (%s) differs after DecodeAll", i, ps[i].Name())
				}
			}
			t.Logf("%d patterns in %d bytes", len(ps), len(all))
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	p, err := Compile(mustParse(t, `{ 4D 5A [2-4] 50 45 }`))
	if err != nil {
		t.Fatal(err)
	}
	good, err := p.AppendBinary(nil)
	if err != nil {
		t.Fatal(err)
	}
	// Every truncation fails cleanly.
	for n := range len(good) {
		if _, _, err := Decode(good[:n]); err == nil {
			t.Errorf("Decode of the first %d bytes succeeded", n)
		}
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"unknown kind", []byte{9}},
		{"huge count", append([]byte{byte(KindText), 0, 0, 0, 0}, 0xff, 0xff, 0xff, 0xff, 0x0f)},
		// A text pattern whose only atom names a verifier it does not have.
		{"verifier out of range", []byte{byte(KindText), 0, 0, 0, 0, 1, 1, 'a', 5, 0, 0, 0, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := Decode(tc.data); err == nil {
				t.Error("Decode succeeded")
			}
		})
	}
}

// FuzzDecode feeds arbitrary bytes to Decode; whatever it accepts must
// verify and scan without panicking, and re-encode to what was decoded.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`"abc" nocase`, `"ab" xor`, `"abcd" base64`, `{ 4D 5A [2-4] 50 45 }`, `{ ?? 3? }`,
		`{ 61 [0-100000] 62 }`, `/ab+c/ wide ascii`, `/[0-9]{4}/`, `/x\by/ wide`} {
		p, err := Compile(mustParse(f, s))
		if err != nil {
			f.Fatal(err)
		}
		enc, err := p.AppendBinary(nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(enc)
	}
	data := []byte("abc ABC MZ\x00\x00PE ab\x00c\x00 x y 1234 a\x00b\x00")
	f.Fuzz(func(t *testing.T, b []byte) {
		p, rest, err := Decode(b)
		if err != nil {
			return
		}
		sc := NewScratch()
		emit := func(Match) {}
		for _, a := range p.Atoms() {
			for end := range len(data) + 1 {
				p.Verify(sc, data, a, end, emit)
			}
		}
		p.ScanRange(sc, data, 0, len(data), emit)
		enc, err := p.AppendBinary(nil)
		if err != nil {
			t.Fatalf("decoded pattern does not encode: %v", err)
		}
		if q, _, err := Decode(enc); err != nil || !samePattern(p, q) {
			t.Fatalf("re-encoded pattern does not decode to itself: %v", err)
		}
		_ = rest
	})
}

// BenchmarkDecodeShared decodes every string of each public rule set.
func BenchmarkDecodeShared(b *testing.B) {
	for _, root := range testenv.RuleSets(b) {
		var all []byte
		n := 0
		for _, d := range loadDefs(b, root) {
			p, err := Compile(d)
			if err != nil {
				b.Fatal(err)
			}
			if all, err = p.AppendBinary(all); err != nil {
				b.Fatal(err)
			}
			n++
		}
		b.Run(filepath.Base(filepath.Dir(root)), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(all)))
			for b.Loop() {
				if _, _, err := DecodeAll(all, n); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
