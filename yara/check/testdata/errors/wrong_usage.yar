import "pe"

rule module_as_value { condition: pe }  // ERROR C016 "wrong usage of identifier \"pe\""

rule array_as_value { condition: pe.sections }  // ERROR C016 "wrong usage of identifier \"sections\""

rule function_as_value { condition: pe.is_dll }  // ERROR C016 "wrong usage of identifier \"is_dll\""
