rule ranges {
  strings:
    $a = "a"
  condition:
    $a in (10..1) or        // ERROR C022 "range lower bound 10 is greater than upper bound 1"
    $a in (-1..1) or        // ERROR C022 "range lower bound -1 is negative"
    #a in (1.5..2) == 1 or  // ERROR C022 "wrong type \"float\" for range's lower bound"
    $a in (0..filesize)
}
