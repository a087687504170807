package emu

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
	"sync"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
)

func init() {
	exe.Register(exe.Handler{Name: "emu", Extract: Extract})
}

// MaxLayers bounds the memory images yielded for one program: a packer
// over a packer has two layers; more snapshots of the same image are noise.
const MaxLayers = 4

// entropySample is how many bytes of the entry section are read to
// measure its entropy.
const entropySample = 16 << 10

// packedEntropy is the entropy (bits per byte) above which a section is
// taken for compressed or encrypted data; machine code stays below ~6.5.
const packedEntropy = 7.2

// packerSections are section names that packers leave.
var packerSections = []string{
	"UPX0", "UPX1", "UPX2", ".aspack", ".adata", "ASPack", "MEW", ".petite", "petite", "pec1", "pec2",
	"PEC2", ".yP", "yC", ".taz", ".WWP32", "WWP32", ".MPRESS1", ".MPRESS2", "FSG!", ".nsp0", ".nsp1",
	"kkrunchy", "PEPACK!!", ".packed", ".RLPack", ".perplex", "PESHiELD", ".pespin", " KuNgBiM",
	".Upack", ".ByDwing", "BitArts", ".neolit", ".svkp", "ProCrypt", ".boom", ".ccg", "!EPack",
}

// LooksPacked reports whether f's layout is that of a packed program, the
// files the emulator is run on: i386 images whose entry point lies in a
// writable section, in the last section, in a section with (almost) no
// raw data for its virtual size, outside every section, or in a section
// named by a known packer, or whose entry section's data is near-random.
// Compilers put the entry point in a read-only code section that is not
// last, so ordinary programs cost only this header check.
func LooksPacked(f *exe.File) bool {
	if f.Machine != 0x14c || f.Is64 || len(f.Sections) == 0 {
		return false
	}
	for _, s := range f.Sections {
		for _, n := range packerSections {
			if s.Name == n {
				return true
			}
		}
	}
	i := f.EntrySection()
	if i < 0 {
		return f.EntryRVA != 0 // in the headers or beyond every section
	}
	s := f.Sections[i]
	const memWrite = 0x80000000
	if s.Characteristics&memWrite != 0 || i == len(f.Sections)-1 ||
		s.RawSize == 0 || s.RawSize < s.VirtualSize/4 {
		return true
	}
	return sectionEntropy(f, s) > packedEntropy
}

// sectionEntropy measures the Shannon entropy of the first entropySample
// bytes of s.
func sectionEntropy(f *exe.File, s exe.Section) float64 {
	n := min(int64(s.RawSize), entropySample, f.Size-int64(s.RawOffset))
	if n < 1024 {
		return 0
	}
	buf := make([]byte, n)
	got, _ := f.R.ReadAt(buf, int64(s.RawOffset))
	var hist [256]int
	for _, c := range buf[:got] {
		hist[c]++
	}
	e := 0.0
	for _, h := range hist {
		if h > 0 {
			p := float64(h) / float64(got)
			e -= p * math.Log2(p)
		}
	}
	return e
}

// maxSteps is MaxSteps, lowered by tests.
var maxSteps uint64 = MaxSteps

// inflight holds the digests of images being yielded, so that the walk
// into a yielded image (itself a packed-looking PE) does not emulate it
// again.
var inflight sync.Map

