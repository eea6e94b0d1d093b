#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# pg_track.sh — what the lookup of a write's transaction number costs (pg_track_commit: one
# round trip, `SELECT pg_current_xact_id()`, before every server write's COMMIT but a
# comment's own): `gopy handle` (a response set, one write) run N times on a private server
# (tests/pg/server.bash) by each of two builds in turn, the usual one and one built with the
# lookup left out (for this measurement only: `if (0 && …)` before pg_track_commit in
# store.c's tx_commit). Prints, for each build, the median and mean wall time of a run and
# gopy's processor time (user + system) a run, and the server's round trips a write.
# Usage: bash tests/bench/pg_track.sh GOPY_TRACKED GOPY_UNTRACKED [N]   (N: runs each, 300)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
A=$1 B=$2 N=${3:-300}
GOPY=$A
. "$ROOT/tests/lib.sh" >/dev/null
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start --own || exit 1
U=$(pg_newdb track)
make_db "$U" >/dev/null || { echo "the review was not built" >&2; exit 1; }
g delegate "$U" add BBT-01 "Đỗ Minh Tâm" --unit "Tổ biên tập" --role editor >/dev/null
id=$(g comment "$U" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến được xử lý")
/usr/bin/python3 - "$A" "$B" "$N" "$U" "$id" <<'EOF'
import resource, statistics, subprocess, sys, time
a, b, n, url, cid = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
wall = {a: [], b: []}
cpu = {a: 0.0, b: 0.0}
for i in range(n):
    for gopy in ((a, b) if i % 2 == 0 else (b, a)):  # in turn: the machine's load falls on both
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run([gopy, "handle", url, cid, "--response", "Giải trình %d" % i, "--as", "BBT-01"],
                       check=True, stdout=subprocess.DEVNULL)
        wall[gopy].append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[gopy] += (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
for name, gopy in (("tracked", a), ("untracked", b)):
    w = wall[gopy]
    print("%-9s runs %d  wall median %.2f ms  mean %.2f ms  gopy cpu %.2f ms/run" %
          (name, len(w), 1000 * statistics.median(w), 1000 * statistics.mean(w), 1000 * cpu[gopy] / len(w)))
EOF
