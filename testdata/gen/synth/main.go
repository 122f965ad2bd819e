// Command synth writes deterministic synthetic profiles that exercise parts
// of profile.proto the runtime profiles do not: several mappings, comments,
// string and numeric labels with units, inlined frames, recursion, locations
// without a function or without a mapping, drop_frames/keep_frames, custom
// units, negative values, empty stacks, huge value ranges.
//
// Build in GOPATH mode against the Debian pprof source:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run main.go OUTDIR
//
// Files written to OUTDIR:
//
//	synth_cpu.pb.gz    synth_cpu.pb (same, not gzipped)    synth_raw.txt (same bytes as synth_cpu.pb)
//	synth_cpu2.pb.gz   synth_custom.pb.gz   synth_us.pb.gz   synth_range.pb.gz
//	synth_names.pb.gz
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"

	"github.com/google/pprof/profile"
)

// builder accumulates functions and locations with stable IDs.
type builder struct {
	p     *profile.Profile
	funcs map[string]*profile.Function
}

func newBuilder(p *profile.Profile) *builder {
	return &builder{p: p, funcs: make(map[string]*profile.Function)}
}

// fn returns the function with this name, creating it on first use.
func (b *builder) fn(name, file string, start int64) *profile.Function {
	if f, ok := b.funcs[name]; ok {
		return f
	}
	f := &profile.Function{
		ID:         uint64(len(b.p.Function) + 1),
		Name:       name,
		SystemName: name,
		Filename:   file,
		StartLine:  start,
	}
	b.funcs[name] = f
	b.p.Function = append(b.p.Function, f)
	return f
}

// ln is one (function, line) pair of a location.
type ln struct {
	f    *profile.Function
	line int64
}

// loc adds a location; lines are given leaf-most (inlined callee) first,
// the last one being the real (out-of-line) caller.
func (b *builder) loc(m *profile.Mapping, addr uint64, lines ...ln) *profile.Location {
	l := &profile.Location{
		ID:      uint64(len(b.p.Location) + 1),
		Mapping: m,
		Address: addr,
	}
	for _, x := range lines {
		l.Line = append(l.Line, profile.Line{Function: x.f, Line: x.line})
	}
	b.p.Location = append(b.p.Location, l)
	return l
}

// sample options
type lbl struct {
	str map[string][]string
	num map[string][]int64
	nu  map[string][]string
}

func (b *builder) sample(vals []int64, l lbl, stackRootFirst ...*profile.Location) {
	s := &profile.Sample{Value: vals}
	for i := len(stackRootFirst) - 1; i >= 0; i-- {
		s.Location = append(s.Location, stackRootFirst[i])
	}
	if len(l.str) > 0 {
		s.Label = l.str
	}
	if len(l.num) > 0 {
		s.NumLabel = l.num
		s.NumUnit = l.nu
	}
	b.p.Sample = append(b.p.Sample, s)
}

// labels helper: str pairs "k","v",...
func S(kv ...string) map[string][]string {
	m := make(map[string][]string)
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = append(m[kv[i]], kv[i+1])
	}
	return m
}

// cpuLabels builds the labels used by the synthetic CPU profiles.
// latencyMs < 0 / bytes < 0 / retries < 0 mean "absent".
func cpuLabels(handler, region string, nbytes, latencyMs, retries int64) lbl {
	l := lbl{num: map[string][]int64{}, nu: map[string][]string{}}
	var kv []string
	if handler != "" {
		kv = append(kv, "handler", handler)
	}
	if region != "" {
		kv = append(kv, "region", region)
	}
	l.str = S(kv...)
	if nbytes >= 0 {
		l.num["bytes"] = []int64{nbytes}
		l.nu["bytes"] = []string{"bytes"}
	}
	if latencyMs >= 0 {
		l.num["latency"] = []int64{latencyMs}
		l.nu["latency"] = []string{"milliseconds"}
	}
	if retries >= 0 {
		// numeric label without a unit
		l.num["retries"] = []int64{retries}
		l.nu["retries"] = []string{""}
	}
	return l
}

const ms = int64(1000000) // nanoseconds

func cpuVals(n int64) []int64 { return []int64{n, n * 10 * ms} }

