// Package ole looks inside OLE2 compound files (MS-CFB): Word, Excel and
// PowerPoint 97–2003 documents, MSI installers, Outlook .msg files, the
// vbaProject.bin of macro-enabled OOXML, and encrypted OOXML.
//
// Objects yielded, for macro.doc:
//
//	macro.doc!WordDocument              every stream, by its storage path
//	macro.doc!\x05SummaryInformation    (control characters written as \xNN)
//	macro.doc!Macros/VBA/ThisDocument   (the raw, compressed module stream)
//	macro.doc!#vba/ThisDocument         the module's VBA source, decompressed
//	report.doc!#package/invoice.exe     the file an OLE1 Package (Ole10Native) carries
//	slides.ppt!#ppt/object1             a PowerPoint embedded object (ExOleObjStg), decompressed
//
// VBA source is found through the project's dir stream (MS-OVBA), or, when
// that is damaged, by the "Attribut" marker every module starts with. MSI
// stream names are decoded from their packed form. Encrypted documents
// (encrypted OOXML, Word, Excel and PowerPoint with a password) are
// reported as EventEncrypted; their streams are still yielded.
package ole

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"io"
	"strings"

	"github.com/overt-sec/overt/content"
)

// MaxModules bounds the modules read from one VBA project: real projects
// have tens; each listed module costs a decompression.
const MaxModules = 4096

// VBAPrefix starts the names of decompressed VBA module sources.
const VBAPrefix = "#vba/"

func init() { content.Register(Sniff) }

// Extractor is the OLE2 compound file extractor.
type Extractor struct{}

// Name returns "ole".
func (Extractor) Name() string { return "ole" }

// Sniff recognises the compound file signature.
func Sniff(head []byte, _ string) content.Extractor {
	if bytes.HasPrefix(head, magic) {
		return Extractor{}
	}
	return nil
}

// Extract yields the VBA sources, then every stream.
func (Extractor) Extract(ctx context.Context, r io.ReaderAt, size int64, b *content.Budget, yield func(string, io.Reader) error) error {
	data, err := content.ReadPrefix(r, size, MaxFileRead, b)
	if err != nil {
		return fmt.Errorf("ole: %w", err)
	}
	c, err := openCFB(data)
	if err != nil {
		b.Event(content.EventCorrupt, "", "%v", err)
		return nil
	}
	defer func() {
		for _, p := range c.problems {
			b.Event(content.EventCorrupt, "", "%s", p)
		}
	}()
	if why := encrypted(c); why != "" {
		b.Event(content.EventEncrypted, "", "%s", why)
	}
	if err := yieldVBA(ctx, c, b, yield); err != nil {
		return err
	}
	if err := yieldPPT(ctx, c, b, yield); err != nil {
		return err
	}
	if err := yieldPackages(ctx, c, yield); err != nil {
		return err
	}
	for i := range c.entries {
		e := &c.entries[i]
		if e.typ != 2 || e.path == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := yield(e.path, bytes.NewReader(c.streamData(e))); err != nil {
			return err
		}
	}
	return nil
}

// find returns the stream at path p (case-insensitive), or nil.
func (c *cfb) find(p string) *dirEntry {
	if c.byPath == nil {
		c.byPath = map[string]*dirEntry{}
		for i := range c.entries {
			if e := &c.entries[i]; e.typ == 2 && e.path != "" {
				c.byPath[strings.ToLower(e.path)] = e
			}
		}
	}
	return c.byPath[strings.ToLower(p)]
}

// yieldVBA yields the decompressed source of every module of every VBA
// project storage.
func yieldVBA(ctx context.Context, c *cfb, b *content.Budget, yield func(string, io.Reader) error) error {
	project := 0
	for i := range c.entries {
		st := &c.entries[i]
		if st.typ != 1 || st.path == "" || !isVBAStorage(st.path) {
			continue
		}
		project++
		prefix := VBAPrefix
		if project > 1 {
			prefix = fmt.Sprintf("#vba%d/", project)
		}
		done := map[string]bool{}
		if dir := c.find(st.path + "/dir"); dir != nil {
			d, err := decompressVBA(c.streamData(dir))
			if err != nil {
				b.Event(content.EventCorrupt, dir.path, "decompressing dir stream: %v", err)
			}
			mods := parseDir(d)
			if len(mods) > MaxModules {
				b.Event(content.EventLimit, dir.path, "module count limit (%d) reached", MaxModules)
				mods = mods[:MaxModules]
			}
			for _, m := range mods {
				s := c.find(st.path + "/" + displayName(m.stream))
				if s == nil {
					b.Event(content.EventCorrupt, st.path, "module stream %q not found", m.stream)
					continue
				}
				raw := c.streamData(s)
				if int64(m.offset) > int64(len(raw)) {
					b.Event(content.EventCorrupt, s.path, "module offset %d beyond stream end (%d)", m.offset, len(raw))
					continue
				}
				src, err := decompressVBA(raw[m.offset:])
				if err != nil {
					b.Event(content.EventCorrupt, s.path, "decompressing module source: %v", err)
				}
				done[s.path] = true
				if err := yield(prefix+m.name, bytes.NewReader(src)); err != nil {
					return err
				}
			}
		}
		// Modules the dir stream did not list (or a damaged dir stream).
		for j := range c.entries {
			s := &c.entries[j]
			if s.typ != 2 || done[s.path] || !strings.HasPrefix(strings.ToLower(s.path), strings.ToLower(st.path)+"/") {
				continue
			}
			base := s.path[len(st.path)+1:]
			if strings.Contains(base, "/") || strings.EqualFold(base, "dir") || strings.HasPrefix(strings.ToLower(base), "_vba_project") || strings.HasPrefix(base, "__SRP_") {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if src, ok := findSource(c.streamData(s)); ok {
				if err := yield(prefix+base, bytes.NewReader(src)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// encrypted says why the file is encrypted, or "".
func encrypted(c *cfb) string {
	if c.find("EncryptedPackage") != nil {
		return "encrypted OOXML document (EncryptedPackage)"
	}
	if c.find("EncryptedSummary") != nil {
		return "encrypted PowerPoint document"
	}
	if w := c.find("WordDocument"); w != nil {
		d := c.streamData(w)
		if len(d) > 0x0B && d[0x0B]&0x01 != 0 {
			return "encrypted Word document (FIB fEncrypted)"
		}
	}
	for _, n := range []string{"Workbook", "Book"} {
		if w := c.find(n); w != nil {
			d := c.streamData(w)
			for pos, k := 0, 0; pos+4 <= len(d) && k < 64; k++ {
				id := binary.LittleEndian.Uint16(d[pos:])
				l := int(binary.LittleEndian.Uint16(d[pos+2:]))
				if id == 0x002F {
					return "encrypted Excel workbook (FILEPASS)"
				}
				if id == 0x000A && k > 0 {
					break
				}
				pos += 4 + l
			}
		}
	}
	return ""
}
