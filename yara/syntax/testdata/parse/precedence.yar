// Operator precedence and associativity, checked against yara 4.2.3.
rule prec_not_binds_looser_than_eq { condition: not 1 == 2 }
rule prec_not_binds_tighter_than_and { condition: not true and false }
rule prec_and_or { condition: true or false and false }
rule prec_arith { condition: 1 + 2 * 3 - 4 \ 2 % 3 == 5 }
rule prec_bits { condition: 1 | 2 ^ 3 & 4 << 1 >> 1 == 3 }
rule prec_unary { condition: - -1 == ~~1 }
rule prec_defined { condition: defined not true and not defined 1 }
rule prec_paren { condition: (1 + 1) * 2 == 4 and ((true)) }
rule prec_left_assoc { condition: 10 - 3 - 2 == 5 }
rule prec_string_ops {
  condition:
    "abc" contains "b" and "abc" icontains "B" and "abc" startswith "a" and
    "abc" istartswith "A" and "abc" endswith "c" and "abc" iendswith "C" and
    "abc" iequals "ABC" and "abc" matches /b/ and "x" != "y"
}
