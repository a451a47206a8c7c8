#!/usr/bin/env python3
"""Start-up time of VMs (`VM -e ''`): runs the given commands alternately, N times
each (default 300), and prints the median CPU time (user + system, from each
child's rusage) and wall-clock time per command, and each median's ratio to the
last command's.

usage: scripts/startup.py [-n N] COMMAND...   e.g.
       scripts/startup.py target/release/strix luajit
"""
import resource
import statistics
import subprocess
import sys
import time


def main():
    args = sys.argv[1:]
    n = 300
    if len(args) >= 2 and args[0] == "-n":
        n, args = int(args[1]), args[2:]
    if not args:
        sys.exit(__doc__)
    cpu = {v: [] for v in args}
    wall = {v: [] for v in args}
    for _ in range(n):
        for v in args:
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(v.split() + ["-e", ""], stdout=subprocess.DEVNULL, check=True)
            t1 = time.perf_counter()
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[v].append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1e3)
            wall[v].append((t1 - t0) * 1e3)
    base = args[-1]
    bc, bw = statistics.median(cpu[base]), statistics.median(wall[base])
    for v in args:
        c, w = statistics.median(cpu[v]), statistics.median(wall[v])
        print(f"{v:40s} cpu {c:.3f} ms ({c / bc:.2f}x)  wall {w:.3f} ms ({w / bw:.2f}x)")


if __name__ == "__main__":
    main()
