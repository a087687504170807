package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

func (e *env) rulesCompileCmd() *cobra.Command {
	var f scanFlags
	var out string
	cmd := &cobra.Command{
		Use:   "compile [-d name=value]... -o FILE [NAMESPACE:]RULES_FILE...",
		Short: "Compile rule files into one overt rules file (for overt scan -C)",
		Long: `compile compiles the RULES_FILEs as overt scan would (each into its
NAMESPACE, "default" without one) and writes the compiled rules to FILE, which
overt scan -C FILE loads without compiling the sources again. Errors and
warnings are printed as overt's diagnostics; nothing is written on error.
The file is overt's own versioned and checksummed format, not yara's .yarc.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				fmt.Fprintln(e.stderr, "error: -o FILE is required")
				return exitCodeError{exitUsage}
			}
			files := make([]ruleFile, len(args))
			for i, a := range args {
				files[i] = parseRuleArg(a)
			}
			rules, ok := e.loadScanRules(&f, files)
			if !ok {
				return exitCodeError{exitError}
			}
			tmp, err := os.CreateTemp(filepath.Dir(out), ".overt-rules-*")
			if err != nil {
				fmt.Fprintf(e.stderr, "error: %v\n", err)
				return exitCodeError{exitError}
			}
			defer os.Remove(tmp.Name())
			err = tmp.Chmod(0o644) // CreateTemp makes it private; rules are not secret
			if err == nil {
				err = rules.Save(tmp)
			}
			if cerr := tmp.Close(); err == nil {
				err = cerr
			}
			if err == nil {
				err = os.Rename(tmp.Name(), out)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "error: writing %s: %v\n", out, err)
				return exitCodeError{exitError}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the compiled rules to `FILE`")
	cmd.Flags().StringArrayVarP(&f.defines, "define", "d", nil, "define an external variable `name=value`")
	cmd.Flags().BoolVarP(&f.noWarnings, "no-warnings", "w", false, "do not print warnings")
	cmd.Flags().BoolVar(&f.failOnWarnings, "fail-on-warnings", false, "fail if there are warnings")
	return cmd
}
