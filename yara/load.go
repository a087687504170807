package yara

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"go/token"
	"io"
	"math"

	"github.com/overt-sec/overt/yara/check"
	"github.com/overt-sec/overt/yara/internal/cond"
	"github.com/overt-sec/overt/yara/internal/pattern"
	"github.com/overt-sec/overt/yara/syntax"

	"github.com/overt-sec/overt/yara/internal/wire"
)

// LoadRules reads rules saved by Rules.Save. It fails, saying why, on a
// file that is not an overt rules file (yara's compiled .yarc files are
// not supported), of another version, truncated or corrupt (SHA-256
// checksum, then every table checked for consistency).
//
// Loading decodes the compiled strings and builds the automaton from their
// atoms; only the conditions are compiled again, from the file's
// skeletons (skeleton.go). Measured on dev-2c with Yara-Rules (12,828
// rules): overt scan -C of the saved file takes about a tenth of the CPU
// time of compiling the sources.
func LoadRules(r io.Reader) (*Rules, error) {
	var hdr [headerLen]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("yara: load rules: reading the header: %w", err)
	}
	if string(hdr[:4]) == "YARA" {
		return nil, errors.New("yara: load rules: this is a yara compiled rules file (.yarc); overt does not load those: compile the rule sources with overt instead")
	}
	if string(hdr[:8]) != rulesMagic {
		return nil, errors.New("yara: load rules: not an overt rules file (bad magic)")
	}
	if v := binary.LittleEndian.Uint32(hdr[8:]); v != rulesFileVersion {
		return nil, fmt.Errorf("yara: load rules: rules file version %d, this overt reads version %d: compile the rule sources again", v, rulesFileVersion)
	}
	n := binary.LittleEndian.Uint64(hdr[12:])
	if n > maxRulesFileSize {
		return nil, fmt.Errorf("yara: load rules: payload of %d bytes, more than the limit of %d", n, maxRulesFileSize)
	}
	var buf bytes.Buffer
	// One allocation for files up to loadPrealloc; the declared length of
	// a larger file is trusted only as the data arrives.
	buf.Grow(int(min(n+sha256.Size, loadPrealloc)))
	if _, err := io.CopyN(&buf, r, int64(n)+sha256.Size); err != nil {
		return nil, fmt.Errorf("yara: load rules: truncated file: %w", err)
	}
	all := buf.Bytes()
	payload, sum := all[:n], all[n:]
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return nil, errors.New("yara: load rules: checksum mismatch: the file is corrupt")
	}
	rules, err := decodeRules(payload)
	if err != nil {
		return nil, fmt.Errorf("yara: load rules: corrupt payload: %w", err)
	}
	return rules, nil
}

// loadPrealloc is how much of a rules file's declared length LoadRules
// allocates before reading: the largest public rule sets save to a few
// megabytes, and a corrupt length then costs at most this much.
const loadPrealloc = 64 << 20

// savedNS is one namespace of a rules file.
type savedNS struct {
	name  string
	skel  string
	rules []int // global index of each local rule
	leads []leadGuard
}

