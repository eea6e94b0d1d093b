#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# overview.sh — `make bench-overview` (also run by `make bench`): the overview at
# OVERVIEW_N comments (default 1,000,000; target: under a second). gopy keeps summary tables
# (tally_disposition, tally_author) and the section counters up to date with SQL triggers, so
# `gopy stats` and the overview screen read a few hundred rows whatever the number of
# comments. Beside it, the peer: the same figures computed by the sqlite3 shell scanning the
# comments (what a user would do without the tallies), and what keeping the tallies costs an
# import of every comment (the same import with the tally triggers dropped). Checks that the
# figures equal the scan's, and writes its section of tests/bench/RESULTS.md between the
# "overview" markers.
# Environment: GOPY (the binary), OVERVIEW_N, RUNS (default 7), BENCH_SEED (20131),
# BENCH_DATA (tests/bench/data: the generated files are kept there and reused).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/results.bash"
: "${GOPY:?}" "${OVERVIEW_N:=1000000}" "${RUNS:=7}" "${BENCH_SEED:=20131}"
export BENCH_SEED
data=${BENCH_DATA:-$here/data}/overview-$BENCH_SEED
mkdir -p "$data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$GOPY" "$tmp/gopy" # a private copy: others may rebuild ./gopy meanwhile
G=$tmp/gopy
DOC=DL-BENCH-2024
export GOPY_NOW=2024-06-01T08:00:00Z TZ=UTC LANG=C.UTF-8

ms_now() { date +%s%N; }
median_ms() { # command...: median wall time in ms over RUNS runs
	local i t0 t1 times=()
	for ((i = 0; i < RUNS; i++)); do
		t0=$(ms_now); "$@" >/dev/null 2>&1; t1=$(ms_now)
		times+=($(((t1 - t0) / 1000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}

# ---- data: the bench's draft law, delegates and N comments ---------------------------------
[ -s "$data/draft.md" ] || python3 "$here/gen.py" draft "$data/draft.md"
[ -s "$data/delegates.tsv" ] || python3 "$here/gen.py" delegates "$data/delegates.tsv"
csv=$data/comments-$OVERVIEW_N.csv
[ -s "$csv" ] || python3 "$here/gen.py" comments "$csv" "$data/dump-$OVERVIEW_N.txt" "$OVERVIEW_N"
base=$tmp/base.db
base_review "$G" "$base" "$data" "$DOC" || { echo "bench: the base review was not built" >&2; exit 1; }
# a consultation list: every unit of the delegates, half of them asked with a past deadline
cut -f3 "$data/delegates.tsv" | sort -u | awk 'NF { printf "%s,2024-05-%02d\n", $0, NR % 2 ? 20 : 30 }' |
	{ echo "unit,deadline"; cat; } >"$tmp/list.csv"
"$G" consult "$base" --doc "$DOC" import "$tmp/list.csv" >/dev/null

# ---- import with and without the tallies -----------------------------------------------------
db=$tmp/big.db
cp "$base" "$db"
imp=$(once_s "$G" import-comments "$db" "$csv")
plain=$tmp/plain.db
cp "$base" "$plain"
sqlite3 "$plain" "DROP TRIGGER tally_inserted; DROP TRIGGER tally_removed; DROP TRIGGER tally_updated"
imp_plain=$(once_s "$G" import-comments "$plain" "$csv")
rm -f "$plain"*
n=$(sqlite3 "$db" "SELECT n_comments FROM document WHERE code = '$DOC'")

# ---- the overview and its peer ------------------------------------------------------------------
stats=$(median_ms "$G" stats "$db" --doc "$DOC")
stats_json=$(median_ms "$G" stats "$db" --doc "$DOC" --format json)
printf 'O\n@dump %s\nq\nq\n' "$tmp/screen" >"$tmp/keys"
screen_once() { GOPY_HEADLESS_SCRIPT=$tmp/keys GOPY_HEADLESS_SIZE=80x24 "$G" "$db" </dev/null; }
screen=$(median_ms screen_once)
small=$tmp/small.db
cp "$base" "$small"
head -n 101 "$csv" >"$tmp/small.csv"
"$G" import-comments "$small" "$tmp/small.csv" >/dev/null
stats_small=$(median_ms "$G" stats "$small" --doc "$DOC")
# the peer: the same figures by scanning the comments with the sqlite3 shell
SCAN="
SELECT disposition, count(*) FROM comment WHERE document_id = (SELECT id FROM document WHERE code = '$DOC')
  AND deleted_at IS NULL GROUP BY disposition;
SELECT d.unit, count(*), sum(c.parent_id IS NULL), sum(c.disposition <> 0) FROM comment c
  JOIN delegate d ON d.id = c.author_id WHERE c.deleted_at IS NULL GROUP BY d.unit;
SELECT section_id, count(*) FROM comment WHERE deleted_at IS NULL GROUP BY section_id;"
scan=$(median_ms sqlite3 "$db" "$SCAN")
# the figures agree with the scan
want=$(sqlite3 -separator $'\t' "$db" "SELECT disposition, count(*) FROM comment WHERE deleted_at IS NULL
  GROUP BY disposition ORDER BY disposition" | awk -F'\t' '{ s = s $2 " " } END { print s }')
got=$("$G" stats "$db" --doc "$DOC" --format tsv | awk -F'\t' '$1 == "disposition" { s = s $4 " " } END { print s }')
[ "$want" = "$got" ] && agree=yes || agree="**NO** (scan: $want; stats: $got)"
verdict=$(awk -v m="$stats" 'BEGIN { print (m < 1000 ? "met" : "**missed**") }')
cost=$(awk -v a="$imp" -v b="$imp_plain" 'BEGIN { printf "%.2f×", (b > 0 ? a / b : 0) }')
speed=$(awk -v a="$scan" -v b="$stats" 'BEGIN { printf "%.0f×", (b > 0 ? a / b : 0) }')

section=$(cat <<MD
<!-- overview: begin -->
## The overview (issue 15)

Written by \`make bench-overview\` (tests/bench/overview.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); median of $RUNS runs.
Data: the bench's draft law ($(sqlite3 "$db" "SELECT n_sections FROM document") sections), $(wc -l <"$data/delegates.tsv") delegates, a
consultation list of $(($(wc -l <"$tmp/list.csv") - 1)) units and $n live comments (gen.py, seed $BENCH_SEED).
The overview reads summary tables kept by SQL triggers (\`tally_disposition\`, \`tally_author\`) and
the section counters: a few hundred rows, whatever the number of comments. A bulk import counts
the rows it added into the tallies in one grouped pass at its end (migration 4).

| what | time | | |
|---|---|---|---|
| \`gopy stats --doc\` at $n comments (target < 1 s) | $stats ms | | $verdict |
| the same at 100 comments | $stats_small ms | | |
| \`gopy stats --format json\` at $n comments | $stats_json ms | | |
| the TUI: start, \`O\` (overview screen), quit, 80×24 headless | $screen ms | | |
| peer: the same figures by a scan, \`sqlite3\` shell (by disposition, unit, section) | $scan ms | gopy $speed faster | |
| figures equal to the scan | $agree | | |
| import of $n comments with the tallies kept | $imp s | without the tally triggers: $imp_plain s | cost $cost |
<!-- overview: end -->
MD
)
printf '%s\n' "$section"
results_section overview "$section"
