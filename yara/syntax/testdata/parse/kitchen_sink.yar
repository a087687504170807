import "pe"
include "other.yar"
/* block */
global private rule test : tag1 tag2 {
  meta:
    author = "me\x41"   // trailing
    n = -5
    b = true
  strings:
    $a = "abc\n" nocase wide xor(1-3)
    $ = { 4D 5a ?? 4? ?A ~01 ~?2 [2] [2-4] [3-] [-] ( 01 | 02 03 ( 04 | 05 [1-2] 06 ) ) 07 }
    $r = /ab\/c[0-9]+/is fullword
    $b64 = "x" base64("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
  condition:
    $a and not $r at 0 or #a in (0..filesize) == 2 and @a[1] + !a > 0x10 and
    uint16(0) == 0x5A4D and pe.sections[0].name == ".text" and pe.exports("x") and
    any of them in (0..100) and 50% of ($a*, $r) and all of (test, other*) and
    for all i in (1..#a) : ( @a[i] < 100 ) and for any s in ("a", "b") : (s contains "a") and
    for any k, v in pe.version_info : (k == "x") and for 2 of ($a, $r) : ($ at @) and
    none of them and 1 - -2 * 3 \ 4 % 5 << 1 | 2 ^ 3 & ~4 >= 0 and "x" matches /a/i and 1.5 > 1 and defined 1 and entrypoint == 0
}
