// Command heap allocates from several call sites with different sizes,
// frees part of it, and writes a heap profile (pprof.WriteHeapProfile) to the
// path given as argument. runtime.MemProfileRate is set to 1 so every
// allocation made after start-up is recorded with its exact size.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
)

type entry struct {
	key   string
	value []byte
	next  *entry
}

var (
	retainedBuffers [][]byte
	retainedTable   map[int]*entry
	retainedList    *entry
	retainedStrings []string
	discard         int
	scratchBytes    []byte
	scratchInts     []int
)

//go:noinline
func makeBuffers(n, size int) [][]byte {
	out := make([][]byte, 0, n)
	for i := 0; i < n; i++ {
		out = append(out, make([]byte, size))
	}
	return out
}

//go:noinline
func newEntry(i int) *entry {
	return &entry{key: fmt.Sprintf("key-%05d", i), value: make([]byte, 48)}
}

//go:noinline
func buildTable(n int) map[int]*entry {
	m := make(map[int]*entry)
	for i := 0; i < n; i++ {
		m[i] = newEntry(i)
	}
	return m
}

//go:noinline
func buildList(n int) *entry {
	var head *entry
	for i := 0; i < n; i++ {
		e := &entry{value: make([]byte, 256)}
		e.next = head
		head = e
	}
	return head
}

//go:noinline
func joinWords(n int) []string {
	out := make([]string, 0, 16)
	for i := 0; i < n; i++ {
		out = append(out, strings.Repeat("word ", 20+i%10))
	}
	return out
}

// temporary allocations: garbage by the time the profile is written.
//
//go:noinline
func scratch(rounds int) {
	for r := 0; r < rounds; r++ {
		b := make([]byte, 8192)
		b[0] = byte(r)
		scratchBytes = b
		s := make([]int, 1000)
		scratchInts = s
	}
}

//go:noinline
func bigBlock() []byte {
	return make([]byte, 4<<20)
}

func allocate() {
	retainedBuffers = makeBuffers(64, 16384)
	retainedBuffers = append(retainedBuffers, bigBlock())
	retainedTable = buildTable(2000)
	retainedList = buildList(1500)
	retainedStrings = joinWords(300)
	scratch(500)
	scratchBytes, scratchInts = nil, nil
	// Free half of the table: those entries become alloc-only.
	for i := 0; i < 2000; i += 2 {
		delete(retainedTable, i)
	}
	tmp := makeBuffers(32, 65536)
	discard += len(tmp)
}

func main() {
	runtime.MemProfileRate = 1
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: heap OUT.pb.gz")
		os.Exit(2)
	}
	allocate()
	runtime.GC()
	runtime.GC()
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.WriteHeapProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	runtime.KeepAlive(retainedBuffers)
	runtime.KeepAlive(retainedTable)
	runtime.KeepAlive(retainedList)
	runtime.KeepAlive(retainedStrings)
}
