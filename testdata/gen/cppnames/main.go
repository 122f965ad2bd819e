// Command cppnames writes cppnames.pb.gz: a profile whose function names
// look like demangled C++ (and a few that only look close), to check that
// cpv simplifies names as pprof's symbolizer does when it loads a profile:
// parameters and template arguments removed from names that contain
// "::", '<', '>', '[' or ']', but not from Java "class.<init>" names or Go
// "pkg.(*T[...]).Method" names, and only where the name equals the
// system name (or is empty).
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

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: cppnames OUTDIR")
		os.Exit(2)
	}
	type fn struct{ name, system string }
	fns := []fn{
		{"std::vector<int, std::allocator<int> >::push_back(int const&)", ""},
		{"(anonymous namespace)::Parser::parse(char const*, unsigned long) const", ""},
		{"operator new(unsigned long)", ""},
		{"ns::Tmpl<std::map<int, int> >::run()", ""},
		{"mismatched::f(<int)", ""},
		{"com.example.Foo.<init>", ""},
		{"main.(*List[...]).Push", ""},
		{"main.Map[...]", ""},
		{"plain_c_function", ""},
		{"demangled::already(int)", "_ZN9demangled7alreadyEi"},
		{"main.main", ""},
	}
	m := &profile.Mapping{ID: 1, Start: 0x1000, Limit: 0x100000,
		File: "/usr/bin/cppapp", HasFunctions: true, HasFilenames: true}
	p := &profile.Profile{
		SampleType: []*profile.ValueType{{Type: "samples", Unit: "count"},
			{Type: "cpu", Unit: "nanoseconds"}},
		PeriodType: &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:     10000000,
		Mapping:    []*profile.Mapping{m},
	}
	for i, f := range fns {
		sys := f.system
		if sys == "" {
			sys = f.name
		}
		pf := &profile.Function{ID: uint64(i + 1), Name: f.name,
			SystemName: sys, Filename: fmt.Sprintf("/src/app/file%d.cc", i%3),
			StartLine: int64(10 * i)}
		p.Function = append(p.Function, pf)
		p.Location = append(p.Location, &profile.Location{ID: uint64(i + 1),
			Mapping: m, Address: 0x2000 + uint64(i)*0x40,
			Line: []profile.Line{{Function: pf, Line: int64(10*i + 3)}}})
	}
	root := p.Location[len(p.Location)-1]
	for i := 0; i < len(fns)-1; i++ {
		p.Sample = append(p.Sample, &profile.Sample{
			Location: []*profile.Location{p.Location[i], root},
			Value:    []int64{int64(i + 1), int64(i+1) * 10000000},
		})
	}
	var buf bytes.Buffer
	if err := p.Write(&buf); err != nil {
		panic(err)
	}
	if err := os.WriteFile(filepath.Join(os.Args[1], "cppnames.pb.gz"), buf.Bytes(), 0o644); err != nil {
		panic(err)
	}
}
