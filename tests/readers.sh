#!/usr/bin/env bash
# tests/readers.sh: the text readers (folded stacks, perf script) and the
# probes of formats cpv cannot read yet.
#
#   - goldens: cpv's reports on the inputs of testdata/folded/ and
#     testdata/perf/ against tests/readers/expected/NAME.{out,err,rc}.  No
#     tool prints these reports byte for byte, so the expected files are
#     cpv's own, checked by hand when written (testdata/perf/*.report is
#     perf report's view of the same recordings: the percentages agree,
#     see tests/readers/README);
#   - the same inputs on standard input, gzipped, and round trips through
#     cpv -folded;
#   - one-line errors for truncated and garbage text, and for perf.data,
#     ELF and gperftools files.
#
# READERS_REGEN=1 rewrites the expected files instead of comparing them.

# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" || exit 99

tl_init
tl_need_cpv

expected=$top_srcdir/tests/readers/expected
testdata=$top_srcdir/testdata
export TZ=UTC LC_ALL=C.UTF-8

# golden NAME FLAGS... -- FILE...: cpv FLAGS FILES, from testdata/.
golden()
{
	local name=$1 out=$TL_TMP/$1.out err=$TL_TMP/$1.err rc detail=
	local -a flags=()

	shift
	while [ "$1" != -- ]; do
		flags+=("$1")
		shift
	done
	shift
	(cd "$testdata" && "$CPV" "${flags[@]}" "$@") >"$out" 2>"$err" \
	    </dev/null
	rc=$?
	if [ -n "${READERS_REGEN:-}" ]; then
		mkdir -p "$expected"
		cp "$out" "$expected/$name.out"
		if [ -s "$err" ]; then
			cp "$err" "$expected/$name.err"
		else
			rm -f "$expected/$name.err"
		fi
		if [ "$rc" -ne 0 ]; then
			echo "$rc" >"$expected/$name.rc"
		else
			rm -f "$expected/$name.rc"
		fi
		tl_pass "$name (regenerated)"
		return
	fi
	if ! cmp -s "$expected/$name.out" "$out"; then
		detail=$(diff -u --label "expected/$name.out" --label cpv \
		    "$expected/$name.out" "$out" 2>&1 | head -n 20)
	fi
	if [ -f "$expected/$name.err" ] || [ -s "$err" ]; then
		if ! cmp -s "$expected/$name.err" "$err"; then
			detail+=$'\n'$(diff -u --label "expected/$name.err" \
			    --label "cpv stderr" "$expected/$name.err" "$err" \
			    2>&1 | head -n 10)
		fi
	fi
	if [ "$rc" -ne "$(cat "$expected/$name.rc" 2>/dev/null || echo 0)" ]
	then
		detail+=$'\n'"exit status $rc"
	fi
	if [ -z "$detail" ]; then
		tl_pass "$name"
	else
		tl_fail "$name" "$detail"
	fi
}

# Every report on each input.
reports=(top tree peek traces folded raw tags)
for input in folded/basic.folded folded/annotated.folded \
    folded/escapes.folded perf/burn-g.perf perf/burn.perf \
    perf/burn-g-cpu.perf perf/edge.perf perf/nochain-crlf.perf; do
	base=${input##*/}
	base=${base%.*}
	for r in "${reports[@]}"; do
		case $r in
		peek)	golden "${base}_$r" -peek=. -- "$input" ;;
		*)	golden "${base}_$r" "-$r" -- "$input" ;;
		esac
	done
done
golden burn-g_top_samples -top -sample_index=samples -- perf/burn-g.perf
golden burn-g_top_addresses -top -addresses -- perf/burn-g.perf
golden burn-g_top_files -top -files -- perf/burn-g.perf
golden burn-g_top_focus -top -focus=recurse -- perf/burn-g.perf
golden burn-g_top_tagfocus -top -tagfocus=tid=0 -- perf/edge.perf
golden edge_top_events -top -sample_index=instructions:u -- perf/edge.perf
golden basic_top_merged -top -- folded/basic.folded folded/basic.folded

# The same through standard input and through gzip: same bytes out.
same()
{
	local name=$1 want=$2 got=$3

	if cmp -s "$want" "$got"; then
		tl_pass "$name"
	else
		tl_fail "$name" "$(diff -u "$want" "$got" | head -n 20)"
	fi
}
for input in folded/basic.folded perf/burn-g.perf perf/burn.perf; do
	"$CPV" -top "$testdata/$input" >"$TL_TMP/file" 2>&1
	"$CPV" -top - <"$testdata/$input" >"$TL_TMP/stdin" 2>&1
	same "stdin: $input" "$TL_TMP/file" "$TL_TMP/stdin"
	gzip -c "$testdata/$input" >"$TL_TMP/in.gz"
	"$CPV" -top "$TL_TMP/in.gz" >"$TL_TMP/gz" 2>&1
	same "gzip: $input" "$TL_TMP/file" "$TL_TMP/gz"
	# the name does not matter, the content does
	cp "$testdata/$input" "$TL_TMP/profile.pb.gz"
	"$CPV" -top "$TL_TMP/profile.pb.gz" >"$TL_TMP/named" 2>&1
	same "by content, not name: $input" "$TL_TMP/file" "$TL_TMP/named"
done

# Round trips through cpv -folded: the folded text of a profile reads
# back into the same stacks (the type line differs: folded text has no
# sample type; values stay in the type's unit, so for a count the -top
# lines are the same and for others the percentages are).
for p in cpu.pb.gz heap.pb.gz goroutine.pb.gz synth_cpu.pb.gz \
    synth_names.pb.gz cppnames.pb.gz perf/burn-g.perf folded/escapes.folded
