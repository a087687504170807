// Package yara is overt's public rule engine: it compiles YARA rules and
// scans data with them, with the semantics of YARA 4.5.
//
//	c := yara.NewCompiler()
//	c.DefineExternal("filename", "x.exe")
//	if err := c.AddFile("rules.yar", "default"); err != nil { ... } // a diag.List
//	rules, err := c.Rules()
//	s := rules.NewScanner(yara.ScanOptions{Timeout: 10 * time.Second})
//	res, err := s.ScanFile(ctx, "/bin/ls")
//	for _, m := range res.Matching { fmt.Println(m.Rule, m.Strings) }
//
// A Compiler runs the front end (package yara/syntax), the checker
// (yara/check), compiles every string definition to a pattern
// (yara/internal/pattern) and every namespace's conditions to a program
// (yara/internal/cond). Rules are immutable and shared by every goroutine:
// they hold ONE Aho-Corasick automaton (yara/internal/ac) over the atoms of
// every string of every rule of every namespace. A Scanner belongs to one
// goroutine and reuses its buffers from one object to the next: a scan is
// one automaton pass over the data, each atom hit verified at once by its
// pattern, full-scan patterns (no atom) searched with their own matcher,
// then every namespace's conditions evaluated, then the Result built.
//
// Namespaces follow yara: the rules of one namespace see each other (a
// rule can reference the rules declared before it in any source added to
// the same namespace), duplicate rule names only clash inside a namespace
// and a global rule only constrains the rules of its own namespace.
//
// Compiled rules can be saved to a file (Rules.Save) and loaded back
// (LoadRules). The file holds the compiled strings (atoms, verifier
// programs), the rule and string tables, the externals and, per namespace,
// a skeleton of the rules from which loading compiles the conditions again
// (save.go, skeleton.go); loading chooses no atoms and compiles no string.
// The file is versioned and checksummed; a file of another version is
// refused. yara's own .yarc files are not supported.
//
// Scanning reproduces two of yara's observable optimisations (usage.go): a
// string referenced only as `$a at K` reports its match at K alone, and
// under ScanOptions.FastScan a string used only as a boolean keeps just
// its first match. The deprecated `entrypoint` keyword is computed for PE
// and ELF files (entrypoint.go).
package yara
