// Package cli builds overt's command tree with cobra: one file per command
// group. It is internal: other programs embed the engine through the public
// yara/... packages, not through the command line.
//
// cobra (on pflag) was chosen because pflag parses yara's single-letter flags
// as yara does: grouped booleans (-rs), values attached or separate (-p4,
// -p 4), repeated flags (-d a=1 -d b=2) and long forms (--threads=4).
package cli

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// Exit codes shared by every command.
const (
	exitOK    = 0 // success
	exitError = 1 // the command ran and failed (as yara: compile errors, unreadable rules)
	exitUsage = 2 // bad flags or arguments
)

// exitCodeError carries an exit code out of a command's RunE.
type exitCodeError struct{ code int }

func (e exitCodeError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Version is overt's version, set at link time with
// -ldflags "-X github.com/overt-sec/overt/internal/cli.Version=…".
var Version = "dev"

// Main runs overt with args (without the program name) and returns the
// process exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ec exitCodeError
	if errors.As(err, &ec) {
		return ec.code
	}
	fmt.Fprintf(stderr, "overt: %v\n", err)
	return exitUsage
}

// env is what every command needs from the process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

func newRoot(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	root := &cobra.Command{
		Use:           "overt",
		Short:         "Overt: an open, YARA-compatible endpoint scanner",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(e.versionCmd())
	for _, add := range registry {
		root.AddCommand(add(e))
	}
	return root
}

// registry holds the constructors of the command groups; each group's file
// registers itself in an init function so this file needs no edits.
var registry []func(*env) *cobra.Command

func (e *env) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print overt's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(e.stdout, "overt %s\n", Version)
			return nil
		},
	}
}
