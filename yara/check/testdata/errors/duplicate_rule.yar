rule a { condition: true }

rule a { condition: false }  // ERROR C007 "duplicated identifier \"a\""

rule ext_int { condition: true }  // ERROR C007 "an external variable has this name"