do
	(cd "$testdata" && "$CPV" -folded "$p") >"$TL_TMP/f1" 2>/dev/null
	"$CPV" -folded - <"$TL_TMP/f1" >"$TL_TMP/f2" 2>&1
	same "round trip: cpv -folded $p | cpv -folded -" "$TL_TMP/f1" \
	    "$TL_TMP/f2"
	# (folded text does not say which frames were inlined)
	(cd "$testdata" && "$CPV" -top -nodecount=1000 "$p") 2>/dev/null |
	    sed -n '/flat%/,$p' | sed 's/ (inline)$//' | awk '{print $2, $3, $5, $6, $7, $8}' \
	    >"$TL_TMP/t1"
	"$CPV" -top -nodecount=1000 - <"$TL_TMP/f1" 2>/dev/null |
	    sed -n '/flat%/,$p' | awk '{print $2, $3, $5, $6, $7, $8}' \
	    >"$TL_TMP/t2"
	same "round trip: cpv -folded $p | cpv -top -: percentages" \
	    "$TL_TMP/t1" "$TL_TMP/t2"
done
(cd "$testdata" && "$CPV" -top goroutine.pb.gz) | sed -n '/flat%/,$p' |
    sed 's/ (inline)$//' >"$TL_TMP/t1"
(cd "$testdata" && "$CPV" -folded goroutine.pb.gz) | "$CPV" -top - |
    sed -n '/flat%/,$p' >"$TL_TMP/t2"
same "round trip: a count's -top lines are the same" "$TL_TMP/t1" \
    "$TL_TMP/t2"

# Errors: one line naming the file, status 1.
expect_error()
{
	local name=$1 pat=$2 rc lines

	"$CPV" -top "$3" >"$TL_TMP/out" 2>"$TL_TMP/err" </dev/null
	rc=$?
	lines=$(wc -l <"$TL_TMP/err")
	if [ "$rc" -ne 1 ] || [ -s "$TL_TMP/out" ] || [ "$lines" -ne 1 ] ||
	    ! grep -q -- "$pat" "$TL_TMP/err"; then
		tl_fail "$name" "status $rc, stderr: $(head -c 300 \
		    "$TL_TMP/err")"
	else
		tl_pass "$name"
	fi
}
t=$TL_TMP
printf 'PERFILE2\150\0\0\0\0\0\0\0' >"$t/perf.data"
expect_error "perf.data" "perf.data': perf.data: truncated header (16 of 104 bytes)" "$t/perf.data"
gzip -c "$t/perf.data" >"$t/perf.data.gz"
expect_error "perf.data, gzipped" "perf.data: truncated header" "$t/perf.data.gz"
expect_error "ELF" "an ELF file (a program or library), not a profile" "$CPV"
# gperftools profiles are read: tests/native.sh.
printf 'main;a 1\nmain;b\n' >"$t/f1"
expect_error "folded: a line without a count" "f1': folded stacks: line 2: not \"frame;frame;... count\"" "$t/f1"
printf 'main;a 1\nmain;b 99999999999999999999\n' >"$t/f2"
expect_error "folded: a count out of range" "f2': folded stacks: line 2: count out of range" "$t/f2"
head -n 39 "$testdata/perf/burn-g.perf" >"$t/p1"
printf 'burn  2804 11479.6' >>"$t/p1"
expect_error "perf script: a truncated header" "p1': perf script: line 40: not a" "$t/p1"
head -c 2000 "$testdata/perf/burn.perf" >"$t/p2"
expect_error "perf script: a line cut in its frame" "p2': perf script: line 17: truncated (the input ends inside a line)" "$t/p2"
head -c 1015 "$testdata/perf/burn-g.perf" >"$t/p5"
expect_error "perf script: a stack cut in a frame" "p5': perf script: line [0-9]*: truncated" "$t/p5"
{ head -n 5 "$testdata/perf/burn-g.perf"; printf '\tnot a frame\n'; } >"$t/p3"
expect_error "perf script: garbage in a stack" "p3': perf script: line 6: not a frame" "$t/p3"
printf 'just some text\nwith lines\n' >"$t/text"
expect_error "plain text" "text': unrecognized profile format" "$t/text"
head -c 3000 /dev/urandom | tr -d '\n' >"$t/garbage"
printf 'prog 1 1.5: 1 e:\n' | cat - "$t/garbage" >"$t/p4"
expect_error "perf script: garbage after a header" "p4': perf script: line 2" "$t/p4"

# Deep stacks: 200000 frames are read; more than 2^20 on one line are
# refused (each frame costs a location index while the line is read).
awk 'BEGIN { for (i = 0; i < 200000; i++) printf "f%d;", i % 7; print "x 1" }' \
    >"$t/deep.folded"
if "$CPV" -top "$t/deep.folded" 2>"$t/err" | grep -q '1   100%  x$'; then
	tl_pass "folded: a 200000-frame stack"
else
	tl_fail "folded: a 200000-frame stack" "$(head -c 300 "$t/err")"
fi
awk 'BEGIN { for (i = 0; i < 1100000; i++) printf "f;"; print "x 1" }' \
    >"$t/deeper.folded"
expect_error "folded: a 1100000-frame stack" "folded stacks: line 1: more than 1048576 frames" "$t/deeper.folded"

# A control byte in a message is escaped: the names of frames are, too.
if "$CPV" -top "$testdata/perf/edge.perf" 2>&1 | LC_ALL=C grep -q $'\x1b'
then
	tl_fail "perf script: escape bytes reach the terminal"
else
	tl_pass "perf script: escape bytes do not reach the terminal"
fi

tl_finish
