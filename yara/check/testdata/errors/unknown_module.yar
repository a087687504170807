import "pe"
import "no_such_module"  // ERROR C010 "unknown module \"no_such_module\""

rule t { condition: pe.number_of_sections > 0 }
