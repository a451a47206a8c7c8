#!/bin/sh
# Re-record the expected bytecode listings (`luajit -bl`) and per-instruction line
# numbers (tools/lineinfo.lua) from the reference VM. Listings are made with the bare
# file name as chunk name.
set -e
cd "$(dirname "$0")"
for f in *.lua; do
    luajit -bl "$f" > "${f%.lua}.expected"
    luajit tools/lineinfo.lua "$f" > "${f%.lua}.lines"
done