// Extract runs the entry point of a packed-looking i386 PE file in the
// emulator and yields the image at the end of emulation as "#unpacked",
// with its headers patched so that it parses as a mapped file whose entry
// point is the last original-entry-point candidate (the first execution of
// an image region other than the stub's, after the stub wrote memory).
// Such a candidate also shortens the remaining instruction budget: the
// stub is done, what runs is the program (or the next layer of a packer
// over a packer, which gets its own candidate). Zip archives inside the
// image are yielded too, as "#unpacked@OFFSET": packed programs carry
// their data compressed, and only the unpacked image shows it. When no
// candidate was reached the image is still yielded if memory was written,
// with an event saying why emulation stopped.
func Extract(ctx context.Context, f *exe.File, b *content.Budget, yield func(name string, rd io.Reader) error) (bool, error) {
	if !LooksPacked(f) || f.Size > MaxImageSize {
		return false, nil
	}
	if key, ok := digestFile(f); ok {
		if _, busy := inflight.Load(key); busy {
			return false, nil
		}
	}
	m, err := New(f)
	if err != nil {
		return false, nil
	}
	layers := 0
	oep := m.entry
	m.OnLayer = func(m *Machine, eip uint32) bool {
		layers++
		oep = eip
		if layers >= MaxLayers {
			return false
		}
		m.ExtendLimit(max(2*m.Steps(), PostLayerSteps), maxSteps)
		return true
	}
	m.Run(ctx, maxSteps)
	if err := ctx.Err(); err != nil {
		return true, err
	}
	if layers == 0 {
		if m.Written() == 0 {
			b.Event(content.EventUnsupported, "", "emulation of the unpacking stub stopped: %s", describe(m))
			return true, nil
		}
		b.Event(content.EventUnsupported, "#unpacked", "emulation of the unpacking stub stopped before the unpacked code ran: %s", describe(m))
	}
	img := m.Image()
	patchHeaders(img, oep-m.base)
	key := sha256.Sum256(img)
	inflight.Store(key, true)
	defer inflight.Delete(key)
	if err := yield("#unpacked", bytes.NewReader(img)); err != nil {
		return true, err
	}
	for _, z := range carveZips(img) {
		if err := yield(fmt.Sprintf("#unpacked@%#x", z[0]), bytes.NewReader(img[z[0]:z[1]])); err != nil {
			return true, err
		}
	}
	return true, nil
}

// maxCarves bounds the archives carved from one image.
const maxCarves = 8

// carveZips finds zip archives inside an image: each run of local file
// headers ("PK\x03\x04") up to the end of its central directory, or up to
// the end of the image when the archive is cut short. It returns [start,
// end) offsets.
func carveZips(img []byte) [][2]int {
	var out [][2]int
	for i := 0; i < len(img) && len(out) < maxCarves; {
		j := bytes.Index(img[i:], []byte("PK\x03\x04"))
		if j < 0 {
			break
		}
		start := i + j
		if start == 0 || start+30 > len(img) || img[start+4] > 63 || img[start+5] != 0 { // version needed to extract
			i = start + 4
			continue
		}
		end := len(img)
		if k := bytes.Index(img[start:], []byte("PK\x05\x06")); k >= 0 && start+k+22 <= len(img) {
			end = start + k + 22 + int(binary.LittleEndian.Uint16(img[start+k+20:]))
			end = min(end, len(img))
		}
		out = append(out, [2]int{start, end})
		i = end
	}
	return out
}

// digestFile hashes the whole file, as inflight keys are computed.
func digestFile(f *exe.File) ([32]byte, bool) {
	h := sha256.New()
	if _, err := io.Copy(h, io.NewSectionReader(f.R, 0, f.Size)); err != nil {
		return [32]byte{}, false
	}
	var k [32]byte
	copy(k[:], h.Sum(nil))
	return k, true
}

// patchHeaders makes the image's headers describe the image as a file:
// every section's raw data at its virtual address, the entry point at
// entryRVA. Headers that do not fit the image are left alone.
func patchHeaders(img []byte, entryRVA uint32) {
	le := binary.LittleEndian
	if len(img) < 0x40 || img[0] != 'M' || img[1] != 'Z' {
		return
	}
	pe := int(le.Uint32(img[0x3c:]))
	if pe < 0 || pe+24 > len(img) || pe > 0x1000 || string(img[pe:pe+4]) != "PE\x00\x00" {
		return
	}
	nsec := int(le.Uint16(img[pe+6:]))
	optSize := int(le.Uint16(img[pe+20:]))
	opt := pe + 24
	if opt+optSize+40*nsec > len(img) || optSize < 0x40 || nsec > exe.MaxSections {
		return
	}
	le.PutUint32(img[opt+16:], entryRVA)
	le.PutUint32(img[opt+36:], le.Uint32(img[opt+32:])) // FileAlignment = SectionAlignment
	for i := 0; i < nsec; i++ {
		s := img[opt+optSize+40*i:]
		va, vs := le.Uint32(s[12:]), le.Uint32(s[8:])
		if vs == 0 {
			vs = le.Uint32(s[16:])
		}
		if uint64(va)+uint64(vs) > uint64(len(img)) {
			vs = uint32(max(0, len(img)-int(va)))
		}
		le.PutUint32(s[16:], vs)
		le.PutUint32(s[20:], va)
	}
}

// describe summarises a machine's stop for tests and events.
func describe(m *Machine) string {
	return strings.TrimSpace(fmt.Sprintf("%s after %d instructions", m.Stopped(), m.Steps()))
}
