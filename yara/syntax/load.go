package syntax

import (
	"errors"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/overt-sec/overt/yara/diag"
)

// LoadOptions configures Load and LoadSource.
type LoadOptions struct {
	// ReadFile reads an included file; nil means os.ReadFile.
	ReadFile func(path string) ([]byte, error)
	// MaxIncludeDepth bounds include nesting; 0 means DefaultMaxIncludeDepth.
	MaxIncludeDepth int
	// DisableIncludes makes every include statement an error, like yara's --no-includes.
	DisableIncludes bool
	// Mode is passed to ParseFile for every file.
	Mode Mode
}

// Load parses the file at path and, recursively, every file it includes.
// Included paths are relative to the including file's directory. The
// diagnostics of all files are returned sorted by position.
func Load(fset *token.FileSet, path string, opts LoadOptions) (*Program, diag.List) {
	l := newLoader(fset, opts)
	src, err := l.read(path)
	if err != nil {
		var errs diag.List
		errs.AddPosition(token.Position{Filename: path}, diag.Error, CodeInclude, "cannot read rule file: %s", reason(err))
		return &Program{}, errs
	}
	return l.run(path, src)
}

// LoadSource is like Load for a root file already in memory; name is used
// for positions and as the base of relative includes.
func LoadSource(fset *token.FileSet, name string, src []byte, opts LoadOptions) (*Program, diag.List) {
	return newLoader(fset, opts).run(name, src)
}

type loader struct {
	shared   parseShared // names and node chunks shared by the files
	fset     *token.FileSet
	opts     LoadOptions
	prog     *Program
	errs     diag.List
	stack    []string // canonical paths of the files being parsed, root first
	expanded int      // include expansions so far
}

func newLoader(fset *token.FileSet, opts LoadOptions) *loader {
	if opts.MaxIncludeDepth <= 0 {
		opts.MaxIncludeDepth = DefaultMaxIncludeDepth
	}
	return &loader{fset: fset, opts: opts, prog: &Program{}}
}

func (l *loader) read(path string) ([]byte, error) {
	if l.opts.ReadFile != nil {
		return l.opts.ReadFile(path)
	}
	return os.ReadFile(path)
}

func (l *loader) run(name string, src []byte) (*Program, diag.List) {
	l.load(name, src)
	l.errs.Sort()
	return l.prog, l.errs
}

// canonical returns the key used to detect include cycles.
func canonical(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return filepath.Clean(path)
}

// load parses one file and expands its includes in place.
func (l *loader) load(name string, src []byte) {
	f, errs := parseFile(l.fset, name, src, l.opts.Mode, &l.shared)
	l.errs.Append(errs)
	l.prog.Files = append(l.prog.Files, f)
	l.stack = append(l.stack, canonical(name))
	defer func() { l.stack = l.stack[:len(l.stack)-1] }()
	for _, d := range f.Decls {
		inc, ok := d.(*Include)
		if !ok {
			l.prog.Decls = append(l.prog.Decls, d)
			continue
		}
		l.include(name, inc)
	}
}

func (l *loader) include(from string, inc *Include) {
	errorf := func(format string, args ...any) {
		l.errs.Add(l.fset, inc.Pos(), diag.Error, CodeInclude, format, args...)
	}
	if l.opts.DisableIncludes {
		errorf("includes are disabled")
		return
	}
	rel := string(inc.Path.Value)
	if rel == "" {
		errorf("empty include path")
		return
	}
	path := rel
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(from), rel)
	}
	key := canonical(path)
	for i, k := range l.stack {
		if k == key {
			var chain []string
			for _, s := range l.stack[i:] {
				chain = append(chain, filepath.Base(s))
			}
			chain = append(chain, filepath.Base(key))
			errorf("include cycle: %s", strings.Join(chain, " -> "))
			return
		}
	}
	if len(l.stack) > l.opts.MaxIncludeDepth {
		errorf("includes nested deeper than %d", l.opts.MaxIncludeDepth)
		return
	}
	if l.expanded >= MaxIncludedFiles {
		errorf("more than %d included files", MaxIncludedFiles)
		return
	}
	l.expanded++
	src, err := l.read(path)
	if err != nil {
		errorf("cannot include %q: %s", rel, reason(err))
		return
	}
	l.load(path, src)
}

// reason returns the OS reason of a file error without repeating the path.
func reason(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
