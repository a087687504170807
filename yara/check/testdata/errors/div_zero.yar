rule constant { condition: 1 \ 0 == 0 }  // ERROR C019 "division by zero"

rule folded { condition: 5 % (2 - 2) == 0 }  // ERROR C019 "division by zero"

rule non_constant_dividend { condition: filesize \ 0 == 0 }  // ERROR C019 "division by zero"

rule float_is_fine { condition: 1.0 \ 0 > 0 }
