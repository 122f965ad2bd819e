# symtab-prof.py BINARY DEBUG OUT: a gperftools CPU profile of symtab
# (see regen.sh): one sample a little inside each of work, twice,
# spin_asm and main, as symtab.debug's .symtab places them, in a PIE
# mapping of BINARY at 0x555555554000.
import struct
import subprocess
import sys

binary, debug, out = sys.argv[1:4]
syms = {}
for line in subprocess.run(["nm", debug], capture_output=True, text=True,
                           check=True).stdout.splitlines():
    f = line.split()
    if len(f) == 3:
        syms[f[2]] = int(f[0], 16)
base = 0x555555554000
stacks = [[syms["work"] + 4, syms["twice"] + 4, syms["main"] + 4],
          [syms["spin_asm"] + 1, syms["main"] + 4]]
w = lambda *v: b"".join(struct.pack("<Q", x) for x in v)
body = [w(0, 3, 0, 10000, 0)]
for s in stacks:
    body.append(w(3, len(s), *[base + a for a in s]))
body.append(w(0, 1, 0))
body.append(f"{base:x}-{base + 0x5000:x} r-xp 00000000 00:00 0 "
            f"/tmp/cpv-native/{binary}\n".encode())
open(out, "wb").write(b"".join(body))
