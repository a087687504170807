package cond

// MaxLoopNesting is the deepest nesting of for loops a condition may have,
// as yara's YR_MAX_LOOP_NESTING: each level holds variable slots, and
// deeper nesting only multiplies evaluation time.
const MaxLoopNesting = 4

// checkEvery is how many loop iterations run between two checks of the
// context and deadline: often enough to stop within microseconds, rarely
// enough that the check costs nothing measurable.
const checkEvery = 1024
