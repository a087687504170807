import "tests"
import "math"

rule arity { condition: tests.length() == 1 }  // ERROR C015 "wrong arguments for function \"length\""

rule no_int_to_float { condition: tests.fsum(1, 2) == 3 }  // ERROR C015 "wrong arguments for function \"fsum\""

rule regexp_wanted { condition: tests.match("a", "a") == 1 }  // ERROR C015 "wrong arguments for function \"match\""

rule bool_wanted { condition: math.to_number(1) == 1 }  // ERROR C015 "wrong arguments for function \"to_number\""

rule integer_read { condition: uint16(1.5) == 1 }  // ERROR C015 "wrong type \"float\" for uint16 function"
