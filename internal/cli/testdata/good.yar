import "pe"
// a comment that fmt must keep
rule good : t1 { meta: n = 1 strings: $a = "abc" nocase condition: $a and pe.number_of_sections > filesize_limit }
