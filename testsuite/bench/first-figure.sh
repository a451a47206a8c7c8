#!/bin/sh
# first-figure.sh: a first speed figure for strix's reference interpreter.
#
# Runs every benchmark in this directory with `strix --interp=ref`, `lua5.1`
# and (if present) `luajit -joff`, N times each, interleaved (one run of each
# VM in turn, so machine noise hits all alike). Takes the median wall time per
# VM and benchmark, checks that all VMs printed the same result, and prints
# the ratio strix/lua5.1 (and luajit-joff/lua5.1) per benchmark and their
# geometric mean. Ratios below 1 mean faster than lua5.1.
#
# Usage: testsuite/bench/first-figure.sh [bench.lua...]
#   STRIX=path/to/strix (default: strix on PATH), N=runs (default 5).
set -eu
cd "$(dirname "$0")"
STRIX=${STRIX:-strix}
N=${N:-5}
command -v python3 >/dev/null || { echo "first-figure.sh: needs python3" >&2; exit 1; }
command -v lua5.1 >/dev/null || { echo "first-figure.sh: needs lua5.1" >&2; exit 1; }
command -v "$STRIX" >/dev/null || { echo "first-figure.sh: strix not found (set STRIX=)" >&2; exit 1; }
[ $# -gt 0 ] || set -- fib.lua loops.lua tables.lua hash.lua strings.lua closures.lua

vms="strix lua51"
command -v luajit >/dev/null && vms="$vms luajit"
cmd_of() {
  case $1 in
    strix) echo "$STRIX --interp=ref" ;;
    lua51) echo "lua5.1" ;;
    luajit) echo "luajit -joff" ;;
  esac
}

results=$(mktemp)
trap 'rm -f "$results" "$results.out"' EXIT
for b in "$@"; do
  i=0
  while [ "$i" -lt "$N" ]; do
    for vm in $vms; do
      start=$(python3 -c 'import time; print(time.time())')
      if $(cmd_of "$vm") "$b" >"$results.out" 2>&1; then st=ok; else st=fail; fi
      end=$(python3 -c 'import time; print(time.time())')
      # One line per run: bench vm status seconds output-checksum-line
      printf '%s %s %s %s %s\n' "$b" "$vm" "$st" "$(python3 -c "print($end - $start)")" \
        "$(tr '\n\t' '  ' <"$results.out")" >>"$results"
    done
    i=$((i + 1))
  done
done

python3 - "$results" $vms <<'PY'
import math, statistics, sys
path, vms = sys.argv[1], sys.argv[2:]
runs = {}
for line in open(path):
    b, vm, st, secs, out = (line.rstrip("\n").split(" ", 4) + [""])[:5]
    runs.setdefault(b, {}).setdefault(vm, []).append((st, float(secs), out.strip()))
print(f"{'benchmark':<14}" + "".join(f"{vm:>10}" for vm in vms) + f"{'strix/lua51':>13}" +
      (f"{'lj-joff/lua51':>15}" if "luajit" in vms else ""))
ratios = {"strix": [], "luajit": []}
for b, per in runs.items():
    med, bad = {}, []
    for vm in vms:
        rs = per.get(vm, [])
        if not rs or any(st != "ok" for st, _, _ in rs):
            bad.append(vm)
            continue
        med[vm] = statistics.median(s for _, s, _ in rs)
    outs = {vm: per[vm][0][2] for vm in med}
    ref = outs.get("lua51")
    for vm, o in outs.items():
        if ref is not None and o != ref:
            bad.append(f"{vm}(wrong result: {o!r} vs {ref!r})")
    row = f"{b:<14}" + "".join(f"{med[vm]:>9.3f}s" if vm in med else f"{'FAIL':>10}" for vm in vms)
    for vm, width in (("strix", 13), ("luajit", 15)):
        if vm not in vms:
            continue
        if vm in med and "lua51" in med and med["lua51"] > 0 and not any(x.startswith(vm) for x in bad):
            r = med[vm] / med["lua51"]
            ratios[vm].append(r)
            row += f"{r:>{width}.2f}"
        else:
            row += f"{'-':>{width}}"
    print(row)
    for x in bad:
        print(f"  warning: {b}: {x} failed or disagreed")
def gmean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")
line = f"{'geomean':<14}" + " " * (10 * len(vms)) + f"{gmean(ratios['strix']):>13.2f}"
if "luajit" in vms:
    line += f"{gmean(ratios['luajit']):>15.2f}"
print(line)
PY
