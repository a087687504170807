package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/overt-sec/overt/content"
	_ "github.com/overt-sec/overt/content/all" // registers every container format
	"github.com/overt-sec/overt/scan"
	"github.com/overt-sec/overt/yara"
	"github.com/overt-sec/overt/yara/check"
	"github.com/overt-sec/overt/yara/diag"
)

func init() { registry = append(registry, (*env).scanCmd) }

// scanFlags holds yara's command-line options, plus overt's --format.
type scanFlags struct {
	compiled, count, fast, negate, noFollow, noWarnings, failOnWarnings  bool
	meta, moduleData, namespace, stats, strings, length, tags, recursive bool
	scanList, noConsole, version                                         bool
	defines, modData, tagFilter, idFilter                                []string
	maxRules, threads, timeout, stackSize, maxStrings                    int
	skipLarger, memChunk                                                 int64
	atomTable, format                                                    string
	cpuProfile, memProfile                                               string
	// --unpack and its limits (0: content's defaults).
	unpack                      bool
	unpackDepth, unpackEntries  int
	unpackMaxBytes, unpackRatio int64
	unpackTimeout               time.Duration
}

func (e *env) scanCmd() *cobra.Command {
	var f scanFlags
	cmd := &cobra.Command{
		Use:   "scan [OPTION]... [NAMESPACE:]RULES_FILE... FILE | DIR | PID",
		Short: "Scan files and directories with YARA rules, as the yara command does",
		Long: `scan takes yara's options and arguments and prints yara's text output, byte for
byte, so scripts written for yara keep working. --format ndjson prints one JSON
object per rule and object instead (docs/NDJSON.md).

Differences from yara 4.x: diagnostics are overt's (file:line:col); -S prints
overt's own statistics; directory entries are visited in name order and
symlink loops are skipped; -p defaults to the number of CPUs; -D prints what
yara 4.2.3 prints of the modules overt implements; -k, --max-strings-per-rule
and --atom-quality-table are accepted and ignored.

A PID target (a number that names no file) scans that process's memory, as
yara does: on Linux only (other systems are not supported yet), attaching
the process with ptrace while it is read. Offsets are virtual addresses,
each mapping is scanned separately (in blocks of at most
--max-process-memory-chunk bytes, rounded down to whole pages), filesize
and entrypoint are undefined, and modules get no data.

Debugging aids (hidden flags): --cpuprofile FILE and --memprofile FILE write
Go pprof CPU and heap profiles of the whole command (go tool pprof FILE).`,
		Args: func(cmd *cobra.Command, args []string) error {
			if f.version || len(args) >= 2 {
				return nil
			}
			return e.scanUsageError("wrong number of arguments")
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.version {
				fmt.Fprintf(e.stdout, "overt %s\n", Version)
				return nil
			}
			return e.runScan(cmd.Context(), &f, args)
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return e.scanUsageError(err.Error()) })
	fl := cmd.Flags()
	fl.SortFlags = false
	fl.BoolVarP(&f.strings, "print-strings", "s", false, "print matching strings")
	fl.BoolVarP(&f.length, "print-string-length", "L", false, "print length of matched strings")
	fl.BoolVarP(&f.meta, "print-meta", "m", false, "print metadata")
	fl.BoolVarP(&f.tags, "print-tags", "g", false, "print tags")
	fl.BoolVarP(&f.namespace, "print-namespace", "e", false, "print rules' namespace")
	fl.BoolVarP(&f.count, "count", "c", false, "print only number of matches")
	fl.BoolVarP(&f.negate, "negate", "n", false, "print only not satisfied rules (negate)")
	fl.StringArrayVarP(&f.tagFilter, "tag", "t", nil, "print only rules tagged as `TAG`")
	fl.StringArrayVarP(&f.idFilter, "identifier", "i", nil, "print only rules named `IDENTIFIER`")
	fl.StringArrayVarP(&f.defines, "define", "d", nil, "define external variable `VAR=VALUE`")
	fl.BoolVarP(&f.recursive, "recursive", "r", false, "recursively search directories")
	fl.BoolVarP(&f.noFollow, "no-follow-symlinks", "N", false, "do not follow symlinks when scanning")
	fl.IntVarP(&f.threads, "threads", "p", 0, "use the specified `NUMBER` of threads to scan a directory (default: number of CPUs)")
	fl.IntVarP(&f.timeout, "timeout", "a", 1000000, "abort scanning after the given number of `SECONDS`")
	fl.BoolVarP(&f.fast, "fast-scan", "f", false, "fast matching mode")
	fl.Int64VarP(&f.skipLarger, "skip-larger", "z", 0, "skip files larger than the given size (`NUMBER` of bytes) when scanning a directory")
	fl.BoolVarP(&f.noWarnings, "no-warnings", "w", false, "disable warnings")
	fl.BoolVar(&f.failOnWarnings, "fail-on-warnings", false, "fail on warnings")
	fl.IntVarP(&f.maxRules, "max-rules", "l", 0, "abort scanning after matching a `NUMBER` of rules")
	fl.BoolVarP(&f.compiled, "compiled-rules", "C", false, "load compiled rules")
	fl.StringArrayVarP(&f.modData, "module-data", "x", nil, "pass FILE's content as extra data to MODULE (`MODULE=FILE`)")
	fl.BoolVarP(&f.moduleData, "print-module-data", "D", false, "print module data")
	fl.BoolVarP(&f.stats, "print-stats", "S", false, "print overt's statistics about the rules and the scan")
	fl.BoolVarP(&f.noConsole, "disable-console-logs", "q", false, "disable printing console log messages")
	fl.IntVarP(&f.stackSize, "stack-size", "k", 16384, "set maximum stack size (accepted for compatibility; ignored)")
	fl.BoolVar(&f.scanList, "scan-list", false, "scan files listed in FILE, one per line")
	fl.IntVar(&f.maxStrings, "max-strings-per-rule", 10000, "set maximum number of strings per rule (accepted for compatibility; ignored)")
	fl.Int64Var(&f.memChunk, "max-process-memory-chunk", 1073741824, "set maximum chunk size while reading process memory")
	fl.StringVar(&f.atomTable, "atom-quality-table", "", "path to a file with the atom quality table (accepted; ignored)")
	fl.StringVar(&f.format, "format", "text", "output format: text (yara's) or ndjson")
	fl.BoolVar(&f.unpack, "unpack", false, "also scan every object inside archives and compressed files, reported as OUTER!INNER")
	fl.IntVar(&f.unpackDepth, "unpack-depth", 0, fmt.Sprintf("with --unpack, how many containers deep to look (default %d)", content.DefaultMaxDepth))
	fl.Int64Var(&f.unpackMaxBytes, "unpack-max-bytes", 0, fmt.Sprintf("with --unpack, the most bytes extracted from one file (default %d)", content.DefaultMaxExpanded))
	fl.Int64Var(&f.unpackRatio, "unpack-ratio", 0, fmt.Sprintf("with --unpack, the largest expansion ratio of one file (default %d)", content.DefaultMaxRatio))
	fl.IntVar(&f.unpackEntries, "unpack-entries", 0, fmt.Sprintf("with --unpack, the most objects extracted from one file (default %d)", content.DefaultMaxEntries))
	fl.DurationVar(&f.unpackTimeout, "unpack-timeout", 0, fmt.Sprintf("with --unpack, the longest time spent extracting one file (default %s)", content.DefaultTimeout))
	fl.BoolVarP(&f.version, "version", "v", false, "show version information")
	fl.StringVar(&f.cpuProfile, "cpuprofile", "", "debugging aid: write a CPU profile to `FILE`")
	fl.StringVar(&f.memProfile, "memprofile", "", "debugging aid: write a heap profile to `FILE` at the end")
	_ = fl.MarkHidden("cpuprofile")
	_ = fl.MarkHidden("memprofile")
	return cmd
}

