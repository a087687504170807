// The cycle is reported at the include that closes it, in inc/cycle.yar.
include "inc/cycle.yar"

rule t { condition: true }
