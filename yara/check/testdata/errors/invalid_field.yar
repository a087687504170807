import "pe"

rule t {
  condition:
    pe.no_such_field == 0  // ERROR C011 "invalid field name \"no_such_field\""
}