// scanUsageError reports a bad command line as yara does, and exits with
// status 1 as yara does (not overt's usual 2).
func (e *env) scanUsageError(msg string) error {
	fmt.Fprintf(e.stderr, "overt scan: %s\nUsage: overt scan [OPTION]... [NAMESPACE:]RULES_FILE... FILE | DIR | PID\n\nTry `overt scan --help` for more options\n", msg)
	return exitCodeError{exitError}
}

// ruleFile is one [NAMESPACE:]RULES_FILE argument.
type ruleFile struct{ ns, path string }

// parseRuleArg splits "ns:path" as yara does, unless the whole argument
// names an existing file (so "C:\rules.yar" and "a:b.yar" files still work).
func parseRuleArg(arg string) ruleFile {
	if ns, path, ok := strings.Cut(arg, ":"); ok && ns != "" {
		if _, err := os.Stat(arg); err != nil {
			return ruleFile{ns: ns, path: path}
		}
	}
	return ruleFile{path: arg}
}

// runScan runs one overt scan command line.
func (e *env) runScan(ctx context.Context, f *scanFlags, args []string) error {
	if err := e.scanUsage(f); err != nil {
		return err
	}
	stopProfiles, err := startProfiles(f.cpuProfile, f.memProfile)
	if err != nil {
		fmt.Fprintf(e.stderr, "error: %v\n", err)
		return exitCodeError{exitError}
	}
	defer stopProfiles(e.stderr)
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	var files []ruleFile
	for _, a := range args[:len(args)-1] {
		files = append(files, parseRuleArg(a))
	}
	eng, stats, ok := newScanEngine(e, f, files)
	if !ok {
		return exitCodeError{exitError}
	}
	cfg := scanConfig(f)
	out := e.stdout
	if cfg.Format == scan.NDJSON {
		out = e.stderr // -S must not break the JSON stream
	}
	if f.stats && stats != nil {
		stats(out)
	}
	if ef, ok := e.stderr.(*os.File); ok && scan.IsTerminal(ef) {
		cfg.Progress = ef
	}
	sum := scan.Run(ctx, eng, args[len(args)-1], cfg, e.stdout, e.stderr)
	if f.stats {
		fmt.Fprintf(out, "objects scanned: %d\nbytes scanned: %d\nobjects not scanned (errors): %d\nrules printed: %d\nelapsed: %s\n",
			sum.Objects, sum.Bytes, sum.Errors, sum.Matches, sum.Elapsed.Round(time.Millisecond))
	}
	if sum.Failed || sum.Canceled {
		return exitCodeError{exitError}
	}
	return nil
}

