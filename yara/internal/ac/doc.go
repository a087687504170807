// Package ac is the multi-pattern search automaton of the scan engine.
//
// The compiler gives it the short "atoms" of every string of every rule; the
// scanner runs it once over the data and hands every atom hit to a verifier
// that checks the full string. It is an Aho-Corasick automaton laid out for
// speed and size:
//
//   - Bytes are mapped to equivalence classes (each byte used by some pattern
//     is its own class, every unused byte shares one), so a row of the
//     transition table has one cell per class, not per byte.
//   - The shallowest states, in breadth-first order and within a byte budget
//     (Options.DenseBytes), are a full DFA: one table lookup per input byte,
//     with premultiplied state ids (an id is the offset of the state's row).
//   - Deeper states are sparse: their own edges plus a failure link, followed
//     until a dense state answers. They are rarely visited on most data and
//     keep memory near linear in the total length of the patterns.
//   - One high bit of a state id says "this state has output", so the hot
//     loop tests a single comparison per byte for "match or sparse".
//   - When the start state loops on most bytes, a skip loop jumps over bytes
//     that cannot begin any pattern (bytes.IndexByte when only one can).
//
// Scanning allocates nothing and is resumable: a State carries the automaton
// state and the absolute offset between chunks, so a file can be streamed or
// split. Hits are delivered to a callback (Scan) or appended to a caller
// buffer (ScanHits).
//
// Case-insensitive atoms are not special here: the compiler passes every case
// variant as its own pattern (see CaseVariants). Byte classes keep the cost
// low, because the automaton only grows by the variants actually present.
//
// The package is internal to the engine: only yara/match and yara/compile
// should import it.
package ac
