// Command cpu_after is gen/cpu after a change, for the diff tests
// (-base, -diff_base, -normalize): the same program with less hashing and
// sorting, more fib, formatNumbers rewritten with fmt.Sprintf, mapChurn
// gone and a new crcLoop.  It writes a CPU profile (gzipped profile.proto)
// to the path given as argument.
//
// The //line directive below gives its functions the file name of
// gen/cpu/main.go, as a changed and rebuilt program would have, so that
// -files diffs line up with cpu.pb.gz (line numbers are this file's minus
// one, and start lines differ: -lines diffs show moved code).  Like the
// other real profiles it is built as /tmp/cpvgen-bin/cpuburn (regen.sh
// does not run it; from testdata/gen):
//
//	go build -trimpath -o /tmp/cpvgen-bin/cpuburn ./cpu_after &&
//	    /tmp/cpvgen-bin/cpuburn ../cpu_after.pb.gz
package main

//line cpvgen/cpu/main.go:1
import (
	"fmt"
	"hash/crc32"
	"os"
	"runtime/pprof"
	"sort"
	"strings"
	"time"
)

var sink int

// rotate is tiny and gets inlined into mixByte.
func rotate(x uint32, k uint) uint32 {
	return x<<k | x>>(32-k)
}

// mixByte is small and gets inlined into hashLoop (with rotate inside it).
func mixByte(h uint32, b byte) uint32 {
	h ^= uint32(b)
	h *= 16777619
	return rotate(h, 13)
}

//go:noinline
func hashLoop(data []byte, rounds int) uint32 {
	h := uint32(2166136261)
	for r := 0; r < rounds; r++ {
		for _, b := range data {
			h = mixByte(h, b)
		}
	}
	return h
}

//go:noinline
func fib(n int) int {
	if n < 2 {
		return n
	}
	return fib(n-1) + fib(n-2)
}

type node struct {
	left, right *node
	val         int
}

func buildTree(depth int, v int) *node {
	if depth == 0 {
		return nil
	}
	return &node{left: buildTree(depth-1, 2*v), right: buildTree(depth-1, 2*v+1), val: v}
}

//go:noinline
func walkTree(n *node) int {
	if n == nil {
		return 0
	}
	s := n.val % 7
	for i := 0; i < 40; i++ {
		s = (s*31 + i) % 1000003
	}
	return s + walkTree(n.left) + walkTree(n.right)
}

type record struct {
	key  int
	name string
}

//go:noinline
func sortRecords(n int, seed int) int {
	recs := make([]record, n)
	x := seed
	for i := range recs {
		x = (x*1103515245 + 12345) & 0x7fffffff
		recs[i] = record{key: x % 100000, name: "r"}
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].key < recs[j].key })
	return recs[0].key
}

//go:noinline
func formatNumbers(n int) int {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(fmt.Sprintf("%d,", i*7919))
	}
	return len(b.String())
}

//go:noinline
func crcLoop(data []byte, rounds int) uint32 {
	var c uint32
	for r := 0; r < rounds; r++ {
		c = crc32.Update(c, crc32.IEEETable, data)
	}
	return c
}

//go:noinline
func matMul(n int) float64 {
	a := make([]float64, n*n)
	bm := make([]float64, n*n)
	c := make([]float64, n*n)
	for i := range a {
		a[i] = float64(i%13) * 0.5
		bm[i] = float64(i%7) * 0.25
	}
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			s := 0.0
			for k := 0; k < n; k++ {
				s += a[i*n+k] * bm[k*n+j]
			}
			c[i*n+j] = s
		}
	}
	return c[n+1]
}

// runFor calls f repeatedly until d has elapsed.
func runFor(d time.Duration, f func()) {
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		f()
	}
}

func compute() {
	data := make([]byte, 4096)
	for i := range data {
		data[i] = byte(i * 7)
	}
	tree := buildTree(14, 1)
	ms := time.Millisecond
	for round := 0; round < 6; round++ {
		runFor(90*ms, func() { sink += int(hashLoop(data, 20)) })
		runFor(170*ms, func() { sink += fib(24) })
		runFor(90*ms, func() { sink += walkTree(tree) })
		runFor(30*ms, func() { sink += sortRecords(3000, round) })
		runFor(40*ms, func() { sink += formatNumbers(2000) })
		runFor(50*ms, func() { sink += int(matMul(60)) })
		runFor(35*ms, func() { sink += int(crcLoop(data, 8)) })
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: cpu_after OUT.pb.gz")
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
	compute()
	pprof.StopCPUProfile()
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintln(os.Stderr, "sink", sink)
}
