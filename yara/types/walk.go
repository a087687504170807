package types

import (
	"sort"
	"strings"
)

// Walk calls fn for every field reachable from s, depth first in
// declaration order. path is the field's access path from s written as in a
// condition, with [i] for an array element and [k] for a dictionary entry:
// "sections[i].name", "version_info", "struct_dict[k].s". since is the
// latest Since along the path (a field inside a 4.3 struct is 4.3 too).
func Walk(s *Struct, fn func(path string, f *Field, since string)) {
	walkStruct(s, "", "", fn, 0)
}

func walkStruct(s *Struct, prefix, since string, fn func(string, *Field, string), depth int) {
	if s == nil || depth > maxTypeDepth {
		return
	}
	for _, f := range s.Fields {
		path := prefix + f.Name
		fs := laterVersion(since, f.Since)
		fn(path, f, fs)
		walkType(f.Type, path, fs, fn, depth+1)
	}
}

func walkType(t *Type, path, since string, fn func(string, *Field, string), depth int) {
	if depth > maxTypeDepth {
		return
	}
	switch t.Kind {
	case Structure:
		walkStruct(t.Struct, path+".", since, fn, depth)
	case Array:
		walkType(t.Elem, path+"[i]", since, fn, depth+1)
	case Dictionary:
		walkType(t.Elem, path+"[k]", since, fn, depth+1)
	}
}

// laterVersion returns the later of two "major.minor" versions; empty means
// "no later than the reference".
func laterVersion(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	if CompareVersions(a, b) >= 0 {
		return a
	}
	return b
}

// CompareVersions compares dotted numeric versions such as "4.3" and
// "4.10", returning -1, 0 or +1. Missing components count as zero and
// non-digits end a component.
func CompareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) || i < len(bs); i++ {
		x, y := versionPart(as, i), versionPart(bs, i)
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}

// maxVersionPart caps a version component so a silly version string cannot
// overflow; real components are below 100.
const maxVersionPart = 1 << 20

func versionPart(parts []string, i int) int {
	if i >= len(parts) {
		return 0
	}
	n := 0
	for _, c := range parts[i] {
		if c < '0' || c > '9' {
			break
		}
		if n < maxVersionPart {
			n = n*10 + int(c-'0')
		}
	}
	return n
}

// Dump describes every field of s, one line per field (one per overload for
// functions), sorted: "path<TAB>type", followed by " = value" for constants,
// "<TAB>since X" for fields newer than yara 4.2.3 and "<TAB>note: …" when
// the field has a note. Golden tests compare it.
func Dump(s *Struct) []string {
	var lines []string
	Walk(s, func(path string, f *Field, since string) {
		suffix := ""
		if f.Note != "" {
			suffix = "\tnote: " + f.Note
		}
		if f.Type.Kind == Function {
			for _, sig := range f.Type.Func.Overloads {
				line := path + "\t" + sig.String()
				if v := laterVersion(since, sig.Since); v != "" {
					line += "\tsince " + v
				}
				lines = append(lines, line+suffix)
			}
			return
		}
		line := path + "\t" + f.Type.String()
		if f.Const != nil {
			line += " = " + f.Const.String()
		}
		if since != "" {
			line += "\tsince " + since
		}
		lines = append(lines, line+suffix)
	})
	sort.Strings(lines)
	return lines
}
