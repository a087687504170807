package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/overt-sec/overt/yara/types"
)

// Config configures a Check.
type Config struct {
	// Externals holds the external variables, by name. A value is an int64
	// (int is accepted too), a float64, a bool or a string, exactly as
	// `yara -d name=value` would type it (see ParseExternal).
	Externals map[string]any

	// Modules looks up the schema of an imported module; nil means
	// modules.Lookup.
	Modules func(name string) (*types.Struct, bool)
}

// ParseExternal splits a `yara -d` argument "name=value" and types the value
// the way yara does: "true" and "false" are booleans; an optional "-"
// followed by decimal digits is an int64; an optional "-", digits, "." and
// optional digits is a float64; anything else (including "0x10", "+5",
// ".5" and quoted text, quotes kept) is a string. The value is everything
// after the first "=". Unlike yara, which silently saturates, an integer
// that does not fit in int64 is an error.
func ParseExternal(s string) (name string, value any, err error) {
	name, v, ok := strings.Cut(s, "=")
	if !ok || name == "" {
		return "", nil, fmt.Errorf("external %q: want name=value", s)
	}
	switch {
	case v == "true":
		return name, true, nil
	case v == "false":
		return name, false, nil
	case isDecimal(v):
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "", nil, fmt.Errorf("external %q: integer %s out of range", name, v)
		}
		return name, n, nil
	case isDecimalFloat(v):
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return "", nil, fmt.Errorf("external %q: float %s out of range", name, v)
		}
		return name, f, nil
	}
	return name, v, nil
}

// isDecimal reports whether s is an optional "-" and one or more decimal digits.
func isDecimal(s string) bool {
	s = strings.TrimPrefix(s, "-")
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// isDecimalFloat reports whether s is an optional "-", one or more decimal
// digits, a "." and zero or more digits.
func isDecimalFloat(s string) bool {
	intPart, frac, ok := strings.Cut(s, ".")
	return ok && isDecimal(intPart) && strings.Trim(frac, "0123456789") == ""
}

// normalizeExternal converts an external value to int64, float64, bool or
// string, reporting false for any other type.
func normalizeExternal(v any) (any, bool) {
	switch x := v.(type) {
	case int64, float64, bool, string:
		return x, true
	case int:
		return int64(x), true
	case int32:
		return int64(x), true
	case float32:
		return float64(x), true
	case []byte:
		return string(x), true
	}
	return nil, false
}

// externalType is the type a condition sees for an external value. Boolean
// externals are integers 0 or 1 in YARA: `b == 1` and `b + 1` are valid.
func externalType(v any) *types.Type {
	switch v.(type) {
	case int64, bool:
		return types.IntegerType
	case float64:
		return types.FloatType
	case string:
		return types.StringType
	}
	return invalidType
}
