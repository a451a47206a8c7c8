#!/usr/bin/env python3
"""Generates random.bin: 4 KiB of seeded pseudo-random bytes fed to the VM as a
script (committed once; rerunning reproduces the same bytes)."""
import random
import sys

rng = random.Random(20240601)
data = bytes(rng.randrange(256) for _ in range(4096))
# A leading '#' would make luajit skip the first line; keep it binary garbage.
if data[:1] in (b"#", b"\x1b"):
    data = b"\x01" + data[1:]
with open(sys.argv[1] if len(sys.argv) > 1 else "random.bin", "wb") as f:
    f.write(data)
