package object

import (
	"context"
	"errors"
	"time"

	"github.com/overt-sec/overt/yara/regex"
	"github.com/overt-sec/overt/yara/types"
)

// Arg is one argument of a module function call; the field that matters is
// the one of the parameter's kind in the resolved overload.
type Arg struct {
	Int   int64         // Integer parameter
	Float float64       // Float parameter
	Str   string        // String parameter
	Bool  bool          // Bool parameter
	Re    *regex.Regexp // Regexp parameter
}

// Env is what a module function sees of the scan besides its arguments.
type Env struct {
	Data []byte           // the scanned object
	Log  func(string)     // console output; nil discards it
	Now  func() time.Time // the clock; nil means time.Now
	Ctx  context.Context  // the scan's context, for long computations; may be nil
}

// Result is the result of a module function: Defined is false for an
// undefined result, otherwise Kind (the overload's result kind) selects
// Int, Float or Str.
type Result struct {
	Defined bool
	Kind    types.Kind
	Int     int64
	Float   float64
	Str     string
}

// IntResult returns a defined integer result.
func IntResult(i int64) Result { return Result{Defined: true, Kind: types.Integer, Int: i} }

// FloatResult returns a defined float result.
func FloatResult(f float64) Result { return Result{Defined: true, Kind: types.Float, Float: f} }

// StrResult returns a defined string result.
func StrResult(s string) Result { return Result{Defined: true, Kind: types.String, Str: s} }

// Undefined is the undefined result.
var Undefined = Result{}

// Func implements one overload of a module function. self is the structure
// holding the function field (the module's root for top-level functions);
// args follow the overload's parameter kinds.
type Func func(env *Env, self *Value, args []Arg) Result

// LoadInput is what a module loader is given about the scanned object.
type LoadInput struct {
	Ctx  context.Context // the scan's context; loaders of big formats check it
	Data []byte          // the whole object
	// ModuleData is the data passed to the module for this scan (yara -x
	// MODULE=FILE: the file's content); nil when none was given.
	ModuleData []byte
}

// ErrInvalidModuleData is wrapped by the load error of a module whose data
// (LoadInput.ModuleData) is malformed: yara fails the scan of the object
// then, where other load errors only leave the module's values undefined.
var ErrInvalidModuleData = errors.New("invalid module data")

// Module is the run-time side of a module: its schema and the loader that
// builds its value tree for one object.
type Module struct {
	Name   string        // the name used in `import "name"`
	Schema *types.Struct // the declared schema
	// Load builds the module's root structure value for one object. A nil
	// Load gives a root whose every field is undefined (constants aside).
	Load func(in *LoadInput) (*Value, error)
}

// LoadValue runs m's loader, or builds an all-undefined root without one.
func (m *Module) LoadValue(in *LoadInput) (*Value, error) {
	if m.Load == nil {
		return NewStruct(m.Schema), nil
	}
	return m.Load(in)
}

// Time returns the clock reading of env (time.Now without a clock).
func (env *Env) Time() time.Time {
	if env == nil || env.Now == nil {
		return time.Now()
	}
	return env.Now()
}

// Print writes s through env.Log when it is set.
func (env *Env) Print(s string) {
	if env != nil && env.Log != nil {
		env.Log(s)
	}
}
