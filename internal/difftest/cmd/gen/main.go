// Command gen writes differential-test files for a rule file: for every
// rule, files built from the rule's own strings (see difftest.GenerateRuleFiles).
//
// Usage:
//
//	go run ./internal/difftest/cmd/gen [-seed N] RULES.yar OUTDIR
package main

import (
	"flag"
	"fmt"
	"go/token"
	"os"

	"github.com/overt-sec/overt/internal/difftest"
	"github.com/overt-sec/overt/yara/syntax"
)

func main() {
	seed := flag.Int64("seed", 1, "random seed; the output depends only on the rules and the seed")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: gen [-seed N] RULES.yar OUTDIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(flag.Arg(0), flag.Arg(1), *seed); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(rules, out string, seed int64) error {
	prog, errs := syntax.Load(token.NewFileSet(), rules, syntax.LoadOptions{})
	for _, e := range errs {
		fmt.Fprintln(os.Stderr, e.Error())
	}
	if errs.HasErrors() {
		return fmt.Errorf("%s: %d errors", rules, len(errs.Errors()))
	}
	paths, err := difftest.GenerateRuleFiles(prog, out, seed)
	if err != nil {
		return err
	}
	fmt.Printf("%d rules, %d files written to %s\n", len(prog.Rules()), len(paths), out)
	return nil
}
