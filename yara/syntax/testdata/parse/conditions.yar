import "pe"
import "math"

rule counts_offsets {
  strings:
    $a = "a"
    $b = "b"
  condition:
    #a == 2 and #a in (0..filesize) == 1 and @a == @a[1] and !a[2] > 0 and
    $a at 0 and $b in (10..20) and $a at pe.entry_point + 1
}

rule of_forms {
  strings:
    $a1 = "a"
    $a2 = "b"
    $b = "c"
  condition:
    any of them and all of ($a*) and none of ($b) and 2 of ($a1, $b) and
    50% of them and any of them in (0..100) and any of ($a*) at 0 and
    1 + 1 of them and all of ($*)
}

rule rule_sets {
  condition:
    1 of (counts_offsets, of_forms) and all of (counts*) and any of (of_forms)
}

rule for_forms {
  strings:
    $a = "a"
  condition:
    for all i in (1..#a) : ( @a[i] < 100 ) and
    for any s in ("a", "b") : ( s == "a" ) and
    for any i in (1, 2, 3) : ( i == 2 ) and
    for any i in ( 1 ) : ( i == 1 ) and
    for any k, v in pe.version_info : ( k == "CompanyName" ) and
    for any section in pe.sections : ( section.name == ".text" ) and
    for 2 of ($a) : ( $ at 0 and # > 0 and @ > 0 and ! == 1 and @[1] == 0 and ![1] == 1 ) and
    for none of them : ( $ ) and
    for any of them : ( $ in (0..10) )
}

rule modules_and_calls {
  condition:
    pe.number_of_sections > 1 and pe.sections[0].name == ".text" and
    pe.imports("kernel32.dll", "CreateFileA") and
    pe.version_info["CompanyName"] contains "Micro" and
    math.entropy(0, filesize) > 7.5 and
    uint8(0) == 0x4D and uint16(0) == 0x5A4D and uint32(0) > 0 and
    int8(0) < 1 and int16be(0) < 1 and int32be(0) < 1 and uint8be(0) < 1 and
    uint16be(0) < 1 and uint32be(0) < 1 and int16(0) < 1 and int32(0) < 1 and
    entrypoint >= 0 and filesize < 10MB and filesize > 1KB and 0o17 == 15
}
