#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh — the gopy benchmark suite (issue 6); `make bench` runs it after building ./gopy and
# `sh scripts/deps.sh --bench`. It generates deterministic Vietnamese data under
# tests/bench/data/ (gitignored, reused while the generator, seed and binary are unchanged),
# times gopy against the sqlite3 shell and grep, prints the tables and writes
# tests/bench/RESULTS.md. Nothing is installed here.
#
#   BENCH_N="10000 100000 1000000"  sizes (comments); BENCH_N=10000 is the quick smoke run
#   BENCH_RUNS=5                    runs per figure (median); above 100k comments imports and
#                                   exports run BENCH_IMPORT_RUNS=1 time, the rest BENCH_BIG_RUNS=3
#   BENCH_SEED=20131                seed of the generator
#   (run.sh scale.py runs issue 17's figures instead: tests/bench/scale.py, make bench-scale)
#   BENCH_THREAD=100000             comments in the thread that paging is measured on
#   GOPY=./gopy                     the binary to measure (a private copy of it is run)
#   BENCH_IMPORT_REUSE=1            reuse the timing of an earlier 1M import by the same binary
#                                   of the same data (the 1M import alone takes ~12 min)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${GOPY:=$root/gopy}"
export GOPY

for tool in python3 sqlite3 valgrind grep; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "bench: $tool is missing (sh scripts/deps.sh --bench)" >&2
		exit 1
	}
done
[ -x "$GOPY" ] || { echo "bench: $GOPY is not built (run make)" >&2; exit 1; }
# The sqlite3 shell must have FTS5 (the peer of gopy's search index).
if ! sqlite3 :memory: "CREATE VIRTUAL TABLE t USING fts5(x)" >/dev/null 2>&1; then
	echo "bench: this sqlite3 shell has no FTS5" >&2
	exit 1
fi

# Measure a private copy: others may rebuild ./gopy while a long run is going.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$GOPY" "$tmp/gopy"
status=0
BENCH_GOPY_SOURCE=$GOPY GOPY=$tmp/gopy python3 "$here/${1:-bench.py}" || status=$?
exit $status
