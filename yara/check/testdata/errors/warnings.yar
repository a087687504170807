rule deprecated_entrypoint {
  condition:
    entrypoint == 0  // WARNING W001 "deprecated \"entrypoint\""
}

rule literal_string_as_boolean {
  condition:
    "abc" and true  // WARNING W002 "using literal string \"abc\" in a boolean operation"
}
