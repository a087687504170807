rule them_without_strings {
  condition:
    all of them   // ERROR C025 "\"them\" used in a rule without strings"
}

rule wildcard_matching_nothing {
  strings:
    $a = "abc"
  condition:
    $a and any of ($z*)  // ERROR C001 "undefined string \"$z*\""
}
