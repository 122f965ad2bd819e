#!/bin/sh
# regen.sh: record the perf script test inputs of testdata/perf/ again.
#
# Builds burn.c, records it with perf record (with -g and without), and
# writes what perf script prints, with the default fields and with the cpu
# and pid/tid columns, plus perf report --stdio's view for comparison
# (tests/golden/perf.cases: the numbers cpv shows were checked against
# these).  Needs perf and perf_event_paranoid <= 2.  The recorded times,
# pids and addresses differ on every run: the goldens must be regenerated
# too (tests/golden/run.sh --regen, see tests/golden/README).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc=${CC:-gcc}
$cc -O0 -g -fno-omit-frame-pointer -o "$tmp/burn" "$here/burn.c"
cd "$tmp"
perf record -q -F 499 -g --sample-cpu -o burn-g.data ./burn >/dev/null
perf record -q -F 499 -o burn.data ./burn >/dev/null
perf script -i burn-g.data >"$here/burn-g.perf"
perf script -i burn.data >"$here/burn.perf"
perf script -i burn-g.data -F comm,pid,tid,cpu,time,period,event,ip,sym,dso \
    >"$here/burn-g-cpu.perf"
perf report -i burn-g.data --stdio --no-children --sort sym 2>/dev/null |
    grep -v -e '^$' -e '^# (Tip' >"$here/burn-g.report"
perf report -i burn.data --stdio --sort sym 2>/dev/null |
    grep -v -e '^$' -e '^# (Tip' >"$here/burn.report"
