#!/usr/bin/env bash
# bench/symbolize.sh: symbolization speed and memory, cpv against pprof.
#
# Writes a C program of SYM_FUNCS functions (default 40000, each with a
# static inline helper, locals and a struct type, so that -g -O0 gives
# well over 10 MB of DWARF), builds it as a PIE, and writes a gperftools
# CPU profile of SYM_SAMPLES stacks (default 20000) over SYM_ADDRS
# distinct addresses (default 60000) inside its functions.  Then it runs
#   cpv -top BINARY PROFILE   and   go tool pprof -top BINARY PROFILE
# (PPROF='cmd' to use another pprof, e.g. an upstream build, which runs
# llvm-symbolizer as a child) under /usr/bin/time, best of SYM_RUNS (3),
# and prints wall time, peak RSS (of the whole process tree, see
# measure()) and the ratios.  Needs gcc, python3, ps and /usr/bin/time;
# the work directory is SYM_DIR (default /tmp/cpv-bench-symbolize, kept
# for reruns).  A run longer than SYM_TIMEOUT seconds (600) is stopped
# and shown as ">600" with the memory it had reached.
#
# Timing is printed, never asserted.
set -uo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CPV=${CPV:-$ROOT/src/cpv}
PPROF=${PPROF-go tool pprof}
N=${SYM_FUNCS:-40000}
S=${SYM_SAMPLES:-20000}
A=${SYM_ADDRS:-60000}
RUNS=${SYM_RUNS:-3}
TO=${SYM_TIMEOUT:-600}
D=${SYM_DIR:-/tmp/cpv-bench-symbolize}

[ -x "$CPV" ] || { echo "symbolize.sh: no cpv at $CPV (make first)" >&2; exit 2; }
mkdir -p "$D" || exit 2
bin=$D/big-$N
prof=$D/big-$N-$S-$A.prof

if [ ! -x "$bin" ]; then
	echo "writing and compiling $N functions (once)..."
	python3 - "$N" >"$D/big.c" <<'PY'
import sys
n = int(sys.argv[1])
print("#include <stdlib.h>")
for i in range(n):
    print(f"struct s{i} {{ int a; long b; double c[4]; struct s{i} *next; }};")
    print(f"static inline long h{i}(long x) {{ struct s{i} v = {{ (int)x, x * 3, {{ 1, 2, 3, 4 }}, 0 }}; return v.a + v.b + (long)v.c[x & 3]; }}")
    print(f"long f{i}(long x) {{ long y = h{i}(x); for (int k = 0; k < 3; k++) y += h{i}(y + k); return y; }}")
print("int main(int argc, char **argv) { long s = 0;")
print(f"  for (long i = 0; i < {min(n, 1000)}; i++) s += f0(i + argc);")
print("  return (int)(s & 1); }")
PY
	gcc -g -O0 -fPIE -pie -o "$bin" "$D/big.c" || exit 2
fi
dwarf=$(readelf -SW "$bin" | python3 -c "import sys; print(\"%.1f\" % (sum(int(l.split()[5], 16) for l in sys.stdin if l.split()[1:2] and l.split()[1].startswith(\".debug_\")) / 1048576))")

if [ ! -f "$prof" ]; then
	echo "writing the profile..."
	nm -S --defined-only "$bin" | awk '$3 ~ /^[tT]$/ && $2 != "" { print $1, $2 }' >"$D/syms"
	python3 - "$D/syms" "$bin" "$S" "$A" "$prof" <<'PY'
import random, struct, sys
syms, binpath, ns, na, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
random.seed(1)
funcs = [(int(a, 16), int(s, 16)) for a, s in (l.split() for l in open(syms)) if int(s, 16) > 8]
base = 0x555555554000
addrs = set()
while len(addrs) < na:
    a, s = random.choice(funcs)
    addrs.add(base + a + random.randrange(1, s))
addrs = sorted(addrs)
w = lambda *v: b"".join(struct.pack("<Q", x) for x in v)
body = [w(0, 3, 0, 10000, 0)]
for i in range(ns):
    depth = 6
    stack = [addrs[(i * depth + k) % na] for k in range(depth)]
    body.append(w(1, depth, *stack))
