# words.py: rewrite a 64-bit little-endian gperftools CPU profile with
# other word sizes and byte orders (for cpv's tests): keeps the frames
# below 4 GiB (the non-PIE binary's), and the map lines of that binary.
#   python3 words.py IN OUT FORMAT   FORMAT: <Q (64 LE), >Q, <I, >I
import struct, sys
src, out, fmt = sys.argv[1], sys.argv[2], sys.argv[3]
b = open(src, 'rb').read()
w = lambda i: struct.unpack_from('<Q', b, 8 * i)[0]
pos = 5
words = [w(i) for i in range(5)]
while True:
    count, depth = w(pos), w(pos + 1)
    stack = [w(pos + 2 + k) for k in range(depth)]
    pos += 2 + depth
    if count == 0 and depth == 1 and stack == [0]:
        words += [0, 1, 0]
        break
    stack = [a for a in stack if a < 1 << 32]
    if stack:
        words += [count, len(stack)] + stack
rest = b[8 * pos:].decode()
maps = ''.join(l + '\n' for l in rest.split('\n') if l.endswith('/prog'))
open(out, 'wb').write(b''.join(struct.pack(fmt, x) for x in words) +
    maps.encode())
