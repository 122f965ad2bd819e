// Command allocs runs an allocation-heavy workload (JSON encoding and
// decoding, string building, slice growth) and writes the "allocs" profile
// (pprof.Lookup("allocs"), default sample type alloc_space) to the path
// given as argument. MemProfileRate is 4096, so values are scaled estimates.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
)

type Item struct {
	ID    int               `json:"id"`
	Name  string            `json:"name"`
	Tags  []string          `json:"tags"`
	Attrs map[string]string `json:"attrs"`
	Score float64           `json:"score"`
}

var keep []interface{}

//go:noinline
func makeItems(n int) []Item {
	items := make([]Item, 0)
	for i := 0; i < n; i++ {
		items = append(items, Item{
			ID:    i,
			Name:  fmt.Sprintf("item-%d", i),
			Tags:  []string{"a", "bb", strings.Repeat("c", i%7+1)},
			Attrs: map[string]string{"color": "red", "size": fmt.Sprint(i % 5)},
			Score: float64(i) / 3,
		})
	}
	return items
}

//go:noinline
func encode(items []Item) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for _, it := range items {
		if err := enc.Encode(it); err != nil {
			panic(err)
		}
	}
	return buf.Bytes()
}

//go:noinline
func decode(data []byte) []Item {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []Item
	for dec.More() {
		var it Item
		if err := dec.Decode(&it); err != nil {
			panic(err)
		}
		out = append(out, it)
	}
	return out
}

//go:noinline
func index(items []Item) map[string][]int {
	idx := make(map[string][]int)
	for i, it := range items {
		for _, t := range it.Tags {
			idx[t] = append(idx[t], i)
		}
	}
	return idx
}

//go:noinline
func report(items []Item) string {
	names := make([]string, 0, len(items))
	for _, it := range items {
		names = append(names, strings.ToUpper(it.Name))
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

func main() {
	runtime.MemProfileRate = 4096
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: allocs OUT.pb.gz")
		os.Exit(2)
	}
	for round := 0; round < 4; round++ {
		items := makeItems(3000)
		data := encode(items)
		back := decode(data)
		idx := index(back)
		rep := report(back)
		if round == 3 {
			keep = append(keep, items, idx, rep)
		}
	}
	runtime.GC()
	f, err := os.Create(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	runtime.KeepAlive(keep)
}
