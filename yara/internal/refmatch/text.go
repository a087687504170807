package refmatch

// isAlnum reports whether b is an ASCII letter or digit: the bytes that
// break a fullword match (the underscore does not).
func isAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// fullwordOK reports whether a match of data[off:end] is delimited as the
// fullword modifier requires. The raw bytes around the match are examined
// (for xor strings too: yara does not decode them with the key). In the
// ascii form the byte before and the byte after must not be alphanumeric;
// in the wide form the two-byte characters before and after must not be an
// alphanumeric byte followed by a zero byte.
func fullwordOK(data []byte, off, end int, wide bool) bool {
	if !wide {
		if off > 0 && isAlnum(data[off-1]) {
			return false
		}
		return end >= len(data) || !isAlnum(data[end])
	}
	if off >= 2 && data[off-1] == 0 && isAlnum(data[off-2]) {
		return false
	}
	return !(end+1 < len(data) && data[end+1] == 0 && isAlnum(data[end]))
}

// widen returns s with a zero byte after each byte (UTF-16LE for ASCII text).
func widen(s []byte) []byte {
	w := make([]byte, 0, 2*len(s))
	for _, b := range s {
		w = append(w, b, 0)
	}
	return w
}

// lower folds an ASCII upper-case letter to lower case.
func lower(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// literalAt reports whether pat occurs at data[off:], comparing ASCII letters
// without regard to case when nocase is set.
func literalAt(data []byte, off int, pat []byte, nocase bool) bool {
	if off+len(pat) > len(data) {
		return false
	}
	for i, p := range pat {
		d := data[off+i]
		if d != p && !(nocase && lower(d) == lower(p)) {
			return false
		}
	}
	return true
}

// findText finds the matches of a text string: its ascii and/or wide forms,
// case-folded with nocase, xored with every key of the xor range.
func findText(s []byte, m modifiers, data []byte) []candidate {
	type form struct {
		pat  []byte
		wide bool
		rank int
	}
	var forms []form
	if m.asciiForm() {
		forms = append(forms, form{s, false, 0})
	}
	if m.wide {
		forms = append(forms, form{widen(s), true, 1})
	}
	var out []candidate
	if len(s) == 0 {
		return nil // yara rejects empty text strings; nothing to match
	}
	keyMin, keyMax := -1, -1
	if m.xor {
		keyMin, keyMax = m.xorMin, m.xorMax
	}
	for _, f := range forms {
		for key := keyMin; key <= keyMax; key++ {
			pat := f.pat
			if key >= 0 {
				pat = make([]byte, len(f.pat))
				for i, b := range f.pat {
					pat[i] = b ^ byte(key)
				}
			}
			for off := 0; off+len(pat) <= len(data); off++ {
				if !literalAt(data, off, pat, m.nocase) {
					continue
				}
				if m.fullword && !fullwordOK(data, off, off+len(pat), f.wide) {
					continue
				}
				out = append(out, candidate{Match{Offset: off, Length: len(pat), XorKey: key, Wide: f.wide}, f.rank})
			}
		}
	}
	return out
}
