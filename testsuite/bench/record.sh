#!/bin/sh
# record.sh: re-records the benchmarks' expected outputs from Debian's luajit.
#
# For every benchmark in `index` this runs `luajit NAME.lua SIZE` at its check
# size and its bench size and writes stdout to expected/NAME-SIZE.out. The
# test suite (`strix-test bench`) compares strix at the check size against
# these files; strix-bench checks every VM's output against them when it runs
# a size that has one. Each output is recorded twice and must match, and when
# lua5.1 is present (with or without the bit library) it must agree too, so a
# recorded result never depends on one VM's quirks.
#
# Usage: testsuite/bench/record.sh [NAME.lua...]   (default: all in index)
# Set LUAJIT (LUA51) to use other binaries than the ones on PATH.
set -eu
LUAJIT=${LUAJIT:-luajit}
LUA51=${LUA51:-lua5.1}
if ! command -v "$LUAJIT" >/dev/null 2>&1; then
  echo "record.sh: '$LUAJIT' not found; refusing to record" >&2
  exit 1
fi
cd "$(dirname "$0")"
mkdir -p expected
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
grep -v '^#' index | while read -r name check size _; do
  [ -n "$name" ] || continue
  if [ $# -gt 0 ]; then
    case " $* " in *" $name "*) ;; *) continue ;; esac
  fi
  for n in $check $size; do
    out="expected/${name%.lua}-$n.out"
    "$LUAJIT" "$name" "$n" >"$tmp/a" 2>"$tmp/err" || {
      echo "record.sh: $name $n failed:" >&2; cat "$tmp/err" >&2; exit 1; }
    "$LUAJIT" "$name" "$n" >"$tmp/b" 2>/dev/null
    if ! cmp -s "$tmp/a" "$tmp/b"; then
      echo "record.sh: $name $n prints different results on each run; fix it first" >&2
      exit 1
    fi
    if command -v "$LUA51" >/dev/null 2>&1; then
      "$LUA51" "$name" "$n" >"$tmp/c" 2>"$tmp/err" || true
      if ! grep -q '^@skip' "$tmp/err" && ! cmp -s "$tmp/a" "$tmp/c"; then
        echo "record.sh: $name $n: lua5.1 disagrees with luajit:" >&2
        diff "$tmp/a" "$tmp/c" >&2 || true
        exit 1
      fi
    fi
    cp "$tmp/a" "$out"
    echo "recorded $out: $(head -c 60 "$out")"
  done
done
