rule early {
  condition:
    late   // ERROR C008 "undefined identifier \"late\""
}

rule late { condition: true }

rule recursive { condition: recursive }
