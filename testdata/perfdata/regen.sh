#!/usr/bin/env bash
# regen.sh: rebuild the perf.data test programs, record them with perf
# record and write what perf report prints of each recording, for
# tests/perfdata.sh (which compares cpv's numbers with these).  Needs gcc,
# perf and perf_event_paranoid <= 2 (or root).
#
# It works in a fixed directory, /tmp/cpv-perfdata, so that the paths the
# recordings hold are stable (and absent on other machines: the tests find
# the binaries committed here through PPROF_BINARY_PATH, as users must
# when recordings travel).  Events are user-space only (":u"), so that no
# kernel symbol (which depends on the machine's kallsyms) is in the tests.
#
#   hot-fp      hot.c, frame-pointer call chains (-g)
#   hot-flat    hot.c without call chains
#   hot-pipe    hot.c, -g, pipe mode (perf record -o -)
#   events      hot.c, two events at once (task-clock, cpu-clock), -g
#   threads     threads.c, two threads besides main, -g
#   forker      forker.c, a forked child process, -g
#   usesq       usesq.c and libsq.so, -g
#   hot-dwarf   hot.c as hot-nofp (-O2, no frame pointers: an fp chain
#               would be wrong), --call-graph dwarf with a 4 KiB stack copy
#               (enough for hot's frames, and the file stays small)
#   hot-z       hot.c, -g, compressed (perf record -z)
#   cxx         cxx.cc (g++ -O2), -g: template instances whose names differ
#               only in their arguments, a helper inlined into its caller
#
# synth.py writes synth-le.data and synth-be.data (both byte orders).
#
# For each NAME.data: NAME.self (perf report --no-children) and
# NAME.children (--children), both --sort dso,sym -g none, and for the
# frame-pointer ones NAME.srcline (--no-children --sort srcline).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
b=/tmp/cpv-perfdata
rm -rf "$b"
mkdir -p "$b"
cp "$here"/*.c "$here"/*.cc "$b"/
cd "$b"
# shellcheck disable=SC2054
cflags=(-O1 -g -fno-omit-frame-pointer -Wl,--build-id)
gcc "${cflags[@]}" -o hot hot.c
# -fno-ipa-cp: no work.constprop.0 clones, which perf names after their
# DWARF origin ("work (inlined)") and cpv after their symbol.
gcc -O2 -g -fomit-frame-pointer -fno-ipa-cp -Wl,--build-id -o hot-nofp hot.c
gcc "${cflags[@]}" -pthread -o threads threads.c
gcc "${cflags[@]}" -o forker forker.c
gcc "${cflags[@]}" -shared -fPIC -o libsq.so libsq.c
gcc "${cflags[@]}" -o usesq usesq.c -L. -lsq -Wl,-rpath,"$b"
g++ -O2 -g -fno-omit-frame-pointer -Wl,--build-id -o cxx cxx.cc

rec() {	# rec NAME PERF-RECORD-ARGS... -- PROGRAM ARGS...
	local name=$1
	shift
	perf record -q -o "$name.data" "$@" >/dev/null
}
rec hot-fp -F 999 -g -e cpu-clock:u -- ./hot 200
rec hot-flat -F 999 -e cpu-clock:u -- ./hot 200
perf record -q -F 999 -g -e cpu-clock:u -o - -- ./hot 200 >hot-pipe.data
rec events -F 999 -g -e task-clock:u,cpu-clock:u -- ./hot 200
rec threads -F 999 -g -e cpu-clock:u -- ./threads 400
rec forker -F 999 -g -e cpu-clock:u -- ./forker 400
rec usesq -F 999 -g -e cpu-clock:u -- ./usesq 400
rec hot-dwarf -F 250 --call-graph dwarf,4096 -e cpu-clock:u -- ./hot-nofp 60
rec hot-z -z -F 999 -g -e cpu-clock:u -- ./hot 200
rec cxx -F 499 -g -e cpu-clock:u -- ./cxx 400

for d in *.data; do
	n=${d%.data}
	perf report -i "$d" --stdio --no-children --sort dso,sym -g none \
	    2>/dev/null | grep -v -e '^$' -e '^# (Tip' >"$n.self"
	perf report -i "$d" --stdio --children --sort dso,sym -g none \
	    2>/dev/null | grep -v -e '^$' -e '^# (Tip' >"$n.children"
done
for n in hot-fp threads forker usesq; do
	perf report -i "$n.data" --stdio --no-children --sort srcline -g none \
	    2>/dev/null | grep -v -e '^$' -e '^# (Tip' >"$n.srcline"
done
cp hot hot-nofp threads forker libsq.so usesq cxx ./*.data ./*.self \
    ./*.children ./*.srcline "$here"/
ls -l "$here"
