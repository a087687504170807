rule add { condition: 9223372036854775807 + 1 > 0 }  // ERROR C018 "integer overflow in \"9223372036854775807 + 1\""

rule sub { condition: -2 + -9223372036854775807 > 0 }  // ERROR C018 "integer overflow"

rule mul { condition: 0x4000000000000000 * 2 > 0 }  // ERROR C018 "integer overflow"

rule mul_min { condition: 4611686018427387904 * -2 < 0 }  // ERROR C018 "integer overflow"

rule div { condition: ~9223372036854775807 \ -1 > 0 }  // ERROR C018 "integer overflow in \"-9223372036854775808 \\ -1\""

rule fine { condition: -9223372036854775807 - 1 < 0 and filesize + 9223372036854775807 > 0 }
