#!/usr/bin/env bash
# tests/golden/run.sh: run cpv on the golden cases and compare its output
# byte for byte with the expected output (go tool pprof's, see
# testdata/regen.sh).
#
# usage: tests/golden/run.sh [GLOB...]
#
# Each line of tests/golden/cases is NAME|PROFILES|FLAGS[|<STDIN] ('#'
# comments and blank lines are ignored). PROFILES are space-separated paths
# relative to testdata/; FLAGS are space-separated argv words put before the
# profiles. Words are taken literally (no quoting, no globbing) and contain
# no spaces; FLAGS may contain '|'. STDIN, marked by its '<', names a file
# in tests/golden/stdin/ (commands for the shell). For each case, from
# testdata/ with TZ=UTC:
#
#	$CPV FLAGS PROFILES >out 2>err <STDIN   (default /dev/null)
#
# stdout must equal expected/NAME.out and the exit status expected/NAME.rc
# (a missing .rc means 0); stderr is compared (with expected/NAME.err, or
# expected_cpv/NAME.err where cpv differs on purpose) only for cases with
# STDIN, where pprof's shell prints its greeting, help, option listing and
# errors. GLOB arguments select
# cases by name. Works from any directory, in VPATH builds too; "make check"
# sets CPV, top_srcdir and top_builddir, otherwise they are guessed.
# GOLDEN_TIMEOUT (seconds, default 60) bounds each run.

# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh" || exit 99

tl_init
tl_need_cpv

golden=$top_srcdir/tests/golden
cases=$golden/cases
testdata=$top_srcdir/testdata
[ -f "$cases" ] || tl_error "no cases file '$cases'"
[ -d "$testdata" ] || tl_error "no testdata directory '$testdata'"

timeout_cmd=()
if command -v timeout >/dev/null 2>&1; then
	timeout_cmd=(timeout -k 5 "${GOLDEN_TIMEOUT:-60}")
fi

# selected NAME: true if no GLOB was given or NAME matches one of them.
selected()
{
	local pat

	[ $# -gt 1 ] || return 0
	for pat in "${@:2}"; do
		# shellcheck disable=SC2053
		[[ $1 == $pat ]] && return 0
	done
	return 1
}

# run_case NAME PROFILES FLAGS [STDIN]
run_case()
{
	local name=$1 out=$TL_TMP/$1.out err=$TL_TMP/$1.err
	local exp_out=$golden/expected/$1.out exp_rc_file=$golden/expected/$1.rc
	local exp_err=$golden/expected/$1.err in=/dev/null
	local -a profiles flags
	local rc exp_rc=0 detail=""

	read -r -a profiles <<<"$2"
	read -r -a flags <<<"$3"
	if [ -n "${4:-}" ]; then
		in=$golden/stdin/$4
		if [ ! -f "$in" ]; then
			tl_fail "$name" "no input file $in"
			return
		fi
	fi

	# From testdata/ (the script is there: see below), without a
	# subshell: a thousand cases make a fork count.
	TZ=UTC LC_ALL=C.UTF-8 "${timeout_cmd[@]}" \
		"$CPV" "${flags[@]}" "${profiles[@]}" \
		>"$out" 2>"$err" <"$in"
	rc=$?

	if [ -f "$exp_rc_file" ]; then
		read -r exp_rc <"$exp_rc_file"
		if ! [[ $exp_rc =~ ^[0-9]+$ ]]; then
			tl_fail "$name" "bad exit status '$exp_rc' in $exp_rc_file"
			return
		fi
	fi

	if [ ! -f "$exp_out" ]; then
		detail="no expected output $exp_out"
	elif ! cmp -s "$exp_out" "$out"; then
		detail=$(diff -u --label "expected/$name.out" \
			--label "cpv ${3:+$3 }$2" "$exp_out" "$out" | head -n 20)
	fi
	# Where cpv's shell differs from pprof's on purpose (its help lists
	# only the commands cpv runs), expected_cpv/NAME.err is cpv's
	# reviewed stderr and replaces pprof's.
	[ -f "$golden/expected_cpv/$1.err" ] &&
		exp_err=$golden/expected_cpv/$1.err
	if [ -n "${4:-}" ] && ! cmp -s "$exp_err" "$err"; then
		detail=${detail:+$detail$'\n'}$(diff -u --label \
			"expected/$name.err" --label "cpv stderr" \
			"$exp_err" "$err" | head -n 20)
	fi
	if [ "$rc" -ne "$exp_rc" ]; then
		detail=${detail:+$detail$'\n'}"exit status $rc, expected $exp_rc"
		[ "$rc" -eq 124 ] && [ ${#timeout_cmd[@]} -gt 0 ] &&
			detail+=" (timed out after ${GOLDEN_TIMEOUT:-60}s)"
	fi

	if [ -z "$detail" ]; then
		tl_pass "$name"
		return
	fi
	if [ -s "$err" ]; then
		detail+=$'\n'"stderr:"$'\n'$(head -n 5 "$err")
	fi
	tl_fail "$name" "$detail"
}

cd "$testdata" || tl_error "cannot change to '$testdata'"
declare -A seen=()
lineno=0
while IFS= read -r line || [ -n "$line" ]; do
	lineno=$((lineno + 1))
	line=${line%$'\r'}
	# Trim surrounding blanks.
	line=${line#"${line%%[![:space:]]*}"}
	line=${line%"${line##*[![:space:]]}"}
	case $line in
	''|'#'*)
		continue ;;
	esac

	name=${line%%|*}
	rest=
	[[ $line == *'|'* ]] && rest=${line#*|}
	c_profiles=${rest%%|*}
	c_flags=
	[[ $rest == *'|'* ]] && c_flags=${rest#*|}
	# An optional last field <STDIN (FLAGS may contain '|').
	c_flags="|$c_flags"
	c_stdin=
	if [[ $c_flags == *'|<'* ]]; then
		c_stdin=${c_flags##*|<}
		c_flags=${c_flags%|<*}
	fi
	c_flags=${c_flags#|}
	name=${name%"${name##*[![:space:]]}"}

	if ! [[ $name =~ ^[A-Za-z0-9_.+-]+$ ]]; then
		tl_fail "cases:$lineno" "bad case name '$name' in $cases"
		continue
	fi
	selected "$name" "$@" || continue
	if [ -n "${seen[$name]:-}" ]; then
		tl_fail "$name" "duplicate case name (cases lines ${seen[$name]} and $lineno)"
		continue
	fi
	seen[$name]=$lineno
	run_case "$name" "$c_profiles" "$c_flags" "$c_stdin"
done < <(cat "$cases" "$golden"/cases.d/*.cases 2>/dev/null)

tl_finish
