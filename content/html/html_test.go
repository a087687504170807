package html

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/internal/ctest"
)

const marker = "OVERT-HTML-MARKER"

func walk(t testing.TB, page string) (map[string][]byte, []content.Event) {
	return ctest.WalkSniff(t, Sniff, "p.html", []byte(page))
}

func TestExtract(t *testing.T) {
	bin := []byte("MZ\x00\x01\xff binary " + marker + "\x00\x80")
	b64 := base64.StdEncoding.EncodeToString(bin)
	wrapped := b64[:10] + "\n  " + b64[10:]
	url := base64.RawURLEncoding.EncodeToString(bin)
	tests := []struct {
		name   string
		page   string
		want   map[string]string
		events []content.EventKind
	}{
		{"anchor-base64", `<a href="data:application/octet-stream;base64,` + b64 + `">t</a>`,
			map[string]string{"p.html!#data-1": string(bin)}, nil},
		{"doctype-img-and-css", "<!DOCTYPE html>\n<img src='data:image/png;base64," + wrapped + "'>" +
			"<style>div{background:url(data:text/plain," + "a%20b%00" + marker + ")}</style>",
			map[string]string{"p.html!#data-1": string(bin), "p.html!#data-2": "a b\x00" + marker}, nil},
		{"unquoted-urlsafe", "<html><body><iframe src=DATA:;BASE64," + url + "></iframe>",
			map[string]string{"p.html!#data-1": string(bin)}, nil},
		{"script-string", "<script>var u = \"data:text/html," + marker + "\";</script>",
			map[string]string{"p.html!#data-1": marker}, nil},
		{"not-a-url", "<html>metadata: x, and data:no comma here", map[string]string{}, nil},
		{"truncated", `<a href="data:;base64,` + b64[:len(b64)-7], map[string]string{"p.html!#data-1": string(bin[:len(bin)-5])},
			[]content.EventKind{content.EventCorrupt}},
		{"bad-byte", `<a href="data:;base64,` + b64[:8] + `*` + b64[8:] + `">`, map[string]string{"p.html!#data-1": string(bin[:6])},
			[]content.EventKind{content.EventCorrupt}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ev := walk(t, tt.page)
			if len(got) != len(tt.want) {
				t.Errorf("got objects %q, want %d", ctest.Keys(got), len(tt.want))
			}
			for p, d := range tt.want {
				if g, ok := got[p]; !ok || !bytes.HasPrefix(g, []byte(d)) || (tt.events == nil && string(g) != d) {
					t.Errorf("%s: got %q, want %q", p, g, d)
				}
			}
			if !slices.Equal(ctest.Kinds(ev), tt.events) {
				t.Errorf("events %v, want kinds %v", ev, tt.events)
			}
		})
	}
}

func TestSniff(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"<!DOCTYPE html><html>", true},
		{"\xEF\xBB\xBF\n  <HTML>", true},
		{`<a href="x">`, true},
		{"<!-- saved from url --><html>", true},
		{"<?xml version='1.0'?><svg/>", false},
		{"<?xml version='1.0'?><!DOCTYPE html><html xmlns=''>", true},
		{"<abc>", false},
		{"plain text <html>", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.head, func(t *testing.T) {
			if got := Sniff([]byte(tt.head), "") != nil; got != tt.want {
				t.Errorf("Sniff(%q) = %v, want %v", tt.head, got, tt.want)
			}
		})
	}
}

func TestURLLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html>")
	for i := 0; i < MaxURLs+5; i++ {
		fmt.Fprintf(&b, "<img src=data:,%d>", i)
	}
	got, ev := walk(t, b.String())
	if len(got) != MaxURLs || len(ev) != 1 || ev[0].Kind != content.EventLimit {
		t.Errorf("got %d objects and events %v, want %d and one limit event", len(got), ev, MaxURLs)
	}
}

func TestClamAV(t *testing.T) {
	exe, data := ctest.ClamAV(t, "clam.exe.html")
	got, ev := walk(t, string(data))
	if !bytes.Equal(got["p.html!#data-1"], exe) {
		t.Errorf("clam.exe.html: objects %q, events %v; want #data-1 = clam.exe", ctest.Keys(got), ev)
	}
}

func FuzzExtract(f *testing.F) {
	f.Add(`<a href="data:application/octet-stream;base64,TVpQAAIAAAAEAA8A//8AALgAAAAh">x</a>`)
	f.Add("<html><style>a{b:url(data:,a%20b%zz)}</style><img src='data:image/gif;base64,R0lG&#10;ODlh'>")
	f.Add("<script>x='data:;base64,QUJD=';y=\"DATA:text/plain;charset=utf-8,hi\"</script>")
	if d, err := os.ReadFile("/usr/share/clamav-testfiles/clam.exe.html"); err == nil {
		f.Add(string(d))
	}
	f.Fuzz(func(t *testing.T, page string) {
		ctest.FuzzWalk(t, content.Walker{Sniff: Sniff, Limits: content.Limits{MaxExpanded: 8 << 20}}, []byte(page))
	})
}
