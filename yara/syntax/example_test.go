package syntax_test

import (
	"fmt"
	"go/token"
	"os"

	"github.com/overt-sec/overt/yara/syntax"
)

func ExampleParseFile() {
	src := `rule demo : tag { strings: $a = { 4D 5A } condition: $a at 0 and filesize < 1MB }`
	fset := token.NewFileSet()
	f, errs := syntax.ParseFile(fset, "demo.yar", []byte(src), 0)
	if errs.HasErrors() {
		fmt.Println(errs)
		return
	}
	syntax.Dump(os.Stdout, f)
	// Output:
	// file "demo.yar"
	//   rule demo tags(tag)
	//     string $a = { 4D 5A }
	//     condition
	//       binary and
	//         ref $a at
	//           int 0
	//         binary <
	//           filesize
	//           int 1048576
}

func ExampleParseFile_errors() {
	src := "rule a { condition: true == true }\nrule b : t t { condition: 1 < 2 < 3 }"
	_, errs := syntax.ParseFile(token.NewFileSet(), "bad.yar", []byte(src), 0)
	for _, e := range errs {
		fmt.Println(e, e.Code)
	}
	// Output:
	// bad.yar:1:21: error: boolean expression cannot be an operand of "==" S020
	// bad.yar:2:12: error: duplicate tag "t" S013
	// bad.yar:2:27: error: boolean expression cannot be an operand of "<" S020
}
