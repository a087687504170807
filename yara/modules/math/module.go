package math

import (
	gomath "math"
	"strconv"

	"github.com/overt-sec/overt/yara/modules/object"
)

// Module is the run-time math module. The (offset, size) overloads read the
// scanned object through object.Range (undefined when the range does not
// start inside the data); results follow yara 4.2.3, checked against it.
var Module = &object.Module{Name: Name, Schema: Schema, Load: load}

type fn = object.Func

func load(*object.LoadInput) (*object.Value, error) {
	root := object.NewStruct(Schema)
	root.SetFunc(Schema, "entropy", rangeF(entropy), strF(entropy))
	root.SetFunc(Schema, "monte_carlo_pi", rangeF(monteCarloPi), strF(monteCarloPi))
	root.SetFunc(Schema, "serial_correlation", rangeF(serialCorrelation), strF(serialCorrelation))
	root.SetFunc(Schema, "mean", rangeF(mean), strF(mean))
	root.SetFunc(Schema, "deviation",
		func(env *object.Env, _ *object.Value, a []object.Arg) object.Result {
			b, ok := object.Range(env.Data, a[0].Int, a[1].Int)
			if !ok {
				return object.Undefined
			}
			return deviation(b, a[2].Float)
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return deviation([]byte(a[0].Str), a[1].Float)
		})
	root.SetFunc(Schema, "in_range", fn(func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		return object.IntResult(b2i(a[1].Float <= a[0].Float && a[0].Float <= a[2].Float))
	}))
	root.SetFunc(Schema, "max", fn(func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		return object.IntResult(int64(max(uint64(a[0].Int), uint64(a[1].Int))))
	}))
	root.SetFunc(Schema, "min", fn(func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		return object.IntResult(int64(min(uint64(a[0].Int), uint64(a[1].Int))))
	}))
	root.SetFunc(Schema, "to_number", fn(func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		return object.IntResult(b2i(a[0].Bool))
	}))
	root.SetFunc(Schema, "abs", fn(func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		if a[0].Int < 0 {
			return object.IntResult(-a[0].Int)
		}
		return object.IntResult(a[0].Int)
	}))
	root.SetFunc(Schema, "count",
		func(env *object.Env, _ *object.Value, a []object.Arg) object.Result {
			b, ok := object.Range(env.Data, a[1].Int, a[2].Int)
			if !ok {
				return object.Undefined
			}
			return object.IntResult(count(b, a[0].Int))
		},
		func(env *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return object.IntResult(count(env.Data, a[0].Int))
		})
	root.SetFunc(Schema, "percentage",
		func(env *object.Env, _ *object.Value, a []object.Arg) object.Result {
			b, ok := object.Range(env.Data, a[1].Int, a[2].Int)
			if !ok {
				return object.Undefined
			}
			return percentage(b, a[0].Int)
		},
		func(env *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return percentage(env.Data, a[0].Int)
		})
	root.SetFunc(Schema, "mode",
		func(env *object.Env, _ *object.Value, a []object.Arg) object.Result {
			b, ok := object.Range(env.Data, a[0].Int, a[1].Int)
			if !ok {
				return object.Undefined
			}
			return object.IntResult(mode(b))
		},
		func(env *object.Env, _ *object.Value, _ []object.Arg) object.Result {
			return object.IntResult(mode(env.Data))
		})
	root.SetFunc(Schema, "to_string",
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			return object.StrResult(strconv.FormatInt(a[0].Int, 10))
		},
		func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
			base := a[1].Int
			if base != 2 && base != 8 && base != 10 && base != 16 {
				return object.Undefined
			}
			return object.StrResult(strconv.FormatInt(a[0].Int, int(base)))
		})
	return root, nil
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// rangeF adapts f to an (offset, size) overload.
func rangeF(f func([]byte) object.Result) object.Func {
	return func(env *object.Env, _ *object.Value, a []object.Arg) object.Result {
		b, ok := object.Range(env.Data, a[0].Int, a[1].Int)
		if !ok {
			return object.Undefined
		}
		return f(b)
	}
}