func synthCPU() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "samples", Unit: "count"},
			{Type: "cpu", Unit: "nanoseconds"},
		},
		PeriodType:    &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:        10 * ms,
		TimeNanos:     1700000000123456789, // Nov 14, 2023 22:13:20 UTC
		DurationNanos: 6200 * ms,
		Comments: []string{
			"synthetic cpu profile for cpv",
			"#this comment starts with a hash and is not shown in headers",
			"build: webserver v1.2.3 (linux/amd64)",
		},
		DropFrames: `main\.debug.*|runtime\.morestack`,
		KeepFrames: `main\.debugKeep`,
	}
	mainMap := &profile.Mapping{
		ID: 1, Start: 0x400000, Limit: 0x4f0000, Offset: 0,
		File:            "/opt/cpvsynth/bin/webserver",
		BuildID:         "3f9a1c5e7b2d4a6081c2",
		HasFunctions:    true,
		HasFilenames:    true,
		HasLineNumbers:  true,
		HasInlineFrames: true,
	}
	libMap := &profile.Mapping{
		ID: 2, Start: 0x7f3a00000000, Limit: 0x7f3a00200000, Offset: 0x1000,
		File:           "/opt/cpvsynth/lib/libsha.so.1",
		BuildID:        "a1b2c3d4e5f6",
		HasFunctions:   true,
		HasFilenames:   true,
		HasLineNumbers: true,
	}
	p.Mapping = []*profile.Mapping{mainMap, libMap}
	b := newBuilder(p)

	src := "/src/webserver/"
	gosrc := "/usr/lib/go/src/"
	fMain := b.fn("main.main", src+"main.go", 12)
	fServe := b.fn("main.serve", src+"serve.go", 20)
	fUsers := b.fn("main.handleUsers", src+"users.go", 30)
	fOrders := b.fn("main.handleOrders", src+"orders.go", 40)
	fValidate := b.fn("main.validate", src+"users.go", 60)
	fChecksum := b.fn("main.checksum", src+"util.go", 5)
	fParseHdr := b.fn("main.parseHeader", src+"users.go", 80)
	fWalk := b.fn("main.walk", src+"tree.go", 10)
	fVisit := b.fn("main.visit", src+"tree.go", 25)
	fUnmarshal := b.fn("encoding/json.Unmarshal", gosrc+"encoding/json/decode.go", 96)
	fObject := b.fn("encoding/json.(*decodeState).object", gosrc+"encoding/json/decode.go", 600)
	fMarshal := b.fn("encoding/json.Marshal", gosrc+"encoding/json/encode.go", 158)
	fMalloc := b.fn("runtime.mallocgc", gosrc+"runtime/malloc.go", 900)
	fMemmove := b.fn("runtime.memmove", gosrc+"runtime/memmove_amd64.s", 30)
	fSyscall := b.fn("syscall.Syscall", gosrc+"syscall/syscall_linux.go", 68)
	fIndex := b.fn("strings.Index", gosrc+"strings/strings.go", 1090)
	fMorestack := b.fn("runtime.morestack", gosrc+"runtime/asm_amd64.s", 540)
	fNewstack := b.fn("runtime.newstack", gosrc+"runtime/stack.go", 950)
	fDebugHook := b.fn("main.debugHook", src+"debug.go", 5)
	fDebugKeep := b.fn("main.debugKeep", src+"debug.go", 15)
	fGCWorker := b.fn("runtime.gcBgMarkWorker", gosrc+"runtime/mgc.go", 1200)
	fGCDrain := b.fn("runtime.gcDrain", gosrc+"runtime/mgcmark.go", 1000)
	fScan := b.fn("runtime.scanobject", gosrc+"runtime/mgcmark.go", 1250)
	fShaUpdate := b.fn("SHA256_Update", "/build/libsha/sha256.c", 200)
	fShaBlock := b.fn("sha256_block_data_order", "/build/libsha/sha256.c", 100)
	fJit := b.fn("jit.compiled_1", "", 0)

	// locations in the main binary
	lMain := b.loc(mainMap, 0x401010, ln{fMain, 15})
	lServeUsers := b.loc(mainMap, 0x402020, ln{fServe, 25})
	lServeOrders := b.loc(mainMap, 0x402040, ln{fServe, 27})
	lServeTree := b.loc(mainMap, 0x402060, ln{fServe, 29})
	lServeSelf := b.loc(mainMap, 0x402080, ln{fServe, 31})
	lUsersDecode := b.loc(mainMap, 0x403010, ln{fUsers, 33})
	lUsersHdr := b.loc(mainMap, 0x403030, ln{fUsers, 34})
	// validate inlined into handleUsers
	lUsersValidate := b.loc(mainMap, 0x403050, ln{fValidate, 62}, ln{fUsers, 36})
	// checksum inlined into validate inlined into handleUsers
	lUsersChecksum := b.loc(mainMap, 0x403070, ln{fChecksum, 7}, ln{fValidate, 64}, ln{fUsers, 36})
	lUsersDebug := b.loc(mainMap, 0x403090, ln{fUsers, 38})
	lUsersSelf := b.loc(mainMap, 0x4030b0, ln{fUsers, 39})
	lOrdersMarshal := b.loc(mainMap, 0x404010, ln{fOrders, 44})
	// checksum inlined into handleOrders
	lOrdersChecksum := b.loc(mainMap, 0x404030, ln{fChecksum, 8}, ln{fOrders, 46})
	lOrdersSha := b.loc(mainMap, 0x404050, ln{fOrders, 48})
	lOrdersNoFunc := b.loc(mainMap, 0x4c1000) // address only: shown as [webserver]
	lOrdersDebug := b.loc(mainMap, 0x404070, ln{fOrders, 50})
	lOrdersSys := b.loc(mainMap, 0x404090, ln{fOrders, 52})
	lParseHdrIdx := b.loc(mainMap, 0x405010, ln{fParseHdr, 84})
	lParseHdrSelf := b.loc(mainMap, 0x405030, ln{fParseHdr, 86})
	lWalkWalk := b.loc(mainMap, 0x406010, ln{fWalk, 14})
	lWalkVisit := b.loc(mainMap, 0x406030, ln{fWalk, 16})
	lWalkSelf := b.loc(mainMap, 0x406050, ln{fWalk, 12})
	lVisit := b.loc(mainMap, 0x406070, ln{fVisit, 27})
	lUnmarshalObj := b.loc(mainMap, 0x410010, ln{fUnmarshal, 100})
	lUnmarshalSelf := b.loc(mainMap, 0x410030, ln{fUnmarshal, 98})
	lObjectMalloc := b.loc(mainMap, 0x411010, ln{fObject, 620})
	lObjectSelf := b.loc(mainMap, 0x411030, ln{fObject, 605})
	lMarshalMove := b.loc(mainMap, 0x412010, ln{fMarshal, 162})
	lMarshalSelf := b.loc(mainMap, 0x412030, ln{fMarshal, 160})
	lMalloc := b.loc(mainMap, 0x413010, ln{fMalloc, 950})
	lMemmove := b.loc(mainMap, 0x414010, ln{fMemmove, 40})
	lSyscall := b.loc(mainMap, 0x415010, ln{fSyscall, 70})
	lIndex := b.loc(mainMap, 0x416010, ln{fIndex, 1100})
	lMorestack := b.loc(mainMap, 0x417010, ln{fMorestack, 550})
	lNewstack := b.loc(mainMap, 0x417030, ln{fNewstack, 960})
	lDebugHook := b.loc(mainMap, 0x418010, ln{fDebugHook, 7})
	lDebugKeep := b.loc(mainMap, 0x418030, ln{fDebugKeep, 17})
	lGCWorker := b.loc(mainMap, 0x419010, ln{fGCWorker, 1260})
	lGCDrain := b.loc(mainMap, 0x419030, ln{fGCDrain, 1050})
	lScan := b.loc(mainMap, 0x419050, ln{fScan, 1270})
	// shared library
	lShaUpdate := b.loc(libMap, 0x7f3a00001200, ln{fShaUpdate, 210})
	lShaBlock := b.loc(libMap, 0x7f3a00003400, ln{fShaBlock, 130})
	// no mapping at all
	lJit := b.loc(nil, 0x1000a0, ln{fJit, 0})

	U, O, T := "/api/users", "/api/orders", "/api/tree"
	// users
	b.sample(cpuVals(40), cpuLabels(U, "eu", 512, 12, 0), lMain, lServeUsers, lUsersChecksum)
	b.sample(cpuVals(55), cpuLabels(U, "eu", 2048, 15, 0), lMain, lServeUsers, lUsersValidate)
	b.sample(cpuVals(21), cpuLabels(U, "us", 2048, 45, 1), lMain, lServeUsers, lUsersValidate)
	b.sample(cpuVals(80), cpuLabels(U, "eu", 4096, 30, 0), lMain, lServeUsers, lUsersDecode, lUnmarshalObj, lObjectSelf)
	b.sample(cpuVals(22), cpuLabels(U, "us", 65536, 250, 2), lMain, lServeUsers, lUsersDecode, lUnmarshalObj, lObjectMalloc, lMalloc)
	b.sample(cpuVals(15), cpuLabels(U, "eu", 1024, 8, 0), lMain, lServeUsers, lUsersDecode, lUnmarshalSelf)
	b.sample(cpuVals(14), cpuLabels(U, "us", 256, 3, 0), lMain, lServeUsers, lUsersHdr, lParseHdrIdx, lIndex)
	b.sample(cpuVals(4), cpuLabels(U, "eu", 256, 2, 0), lMain, lServeUsers, lUsersHdr, lParseHdrSelf)
	b.sample(cpuVals(11), cpuLabels(U, "eu", -1, 20, -1), lMain, lServeUsers, lUsersDebug, lDebugHook, lMalloc)
	b.sample(cpuVals(3), cpuLabels(U, "us", -1, -1, -1), lMain, lServeUsers, lUsersSelf)
	b.sample(cpuVals(6), cpuLabels(U, "eu", 512, 1500, 3), lMain, lServeUsers, lUsersDecode, lUnmarshalObj, lObjectSelf, lMorestack, lNewstack)
	// orders
	b.sample(cpuVals(12), cpuLabels(O, "us", 8192, 40, 0), lMain, lServeOrders, lOrdersMarshal, lMarshalMove, lMemmove)
	b.sample(cpuVals(48), cpuLabels(O, "us", 8192, 35, 0), lMain, lServeOrders, lOrdersMarshal, lMarshalSelf)
	b.sample(cpuVals(36), cpuLabels(O, "eu", 1048576, 900, 1), lMain, lServeOrders, lOrdersSha, lShaUpdate, lShaBlock)
	b.sample(cpuVals(5), cpuLabels(O, "eu", 1048576, 700, 0), lMain, lServeOrders, lOrdersSha, lShaUpdate)
	b.sample(cpuVals(9), cpuLabels(O, "us", 128, 5, 0), lMain, lServeOrders, lOrdersChecksum)
	b.sample(cpuVals(7), cpuLabels(O, "us", -1, -1, -1), lMain, lServeOrders, lOrdersNoFunc)
	b.sample(cpuVals(6), cpuLabels(O, "eu", 64, 4, 0), lMain, lServeOrders, lOrdersDebug, lDebugKeep, lMemmove)
	b.sample(cpuVals(2), cpuLabels(O, "", -1, -1, -1), lMain, lServeOrders, lOrdersSys, lSyscall)
	// tree walk: recursion
	b.sample(cpuVals(30), cpuLabels(T, "eu", -1, 60, 0), lMain, lServeTree, lWalkWalk, lWalkWalk, lWalkVisit, lVisit)
	b.sample(cpuVals(18), cpuLabels(T, "eu", -1, 60, 0), lMain, lServeTree, lWalkWalk, lWalkWalk, lWalkWalk, lWalkSelf)
	b.sample(cpuVals(9), cpuLabels(T, "us", -1, 10, 0), lMain, lServeTree, lWalkVisit, lVisit)
	b.sample(cpuVals(1), cpuLabels(T, "us", -1, -1, -1), lMain, lServeTree, lWalkSelf)
	// misc
	b.sample(cpuVals(5), lbl{}, lMain, lServeSelf, lJit)
	b.sample(cpuVals(1), lbl{}, lMain, lServeSelf)
	b.sample(cpuVals(25), lbl{}, lGCWorker, lGCDrain, lScan)
	b.sample(cpuVals(3), lbl{}, lGCWorker, lGCDrain)
	return p
}

