include "../include/leaf.yar"

global rule g { condition: true }
private rule p { condition: true }
private global rule pg : t1 t2 { condition: true }
global private rule gp : t3 { meta: a = "x" b = 1 c = -2 d = - 3 e = false f = 0x10 condition: true }
rule empty_meta_types {
  meta:
    s = "a\"b"
    big = 9223372036854775807
  condition:
    false
}
