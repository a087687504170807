package ctest

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/overt-sec/overt/content"
)

// twoFiles yields "a" and "b/c" and reports one corrupt event.
type twoFiles struct{}

func (twoFiles) Name() string { return "two" }

func (twoFiles) Extract(_ context.Context, _ io.ReaderAt, _ int64, b *content.Budget, yield func(string, io.Reader) error) error {
	if err := yield("a", strings.NewReader("alpha")); err != nil {
		return err
	}
	b.Event(content.EventCorrupt, "b", "damaged")
	return yield("b/c", strings.NewReader("gamma"))
}

func sniffRoot(_ []byte, name string) content.Extractor {
	if name == "top" {
		return twoFiles{}
	}
	return nil
}

func TestWalk(t *testing.T) {
	r := Walk(t, content.Walker{Sniff: sniffRoot}, "top", []byte("x"))
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"pairs", r.Pairs(), []string{"a=alpha", "b/c=gamma"}},
		{"keys", Keys(r.ByPath()), []string{"top!a", "top!b/c"}},
		{"kinds", Kinds(r.Events), []content.EventKind{content.EventCorrupt}},
		{"has-corrupt", HasKind(r.Events, content.EventCorrupt), true},
		{"has-limit", HasKind(r.Events, content.EventLimit), false},
		{"events", EventString(r.Events), "corrupt top!b: damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if g, w := tt.got, tt.want; !equal(g, w) {
				t.Errorf("got %q, want %q", g, w)
			}
		})
	}
	names, objs := r.Below()
	if !slices.Equal(names, []string{"a", "b/c"}) || string(objs["b/c"]) != "gamma" {
		t.Errorf("Below: %q, %q", names, objs)
	}
}

func equal(a, b any) bool {
	switch a := a.(type) {
	case []string:
		return slices.Equal(a, b.([]string))
	case []content.EventKind:
		return slices.Equal(a, b.([]content.EventKind))
	}
	return a == b
}

func TestCollector(t *testing.T) {
	b := content.NewBudget(content.Limits{}, 10)
	var c Collector
	y := c.Yield(b)
	if err := y("ok", strings.NewReader("data")); err != nil {
		t.Fatal(err)
	}
	if err := y("bad", io.MultiReader(strings.NewReader("pre"), errReader{})); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Names, []string{"ok", "bad"}) || string(c.Objects["bad"]) != "pre" {
		t.Errorf("names %q, objects %q", c.Names, c.Objects)
	}
	if !HasKind(b.Events(), content.EventCorrupt) {
		t.Errorf("events %v, want a corrupt one", b.Events())
	}
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("broken") }
