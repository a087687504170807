import "tests"

rule loops {
  condition:
    for any a,b,c in tests.struct_dict : (false) or      // ERROR S021 "variables"
    for any k in tests.struct_dict : (true) or           // ERROR C023 "yields 2 value(s) on each iteration, but the loop declares 1"
    for any i,j in (1,2) : (true) or                     // ERROR C023 "yields 1 value(s)"
    for any i in (1, "a") : (true) or                    // ERROR C023 "wrong type \"string\" for enumeration item"
    for any i in (1..2) : (for any i in (3..4) : (true)) or  // ERROR C023 "duplicated loop identifier \"i\""
    for any k in tests.constants : (true) or             // ERROR C023 "\"constants\" is not iterable"
    for any i in ("a") : (i == 0)                        // ERROR C017 "type mismatch: string == integer"
}
