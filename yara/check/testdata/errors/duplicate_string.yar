rule duplicate_string {
  strings:
    $a = "abc"
    $a = "def"  // ERROR C002 "duplicated string identifier \"$a\""
  condition:
    $a
}