func synthCPU2() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "samples", Unit: "count"},
			{Type: "cpu", Unit: "nanoseconds"},
		},
		PeriodType:    &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:        10 * ms,
		TimeNanos:     1699990000000000000, // earlier than synth_cpu
		DurationNanos: 3100 * ms,
		Comments: []string{
			"synthetic cpu profile for cpv",
			"second run after deploy",
		},
	}
	mainMap := &profile.Mapping{
		ID: 1, Start: 0x400000, Limit: 0x4f0000, Offset: 0,
		File:            "/opt/cpvsynth/bin/webserver",
		BuildID:         "3f9a1c5e7b2d4a6081c2",
		HasFunctions:    true,
		HasFilenames:    true,
		HasLineNumbers:  true,
		HasInlineFrames: true,
	}
	p.Mapping = []*profile.Mapping{mainMap}
	b := newBuilder(p)
	src := "/src/webserver/"
	gosrc := "/usr/lib/go/src/"
	fMain := b.fn("main.main", src+"main.go", 12)
	fServe := b.fn("main.serve", src+"serve.go", 20)
	fUsers := b.fn("main.handleUsers", src+"users.go", 30)
	fAdmin := b.fn("main.handleAdmin", src+"admin.go", 10)
	fValidate := b.fn("main.validate", src+"users.go", 60)
	fUnmarshal := b.fn("encoding/json.Unmarshal", gosrc+"encoding/json/decode.go", 96)
	fGzip := b.fn("compress/gzip.(*Writer).Write", gosrc+"compress/gzip/gzip.go", 190)
	fDeflate := b.fn("compress/flate.(*compressor).deflate", gosrc+"compress/flate/deflate.go", 400)
	fMalloc := b.fn("runtime.mallocgc", gosrc+"runtime/malloc.go", 900)

	lMain := b.loc(mainMap, 0x401010, ln{fMain, 15})
	lServeUsers := b.loc(mainMap, 0x402020, ln{fServe, 25})
	lServeAdmin := b.loc(mainMap, 0x4020a0, ln{fServe, 33})
	lUsersDecode := b.loc(mainMap, 0x403010, ln{fUsers, 33})
	lUsersValidate := b.loc(mainMap, 0x403050, ln{fValidate, 62}, ln{fUsers, 36})
	lAdminGzip := b.loc(mainMap, 0x407010, ln{fAdmin, 14})
	lAdminSelf := b.loc(mainMap, 0x407030, ln{fAdmin, 16})
	lUnmarshalSelf := b.loc(mainMap, 0x410030, ln{fUnmarshal, 98})
	lUnmarshalMalloc := b.loc(mainMap, 0x410050, ln{fUnmarshal, 104})
	lGzip := b.loc(mainMap, 0x420010, ln{fGzip, 200})
	lDeflate := b.loc(mainMap, 0x421010, ln{fDeflate, 420})
	lMalloc := b.loc(mainMap, 0x413010, ln{fMalloc, 950})

	U, A := "/api/users", "/api/admin"
	b.sample(cpuVals(33), cpuLabels(U, "eu", 2048, 14, 0), lMain, lServeUsers, lUsersValidate)
	b.sample(cpuVals(41), cpuLabels(U, "us", 4096, 28, 0), lMain, lServeUsers, lUsersDecode, lUnmarshalSelf)
	b.sample(cpuVals(12), cpuLabels(U, "us", 4096, 28, 0), lMain, lServeUsers, lUsersDecode, lUnmarshalMalloc, lMalloc)
	b.sample(cpuVals(70), cpuLabels(A, "eu", 262144, 400, 0), lMain, lServeAdmin, lAdminGzip, lGzip, lDeflate)
	b.sample(cpuVals(8), cpuLabels(A, "eu", 262144, 380, 1), lMain, lServeAdmin, lAdminGzip, lGzip)
	b.sample(cpuVals(4), cpuLabels(A, "us", -1, -1, -1), lMain, lServeAdmin, lAdminSelf)
	return p
}