// decodeRules decodes a payload into Rules. Tables grow as their entries
// are read, so a corrupt count costs no more memory than the payload's
// own size.
func decodeRules(p []byte) (*Rules, error) {
	d := &decoder{wire.Decoder{B: p}}
	sv := &savedRules{}
	ext := map[string]any{}
	for i, n := 0, d.Count(1); i < n && d.Err == nil; i++ {
		name := d.str()
		v := d.value()
		if _, dup := ext[name]; dup {
			d.Fail("external %q defined twice", name)
		}
		ext[name] = v
		sv.externals = append(sv.externals, external{name: name, value: v})
	}
	var spaces []savedNS
	for i, n := 0, d.Count(1); i < n && d.Err == nil; i++ {
		spaces = append(spaces, savedNS{})
		ns := &spaces[i]
		ns.name, ns.skel = d.str(), d.str()
		ns.rules = make([]int, d.Count(1))
		for j := range ns.rules {
			ns.rules[j] = int(d.Uvarint())
		}
		ns.leads = make([]leadGuard, d.Count(1))
		for j := range ns.leads {
			ns.leads[j] = leadGuard{rule: d.int32(), guard: d.int32()}
		}
	}
	r := &Rules{}
	for i, n := 0, d.Count(1); i < n && d.Err == nil; i++ {
		r.rules = append(r.rules, ruleDesc{})
		rd := &r.rules[i]
		if n := d.Count(1); n > 0 {
			rd.tags = make([]string, n)
			for j := range rd.tags {
				rd.tags[j] = d.str()
			}
		}
		if n := d.Count(1); n > 0 {
			rd.meta = make([]Meta, n)
			for j := range rd.meta {
				rd.meta[j] = Meta{Key: d.str(), Value: d.value()}
			}
		}
	}
	var saved []strDesc
	for i, n := 0, d.Count(1); i < n && d.Err == nil; i++ {
		saved = append(saved, strDesc{})
		s := &saved[i]
		fl := d.Byte()
		if fl&^strFlagsAll != 0 {
			d.Fail("string %d: unknown flags %#x", i, fl)
		}
		s.private, s.hex, s.single = fl&strPrivate != 0, fl&strHex != 0, fl&strSingle != 0
		s.fixed, s.atOnly, s.unused = fl&strFixed != 0, fl&strAtOnly != 0, fl&strUnused != 0
		s.at = d.Varint()
		s.guard = d.int32()
	}
	for i, n := 0, d.Count(1); i < n && d.Err == nil; i++ {
		r.guards = append(r.guards, guard{})
		g := &r.guards[i]
		g.off, g.size, g.big, g.want = d.Varint(), int64(d.Byte()), d.Bool(), d.Varint()
		if g.size != 1 && g.size != 2 && g.size != 4 {
			d.Fail("guard %d reads %d bytes", i, g.size)
		}
	}
	stored := make([]bool, len(saved))
	nStored := 0
	for i := range stored {
		stored[i] = d.Bool()
		if stored[i] {
			nStored++
		}
	}
	if d.Err != nil {
		return nil, d.Err
	}
	// The compiled strings decode, and the automaton builds from their
	// atoms, while the conditions compile. A string not stored compiled
	// is compiled from the skeleton: the automaton then waits for it.
	type decoded struct {
		pats []*pattern.Pattern
		auto *Rules // the automaton part of the Rules, when built early
		err  error
	}
	done := make(chan decoded, 1)
	go func() {
		pats, rest, err := pattern.DecodeAll(d.B, nStored)
		if err == nil && len(rest) != 0 {
			err = fmt.Errorf("%d bytes after the end", len(rest))
		}
		var auto *Rules
		if err == nil && nStored == len(stored) {
			auto = &Rules{patterns: pats}
			err = auto.buildAutomaton()
		}
		done <- decoded{pats, auto, err}
	}()
	err := r.linkSpaces(spaces, saved, stored, ext)
	dec := <-done
	if err != nil {
		return nil, err
	}
	if dec.err != nil {
		return nil, dec.err
	}
	next := 0
	for i, s := range stored {
		if s {
			r.patterns[i] = dec.pats[next]
			next++
		}
	}
	if a := dec.auto; a != nil {
		r.atoms, r.auto, r.fullScan = a.atoms, a.auto, a.fullScan
	} else if err := r.buildAutomaton(); err != nil {
		return nil, err
	}
	sv.skeletons = make([]string, len(spaces))
	for i := range spaces {
		sv.skeletons[i] = spaces[i].skel
	}
	r.save = sv
	return r, nil
}

