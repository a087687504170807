package types

import (
	"fmt"
	"strings"
)

// Func is an overloaded module function. YARA picks the overload whose
// parameter kinds equal the argument kinds exactly: an integer argument
// does not convert to a float parameter (math.in_range(2, 1, 3) is an
// error) and a bool parameter takes only a boolean expression.
type Func struct {
	Overloads []Signature // in declaration order; no two have the same Params
}

// Signature is one overload of a function.
type Signature struct {
	Params []Kind // parameter kinds: Integer, Float, String, Bool or Regexp
	Result Kind   // result kind: Integer, Float or String
	// Since is the first YARA version with this overload, when later than
	// the reference yara 4.2.3; empty otherwise.
	Since string
}

// Sig returns the signature of an overload taking params and returning result.
func Sig(result Kind, params ...Kind) Signature {
	return Signature{Params: params, Result: result}
}

// SigSince is Sig for an overload that first appeared in YARA version since.
func SigSince(since string, result Kind, params ...Kind) Signature {
	return Signature{Params: params, Result: result, Since: since}
}

// String formats the signature as "function(string, integer) integer".
func (s Signature) String() string {
	var b strings.Builder
	b.WriteString("function(")
	for i, p := range s.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.String())
	}
	b.WriteString(") ")
	b.WriteString(s.Result.String())
	return b.String()
}

// Accepts reports whether the signature takes arguments of exactly the
// given kinds.
func (s Signature) Accepts(args []Kind) bool {
	if len(args) != len(s.Params) {
		return false
	}
	for i, a := range args {
		if a != s.Params[i] {
			return false
		}
	}
	return true
}

// Resolve returns the overload that accepts arguments of the given kinds,
// and false if there is none.
func (f *Func) Resolve(args []Kind) (Signature, bool) {
	if f == nil {
		return Signature{}, false
	}
	for _, s := range f.Overloads {
		if s.Accepts(args) {
			return s, true
		}
	}
	return Signature{}, false
}

func (f *Func) validate() error {
	for i, s := range f.Overloads {
		for _, p := range s.Params {
			switch p {
			case Integer, Float, String, Bool, Regexp:
			default:
				return fmt.Errorf("overload %s: bad parameter kind %s", s, p)
			}
		}
		switch s.Result {
		case Integer, Float, String:
		default:
			return fmt.Errorf("overload %s: bad result kind %s", s, s.Result)
		}
		for _, prev := range f.Overloads[:i] {
			if prev.Accepts(s.Params) {
				return fmt.Errorf("overload %s declared twice", s)
			}
		}
	}
	return nil
}
