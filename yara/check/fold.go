package check

import (
	"math"

	"github.com/overt-sec/overt/yara/syntax"
)

// foldInt computes a op b on int64 and reports false if the result
// overflows. The divisor of \ and % is non-zero and a shift count is not
// negative (the caller checked). Shifts by 64 or more give 0, as in YARA.
func foldInt(op syntax.Token, a, b int64) (int64, bool) {
	switch op {
	case syntax.ADD:
		r := a + b
		return r, (a >= 0) != (b >= 0) || (r >= 0) == (a >= 0)
	case syntax.SUB:
		r := a - b
		return r, (a >= 0) == (b >= 0) || (r >= 0) == (a >= 0)
	case syntax.MUL:
		// YARA's test, reproduced exactly: |a| > MaxInt64/|b| with a
		// wrapping absolute value, so 4611686018427387904 * -2 is an
		// overflow although the product fits, while MinInt64 * -1 wraps.
		if a == 0 || b == 0 {
			return 0, true
		}
		return a * b, !(wrapAbs(a) > math.MaxInt64/wrapAbs(b))
	case syntax.DIV:
		if a == math.MinInt64 && b == -1 {
			return 0, false
		}
		return a / b, true
	case syntax.MOD:
		if a == math.MinInt64 && b == -1 {
			return 0, false
		}
		return a % b, true
	case syntax.SHL:
		if b >= 64 {
			return 0, true
		}
		return a << uint(b), true
	case syntax.SHR:
		if b >= 64 {
			return 0, true
		}
		return a >> uint(b), true
	case syntax.BITAND:
		return a & b, true
	case syntax.BITOR:
		return a | b, true
	case syntax.BITXOR:
		return a ^ b, true
	}
	return 0, false
}

// wrapAbs is the absolute value of v, except that the minimum int64 stays
// negative (as C's llabs leaves it in practice).
func wrapAbs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
