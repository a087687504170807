// Command overt is Overt's single binary: a YARA-compatible scanner
// (overt scan), rule tooling (overt rules …), debugging aids (overt debug …)
// and, later, the fleet agent and server. This file only wires the
// command line to internal/cli.
package main

import (
	"os"

	"github.com/overt-sec/overt/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
