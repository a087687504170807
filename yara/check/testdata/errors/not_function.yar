import "pe"

rule t {
  condition:
    pe.number_of_sections() == 1  // ERROR C014 "\"number_of_sections\" is not a function"
}
