// Package gen instantiates YARA string definitions: given a parsed
// string (text, hex or regular expression, with its modifiers) it produces
// bytes that the string matches, or near misses that it should not match.
//
// It exists for differential testing (package internal/difftest): public
// rules rarely match clean files, so the test bench builds files from each
// rule's own strings and compares Overt's verdicts with yara's. Only test
// code and developer tools import it.
package gen
