#!/usr/bin/env bash
# bench/symbolize.sh: symbolization speed and memory, cpv against pprof.
#
# Writes a C program of SYM_FUNCS functions (default 40000, each with a
# static inline helper, locals and a struct type, so that -g -O0 gives
# well over 10 MB of DWARF), builds it as a PIE, and writes a gperftools
# CPU profile of SYM_SAMPLES stacks (default 20000) over SYM_ADDRS
# distinct addresses (default 60000) inside its functions.  Then it runs
#   cpv -top BINARY PROFILE   and   go tool pprof -top BINARY PROFILE
# (PPROF='cmd' to use another pprof, e.g. an upstream build) under
# /usr/bin/time, best of SYM_RUNS (3), and prints wall time, peak RSS and
# the ratios.  Needs gcc, python3 and /usr/bin/time; the work directory
# is SYM_DIR (default /tmp/cpv-bench-symbolize, kept for reruns).  A run
# longer than SYM_TIMEOUT seconds (600) is stopped and shown as ">600".
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

# measure CMD...: best wall seconds and its peak RSS in MB over RUNS
# (">TO" and the RSS it had reached, if a run was stopped).
measure() {
	local best='' rss='' t m i rc
	for ((i = 0; i < RUNS; i++)); do
		timeout -s KILL "$TO" /usr/bin/time -f '%e %M' -o "$D/time" \
		    "$@" >"$D/out" 2>/dev/null </dev/null
		rc=$?
		if [ "$rc" = 137 ] || [ ! -s "$D/time" ]; then
			echo ">$TO ?"
			return
		fi
		read -r t m < <(tail -1 "$D/time")
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$t
			rss=$((m / 1024))
		fi
	done
	echo "$best $rss"
}

echo "binary: $bin ($dwarf MB of DWARF), profile: $S samples, $A addresses"
read -r ct cm < <(measure "$CPV" -top "$bin" "$prof")
printf '%-16s %8s s %8s MB\n' cpv "$ct" "$cm"
head -8 "$D/out" | tail -3 | sed 's/^/    /'
if [ -n "$PPROF" ]; then
	# PPROF is a command line ("go tool pprof"): split on purpose
	# shellcheck disable=SC2086
	read -r pt pm < <(measure $PPROF -top "$bin" "$prof")
	printf '%-16s %8s s %8s MB\n' "${PPROF}" "$pt" "$pm"
	head -8 "$D/out" | tail -3 | sed 's/^/    /'
	awk -v ct="$ct" -v pt="${pt#>}" -v cm="$cm" -v pm="$pm" -v to="${pt%%[0-9]*}" 'BEGIN {
		if (pm == "?")
			printf "pprof/cpv: time more than %.1fx (pprof stopped)\n", pt / ct
		else
			printf "pprof/cpv: time %.1fx, peak memory %.1fx\n",
			    pt / (ct > 0 ? ct : 0.01), pm / (cm > 0 ? cm : 1) }'
fi
