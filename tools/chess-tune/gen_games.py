#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_games.py: self-play games of a UCI engine (Debian's Stockfish by default)
at a fixed node count, from random openings, as training data for texel.c.

Each output line is one game:
    <result> <uci-move>:<score> <uci-move>:<score> ...
where <result> is 1 (White won), 0.5 or 0 from White's view and <score> is the
engine's centipawn score of the position *before* that move, from the side to
move's view ('r' for the random opening moves, which carry no score; mates are
written as +-3000). Usage:
    gen_games.py OUT.txt GAMES [NODES] [SEED] [ENGINE]
"""
import random, subprocess, sys, time

def main():
    out_path, games = sys.argv[1], int(sys.argv[2])
    nodes = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    engine = sys.argv[5] if len(sys.argv) > 5 else "/usr/games/stockfish"
    rng = random.Random(seed)
    p = subprocess.Popen([engine], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         text=True, bufsize=1)
    def send(s):
        p.stdin.write(s + "\n")
    def until(prefix):
        lines = []
        while True:
            l = p.stdout.readline()
            if not l:
                raise SystemExit("engine died")
            lines.append(l.rstrip("\n"))
            if l.startswith(prefix):
                return lines
    send("uci"); until("uciok")
    send("setoption name Threads value 1")
    send("setoption name Hash value 16")
    send("isready"); until("readyok")
    t0 = time.time()
    with open(out_path, "a") as out:
        for g in range(games):
            send("ucinewgame")
            moves, rec = [], []
            result = None
            nrand = rng.randint(6, 10)
            for _ in range(nrand):
                send("position startpos moves " + " ".join(moves))
                send("go perft 1")
                lines = until("Nodes searched")
                legal = [l.split(":")[0] for l in lines if ":" in l and not l.startswith("Nodes")]
                if not legal:
                    break
                m = rng.choice(legal)
                moves.append(m); rec.append(m + ":r")
            if len(moves) < nrand:
                continue
            big = 0; quiet = 0
            while result is None:
                send("position startpos moves " + " ".join(moves))
                send("go nodes %d" % nodes)
                lines = until("bestmove")
                score = None
                for l in lines:
                    if l.startswith("info") and " score " in l:
                        t = l.split()
                        i = t.index("score")
                        if t[i + 1] == "cp":
                            score = int(t[i + 2])
                        elif t[i + 1] == "mate":
                            mv = int(t[i + 2])
                            score = 3000 if mv > 0 else -3000
                bm = lines[-1].split()[1]
                white = len(moves) % 2 == 0
                if bm == "(none)":
                    if score is not None and score <= -3000:
                        result = "0" if white else "1"
                    else:
                        result = "0.5"
                    break
                if score is None:
                    score = 0
                rec.append("%s:%d" % (bm, score))
                moves.append(bm)
                big = big + 1 if abs(score) >= 1000 else 0
                if big >= 6:
                    result = ("1" if score > 0 else "0") if white else ("0" if score > 0 else "1")
                    break
                quiet = quiet + 1 if abs(score) <= 8 else 0
                if (len(moves) > 100 and quiet >= 16) or len(moves) >= 300:
                    result = "0.5"
            out.write(result + " " + " ".join(rec) + "\n")
            out.flush()
            if (g + 1) % 20 == 0:
                print("%d games %.0fs" % (g + 1, time.time() - t0), file=sys.stderr, flush=True)
    send("quit")

main()
