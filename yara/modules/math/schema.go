// Package math declares the schema of YARA's "math" module: statistics
// (entropy, mean, deviation, serial correlation, Monte Carlo π) over a
// range of the scanned data or over a string, and integer helpers.
package math

import . "github.com/overt-sec/overt/yara/types"

// Name is the module name used in `import "math"`.
const Name = "math"

// Schema is the declared schema of the math module. Functions taking
// (offset, size) read the scanned data; the (string) overloads read their
// argument.
var Schema = NewStruct(Name,
	ConstFloat("MEAN_BYTES", 127.5),
	FuncField("entropy", Sig(Float, Integer, Integer), Sig(Float, String)),
	FuncField("monte_carlo_pi", Sig(Float, Integer, Integer), Sig(Float, String)),
	FuncField("serial_correlation", Sig(Float, Integer, Integer), Sig(Float, String)),
	FuncField("mean", Sig(Float, Integer, Integer), Sig(Float, String)),
	FuncField("deviation", Sig(Float, Integer, Integer, Float), Sig(Float, String, Float)),
	FuncField("in_range", Sig(Integer, Float, Float, Float)),
	FuncField("max", Sig(Integer, Integer, Integer)),
	FuncField("min", Sig(Integer, Integer, Integer)),
	FuncField("to_number", Sig(Integer, Bool)),
	FuncField("abs", Sig(Integer, Integer)),
	FuncField("count", Sig(Integer, Integer, Integer, Integer), Sig(Integer, Integer)),
	FuncField("percentage", Sig(Float, Integer, Integer, Integer), Sig(Float, Integer)),
	FuncField("mode", Sig(Integer, Integer, Integer), Sig(Integer)),
	FuncField("to_string", Sig(String, Integer), Sig(String, Integer, Integer)).Added("4.3"),
)
