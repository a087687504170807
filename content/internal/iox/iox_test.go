package iox

import (
	"io"
	"strconv"
	"strings"
	"testing"
)

func TestCountReader(t *testing.T) {
	tests := []struct {
		name string
		in   string
		read int64 // bytes to read; -1 for all
		want int64
	}{
		{"all", "hello, world", -1, 12},
		{"prefix", "hello, world", 5, 5},
		{"empty", "", -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &CountReader{R: strings.NewReader(tt.in)}
			var err error
			if tt.read < 0 {
				_, err = io.Copy(io.Discard, c)
			} else {
				_, err = io.CopyN(io.Discard, c, tt.read)
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.N != tt.want {
				t.Errorf("N = %d, want %d", c.N, tt.want)
			}
		})
	}
}

func TestUnhex(t *testing.T) {
	for c := 0; c < 256; c++ {
		v, ok := Unhex(byte(c))
		want, err := strconv.ParseUint(string(rune(c)), 16, 8)
		if ok != (err == nil) || ok && uint64(v) != want {
			t.Errorf("Unhex(%q) = %d, %v; want %d, %v", rune(c), v, ok, want, err == nil)
		}
	}
}
