rule undefined_strings {
  strings:
    $a = "abc"
  condition:
    $a and
    $b and          // ERROR C001 "undefined string \"$b\""
    #c == 1 and     // ERROR C001 "undefined string \"$c\""
    @d[1] == 0 and  // ERROR C001 "undefined string \"$d\""
    !e > 2          // ERROR C001 "undefined string \"$e\""
}
