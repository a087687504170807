// Package all registers every container format with content.Register:
// import it for its side effect and use content.Sniff as the Walker's
// Sniffer. Each format package registers itself from its init function;
// add one import line here per new format package.
package all

import (
	_ "github.com/overt-sec/overt/content/arj"         // ARJ archives
	_ "github.com/overt-sec/overt/content/bz2"         // bzip2 streams
	_ "github.com/overt-sec/overt/content/cab"         // Microsoft cabinets
	_ "github.com/overt-sec/overt/content/chm"         // compiled HTML help
	_ "github.com/overt-sec/overt/content/cpio"        // cpio archives
	_ "github.com/overt-sec/overt/content/doc/docs"    // documents and mail
	_ "github.com/overt-sec/overt/content/exe/autoit"  // compiled AutoIt scripts
	_ "github.com/overt-sec/overt/content/exe/emu"     // packed executables, by emulation
	_ "github.com/overt-sec/overt/content/exe/ishield" // InstallShield setups
	_ "github.com/overt-sec/overt/content/exe/nsis"    // NSIS installers
	_ "github.com/overt-sec/overt/content/gz"          // gzip streams
	_ "github.com/overt-sec/overt/content/html"        // data: URLs in HTML
	_ "github.com/overt-sec/overt/content/iso"         // ISO 9660 images
	_ "github.com/overt-sec/overt/content/rar"         // rar archives
	_ "github.com/overt-sec/overt/content/sevenz"      // 7z archives
	_ "github.com/overt-sec/overt/content/sis"         // Symbian (EPOC) installers
	_ "github.com/overt-sec/overt/content/szdd"        // COMPRESS.EXE (SZDD, KWAJ) files
	_ "github.com/overt-sec/overt/content/tar"         // tar archives
	_ "github.com/overt-sec/overt/content/xz"          // xz streams
	_ "github.com/overt-sec/overt/content/zip"         // zip archives
	_ "github.com/overt-sec/overt/content/zstd"        // zstd streams
)
