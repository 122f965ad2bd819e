#!/usr/bin/env bash
# regen-perf.sh: record symtab.perf, perf script's text of the committed
# symtab program (see regen.sh) run without its debug file, so that perf
# prints its static functions and spin_asm as "[unknown]" frames (with
# their offsets in /tmp/cpv-native/symtab): cpv must name them from
# symtab.debug.  Needs perf and perf_event_paranoid <= 2.  System
# libraries' paths are sent somewhere absent, as regen.sh does.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
b=/tmp/cpv-native
mkdir -p "$b"
rm -f "$b/symtab" "$b/symtab.debug"
cp "$here/symtab" "$b/symtab"
cd "$b"
perf record -q -e cpu-clock:u -F 499 -g -o symtab.data ./symtab 150000000
perf script -i symtab.data |
    sed -e 's| (/usr/lib/| (/cpv-absent/usr/lib/|' \
	-e 's| (/lib/| (/cpv-absent/lib/|' >"$here/symtab.perf"
rm -f symtab.data symtab
echo "regenerated $here/symtab.perf"
