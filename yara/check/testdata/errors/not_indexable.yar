import "pe"

rule not_an_array {
  condition:
    pe.number_of_sections[0] == 1  // ERROR C013 "\"number_of_sections\" is not an array or dictionary"
}

rule wrong_index_types {
  condition:
    pe.sections["text"].name == "x" or  // ERROR C013 "array indexes must be of integer type"
    pe.version_info[1] == "x"           // ERROR C013 "dictionary keys must be of string type"
}

rule not_a_struct {
  condition:
    pe.number_of_sections.x == 1  // ERROR C012 "\"number_of_sections\" is not a structure"
}
