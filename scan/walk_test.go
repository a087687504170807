package scan

import (
	"bufio"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// walkAll returns what walk emits, one line per item: "scan PATH" (with
// "root" for the target itself) or the message, "FAILED" marking errors
// that fail the run.
func walkAll(t *testing.T, target string, o WalkOptions) []string {
	t.Helper()
	var got []string
	walk(context.Background(), target, o, func(it item) bool {
		switch {
		case it.target != nil && it.root:
			got = append(got, "root "+it.target.Name())
		case it.target != nil:
			got = append(got, "scan "+it.target.Name())
		case it.failed:
			got = append(got, "FAILED "+strings.TrimSuffix(it.stderr, "\n"))
		default:
			got = append(got, strings.TrimSuffix(it.stderr, "\n"))
		}
		return true
	})
	return got
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	write(t, "t/a", "1")
	write(t, "t/big", "12345")
	write(t, "t/s/b", "2")
	write(t, "t/s/deeper/c", "3")
	symlink(t, "..", "t/s/up")       // a loop back to t
	symlink(t, "a", "t/link")        // to a file
	symlink(t, "s/deeper", "t/ldir") // to a directory, not a loop
	symlink(t, "/nonexistent/overt", "t/dangling")
	mkfifo(t, "t/fifo")
	write(t, "list", "t/a\n\r\n\nt/s\r\nmissing\n"+strings.Repeat("x", MaxScanListLine+10)+"\nt/big")

	tests := []struct {
		name   string
		target string
		o      WalkOptions
		want   []string
	}{
		{"file", "t/a", WalkOptions{}, []string{"root t/a"}},
		{"missing file fails", "nope", WalkOptions{}, []string{"FAILED error scanning nope: could not open file"}},
		{"pid becomes a process target", "4242424", WalkOptions{}, []string{"root 4242424"}},
		{"fifo target is refused, not read", "t/fifo", WalkOptions{}, []string{"FAILED error scanning t/fifo: could not open file: not a regular file"}},
		{"dangling target", "t/dangling", WalkOptions{}, []string{"FAILED error scanning t/dangling: could not open file"}},
		{"directory, one level", "t", WalkOptions{}, []string{"scan t/a", "scan t/big", "scan t/link"}},
		{"trailing slash kept as yara", "t/", WalkOptions{}, []string{"scan t//a", "scan t//big", "scan t//link"}},
		{"recursive skips the loop", "t", WalkOptions{Recursive: true}, []string{
			"scan t/a", "scan t/big", "scan t/ldir/c", "scan t/link", "scan t/s/b", "scan t/s/deeper/c"}},
		{"no follow", "t", WalkOptions{Recursive: true, NoFollowSymlinks: true}, []string{
			"scan t/a", "scan t/big", "scan t/s/b", "scan t/s/deeper/c"}},
		{"skip larger", "t", WalkOptions{SkipLarger: 3}, []string{
			"scan t/a", "skipping t/big (5 bytes) because it's larger than 3 bytes.", "scan t/link"}},
		{"skip larger spares the target itself", "t/big", WalkOptions{SkipLarger: 3}, []string{"root t/big"}},
		{"scan list", "list", WalkOptions{ScanList: true, SkipLarger: 3}, []string{
			"scan t/a", "scan t/s/b", "error scanning missing: could not open file",
			"error: list: line longer than 65536 bytes skipped", "scan t/big"}},
		{"missing scan list", "nolist", WalkOptions{ScanList: true}, []string{`FAILED error: could not open file "nolist".`}},
		{"directory as scan list", "t", WalkOptions{ScanList: true}, []string{"FAILED error: cannot use a directory as scan list."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := walkAll(t, tt.target, tt.o)
			if !slices.Equal(got, tt.want) {
				t.Errorf("walk(%q):\n got %q\nwant %q", tt.target, got, tt.want)
			}
		})
	}
}

func TestWalkMaxDepth(t *testing.T) {
	dir := t.TempDir()
	p := dir
	for range MaxDepth + 5 {
		p = filepath.Join(p, "d")
	}
	write(t, filepath.Join(p, "deep"), "x")
	write(t, filepath.Join(dir, "d/shallow"), "x")
	got := walkAll(t, dir, WalkOptions{Recursive: true})
	if len(got) != 1 || !strings.HasSuffix(got[0], "/d/shallow") {
		t.Errorf("walk beyond MaxDepth: got %q", got)
	}
}

func TestWalkStops(t *testing.T) {
	dir := t.TempDir()
	for i := range 10 {
		write(t, filepath.Join(dir, string(rune('a'+i))), "x")
	}
	n := 0
	walk(context.Background(), dir, WalkOptions{}, func(item) bool { n++; return n < 3 })
	if n != 3 {
		t.Errorf("walk went on after emit returned false: %d items", n)
	}
}

func TestReadLine(t *testing.T) {
	r := bufio.NewReaderSize(strings.NewReader("a\r\nb\n\nlast"), 16)
	var got []string
	for {
		line, long, err := readLine(r)
		if long {
			t.Fatal("unexpected long line")
		}
		got = append(got, line)
		if err != nil {
			break
		}
	}
	if want := []string{"a", "b", "", "last"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// FuzzReadLine checks that scan-list lines never exceed the limit, never
// keep their line ending, and that reading always ends.
func FuzzReadLine(f *testing.F) {
	for _, s := range []string{"", "\n", "a\r\nb", "x\n\n\ny", strings.Repeat("z", 5000)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := bufio.NewReaderSize(strings.NewReader(string(data)), 16)
		for i := 0; i <= len(data); i++ {
			line, _, err := readLine(r)
			if len(line) > MaxScanListLine || strings.HasSuffix(line, "\n") {
				t.Fatalf("bad line %q", line)
			}
			if err != nil {
				return
			}
		}
		t.Fatal("readLine did not reach the end")
	})
}
