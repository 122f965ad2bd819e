#!/usr/bin/env bash
# bench/reports.sh: the engine's cost of each report, against -top's.
#
# For one profile, runs each of -top, -peek=., -peek='Func00010$',
# -list=<a hot function>, -tree (and any -c FLAGS given) N times, in turn,
# and prints for each the median wall time and median peak RSS (GNU time's
# %e and %M) and their ratios to -top's.  The timed runs write to
# /dev/null: -peek=. prints 250 MB where -top prints 50 KB, and writing
# that into a file is the file system's cost, not cpv's (about 0.1-0.2 s
# here); one more run, untimed, counts the bytes.  Issue 7 asks that every -peek,
# -list and -tree stay within 2x of -top in both.  Timing is never
# asserted: the exit status is 2 if cpv or the profile is missing, 1 if a
# run failed, 0 otherwise.
#
# usage: bench/reports.sh [-n RUNS] [-p PROFILE] [-l LIST_REGEXP]
#                         [-c 'FLAGS']... [-h]
#   -n RUNS     runs per report (default 5)
#   -p PROFILE  the profile (default: the benchmark's, generated as
#               bench/run.sh does, see bench/README.md; GEN_FLAGS, e.g.
#               GEN_FLAGS=-samples=20000 for a medium one, apply)
#   -l REGEXP   the -list target (default: the function with the largest
#               flat in -top)
#   -c FLAGS    another report to time (repeatable), e.g. -c '-peek=. -lines'
#   CPV=/path/to/cpv to time another binary.
set -u

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=5
PROFILE=
LIST=
EXTRA=()
while getopts "n:p:l:c:h" opt; do
	case $opt in
	n) N=$OPTARG ;;
	p) PROFILE=$OPTARG ;;
	l) LIST=$OPTARG ;;
	c) EXTRA+=("$OPTARG") ;;
	h) sed -n '2,/^set -u/p' "$0" | sed -e '/^set -u/d' -e 's/^# \{0,1\}//'
	   exit 0 ;;
	*) exit 2 ;;
	esac
done

die() { echo "reports.sh: $*" >&2; exit 2; }

CPV=${CPV:-$ROOT/src/cpv}
[[ -x $CPV ]] || die "cpv not found: $CPV (build it first, or set CPV)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is required"
[[ $N =~ ^[1-9][0-9]*$ ]] || die "-n wants a positive number"

if [[ -z $PROFILE ]]; then
	command -v go >/dev/null || die "go is required to generate the profile (or pass -p)"
	export GO111MODULE=off GOPATH=${GOPATH:-/usr/share/gocode} GOPROXY=off \
	    GOFLAGS='' GOTOOLCHAIN=local
	CACHE=${BENCH_CACHE:-${TMPDIR:-/tmp}/cpv-bench-$(id -u)}
	mkdir -p "$CACHE" || die "cannot create $CACHE"
	key=$({ cat "$ROOT/bench/genlarge.go"; echo "flags: ${GEN_FLAGS:-}";
	    go version; } | sha256sum | cut -c1-16)
	PROFILE=$CACHE/reports-$key.pb.gz
	if [[ ! -s $PROFILE ]]; then
		echo "# generating profile (bench/genlarge.go ${GEN_FLAGS:-}) ..."
		# shellcheck disable=SC2086
		(cd "$CACHE" && go run "$ROOT/bench/genlarge.go" \
		    -o "$PROFILE.tmp" -q ${GEN_FLAGS:-}) ||
		    die "generating the profile failed (GOPATH=$GOPATH)"
		mv "$PROFILE.tmp" "$PROFILE"
	fi
fi
[[ -f $PROFILE ]] || die "no such profile: $PROFILE"
cat "$PROFILE" >/dev/null	# warm the page cache

TMP=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$TMP"' EXIT

if [[ -z $LIST ]]; then
	# The first row of -top: "flat flat% sum% cum cum% name".
	LIST=$(TZ=UTC "$CPV" -top -nodecount=1 "$PROFILE" 2>/dev/null |
	    awk 'f { print $6; exit } /flat%/ { f = 1 }')
	[[ -n $LIST ]] || die "cannot find a hot function in -top"
	LIST="^${LIST//./\\.}\$"
fi

REPORTS=("-top" "-peek=." "-peek=Func00010\$" "-list=$LIST" "-tree"
    "${EXTRA[@]}")

# median: the middle of the numbers on stdin (the lower one of two).
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "# cpv:     $CPV"
echo "# profile: $PROFILE ($(stat -c %s "$PROFILE") bytes)"
echo "# machine: $(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $N runs each, in turn; medians; ratios to -top"
printf '%-34s %9s %11s %7s %7s %11s\n' report time/s "RSS/KB" "xtime" "xRSS" "out/bytes"

failed=0
for ((run = 0; run < N; run++)); do
	for i in "${!REPORTS[@]}"; do
		# shellcheck disable=SC2086
		if ! TZ=UTC /usr/bin/time -f '%e %M' -o "$TMP/t" "$CPV" \
		    ${REPORTS[$i]} "$PROFILE" >/dev/null 2>"$TMP/err.$i"
		then
			echo "# run failed: cpv ${REPORTS[$i]}: $(head -1 "$TMP/err.$i")" >&2
			failed=1
			continue
		fi
		tail -1 "$TMP/t" >>"$TMP/times.$i"
	done
done

top_t='' top_m=''
for i in "${!REPORTS[@]}"; do
	[[ -s $TMP/times.$i ]] || { printf '%-34s %9s\n' "${REPORTS[$i]}" FAILED; continue; }
	t=$(cut -d' ' -f1 "$TMP/times.$i" | median)
	m=$(cut -d' ' -f2 "$TMP/times.$i" | median)
	if [[ $i == 0 ]]; then top_t=$t top_m=$m; fi
	rt=$(awk -v a="$t" -v b="$top_t" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	rm_=$(awk -v a="$m" -v b="$top_m" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	# shellcheck disable=SC2086
	out=$(TZ=UTC "$CPV" ${REPORTS[$i]} "$PROFILE" 2>/dev/null | wc -c)
	printf '%-34s %9s %11s %7s %7s %11s\n' "${REPORTS[$i]:0:34}" "$t" "$m" \
	    "$rt" "$rm_" "$out"
done
exit "$failed"
