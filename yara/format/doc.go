// Package format prints YARA rule files in Overt's one canonical layout,
// the way gofmt prints Go: `overt rules fmt` is built on it.
//
// The layout is the common YARA style, indented with four spaces (the
// indentation YARA's own documentation and most public rule sets use, so
// that formatted rules look the same in every viewer):
//
//	import "pe"
//
//	global private rule name : tag1 tag2
//	{
//	    meta:
//	        author = "x"
//	    strings:
//	        $a = "text" ascii wide
//	        $b = { 4D 5A ?? [2-4] ( 01 | 02 ) }
//	    condition:
//	        uint16(0) == 0x5A4D and
//	        ($a or $b)
//	}
//
// The formatter never changes meaning: it prints the tokens of the syntax
// tree in their source order (text strings, regular expressions, integers
// and modifiers exactly as written, the user's parentheses kept), so the
// formatted file parses to the same tree. Only the white space between
// tokens is decided by the printer:
//
//   - one declaration per line, one blank line around every rule, blank
//     lines between imports, meta entries and strings kept (at most one);
//   - hex strings get upper-case bytes, single spaces and [n-m] jumps, and
//     keep the line breaks the user wrote between their elements;
//   - in conditions, the user's line breaks between the operands of "and"
//     and "or" are kept (the operator ends the line), as are breaks just
//     inside parentheses and loop bodies; everything else is joined with
//     normalised spacing and re-indented, one level per open parenthesis;
//   - every comment is kept: a comment on the line of a token stays after
//     it, a comment on its own line stays on its own line before what
//     follows it; a comment whose exact place has no room in the layout
//     moves to the nearest following token.
//
// Formatting is idempotent. Source refuses input with syntax errors and
// checks its own output (same tree, same comments) before returning it, so
// a caller never writes a half-formatted or altered file.
//
// The package imports only the standard library, yara/diag and yara/syntax;
// tools such as the command line may import it.
package format
