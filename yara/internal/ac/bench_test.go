package ac

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
)

// loopCPU runs body in a b.Loop pinned to one OS thread and reports
// "cpuMB/s": throughput per CPU second of that thread, which stays
// meaningful when other processes share the machine.
func loopCPU(b *testing.B, size int, body func()) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	b.SetBytes(int64(size))
	start := threadCPU()
	n := 0
	for b.Loop() {
		body()
		n++
	}
	if cpu := threadCPU() - start; cpu > 0 {
		b.ReportMetric(float64(size)*float64(n)/cpu.Seconds()/1e6, "cpuMB/s")
	}
}

// benchWords is a small English vocabulary for text-like data.
var benchWords = strings.Fields(`the of and to in is you that it he was for on are as with his they at be
this have from or one had by word but not what all were we when your can said there use an each which she
do how their if will up other about out many then them these so some her would make like him into time has
look two more write go see number no way could people my than first water been call who oil its now find
long down day did get come made may part over new sound take only little work know place year live me back
give most very after thing our just name good sentence man think say great where help through much before
line right too mean old any same tell boy follow came want show also around form three small set put end
does another well large must big even such because turn here why ask went men read need land different home
us move try kind hand picture again change off play spell air away animal house point page letter mother
answer found study still learn should america world http www com exe dll kernel32 createfile virtualalloc`)

// benchText returns n bytes of English-ish text.
func benchText(r *rand.Rand, n int) []byte {
	var b strings.Builder
	for b.Len() < n {
		w := benchWords[r.IntN(len(benchWords))]
		if r.IntN(12) == 0 {
			w = strings.ToUpper(w[:1]) + w[1:]
		}
		b.WriteString(w)
		switch r.IntN(20) {
		case 0:
			b.WriteString(". ")
		case 1:
			b.WriteString(",\n")
		default:
			b.WriteByte(' ')
		}
	}
	return []byte(b.String()[:n])
}

// benchPatterns returns n distinct atoms like a rule set's: a quarter are
// slices of English-ish text (words are shared, so these are few), a
// quarter random lowercase, half random binary; 90% are 4 bytes long, the
// rest 2 or 3.
func benchPatterns(n int) [][]byte {
	r := rand.New(rand.NewPCG(42, uint64(n)))
	text := benchText(r, 1<<16)
	seen := make(map[string]bool, n)
	ps := make([][]byte, 0, n)
	for len(ps) < n {
		l := 4
		if r.IntN(10) == 0 {
			l = 2 + r.IntN(2)
		}
		var p []byte
		switch i := len(ps); {
		case i%4 == 0 && r.IntN(4) == 0:
			off := r.IntN(len(text) - l)
			p = text[off : off+l]
		case i%4 <= 1:
			p = randomBytes(r, l, 26, 'a')
		default:
			p = randomBytes(r, l, 256, 0)
		}
		if !seen[string(p)] {
			seen[string(p)] = true
			ps = append(ps, p)
		}
	}
	return ps
}

// benchData returns 1 MiB of each kind of data.
func benchData(kind string) []byte {
	r := rand.New(rand.NewPCG(7, 7))
	const n = 1 << 20
	switch kind {
	case "random":
		return randomBytes(r, n, 256, 0)
	case "text":
		return benchText(r, n)
	}
	return make([]byte, n)
}

var benchCounts = []int{10, 100, 1000, 10000, 100000}
var benchKinds = []string{"random", "text", "zeros"}

// BenchmarkScan is the pattern count × data kind matrix, read as MB/s.
func BenchmarkScan(b *testing.B) {
	for _, n := range benchCounts {
		a, err := Build(benchPatterns(n))
		if err != nil {
			b.Fatal(err)
		}
		for _, kind := range benchKinds {
			data := benchData(kind)
			b.Run(fmt.Sprintf("patterns=%d/data=%s", n, kind), func(b *testing.B) {
				hits := 0
				fn := func(int, int64) { hits++ }
				loopCPU(b, len(data), func() {
					var st State
					a.Scan(&st, data, fn)
				})
				b.ReportMetric(float64(hits)/float64(b.N)/float64(len(data))*1e6, "hits/MB")
			})
		}
	}
}

// BenchmarkHits compares the callback with the batched form where hits are
// frequent (text data, many text atoms).
func BenchmarkHits(b *testing.B) {
	a, err := Build(benchPatterns(10000))
	if err != nil {
		b.Fatal(err)
	}
	data := benchData("text")
	b.Run("callback", func(b *testing.B) {
		sum := 0
		fn := func(p int, _ int64) { sum += p }
		loopCPU(b, len(data), func() {
			var st State
			a.Scan(&st, data, fn)
		})
	})
	b.Run("batch", func(b *testing.B) {
		sum := 0
		buf := make([]Hit, 0, 1024)
		loopCPU(b, len(data), func() {
			var st State
			d := data
			for {
				hits, n := a.ScanHits(&st, d, buf[:0])
				for _, h := range hits {
					sum += int(h.Pattern)
				}
				d = d[n:]
				if len(hits) < cap(hits) {
					break
				}
			}
		})
	})
}

// BenchmarkLayout scans with forced layouts and accelerators, to tune
// DefaultDenseBytes and maxSkipBytes.
func BenchmarkLayout(b *testing.B) {
	for _, n := range []int{30, 100, 1000, 100000} {
		for _, budget := range []int{-1, 1 << 20, 4 << 20} {
			for _, noSkip := range []bool{false, true} {
				a, err := BuildWith(benchPatterns(n), Options{DenseBytes: budget, NoSkip: noSkip})
				if err != nil {
					b.Fatal(err)
				}
				for _, kind := range []string{"random", "text"} {
					data := benchData(kind)
					name := fmt.Sprintf("patterns=%d/dense=%d/noskip=%v/data=%s", n, budget, noSkip, kind)
					b.Run(name, func(b *testing.B) {
						loopCPU(b, len(data), func() {
							var st State
							a.Scan(&st, data, func(int, int64) {})
						})
					})
				}
			}
		}
	}
}

// BenchmarkBuild measures Build and reports the automaton's memory,
// including the brief's case of 100,000 random four-byte patterns.
func BenchmarkBuild(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 9))
	random4 := make([][]byte, 100000)
	for i := range random4 {
		random4[i] = randomBytes(r, 4, 256, 0)
	}
	sets := []struct {
		name     string
		patterns [][]byte
	}{
		{"mixed=5000", benchPatterns(5000)},
		{"mixed=100000", benchPatterns(100000)},
		{"random4=100000", random4},
	}
	for _, s := range sets {
		b.Run(s.name, func(b *testing.B) {
			var a *Automaton
			for b.Loop() {
				var err error
				if a, err = Build(s.patterns); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(a.MemoryBytes())/(1<<20), "MiB")
			b.ReportMetric(float64(a.Stats().States), "states")
		})
	}
}
