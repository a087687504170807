package syntax

// Program is the result of loading a root file and every file it includes.
type Program struct {
	// Files holds every parsed file: the root first, then each included
	// file in the order its include statement is reached (depth-first
	// pre-order). A file included twice appears twice.
	Files []*File

	// Decls holds the *Import and *Rule declarations of all files in
	// YARA's textual order: the declarations of an included file take the
	// place of the include statement that names it, as if its text were
	// pasted there. *Include declarations themselves are not listed (they
	// remain in File.Decls). The file of a declaration is
	// fset.Position(d.Pos()).Filename.
	Decls []Decl
}

// Rules returns the rules of Decls in order.
func (p *Program) Rules() []*Rule {
	n := 0
	for _, d := range p.Decls {
		if _, ok := d.(*Rule); ok {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	rules := make([]*Rule, 0, n)
	for _, d := range p.Decls {
		if r, ok := d.(*Rule); ok {
			rules = append(rules, r)
		}
	}
	return rules
}
