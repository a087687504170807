rule before_import {
  condition:
    pe.is_dll()  // ERROR C008 "module \"pe\" is not imported"
}

import "pe"

rule after_import { condition: pe.is_dll() }