// strF adapts f to a (string) overload.
func strF(f func([]byte) object.Result) object.Func {
	return func(_ *object.Env, _ *object.Value, a []object.Arg) object.Result {
		return f([]byte(a[0].Str))
	}
}

func histogram(b []byte) *[256]uint64 {
	var h [256]uint64
	for _, c := range b {
		h[c]++
	}
	return &h
}

// entropy is the Shannon entropy of b in bits per byte (0 for no data).
func entropy(b []byte) object.Result {
	if len(b) == 0 {
		return object.FloatResult(0)
	}
	h := histogram(b)
	n := float64(len(b))
	var e float64
	for _, c := range h {
		if c != 0 {
			x := float64(c) / n
			e -= x * gomath.Log2(x)
		}
	}
	return object.FloatResult(e)
}

// mean is the arithmetic mean of the bytes of b, undefined for no data.
func mean(b []byte) object.Result {
	if len(b) == 0 {
		return object.Undefined
	}
	var s float64
	for _, c := range b {
		s += float64(c)
	}
	return object.FloatResult(s / float64(len(b)))
}

// deviation is the mean absolute deviation of the bytes of b from m.
func deviation(b []byte, m float64) object.Result {
	if len(b) == 0 {
		return object.Undefined
	}
	var s float64
	for _, c := range b {
		s += gomath.Abs(float64(c) - m)
	}
	return object.FloatResult(s / float64(len(b)))
}

// serialCorrelation is the serial correlation coefficient of the bytes of
// b (each byte with the next), -100000 when it is undefined mathematically
// (no data, or all bytes equal). As yara computes it (checked against it),
// the closing term multiplies the last byte by itself, not by the first.
func serialCorrelation(b []byte) object.Result {
	var t1, t2, t3, last float64
	for i, c := range b {
		u := float64(c)
		if i > 0 {
			t1 += last * u
		}
		t2 += u
		t3 += u * u
		last = u
	}
	n := float64(len(b))
	t1 += last * last
	t2 *= t2
	d := n*t3 - t2
	if d == 0 {
		return object.FloatResult(-100000)
	}
	return object.FloatResult((n*t1 - t2) / d)
}

// monteCarloPi estimates π from the data taken as 24-bit coordinate pairs
// (6 bytes each) and returns the relative error of the estimate; undefined
// with fewer than 6 bytes.
func monteCarloPi(b []byte) object.Result {
	const incirc = float64(256*256*256-1) * float64(256*256*256-1)
	var tries, inside int64
	for i := 0; i+6 <= len(b); i += 6 {
		x := float64(uint32(b[i])<<16 | uint32(b[i+1])<<8 | uint32(b[i+2]))
		y := float64(uint32(b[i+3])<<16 | uint32(b[i+4])<<8 | uint32(b[i+5]))
		tries++
		if x*x+y*y <= incirc {
			inside++
		}
	}
	if tries == 0 {
		return object.Undefined
	}
	est := 4 * float64(inside) / float64(tries)
	return object.FloatResult(gomath.Abs(est-gomath.Pi) / gomath.Pi)
}

// count returns how many bytes of b equal v (0 when v is not a byte value).
func count(b []byte, v int64) int64 {
	if v < 0 || v > 255 {
		return 0
	}
	return int64(histogram(b)[v])
}

// percentage is the share of the bytes of b equal to v, undefined for no data.
func percentage(b []byte, v int64) object.Result {
	if len(b) == 0 {
		return object.Undefined
	}
	return object.FloatResult(float64(count(b, v)) / float64(len(b)))
}

// mode returns the most frequent byte of b, the lowest on ties (0 for no data).
func mode(b []byte) int64 {
	h := histogram(b)
	best := 0
	for i, c := range h {
		if c > h[best] {
			best = i
		}
	}
	return int64(best)
}
