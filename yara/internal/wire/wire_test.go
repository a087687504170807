package wire

import (
	"encoding/binary"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	var b []byte
	b = binary.AppendUvarint(b, 300)
	b = binary.AppendVarint(b, -7)
	b = AppendString(b, "héllo")
	b = AppendBool(b, true)
	b = AppendBool(b, false)
	b = binary.AppendUvarint(b, 2) // a count of two 1-byte items
	b = append(b, 9, 8)
	d := Decoder{B: b}
	if v := d.Uvarint(); v != 300 {
		t.Errorf("Uvarint = %d", v)
	}
	if v := d.Varint(); v != -7 {
		t.Errorf("Varint = %d", v)
	}
	if s := string(d.Bytes()); s != "héllo" {
		t.Errorf("Bytes = %q", s)
	}
	if !d.Bool() || d.Bool() {
		t.Error("Bool: want true, false")
	}
	if n := d.Count(1); n != 2 {
		t.Errorf("Count = %d", n)
	}
	if d.Byte() != 9 || d.Byte() != 8 {
		t.Error("Byte: want 9, 8")
	}
	if d.Err != nil || len(d.B) != 0 {
		t.Errorf("Err = %v, %d bytes left", d.Err, len(d.B))
	}
}

func TestErrorsStick(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		read func(*Decoder)
	}{
		{"empty uvarint", nil, func(d *Decoder) { d.Uvarint() }},
		{"empty varint", nil, func(d *Decoder) { d.Varint() }},
		{"empty byte", nil, func(d *Decoder) { d.Byte() }},
		{"bad bool", []byte{2}, func(d *Decoder) { d.Bool() }},
		{"string longer than input", []byte{5, 'a'}, func(d *Decoder) { d.Bytes() }},
		{"count beyond input", []byte{3, 0, 0}, func(d *Decoder) { d.Count(1) }},
		{"count of wide items", []byte{2, 0, 0, 0}, func(d *Decoder) { d.Count(2) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decoder{B: tt.in}
			tt.read(&d)
			if d.Err == nil {
				t.Fatal("no error")
			}
			first := d.Err
			if d.Uvarint() != 0 || d.Byte() != 0 || d.Err != first || len(d.B) != 0 {
				t.Errorf("after a failure: reads must give zero and keep the first error %v, got %v", first, d.Err)
			}
		})
	}
}
