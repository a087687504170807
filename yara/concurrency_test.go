package yara

import (
	"context"
	"fmt"
	"math/rand"
	"reflect"
	"sync"
	"testing"
)

// TestConcurrentScans scans with one Rules from many goroutines (run with
// -race): every goroutine must get the results of a lone scanner.
func TestConcurrentScans(t *testing.T) {
	g := &ruleGen{r: rand.New(rand.NewSource(3))}
	var srcs []src
	for i := range 20 {
		srcs = append(srcs, src{fmt.Sprintf("ns%d", i%3), fmt.Sprintf("rule r%d { strings: $a = %s $b = %s condition: any of them }", i, g.text(), g.hex())})
	}
	r := compileLenient(t, srcs)
	inputs := make([][]byte, 16)
	want := make([]*Result, len(inputs))
	for i := range inputs {
		inputs[i] = g.data(2000)
		res, err := r.NewScanner(ScanOptions{}).ScanBytes(context.Background(), inputs[i])
		if err != nil {
			t.Fatal(err)
		}
		want[i] = res
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(inputs))
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := r.NewScanner(ScanOptions{})
			for k := range 3 * len(inputs) {
				i := (k + w) % len(inputs)
				res, err := s.ScanBytes(context.Background(), inputs[i])
				if err != nil {
					errs <- err.Error()
					return
				}
				if !reflect.DeepEqual(res, want[i]) {
					errs <- fmt.Sprintf("worker %d input %d: results differ", w, i)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// compileLenient compiles the sources that compile and skips the others.
func compileLenient(t testing.TB, srcs []src) *Rules {
	t.Helper()
	c := NewCompiler()
	n := 0
	for i, s := range srcs {
		probe := NewCompiler()
		if probe.AddSource("probe.yar", []byte(s.text), s.ns) != nil {
			continue
		}
		if err := c.AddSource(fmt.Sprintf("s%d.yar", i), []byte(s.text), s.ns); err == nil {
			n++
		}
	}
	if n == 0 {
		t.Fatal("no source compiled")
	}
	r, err := c.Rules()
	if err != nil {
		t.Fatal(err)
	}
	return r
}
