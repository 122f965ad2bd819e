// genlarge writes a large, deterministic, synthetic CPU-like profile.proto
// for benchmarking cpv against `go tool pprof`.
//
// Usage (GOPATH mode, using Debian's golang-github-google-pprof-dev):
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run bench/genlarge.go -o large.pb.gz
//
// The same flags and seed always produce a byte-identical file.
//
// Shape (defaults): 100,000 samples; 60,000 locations; 20,000 functions named
// pkgNN.FuncNNNNN spread over 200 files in 50 packages; stacks 8..48 frames
// deep; ~10% of locations carry 2 Lines (an inlined callee plus its caller);
// ~2% of samples contain a recursive run of frames; a string label
// "worker" with 5 values on ~90% of samples; sample types samples/count and
// cpu/nanoseconds; period 10ms cpu/nanoseconds; time and duration set; one
// mapping with a file name and build id (marked as fully symbolized so that
// pprof never tries to find the binary).
//
// Skew: leaf functions are picked with a Zipf distribution (a few functions
// dominate flat time), and the outer part of every stack is one of a small
// set of Zipf-weighted "root call paths" that all start at a handful of entry
// functions, so cumulative reports are meaningful too. pkg10.Func00010
// ("the dispatcher") sits on roughly a third of the root paths and is a good
// -focus target.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"sort"
	"time"

	"github.com/google/pprof/profile"
)

const (
	periodNs = 10 * 1000 * 1000 // 10ms
	// Function indices with a fixed role (kept < any sane -functions value).
	numEntry     = 5  // Func00000..Func00004: outermost frames of every stack
	dispatcherFn = 10 // Func00010: on ~1/3 of the root paths (a -focus target)
)

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

