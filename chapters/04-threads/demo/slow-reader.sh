#!/usr/bin/env bash
# A client that stops reading, while another floods the room.
# Run from the workspace root: bash chapters/04-threads/demo/slow-reader.sh
set -euo pipefail
cargo build -q --release -p ch04-threads
target/release/ch04-chat --addr 127.0.0.1:7104 > /dev/null &
server=$!
trap 'kill $server' EXIT
sleep 0.5

# "stuck" joins and then reads nothing (bash's /dev/tcp holds the socket open).
exec 5<>/dev/tcp/127.0.0.1/7104
echo stuck >&5

# "talker" sends 20,000 lines of 200 bytes (4 MB) and leaves (-N: EOF on stdin
# shuts down our half, the server sees it, says "talker left" and closes).
pad=$(printf 'x%.0s' {1..200})
{ echo talker; for i in {1..20000}; do echo "$i $pad"; done; } | nc -N 127.0.0.1 7104 > /dev/null

# Only now does "stuck" read what is waiting for it.
timeout 3 cat <&5 > /tmp/stuck.txt || true
echo "stuck received $(wc -l < /tmp/stuck.txt) lines, $(grep -c '^<talker>' /tmp/stuck.txt) of them messages:"
grep -v '^<talker>' /tmp/stuck.txt
missed=$(grep -o 'missed [0-9]*' /tmp/stuck.txt | awk '{s += $2} END {print s + 0}')
echo "messages delivered + missed: $(grep -c '^<talker>' /tmp/stuck.txt) + $missed"
