package regex

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/overt-sec/overt/internal/testenv"
	"github.com/overt-sec/overt/yara/regex/syntax"
)

// regexStringLine finds a regexp string definition: `$name = /`.
var regexStringLine = regexp.MustCompile(`^\s*\$[A-Za-z0-9_]*\s*=\s*/`)

// TestPublicRuleRegexps compiles every regexp string of the public rule
// sets (which yara accepts), extracted with a small ad-hoc scan.
func TestPublicRuleRegexps(t *testing.T) {
	rulesDir := testenv.SharedPath(t, "rules")
	count := 0
	err := filepath.WalkDir(rulesDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yar") || strings.HasSuffix(path, ".yara")) {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			loc := regexStringLine.FindStringIndex(line)
			if loc == nil {
				continue
			}
			pat, flags, ok := extractRegexp(line[loc[1]:])
			if !ok {
				continue
			}
			count++
			if _, err := Compile(pat, flags); err != nil {
				t.Errorf("%s:%d: /%s/: %v", path, i+1, pat, err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if count == 0 {
		t.Fatal("no regexp strings found")
	}
	t.Logf("%d regexp strings compiled", count)
}

// extractRegexp reads a regexp body up to the closing unescaped slash and
// the i/s flags after it.
func extractRegexp(s string) (pat string, flags syntax.Flags, ok bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '/':
		flagLoop:
			for _, c := range []byte(s[i+1:]) {
				switch c {
				case 'i':
					flags |= syntax.FoldCase
				case 's':
					flags |= syntax.DotAll
				default:
					break flagLoop
				}
			}
			return s[:i], flags, true
		}
	}
	return "", 0, false
}
