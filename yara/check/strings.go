package check

import (
	"bytes"
	"go/token"
	"strings"

	rxsyntax "github.com/overt-sec/overt/yara/regex/syntax"
	"github.com/overt-sec/overt/yara/syntax"
)

// stringDefs checks the strings section of r: duplicate identifiers, empty
// text strings, modifier combinations and regular expression syntax. The
// parser has already rejected duplicated modifiers, modifiers the kind of
// string does not take, and bad modifier arguments.
func (c *checker) stringDefs(r *syntax.Rule) {
	for _, s := range r.Strings {
		if s == nil {
			continue
		}
		if s.Name != "$" {
			if prev := c.strs[s.Name]; prev != nil {
				c.errorf(s.Pos(), CodeDuplicateString, "duplicated string identifier %q (first defined at %s)",
					s.Name, c.fset.Position(prev.Pos()))
			} else {
				c.strs[s.Name] = s
			}
		}
		switch v := s.Value.(type) {
		case *syntax.TextString:
			if len(v.Value) == 0 {
				c.errorf(v.Pos(), CodeEmptyString, "empty string %q", s.Name)
			}
		case *syntax.RegexString:
			if v.Regex != nil {
				c.regex(v.Regex, hasModifier(s, syntax.ModNocase))
			}
		}
		c.modifiers(s)
	}
}

// hasModifier reports whether s has a modifier of kind k.
func hasModifier(s *syntax.StringDef, k syntax.ModKind) bool {
	return findModifier(s, k) != nil
}

// findModifier returns the first modifier of kind k of s, or nil.
func findModifier(s *syntax.StringDef, k syntax.ModKind) *syntax.Modifier {
	for _, m := range s.Modifiers {
		if m != nil && m.Kind == k {
			return m
		}
	}
	return nil
}

// modifierConflicts lists the pairs of modifiers YARA refuses to combine
// (verified with yarac: each pair fails in either order).
var modifierConflicts = [][2]syntax.ModKind{
	{syntax.ModXor, syntax.ModNocase},
	{syntax.ModXor, syntax.ModBase64},
	{syntax.ModXor, syntax.ModBase64Wide},
	{syntax.ModBase64, syntax.ModNocase},
	{syntax.ModBase64, syntax.ModFullword},
	{syntax.ModBase64Wide, syntax.ModNocase},
	{syntax.ModBase64Wide, syntax.ModFullword},
}

// modifiers reports incompatible modifier pairs of s, at the later of the two.
func (c *checker) modifiers(s *syntax.StringDef) {
	for _, pair := range modifierConflicts {
		a, b := findModifier(s, pair[0]), findModifier(s, pair[1])
		if a == nil || b == nil {
			continue
		}
		later := a
		if b.Pos() > a.Pos() {
			later = b
		}
		c.errorf(later.Pos(), CodeModifierConflict, "invalid modifier combination: %s and %s in %q",
			a.Kind, b.Kind, s.Name)
	}
	b64, b64w := findModifier(s, syntax.ModBase64), findModifier(s, syntax.ModBase64Wide)
	if b64 != nil && b64w != nil && !sameAlphabet(b64.Alphabet, b64w.Alphabet) {
		later := b64
		if b64w.Pos() > b64.Pos() {
			later = b64w
		}
		c.errorf(later.Pos(), CodeModifierConflict, "can not specify multiple alphabets in %q", s.Name)
	}
}

// sameAlphabet reports whether two base64 alphabets (nil meaning the
// standard one) are the same.
func sameAlphabet(a, b *syntax.StringLit) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return bytes.Equal(a.Value, b.Value)
}

// regex checks the syntax of a regular expression literal, positioning an
// error at the offending byte of the pattern when the parser says where.
func (c *checker) regex(r *syntax.RegexLit, nocase bool) {
	var flags rxsyntax.Flags
	if r.CaseInsensitive || nocase {
		flags |= rxsyntax.FoldCase
	}
	if r.DotAll {
		flags |= rxsyntax.DotAll
	}
	_, err := rxsyntax.Parse(r.Pattern, flags)
	if err == nil {
		return
	}
	pos := r.Pos()
	msg := err.Error()
	if e, ok := err.(*rxsyntax.Error); ok {
		msg = e.Msg
		if e.Offset >= 0 && e.Offset <= len(r.Pattern) {
			pos += token.Pos(1 + e.Offset)
		}
	}
	c.errorf(pos, CodeRegex, "invalid regular expression: %s", msg)
}

// unusedStrings reports the strings of r that its condition never
// references. YARA 4.5 exempts identifiers starting with "$_".
func (c *checker) unusedStrings(r *syntax.Rule) {
	if r.Condition == nil {
		return // the condition failed to parse: usage is unknown
	}
	for _, s := range r.Strings {
		if s == nil || c.used[s] || strings.HasPrefix(s.Name, "$_") || (s.Name != "$" && c.strs[s.Name] != s) {
			continue
		}
		c.errorf(s.Pos(), CodeUnusedString, "unreferenced string %q", s.Name)
	}
}
