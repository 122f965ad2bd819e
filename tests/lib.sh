# shellcheck shell=bash
# tests/lib.sh: shared helpers for cpv's shell tests (bash). Source it:
#
#	. "$(dirname "$0")/../lib.sh"     # from tests/golden/run.sh
#	. "$(dirname "$0")/lib.sh"        # from tests/errors.sh
#	tl_init
#	... tl_pass "case" / tl_fail "case" "detail lines" ...
#	tl_finish                           # prints "N passed, M failed", exits
#
# tl_init sets, as absolute paths:
#	top_srcdir    source tree (from the environment set by "make check",
#	              else found from this file's location)
#	top_builddir  build tree (environment, else the current directory if it
#	              has src/cpv, else top_srcdir)
#	CPV           the cpv binary (environment, else $top_builddir/src/cpv)
#	TL_TMP        a private temporary directory, removed on exit
#
# Output convention shared by every test program: one line per case starting
# "PASS: " or "FAIL: ", detail lines indented by two spaces, and exit status
# 0 (all passed), 1 (a case failed), 77 (nothing to run: skipped) or 99
# (the test itself is broken: hard error).

tl_passed=0
tl_failed=0

# Die with a hard error (automake's 99): the test could not run at all.
tl_error()
{
	printf 'error: %s\n' "$*" >&2
	exit 99
}

# Make $1 absolute without requiring it to exist.
tl_abspath()
{
	case $1 in
	/*)	printf '%s\n' "$1" ;;
	*)	printf '%s/%s\n' "$(pwd)" "$1" ;;
	esac
}

tl_init()
{
	local here

	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd) ||
		tl_error "cannot find the tests directory"
	if [ -n "${top_srcdir:-}" ]; then
		top_srcdir=$(cd "$top_srcdir" && pwd) ||
			tl_error "top_srcdir '$top_srcdir' does not exist"
	else
		top_srcdir=$(dirname "$here")
	fi
	if [ -n "${top_builddir:-}" ]; then
		top_builddir=$(cd "$top_builddir" && pwd) ||
			tl_error "top_builddir '$top_builddir' does not exist"
	elif [ -x src/cpv ]; then
		top_builddir=$(pwd)
	else
		top_builddir=$top_srcdir
	fi
	CPV=$(tl_abspath "${CPV:-$top_builddir/src/cpv}")
	export top_srcdir top_builddir CPV

	TL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/cpv-test.XXXXXX") ||
		tl_error "cannot create a temporary directory"
	trap 'rm -rf "$TL_TMP"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

# tl_need_cpv: a hard error unless the cpv binary is there to test.
tl_need_cpv()
{
	[ -x "$CPV" ] || tl_error "no cpv binary at '$CPV' (run make first)"
}

tl_pass()
{
	tl_passed=$((tl_passed + 1))
	printf 'PASS: %s\n' "$1"
}

# tl_fail NAME [DETAIL]: DETAIL (any number of lines) is printed indented,
# so that no detail line can be mistaken for a result line.
tl_fail()
{
	tl_failed=$((tl_failed + 1))
	printf 'FAIL: %s\n' "$1"
	if [ -n "${2:-}" ]; then
		printf '%s\n' "$2" | sed 's/^/  /'
	fi
}

# tl_finish: print the closing count and exit 1 if anything failed, 77 if
# no case ran, else 0.
tl_finish()
{
	printf '%d passed, %d failed\n' "$tl_passed" "$tl_failed"
	[ "$tl_failed" -eq 0 ] || exit 1
	[ "$tl_passed" -gt 0 ] || exit 77
	exit 0
}