// linkSpaces compiles the conditions of each namespace's skeleton and
// fills in the rule and string tables; strings not stored compiled are
// compiled from their definitions in the skeleton.
func (r *Rules) linkSpaces(spaces []savedNS, saved []strDesc, stored []bool, ext map[string]any) error {
	r.strs = make([]strDesc, 0, len(saved))
	r.patterns = make([]*pattern.Pattern, len(saved))
	seen := make([]bool, len(r.rules))
	for nsi := range spaces {
		ns := &spaces[nsi]
		fset := token.NewFileSet()
		prog, ds := syntax.LoadSource(fset, ns.name, []byte(ns.skel), syntax.LoadOptions{DisableIncludes: true})
		if ds.HasErrors() {
			return fmt.Errorf("namespace %s: %w", ns.name, ds.Err())
		}
		info, cds := check.Check(fset, prog, &check.Config{Externals: ext})
		if cds.HasErrors() {
			return fmt.Errorf("namespace %s: %w", ns.name, cds.Err())
		}
		local := prog.Rules()
		if len(local) != len(ns.rules) {
			return fmt.Errorf("namespace %s: %d rules in the skeleton, %d in the table", ns.name, len(local), len(ns.rules))
		}
		ids := cond.IDs{Strings: map[*syntax.StringDef]int{}, Rules: make(map[*syntax.Rule]int, len(local))}
		nr := &nsRules{name: ns.name, strBase: len(r.strs), rules: ns.rules, leads: ns.leads}
		for li, sr := range local {
			gi := ns.rules[li]
			if gi < 0 || gi >= len(r.rules) || seen[gi] {
				return fmt.Errorf("namespace %s: rule %s: bad or repeated global index %d", ns.name, sr.Name.Name, gi)
			}
			seen[gi] = true
			ids.Rules[sr] = li
			rd := &r.rules[gi]
			rd.ns, rd.local, rd.name, rd.private, rd.global = nsi, li, sr.Name.Name, sr.Private, sr.Global
			for _, sd := range sr.Strings {
				gs := len(r.strs)
				if gs >= len(saved) {
					return fmt.Errorf("namespace %s: more strings in the skeletons than in the table", ns.name)
				}
				ids.Strings[sd] = nr.nStrs
				nr.nStrs++
				desc := saved[gs]
				desc.name, desc.rule = sd.Name, gi
				if desc.guard < -1 || int(desc.guard) >= len(r.guards) {
					return fmt.Errorf("string %d: guard %d out of range", gs, desc.guard)
				}
				r.strs = append(r.strs, desc)
				rd.strs = append(rd.strs, gs)
				if !stored[gs] {
					p, err := pattern.Compile(sd)
					if err != nil {
						return fmt.Errorf("namespace %s: rule %s: %w", ns.name, sr.Name.Name, err)
					}
					r.patterns[gs] = p
				}
			}
		}
		for _, l := range ns.leads {
			if l.rule < 0 || int(l.rule) >= len(local) || l.guard < 0 || int(l.guard) >= len(r.guards) {
				return fmt.Errorf("namespace %s: leading guard (%d, %d) out of range", ns.name, l.rule, l.guard)
			}
		}
		cp, err := cond.Compile(prog, info, ids)
		if err != nil {
			return fmt.Errorf("namespace %s: %w", ns.name, err)
		}
		nr.prog = cp
		r.spaces = append(r.spaces, nr)
	}
	if len(r.strs) != len(saved) {
		return fmt.Errorf("%d strings in the skeletons, %d in the table", len(r.strs), len(saved))
	}
	for gi, ok := range seen {
		if !ok {
			return fmt.Errorf("rule %d is in no namespace", gi)
		}
	}
	return nil
}

// decoder reads the payload; the first error sticks and makes every later
// read return zero values.
type decoder struct {
	wire.Decoder
}

// int32 reads a varint or uvarint stored number that fits in an int32
// (varint for values that may be -1).
func (d *decoder) int32() int32 {
	v := d.Varint()
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.Fail("integer %d out of range", v)
		return 0
	}
	return int32(v)
}

func (d *decoder) str() string { return string(d.Bytes()) }

// value reads a typed external or metadata value.
func (d *decoder) value() any {
	switch d.Byte() {
	case extInt:
		return int64(d.Uvarint())
	case extFloat:
		return math.Float64frombits(d.Uvarint())
	case extBool:
		return d.Bool()
	case extString:
		return d.str()
	}
	d.Fail("unknown value type")
	return nil
}