func synthCustom() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "events", Unit: "requests"},
			{Type: "payload", Unit: "bytes"},
			{Type: "cost", Unit: "credits"},
		},
		DefaultSampleType: "events",
		Comments:          []string{"custom units: requests, bytes, credits"},
	}
	// No mappings at all: no File/Build ID header lines.
	b := newBuilder(p)
	fGateway := b.fn("api.Gateway", "gateway/gateway.go", 10)
	fRoute := b.fn("api.Route", "gateway/route.go", 20)
	fAuth := b.fn("auth.Check", "auth/check.go", 5)
	fQuery := b.fn("db.Query", "db/query.go", 30)
	fExec := b.fn("db.Exec", "db/exec.go", 40)
	fGet := b.fn("cache.Get", "cache/cache.go", 12)
	fSet := b.fn("cache.Set", "cache/cache.go", 30)
	fRender := b.fn("view.Render", "view/render.go", 8)
	fRefund := b.fn("billing.Refund", "billing/refund.go", 15)

	lGateway := b.loc(nil, 0x10, ln{fGateway, 14})
	lRoute := b.loc(nil, 0x20, ln{fRoute, 25})
	lRouteRender := b.loc(nil, 0x28, ln{fRoute, 27})
	lAuth := b.loc(nil, 0x30, ln{fAuth, 9})
	lQuery := b.loc(nil, 0x40, ln{fQuery, 33})
	lExec := b.loc(nil, 0x50, ln{fExec, 44})
	lGet := b.loc(nil, 0x60, ln{fGet, 15})
	lSet := b.loc(nil, 0x70, ln{fSet, 31})
	lRender := b.loc(nil, 0x80, ln{fRender, 9})
	lRefund := b.loc(nil, 0x90, ln{fRefund, 18})

	v := func(ev, pay, cost int64) []int64 { return []int64{ev, pay, cost} }
	// identical stacks in separate samples (merged by pprof)
	b.sample(v(120, 61440, 12), lbl{}, lGateway, lRoute, lQuery)
	b.sample(v(80, 40960, 8), lbl{}, lGateway, lRoute, lQuery)
	b.sample(v(100, 51200, 10), lbl{}, lGateway, lRoute, lQuery)
	b.sample(v(45, 9000, 30), lbl{}, lGateway, lRoute, lExec)
	b.sample(v(300, 1200, 1), lbl{}, lGateway, lRoute, lGet)
	b.sample(v(300, 1200, 1), lbl{}, lGateway, lRoute, lGet)
	b.sample(v(25, 2500, 2), lbl{}, lGateway, lRoute, lSet)
	b.sample(v(500, 0, 0), lbl{}, lGateway, lAuth)
	b.sample(v(60, 3145728, 5), lbl{}, lGateway, lRouteRender, lRender)
	b.sample(v(7, 700, -40), lbl{str: S("kind", "refund")}, lGateway, lRoute, lRefund)
	b.sample(v(3, 300, -15), lbl{str: S("kind", "refund")}, lGateway, lRefund)
	b.sample(v(2, 100, 1), lbl{}, lGateway)
	// all-zero sample: dropped by pprof's merge
	b.sample(v(0, 0, 0), lbl{}, lGateway, lRoute, lExec)
	// empty stack: counts in the total, never shown
	b.sample(v(38, 4096, 4), lbl{})
	return p
}