func main() {
	var (
		out       = flag.String("o", "large.pb.gz", "output file (gzipped profile.proto)")
		rawOut    = flag.String("raw", "", "optionally also write the uncompressed profile.proto here")
		nSamples  = flag.Int("samples", 100000, "number of samples")
		nLocs     = flag.Int("locations", 60000, "number of locations (>= -functions)")
		nFuncs    = flag.Int("functions", 20000, "number of functions (>= 20)")
		nFiles    = flag.Int("files", 200, "number of source files")
		nPkgs     = flag.Int("packages", 50, "number of packages (<= -files)")
		minDepth  = flag.Int("mindepth", 8, "minimum stack depth")
		maxDepth  = flag.Int("maxdepth", 48, "maximum stack depth")
		nRoots    = flag.Int("roots", 400, "number of distinct root call paths")
		inlinePct = flag.Int("inlinepct", 10, "percent of locations with 2 inlined Lines")
		recPct    = flag.Int("recursivepct", 2, "percent of samples with a recursive run of frames")
		seed      = flag.Int64("seed", 1, "random seed")
		quiet     = flag.Bool("q", false, "do not print the shape summary")
	)
	flag.Parse()

	die := func(format string, a ...interface{}) {
		fmt.Fprintf(os.Stderr, "genlarge: "+format+"\n", a...)
		os.Exit(2)
	}
	if *nFuncs < 20 {
		die("-functions must be >= 20")
	}
	if *nLocs < *nFuncs {
		die("-locations must be >= -functions")
	}
	if *nPkgs < 1 || *nFiles < *nPkgs {
		die("need 1 <= -packages <= -files")
	}
	if *minDepth < 3 || *maxDepth < *minDepth {
		die("need 3 <= -mindepth <= -maxdepth")
	}
	if *nSamples < 1 || *nRoots < 1 {
		die("-samples and -roots must be >= 1")
	}

	rng := rand.New(rand.NewSource(*seed))

	// ---- files and packages ------------------------------------------------
	// File f belongs to package f % nPkgs, so every package has several files.
	fileNames := make([]string, *nFiles)
	for f := range fileNames {
		pkg := f % *nPkgs
		fileNames[f] = fmt.Sprintf("example.com/bigserver/pkg%02d/file%03d.go", pkg, f)
	}
	filesOfPkg := make([][]int, *nPkgs)
	for f := 0; f < *nFiles; f++ {
		filesOfPkg[f%*nPkgs] = append(filesOfPkg[f%*nPkgs], f)
	}

	// ---- functions -----------------------------------------------------------
	// Function i lives in package i % nPkgs, in one of that package's files.
	funcs := make([]*profile.Function, *nFuncs)
	nextLine := make([]int64, *nFiles) // lay functions out sequentially per file
	for f := range nextLine {
		nextLine[f] = 10
	}
	for i := range funcs {
		pkg := i % *nPkgs
		fs := filesOfPkg[pkg]
		file := fs[rng.Intn(len(fs))]
		start := nextLine[file]
		nextLine[file] += int64(5 + rng.Intn(80))
		name := fmt.Sprintf("pkg%02d.Func%05d", pkg, i)
		funcs[i] = &profile.Function{
			ID:         uint64(i + 1),
			Name:       name,
			SystemName: name,
			Filename:   fileNames[file],
			StartLine:  start,
		}
	}
	funcLen := func(i int) int64 { return 3 + int64(i*7919%60) } // pseudo body length

	// ---- mapping ---------------------------------------------------------------
	mapping := &profile.Mapping{
		ID:              1,
		Start:           0x400000,
		Limit:           0x400000 + uint64(*nLocs)*64 + 0x1000,
		Offset:          0,
		File:            "/usr/local/bin/bigserver",
		BuildID:         "4f1c7e0a9b2d3c5e6f708192a3b4c5d6e7f80912",
		HasFunctions:    true,
		HasFilenames:    true,
		HasLineNumbers:  true,
		HasInlineFrames: true,
	}

	// ---- locations -------------------------------------------------------------
	// The first nFuncs locations cover every function once (in shuffled order);
	// the rest pick a function uniformly. ~inlinePct% get an extra Line: Line[0]
	// is an inlined callee, Line[1] the function the location belongs to.
	locFunc := make([]int, *nLocs)
	perm := rng.Perm(*nFuncs)
	for l := 0; l < *nLocs; l++ {
		if l < *nFuncs {
			locFunc[l] = perm[l]
		} else {
			locFunc[l] = rng.Intn(*nFuncs)
		}
	}
	// Addresses increase with location index; sort-stable and unique.
	locs := make([]*profile.Location, *nLocs)
	locsOfFunc := make([][]int, *nFuncs)
	nInline := 0
	for l := 0; l < *nLocs; l++ {
		fi := locFunc[l]
		fn := funcs[fi]
		line := fn.StartLine + 1 + rng.Int63n(funcLen(fi))
		loc := &profile.Location{
			ID:      uint64(l + 1),
			Mapping: mapping,
			Address: mapping.Start + 0x1000 + uint64(l)*64 + uint64(rng.Intn(48)),
		}
		if rng.Intn(100) < *inlinePct {
			callee := rng.Intn(*nFuncs)
			if callee == fi {
				callee = (callee + 1) % *nFuncs
			}
			cf := funcs[callee]
			loc.Line = append(loc.Line, profile.Line{
				Function: cf,
				Line:     cf.StartLine + 1 + rng.Int63n(funcLen(callee)),
			})
			nInline++
		}
		loc.Line = append(loc.Line, profile.Line{Function: fn, Line: line})
		locs[l] = loc
		locsOfFunc[fi] = append(locsOfFunc[fi], l)
	}
	pickLocOf := func(fi int) int {
		ls := locsOfFunc[fi]
		return ls[rng.Intn(len(ls))]
	}

	// ---- root call paths -------------------------------------------------------
	// Each root path is a list of locations, outermost first. It starts at one
	// of the entry functions and then walks through "framework" functions (a
	// ~10% subset of all functions). Within a path each function uses a fixed
	// call-site location, so identical prefixes share locations.
	nFramework := *nFuncs / 10
	if nFramework < 20 {
		nFramework = 20
	}
	framework := rng.Perm(*nFuncs)[:nFramework]
	callSite := make(map[int]int) // function -> its canonical call-site location
	siteOf := func(fi int) int {
		if l, ok := callSite[fi]; ok {
			return l
		}
		l := pickLocOf(fi)
		callSite[fi] = l
		return l
	}
	// Root paths are 3..16 frames; a sample whose depth is smaller keeps only
	// the outermost part of its root path.
	roots := make([][]int, *nRoots)
	for r := range roots {
		n := 3 + rng.Intn(14)
		path := make([]int, 0, n)
		path = append(path, siteOf(rng.Intn(numEntry)))
		for len(path) < n {
			if len(path) == 2 && r%3 == 0 {
				path = append(path, siteOf(dispatcherFn))
				continue
			}
			path = append(path, siteOf(framework[rng.Intn(nFramework)]))
		}
		roots[r] = path
	}
	rootZipf := rand.NewZipf(rng, 1.05, 2, uint64(*nRoots-1))

	// ---- leaves -----------------------------------------------------------------
	// Hot leaf functions: Zipf rank -> function via a fixed permutation.
	leafPerm := rng.Perm(*nFuncs)
	leafZipf := rand.NewZipf(rng, 1.1, 4, uint64(*nFuncs-1))
	// Middle frames: half from a mid-level pool (Zipf), half uniform over all
	// locations (so that nearly every location is referenced).
	midPool := rng.Perm(*nLocs)
	if len(midPool) > 5000 {
		midPool = midPool[:5000]
	}
	midZipf := rand.NewZipf(rng, 1.01, 8, uint64(len(midPool)-1))

	// ---- labels -----------------------------------------------------------------
	labelVals := []string{"http", "grpc", "batch", "cron", "gc"}

	// ---- samples ----------------------------------------------------------------
	samples := make([]*profile.Sample, 0, *nSamples)
	used := make([]bool, *nLocs)
	minD, maxD, sumD, nRec := 1<<30, 0, 0, 0
	var totalCPU int64
	for s := 0; s < *nSamples; s++ {
		depth := *minDepth + rng.Intn(*maxDepth-*minDepth+1)
		ri := int(rootZipf.Uint64())
		root := roots[ri]
		if len(root) > depth-1 {
			root = root[:depth-1]
		}
		nMid := depth - 1 - len(root)
		mid := make([]int, 0, nMid) // innermost first
		if nMid >= 2 && rng.Intn(100) < *recPct {
			// Recursive run: one function (or a pair calling each other)
			// repeated several times somewhere in the middle of the stack.
			a := pickLocOf(rng.Intn(*nFuncs))
			var run []int
			if rng.Intn(2) == 0 {
				run = []int{a}
			} else {
				run = []int{a, pickLocOf(rng.Intn(*nFuncs))}
			}
			reps := 2 + rng.Intn(5)
			var rec []int
			for k := 0; k < reps; k++ {
				rec = append(rec, run...)
			}
			if len(rec) > nMid {
				rec = rec[:nMid]
			}
			pos := rng.Intn(nMid - len(rec) + 1)
			for len(mid) < pos {
				mid = append(mid, randMid(rng, midPool, midZipf, *nLocs))
			}
			mid = append(mid, rec...)
			nRec++
		}
		for len(mid) < nMid {
			mid = append(mid, randMid(rng, midPool, midZipf, *nLocs))
		}

		leafFn := leafPerm[int(leafZipf.Uint64())]
		stack := make([]*profile.Location, 0, depth)
		stack = append(stack, locs[pickLocOf(leafFn)])
		for _, l := range mid {
			stack = append(stack, locs[l])
		}
		for i := len(root) - 1; i >= 0; i-- {
			stack = append(stack, locs[root[i]])
		}
		for _, loc := range stack {
			used[loc.ID-1] = true
		}
		d := len(stack)
		if d < minD {
			minD = d
		}
		if d > maxD {
			maxD = d
		}
		sumD += d

		count := int64(1)
		if rng.Intn(10) == 0 {
			count = 2 + rng.Int63n(4)
		}
		cpu := count * periodNs
		totalCPU += cpu
		smp := &profile.Sample{Location: stack, Value: []int64{count, cpu}}
		if rng.Intn(10) != 0 { // ~90% labelled, correlated with the root path
			v := labelVals[ri%len(labelVals)]
			if rng.Intn(5) == 0 {
				v = labelVals[rng.Intn(len(labelVals))]
			}
			smp.Label = map[string][]string{"worker": {v}}
		}
		samples = append(samples, smp)
	}

	// ---- profile ----------------------------------------------------------------
	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "samples", Unit: "count"},
			{Type: "cpu", Unit: "nanoseconds"},
		},
		DefaultSampleType: "cpu",
		Sample:            samples,
		Mapping:           []*profile.Mapping{mapping},
		Location:          locs,
		Function:          funcs,
		PeriodType:        &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:            periodNs,
		TimeNanos:         time.Date(2024, 3, 14, 15, 9, 26, 535000000, time.UTC).UnixNano(),
		// As if ~12 cores were busy, rounded to whole seconds.
		DurationNanos: (totalCPU/12 + 999999999) / 1000000000 * 1000000000,
		Comments:      []string{fmt.Sprintf("synthetic profile from bench/genlarge.go -seed=%d", *seed)},
	}
	if err := p.CheckValid(); err != nil {
		die("invalid profile: %v", err)
	}

	var raw bytes.Buffer
	if err := p.WriteUncompressed(&raw); err != nil {
		die("encode: %v", err)
	}
	if *rawOut != "" {
		if err := os.WriteFile(*rawOut, raw.Bytes(), 0o644); err != nil {
			die("%v", err)
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		die("%v", err)
	}
	cw := &countingWriter{w: f}
	if err := p.Write(cw); err != nil {
		die("write: %v", err)
	}
	if err := f.Close(); err != nil {
		die("%v", err)
	}

	if *quiet {
		return
	}
	nUsed := 0
	for _, u := range used {
		if u {
			nUsed++
		}
	}
	fileSet := map[string]bool{}
	for _, fn := range funcs {
		fileSet[fn.Filename] = true
	}
	// Flat share of the 5 hottest leaf functions, to show the skew.
	flat := map[string]int64{}
	for _, s := range samples {
		flat[s.Location[0].Line[0].Function.Name] += s.Value[1]
	}
	type kv struct {
		k string
		v int64
	}
	var top []kv
	for k, v := range flat {
		top = append(top, kv{k, v})
	}
	sort.Slice(top, func(i, j int) bool {
		if top[i].v != top[j].v {
			return top[i].v > top[j].v
		}
		return top[i].k < top[j].k
	})
	var top5 int64
	for i := 0; i < 5 && i < len(top); i++ {
		top5 += top[i].v
	}

	fmt.Printf("profile:    %s (seed %d)\n", *out, *seed)
	fmt.Printf("samples:    %d (%d with recursion, %d distinct leaf functions)\n", len(samples), nRec, len(flat))
	fmt.Printf("locations:  %d (%d referenced by samples, %d with 2 inlined lines)\n", len(locs), nUsed, nInline)
	fmt.Printf("functions:  %d in %d files, %d packages\n", len(funcs), len(fileSet), *nPkgs)
	fmt.Printf("depth:      min %d, max %d, mean %.1f\n", minD, maxD, float64(sumD)/float64(len(samples)))
	fmt.Printf("total cpu:  %.2fs over duration %.0fs; top-5 leaf functions hold %.1f%% of flat cpu\n",
		float64(totalCPU)/1e9, float64(p.DurationNanos)/1e9, 100*float64(top5)/float64(totalCPU))
	fmt.Printf("focus:      pkg10.Func00010 (dispatcher, on every 3rd root path)\n")
	fmt.Printf("size:       %d bytes uncompressed (%.2f MB), %d bytes gzipped (%.2f MB)\n",
		raw.Len(), float64(raw.Len())/1e6, cw.n, float64(cw.n)/1e6)
}

func randMid(rng *rand.Rand, pool []int, z *rand.Zipf, nLocs int) int {
	if rng.Intn(2) == 0 {
		return pool[int(z.Uint64())]
	}
	return rng.Intn(nLocs)
}
