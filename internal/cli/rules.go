package cli

import (
	"bytes"
	"fmt"
	"go/token"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/overt-sec/overt/yara/check"
	"github.com/overt-sec/overt/yara/diag"
	"github.com/overt-sec/overt/yara/format"
	"github.com/overt-sec/overt/yara/syntax"
)

func init() { registry = append(registry, (*env).rulesCmd) }

func (e *env) rulesCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Check, format and compile YARA rule files",
	}
	cmd.AddCommand(e.rulesCheckCmd(), e.rulesFmtCmd(), e.rulesCompileCmd())
	return cmd
}

func (e *env) rulesCheckCmd() *cobra.Command {
	var defines []string
	var noWarnings bool
	cmd := &cobra.Command{
		Use:   "check [-d name=value]... FILE...",
		Short: "Report every error and warning in rule files (exit 1 if any file has an error)",
		Long: `check parses and type-checks each FILE (with the files it includes) as yara
would compile it, and prints every diagnostic as file:line:col with an excerpt.
Each FILE is checked on its own. External variables are declared with -d as
for yara: the value's form gives the type (true/false, integer, float, text).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg := &check.Config{Externals: map[string]any{}}
			for _, d := range defines {
				name, v, err := check.ParseExternal(d)
				if err != nil {
					return fmt.Errorf("-d %s: %w", d, err)
				}
				cfg.Externals[name] = v
			}
			failed := false
			for _, path := range args {
				if !e.checkFile(path, cfg, noWarnings) {
					failed = true
				}
			}
			if failed {
				return exitCodeError{exitError}
			}
			return nil
		},
	}
	cmd.Flags().StringArrayVarP(&defines, "define", "d", nil, "define an external variable `name=value`")
	cmd.Flags().BoolVarP(&noWarnings, "no-warnings", "w", false, "do not print warnings")
	return cmd
}

// checkFile loads and checks one root file, prints its diagnostics and
// reports whether it is free of errors.
func (e *env) checkFile(path string, cfg *check.Config, noWarnings bool) bool {
	fset := token.NewFileSet()
	src := newSourceCache()
	prog, diags := syntax.Load(fset, path, syntax.LoadOptions{ReadFile: src.ReadFile})
	if !diags.HasErrors() {
		_, more := check.Check(fset, prog, cfg)
		diags = append(diags, more...)
	}
	if noWarnings {
		diags = diags.Errors()
	}
	diags.Sort()
	diag.RenderAll(e.stderr, diags, src.Source())
	return !diags.HasErrors()
}

func (e *env) rulesFmtCmd() *cobra.Command {
	var write, list bool
	cmd := &cobra.Command{
		Use:   "fmt [-w] [-l] FILE...",
		Short: "Print rule files in Overt's canonical layout, comments kept",
		Long: `fmt formats each FILE and prints the result, or with -w rewrites the file
in place (only when it changes). Formatting keeps every comment and the rules'
meaning, and formatting twice gives the same text. A file with syntax errors is
reported and left alone.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			failed := false
			for _, path := range args {
				if err := e.fmtFile(path, write, list); err != nil {
					fmt.Fprintln(e.stderr, err)
					failed = true
				}
			}
			if failed {
				return exitCodeError{exitError}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&write, "write", "w", false, "write the result to the file instead of stdout")
	cmd.Flags().BoolVarP(&list, "list", "l", false, "list files whose formatting differs")
	return cmd
}

func (e *env) fmtFile(path string, write, list bool) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := format.Source(path, src)
	if err != nil {
		if l, ok := err.(diag.List); ok {
			diag.RenderAll(e.stderr, l, func(string) []byte { return src })
			return fmt.Errorf("%s: not formatted: it has syntax errors", path)
		}
		return err
	}
	changed := !bytes.Equal(src, out)
	if list && changed {
		fmt.Fprintln(e.stdout, path)
	}
	switch {
	case write && changed:
		return writeFileAtomic(path, out)
	case !write && !list:
		_, err = e.stdout.Write(out)
	}
	return err
}

// writeFileAtomic replaces path with data through a temporary file in the
// same directory, so an interrupted write never leaves a truncated rule file.
func writeFileAtomic(path string, data []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".overt-fmt-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(info.Mode().Perm()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