func synthUS() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "contentions", Unit: "count"},
			{Type: "delay", Unit: "microseconds"},
		},
		PeriodType:    &profile.ValueType{Type: "contentions", Unit: "count"},
		Period:        1,
		TimeNanos:     1710000000000000000,
		DurationNanos: 2 * 3600 * 1000 * ms, // 2 hours
	}
	m := &profile.Mapping{
		ID: 1, Start: 0x10000, Limit: 0x90000,
		File:         "/srv/app/lockserver",
		HasFunctions: true, HasFilenames: true, HasLineNumbers: true,
	}
	p.Mapping = []*profile.Mapping{m}
	b := newBuilder(p)
	fMain := b.fn("lockserver.main", "lockserver/main.go", 1)
	fPool := b.fn("lockserver.(*Pool).Take", "lockserver/pool.go", 40)
	fPoolPut := b.fn("lockserver.(*Pool).Put", "lockserver/pool.go", 60)
	fWait := b.fn("sync.(*Cond).Wait", "sync/cond.go", 50)
	fLock := b.fn("sync.(*Mutex).Lock", "sync/mutex.go", 80)
	fJournal := b.fn("lockserver.journal", "lockserver/journal.go", 12)
	fFsync := b.fn("os.(*File).Sync", "os/file_posix.go", 160)
	fTick := b.fn("lockserver.tick", "lockserver/tick.go", 3)
	fChan := b.fn("runtime.chanrecv1", "runtime/chan.go", 440)

	lMainPool := b.loc(m, 0x11000, ln{fMain, 20})
	lMainPut := b.loc(m, 0x11010, ln{fMain, 22})
	lMainJournal := b.loc(m, 0x11020, ln{fMain, 24})
	lMainTick := b.loc(m, 0x11030, ln{fMain, 26})
	lPool := b.loc(m, 0x12000, ln{fPool, 45})
	lPoolPut := b.loc(m, 0x12100, ln{fPoolPut, 64})
	lWait := b.loc(m, 0x13000, ln{fWait, 55})
	lLock := b.loc(m, 0x14000, ln{fLock, 81})
	lJournal := b.loc(m, 0x15000, ln{fJournal, 15})
	lFsync := b.loc(m, 0x16000, ln{fFsync, 165})
	lTick := b.loc(m, 0x17000, ln{fTick, 5})
	lChan := b.loc(m, 0x18000, ln{fChan, 442})

	us := func(c, d int64) []int64 { return []int64{c, d} }
	b.sample(us(1200, 5400000000), lbl{}, lMainPool, lPool, lWait)    // 1.5 hours
	b.sample(us(300, 1400), lbl{}, lMainPool, lPool, lLock)           // 1.4 ms
	b.sample(us(40, 2500000), lbl{}, lMainPut, lPoolPut, lLock)       // 2.5 s
	b.sample(us(15, 37), lbl{}, lMainJournal, lJournal, lLock)        // 37 us
	b.sample(us(9, 720000000), lbl{}, lMainJournal, lJournal, lFsync) // 12 min
	b.sample(us(7200, 3), lbl{}, lMainTick, lTick, lChan)             // 3 us
	return p
}

