// Package ishield opens InstallShield setup executables for --unpack: the
// files their setup stub carries after the PE sections. Two layouts are
// known, both learnt from the files:
//
//   - plain (InstallShield 11 "Setup.exe" with the setup files in the
//     overlay): for each file, four NUL-terminated strings — the file name,
//     its path on the medium ("Disk1\data1.cab"), a version ("0.0.0.0") and
//     the size in decimal — then the size bytes of data, stored as is;
//
//   - "InstallShield" (InstallShield 12+ "setupW.exe" launchers for MSI
//     packages): after the overlay's first bytes (debug data), the
//     NUL-terminated signature "InstallShield", a 32-bit file count and
//     padding to 46 bytes; then, for each file, its name in a 260-byte
//     field, a 52-byte descriptor (flags, then at offset 8 the data size)
//     and the data. Flag 2 marks encrypted data: each byte is rotated by
//     four bits, XORed with the key and complemented; the key is the file
//     name XORed with 13 35 86 07 repeated, and with flag 4 its index
//     restarts every 1024 bytes. The decrypted data is a zlib stream in
//     the files seen, else stored.
//
// Each file is yielded under its path (plain) or name ("InstallShield").
// The cabinets and MSI packages inside are opened by their own extractors.
package ishield

import (
	"context"
	"io"

	"github.com/overt-sec/overt/content"
	"github.com/overt-sec/overt/content/exe"
)

func init() { exe.Register(exe.Handler{Name: "installshield", Extract: Extract}) }

// Limits, each with its reason.
const (
	// MaxName bounds a file name or path string of the plain layout:
	// Windows' MAX_PATH is 260.
	MaxName = 260
	// MaxFiles bounds the files read from one setup: real setups carry
	// a few dozen.
	MaxFiles = 10_000
	// MaxSearch is how far into the overlay the "InstallShield" signature
	// is looked for: the stub's debug data before it is a few hundred
	// bytes; searching further would cost every PE scanned.
	MaxSearch = 4 << 10
)

// Extract is the exe.Handler of InstallShield setups.
func Extract(ctx context.Context, f *exe.File, b *content.Budget, yield func(string, io.Reader) error) (bool, error) {
	if f.Overlay >= f.Size {
		return false, nil
	}
	if ok, err := extractPlain(ctx, f, b, yield); ok || err != nil {
		return true, err
	}
	return extractSigned(ctx, f, b, yield)
}
