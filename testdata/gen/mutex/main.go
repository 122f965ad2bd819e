// Command mutex records every contended mutex (runtime.SetMutexProfileFraction(1))
// while several groups of goroutines fight over sync.Mutex and sync.RWMutex
// values, then writes the "mutex" profile to the path given as argument
// (sample types contentions/count and delay/nanoseconds).
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

type account struct {
	mu      sync.Mutex
	balance int
}

//go:noinline
func (a *account) deposit(v int) {
	a.mu.Lock()
	a.balance += v
	spin(30000)
	a.mu.Unlock()
}

//go:noinline
func (a *account) audit() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	time.Sleep(200 * time.Microsecond)
	logf("audit balance %d", a.balance)
	return a.balance
}

type cache struct {
	mu sync.RWMutex
	m  map[int]int
}

//go:noinline
func (c *cache) lookup(k int) int {
	c.mu.RLock()
	v := c.m[k]
	spin(500)
	c.mu.RUnlock()
	return v
}

//go:noinline
func (c *cache) store(k, v int) {
	c.mu.Lock()
	c.m[k] = v
	time.Sleep(100 * time.Microsecond)
	c.mu.Unlock()
}

var spinSink int

//go:noinline
func spin(n int) {
	x := 0
	for i := 0; i < n; i++ {
		x += i * i
	}
	spinSink += x
}

//go:noinline
func bank(workers, ops int) {
	acct := &account{}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < ops; i++ {
				acct.deposit(w)
				if i%25 == 0 {
					acct.audit()
				}
			}
		}(w)
	}
	wg.Wait()
}

//go:noinline
func readers(workers, ops int) {
	c := &cache{m: make(map[int]int)}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < ops; i++ {
				if i%10 == w%10 {
					c.store(i, w)
				} else {
					c.lookup(i)
				}
			}
		}(w)
	}
	wg.Wait()
}

var logMu sync.Mutex
var logLines []string

//go:noinline
func logf(format string, args ...interface{}) {
	logMu.Lock()
	logLines = append(logLines, fmt.Sprintf(format, args...))
	time.Sleep(50 * time.Microsecond)
	logMu.Unlock()
}

//go:noinline
func chatty(workers, ops int) {
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < ops; i++ {
				logf("worker %d op %d", w, i)
			}
		}(w)
	}
	wg.Wait()
}

func main() {
	runtime.SetMutexProfileFraction(1)
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mutex OUT.pb.gz")
		os.Exit(2)
	}
	bank(6, 300)
	readers(5, 200)
	chatty(4, 100)
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("mutex").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "lines", len(logLines), spinSink != 0)
}
