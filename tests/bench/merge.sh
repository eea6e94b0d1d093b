#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# merge.sh — `make bench-merge` (also run by `make bench`): MERGE_COPIES copies of a review
# (default 60), each filled apart with MERGE_N comments (default 20,000; 1.2 million in all),
# merged into one review by one `gopy merge`. Beside it, the peer a user would reach for:
# SQLite's own INSERT … SELECT over ATTACH of the same rows (a transaction per 9 copies: SQLite
# attaches at most 10 databases), into the same
# schema (its triggers keep the counters, tallies, search index and audit log row by row), and
# the same with the triggers dropped (the bare copy of the rows, no index kept but the
# table's). Peak memory of gopy is measured by tests/bench/rusage.c. Checks that every comment
# arrived and that the merged file passes `gopy check`; writes its section of
# tests/bench/RESULTS.md between the "merge" markers.
# Environment: GOPY (the binary), MERGE_COPIES, MERGE_N, BENCH_SEED (20131), BENCH_DATA
# (tests/bench/data: the generated files are kept there and reused).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/results.bash"
: "${GOPY:?}" "${MERGE_COPIES:=60}" "${MERGE_N:=20000}" "${BENCH_SEED:=20131}"
export BENCH_SEED
data=${BENCH_DATA:-$here/data}/merge-$BENCH_SEED
mkdir -p "$data"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gopy-bench-merge.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$GOPY" "$tmp/gopy" # a private copy: others may rebuild ./gopy meanwhile
G=$tmp/gopy
DOC=DL-BENCH-2024
export GOPY_NOW=2024-06-01T08:00:00Z TZ=UTC LANG=C.UTF-8
cc -O2 -o "$tmp/rusage" "$here/rusage.c"

# ---- the copies: one base review, each copy filled with its own MERGE_N comments ------------
[ -s "$data/draft.md" ] || python3 "$here/gen.py" draft "$data/draft.md"
[ -s "$data/delegates.tsv" ] || python3 "$here/gen.py" delegates "$data/delegates.tsv"
csv=$data/comments-$MERGE_N.csv
[ -s "$csv" ] || python3 "$here/gen.py" comments "$csv" "$data/dump-$MERGE_N.txt" "$MERGE_N"
base=$tmp/base.db
base_review "$G" "$base" "$data" "$DOC"
copies=()
for ((i = 1; i <= MERGE_COPIES; i++)); do
	c=$tmp/copy-$i.db
	cp "$base" "$c"
	"$G" import-comments "$c" "$csv" >/dev/null # each copy draws its own random ids
	copies+=("$c")
done
total=$((MERGE_COPIES * MERGE_N))

cpu_s() { awk '{ printf "%.1f", $2 + $3 }' "$1"; }   # user + system time of a rusage file
rss_mib() { awk '{ printf "%.0f", $1 / 1024 }' "$1"; }

# ---- gopy merge: half the copies (memory must not grow with their number), then all -------
half=$((MERGE_COPIES / 2))
cp "$base" "$tmp/into.db"
half_s=$(once_s "$tmp/rusage" "$tmp/half.rusage" "$G" merge "$tmp/into.db" "${copies[@]:0:$half}")
rm -f "$tmp/into.db"*
cp "$base" "$tmp/into.db"
gopy_s=$(once_s "$tmp/rusage" "$tmp/gopy.rusage" "$G" merge "$tmp/into.db" "${copies[@]}")
got=$(sqlite3 "$tmp/into.db" "SELECT n_comments FROM document WHERE code = '$DOC'")
[ "$got" = "$total" ] || { echo "bench-merge: $got comments merged, expected $total" >&2; exit 1; }
"$G" check "$tmp/into.db" >/dev/null || { echo "bench-merge: the merged review fails check" >&2; exit 1; }
# merging the same copies again: nothing to add
again_s=$(once_s "$G" merge "$tmp/into.db" "${copies[@]:0:10}")
rm -f "$tmp/into.db"*