// scanUsage rejects option values and combinations yara rejects, and the
// options overt does not support yet.
func (e *env) scanUsage(f *scanFlags) error {
	switch {
	case f.threads < 0 || f.threads > scan.MaxWorkers:
		return e.scanUsageError(fmt.Sprintf("-p: the number of threads must be between 1 and %d", scan.MaxWorkers))
	case f.format != "text" && f.format != "ndjson":
		return e.scanUsageError(fmt.Sprintf("--format %q: want text or ndjson", f.format))
	case f.memChunk <= 0:
		return e.scanUsageError("--max-process-memory-chunk takes a positive number of bytes")
	case f.maxRules < 0 || f.timeout < 0 || f.skipLarger < 0:
		return e.scanUsageError("-l, -a and -z take a number that is not negative")
	case f.unpackDepth < 0 || f.unpackEntries < 0 || f.unpackMaxBytes < 0 || f.unpackRatio < 0 || f.unpackTimeout < 0:
		return e.scanUsageError("--unpack-depth, --unpack-entries, --unpack-max-bytes, --unpack-ratio and --unpack-timeout take a value that is not negative (0: the default)")
	}
	return nil
}

// scanConfig turns the flags into the scan package's configuration.
func scanConfig(f *scanFlags) scan.Config {
	cfg := scan.Config{
		WalkOptions: scan.WalkOptions{
			Recursive: f.recursive, NoFollowSymlinks: f.noFollow, SkipLarger: f.skipLarger, ScanList: f.scanList,
		},
		Workers: f.threads,
		Timeout: time.Duration(f.timeout) * time.Second,
		Filter: scan.Filter{
			Negate: f.negate, Tags: f.tagFilter, Identifiers: f.idFilter, MaxRules: f.maxRules,
		},
		Count: f.count,
		Text: scan.TextOptions{
			Namespace: f.namespace, Tags: f.tags, Meta: f.meta, Strings: f.strings, StringLength: f.length,
		},
		NoWarnings:         f.noWarnings,
		FailOnWarnings:     f.failOnWarnings,
		ProcessMemoryChunk: f.memChunk,
	}
	if f.timeout > maxTimeoutSeconds {
		cfg.Timeout = 0 // yara's default of a million seconds means no limit
	}
	if f.format == "ndjson" {
		cfg.Format = scan.NDJSON
	}
	if f.unpack {
		cfg.Unpack = &content.Walker{Sniff: content.Sniff, Limits: content.Limits{
			MaxDepth: f.unpackDepth, MaxExpanded: f.unpackMaxBytes, MaxRatio: f.unpackRatio,
			MaxEntries: f.unpackEntries, Timeout: f.unpackTimeout,
		}}
	}
	return cfg
}

// maxTimeoutSeconds is the largest -a that is applied: longer timeouts
// (yara's default is 1,000,000 s) are no limit at all, and would overflow
// time.Duration arithmetic far beyond that.
const maxTimeoutSeconds = 100 * 365 * 24 * 3600

// compileGCPercent is the GC target (GOGC) while rules are compiled or
// loaded. It was 50 when compiling allocated several times more (then it
// lowered Yara-Rules' compile peak from 289 to 222 MB); since compiling
// allocates little, 100 costs no memory (106-118 MB either way) and 13%
// less CPU (0.26 vs 0.30 s, 5 interleaved runs, 2026-11-26).
const compileGCPercent = 100

