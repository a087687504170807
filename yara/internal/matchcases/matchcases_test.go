package matchcases

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
)

func TestParseLog(t *testing.T) {
	tests := []struct {
		name, in string
		want     string
		wantErr  string
	}{
		{"empty", "", "[]", ""},
		{"pairs", "m:1\nl:2\nm:10\nl:0\n", "[[1 2] [10 0]]", ""},
		{"other lines ignored", "warning: x\nm:3\nl:4\nr d.bin\n", "[[3 4]]", ""},
		{"length before offset", "l:2\n", "", "line 1"},
		{"bad offset", "m:x\n", "", `"m:x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLog([]byte(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseLog(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil || fmt.Sprint(got) != tt.want {
				t.Errorf("ParseLog(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestLoadEncodeRoundTrip(t *testing.T) {
	path := filepath.Join("..", "refmatch", "testdata", "cases.jsonl")
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	cases := Load(t, path)
	if len(cases) == 0 {
		t.Fatal("no cases")
	}
	got, err := Encode(cases)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("Encode(Load(%s)) differs from the file", path)
	}
	for _, c := range cases {
		c.Bytes(t)
		if c.Expected() == nil {
			t.Errorf("case %s: Expected() is nil", c.Name)
		}
	}
}

func TestRunYara(t *testing.T) {
	yara := testenv.Yara(t)
	got := RunYara(t, yara, Rule(`"ab"`), []byte("xabab"))
	if fmt.Sprint(got) != "[[1 2] [3 2]]" {
		t.Errorf("RunYara = %v, want [[1 2] [3 2]]", got)
	}
}

// FuzzParseLog checks that ParseLog never panics and returns only complete
// pairs whose offsets were read from m: lines.
func FuzzParseLog(f *testing.F) {
	for _, s := range []string{"", "m:1\nl:2\n", "l:1\n", "m:\n", "m:-1\nl:99999999999999999999\n", "x\nm:0\nm:1\nl:3\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		got, err := ParseLog(in)
		if err != nil {
			return
		}
		if n := strings.Count("\n"+string(in), "\nm:"); n != len(got) {
			t.Fatalf("ParseLog(%q) returned %d pairs for %d m: lines", in, len(got), n)
		}
	})
}
