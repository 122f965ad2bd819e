#!/bin/bash
# native.sh: gperftools profiles of the programs in testdata/native/,
# symbolized by cpv from their ELF/DWARF (see testdata/native/regen.sh).
#
# Each case runs cpv and compares stdout and stderr with
# tests/native/expected/NAME (stdout) and NAME.err (stderr, only when that
# file exists).  The expected outputs were checked byte for byte against
# upstream pprof (llvm-symbolizer) when they were made; where pprof knows
# less (a stripped binary's _start) the difference is noted in the
# README.  CPV_NATIVE_UPDATE=1 rewrites them.
#
# Prints PASS:/FAIL: per case and "N passed, M failed"; exits 1 on failure.

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
CPV=${CPV:-$top_srcdir/src/cpv}
nat=$top_srcdir/testdata/native
exp=$top_srcdir/tests/native/expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export TZ=UTC
# Nothing from this machine: no debug files of its own, no binary path.
export HOME=$tmp/home
mkdir -p "$HOME"
unset PPROF_BINARY_PATH
pass=0
fail=0

ok() { echo "PASS: $1"; pass=$((pass + 1)); }
bad() { echo "FAIL: $1"; shift; printf '  %s\n' "$@"; fail=$((fail + 1)); }

# run NAME ARGS...: cpv ARGS in testdata/native/, against the expected.
run() {
	local name=$1
	shift
	(cd "$nat" && "$CPV" "$@") >"$tmp/$name.out" 2>"$tmp/$name.raw"
	# The paths of this checkout, as NATIVE.
	sed "s|$nat|NATIVE|g" "$tmp/$name.raw" >"$tmp/$name.err"
	if [ "${CPV_NATIVE_UPDATE:-}" = 1 ]; then
		cp "$tmp/$name.out" "$exp/$name"
		[ -s "$tmp/$name.err" ] && cp "$tmp/$name.err" "$exp/$name.err"
	fi
	if ! cmp -s "$tmp/$name.out" "$exp/$name"; then
		bad "$name" "$(diff -u "$exp/$name" "$tmp/$name.out" | head -20)"
	elif [ -f "$exp/$name.err" ] &&
	    ! cmp -s "$tmp/$name.err" "$exp/$name.err"; then
		bad "$name (stderr)" \
		    "$(diff -u "$exp/$name.err" "$tmp/$name.err" | head -20)"
	else
		ok "$name"
	fi
}

if ! "$CPV" -top "$nat/prog" "$nat/prog.prof" 2>/dev/null | grep -q leaf
then
	echo "cpv cannot symbolize (built without libdwarf?): skipped"
	exit 77
fi

# The binary on the command line; libshape.so through PPROF_BINARY_PATH.
export PPROF_BINARY_PATH=$nat
run prog-top -top prog prog.prof
run prog-traces -traces prog prog.prof
run prog-pie-lines -lines -top prog-pie prog-pie.prof
run prog-pie-list -list 'leaf|shape_area' -source_path=. -trim_path=/tmp/cpv-native prog-pie prog-pie.prof
# Found through PPROF_BINARY_PATH alone (no binary argument).
run prog-pie-path -top prog-pie.prof
# Stripped: DWARF and symbols from prog-stripped.debug via .gnu_debuglink.
run stripped-debuglink -lines -top prog-stripped prog-stripped.prof
# Stripped, no DWARF: only symtab.debug's .symtab (via .gnu_debuglink)
# names the static functions and spin_asm (a symbol of no type).
run symtab-debuglink -traces symtab symtab.prof
# perf script's "[unknown] (/tmp/cpv-native/symtab)" frames (addresses
# are offsets in the file), named the same way (testdata/native/
# regen-perf.sh): the binary on the command line, then by its name.
run symtab-perf-script -top symtab symtab.perf
run symtab-perf-script-traces -traces symtab.perf
# Inlined frames, DWARF 5 and DWARF 4.
run inl-top -top inl inl.prof
run inl-lines -lines -top inl inl.prof
run inl-list -list outer -source_path=. -trim_path=/tmp/cpv-native inl inl.prof
run inl-traces -traces inl inl.prof
run inl-dw4-lines -lines -top inl-dw4 inl-dw4.prof
# C++ names.
run cxx-top -top cxx cxx.prof
run cxx-full -symbolize=demangle=full -top cxx cxx.prof
run cxx-templates -symbolize=demangle=templates -top cxx cxx.prof
run cxx-mangled -symbolize=demangle=none -top cxx cxx.prof
# No symbolization: addresses, as pprof shows them.
run prog-none -symbolize=none -top prog prog.prof
# CPU profiles in each word size and byte order: the same report.
for w in 64 64be 32 32be; do
	run "words$w" -top prog "prog-words$w.prof"
