package e2e

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/overt-sec/overt/internal/cli"
	"github.com/overt-sec/overt/internal/difftest"
	"github.com/overt-sec/overt/internal/testenv"
)

// consoleCases are console module calls whose output yara and overt must
// print byte for byte. The scanned file is "ab\x00\x01\xff".
var consoleCases = []struct{ name, call string }{
	{"text", `console.log("plain")`},
	{"control byte", `console.log("hi\x01")`},
	{"NUL inside", `console.log("nul\x00after")`},
	{"C escapes", `console.log("tab\tnl\nquote\"bs\\")`},
	{"high bytes", `console.log("hi\x7f\x80\xff")`},
	{"printf verbs", `console.log("%s%d%n%%")`},
	{"empty", `console.log("")`},
	{"message and string", `console.log("pre: ", "x\x02y")`},
	{"empty message and string", `console.log("", "")`},
	{"raw message", `console.log("m\x01\x7f\xff: ", "v\x01")`},
	{"message cut at NUL", `console.log("m\x00zz: ", "y\x00y")`},
	{"zero", `console.log(0)`},
	{"negative", `console.log(-1)`},
	{"max int", `console.log(9223372036854775807)`},
	{"min int", `console.log(-9223372036854775807 - 1)`},
	{"message and int", `console.log("int: ", -42)`},
	{"raw message and int", `console.log("m\x03\x00zz: ", 5)`},
	{"float", `console.log(1.5)`},
	{"negative zero", `console.log(-0.0)`},
	{"small float", `console.log(0.0000001)`},
	{"large float", `console.log(123456789.125)`},
	{"float division", `console.log(1.0 \ 3)`},
	{"negative float", `console.log(-1.0 \ 3)`},
	{"message and float", `console.log("flt: ", 3.14159265)`},
	{"raw message and float", `console.log("m\x04\x00z: ", 2.5)`},
	{"hex zero", `console.hex(0)`},
	{"hex byte", `console.hex(255)`},
	{"hex negative", `console.hex(-1)`},
	{"message and hex", `console.hex("hex: ", 4096)`},
	{"raw message and hex", `console.hex("neg\x03: ", -2)`},
	{"message cut at NUL and hex", `console.hex("m\x00zz: ", 7)`},
	{"data byte", `console.log(uint8(3))`},
	{"data word", `console.hex(uint32be(1))`},
	{"filesize", `console.log("fs=", filesize)`},
	{"several in one condition", `console.log("a") and console.log("b") and console.hex(1)`},
	{"short circuit", `false and console.log("never")`},
	{"loop", `for all i in (1..3) : (console.log("i=", i))`},
	{"undefined argument", `console.log(uint8(100))`},
	{"string count", `console.log("n=", #s)`},
}

// TestConsole checks that overt prints console module output exactly as
// yara does (escaping of logged strings, raw messages, number formats,
// order relative to the rule line).
func TestConsole(t *testing.T) {
	testenv.Yara(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data.bin")
	if err := os.WriteFile(data, []byte("ab\x00\x01\xff"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range consoleCases {
		t.Run(tc.name, func(t *testing.T) {
			rules := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+".yar")
			strs := ""
			if strings.Contains(tc.call, "#s") {
				strs = " strings: $s = \"b\"\n"
			}
			src := "import \"console\"\nrule c {\n" + strs + " condition:\n  " + tc.call + "\n}\n"
			if err := os.WriteFile(rules, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var yout, yerr bytes.Buffer
			cmd := exec.CommandContext(ctx, difftest.YaraCommand, "-w", "-s", rules, data)
			cmd.Stdout, cmd.Stderr = &yout, &yerr
			if err := cmd.Run(); err != nil {
				t.Fatalf("yara: %v: %s", err, yerr.String())
			}
			var oout, oerr bytes.Buffer
			if code := cli.Main([]string{"scan", "-w", "-s", rules, data}, strings.NewReader(""), &oout, &oerr); code != 0 {
				t.Fatalf("overt: exit %d: %s", code, oerr.String())
			}
			if yout.String() != oout.String() {
				t.Errorf("%s\nyara:  %q\novert: %q", tc.call, yout.String(), oout.String())
			}
		})
	}
}
