rule nesting {
  strings:
    $a = "a"
  condition:
    for any a in (1..2) : (
      for any b in (1..2) : (
        for any c in (1..2) : (
          for any d in (1..2) : (
            for any e in (1..2) : (true)  // ERROR C023 "loop nesting limit exceeded"
    )))) and
    for any of them : (
      for any of them : ($)  // ERROR C023 "loops can't be nested"
    )
}
