// Package difftest is the differential-test bench that compares Overt with
// yara (the reference implementation, Debian's yara 4.2.3 on the bench
// machines).
//
// It has three parts: GenerateRuleFiles writes, for every rule of a
// program, files built from the rule's own strings (see package gen) so
// that public rules, which rarely match clean files, match or nearly match;
// RunYara runs the yara command line on such files and parses its output
// into a normalised Result; Diff describes how two Results differ, so that
// once Overt's scanner produces a Result the comparison is one call.
//
// Only tests and developer tools (cmd/gen) import this package.
package difftest
