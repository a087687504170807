rule modifier_conflicts {
  strings:
    $a = "abcd" xor nocase          // ERROR C006 "xor and nocase"
    $b = "abcd" base64 xor          // ERROR C006 "xor and base64"
    $c = "abcd" base64wide fullword // ERROR C006 "base64wide and fullword"
    $d = "abcd" nocase base64       // ERROR C006 "base64 and nocase"
    $e = "abcd" base64("!@#$%^&*(){}[].,|ABCDEFGHIJ\x09LMNOPQRSTUVWXYZabcdefghijklmnopqrstu") base64wide // ERROR C006 "multiple alphabets"
    $f = "abcd" base64 base64wide
    $g = "abcd" xor wide ascii fullword private
  condition:
    any of them
}