done
# The heap profiler's text format.
run heap-top -top prog prog.heap
run heap-traces -traces prog prog.heap
# tcmalloc's sampled heap profile (heap_v2), and a gzipped CPU profile.
run heapsample-top -top heapsample heapsample.heap
run heapsample-traces -traces heapsample heapsample.heap
run prog-top-gz -top prog prog.prof.gz
unset PPROF_BINARY_PATH

# What cannot be found is said, with every place looked at.
run missing-lib -top prog prog.prof

# Stripped, its debug file found by build id under $HOME/.debug.
mkdir -p "$tmp/alone"
cp "$nat/prog-stripped" "$tmp/alone/"
bid=$(readelf -n "$nat/prog-stripped" 2>/dev/null |
    sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p')
if [ -n "$bid" ]; then
	mkdir -p "$HOME/.debug/.build-id/${bid:0:2}"
	cp "$nat/prog-stripped.debug" \
	    "$HOME/.debug/.build-id/${bid:0:2}/${bid:2}.debug"
	(cd "$tmp/alone" && "$CPV" -lines -top prog-stripped \
	    "$nat/prog-stripped.prof") >"$tmp/bid.out" 2>/dev/null
	if grep -q 'leaf .*prog.c:21' "$tmp/bid.out"; then
		ok "stripped: debug info by build id in \$HOME/.debug"
	else
		bad "stripped: debug info by build id in \$HOME/.debug" \
		    "$(head -12 "$tmp/bid.out")"
	fi
else
	echo "readelf missing: build id case skipped"
fi

# A truncated binary: a warning and addresses, never a crash.
head -c 9000 "$nat/inl" >"$tmp/alone/inl"
(cd "$tmp/alone" && "$CPV" -top inl "$nat/inl.prof") >"$tmp/trunc.out" \
    2>"$tmp/trunc.err"
rc=$?
if [ "$rc" = 0 ] && grep -q '^ *538ms .*\[inl\]$' "$tmp/trunc.out" &&
    grep -q 'cannot symbolize mapping .*inl: inl has no symbols' \
    "$tmp/trunc.err"; then
	ok "a truncated binary: its addresses and one warning"
else
	bad "a truncated binary: its addresses and one warning" "status $rc" \
	    "$(cat "$tmp/trunc.err")" "$(head -6 "$tmp/trunc.out")"
fi

# Kernel addresses through $CPV_KALLSYMS, a JIT map and cpv's own vdso,
# in a gperftools CPU profile made here: w writes 64-bit little-endian
# words.  /tmp/perf-4194304.map belongs to no process (PIDs stay below
# 4194304).
w() {
	local x i
	for x in "$@"; do
		x=$(printf '%016x' "$x")
		for i in 14 12 10 8 6 4 2 0; do
			printf '%b' "\\x${x:$i:2}"
		done
	done
}
# The vdso: cpv's is this machine's, the same in every process; python3
# copies it out of its own memory for readelf to name a function in it.
vdso_fn=
if command -v python3 >/dev/null && command -v readelf >/dev/null &&
    python3 - "$tmp/vdso.so" <<'PY' 2>/dev/null
import sys
for line in open('/proc/self/maps'):
    if line.rstrip().endswith('[vdso]'):
        a, b = [int(x, 16) for x in line.split()[0].split('-')]
        with open('/proc/self/mem', 'rb') as m:
            m.seek(a)
            open(sys.argv[1], 'wb').write(m.read(b - a))
        sys.exit(0)
sys.exit(1)
PY
then
	vdso_fn=$(readelf -Ws "$tmp/vdso.so" 2>/dev/null |
	    awk '$4 == "FUNC" && $5 == "GLOBAL" && $2 !~ /^0+$/ {
		sub(/@.*/, "", $8); print $2, $8; exit }')
fi
jit=/tmp/perf-4194304.map
if [ ! -e "$jit" ] || [ -O "$jit" ]; then
	printf 'ffffffff81000000 T _stext\nffffffff81000e30 T irq_entry\nffffffff81001000 t mod_fn\t[mod]\n' \
	    >"$tmp/kallsyms"
	printf '7f0000001000 100 jit_loop\n7f0000001100 80 jit_helper\n' >"$jit"
	vdso_pc=0x7ffd00000000
	[ -n "$vdso_fn" ] && vdso_pc=$((0x7ffd00000000 + 0x${vdso_fn%% *} + 2))
	{
		w 0 3 0 10000 0
		w 3 3 0xffffffff81000e46 0x7f0000001010 "$vdso_pc"
		w 2 2 0xffffffff81001004 0x7f0000001110
		w 0 1 0
		printf '7f0000000000-7f0000100000 r-xp 00000000 00:00 0 %s\n' "$jit"
		printf '7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0 [vdso]\n'
		printf 'ffffffff81000000-ffffffff82000000 r-xp 00000000 00:00 0 [kernel.kallsyms]\n'
	} >"$tmp/special.prof"
	CPV_KALLSYMS=$tmp/kallsyms "$CPV" -top "$tmp/special.prof" \
	    >"$tmp/special.out" 2>"$tmp/special.err"
	if grep -q ' irq_entry$' "$tmp/special.out" &&
	    grep -q ' mod_fn$' "$tmp/special.out" &&
	    grep -q ' jit_loop$' "$tmp/special.out" &&
	    grep -q ' jit_helper$' "$tmp/special.out"; then
		ok "kernel addresses from \$CPV_KALLSYMS, a JIT map"
	else
		bad "kernel addresses from \$CPV_KALLSYMS, a JIT map" \
		    "$(cat "$tmp/special.out" "$tmp/special.err")"
	fi
	if [ -z "$vdso_fn" ]; then
		echo "python3 or readelf missing, or no vdso: vdso case skipped"
	elif grep -q " ${vdso_fn#* }\$" "$tmp/special.out"; then
		ok "the vdso's functions (${vdso_fn#* })"
	else
		bad "the vdso's functions (${vdso_fn#* })" \
		    "$(cat "$tmp/special.out" "$tmp/special.err")"
	fi
	# No kallsyms, no JIT map: addresses, one warning each.
	rm -f "$jit"
	CPV_KALLSYMS=$tmp/absent "$CPV" -top "$tmp/special.prof" \
	    >"$tmp/kernel.out" 2>"$tmp/kernel.err"
	if grep -q 'cannot symbolize mapping \[kernel.kallsyms\].*absent' \
	    "$tmp/kernel.err" &&
	    grep -q 'cannot symbolize mapping /tmp/perf-4194304.map' \
	    "$tmp/kernel.err" &&
	    grep -q '\[\[kernel.kallsyms\]\]' "$tmp/kernel.out"; then
		ok "no kallsyms, no JIT map: addresses and a warning each"
	else
		bad "no kallsyms, no JIT map: addresses and a warning each" \
		    "$(cat "$tmp/kernel.out" "$tmp/kernel.err")"
	fi
else
	echo "$jit is someone else's: kernel, JIT and vdso cases skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
