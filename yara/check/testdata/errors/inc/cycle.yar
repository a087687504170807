include "../include_cycle.yar"  // ERROR S019 "include cycle"

rule u { condition: true }
