rule unused_strings {
  strings:
    $a = "abc"
    $b = "def"     // ERROR C003 "unreferenced string \"$b\""
    $_c = "ghi"
    $ = "jkl"      // ERROR C003 "unreferenced string \"$\""
  condition:
    $a
}

rule anonymous_used_through_them {
  strings:
    $ = "abc"
    $ = "def"
  condition:
    any of them
}
