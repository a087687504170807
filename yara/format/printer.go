package format

import (
	"bytes"
	"go/token"
	"strings"

	"github.com/overt-sec/overt/yara/syntax"
)

// indentUnit is one level of indentation: four spaces, as in YARA's
// documentation and most public rule sets.
const indentUnit = "    "

// MaxDepth bounds the recursion of the printer over nested expressions, so
// that a hostile tree (a million nested selectors or unary operators) cannot
// exhaust the stack; real rules nest a few dozen levels at most.
const MaxDepth = 10000

// ws is the white space requested between two output items. Larger values
// win when requests are merged.
type ws int

const (
	wsNone      ws = iota // tokens touch
	wsSpace               // one space
	wsNewline             // a line break
	wsKeepBlank           // a line break, or a blank line if the source had one
	wsBlank               // a blank line
)

// printer writes tokens with the white space the layout requests and
// interleaves the file's comments by source position.
//
// Each token is emitted with its source position (or token.NoPos when the
// syntax tree does not record it). Before a positioned token is written,
// every comment that starts before it is written: a comment on the source
// line of the last written token stays on that output line ("trailing"),
// any other comment gets a line of its own ("leading"). Because the output
// keeps that distinction, formatting twice gives the same text.
type printer struct {
	fset     *token.FileSet
	buf      bytes.Buffer
	comments []*syntax.Comment
	next     int // index of the next comment to write

	indent     int  // current indentation level
	pending    ws   // white space to write before the next item
	started    bool // something has been written
	needIndent bool // the output is at the start of a line
	lastLine   int  // source line of the end of the last positioned item written
	lastUnterm bool // the last item written is an unterminated block comment
	movedLine  int  // source line of the last operator printed before its line

	depth int   // recursion depth of the expression printer
	err   error // first error met
}

// line returns the source line of pos.
func (p *printer) line(pos token.Pos) int {
	return p.fset.Position(pos).Line
}

// space requests at least w before the next item.
func (p *printer) space(w ws) {
	if w > p.pending {
		p.pending = w
	}
}

// write appends text to the output, indenting first at the start of a line.
func (p *printer) write(text string) {
	if p.needIndent {
		for range p.indent {
			p.buf.WriteString(indentUnit)
		}
		p.needIndent = false
	}
	p.buf.WriteString(text)
	p.started = true
}

// flushSpace writes the pending white space before an item that starts on
// source line nextLine (0 if unknown) and clears it.
func (p *printer) flushSpace(nextLine int) {
	w := p.pending
	p.pending = wsNone
	if !p.started {
		return
	}
	switch w {
	case wsSpace:
		if !p.needIndent {
			p.buf.WriteByte(' ')
		}
	case wsNewline, wsKeepBlank, wsBlank:
		n := 1
		if w == wsBlank || w == wsKeepBlank && p.blankBefore(nextLine) {
			n = 2
		}
		if p.needIndent {
			n-- // a line break was already written
		}
		for range n {
			p.buf.WriteByte('\n')
		}
		p.needIndent = true
	}
}

// blankBefore reports whether the source has an empty line between the last
// item written and source line next: a line that is not the line of a
// moved operator.
func (p *printer) blankBefore(next int) bool {
	if next <= 0 || p.lastLine <= 0 {
		return false
	}
	gap := next - p.lastLine - 1
	if p.movedLine > p.lastLine && p.movedLine < next {
		gap--
	}
	return gap > 0
}

// tok writes a token found at pos in the source (token.NoPos if unknown),
// after the comments that precede it.
func (p *printer) tok(pos token.Pos, text string) {
	line := 0
	if pos.IsValid() {
		p.flushComments(pos)
		line = p.line(pos)
	}
	p.flushSpace(line)
	p.write(text)
	if line > 0 {
		p.lastLine = line
	}
}

// flushComments writes every not yet written comment that starts before pos.
func (p *printer) flushComments(pos token.Pos) {
	for p.next < len(p.comments) && p.comments[p.next].Slash < pos {
		c := p.comments[p.next]
		p.next++
		leading := p.comment(c)
		last := p.next == len(p.comments) || p.comments[p.next].Slash >= pos
		if leading && last && p.pending >= wsNewline && !strings.HasPrefix(c.Text, "//") &&
			!p.lastUnterm && p.line(pos) == p.lastLine {
			// A block comment on its own line that the token follows on
			// the same line stays in front of the token.
			p.pending = wsSpace
		}
	}
}

// comment writes one comment, trailing or leading, and requests the white
// space that must follow it. It reports whether the comment was leading.
func (p *printer) comment(c *syntax.Comment) (leading bool) {
	start := p.line(c.Slash)
	if p.started && start == p.lastLine && !p.needIndent {
		p.buf.WriteByte(' ')
		p.write(c.Text)
	} else {
		leading = true
		after := p.pending
		if after == wsBlank {
			after = wsKeepBlank // the forced blank line goes before the first comment
		}
		p.space(wsKeepBlank)
		p.flushSpace(start)
		p.write(c.Text)
		p.pending = after
	}
	end := c.End()
	if len(c.Text) > 0 {
		end--
	}
	p.lastLine = p.line(end)
	p.lastUnterm = false
	switch {
	case strings.HasPrefix(c.Text, "//"):
		p.space(wsNewline)
	case !strings.HasSuffix(c.Text, "*/") || len(c.Text) < 4:
		// An unterminated block comment runs to the end of the file.
		p.lastUnterm = true
	default:
		p.space(wsSpace)
	}
	return leading
}

// finish writes the remaining comments and the final newline.
func (p *printer) finish() {
	p.space(wsKeepBlank)
	for p.next < len(p.comments) {
		c := p.comments[p.next]
		p.next++
		p.comment(c)
	}
	if p.started && !p.lastUnterm {
		p.buf.WriteByte('\n')
	}
}
