#!/usr/bin/env python3
# synth.py: write synth-le.data and synth-be.data, the same small pipe-mode
# perf.data in both byte orders (tests/perfdata.sh checks that cpv reads
# them alike).  One event with IP|TID|TIME|CPU|PERIOD|CALLCHAIN and
# sample_id_all, a COMM, an exec COMM, MMAP2s of a program and a library,
# a thread FORK, and samples with kernel and user frames.
import struct


def bitrev64(v):
    return int('{:064b}'.format(v)[::-1], 2)


def write(path, e):
    out = bytearray()
    # the magic is the u64 0x32454c4946524550 in the writer's order
    out += struct.pack(e + 'QQ', 0x32454c4946524550, 16)
    st = 0x1 | 0x2 | 0x4 | 0x80 | 0x100 | 0x20
    attr = bytearray(128)
    flags = (1 << 18) | (1 << 10) * 0        # sample_id_all
    struct.pack_into(e + 'IIQQQQ', attr, 0, 1, 128, 0, 1000, st, 0)
    struct.pack_into(e + 'Q', attr, 40,
                     flags if e == '<' else bitrev64(flags))

    def rec(t, misc, body):
        return struct.pack(e + 'IHH', t, misc, 8 + len(body)) + body

    def trailer(pid, tid, time, cpu):
        return struct.pack(e + 'IIQII', pid, tid, time, cpu, 0)

    def cstr(s):
        b = s.encode() + b'\0'
        return b + b'\0' * (-len(b) % 8)

    out += rec(64, 0, bytes(attr) + struct.pack(e + 'Q', 7))
    out += rec(3, 0, struct.pack(e + 'II', 100, 100) + cstr('perf-exec') +
               trailer(100, 100, 1, 0))
    out += rec(3, 0x2000, struct.pack(e + 'II', 100, 100) + cstr('synth') +
               trailer(100, 100, 2, 0))
    for addr, length, name in ((0x400000, 0x1000, '/opt/synth/prog'),
                               (0x7f0000000000, 0x2000, '/opt/synth/lib.so')):
        body = struct.pack(e + 'IIQQQ', 100, 100, addr, length, 0)
        body += bytes(24) + struct.pack(e + 'II', 5, 2) + cstr(name)
        out += rec(10, 2, body + trailer(100, 100, 3, 0))
    out += rec(7, 0, struct.pack(e + 'IIIIQ', 100, 100, 101, 100, 4) +
               trailer(100, 101, 4, 0))
    k, u = 0xffffffffffffff80, 0xfffffffffffffe00
    samples = (
        (100, 10, 1, [u, 0x400100, 0x400200, 0x400300]),
        (100, 11, 1, [u, 0x400100, 0x400200, 0x400300]),
        (101, 12, 0, [u, 0x7f0000000100, 0x400250, 0x400300]),
        (100, 13, 1, [k, 0xffffffff81000100, u, 0x400110, 0x400300]),
        (101, 14, 0, [u, 0x7f0000001100, 0x7f0000000180, 0x400260]),
    )
    for tid, time, cpu, chain in samples:
        ip = [a for a in chain if a < 0xfffffffffffff000][0]
        body = struct.pack(e + 'QIIQIIQQ', ip, 100, tid, time, cpu, 0,
                           250000, len(chain))
        body += b''.join(struct.pack(e + 'Q', a) for a in chain)
        out += rec(9, 1 if chain[0] == k else 2, body)
    # a record type cpv does not know, then a lost-samples record
    out += rec(90, 0, bytes(16))
    out += rec(13, 0, struct.pack(e + 'Q', 3) + trailer(100, 100, 15, 0))
    with open(path, 'wb') as f:
        f.write(out)


write('synth-le.data', '<')
write('synth-be.data', '>')