func synthRange() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "objects", Unit: "count"},
			{Type: "space", Unit: "bytes"},
			{Type: "wall", Unit: "nanoseconds"},
		},
		TimeNanos: 1720000000000000000,
	}
	m := &profile.Mapping{
		ID: 1, Start: 0x1000, Limit: 0x100000,
		File:         "rangeprog",
		HasFunctions: true,
	}
	p.Mapping = []*profile.Mapping{m}
	b := newBuilder(p)
	root := b.fn("range.root", "", 0)
	lRoot := b.loc(m, 0x1100, ln{root, 0})
	type leaf struct {
		name        string
		obj, sp, ns int64
	}
	const (
		KB = int64(1024)
		MB = 1024 * KB
		GB = 1024 * MB
		us = int64(1000)
		s  = 1000 * ms
	)
	leaves := []leaf{
		{"range.tiny", 1, 7, 5},
		{"range.small", 3, 900, 800},
		{"range.kilo", 10, 3 * KB, 12 * us},
		{"range.kiloHalf", 11, 3*KB + 512, 12*us + 500},
		{"range.mega", 40, 2*MB + 512*KB, 3 * ms},
		{"range.megaOdd", 41, 5*MB + 12345, 47*ms + 123456},
		{"range.hundredMega", 700, 700 * MB, 45 * s},
		{"range.giga", 3000, 3*GB + 200*MB, 9000 * s},
		{"range.twoHours", 5, 1, 7200 * s},
		{"range.zeroSpace", 2, 0, 1},
	}
	for i, lf := range leaves {
		f := b.fn(lf.name, "", 0)
		l := b.loc(m, 0x2000+uint64(i)*0x100, ln{f, 0})
		b.sample([]int64{lf.obj, lf.sp, lf.ns}, lbl{}, lRoot, l)
	}
	return p
}

