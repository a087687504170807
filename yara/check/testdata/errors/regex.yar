rule regexes {
  strings:
    $a = /[b-a]/   // ERROR C024 "invalid regular expression: bad character range"
    $b = /abc)/    // ERROR C024 "invalid regular expression"
    $c = /ab{2,3}c/
  condition:
    any of them and "x" matches /a\x0/  // ERROR C024 "invalid regular expression"
}
