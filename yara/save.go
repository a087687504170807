package yara

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/overt-sec/overt/yara/internal/pattern"

	"github.com/overt-sec/overt/yara/internal/wire"
)

// The rules file format (Rules.Save, LoadRules):
//
//	magic    8 bytes  "OVRTRUL\x00"
//	version  uint32   little endian, rulesFileVersion
//	length   uint64   little endian, length of the payload
//	payload  length bytes
//	checksum 32 bytes SHA-256 of the payload
//
// The payload holds the compiled rules, with uvarint counts and lengths:
//
//	externals   name, type byte, value — as defined when compiling
//	namespaces  name, skeleton (skeleton.go), the global index of each of
//	            its rules, its leading guards (rule, guard)
//	rules       in global order: tags, metadata (key, type byte, value)
//	strings     by global ID: flags byte, fixed offset, guard
//	guards      offset, size, endianness, value
//	patterns    one byte per string (1: compiled form below, 0: compiled
//	            from its definition in the skeleton), then the compiled
//	            forms (pattern.AppendBinary)
//
// Loading parses and checks the skeletons, compiles their conditions,
// decodes the patterns and builds the automaton: it chooses no atoms and
// compiles no strings. The file describes one version of the engine: a
// file of another version is refused (compile the sources again).
const (
	rulesMagic       = "OVRTRUL\x00"
	rulesFileVersion = 2
	headerLen        = 8 + 4 + 8
)

// Types of external and metadata values in a rules file.
const (
	extInt    = 1
	extFloat  = 2
	extBool   = 3
	extString = 4
)

// Flags of a string in a rules file.
const (
	strPrivate = 1 << iota
	strHex
	strSingle
	strFixed
	strAtOnly
	strUnused
	strFlagsAll = 1<<iota - 1
)

// savedRules is what Save needs beyond the compiled tables: the externals,
// and either the sources the compiler read (skeletons are derived from
// them) or, for loaded rules, the skeletons themselves.
type savedRules struct {
	externals  []external
	noIncludes bool
	sources    []source
	files      map[string][]byte
	skeletons  []string // by namespace; nil for compiled rules
}

// external is one external variable.
type external struct {
	name  string
	value any
}

// Save writes the rules to w in overt's rules file format.
func (r *Rules) Save(w io.Writer) error {
	p, err := r.encode()
	if err != nil {
		return fmt.Errorf("yara: save: %w", err)
	}
	var hdr [headerLen]byte
	copy(hdr[:], rulesMagic)
	binary.LittleEndian.PutUint32(hdr[8:], rulesFileVersion)
	binary.LittleEndian.PutUint64(hdr[12:], uint64(len(p)))
	sum := sha256.Sum256(p)
	for _, b := range [][]byte{hdr[:], p, sum[:]} {
		if _, err := w.Write(b); err != nil {
			return fmt.Errorf("yara: save: %w", err)
		}
	}
	return nil
}

// encode returns the payload of the rules file.
func (r *Rules) encode() ([]byte, error) {
	sv := r.save
	if sv == nil {
		return nil, errors.New("the rules hold nothing to save")
	}
	var pats []byte
	stored := make([]bool, len(r.patterns))
	for i, pt := range r.patterns {
		var err error
		pats, err = pt.AppendBinary(pats)
		switch {
		case err == nil:
			stored[i] = true
		case !errors.Is(err, pattern.ErrNotEncodable):
			return nil, err
		}
	}
	skels := sv.skeletons
	if skels == nil {
		var err error
		if skels, err = sv.deriveSkeletons(r, stored); err != nil {
			return nil, err
		}
	}
	if len(skels) != len(r.spaces) {
		return nil, fmt.Errorf("%d skeletons for %d namespaces", len(skels), len(r.spaces))
	}
	b := make([]byte, 0, len(pats)+1<<20)
	b = binary.AppendUvarint(b, uint64(len(sv.externals)))
	for _, e := range sv.externals {
		b = wire.AppendString(b, e.name)
		var err error
		if b, err = appendValue(b, e.value); err != nil {
			return nil, fmt.Errorf("external %q: %w", e.name, err)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(r.spaces)))
	for i, nr := range r.spaces {
		b = wire.AppendString(b, nr.name)
		b = wire.AppendString(b, skels[i])
		b = binary.AppendUvarint(b, uint64(len(nr.rules)))
		for _, gi := range nr.rules {
			b = binary.AppendUvarint(b, uint64(gi))
		}
		b = binary.AppendUvarint(b, uint64(len(nr.leads)))
		for _, l := range nr.leads {
			b = binary.AppendVarint(b, int64(l.rule))
			b = binary.AppendVarint(b, int64(l.guard))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(r.rules)))
	for i := range r.rules {
		d := &r.rules[i]
		b = binary.AppendUvarint(b, uint64(len(d.tags)))
		for _, t := range d.tags {
			b = wire.AppendString(b, t)
		}
		b = binary.AppendUvarint(b, uint64(len(d.meta)))
		for _, m := range d.meta {
			b = wire.AppendString(b, m.Key)
			var err error
			if b, err = appendValue(b, m.Value); err != nil {
				return nil, fmt.Errorf("rule %s: meta %s: %w", d.name, m.Key, err)
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(r.strs)))
	for i := range r.strs {
		s := &r.strs[i]
		var fl byte
		for _, f := range []struct {
			on  bool
			bit byte
		}{{s.private, strPrivate}, {s.hex, strHex}, {s.single, strSingle}, {s.fixed, strFixed}, {s.atOnly, strAtOnly}, {s.unused, strUnused}} {
			if f.on {
				fl |= f.bit
			}
		}
		b = append(b, fl)
		b = binary.AppendVarint(b, s.at)
		b = binary.AppendVarint(b, int64(s.guard))
	}
	b = binary.AppendUvarint(b, uint64(len(r.guards)))
	for _, g := range r.guards {
		b = binary.AppendVarint(b, g.off)
		b = append(b, byte(g.size))
		b = wire.AppendBool(b, g.big)
		b = binary.AppendVarint(b, g.want)
	}
	for _, s := range stored {
		b = wire.AppendBool(b, s)
	}
	return append(b, pats...), nil
}

// appendValue appends a typed external or metadata value.
func appendValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case int64:
		b = append(b, extInt)
		return binary.AppendUvarint(b, uint64(v)), nil
	case float64:
		b = append(b, extFloat)
		return binary.AppendUvarint(b, math.Float64bits(v)), nil
	case bool:
		b = append(b, extBool)
		return wire.AppendBool(b, v), nil
	case string:
		b = append(b, extString)
		return wire.AppendString(b, v), nil
	}
	return nil, fmt.Errorf("unsupported type %T", v)
}
