rule text_strings {
  strings:
    $a = "plain"
    $b = "esc \" \\ \t \n \r \x00\xff"
    $c = "wide" wide ascii nocase fullword private
    $d = "xor" xor
    $e = "xor1" xor(0x10)
    $f = "xor2" xor( 1 - 255 )
    $g = "b64" base64 base64wide
    $h = "b64a" base64wide("!@#$%^&*(){}[].,|ABCDEFGHIJ\x09LMNOPQRSTUVWXYZabcdefghijklmnopqrstu")
    $ = "anonymous"
    $_unused = "underscore"
  condition:
    any of them
}

rule hex_strings {
  strings:
    $a = { 4D 5A }
    $b = { 4d 5a ?? ?a B? }
    $c = { 01 ~02 ~?3 ~4? 05 }
    $d = { 01 [1] 02 [2-3] 03 [4-] 04 [-] 05 [ 6 - 7 ] 06 }
    $e = { 01 ( 02 | 03 04 | ( 05 | 06 ) [1-2] 07 ) 08 }
    $f = { ( 01 | 02 ) }
    $g = {
      01 02 // comment
      03 /* } */ 04
    } private
    $h = { 01 [0-0] 02 [0-2147483647] 03 }
  condition:
    all of them
}

rule regex_strings {
  strings:
    $a = /abc/
    $b = /a\/b[\/]c/i
    $c = /a.b/s
    $d = /a.b/is nocase wide ascii fullword private
    $e = /[^"]+"/
  condition:
    any of ($a, $b*, $c) and $d and $e
}
