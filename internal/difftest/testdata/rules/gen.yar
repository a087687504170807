rule plain_all {
    strings:
        $a = "hello world"
        $b = { 4D 5A ?? 00 [2-4] ( FF | EE ) }
        $c = /ab[0-9]{2}c/ nocase
        $d = "secret" base64
    condition:
        all of them
}

rule pe_only {
    strings:
        $a = "payload" wide
    condition:
        uint16(0) == 0x5A4D and uint32(uint32(0x3C)) == 0x00004550 and $a
}

rule elf_only {
    strings:
        $a = "payload" xor(1-9)
    condition:
        uint32(0) == 0x464C457F and $a
}

rule anchored {
    strings:
        $a = /^START[a-z]+/
        $b = "tail" fullword
    condition:
        $a at 0 and $b
}

rule nostrings {
    condition:
        filesize > 0
}
