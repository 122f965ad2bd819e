// Command labels writes a CPU profile whose samples carry string labels.
//
// Three workers run one after the other; each goes through a "parse" phase
// and a "compile" phase inside pprof.Do, so samples are labelled with
// phase=parse|compile and worker=1|2|3. A short unlabelled phase ("link")
// runs at the end so some samples have no labels at all.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"time"
)

var sinkMu sync.Mutex
var sink int

func add(v int) {
	sinkMu.Lock()
	sink += v
	sinkMu.Unlock()
}

//go:noinline
func tokenize(src string) int {
	n := 0
	for _, f := range strings.Fields(src) {
		if len(f) > 2 {
			n++
		}
	}
	return n
}

//go:noinline
func parseExpr(depth int) int {
	if depth == 0 {
		return 1
	}
	return parseExpr(depth-1) + parseExpr(depth-1) + 1
}

//go:noinline
func buildAST(src string) int {
	return tokenize(src) + parseExpr(12)
}

//go:noinline
func optimize(n int) int {
	x := 1
	for i := 0; i < n; i++ {
		x = (x*48271 + i) % 2147483647
	}
	return x
}

//go:noinline
func emitCode(n int) int {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString("mov r")
		b.WriteString(strconv.Itoa(i % 16))
		b.WriteByte('\n')
	}
	return b.Len()
}

//go:noinline
func link(n int) int {
	syms := make(map[string]int)
	for i := 0; i < n; i++ {
		syms["sym"+strconv.Itoa(i%500)] += i
	}
	return len(syms)
}

func runFor(d time.Duration, f func()) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		f()
	}
}

func worker(ctx context.Context, id int, src string, wg *sync.WaitGroup) {
	defer wg.Done()
	w := strconv.Itoa(id)
	scale := time.Duration(id)
	pprof.Do(ctx, pprof.Labels("phase", "parse", "worker", w), func(ctx context.Context) {
		runFor(150*time.Millisecond*scale, func() { add(buildAST(src)) })
	})
	pprof.Do(ctx, pprof.Labels("phase", "compile", "worker", w), func(ctx context.Context) {
		runFor(250*time.Millisecond, func() { add(optimize(200000)) })
		runFor(150*time.Millisecond, func() { add(emitCode(3000)) })
	})
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: labels OUT.pb.gz")
		os.Exit(2)
	}
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	src := strings.Repeat("let x = foo(bar, 42) + baz; ", 200)
	var wg sync.WaitGroup
	for id := 1; id <= 3; id++ {
		wg.Add(1)
		go worker(context.Background(), id, src, &wg)
		wg.Wait()
	}
	runFor(250*time.Millisecond, func() { add(link(20000)) })
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "sink", sink)
}