// newScanEngine compiles or loads the rules and returns the engine and a
// function printing -S statistics; it prints diagnostics itself and
// returns ok false on failure. A variable so tests can use a fake engine.
var newScanEngine = yaraScanEngine

func yaraScanEngine(e *env, f *scanFlags, files []ruleFile) (scan.Engine, func(io.Writer), bool) {
	// Compiling a large rule set allocates several times the size of the
	// rules in short-lived trees; a tighter GC target while it runs keeps
	// the peak memory of the whole scan near yara's, at a small CPU cost.
	old := debug.SetGCPercent(compileGCPercent)
	rules, ok := e.loadScanRules(f, files)
	debug.SetGCPercent(old)
	if !ok {
		return nil, nil, false
	}
	// Compiling leaves garbage several times the size of the rules: return
	// it to the system now, so the scan's peak memory is the rules plus
	// the objects being scanned, not that plus the compiler's leftovers.
	debug.FreeOSMemory()
	opts := yara.ScanOptions{FastScan: f.fast, ReportNonMatching: f.negate, DumpModules: f.moduleData}
	if opts.ModuleData, ok = e.readModuleData(f.modData); !ok {
		return nil, nil, false
	}
	// Without strings or warnings to print, only which rules match counts.
	opts.NoMatchDetails = !f.strings && !f.length && f.noWarnings
	if f.timeout > 0 && f.timeout <= maxTimeoutSeconds {
		opts.Timeout = time.Duration(f.timeout) * time.Second
	}
	stats := func(w io.Writer) {
		fmt.Fprintf(w, "overt statistics (not yara's):\nnumber of rules: %d\nnumber of strings: %d\nnumber of atoms: %d\n",
			rules.NumRules(), rules.NumStrings(), rules.NumAtoms())
	}
	return scan.NewYaraEngine(rules, opts, f.noConsole), stats, true
}

// loadScanRules loads compiled rules (-C) or compiles the rule files,
// printing errors and warnings as overt's diagnostics.
func (e *env) loadScanRules(f *scanFlags, files []ruleFile) (*yara.Rules, bool) {
	if f.compiled {
		if len(files) != 1 {
			fmt.Fprintln(e.stderr, "error: can't accept multiple rules files if one of them is in compiled form.")
			return nil, false
		}
		r, err := os.Open(files[0].path)
		if err != nil {
			fmt.Fprintf(e.stderr, "error: could not open file %q.\n", files[0].path)
			return nil, false
		}
		defer r.Close()
		rules, err := yara.LoadRules(r)
		if err != nil {
			fmt.Fprintf(e.stderr, "error: %s: %v\n", files[0].path, err)
			return nil, false
		}
		return rules, true
	}
	c := yara.NewCompiler()
	for _, d := range f.defines {
		name, v, err := check.ParseExternal(d)
		if err == nil {
			err = c.DefineExternal(name, v)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "error: wrong syntax for `-d` option: %v\n", err)
			return nil, false
		}
	}
	src := newSourceCache()
	failed := false
	for _, rf := range files {
		if err := c.AddFile(rf.path, rf.ns); err != nil {
			failed = true
			var l diag.List
			if errors.As(err, &l) {
				diag.RenderAll(e.stderr, l, sourceOnDemand(src))
			} else {
				fmt.Fprintf(e.stderr, "error: %s: %v\n", rf.path, err)
			}
		}
	}
	if w := c.Warnings(); len(w) > 0 && !f.noWarnings {
		diag.RenderAll(e.stderr, w, sourceOnDemand(src))
		if f.failOnWarnings {
			return nil, false
		}
	}
	if failed {
		return nil, false
	}
	rules, err := c.Rules()
	if err != nil {
		fmt.Fprintf(e.stderr, "error: %v\n", err)
		return nil, false
	}
	return rules, true
}

// sourceOnDemand reads rule files for diagnostic excerpts when first needed.
func sourceOnDemand(c *sourceCache) diag.SourceFunc {
	return func(name string) []byte {
		b, _ := c.ReadFile(name)
		return b
	}
}

// readModuleData reads the files of -x MODULE=FILE options, printing yara's
// errors. As in yara, the first -x of a module wins.
func (e *env) readModuleData(opts []string) (map[string][]byte, bool) {
	if len(opts) == 0 {
		return nil, true
	}
	data := map[string][]byte{}
	for _, o := range opts {
		mod, file, ok := strings.Cut(o, "=")
		if !ok || mod == "" || file == "" {
			fmt.Fprintln(e.stderr, "error: wrong syntax for `-x` option.")
			return nil, false
		}
		b, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintf(e.stderr, "error: could not open file %q.\n", file)
			return nil, false
		}
		if _, dup := data[mod]; !dup {
			data[mod] = b
		}
	}
	return data, true
}
