#!/usr/bin/env bash
# tests/perfdata.sh: the perf.data reader on the recordings of
# testdata/perfdata/ (made by its regen.sh from the programs there).
#
#   - agreement with perf: for every symbol of the test programs' own
#     binaries at 0.5% or more in perf report's output committed beside
#     each recording, cpv -top's flat% must equal perf's Self (--no-children
#     Overhead) and its cum% perf's Children, within 0.1 percentage point.
#     Symbols of the system's libraries are left out: on another machine
#     libc is another build, which cpv (rightly) refuses to symbolize.
#     The same for -lines against perf report --sort srcline;
#   - goldens: cpv's own reports (tests/perfdata/expected/NAME.{out,err}),
#     limited to what does not depend on this machine's libraries;
#   - errors: a truncated file (read up to the cut, with a warning), a
#     garbage header, bad sizes;
#   - C++ (cxx.cc): with -symbolize=demangle=templates, names are spelled
#     as perf spells them (Cache<int>::lookup and Cache<long>::lookup are
#     two rows) and compared the same way; with -noinlines, flat% equals
#     perf's Self for a function with inlined code (perf charges that code
#     to it, pprof by default to the inlined function);
#   - where perf can record here, a live recording compared the same way.
#
# PERFDATA_REGEN=1 rewrites the expected files instead of comparing them.

# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" || exit 99

tl_init
tl_need_cpv

expected=$top_srcdir/tests/perfdata/expected
data=$top_srcdir/testdata/perfdata
export TZ=UTC LC_ALL=C.UTF-8
# The binaries are found here, as recordings from elsewhere need; no debug
# files of this machine's own.
export PPROF_BINARY_PATH=$data
export HOME=$TL_TMP/home
mkdir -p "$HOME"
ours='^(hot|hot-nofp|threads|forker|usesq|libsq\.so|cxx)$'

if ! "$CPV" -top "$data/hot-fp.data" 2>/dev/null | grep -q leaf_a; then
	echo "cpv cannot symbolize (built without libdwarf?): skipped"
	exit 77
fi

