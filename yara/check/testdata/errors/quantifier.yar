rule quantifiers {
  strings:
    $a = "a"
  condition:
    -1 of them or                // ERROR C021 "quantifier -1 is negative"
    "foo" of them or             // ERROR C021 "wrong type \"string\" for quantifier"
    /foo/ of them or             // ERROR C021 "wrong type \"regexp\" for quantifier"
    for 3.14159 of them : ($) or // ERROR C021 "wrong type \"float\" for quantifier"
    0% of them or                // ERROR C021 "percentage must be between 1 and 100"
    101% of them or              // ERROR C021 "percentage must be between 1 and 100"
    100% of them
}
