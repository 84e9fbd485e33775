#!/bin/sh
# SPDX-License-Identifier: MIT
# uci_threads.sh <wasmforge-uci>: the native UCI program with Threads 3 (two
# helper threads sharing the table): fixed-depth, timed, infinite-then-stop
# and node-limited searches each end with a legal-looking bestmove, the
# Threads option is announced and the program quits cleanly.
set -e
out=$( (printf 'uci\nsetoption name Threads value 3\nisready\nucinewgame\nposition startpos moves e2e4 e7e5\ngo depth 9\n'
        sleep 1
        printf 'position startpos moves e2e4 e7e5 g1f3\ngo movetime 200\n'
        sleep 1
        printf 'setoption name Hash value 8\nposition startpos\ngo infinite\n'
        sleep 1
        printf 'stop\nposition startpos moves d2d4\ngo nodes 20000\n'
        sleep 1
        printf 'setoption name Threads value 1\ngo depth 5\n'
        sleep 1
        printf 'quit\n') | "$1")
echo "$out" | grep -q 'option name Threads type spin default 1 min 1 max 64' || { echo "no Threads option"; exit 1; }
n=$(echo "$out" | grep -c '^bestmove [a-h][1-8][a-h][1-8]')
[ "$n" -eq 5 ] || { echo "$out"; echo "expected 5 bestmoves, got $n"; exit 1; }
echo "$out" | grep -q '^info depth 9 ' || { echo "no depth 9"; exit 1; }
echo ok
