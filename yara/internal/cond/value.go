package cond

import (
	"github.com/overt-sec/overt/yara/modules/object"
	"github.com/overt-sec/overt/yara/types"
)

// kind is the kind of a run-time value.
type kind uint8

const (
	kUndef kind = iota // undefined
	kInt               // integer; booleans are integers 0 and 1
	kFloat             // float
	kStr               // string
	kObj               // a module structure, array, dictionary or function
)

// value is a run-time value of an expression.
type value struct {
	k kind
	i int64
	f float64
	s string
	o *object.Value
}

var (
	undef  = value{}
	vTrue  = value{k: kInt, i: 1}
	vFalse = value{k: kInt, i: 0}
)

func vInt(i int64) value     { return value{k: kInt, i: i} }
func vFloat(f float64) value { return value{k: kFloat, f: f} }
func vStr(s string) value    { return value{k: kStr, s: s} }

func vBool(b bool) value {
	if b {
		return vTrue
	}
	return vFalse
}

// truth is the boolean reading of v: defined reports whether v is defined.
func (v value) truth() (b, defined bool) {
	switch v.k {
	case kInt:
		return v.i != 0, true
	case kFloat:
		return v.f != 0, true
	case kStr:
		return v.s != "", true
	case kObj:
		return true, true
	}
	return false, false
}

// isTrue reports whether v is defined and true.
func (v value) isTrue() bool {
	b, ok := v.truth()
	return b && ok
}

// num returns v as a float (for mixed int/float arithmetic).
func (v value) num() float64 {
	if v.k == kInt {
		return float64(v.i)
	}
	return v.f
}

// fromObject converts a module value to a run-time value.
func fromObject(o *object.Value) value {
	if o == nil {
		return undef
	}
	switch o.Kind {
	case types.Integer:
		return vInt(o.Int)
	case types.Float:
		return vFloat(o.Float)
	case types.String:
		return vStr(o.Str)
	}
	return value{k: kObj, o: o}
}
