package cli

import (
	"fmt"
	"go/token"
	"os"

	"github.com/spf13/cobra"

	"github.com/overt-sec/overt/yara/diag"
	"github.com/overt-sec/overt/yara/syntax"
)

func init() { registry = append(registry, (*env).debugCmd) }

func (e *env) debugCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "debug",
		Short: "Print the engine's intermediate forms, for tests and for debugging rules",
	}
	cmd.AddCommand(e.debugASTCmd())
	return cmd
}

func (e *env) debugASTCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "ast FILE",
		Short: "Print the syntax tree of one rule file (includes are not followed)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := os.ReadFile(args[0])
			if err != nil {
				fmt.Fprintf(e.stderr, "overt: %v\n", err)
				return exitCodeError{exitError}
			}
			fset := token.NewFileSet()
			f, diags := syntax.ParseFile(fset, args[0], src, 0)
			if diags.HasErrors() {
				diags.Sort()
				diag.RenderAll(e.stderr, diags, func(string) []byte { return src })
				return exitCodeError{exitError}
			}
			return syntax.Dump(e.stdout, f)
		},
	}
}
