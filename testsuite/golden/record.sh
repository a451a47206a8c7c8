#!/bin/sh
# record.sh: re-records the golden outputs from Debian's luajit.
#
# For every golden/NAME.lua this writes NAME.expected (stdout). When the
# program exits non-zero or writes to stderr (the error cases), it also
# writes NAME.stderr (raw luajit stderr, with its `luajit:` prefix; the runner
# rewrites that prefix to the VM's name and masks 0x addresses) and
# NAME.status (the exit status); otherwise those files are removed.
# Each program is run twice and must print the same stdout both times.
#
# Usage: testsuite/golden/record.sh [NAME.lua...]   (default: all programs)
# Set LUAJIT to use a luajit other than the one on PATH.
set -eu
LUAJIT=${LUAJIT:-luajit}
if ! command -v "$LUAJIT" >/dev/null 2>&1; then
  echo "record.sh: '$LUAJIT' not found; refusing to record golden outputs" >&2
  exit 1
fi
case "$("$LUAJIT" -v 2>&1)" in
  LuaJIT*) ;;
  *) echo "record.sh: '$LUAJIT' is not LuaJIT" >&2; exit 1 ;;
esac
cd "$(dirname "$0")"
# luajit_bytecode.lua runs LuaJIT's own dumps of some of these programs: remake them
# (stripped with -b, with debug info with -bg) before recording.
mkdir -p bytecode
for p in oo tables; do "$LUAJIT" -b "$p.lua" "bytecode/$p.ljbc"; done
for p in closures iterators metatables; do "$LUAJIT" -bg "$p.lua" "bytecode/$p.ljbc"; done
[ $# -gt 0 ] || set -- *.lua
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$@"; do
  name=${f%.lua}
  status=0
  "$LUAJIT" "$f" >"$tmp/out" 2>"$tmp/err" || status=$?
  "$LUAJIT" "$f" >"$tmp/out2" 2>/dev/null || true
  if ! cmp -s "$tmp/out" "$tmp/out2"; then
    echo "record.sh: $f prints different output on each run; fix it first" >&2
    exit 1
  fi
  cp "$tmp/out" "$name.expected"
  if [ "$status" -ne 0 ] || [ -s "$tmp/err" ]; then
    cp "$tmp/err" "$name.stderr"
    echo "$status" >"$name.status"
  else
    rm -f "$name.stderr" "$name.status"
  fi
  echo "recorded $name (status $status)"
done
