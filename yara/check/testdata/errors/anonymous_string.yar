rule anonymous_outside_loop {
  strings:
    $a = "abc"
  condition:
    $a and
    # > 1       // ERROR C004 "wrong use of anonymous string \"#\""
}

rule anonymous_in_for_in {
  strings:
    $a = "abc"
  condition:
    $a and for any i in (1..2) : (
      @ == i    // ERROR C004 "wrong use of anonymous string \"@\""
    )
}

rule anonymous_in_for_of {
  strings:
    $a = "abc"
  condition:
    for all of them : ($ at 0 and # == 1 and ! == 3)
}
