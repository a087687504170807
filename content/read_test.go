package content

import (
	"bytes"
	"errors"
	"io"
	"testing"
)

type failingReader struct{}

func (failingReader) ReadAt([]byte, int64) (int, error) { return 0, errors.New("disk error") }

func TestReadPrefix(t *testing.T) {
	data := []byte("0123456789")
	tests := []struct {
		name      string
		r         io.ReaderAt
		size      int64
		limit     int64
		want      string
		wantEvent bool
		wantErr   bool
	}{
		{"whole file", bytes.NewReader(data), 10, 100, "0123456789", false, false},
		{"exactly the limit", bytes.NewReader(data), 10, 10, "0123456789", false, false},
		{"cut at the limit", bytes.NewReader(data), 10, 4, "0123", true, false},
		{"size beyond the data", bytes.NewReader(data), 20, 100, "", false, true},
		{"read error", failingReader{}, 10, 100, "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBudget(Limits{}, tt.size)
			got, err := ReadPrefix(tt.r, tt.size, tt.limit, b)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if ev := len(b.Events()) > 0; ev != tt.wantEvent {
				t.Errorf("events %v, want an event: %v", b.Events(), tt.wantEvent)
			}
		})
	}
}
