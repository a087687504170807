rule a {
    strings:
        $a = "x"
        $b = "y"
    condition:
        $a and $c and pe.number_of_sections > 1
}
rule a { condition: true }
