#!/usr/bin/env bash
# bench/costs.sh: how cpv's time and memory grow on crafted input, per
# class of issue 10, at N, 2N, 4N and 8N, side by side with pprof.
#
# Usage: bench/costs.sh [CLASS...]  (default: every class: strings ids
# merge labels tags output backtrack focus)
#
# Each class is written by tests/flood/flood-gen (tags: its labels class)
# or, for the regexp classes, by tests/craft (build them with `make check`)
# and run once per tool with
# /usr/bin/time: wall seconds and peak RSS in MB.  The "x" column is the
# time's growth over the previous row: about 2 when linear, 4 when
# quadratic.  A run that exceeds COSTS_TIMEOUT (120 s) prints ">T".
#
# Environment:
#   CPV=path        cpv binary (default: <repo>/src/cpv)
#   CPV_OLD=path    another cpv to show next to it (a build of older code)
#   PPROF='cmd'     pprof (default: `go tool pprof` when go is installed;
#                   PPROF= to leave it out)
#   COSTS_N='c=N ...'   base sizes, e.g. COSTS_N='strings=4096 labels=8192'
#   FLOOD_GEN=path  the generator (default: <repo>/tests/flood/flood-gen)
#   CRAFT=path      the regexp classes' (default: <repo>/tests/craft)
#
# Timing is never asserted; exits 2 if cpv or the generator is missing.
set -uo pipefail
export LC_ALL=C TZ=UTC

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CPV=${CPV:-$ROOT/src/cpv}
CPV_OLD=${CPV_OLD:-}
GEN=${FLOOD_GEN:-$ROOT/tests/flood/flood-gen}
CRAFT=${CRAFT:-$ROOT/tests/craft}
T=${COSTS_TIMEOUT:-120}
if [ -z "${PPROF+set}" ]; then
	if command -v go >/dev/null 2>&1; then
		PPROF="go tool pprof"
	else
		PPROF=
	fi
fi
for x in "$CPV" "$GEN" "$CRAFT"; do
	[ -x "$x" ] || { echo "costs.sh: $x: not built" >&2; exit 2; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The report each class attacks, and its base size.
flags_of() {
	case $1 in
	strings|ids) echo "-top" ;;
	merge) echo "-raw" ;;
	labels|output) echo "-traces" ;;
	tags) echo "-tags" ;;
	backtrack) echo "-top -nodecount=3" ;;
	focus) echo "-top -focus=(a+)+\$" ;;
	esac
}

# gen CLASS N: write the class's profile at size N on stdout.
gen() {
	case $1 in
	tags) "$GEN" labels "$2" ;;
	backtrack) "$CRAFT" backtrack "$2" ;;
	focus) "$CRAFT" names "$2" 30 ;;
	*) "$GEN" "$1" "$2" ;;
	esac
}
base_of() {
	local kv
	for kv in ${COSTS_N:-}; do
		[ "${kv%%=*}" = "$1" ] && { echo "${kv#*=}"; return; }
	done
	case $1 in
	strings|ids) echo 16384 ;;
	merge|labels|tags) echo 32768 ;;
	output) echo 1000 ;;
	backtrack) echo 2500 ;;
	focus) echo 625 ;;
	esac
}

# run CMD...: "seconds MB" of one run, or ">T -" past the timeout.
run() {
	local rc
	/usr/bin/time -f '%e %M' -o "$tmp/time" timeout "$T" "$@" \
	    >/dev/null 2>"$tmp/err" </dev/null
	rc=$?
	if [ "$rc" = 124 ] || grep -q 'signal' "$tmp/time"; then
		echo ">$T -"
	else
		awk 'END { printf "%s %.0f\n", $1, $2 / 1024 }' "$tmp/time"
	fi
}

# growth NEW PREV: the ratio, or "-".
growth() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (b == "" || a ~ />/ || b ~ />/ || b + 0 < 0.05)
			print "-"
		else
			printf "%.1f\n", a / b
	}'
}

cols="cpv"
[ -n "$CPV_OLD" ] && cols="$cols old"
[ -n "$PPROF" ] && cols="$cols pprof"
for class in "${@:-strings ids merge labels tags output backtrack focus}"; do
	for c in $class; do
		flags=$(flags_of "$c")
		[ -n "$flags" ] || { echo "costs.sh: unknown class $c" >&2
		    exit 2; }
		n=$(base_of "$c")
		printf '\n%s (%s)\n%9s' "$c" "$flags" "N"
		for col in $cols; do
			printf ' | %8s %5s %6s' "$col s" "x" "MB"
		done
		echo
		declare -A prev=()
		for mult in 1 2 4 8; do
			size=$((n * mult))
			gen "$c" "$size" >"$tmp/in.pb" || exit 2
			printf '%9s' "$size"
			for col in $cols; do
				# $flags and $PPROF are lists of words
				# shellcheck disable=SC2086
				case $col in
				cpv) set -- "$CPV" $flags ;;
				old) set -- "$CPV_OLD" $flags ;;
				pprof) set -- $PPROF -symbolize=none $flags ;;
				esac
				read -r s mb < <(run "$@" "$tmp/in.pb")
				printf ' | %8s %5s %6s' "$s" \
				    "$(growth "$s" "${prev[$col]:-}")" "$mb"
				prev[$col]=$s
			done
			echo
		done
		unset prev
	done
done
