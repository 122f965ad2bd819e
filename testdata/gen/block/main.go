// Command block records every blocking event (runtime.SetBlockProfileRate(1))
// while goroutines wait on channels, select, sync.WaitGroup, sync.Cond and a
// contended sync.Mutex, then writes the "block" profile to the path given as
// argument (sample types contentions/count and delay/nanoseconds).
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"
)

//go:noinline
func producer(ch chan<- int, n int, pause time.Duration) {
	for i := 0; i < n; i++ {
		time.Sleep(pause)
		ch <- i
	}
	close(ch)
}

//go:noinline
func consumer(ch <-chan int) int {
	t := 0
	for v := range ch {
		t += v
	}
	return t
}

//go:noinline
func pipeline() int {
	ch := make(chan int)
	go producer(ch, 40, 2*time.Millisecond)
	return consumer(ch)
}

//go:noinline
func waitForSignal(a, b <-chan struct{}, timeout <-chan time.Time) string {
	select {
	case <-a:
		return "a"
	case <-b:
		return "b"
	case <-timeout:
		return "timeout"
	}
}

//go:noinline
func selectLoop() int {
	n := 0
	for i := 0; i < 10; i++ {
		a := make(chan struct{})
		b := make(chan struct{})
		go func(i int) {
			time.Sleep(time.Duration(i+1) * time.Millisecond)
			if i%2 == 0 {
				close(a)
			} else {
				close(b)
			}
		}(i)
		if waitForSignal(a, b, time.After(time.Second)) == "a" {
			n++
		}
	}
	return n
}

//go:noinline
func fanOut(workers int, d time.Duration) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			time.Sleep(d * time.Duration(i+1))
		}(i)
	}
	wg.Wait()
}

type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

//go:noinline
func (q *queue) get() int {
	q.mu.Lock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
	return v
}

//go:noinline
func (q *queue) put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Signal()
}

//go:noinline
func condQueue() int {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	done := make(chan int)
	go func() {
		t := 0
		for i := 0; i < 20; i++ {
			t += q.get()
		}
		done <- t
	}()
	for i := 0; i < 20; i++ {
		time.Sleep(time.Millisecond)
		q.put(i)
	}
	return <-done
}

var counterMu sync.Mutex
var counter int

//go:noinline
func holdLock(d time.Duration) {
	counterMu.Lock()
	time.Sleep(d)
	counter++
	counterMu.Unlock()
}

//go:noinline
func contend(workers int) {
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				holdLock(500 * time.Microsecond)
			}
		}()
	}
	wg.Wait()
}

func main() {
	runtime.SetBlockProfileRate(1)
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: block OUT.pb.gz")
		os.Exit(2)
	}
	total := pipeline() + selectLoop() + condQueue()
	fanOut(8, 3*time.Millisecond)
	contend(6)
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("block").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "total", total, counter)
}
