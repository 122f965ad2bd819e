#!/bin/bash
# flood.sh: crafted profiles that once made cpv's work grow as N^2.
#
# tests/flood/flood-gen writes each one (see its header): strings and ids
# whose old, unkeyed hashes collided, locations that flooded the merge
# table, a sample with half a million labels.  On the code before issue
# 10 each case below ran for minutes; now each must finish within
# FLOOD_TIMEOUT seconds (60: generous on purpose, this is no benchmark)
# under a FLOOD_MEM_KB address-space cap, with exit status 0.  Then the
# reports must not depend on the hash key: two keys, the same bytes.
#
# Prints PASS:/FAIL: per case and "N passed, M failed"; exits 1 on failure.

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
CPV=${CPV:-$top_builddir/src/cpv}
GEN=${FLOOD_GEN:-$top_builddir/tests/flood/flood-gen}
timeout=${FLOOD_TIMEOUT:-60}
mem=${FLOOD_MEM_KB:-2097152}
data=$top_srcdir/testdata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC LC_ALL=C
pass=0
fail=0

ok() { echo "PASS: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1: $2"; fail=$((fail + 1)); }

# Sanitizers reserve terabytes of address space: no cap then, and they
# make cpv several times slower: a longer timeout (still far below the
# minutes the old code took without them).
if ! (ulimit -v "$mem" && "$CPV" -help >/dev/null 2>&1) 2>/dev/null; then
	echo "# no memory cap: cpv does not start under ulimit -v $mem"
	mem=unlimited
	timeout=${FLOOD_TIMEOUT:-300}
fi

# case NAME CLASS N FLAGS...: generate CLASS at N (once), run cpv FLAGS
# on it.
case_run() {
	local name=$1 class=$2 n=$3 in=$tmp/$2-$3.pb rc
	shift 3
	# (the generator frees nothing: no leak reports from it)
	if [ ! -s "$in" ] && ! ASAN_OPTIONS=detect_leaks=0 "$GEN" "$class" \
	    "$n" >"$in" 2>"$tmp/err"; then
		bad "$name" "flood-gen: $(head -1 "$tmp/err")"
		return
	fi
	(ulimit -v "$mem"; exec timeout "$timeout" "$CPV" "$@" "$in") \
	    >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" = 124 ]; then
		bad "$name" "still running after $timeout s"
	elif [ "$rc" != 0 ]; then
		bad "$name" "exit status $rc: $(head -1 "$tmp/err")"
	elif [ ! -s "$tmp/out" ]; then
		bad "$name" "no output"
	else
		ok "$name"
	fi
}

# Before issue 10 (2 cores, N/4: 9 s, N/2: about 40 s, N: minutes).
case_run "flood strings 262144 -top" strings 262144 -top
case_run "flood ids 262144 -top" ids 262144 -top
case_run "flood merge 524288 -raw" merge 524288 -raw
case_run "flood labels 524288 -traces" labels 524288 -traces
case_run "flood labels 524288 -raw" labels 524288 -raw
case_run "flood labels 524288 -proto" labels 524288 -proto
case_run "flood labels 524288 -tags" labels 524288 -tags

# Output bounded by its budget, not by memory: a 120 KB (gzipped)
# profile whose -traces is 320 MB is written as it goes, under a cap far
# below its size (it was held whole, growing to about 1 GB, before).
out_mem=${FLOOD_OUT_MEM_KB:-409600}
[ "$mem" = unlimited ] && out_mem=unlimited
ASAN_OPTIONS=detect_leaks=0 "$GEN" output 8000 >"$tmp/output.pb"
# A list of one report for now: others that write as they go join it.
# shellcheck disable=SC2043
for flags in -traces; do
	bytes=$( (set -o pipefail; ulimit -v "$out_mem"
	    timeout "$timeout" "$CPV" $flags "$tmp/output.pb" 2>"$tmp/err" |
	    wc -c) )
	rc=$?
	if [ "$rc" = 0 ] && [ "${bytes:-0}" -gt 100000000 ]; then
		ok "flood output 8000 $flags: $bytes bytes written as they go"
	else
		bad "flood output 8000 $flags" "status $rc, $bytes bytes: \
$(head -1 "$tmp/err")"
	fi
done
if (set -o pipefail; timeout "$timeout" "$CPV" -traces "$tmp/output.pb" |
    head -n 1 | grep -q .) 2>/dev/null || [ $? = 141 ]; then
	ok "flood output 8000 -traces | head -1 ends at once"
else
	bad "flood output 8000 -traces | head -1" "did not end"
fi

# -list reads a source file once: 2000 functions near the end of a 21 MB
# file (read 2000 times, 42 GB, before).
mkdir -p "$tmp/src"
awk 'BEGIN { for (i = 1; i <= 210000; i++)
    printf "%-99s\n", "// line " i }' >"$tmp/src/big.go"
ASAN_OPTIONS=detect_leaks=0 "$GEN" list 2000 >"$tmp/list.pb"
(ulimit -v "$mem"; exec timeout "$timeout" "$CPV" -list=. \
    -source_path="$tmp/src" "$tmp/list.pb") >"$tmp/out" 2>"$tmp/err" \
    </dev/null
rc=$?
if [ "$rc" = 0 ] && [ "$(grep -c '^ROUTINE' "$tmp/out")" = 2000 ] &&
    grep -q '// line 201999' "$tmp/out"; then
	ok "flood list 2000 functions in one 21 MB source"
else
	bad "flood list 2000 functions in one 21 MB source" \
	    "status $rc: $(head -1 "$tmp/err")"
fi

# The hash key never shows: every report is the same under two keys.
ASAN_OPTIONS=detect_leaks=0 "$GEN" labels 300 >"$tmp/labels.pb"
ASAN_OPTIONS=detect_leaks=0 "$GEN" merge 300 >"$tmp/merge.pb"
for spec in "cpu.pb.gz -top" "cpu.pb.gz -top -lines" "cpu.pb.gz -traces" \
    "cpu.pb.gz -raw" "cpu.pb.gz -tree" "cpu.pb.gz -folded" \
    "cpu.pb.gz -dot" "cpu.pb.gz -callgrind" "labels.pb.gz -tags" \
    "labels.pb.gz -top -tagroot=bytes" "cpu.pb.gz -top -base=cpu_after.pb.gz" \
    "$tmp/labels.pb -traces" "$tmp/labels.pb -raw" "$tmp/merge.pb -raw" \
    "$tmp/merge.pb -top -lines"; do
	file=${spec%% *}
	flags=${spec#* }
	case $file in /*) ;; *) file=$data/$file ;; esac
	name="seed ${file##*/} ${flags// /_}"
	# shellcheck disable=SC2086
	(cd "$data" && CPV_HASH_SEED=1 "$CPV" $flags "$file") \
	    >"$tmp/a" 2>&1 </dev/null
	# shellcheck disable=SC2086
	(cd "$data" && CPV_HASH_SEED=0xdeadbeef "$CPV" $flags "$file") \
	    >"$tmp/b" 2>&1 </dev/null
	if cmp -s "$tmp/a" "$tmp/b" && [ -s "$tmp/a" ]; then
		ok "$name"
	else
		bad "$name" "the output depends on the hash key"
	fi
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
