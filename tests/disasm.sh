#!/bin/bash
# disasm.sh: -disasm on the programs and profiles of testdata/native/.
#
# Each case runs cpv and compares its stdout with tests/disasm/expected/NAME
# (CPV_DISASM_UPDATE=1 rewrites them).  Where tests/disasm/pprof/NAME
# exists (upstream pprof's -disasm with llvm-objdump 14, recorded when the
# case was made), the numbers must agree too: the Total line, every
# ROUTINE header and its sums, and the address, flat and cum of every
# instruction with samples.  The instruction text and the locations are
# cpv's own (see src/report/report-disasm.c): only those may differ.
#
# Without a disassembler in cpv, -disasm must say so in one line and exit
# 1; the rest is then skipped.
. "$(dirname "$0")/lib.sh"
tl_init
tl_need_cpv

nat=$top_srcdir/testdata/native
exp=$top_srcdir/tests/disasm/expected
ref=$top_srcdir/tests/disasm/pprof
tmp=$TL_TMP
export TZ=UTC HOME=$tmp/home
mkdir -p "$HOME"
export PPROF_BINARY_PATH=$nat

(cd "$nat" && "$CPV" -disasm=outer inl inl.prof) >"$tmp/probe.out" \
    2>"$tmp/probe.err"
rc=$?
if grep -q 'built without a disassembler' "$tmp/probe.err"; then
	if [ "$rc" = 1 ] && [ "$(wc -l <"$tmp/probe.err")" = 1 ] &&
	    [ ! -s "$tmp/probe.out" ]; then
		tl_pass "without a disassembler: one line, exit 1"
	else
		tl_fail "without a disassembler: one line, exit 1" \
		    "status $rc" "$(cat "$tmp/probe.err")"
	fi
	tl_finish
fi
if ! grep -q '^ROUTINE.*outer' "$tmp/probe.out"; then
	echo "cpv cannot symbolize (built without libdwarf?): skipped"
	exit 77
fi

# The numbers of a -disasm report: Total, ROUTINE and sums, and the
# address, flat and cum of the instructions with samples.
numbers() {
	awk '/^Total:/ || /^ROUTINE/ || /\(flat, cum\)/ { print; next }
	    $3 ~ /^[0-9a-f]+:$/ && ($1 != "." || $2 != ".") {
		print $1, $2, $3 }' "$1"
}

# run NAME ARGS...: cpv ARGS in testdata/native/.
run() {
	local name=$1
	shift
	(cd "$nat" && "$CPV" "$@") >"$tmp/$name.out" 2>"$tmp/$name.err"
	if [ "${CPV_DISASM_UPDATE:-}" = 1 ]; then
		cp "$tmp/$name.out" "$exp/$name"
	fi
	if [ ! -s "$tmp/$name.out" ]; then
		tl_fail "$name" "no output: $(head -3 "$tmp/$name.err")"
		return
	fi
	if ! cmp -s "$tmp/$name.out" "$exp/$name"; then
		tl_fail "$name" "$(diff -u "$exp/$name" "$tmp/$name.out" |
		    head -20)"
		return
	fi
	if [ -f "$ref/$name" ] && ! diff <(numbers "$ref/$name") \
	    <(numbers "$tmp/$name.out") >"$tmp/$name.diff"; then
		tl_fail "$name (numbers differ from pprof's)" \
		    "$(head -20 "$tmp/$name.diff")"
		return
	fi
	tl_pass "$name"
}

run inl-outer -disasm=outer inl inl.prof
run inl-dw4-outer -disasm=outer inl-dw4 inl-dw4.prof
run cxx-scale-sum '-disasm=scale|sum' cxx cxx.prof
# Names match demangled too: geo:: is in no mangled name.
run cxx-geo -disasm=geo:: cxx cxx.prof
run prog-pie-leaf -disasm=leaf prog-pie prog-pie.prof
run prog-pie-main -disasm=main prog-pie prog-pie.prof
run prog-main -disasm=main prog prog.prof
run intel -disasm=outer -intel_syntax inl inl.prof
# Symbols from the debug file, code from the stripped binary.
run stripped-leaf -disasm=leaf prog-stripped prog-stripped.prof
# A function that exists only inlined: the functions it was inlined into
# (pprof finds nothing, google/pprof#230).
run inl-only-inlined -disasm=mix inl inl.prof
# An address as the profile has it (-top -addresses): the function
# holding it, with all its names.  (pprof compares it with the binary's
# link-time addresses, and shows _end here.)
run inl-address -disasm=0x56367198e1e4 inl inl.prof

