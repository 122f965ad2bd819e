#!/usr/bin/env bash
# Regenerate the golden ("oracle") outputs of `go tool pprof` for cpv.
#
#   testdata/regen.sh              re-run every case of tests/golden/cases on the
#                                  committed profiles -> tests/golden/expected/
#   testdata/regen.sh FILE...      re-run only the cases in these case files
#                                  (e.g. tests/golden/cases.d/tree.cases)
#   testdata/regen.sh --profiles   first rebuild and re-run the generator programs
#                                  in testdata/gen/ (new real profiles: the outputs
#                                  WILL change), then regenerate the outputs
#
# Works from any directory. Needs Go 1.19 (`go tool pprof`) and, for
# --profiles, the Debian pprof source in /usr/share/gocode (synthetic profiles).
# No network access is needed.
#
# For every case line NAME|PROFILES|FLAGS[|<STDIN] this runs, inside testdata/:
#   TZ=UTC go tool pprof FLAGS PROFILES <STDIN > ../tests/golden/expected/NAME.out \
#          2> ../tests/golden/expected/NAME.err; echo $? > .../NAME.rc
# where STDIN is a file in tests/golden/stdin/ (default /dev/null).
set -euo pipefail

testdata="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$testdata")"
cases="$root/tests/golden/cases"
expected="$root/tests/golden/expected"

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

gen_profiles() {
	# Real profiles: build each program with a fixed name into a fixed
	# directory (the binary's path ends up in the profile's mapping table).
	local bindir=/tmp/cpvgen-bin
	rm -rf "$bindir"
	mkdir -p "$bindir"
	local progs=(
		"cpu:cpuburn:cpu.pb.gz"
		"labels:labelburn:labels.pb.gz"
		"heap:heapdemo:heap.pb.gz"
		"allocs:allocsdemo:allocs.pb.gz"
		"block:blockdemo:block.pb.gz"
		"mutex:mutexdemo:mutex.pb.gz"
		"goroutine:goroutinedemo:goroutine.pb.gz"
	)
	local p dir bin out
	for p in "${progs[@]}"; do
		IFS=: read -r dir bin out <<<"$p"
		echo "building gen/$dir -> $bin" >&2
		(cd "$testdata/gen" &&
			GO111MODULE=on GOFLAGS=-mod=mod GOPROXY=off GOWORK=off \
				go build -trimpath -o "$bindir/$bin" "./$dir")
		echo "running $bin -> testdata/$out" >&2
		"$bindir/$bin" "$testdata/$out"
	done
	rm -rf "$bindir"

	echo "generating synthetic profiles" >&2
	(cd "$testdata/gen/synth" &&
		GO111MODULE=off GOPATH=/usr/share/gocode go run main.go "$testdata")
	echo "generating hostile profiles" >&2
	(cd "$testdata/gen/hostile" &&
		GO111MODULE=off GOPATH=/usr/share/gocode go run main.go "$testdata")
	echo "generating C++-named profile" >&2
	(cd "$testdata/gen/cppnames" &&
		GO111MODULE=off GOPATH=/usr/share/gocode go run main.go "$testdata")
	(cd "$testdata/gen/listsynth" &&
		GO111MODULE=off GOPATH=/usr/share/gocode go run main.go "$testdata")
}

# The case lines: tests/golden/cases and tests/golden/cases.d/*.cases, or
# only the case files named on the command line.
case_lines() {
	if [ "${#case_files[@]}" -gt 0 ]; then
		cat "${case_files[@]}"
	else
		cat "$cases" "$root"/tests/golden/cases.d/*.cases 2>/dev/null
	fi
}

run_cases() {
	mkdir -p "$expected"
	# A full run starts clean; a run over some case files only rewrites
	# their outputs (so that several people can regenerate at once).
	if [ "${#case_files[@]}" = 0 ]; then
		rm -f "$expected"/*.out "$expected"/*.err "$expected"/*.rc
	fi
	# Keep pprof away from the user's ~/pprof and binary search paths.
	local env=(
		TZ=UTC
		HOME="$scratch/home"
		PPROF_TMPDIR="$scratch/tmp"
		PPROF_BINARY_PATH="$scratch/nobinaries"
		PPROF_TOOLS="$scratch/notools"
	)
	local n=0 line name profs flagstr
	local -A seen=()
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in '' | '#'*) continue ;; esac
		IFS='|' read -r name profs flagstr <<<"$line"
		# An optional last field <STDIN (FLAGS may contain '|').
		local in=/dev/null f="|$flagstr"
		if [[ $f == *'|<'* ]]; then
			in="$root/tests/golden/stdin/${f##*|<}"
			f=${f%|<*}
		fi
		flagstr=${f#|}
		if [ ! -f "$in" ] && [ "$in" != /dev/null ]; then
			echo "no input file: $in" >&2
			exit 1
		fi
		if [ -z "$name" ] || [ -z "$profs" ]; then
			echo "bad case line: $line" >&2
			exit 1
		fi
		if [ -n "${seen[$name]:-}" ]; then
			echo "duplicate case name: $name" >&2
			exit 1
		fi
		seen[$name]=1
		local -a flags=() files=()
		# read -a splits on spaces without glob expansion.
		IFS=' ' read -r -a flags <<<"$flagstr"
		IFS=' ' read -r -a files <<<"$profs"
		local rc=0
		(cd "$testdata" &&
			env "${env[@]}" go tool pprof "${flags[@]}" "${files[@]}" \
				<"$in" >"$expected/$name.out" 2>"$expected/$name.err") || rc=$?
		echo "$rc" >"$expected/$name.rc"
		n=$((n + 1))
	done < <(case_lines)
	echo "ran $n cases into ${expected#"$root"/}" >&2
}

case_files=()
for arg in "$@"; do
	case "$arg" in
	--profiles) gen_profiles ;;
	-*)
		echo "usage: $0 [--profiles] [case-file...]" >&2
		exit 2
		;;
	*) case_files+=("$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")") ;;
	esac
done
run_cases
