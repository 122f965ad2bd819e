// Command goroutine parks about 20 goroutines in a few different places
// (channel receive, channel send, select, sync.Mutex, sync.WaitGroup,
// sync.Cond, time.Sleep), some of them under pprof labels, and writes the
// goroutine profile in proto form (WriteTo(f, 0)) to the path given as
// argument.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"sync"
	"time"
)

var (
	never    = make(chan int)
	full     = make(chan int)
	mu       sync.Mutex
	wgNever  sync.WaitGroup
	condMu   sync.Mutex
	cond     = sync.NewCond(&condMu)
	started  sync.WaitGroup
	stopSelf = make(chan struct{})
)

//go:noinline
func waitForJob(id int) int {
	started.Done()
	return <-never + id
}

//go:noinline
func sendResult(v int) {
	started.Done()
	full <- v
}

//go:noinline
func eventLoop(tick <-chan int) {
	started.Done()
	for {
		select {
		case <-tick:
		case <-stopSelf:
			return
		}
	}
}

//go:noinline
func lockedUpdate() {
	started.Done()
	mu.Lock()
	mu.Unlock()
}

//go:noinline
func awaitGroup() {
	started.Done()
	wgNever.Wait()
}

//go:noinline
func awaitCond() {
	condMu.Lock()
	started.Done()
	cond.Wait()
	condMu.Unlock()
}

//go:noinline
func sleeper() {
	started.Done()
	time.Sleep(time.Hour)
}

func spawn(n int, f func()) {
	started.Add(n)
	for i := 0; i < n; i++ {
		go f()
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goroutine OUT.pb.gz")
		os.Exit(2)
	}
	mu.Lock() // held by main: lockedUpdate goroutines block on it
	wgNever.Add(1)

	for i := 0; i < 3; i++ {
		i := i
		pprof.Do(context.Background(), pprof.Labels("pool", "jobs", "slot", strconv.Itoa(i)), func(ctx context.Context) {
			spawn(1, func() { waitForJob(i) })
		})
	}
	spawn(3, func() { waitForJob(100) })
	spawn(2, func() { sendResult(1) })
	tick := make(chan int)
	pprof.Do(context.Background(), pprof.Labels("pool", "loops"), func(ctx context.Context) {
		spawn(4, func() { eventLoop(tick) })
	})
	spawn(3, lockedUpdate)
	spawn(2, awaitGroup)
	spawn(2, awaitCond)
	spawn(2, sleeper)
	started.Wait()
	time.Sleep(200 * time.Millisecond) // let everybody park
	runtime.Gosched()

	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("goroutine").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
