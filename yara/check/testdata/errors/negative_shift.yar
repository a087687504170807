rule left { condition: 1 << -1 == 0 }  // ERROR C020 "negative shift count -1"

rule right { condition: filesize >> (1 - 3) == 0 }  // ERROR C020 "negative shift count -2"

rule wide_is_fine { condition: 1 << 64 == 0 }