# compare NAME CPV-DATA PERF-REPORT [EVENT [CPV-FLAGS...]]: cpv's flat%
# and cum% against perf report's Self and Children (or Overhead).
compare()
{
	local name=$1 file=$2 report=$3 event=${4:-} out=$TL_TMP/cmp.out res
	shift 4 2>/dev/null || shift $#

	"$CPV" -top -nodecount=100000 -nodefraction=0 "$@" "$file" \
	    >"$out" 2>/dev/null
	res=$(awk -v ev="$event" -v ours="$ours" -v skip="${skip:-}" '
	    FNR == 1 { f++ }
	    # cpv: flat flat% sum% cum cum% name...
	    f == 1 && /flat%/ { rows = 1; next }
	    f == 1 && rows {
		n = $0
		sub(/^ *[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +/, "", n)
		flat[n] = $2 + 0; cum[n] = $5 + 0
		next
	    }
	    # perf: the section of the event (the first if none is named)
	    f == 2 && /^# Samples:/ {
		sect++
		on = ev == "" ? sect == 1 : index($0, "event '\''" ev "'\''") > 0
	    }
	    f == 2 && /^# Children/ { kids = 1 }
	    f == 2 && on && /^ +[0-9.]+%/ {
		if (kids) { c = $1; s = $2; d = $3; i = 5 }
		else { c = -1; s = $1; d = $2; i = 4 }
		if (d !~ ours)
		    next
		sym = $i
		for (i++; i <= NF; i++)
		    sym = sym " " $i
		if (skip != "" && sym ~ skip)
		    next
		c += 0; s += 0
		checked++
		if (!(sym in flat)) {
		    if (s >= 0.5 || c >= 0.5)
			printf "%s: not in cpv (perf self %.2f%% children %.2f%%)\n", sym, s, c
		    next
		}
		if (s >= 0.5 && (flat[sym] - s > 0.1 || s - flat[sym] > 0.1))
		    printf "%s: flat %.2f%%, perf self %.2f%%\n", sym, flat[sym], s
		if (c >= 0.5 && (cum[sym] - c > 0.1 || c - cum[sym] > 0.1))
		    printf "%s: cum %.2f%%, perf children %.2f%%\n", sym, cum[sym], c
	    }
	    END { if (checked == 0) print "no symbol of the programs compared" }
	' "$out" "$report")
	if [ -n "$res" ]; then
		tl_fail "$name" "$res"
	else
		tl_pass "$name"
	fi
}

# DWARF chains reach _start through libc's CFI: on a machine whose libc
# is another build, which cpv refuses, they end at main.
skip=
if "$CPV" -top "$data/hot-dwarf.data" 2>&1 >/dev/null |
    grep -q '^cannot symbolize mapping .*/libc\.so'; then
	skip='^_start$'
fi
for n in hot-fp hot-flat hot-pipe threads forker usesq hot-dwarf; do
	compare "perf report --no-children: $n" "$data/$n.data" \
	    "$data/$n.self"
	[ $n = hot-dwarf ] && s=$skip || s=
	skip=$s compare "perf report --children: $n" "$data/$n.data" \
	    "$data/$n.children"
done
skip=
# C++: perf spells template arguments, which pprof's default simplification
# drops (merging the two instances of Cache::lookup), and charges inlined
# code to its caller (store::mix here), as -noinlines does.
skip='^store::mix$' compare "perf report --children: cxx, templates" \
    "$data/cxx.data" "$data/cxx.children" "" -symbolize=demangle=templates
compare "perf report --no-children: cxx, -noinlines" "$data/cxx.data" \
    "$data/cxx.self" "" -symbolize=demangle=templates -noinlines
compare "perf report --children: cxx, -noinlines" "$data/cxx.data" \
    "$data/cxx.children" "" -symbolize=demangle=templates -noinlines
for ev in task-clock:u cpu-clock:u; do
	compare "perf report --children: events, $ev" "$data/events.data" \
	    "$data/events.children" "$ev" -sample_index="$ev"
done

# golden NAME CPV-ARGS...: cpv's output and warnings, run from the data.
golden()
{
	local name=$1 out=$TL_TMP/$1.out err=$TL_TMP/$1.err detail=

	shift
	(cd "$data" && "$CPV" "$@") >"$out" 2>"$err" </dev/null
	echo "status $?" >>"$out"
	# Not the symbolizer's warnings, which depend on this machine's
	# libraries; the temporary directory as TMP.
	grep -v '^cannot symbolize' "$err" | sed "s|$TL_TMP|TMP|g" >"$err.own"
	if [ -n "${PERFDATA_REGEN:-}" ]; then
		mkdir -p "$expected"
		cp "$out" "$expected/$name.out"
		cp "$err.own" "$expected/$name.err"
		tl_pass "$name (regenerated)"
		return
	fi
	if ! cmp -s "$expected/$name.out" "$out"; then
		detail=$(diff -u --label "expected/$name.out" --label cpv \
		    "$expected/$name.out" "$out" | head -30)
	elif ! cmp -s "$expected/$name.err" "$err.own"; then
		detail=$(diff -u --label "expected/$name.err" --label cpv \
		    "$expected/$name.err" "$err.own" | head -30)
	fi
	if [ -n "$detail" ]; then
		tl_fail "$name" "$detail"
	else
		tl_pass "$name"
	fi
}

main='-show_from=^main$'
golden hot-fp-top -top "$main" hot-fp.data
golden hot-fp-comments -comments hot-fp.data
golden hot-fp-traces -traces "$main" -nodecount=3 hot-fp.data
golden hot-fp-tags -tags hot-fp.data
golden hot-fp-tree -tree "$main" hot-fp.data
golden hot-fp-lines -top -lines "$main" hot-fp.data
golden hot-flat-top -top -tagfocus=dso=/tmp/cpv-perfdata/hot hot-flat.data
golden hot-pipe-top -top "$main" hot-pipe.data
golden hot-pipe-comments -comments hot-pipe.data
golden events-task -top "$main" -sample_index=task-clock:u events.data
golden events-cpu -top "$main" -sample_index=cpu-clock:u events.data
golden events-samples -top "$main" -sample_index=samples events.data
golden threads-tags -tags threads.data
golden threads-top -top -show_from='_thread$' threads.data
golden forker-tags -tags -tagignore=dso=/usr forker.data
golden forker-top -top "$main" forker.data
golden forker-child -top "$main" -tagfocus=pid=2722 forker.data
golden usesq-top -top "$main" usesq.data
golden hot-dwarf-top -top "$main" hot-dwarf.data
golden hot-dwarf-traces -traces "$main" -nodecount=3 hot-dwarf.data
golden hot-dwarf-tree -tree "$main" hot-dwarf.data
# C++ names simplified (the instances merged), the inlined helper a row.
golden cxx-top -top -show_from='^store::' cxx.data
golden cxx-templates -top -show_from='^store::' \
    -symbolize=demangle=templates cxx.data
# DWARF chains of another arch: not unwound, with one warning.
LC_ALL=C sed 's/x86_64/mips64/g' "$data/hot-dwarf.data" \
    >"$TL_TMP/mips64.data"
golden hot-dwarf-mips64 -top -tagfocus=dso=hot-nofp "$TL_TMP/mips64.data"
# srclines: cpv -lines flat% against perf report --sort srcline, for the
# lines of the programs' own sources.
for n in hot-fp threads forker usesq; do
	"$CPV" -top -lines -nodecount=100000 -nodefraction=0 "$data/$n.data" \
	    >"$TL_TMP/lines.out" 2>/dev/null
	res=$(awk '
	    FNR == 1 { f++ }
	    f == 1 && /flat%/ { rows = 1; next }
	    f == 1 && rows {
		k = $NF; sub(/.*\//, "", k); flat[k] += $2; next
	    }
	    f == 2 && /^ +[0-9.]+%/ && $2 ~ /^(hot|threads|forker|usesq|libsq)\.c:/ {
		s = $1 + 0; n++
		if (s >= 0.5 && (flat[$2] - s > 0.1 || s - flat[$2] > 0.1))
		    printf "%s: flat %.2f%%, perf %.2f%%\n", $2, flat[$2], s
	    }
	    END { if (n == 0) print "no line compared" }
	' "$TL_TMP/lines.out" "$data/$n.srcline")
	if [ -n "$res" ]; then
		tl_fail "perf report --sort srcline: $n" "$res"
	else
		tl_pass "perf report --sort srcline: $n"
	fi
done

# perf record -z: read with libzstd, else refused with one clear line.
if "$CPV" -top "$data/hot-z.data" 2>&1 >/dev/null |
    grep -q 'need cpv built with libzstd'; then
	golden hot-z-nozstd -top "$main" hot-z.data
else
	compare "perf report --no-children: hot-z" "$data/hot-z.data" \
	    "$data/hot-z.self"
	compare "perf report --children: hot-z" "$data/hot-z.data" \
	    "$data/hot-z.children"
	golden hot-z-top -top "$main" hot-z.data
fi

# Both byte orders (synth.py writes the pair), an unknown record type.
golden synth-le -traces -addresses -symbolize=none synth-le.data
golden synth-be -traces -addresses -symbolize=none synth-be.data
if cmp -s "$TL_TMP/synth-le.out" "$TL_TMP/synth-be.out"; then
	tl_pass "synth: big-endian read as little-endian"
else
	tl_fail "synth: big-endian read as little-endian" \
	    "$(diff "$TL_TMP/synth-le.out" "$TL_TMP/synth-be.out" | head)"
fi

# Errors and damaged files.
t=$TL_TMP
size=$(wc -c <"$data/hot-fp.data")
head -c $((size / 2)) "$data/hot-fp.data" >"$t/cut.data"
golden truncated -top "$main" "$t/cut.data"
head -c 50 "$data/hot-fp.data" >"$t/short.data"
golden short-header -top "$t/short.data"
{ printf 'PERFILE2'; head -c 2000 /dev/zero; } >"$t/zeros.data"
golden zero-header -top "$t/zeros.data"
{ printf 'PERFILE2\020\0\0\0\0\0\0\0'; printf '\011\0\0\0\0\0\004\0'; } \
    >"$t/nosize.data"
golden record-too-small -top "$t/nosize.data"
{ printf 'PERFILE2\020\0\0\0\0\0\0\0'; printf '\011\0\0\0\0\0\020\0'; \
    head -c 8 /dev/zero; } >"$t/noattr.data"
golden sample-before-attr -top "$t/noattr.data"
{ printf 'PERFILE2\077\0\0\0\0\0\0\0'; head -c 200 /dev/zero; } \
    >"$t/badsize.data"
golden bad-header-size -top "$t/badsize.data"
# The data size zeroed and no features, as perf record leaves the file
# when killed: read to the end of the file.
off=$(od -An -tu8 -j40 -N8 "$data/hot-flat.data")
len=$(od -An -tu8 -j48 -N8 "$data/hot-flat.data")
head -c $((off + len)) "$data/hot-flat.data" >"$t/nodatasize.data"
printf '\0\0\0\0\0\0\0\0' | dd of="$t/nodatasize.data" bs=1 seek=48 \
    conv=notrunc 2>/dev/null
golden no-data-size -top -tagfocus=dso=/tmp/cpv-perfdata/hot \
    "$t/nodatasize.data"

# A live recording, where perf may record here.
if command -v perf >/dev/null 2>&1 && command -v cc >/dev/null 2>&1 &&
    cc -O1 -g -fno-omit-frame-pointer -o "$t/hot" "$data/hot.c" 2>/dev/null &&
    perf record -q -F 999 -g -e cpu-clock:u -o "$t/live.data" \
    "$t/hot" 100 >/dev/null 2>&1; then
	ours='^hot$'
	perf report -i "$t/live.data" --stdio --children --sort dso,sym \
	    -g none >"$t/live.children" 2>/dev/null
	compare "live perf record, --children" "$t/live.data" \
	    "$t/live.children"
fi
# The same with --call-graph dwarf, frame pointers omitted.
if command -v perf >/dev/null 2>&1 && command -v cc >/dev/null 2>&1 &&
    cc -O2 -g -fomit-frame-pointer -fno-ipa-cp -o "$t/hot-nofp" \
    "$data/hot.c" 2>/dev/null &&
    perf record -q -F 999 --call-graph dwarf,4096 -e cpu-clock:u \
    -o "$t/live-dwarf.data" "$t/hot-nofp" 100 >/dev/null 2>&1; then
	ours='^hot-nofp$'
	perf report -i "$t/live-dwarf.data" --stdio --children \
	    --sort dso,sym -g none >"$t/live-dwarf.children" 2>/dev/null
	# Not _start: a sample in the dynamic loader's own _start (perf's
	# row of ld-linux) is in cpv's one _start row, named by function.
	skip='^_start$' compare \
	    "live perf record --call-graph dwarf, --children" \
	    "$t/live-dwarf.data" "$t/live-dwarf.children"
fi

tl_finish
