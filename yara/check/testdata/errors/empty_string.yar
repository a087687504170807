rule empty_string {
  strings:
    $a = ""   // ERROR C005 "empty string \"$a\""
  condition:
    $a
}
