// Package diag holds the diagnostics that Overt's rule front end reports:
// errors and warnings with a position, a stable code and a message, and a
// renderer that prints them as "file:line:col: error: message" followed by
// the offending source line and a caret.
//
// Positions are go/token positions, so the lexer, parser and checker share a
// *token.FileSet the way Go's own front end does. Each package that reports
// diagnostics defines its own codes: "S…" for syntax (yara/syntax), "C…" for
// semantic checks (yara/check), "W…" for warnings.
package diag

import (
	"fmt"
	"go/token"
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops compilation.
type Severity int

const (
	// Error diagnostics make the rules fail to compile.
	Error Severity = iota
	// Warning diagnostics are reported but the rules still compile.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Code is a stable identifier for one kind of diagnostic, such as "S001".
// Tools and tests may match on codes; messages may be reworded.
type Code string

// Diagnostic is one error or warning at a position in a rule file.
type Diagnostic struct {
	Pos      token.Position // start: file, line and 1-based byte column
	End      token.Position // end of the offending text; zero if unknown
	Severity Severity       // Error or Warning
	Code     Code           // stable code of this kind of diagnostic
	Message  string         // lower case, no trailing period
}

// Error formats the diagnostic as "file:line:col: error: message".
func (d *Diagnostic) Error() string {
	return fmt.Sprintf("%s: %s: %s", positionString(d.Pos), d.Severity, d.Message)
}

// positionString formats p as "file:line:col", leaving out what is unknown.
func positionString(p token.Position) string {
	if !p.IsValid() {
		if p.Filename != "" {
			return p.Filename
		}
		return "-"
	}
	return p.String()
}

// List is an ordered collection of diagnostics. The zero value is empty and
// ready to use.
type List []*Diagnostic

// Add appends a diagnostic at pos, resolved through fset.
func (l *List) Add(fset *token.FileSet, pos token.Pos, sev Severity, code Code, format string, args ...any) {
	var p token.Position
	if fset != nil && pos.IsValid() {
		p = fset.Position(pos)
	}
	l.AddPosition(p, sev, code, format, args...)
}

// AddPosition appends a diagnostic at an already resolved position.
func (l *List) AddPosition(p token.Position, sev Severity, code Code, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	*l = append(*l, &Diagnostic{Pos: p, Severity: sev, Code: code, Message: msg})
}

// Append adds every diagnostic of other to l.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Len, Less and Swap implement sort.Interface, ordering by file, line, column.
func (l List) Len() int      { return len(l) }
func (l List) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l List) Less(i, j int) bool {
	a, b := l[i].Pos, l[j].Pos
	if a.Filename != b.Filename {
		return a.Filename < b.Filename
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	return a.Column < b.Column
}

// Sort orders the list by file, line and column, keeping the report order
// of diagnostics at the same position.
func (l List) Sort() { sort.Stable(l) }

// HasErrors reports whether any diagnostic is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Errors returns the errors of l, without warnings.
func (l List) Errors() List { return l.filter(Error) }

// Warnings returns the warnings of l, without errors.
func (l List) Warnings() List { return l.filter(Warning) }

func (l List) filter(s Severity) List {
	var out List
	for _, d := range l {
		if d.Severity == s {
			out = append(out, d)
		}
	}
	return out
}

// Err returns nil if l holds no error, and l itself otherwise.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return l
}

// Error formats every diagnostic, one per line.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}