// synthNames has names that text formats must quote or escape: commas,
// double quotes, semicolons, a newline, an escape sequence, a literal
// backslash-x, spaces, non-ASCII text; plus inlining, recursion and an
// address-only location (cpv's -csv and -folded tests).
func synthNames() *profile.Profile {
	p := &profile.Profile{
		SampleType: []*profile.ValueType{
			{Type: "samples", Unit: "count"},
			{Type: "cpu", Unit: "nanoseconds"},
		},
		PeriodType: &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:     10 * ms,
		Comments:   []string{"names that need quoting, escaping"},
	}
	m := &profile.Mapping{
		ID: 1, Start: 0x400000, Limit: 0x500000,
		File:         "/opt/cpvsynth/bin/names",
		HasFunctions: true, HasFilenames: true, HasLineNumbers: true,
	}
	p.Mapping = []*profile.Mapping{m}
	b := newBuilder(p)
	fMain := b.fn("main.main", "/src/names/main.go", 3)
	fComma := b.fn("pkg.Map[int,string].Get", "/src/names/dir,with,commas/map.go", 10)
	fQuote := b.fn(`pkg.say"hello"`, `/src/names/q"uote.go`, 20)
	fSemi := b.fn("pkg.semi;colon", "/src/names/semi;file.go", 30)
	fNewline := b.fn("pkg.new\nline", "/src/names/nl.go", 40)
	fEscape := b.fn("pkg.esc\x1b[31mred", "/src/names/esc.go", 50)
	fBackslash := b.fn(`pkg.back\x41slash`, `/src/names/back\x41.go`, 60)
	fSpace := b.fn("pkg.with space (a, b)", "/src/names/space.go", 70)
	fUnicode := b.fn("pkg.ünïcode.函数", "/src/names/ü.go", 80)
	fRec := b.fn("pkg.recurse", "/src/names/rec.go", 90)

	lMain := b.loc(m, 0x401000, ln{fMain, 5})
	lComma := b.loc(m, 0x402000, ln{fComma, 12})
	// pkg.say"hello" inlined into pkg.Map[int,string].Get
	lQuoteInl := b.loc(m, 0x402100, ln{fQuote, 22}, ln{fComma, 14})
	lSemi := b.loc(m, 0x403000, ln{fSemi, 33})
	lNewline := b.loc(m, 0x404000, ln{fNewline, 41})
	lEscape := b.loc(m, 0x405000, ln{fEscape, 52})
	lBackslash := b.loc(m, 0x406000, ln{fBackslash, 61})
	lSpace := b.loc(m, 0x407000, ln{fSpace, 72})
	lUnicode := b.loc(m, 0x408000, ln{fUnicode, 81})
	lRec1 := b.loc(m, 0x409000, ln{fRec, 92})
	lRec2 := b.loc(m, 0x409010, ln{fRec, 95})
	lAddr := b.loc(m, 0x40a000)

	b.sample(cpuVals(10), lbl{}, lMain, lQuoteInl)
	b.sample(cpuVals(4), lbl{}, lMain, lComma)
	b.sample(cpuVals(7), lbl{}, lMain, lSemi)
	b.sample(cpuVals(3), lbl{}, lMain, lSemi, lNewline)
	b.sample(cpuVals(5), lbl{}, lMain, lEscape)
	b.sample(cpuVals(6), lbl{}, lMain, lBackslash)
	b.sample(cpuVals(2), lbl{}, lMain, lSpace, lUnicode)
	b.sample(cpuVals(8), lbl{}, lMain, lRec1, lRec2, lRec2, lSemi)
	b.sample(cpuVals(1), lbl{}, lMain, lRec1, lAddr)
	// the same stack as the first, told apart only by a label
	b.sample(cpuVals(2), lbl{str: S("kind", "other")}, lMain, lQuoteInl)
	return p
}

func write(dir, name string, p *profile.Profile, gz bool) {
	if err := p.CheckValid(); err != nil {
		fmt.Fprintf(os.Stderr, "%s: invalid profile: %v\n", name, err)
		os.Exit(1)
	}
	var buf bytes.Buffer
	var err error
	if gz {
		err = p.Write(&buf)
	} else {
		err = p.WriteUncompressed(&buf)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
		os.Exit(1)
	}
	if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: synth OUTDIR")
		os.Exit(2)
	}
	dir := os.Args[1]
	write(dir, "synth_cpu.pb.gz", synthCPU(), true)
	write(dir, "synth_cpu.pb", synthCPU(), false)
	write(dir, "synth_raw.txt", synthCPU(), false)
	write(dir, "synth_cpu2.pb.gz", synthCPU2(), true)
	write(dir, "synth_custom.pb.gz", synthCustom(), true)
	write(dir, "synth_us.pb.gz", synthUS(), true)
	write(dir, "synth_range.pb.gz", synthRange(), true)
	write(dir, "synth_names.pb.gz", synthNames(), true)
}
