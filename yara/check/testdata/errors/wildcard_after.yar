rule a0 { condition: true }

rule b { condition: 1 of (a*) }

rule a1 { condition: true }  // ERROR C009 "rule identifier \"a1\" matches previously used wildcard rule set \"a*\""

rule c { condition: 1 of (z*) }  // ERROR C008 "undefined identifier \"z*\""
