#!/usr/bin/env bash
# regen.sh: rebuild the native test programs and record their gperftools
# profiles (committed, so that make check needs neither the compiler
# flags nor the profiler).  Needs gcc, g++, binutils and
# libgoogle-perftools-dev.  Run from anywhere; it works in a fixed
# build directory so that the paths the profiles record are stable (and
# absent on other machines: tests find the binaries through the command
# line and PPROF_BINARY_PATH, as users must when profiles travel).
#
#   prog            C, -O0 -g, non-PIE, linked with libshape.so
#   prog-pie        the same, PIE
#   prog-stripped   PIE, stripped; debug info in prog-stripped.debug,
#                   found through .gnu_debuglink or by build id
#   inl             C, -O2 -g, PIE, with inlined helpers (DWARF 5)
#   inl-dw4         the same with DWARF 4
#   cxx             C++, -O1 -g: namespaces, templates, a lambda
#   heapsample      C++, -O1 -g, linked with tcmalloc: writes its sampled
#                   heap profile (heap_v2, as /pprof/heap serves it)
#   symtab          C, -O0 without -g, -rdynamic, stripped; its .symtab
#                   (no DWARF) in symtab.debug; symtab.prof is written
#                   from that table's addresses (symtab-prof.py)
#
# Profiles: NAME.prof (CPU), prog.prof.gz (prog.prof gzipped), prog.heap
# (heap, via tcmalloc), heapsample.heap (heap_v2), and
# prog-wordsFMT.prof: prog.prof's frames in prog itself, in 64 and 32-bit
# words of either byte order (words.py).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
b=/tmp/cpv-native
rm -rf "$b"
mkdir -p "$b"
cp "$here"/*.c "$here"/*.h "$here"/*.cc "$here"/words.py "$b"/
cd "$b"
# -Wl,--build-id is one word for the linker, not two array elements.
# shellcheck disable=SC2054
cflags=(-g -fno-omit-frame-pointer -Wl,--build-id)
gcc "${cflags[@]}" -O0 -shared -fPIC shape.c -o libshape.so
gcc "${cflags[@]}" -O0 -no-pie -fno-pie prog.c -L. -lshape -Wl,-rpath,"$b" -o prog
gcc "${cflags[@]}" -O0 -fPIE -pie prog.c -L. -lshape -Wl,-rpath,"$b" -o prog-pie
gcc "${cflags[@]}" -O0 -fPIE -pie -DSTRIPPED prog.c -L. -lshape -Wl,-rpath,"$b" \
    -o prog-stripped
objcopy --only-keep-debug prog-stripped prog-stripped.debug
strip --strip-all prog-stripped
objcopy --add-gnu-debuglink=prog-stripped.debug prog-stripped
gcc "${cflags[@]}" -O2 -fPIE -pie inl.c -o inl
gcc "${cflags[@]}" -gdwarf-4 -O2 -fPIE -pie inl.c -o inl-dw4
g++ "${cflags[@]}" -O1 -fPIE -pie cxx.cc -o cxx
g++ "${cflags[@]}" -O1 -fPIE -pie heapsample.cc -o heapsample -ltcmalloc
gcc -fno-omit-frame-pointer -Wl,--build-id -O0 -fPIE -pie -rdynamic symtab.c \
    -o symtab
objcopy --only-keep-debug symtab symtab.debug
strip --strip-all symtab
objcopy --add-gnu-debuglink=symtab.debug symtab
python3 "$here/symtab-prof.py" symtab symtab.debug symtab.prof

prof=/usr/lib/x86_64-linux-gnu/libprofiler.so
tcm=/usr/lib/x86_64-linux-gnu/libtcmalloc.so
run() {	# run OUT PROGRAM ARGS...
	local out=$1
	shift
	CPUPROFILE="$b/$out" CPUPROFILE_FREQUENCY=500 LD_PRELOAD=$prof \
	    "$@" >/dev/null
}
run prog.prof ./prog 150
run prog-pie.prof ./prog-pie 150
run prog-stripped.prof ./prog-stripped 150
run inl.prof ./inl 300
run inl-dw4.prof ./inl-dw4 300
run cxx.prof ./cxx 200
HEAPPROFILE="$b/prog" LD_PRELOAD=$tcm ./prog 3 >/dev/null 2>&1 || true
heaps=("$b"/prog.*.heap)
heap=${heaps[${#heaps[@]} - 1]}
cp "$heap" prog.heap
TCMALLOC_SAMPLE_PARAMETER=524288 ./heapsample heapsample.heap

# System libraries differ from machine to machine: send their recorded
# paths somewhere absent, so that every machine leaves them unsymbolized.
for f in *.prof prog.heap heapsample.heap; do
	python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
b = open(p, 'rb').read()
for d in (b' /usr/lib/', b' /lib/'):
    b = b.replace(d, d[:1] + b'/cpv-absent' + d[1:])
open(p, 'wb').write(b)
PY
done

gzip -9n -c prog.prof >prog.prof.gz

# The other word sizes and byte orders, from prog.prof.
for fmt in 64:'<Q' 64be:'>Q' 32:'<I' 32be:'>I'; do
	python3 "$here/words.py" prog.prof "prog-words${fmt%%:*}.prof" "${fmt#*:}"
done

for f in prog-words64.prof prog-words64be.prof prog-words32.prof \
    prog-words32be.prof libshape.so prog prog-pie prog-stripped prog-stripped.debug inl \
    inl-dw4 cxx prog.prof prog-pie.prof prog-stripped.prof inl.prof \
    inl-dw4.prof cxx.prof prog.heap prog.prof.gz heapsample \
    heapsample.heap symtab symtab.debug symtab.prof; do
	cp "$b/$f" "$here/$f"
done
rm -rf "$b"
echo "regenerated in $here"