body.append(w(0, 1, 0))
import os
size = os.path.getsize(binpath)
limit = base + ((size + 0xfff) & ~0xfff) + 0x100000
body.append(f"{base:x}-{limit:x} r-xp 00000000 00:00 0 {binpath}\n".encode())
open(out, "wb").write(b"".join(body))
PY
fi

# tree_rss PID: the resident KB of PID and all its descendants (pprof's
# symbolizer runs as a child process; GNU time's %M is the largest single
# process of the tree, not their sum).
tree_rss() {
	ps -e -o pid=,ppid=,rss=,comm= | awk -v root="$1" '
		# the wrappers timeout and time are not counted
		{ up[$1] = $2; rss[$1] = $4 ~ /^(timeout|time)$/ ? 0 : $3 }
		END {
			for (p in up)
				for (q = p; q != "" && q != 0; q = up[q])
					if (q == root) { sum += rss[p]; break }
			print sum + 0 }'
}

# measure CMD...: the best wall seconds over RUNS, the CPU seconds (user
# and system, children included) of that run and its peak RSS in MB.
# The peak is the larger of GNU time's %M and the process tree's RSS
# summed every 0.1 s; a run stopped after TO seconds prints ">TO" for
# both times and the tree's RSS when it was stopped (and is not run
# again).  On a busy machine, read the CPU times: others' load inflates
# wall time, most of all a short run's.
measure() {
	local best='' cpu='' rss='' t u s m i rc pid now peak
	for ((i = 0; i < RUNS; i++)); do
		rm -f "$D/time"
		timeout -s KILL "$TO" /usr/bin/time -f '%e %U %S %M' -o "$D/time" \
		    "$@" >"$D/out" 2>/dev/null </dev/null &
		pid=$!
		peak=0
		while kill -0 "$pid" 2>/dev/null; do
			now=$(tree_rss "$pid")
			[ "$now" -gt "$peak" ] && peak=$now
			sleep 0.1
		done
		wait "$pid"
		rc=$?
		if [ "$rc" = 137 ] || [ ! -s "$D/time" ]; then
			echo ">$TO >$TO $((peak / 1024))"
			return
		fi
		read -r t u s m < <(tail -1 "$D/time")
		[ "$peak" -gt "$m" ] && m=$peak
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
			cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
			rss=$((m / 1024))
		fi
	done
	echo "$best $cpu $rss"
}

echo "binary: $bin ($dwarf MB of DWARF), profile: $S samples, $A addresses"
printf '%-16s %10s %10s %8s\n' '' wall cpu 'peak RSS'
read -r ct cu cm < <(measure "$CPV" -top "$bin" "$prof")
printf '%-16s %8s s %8s s %5s MB\n' cpv "$ct" "$cu" "$cm"
head -8 "$D/out" | tail -3 | sed 's/^/    /'
if [ -n "$PPROF" ]; then
	# PPROF is a command line ("go tool pprof"): split on purpose
	# shellcheck disable=SC2086
	read -r pt pu pm < <(measure $PPROF -top "$bin" "$prof")
	printf '%-16s %8s s %8s s %5s MB\n' "${PPROF}" "$pt" "$pu" "$pm"
	head -8 "$D/out" | tail -3 | sed 's/^/    /'
	awk -v ct="$ct" -v pt="$pt" -v cu="$cu" -v pu="$pu" -v cm="$cm" \
	    -v pm="$pm" 'BEGIN {
		stopped = pt ~ /^>/
		sub(/^>/, "", pt)
		sub(/^>/, "", pu)
		more = stopped ? "more than " : ""
		printf "pprof/cpv: wall %s%.1fx, cpu %s%.1fx, " \
		    "peak memory %s%.1fx\n", more, pt / (ct > 0 ? ct : 0.01),
		    more, pu / (cu > 0 ? cu : 0.01),
		    stopped ? "at least " : "", pm / (cm > 0 ? cm : 1) }'
fi
