// Command listsynth writes synth_list.pb.gz, a synthetic CPU profile for
// the -list golden cases: file names pprof rewrites (/proc/self/cwd/,
// "..", a -trim_path prefix, an absolute build path), one function name in
// two files, one function in two mappings, inlined frames, recursion,
// line 0, start lines, ranges past the end of a file or empty, functions
// without a file, and sources that are a directory, binary, CRLF, or have
// over-long lines.  The sources live in testdata/list-src/.
//
// Build in GOPATH mode against the Debian pprof source:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run main.go OUTDIR
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/pprof/profile"
)

type builder struct {
	p *profile.Profile
}

// fn always adds a new function: several may share a name.
func (b *builder) fn(name, file string, start int64) *profile.Function {
	f := &profile.Function{
		ID:         uint64(len(b.p.Function) + 1),
		Name:       name,
		SystemName: name,
		Filename:   file,
		StartLine:  start,
	}
	b.p.Function = append(b.p.Function, f)
	return f
}

type ln struct {
	f    *profile.Function
	line int64
}

// loc adds a location; lines are leaf-most (inlined callee) first.
func (b *builder) loc(m *profile.Mapping, lines ...ln) *profile.Location {
	l := &profile.Location{
		ID:      uint64(len(b.p.Location) + 1),
		Mapping: m,
		Address: 0x1000 + uint64(len(b.p.Location))*0x10,
	}
	for _, x := range lines {
		l.Line = append(l.Line, profile.Line{Function: x.f, Line: x.line})
	}
	b.p.Location = append(b.p.Location, l)
	return l
}

const ms = int64(1000000)

// sample adds n samples of 10ms with this stack, given root first.
func (b *builder) sample(n int64, rootFirst ...*profile.Location) {
	s := &profile.Sample{Value: []int64{n, n * 10 * ms}}
	for i := len(rootFirst) - 1; i >= 0; i-- {
		s.Location = append(s.Location, rootFirst[i])
	}
	b.p.Sample = append(b.p.Sample, s)
}

func synthList() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "samples", Unit: "count"},
			{Type: "cpu", Unit: "nanoseconds"},
		},
		PeriodType:    &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:        10 * ms,
		TimeNanos:     1700000000000000000,
		DurationNanos: 2000 * ms,
	}
	m1 := &profile.Mapping{ID: 1, Start: 0x1000, Limit: 0x100000,
		File: "/bin/lst", HasFunctions: true, HasFilenames: true,
		HasLineNumbers: true, HasInlineFrames: true}
	m2 := &profile.Mapping{ID: 2, Start: 0x200000, Limit: 0x300000,
		File: "/lib/liblst.so", HasFunctions: true, HasFilenames: true,
		HasLineNumbers: true}
	p.Mapping = []*profile.Mapping{m1, m2}
	b := &builder{p: p}

	fMain := b.fn("lst.main", "lst/main.go", 3)
	root := b.loc(m1, ln{fMain, 5})

	one := func(n int64, name, file string, start, line int64) {
		b.sample(n, root, b.loc(m1, ln{b.fn(name, file, start), line}))
	}
	one(3, "lst.cwdDot", "/proc/self/cwd/./lst/proc.go", 3, 6)
	one(2, "lst.cwd", "/proc/self/cwd/lst/proc.go", 12, 14)
	one(1, "lst.dots", "lst/sub/../dots.go", 0, 7)
	one(4, "lst.dup", "lst/dup_b.go", 0, 9)
	one(5, "lst.dup", "lst/dup_a.go", 0, 4)

	fTwo := b.fn("lst.twomap", "lst/twomap.go", 0)
	two1 := b.loc(m1, ln{fTwo, 5})
	two2 := b.loc(m2, ln{fTwo, 5})
	b.sample(2, root, two1)
	b.sample(3, root, two2)
	b.sample(1, root, two1, two2)

	one(1, "lst.top", "lst/top.go", 1, 2)
	fZero := b.fn("lst.zero", "lst/zero.go", 0)
	b.sample(1, root, b.loc(m1, ln{fZero, 0}))
	b.sample(2, root, b.loc(m1, ln{fZero, 3}))
	one(1, "lst.beyond", "lst/short.go", 0, 40)
	one(2, "lst.short", "lst/short.go", 0, 8)
	one(1, "lst.aMissing", "lst/gone.go", 0, 20)
	one(1, "lst.backGone", "lst/gone.go", 100, 10)
	one(1, "lst.backwards", "lst/nowhere.go", 100, 10)
	one(1, "lst.dir", "lst/adir", 0, 3)
	one(1, "lst.blob", "lst/blob.bin", 0, 2)
	one(1, "lst.nofile", "", 0, 7)
	one(1, "lst.emptied", "/proc/self/cwd/", 0, 9)
	one(2, "lst.heur", "/build/ci/list-src/lst/heur.go", 0, 4)
	one(1, "lst.trimmed", "/src/lst/trimmed.go", 6, 8)
	one(1, "lst.rel", "lst/../../list-src/lst/rel.go", 0, 3)
	one(1, "lst.crlf", "lst/crlf.go", 0, 4)
	one(1, "lst.long", "lst/long.go", 0, 5)
	one(2, "lst.utf8", "lst/utf8.go", 0, 6)

	fRec := b.fn("lst.rec", "lst/rec.go", 8)
	rec10 := b.loc(m1, ln{fRec, 10})
	rec12 := b.loc(m1, ln{fRec, 12})
	b.sample(3, root, rec10, rec12, rec12)
	b.sample(1, root, rec10)

	fLeaf := b.fn("inl.leaf", "lst/inl.go", 3)
	fMid := b.fn("inl.mid", "lst/inl.go", 10)
	fTop := b.fn("inl.top", "lst/inl.go", 20)
	b.sample(4, root, b.loc(m1, ln{fLeaf, 5}, ln{fMid, 12}, ln{fTop, 22}))
	b.sample(2, root, b.loc(m1, ln{fTop, 24}))
	b.sample(2, root, b.loc(m1, ln{fMid, 13}, ln{fTop, 25}))
	return p
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: listsynth OUTDIR")
		os.Exit(2)
	}
	p := synthList()
	if err := p.CheckValid(); err != nil {
		fmt.Fprintf(os.Stderr, "synth_list: invalid profile: %v\n", err)
		os.Exit(1)
	}
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	out := filepath.Join(os.Args[1], "synth_list.pb.gz")
	if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
