#!/bin/bash
# regex.sh: regexps on a budget (issue 10).  tests/craft writes profiles
# that made a backtracking matcher run for minutes or take gigabytes; each
# runs under a memory cap (ulimit -v, unless cpv is built with a sanitizer
# that needs more address space) and a generous timeout.  Timing is never
# asserted beyond that timeout.
#
#  - the profile's drop_frames "(a|aa)*\d" over 20000 names (was 116 s):
#    answered, so pprof's output;
#  - drop_frames with 3000 capture groups on a 100000-byte name, 300 bytes
#    gzipped (was 6.4 GB): the expression is named on stderr and the
#    report says that results may be incomplete;
#  - a user's -focus='(a+)+$' on 5000 names (was 21 s): answered.
#
# Prints PASS:/FAIL: per case and "N passed, M failed"; exits 1 on failure.

. "$(dirname "$0")/lib.sh"
tl_init
CRAFT=${CRAFT:-$top_builddir/tests/craft}
[ -x "$CRAFT" ] || tl_error "no $CRAFT: run make check"
export TZ=UTC LC_ALL=C
cap_kb=1048576
limit=300

# ulimit -v breaks AddressSanitizer: then only the timeout applies.
ulimit_v=
if { bash -c 'ulimit -v '$cap_kb' && exec "$1" -top "$2"' probe "$CPV" \
    "$top_srcdir/testdata/cpu.pb.gz"; } >/dev/null 2>&1; then
	ulimit_v="ulimit -v $cap_kb;"
fi

# run OUT ERR FLAGS...: cpv under the cap; sets rc.
run() {
	local out=$1 err=$2
	shift 2
	bash -c "$ulimit_v"' exec timeout '$limit' "$@"' cpv "$CPV" "$@" \
	    >"$out" 2>"$err" </dev/null
	rc=$?
	# the crafted profiles have no mapping: pprof's note, not a warning
	sed -i '/^Main binary filename not available\.$/d' "$err"
}

"$CRAFT" backtrack 20000 | gzip >"$TL_TMP/backtrack.pb.gz"
run "$TL_TMP/out" "$TL_TMP/err" -top -nodecount=3 "$TL_TMP/backtrack.pb.gz"
if [ "$rc" = 0 ] && [ ! -s "$TL_TMP/err" ] &&
    grep -q '^Showing nodes accounting for 0, 0% of 79997 total' "$TL_TMP/out"; then
	tl_pass "drop_frames (a|aa)*\\d over 20000 names"
else
	tl_fail "drop_frames (a|aa)*\\d over 20000 names" \
	    "exit status $rc" "$(head -3 "$TL_TMP/err")"
fi

"$CRAFT" captures 3000 100000 | gzip -9 >"$TL_TMP/captures.pb.gz"
run "$TL_TMP/out" "$TL_TMP/err" -top -nodecount=3 "$TL_TMP/captures.pb.gz"
if [ "$rc" = 0 ] && [ "$(wc -l <"$TL_TMP/err")" = 1 ] &&
    grep -q "^cpv: regexp '^((()()().*results may be incomplete\$" "$TL_TMP/err" &&
    grep -q '^Warning: a regexp ran out of budget: results may be incomplete$' "$TL_TMP/out" &&
    grep -q '^Showing nodes accounting for 1, 100% of 1 total' "$TL_TMP/out"; then
	tl_pass "drop_frames with 3000 capture groups ($(wc -c <"$TL_TMP/captures.pb.gz") bytes)"
else
	tl_fail "drop_frames with 3000 capture groups" "exit status $rc" \
	    "$(cut -c1-100 "$TL_TMP/err" | head -3)"
fi

"$CRAFT" names 5000 30 | gzip >"$TL_TMP/names.pb.gz"
run "$TL_TMP/out" "$TL_TMP/err" -top -focus='(a+)+$' "$TL_TMP/names.pb.gz"
if [ "$rc" = 0 ] &&
    [ "$(cat "$TL_TMP/err")" = "Focus expression matched no samples" ] &&
    grep -q '^Showing nodes accounting for 0, 0% of 19995 total' "$TL_TMP/out"; then
	tl_pass "-focus='(a+)+\$' on 5000 names"
else
	tl_fail "-focus='(a+)+\$' on 5000 names" "exit status $rc" \
	    "$(head -3 "$TL_TMP/err")"
fi
run "$TL_TMP/out" "$TL_TMP/err" -top -nodecount=2 -nodefraction=0 \
    -focus='(a+)+x[b-y]+!$' "$TL_TMP/names.pb.gz"
if [ "$rc" = 0 ] && [ ! -s "$TL_TMP/err" ] &&
    grep -q '^Showing top 2 nodes out of 5000$' "$TL_TMP/out"; then
	tl_pass "-focus='(a+)+x[b-y]+!\$' on 5000 names"
else
	tl_fail "-focus='(a+)+x[b-y]+!\$' on 5000 names" "exit status $rc" \
	    "$(head -3 "$TL_TMP/err")" "$(grep Showing "$TL_TMP/out")"
fi

tl_finish
