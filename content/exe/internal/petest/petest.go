// Package petest is test support for the executable extractors, imported
// only by their tests: it lays out minimal i386 PE images and runs a PE
// handler on one, collecting what it yields.
package petest

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
	"github.com/overt-sec/overt/content/internal/ctest"
)

// Layout of the generated images.
const (
	headerSize  = 0x200 // DOS, file and optional headers and section table
	peOffset    = 0x40  // e_lfanew
	optOffset   = peOffset + 24
	optSize     = 0xe0 // a PE32 optional header with 16 data directories
	sectionSize = 40
	// MaxSections is how many section headers fit in headerSize after the
	// optional header.
	MaxSections = (headerSize - optOffset - optSize) / sectionSize
	fileAlign   = 0x200
	sectAlign   = 0x1000
)

// Section is one section of a generated image.
type Section struct {
	Name  string
	VA    uint32 // virtual address (RVA)
	VSize uint32 // virtual size; 0 means 0x1000
	Data  []byte // raw data, padded to the file alignment (0x200)
	Chars uint32 // characteristics
}

// Image is a minimal i386 PE: headers in the first 0x200 bytes, section
// and file alignment 0x1000 and 0x200, raw data of the sections in order
// after the headers, then the overlay.
type Image struct {
	Entry           uint32 // entry point RVA
	Base            uint32 // image base; 0 means 0x400000
	Characteristics uint16 // file header characteristics
	Sections        []Section
	Overlay         []byte // appended after the last section's raw data
}

// Bytes lays out the image. It panics with more than MaxSections sections.
func (im Image) Bytes() []byte {
	if len(im.Sections) > MaxSections {
		panic(fmt.Sprintf("petest: %d sections, at most %d fit", len(im.Sections), MaxSections))
	}
	base := im.Base
	if base == 0 {
		base = 0x400000
	}
	le := binary.LittleEndian
	out := make([]byte, headerSize)
	copy(out, "MZ")
	le.PutUint32(out[0x3c:], peOffset)
	copy(out[peOffset:], "PE\x00\x00")
	coff := out[peOffset+4:]
	le.PutUint16(coff[0:], 0x14c) // machine: i386
	le.PutUint16(coff[2:], uint16(len(im.Sections)))
	le.PutUint16(coff[16:], optSize)
	le.PutUint16(coff[18:], im.Characteristics)
	o := out[optOffset:]
	le.PutUint16(o, 0x10b) // PE32
	le.PutUint32(o[16:], im.Entry)
	le.PutUint32(o[28:], base)
	le.PutUint32(o[32:], sectAlign)
	le.PutUint32(o[36:], fileAlign)
	size := uint32(sectAlign)
	for _, s := range im.Sections {
		size = max(size, s.VA+sectAlign)
	}
	le.PutUint32(o[56:], size)
	le.PutUint32(o[60:], headerSize)
	le.PutUint32(o[92:], 16) // data directories
	for i, s := range im.Sections {
		raw := make([]byte, (len(s.Data)+fileAlign-1)&^(fileAlign-1))
		copy(raw, s.Data)
		vsize := s.VSize
		if vsize == 0 {
			vsize = sectAlign
		}
		e := out[optOffset+optSize+sectionSize*i:]
		copy(e, s.Name)
		le.PutUint32(e[8:], vsize)
		le.PutUint32(e[12:], s.VA)
		le.PutUint32(e[16:], uint32(len(raw)))
		le.PutUint32(e[20:], uint32(len(out)))
		le.PutUint32(e[36:], s.Chars)
		out = append(out, raw...)
	}
	return append(out, im.Overlay...)
}

// WithOverlay returns a minimal PE with one 512-byte .text section (entry
// point at its start, image base 0x400000) and overlay appended after it:
// the carrier of the installer formats.
func WithOverlay(overlay []byte) []byte {
	return Image{
		Entry:    0x1000,
		Sections: []Section{{Name: ".text", VA: 0x1000, VSize: 0x200, Data: make([]byte, 0x200)}},
		Overlay:  overlay,
	}.Bytes()
}

// Handler is the signature of exe.Handler's Extract.
type Handler func(ctx context.Context, f *exe.File, b *content.Budget, yield func(name string, rd io.Reader) error) (bool, error)

// Run parses data as a PE and runs h on it under default limits. It
// returns whether h handled the file, the yielded names in order, the
// objects by name (each read to its end; a read error becomes a corrupt
// event) and the events. A parse or extraction error fails the test.
func Run(t testing.TB, h Handler, data []byte) (handled bool, names []string, objs map[string][]byte, events []content.Event) {
	t.Helper()
	f, err := exe.Parse(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	b := content.NewBudget(content.Limits{}, int64(len(data)))
	c := ctest.Collector{Objects: map[string][]byte{}}
	handled, err = h(context.Background(), f, b, c.Yield(b))
	if err != nil {
		t.Fatalf("extract: %v", err)
	}
	return handled, c.Names, c.Objects, b.Events()
}

// RunClean runs h on data like Run and fails the test unless h handled the
// file without events and yielded exactly the names want, in order. It
// returns the objects by name.
func RunClean(t testing.TB, h Handler, data []byte, want []string) map[string][]byte {
	t.Helper()
	handled, names, objs, events := Run(t, h, data)
	if !handled {
		t.Fatal("not handled")
	}
	if len(events) != 0 {
		t.Errorf("events: %v", events)
	}
	if !slices.Equal(names, want) {
		t.Fatalf("names = %q, want %q", names, want)
	}
	return objs
}
