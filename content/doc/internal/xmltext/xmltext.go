// Package xmltext extracts the readable text of an XML document part
// (OOXML, ODF): the character data of chosen elements, joined across the
// runs and spans that split it, with paragraph ends turned into newlines
// and entities decoded. The document extractors build their "#text" view
// with it.
package xmltext

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
)

// MaxSpaces bounds one ODF <text:s text:c="N"/> run of spaces: the count is
// attacker-chosen and a real document never needs more.
const MaxSpaces = 1024

// Config says which elements matter, by local name (namespace prefix
// ignored).
type Config struct {
	Text  map[string]bool // character data inside these elements is text; nil means all
	Para  map[string]bool // the end of these elements writes a newline
	Tab   map[string]bool // these (empty) elements write a tab
	Break map[string]bool // these (empty) elements write a newline
	Space map[string]bool // these write spaces, as many as their "c" attribute (ODF text:s)
	Skip  map[string]bool // the subtree of these is ignored
}

// ErrTooLong is returned when the text reaches the caller's bound.
var ErrTooLong = errors.New("text view size limit reached")

// Extract appends to out the text of the XML read from r; it stops with
// ErrTooLong once out holds max bytes. A malformed document yields the text
// read before the error, and the error.
func Extract(out *bytes.Buffer, r io.Reader, cfg *Config, max int) error {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil }
	inText := 0 // depth inside Text elements
	skip := 0   // depth inside Skip elements
	write := func(s []byte) error {
		if out.Len()+len(s) > max {
			out.Write(s[:max-out.Len()])
			return ErrTooLong
		}
		out.Write(s)
		return nil
	}
	for {
		tok, err := d.RawToken()
		if err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := t.Name.Local
			if skip > 0 || cfg.Skip[n] {
				skip++
				continue
			}
			if cfg.Text[n] {
				inText++
			}
			var s []byte
			switch {
			case cfg.Tab[n]:
				s = []byte{'\t'}
			case cfg.Break[n]:
				s = []byte{'\n'}
			case cfg.Space[n]:
				c := 1
				for _, a := range t.Attr {
					if a.Name.Local == "c" {
						if v, err := strconv.Atoi(a.Value); err == nil && v > 0 {
							c = min(v, MaxSpaces)
						}
					}
				}
				s = bytes.Repeat([]byte{' '}, c)
			}
			if s != nil {
				if err := write(s); err != nil {
					return err
				}
			}
		case xml.EndElement:
			n := t.Name.Local
			if skip > 0 {
				skip--
				continue
			}
			if cfg.Text[n] && inText > 0 {
				inText--
			}
			if cfg.Para[n] {
				if err := write([]byte{'\n'}); err != nil {
					return err
				}
			}
		case xml.CharData:
			if skip > 0 || (cfg.Text != nil && inText == 0) {
				continue
			}
			if err := write(t); err != nil {
				return err
			}
		}
	}
}
