#!/bin/sh
# Re-record the expected syntax error messages from the reference VM (`luajit`).
set -e
cd "$(dirname "$0")"
for f in *.lua; do
    luajit "$f" > "${f%.lua}.expected" 2>&1 || true
    sed -i '1s/^luajit: //' "${f%.lua}.expected"
done
