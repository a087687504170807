rule a { condition: true }

rule string_vs_integer { condition: "a" == 1 }  // ERROR C017 "type mismatch: string == integer"

rule contains_integer { condition: "abc" contains 1 }  // ERROR C017 "wrong type \"integer\" for contains operator"

rule matches_integer { condition: filesize matches /a/ }  // ERROR C017 "wrong type \"integer\" for matches operator"

rule string_arithmetic { condition: "a" + 1 > 0 }  // ERROR C017 "wrong type \"string\" for + operator"

rule float_modulo { condition: 1.5 % 2 == 0 }  // ERROR C017 "wrong type \"float\" for % operator"

rule bitnot_float { condition: ~1.5 == 0 }  // ERROR C017 "wrong type \"float\" for ~ operator"

rule rule_as_integer { condition: a == 1 }  // ERROR C017 "wrong type \"boolean\" for == operator"

rule at_float {
  strings:
    $a = "abc"
  condition:
    $a at 1.5  // ERROR C017 "wrong type \"float\" for at operator"
}

rule fine { condition: 1 == 1.5 or "a" < "b" or 1.5 \ 2 > 0 }
