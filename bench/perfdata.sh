#!/usr/bin/env bash
# bench/perfdata.sh: cpv against perf report on a large perf.data.
#
# Builds bench/perfdata-prog.c (two threads, stacks 60 to 120 frames deep
# over 64 functions), records it with perf record -g (frame pointers) until
# the file holds at least SIZE MB, then times, in turn and N times each:
#
#   cpv -top                                   (flat and cum, symbolized)
#   perf report --stdio --children --sort sym  (the same flat and cum)
#   perf report --stdio --no-children --sort sym
#
# and prints each one's median wall time, user time and peak RSS (GNU
# time's %e, %U, %M) with its ratio to cpv's.  With -d it does the same on
# a --call-graph dwarf recording (50 MB, 8 KiB stack copies), which both
# unwind.
# The recordings are kept in the cache directory for the next run.  Timing
# is never asserted: the exit status is 2 if something is missing, 1 if a
# run failed, 0 otherwise.
#
# usage: bench/perfdata.sh [-n RUNS] [-s SIZE_MB] [-d] [-h]
#   CPV=/path/to/cpv to time another binary; BENCH_CACHE for the cache.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=3
SIZE=100
DWARF=
while getopts "n:s:dh" opt; do
	case $opt in
	n) N=$OPTARG ;;
	s) SIZE=$OPTARG ;;
	d) DWARF=1 ;;
	h) sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//'
	   exit 0 ;;
	*) exit 2 ;;
	esac
done

die() { echo "perfdata.sh: $*" >&2; exit 2; }

CPV=${CPV:-$ROOT/src/cpv}
[[ -x $CPV ]] || die "cpv not found: $CPV (build it first, or set CPV)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is required"
command -v perf >/dev/null || die "perf is required"
[[ $N =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive number"
[[ $SIZE =~ ^[1-9][0-9]*$ ]] || die "-s wants a positive number"

CACHE=${BENCH_CACHE:-${TMPDIR:-/tmp}/cpv-bench-$(id -u)}
mkdir -p "$CACHE" || die "cannot create $CACHE"
PROG=$CACHE/perfdata-prog
gcc -O1 -g -fno-omit-frame-pointer -pthread -o "$PROG" \
    "$ROOT/bench/perfdata-prog.c" || die "cannot build perfdata-prog.c"

# record FILE MB PERF-ARGS...: record until FILE holds MB megabytes,
# from the rate of a short first recording.
record()
{
	local file=$1 mb=$2 secs=2 have
	shift 2
	while :; do
		perf record -q -o "$file" "$@" -- "$PROG" "$secs" \
		    >/dev/null 2>&1 || die "perf record failed"
		have=$(($(stat -c %s "$file") / 1048576))
		((have >= mb)) && return
		secs=$(awk -v s="$secs" -v h="$have" -v m="$mb" \
		    'BEGIN { r = h / s; if (r < 0.1) r = 0.1;
			printf "%d", m / r * 1.1 + 1 }')
		echo "# $have MB: recording again for $secs s ..."
	done
}

# bench FILE LABEL CMD...: N runs; prints the median wall, user, max RSS.
results=()
bench()
{
	local file=$1 label=$2 i t
	shift 2
	: >"$CACHE/times"
	for ((i = 0; i < N; i++)); do
		if ! /usr/bin/time -o "$CACHE/t" -f '%e %U %M' "$@" \
		    >/dev/null 2>"$CACHE/err"; then
			echo "perfdata.sh: failed: $*" >&2
			tail -3 "$CACHE/err" >&2
			exit 1
		fi
		tail -1 "$CACHE/t" >>"$CACHE/times"
	done
	t=$(sort -n "$CACHE/times" | awk -v n="$N" 'NR == int((n + 1) / 2)')
	results+=("$label|$t")
}

report()
{
	local base
	printf '%-44s %8s %8s %10s %8s %8s\n' "" wall user "peak RSS" \
	    "wall/cpv" "RSS/cpv"
	base=${results[0]#*|}
	for r in "${results[@]}"; do
		awk -v l="${r%%|*}" -v t="${r#*|}" -v b="$base" 'BEGIN {
		    split(t, x, " "); split(b, y, " ")
		    printf "%-44s %7.2fs %7.2fs %8.0fMB %7.2fx %7.2fx\n", l,
			x[1], x[2], x[3] / 1024, x[1] / y[1], x[3] / y[3] }'
	done
	results=()
}

FP=$CACHE/perfdata-fp-$SIZE.data
if [[ ! -s $FP ]] || (($(stat -c %s "$FP") < SIZE * 1048576)); then
	echo "# recording $FP (at least $SIZE MB) ..."
	record "$FP" "$SIZE" -F 20000 -g
fi
echo "# $FP: $(($(stat -c %s "$FP") / 1048576)) MB, $N runs each, medians"
bench "$FP" "cpv -top" "$CPV" -top "$FP"
bench "$FP" "perf report --children --sort sym" \
    perf report -i "$FP" --stdio --children --sort sym
bench "$FP" "perf report --no-children --sort sym" \
    perf report -i "$FP" --stdio --no-children --sort sym
report

if [[ -n $DWARF ]]; then
	DW=$CACHE/perfdata-dwarf.data
	if [[ ! -s $DW ]]; then
		echo "# recording $DW (--call-graph dwarf, 50 MB) ..."
		record "$DW" 50 -F 2000 --call-graph dwarf,8192
	fi
	echo "# $DW: $(($(stat -c %s "$DW") / 1048576)) MB"
	bench "$DW" "cpv -top" "$CPV" -top "$DW"
	bench "$DW" "perf report --children --sort sym" \
	    perf report -i "$DW" --stdio --children --sort sym
	bench "$DW" "perf report --no-children --sort sym" \
	    perf report -i "$DW" --stdio --no-children --sort sym
	report
fi
