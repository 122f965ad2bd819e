#!/usr/bin/env python3
# unwind-seeds.py: seeds for the unwind fuzz target (fuzz_unwind.c) from
# real samples: a perf record --call-graph dwarf recording of a program
# (PERF.DATA, whose binary is BINARY, best stripped: its .eh_frame is
# what counts), read through perf script -D.  Writes OUT/NAME-N for the
# first COUNT user samples in BINARY at distinct pcs.
#
# usage: unwind-seeds.py PERF.DATA BINARY OUT NAME [COUNT]
#
# tests/fuzz/corpus/unwind/ was made from testdata/perfdata/hot-dwarf.data
# and a stripped copy of testdata/perfdata/hot-nofp:
#   strip -o /tmp/hot-nofp testdata/perfdata/hot-nofp
#   tests/fuzz/unwind-seeds.py testdata/perfdata/hot-dwarf.data \
#       /tmp/hot-nofp tests/fuzz/corpus/unwind hot 4
# and plt-0, plt-1 are hot-0 with rip moved to 0x1030 and 0x103b past the
# bias, in hot-nofp's PLT (whose CFA is a DWARF expression), by hand.
import re
import struct
import subprocess
import sys

# perf's x86_64 register names -> DWARF numbers
DWARF = {"AX": 0, "DX": 1, "CX": 2, "BX": 3, "SI": 4, "DI": 5, "BP": 6,
         "SP": 7, "R8": 8, "R9": 9, "R10": 10, "R11": 11, "R12": 12,
         "R13": 13, "R14": 14, "R15": 15, "IP": 16}


def main():
    data, binary, out, name = sys.argv[1:5]
    count = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    elf = open(binary, "rb").read()
    raw = open(data, "rb").read()
    base = re.escape(binary.rsplit("/", 1)[-1])
    dump = subprocess.run(["perf", "script", "-D", "-i", data],
                          capture_output=True, text=True).stdout
    start = None
    for m in re.finditer(r"PERF_RECORD_MMAP2 .*?\[(0x[0-9a-f]+)\(0x[0-9a-f]+\)"
                         r" @ (0x[0-9a-f]+|0) .*r-xp .*/" + base + r"\n", dump):
        start = int(m.group(1), 16) - int(m.group(2), 16)
        break
    if start is None:
        sys.exit("no executable map of " + binary)
    n = 0
    seen = set()
    for m in re.finditer(r"\n(\d+ )?(0x[0-9a-f]+) \[0x[0-9a-f]+\]: "
                         r"PERF_RECORD_SAMPLE.*?\n(.*?)\n\n", dump, re.S):
        rec = int(m.group(2), 16)
        regs = [0] * 17
        valid = 0
        for r in re.finditer(r"\.\.\.\. (\w+) +(0x[0-9a-f]+)", m.group(3)):
            if r.group(1) in DWARF:
                regs[DWARF[r.group(1)]] = int(r.group(2), 16)
                valid |= 1 << DWARF[r.group(1)]
        st = re.search(r"ustack: size (\d+), offset (0x[0-9a-f]+)", m.group(3))
        if (st is None or not start <= regs[16] < start + 0x100000 or
                regs[16] in seen):
            continue
        seen.add(regs[16])
        # the offset is the stack copy's size field's, the bytes follow it
        size, off = int(st.group(1)), rec + int(st.group(2), 16) + 8
        stack = raw[off:off + size]
        with open("%s/%s-%d" % (out, name, n), "wb") as f:
            f.write(struct.pack("<QI", start, len(elf)) + elf +
                    struct.pack("<17QI", *regs, valid) + stack)
        n += 1
        if n == count:
            break


main()
