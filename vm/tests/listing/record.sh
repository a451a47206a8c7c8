#!/bin/sh
# Re-record the expected bytecode listings from the reference VM (`luajit -bl`).
# Run from anywhere; listings are made with the bare file name as chunk name.
set -e
cd "$(dirname "$0")"
for f in *.lua; do
    luajit -bl "$f" > "${f%.lua}.expected"
done
