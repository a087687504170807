package difftest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// YaraCommand is the yara executable RunYara runs, looked up in PATH.
var YaraCommand = "yara"

// YaraTimeout bounds one yara invocation, so that a pathological rule or a
// hung process fails the bench instead of stalling it.
const YaraTimeout = 10 * time.Minute

// HaveYara reports whether YaraCommand is found in PATH.
func HaveYara() bool {
	_, err := exec.LookPath(YaraCommand)
	return err == nil
}

// RunYara scans targets (files or directories) with the rules of
// rulesPath and returns yara's parsed output. defs are external variable
// definitions "name=value" passed with -d; args are extra yara options
// (-L, -g, -m, -e, -p N, ...). RunYara always passes -s and -w, and -r when
// a target is a directory; several targets are passed in one run through
// --scan-list. When yara exits with an error, the partial Result is
// returned with an error quoting its standard error.
func RunYara(rulesPath string, defs []string, targets []string, args ...string) (Result, error) {
	if len(targets) == 0 {
		return Result{}, errors.New("run yara: no targets")
	}
	argv := []string{"-s", "-w"}
	for _, d := range defs {
		argv = append(argv, "-d", d)
	}
	argv = append(argv, args...)
	for _, t := range targets {
		if fi, err := os.Stat(t); err == nil && fi.IsDir() {
			argv = append(argv, "-r")
			break
		}
	}
	if len(targets) == 1 {
		argv = append(argv, safePath(rulesPath), safePath(targets[0]))
	} else {
		// --scan-list is a flag: the last argument is then a file listing
		// the targets, one a line.
		list, err := writeScanList(targets)
		if err != nil {
			return Result{}, err
		}
		defer os.Remove(list)
		argv = append(argv, "--scan-list", safePath(rulesPath), list)
	}
	return runYara(argv, formatOf(args))
}

// RunYaraArgv runs yara with exactly argv (options, rules and targets, as on
// the command line) and parses its output, which has the optional fields of
// f. Unlike RunYara it adds no option: without -s the Result has no string
// matches. Errors are as RunYara's.
func RunYaraArgv(argv []string, f OutputFormat) (Result, error) {
	return runYara(argv, f)
}

func runYara(argv []string, f OutputFormat) (Result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), YaraTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, YaraCommand, argv...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	res, parseErr := ParseOutput(stdout.Bytes(), f)
	for _, l := range strings.Split(stderr.String(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			res.Errors = append(res.Errors, l)
		}
	}
	res.Sort()
	if runErr != nil {
		msg := strings.Join(res.Errors, "; ")
		return res, fmt.Errorf("%s %s: %w: %s", YaraCommand, strings.Join(argv, " "), runErr, clip(msg))
	}
	if parseErr != nil {
		return res, parseErr
	}
	return res, nil
}

// formatOf reports which optional fields args ask yara to print.
func formatOf(args []string) OutputFormat {
	var f OutputFormat
	for _, a := range args {
		switch {
		case a == "--print-tags":
			f.Tags = true
		case a == "--print-meta":
			f.Meta = true
		case strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--"):
			// Combined short flags such as -sgm.
			f.Tags = f.Tags || strings.ContainsRune(a[1:], 'g')
			f.Meta = f.Meta || strings.ContainsRune(a[1:], 'm')
		}
	}
	return f
}

// safePath keeps a path starting with "-" from being read as an option.
func safePath(p string) string {
	if strings.HasPrefix(p, "-") {
		return "." + string(filepath.Separator) + p
	}
	return p
}

func writeScanList(targets []string) (string, error) {
	f, err := os.CreateTemp("", "difftest-scanlist-*.txt")
	if err != nil {
		return "", fmt.Errorf("run yara: scan list: %w", err)
	}
	for _, t := range targets {
		if strings.ContainsAny(t, "\n\r") {
			f.Close()
			os.Remove(f.Name())
			return "", fmt.Errorf("run yara: target %q contains a line break", t)
		}
		fmt.Fprintln(f, t)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("run yara: scan list: %w", err)
	}
	return f.Name(), nil
}
