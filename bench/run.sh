#!/usr/bin/env bash
# bench/run.sh — time src/cpv against `go tool pprof` on a large synthetic
# profile, side by side, and check that their outputs are byte-identical.
#
# Usage: bench/run.sh [-n CPV_RUNS] [-m PPROF_RUNS] [-p PROFILE] [-c 'FLAGS']... [-k] [-s]
#   -n N       runs of cpv per command            (env N_CPV, default 5)
#   -m N       runs of pprof per command          (env N_PPROF, default 3)
#   -p FILE    use this profile instead of the generated one (env PROFILE)
#   -c FLAGS   benchmark this flag set, e.g. -c '-top -nodecount=5';
#              repeatable; replaces the default command list
#   -k         keep going quietly: do not print diffs of mismatching outputs
#   -s         strict: exit 1 if a run fails or outputs differ (never for timing)
# Environment:
#   CPV=path         cpv binary (default: <repo>/src/cpv)
#   PPROF='cmd'      pprof command (default: the binary `go tool pprof` runs,
#                    i.e. $(go env GOTOOLDIR)/pprof, which skips the go launcher;
#                    PPROF='go tool pprof' also works)
#   BENCH_CACHE=dir  where the generator binary, profile and outputs live
#                    (default: ${TMPDIR:-/tmp}/cpv-bench-$UID)
#   GEN_FLAGS='...'  extra bench/genlarge.go flags, e.g. '-samples=20000'
#
# Timing is never asserted: the script exits 0 whatever the ratios are (unless
# -s and a correctness problem). It exits 2 if cpv is missing or the profile
# cannot be produced. No network is needed (GOPATH mode, GOPROXY=off).
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N_CPV=${N_CPV:-5}
N_PPROF=${N_PPROF:-3}
PROFILE=${PROFILE:-}
STRICT=0
SHOWDIFF=1
CMDS=()

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'; }
while getopts ':n:m:p:c:ksh' opt; do
	case $opt in
	n) N_CPV=$OPTARG ;;
	m) N_PPROF=$OPTARG ;;
	p) PROFILE=$OPTARG ;;
	c) CMDS+=("$OPTARG") ;;
	k) SHOWDIFF=0 ;;
	s) STRICT=1 ;;
	h) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[[ $# -eq 0 ]] || { echo "run.sh: unexpected argument: $1" >&2; usage >&2; exit 2; }
[[ $N_CPV =~ ^[1-9][0-9]*$ && $N_PPROF =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: run counts must be >= 1" >&2; exit 2; }

FOCUS=pkg10.Func00010 # on ~1/3 of the generated stacks (see genlarge.go)
if [[ ${#CMDS[@]} -eq 0 ]]; then
	CMDS=(
		"-top"
		"-top -nodecount=20"
		"-top -lines -nodecount=20"
		"-top -cum -focus=$FOCUS"
	)
fi

die() { echo "run.sh: $*" >&2; exit 2; }

# ---- the binaries ---------------------------------------------------------------
CPV=${CPV:-$ROOT/src/cpv}
if [[ ! -x $CPV ]]; then
	echo "run.sh: cpv binary not found or not executable: $CPV" >&2
	echo "run.sh: build src/cpv first (or point CPV=/path/to/cpv at one)." >&2
	exit 2
fi
CPV=$(cd "$(dirname "$CPV")" && pwd)/$(basename "$CPV")
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is required"
command -v go >/dev/null || die "go is required (for the generator and go tool pprof)"
export GO111MODULE=off GOPATH=/usr/share/gocode GOPROXY=off GOFLAGS='' GOTOOLCHAIN=local
if [[ -z ${PPROF:-} ]]; then
	PPROF="$(go env GOTOOLDIR)/pprof"
	[[ -x $PPROF ]] || PPROF="go tool pprof"
fi
read -r -a PPROF_CMD <<<"$PPROF"

# ---- the profile ----------------------------------------------------------------
CACHE=${BENCH_CACHE:-${TMPDIR:-/tmp}/cpv-bench-$(id -u)}
mkdir -p "$CACHE" || die "cannot create $CACHE"
INFO=""
if [[ -z $PROFILE ]]; then
	GEN=$ROOT/bench/genlarge.go
	[[ -f $GEN ]] || die "missing $GEN"
	key=$({ cat "$GEN"; echo "flags: ${GEN_FLAGS:-}"; go version; cat /usr/share/gocode/src/github.com/google/pprof/profile/*.go; } | sha256sum | cut -c1-16)
	PROFILE=$CACHE/large-$key.pb.gz
	INFO=$CACHE/large-$key.info
	if [[ -s $PROFILE && -s $INFO ]]; then
		echo "# reusing cached profile $PROFILE"
	else
		echo "# generating profile (bench/genlarge.go ${GEN_FLAGS:-}) ..."
		(cd "$CACHE" && go build -o "$CACHE/genlarge" "$GEN") || die "building the generator failed"
		# shellcheck disable=SC2086
		"$CACHE/genlarge" -o "$PROFILE.tmp" ${GEN_FLAGS:-} >"$INFO.tmp" || die "generator failed"
		mv "$PROFILE.tmp" "$PROFILE"
		mv "$INFO.tmp" "$INFO"
	fi
else
	[[ -f $PROFILE ]] || die "no such profile: $PROFILE"
fi
PROFILE=$(cd "$(dirname "$PROFILE")" && pwd)/$(basename "$PROFILE")

OUT=$CACHE/out
rm -rf "$OUT"
mkdir -p "$OUT"

echo "# cpv:     $CPV"
echo "# pprof:   ${PPROF_CMD[*]}  ($(go version | awk '{print $3}'))"
echo "# runs:    cpv x$N_CPV, pprof x$N_PPROF per command, alternating; TZ=UTC"
echo "# machine: $(nproc) cpus, $(uname -sr)"
echo "# profile: $PROFILE ($(stat -c %s "$PROFILE") bytes gzipped)"
if [[ -z $INFO ]]; then
	if raw=$(gzip -dc "$PROFILE" 2>/dev/null | wc -c); then
		echo "# profile: $raw bytes uncompressed"
	fi
else
	sed -e 's/\.pb\.gz\.tmp /.pb.gz /' -e 's/^/#   /' "$INFO"
fi
echo "# targets (issue): cpv >= 20x faster and >= 5x less peak RSS than pprof on -top"
echo

cat "$PROFILE" >/dev/null # warm the page cache

# run_one TOOL IDX FLAGS... : one timed run; appends "secs rss_kb" to OUT/TOOL.N.times
# (or "ERR"), stdout of the first run kept in OUT/TOOL.N.stdout.
run_one() {
	local tool=$1 n=$2; shift 2
	local -a cmd
	if [[ $tool == cpv ]]; then cmd=("$CPV"); else cmd=("${PPROF_CMD[@]}"); fi
	local base=$OUT/$tool.$n tf=$OUT/time.tmp t0 t1 rc=0
	t0=$EPOCHREALTIME
	TZ=UTC /usr/bin/time -f '%e %M' -o "$tf" "${cmd[@]}" "$@" "$PROFILE" >"$base.run.stdout" 2>"$base.run.stderr" || rc=$?
	t1=$EPOCHREALTIME
	if [[ $rc -ne 0 ]]; then
		echo "ERR" >>"$base.times"
		echo "(exit status $rc)" >>"$base.run.stderr"
		[[ -e $base.stdout ]] || { mv "$base.run.stdout" "$base.stdout"; mv "$base.run.stderr" "$base.stderr"; }
		return
	fi
	local rss
	rss=$(awk 'END{print $2}' "$tf")
	echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f", b-a}') $rss" >>"$base.times"
	if [[ ! -e $base.stdout ]]; then
		mv "$base.run.stdout" "$base.stdout"
		mv "$base.run.stderr" "$base.stderr"
	fi
}

# stats FILE -> "median_secs max_rss_kb nerr"
stats() {
	awk '$1=="ERR"{e++; next} {t[n++]=$1; if ($2>m) m=$2}
	END{
		if (n==0) {print "- - " e+0; exit}
		for (i=0;i<n;i++) for (j=i+1;j<n;j++) if (t[j]<t[i]) {x=t[i]; t[i]=t[j]; t[j]=x}
		med = (n%2) ? t[(n-1)/2] : (t[n/2-1]+t[n/2])/2
		printf "%.4f %d %d\n", med, m, e+0
	}' "$1"
}

mb() { if [[ $1 == - ]]; then echo -; else awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; fi; }
sec() { if [[ $1 == - ]]; then echo -; else awk -v s="$1" 'BEGIN{printf "%.3f", s}'; fi; }

maxruns=$((N_CPV > N_PPROF ? N_CPV : N_PPROF))
row() { printf '%-40s %9s %9s %8s %9s %9s %7s  %-9s %s\n' "$@"; }
row "command" "cpv s" "pprof s" "speed" "cpv MB" "pprof MB" "mem" "output" "targets (>=20x time, >=5x RSS)"
row "-------" "-----" "-------" "-----" "------" "--------" "---" "------" "------------------------------"
problems=0
diffs=()
top_verdict=""
for i in "${!CMDS[@]}"; do
	read -r -a flags <<<"${CMDS[$i]}"
	for ((r = 1; r <= maxruns; r++)); do
		((r > N_CPV)) || run_one cpv "$i" "${flags[@]}"
		((r > N_PPROF)) || run_one pprof "$i" "${flags[@]}"
	done
	read -r ct cm ce < <(stats "$OUT/cpv.$i.times")
	read -r pt pm pe < <(stats "$OUT/pprof.$i.times")
	speed=- mem=- verdict=""
	if [[ $ct != - && $pt != - ]]; then
		speed=$(awk -v c="$ct" -v p="$pt" 'BEGIN{printf "%.1fx", (c>0 ? p/c : 0)}')
		mem=$(awk -v c="$cm" -v p="$pm" 'BEGIN{printf "%.1fx", (c>0 ? p/c : 0)}')
		sv=$(awk -v c="$ct" -v p="$pt" 'BEGIN{print (c>0 && p/c>=20) ? "PASS" : "FAIL"}')
		mv_=$(awk -v c="$cm" -v p="$pm" 'BEGIN{print (c>0 && p/c>=5) ? "PASS" : "FAIL"}')
		verdict="time $sv, rss $mv_"
	else
		verdict="n/a"
	fi
	if [[ $ce -gt 0 || $pe -gt 0 ]]; then
		same="ERR(${ce}/${pe})"
		problems=1
	elif cmp -s "$OUT/cpv.$i.stdout" "$OUT/pprof.$i.stdout"; then
		same="identical"
	else
		same="DIFFERS"
		problems=1
		diffs+=("$i")
	fi
	row "${CMDS[$i]}" "$(sec "$ct")" "$(sec "$pt")" "$speed" "$(mb "$cm")" "$(mb "$pm")" "$mem" "$same" "$verdict"
	if [[ ${CMDS[$i]} == "-top" ]]; then top_verdict=$verdict; fi
done

echo
echo "# times are medians of wall-clock seconds; RSS is the maximum peak RSS over the runs."
echo "# speed = pprof/cpv time, mem = pprof/cpv peak RSS; the issue's targets apply to -top."
if [[ -n $top_verdict ]]; then
	echo "# -top target: $top_verdict (informational only; timing is never asserted)"
fi
echo "# outputs and stderr of the first run of each: $OUT/{cpv,pprof}.N.{stdout,stderr}"

for i in "${diffs[@]}"; do
	[[ $SHOWDIFF -eq 1 ]] || break
	echo
	echo "# diff (cpv vs pprof) for: ${CMDS[$i]}  (first 20 lines)"
	diff "$OUT/cpv.$i.stdout" "$OUT/pprof.$i.stdout" | head -n 20 || true
done
for i in "${!CMDS[@]}"; do
	for tool in cpv pprof; do
		if grep -q ERR "$OUT/$tool.$i.times"; then
			echo
			echo "# $tool failed on: ${CMDS[$i]}  (stderr, first 10 lines)"
			head -n 10 "$OUT/$tool.$i.stderr"
		fi
	done
done

if [[ $STRICT -eq 1 && $problems -ne 0 ]]; then
	exit 1
fi
exit 0