# ---- the peer: INSERT … SELECT over ATTACH, one transaction --------------------------------
# (each copy numbers its thread keys and rows from 1: the peer makes them unique by a prefix
# and lets the table number its rows, as anyone copying rows between copies must)
peer_sql() { # triggers: keep | drop
	[ "$1" = drop ] && echo "DROP TRIGGER comment_inserted; DROP TRIGGER comment_indexed; DROP TRIGGER tally_inserted;
		DROP TRIGGER audit_comment_added;"
	local i=0 c
	for c in "${copies[@]}"; do
		i=$((i + 1))
		# SQLite attaches at most 10 databases and detaches none inside a transaction: one
		# transaction for each 9 copies
		[ $(((i - 1) % 9)) = 0 ] && echo "BEGIN;"
		echo "ATTACH '$c' AS c$i; INSERT INTO main.comment(id, document_id, section_id, parent_id, root_id, depth,
			thread_key, author_id, entered_by, body, quote, created_at, edited_at, deleted_at, disposition, response,
			handled_by, handled_at) SELECT id, document_id, section_id, parent_id, root_id, depth,
			CAST(char($i) || thread_key AS BLOB), author_id, entered_by, body, quote, created_at, edited_at, deleted_at,
			disposition, response, handled_by, handled_at FROM c$i.comment;"
		if [ $((i % 9)) = 0 ] || [ "$i" = "${#copies[@]}" ]; then
			echo "COMMIT;"
			local j
			for ((j = i - (i - 1) % 9; j <= i; j++)); do echo "DETACH c$j;"; done
		fi
	done
}
cp "$base" "$tmp/peer.db"
peer_sql keep >"$tmp/peer.sql"
peer_s=$(once_s "$tmp/rusage" "$tmp/peer.rusage" sqlite3 "$tmp/peer.db" ".read $tmp/peer.sql")
got=$(sqlite3 "$tmp/peer.db" "SELECT count(*) FROM comment")
[ "$got" = "$total" ] || { echo "bench-merge: the peer copied $got comments, expected $total" >&2; exit 1; }
rm -f "$tmp/peer.db"*
cp "$base" "$tmp/bare.db"
peer_sql drop >"$tmp/bare.sql"
bare_s=$(once_s "$tmp/rusage" "$tmp/bare.rusage" sqlite3 "$tmp/bare.db" ".read $tmp/bare.sql")
rm -f "$tmp/bare.db"*

ratio=$(awk -v a="$gopy_s" -v b="$peer_s" 'BEGIN { printf "%.2f", a / b }')
ratio_bare=$(awk -v a="$gopy_s" -v b="$bare_s" 'BEGIN { printf "%.2f", a / b }')
gopy_cpu=$(cpu_s "$tmp/gopy.rusage") half_cpu=$(cpu_s "$tmp/half.rusage") peer_cpu=$(cpu_s "$tmp/peer.rusage")
bare_cpu=$(cpu_s "$tmp/bare.rusage")
cpu_ratio=$(awk -v a="$gopy_cpu" -v b="$peer_cpu" 'BEGIN { printf "%.2f", a / b }')
cpus=$(nproc)
text="<!-- merge: begin -->
## Merging offline copies (\`make bench-merge\`)

$MERGE_COPIES copies of one review (a draft law of the generator, its delegates), each filled apart
with the same $MERGE_N generated comments under its own random ids, merged into the base review by
one \`gopy merge\` ($total comments in all; $cpus CPUs, shared). Peer: the sqlite3 shell's
\`INSERT … SELECT\` over \`ATTACH\` of the same rows (a transaction per 9 copies: SQLite attaches at most
10 databases), into the same schema (its
triggers keep counters, tallies, the search index and the audit log row by row), and the same with
those triggers dropped (only the rows and the table's own indexes).

| what | wall time | processor time | vs. peer (wall, processor) | peak memory |
|---|---:|---:|---:|---:|
| \`gopy merge\` of $MERGE_COPIES copies | $gopy_s s | $gopy_cpu s | $ratio×, $cpu_ratio× | $(rss_mib "$tmp/gopy.rusage") MiB |
| \`gopy merge\` of $half copies | $half_s s | $half_cpu s | | $(rss_mib "$tmp/half.rusage") MiB |
| sqlite3 \`INSERT … SELECT\` over \`ATTACH\` | $peer_s s | $peer_cpu s | 1× | $(rss_mib "$tmp/peer.rusage") MiB |
| the same, triggers dropped (bare rows) | $bare_s s | $bare_cpu s | $ratio_bare× (gopy vs. bare, wall) | $(rss_mib "$tmp/bare.rusage") MiB |
| \`gopy merge\` of 10 of the copies again (nothing new) | $again_s s | | | |

gopy reads the copies one at a time, stages their new comments in a temporary table (not in the
review's write-ahead log), places them in one pass by thread depth (siblings by time, then id,
whatever the order of the copies), builds the search index and the tallies in one pass at the
end and drops and rebuilds the secondary indexes when the merge is bigger than the review; page
cache 32 MiB, sorting on disk (\`temp_store = FILE\`), so the peak is the page cache plus one
sort's memory, whatever the number of copies. Targets: within 2× of the peer, memory flat.
<!-- merge: end -->"
results_section merge "$text"
printf '%s\n' "$text"
