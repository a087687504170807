// Package scan runs rules over files the way yara's command line does: it
// turns a target (a file, a directory, or a list of paths) into the objects
// to scan, hands them to a pool of workers, filters each object's results
// as yara's -n, -t, -i and -l do, and prints them as yara's text output or
// as NDJSON.
//
// The package does not compile or match rules itself: it drives an Engine,
// a small interface that package yara's Rules satisfy through an adapter in
// the command line, and that tests satisfy with fakes. It is imported by
// internal/cli (overt scan) and, later, by the agent.
//
//	target ─► walk (files, directories, scan lists; symlinks, -r, -z)
//	       ─► N workers: open, Engine.NewScanner().Scan ─► Outcome
//	       ─► Select (-n -t -i -l -c) ─► Printer (yara text | NDJSON)
//	       ─► one writer goroutine: stdout, stderr, progress
package scan