# The routine sums are -top -noinlines's flat and cum of the function.
for c in "leaf prog-pie prog-pie-leaf" "outer inl inl-outer" \
    "main prog-pie prog-pie-main"; do
	# shellcheck disable=SC2086
	set -- $c
	want=$(cd "$nat" && PPROF_BINARY_PATH=$nat "$CPV" -top -noinlines \
	    "$2" "$2.prof" 2>/dev/null |
	    awk -v f="$1" '$6 == f && NF == 6 { print $1, $4 }')
	got=$(awk '/\(flat, cum\)/ { print $1, $2; exit }' "$tmp/$3.out")
	if [ -n "$want" ] && [ "$want" = "$got" ]; then
		tl_pass "sums of $1 are -top's ($want)"
	else
		tl_fail "sums of $1 are -top's" "-top: $want, -disasm: $got"
	fi
done

# The shell's disasm command prints the same.
printf 'disasm outer\n' | (cd "$nat" && "$CPV" inl inl.prof) \
    >"$tmp/shell.out" 2>/dev/null
if grep -q '^ROUTINE ======================== outer$' "$tmp/shell.out" &&
    diff <(sed -n '/^Total/,$p' "$tmp/inl-outer.out") \
    <(sed -n 's/^(pprof) //; /^Total/,$p' "$tmp/shell.out" |
    grep -v '^(pprof)') >/dev/null; then
	tl_pass "the shell's disasm"
else
	tl_fail "the shell's disasm" "$(head -5 "$tmp/shell.out")"
fi

# No match: pprof's message, exit 1.
(cd "$nat" && "$CPV" -disasm=nosuchfunction inl inl.prof) >/dev/null \
    2>"$tmp/nomatch.err"
rc=$?
if [ "$rc" = 1 ] && grep -q '^cpv: no matches found for regexp: nosuchfunction$' \
    "$tmp/nomatch.err"; then
	tl_pass "no match: one line, exit 1"
else
	tl_fail "no match: one line, exit 1" "status $rc" "$(cat "$tmp/nomatch.err")"
fi

# Bad binaries: warnings or "(bad)" instructions, never a crash.
unset PPROF_BINARY_PATH
mkdir -p "$tmp/bad"
head -c 9000 "$nat/inl" >"$tmp/bad/inl"
(cd "$tmp/bad" && "$CPV" -disasm=. inl "$nat/inl.prof") >"$tmp/trunc.out" \
    2>"$tmp/trunc.err"
rc=$?
if [ "$rc" = 1 ] && grep -q 'no matches found' "$tmp/trunc.err"; then
	tl_pass "a truncated binary: no matches, exit 1"
else
	tl_fail "a truncated binary: no matches, exit 1" "status $rc" \
	    "$(cat "$tmp/trunc.err")"
fi
# outer's code overwritten with bytes that do not decode.
cp "$nat/inl" "$tmp/bad/inl"
off=$(readelf -SW "$nat/inl" 2>/dev/null |
    awk '$2 == ".text" { print $5 }')
addr=$(readelf -SW "$nat/inl" 2>/dev/null |
    awk '$2 == ".text" { print $4 }')
if [ -n "$off" ]; then
	# outer is at 0x11d0; its file offset through .text's.
	seek=$((0x11d0 - 0x$addr + 0x$off))
	head -c 64 /dev/zero | tr '\0' '\377' |
	    dd of="$tmp/bad/inl" bs=1 seek="$seek" conv=notrunc 2>/dev/null
	(cd "$tmp/bad" && "$CPV" -disasm=outer inl "$nat/inl.prof") \
	    >"$tmp/garbage.out" 2>"$tmp/garbage.err"
	rc=$?
	if [ "$rc" = 0 ] && grep -q '(bad)' "$tmp/garbage.out" &&
	    grep -q '^ROUTINE ======================== outer$' \
	    "$tmp/garbage.out"; then
		tl_pass "undecodable code: (bad), no crash"
	else
		tl_fail "undecodable code: (bad), no crash" "status $rc" \
		    "$(head -5 "$tmp/garbage.err")"
	fi
else
	echo "readelf missing: undecodable code case skipped"
fi
tl_finish
