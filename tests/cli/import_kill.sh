#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# import_kill.sh — kill -9 in the middle of a large import into a small review, the bulk path
# that sets the triggers aside, drops the comment table's secondary indexes and builds them
# again at its end (store_bulk.c): killed once the rows are written, after an index is built
# again, just before the commit (GOPY_TEST_KILL_AT) and from outside at a random moment, the
# review is as it was (the same export, the same schema with every index and trigger, `gopy check`
# ok); the import run again completes, and its tallies, counted in memory as the rows are
# written, are those the triggers give row by row.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
make_db "$T/base.db" >/dev/null || not_ok "fixture database"
g comment "$T/base.db" --doc DA-CDS --as STTTT-01 "Ý kiến có sẵn" >/dev/null
g comment "$T/base.db" --doc DA-CDS --as UBND-MD --section "Điều 2" "Ý kiến thứ hai" >/dev/null
py '
import csv, sys
w = csv.writer(open(sys.argv[1], "w", newline=""))
w.writerow(["id", "doc", "section", "author", "body", "created_at", "reply_to", "disposition"])
for i in range(1, 40001):
    reply = "c%d" % (i - 3) if i > 3 and i % 4 == 0 else ""
    w.writerow(["c%d" % i, "DA-CDS", "" if reply else "Điều %d" % (1 + i % 3), ["STTTT-01", "UBND-MD"][i % 2],
                "Ý kiến số %d về nội dung dự thảo, đề nghị cân nhắc thêm." % i,
                "2026-04-%02dT%02d:%02d:00Z" % (1 + i % 28, i % 24, i % 60), reply,
                ["", "accepted", "noted", "explained"][i % 7 % 4]])
' "$T/big.csv"
schema="SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY type, name"
g export "$T/base.db" --doc DA-CDS --format json -o "$T/before.json"
before_schema=$(db_sql "$T/base.db" "$schema")
fts_settings="SELECT group_concat(k || '=' || v, ' ') FROM (SELECT k, v FROM comment_fts_config ORDER BY k)"
before_fts=$(db_sql "$T/base.db" "$fts_settings")
expect_contains "the fixture has the secondary indexes" "index comment_author_time" "$before_schema"

expect_after() { # NAME: the review is as it was
	run "$GOPY" check "$T/k.db"
	expect_eq "$1: check passes" "0|$T/k.db: ok (schema $SCHEMA)" "$rc|$out"
	g export "$T/k.db" --doc DA-CDS --format json -o "$T/after.json"
	check "$1: the review is as it was" cmp "$T/before.json" "$T/after.json"
	expect_eq "$1: the indexes and triggers are as they were" "$before_schema" "$(db_sql "$T/k.db" "$schema")"
	expect_eq "$1: the search index's settings are as they were" "$before_fts" "$(db_sql "$T/k.db" "$fts_settings")"
}
# a 256 KiB page cache: the import's pages go to the log as they do at a million comments
export GOPY_TEST_BULK_CACHE_KIB=256

# killed at the points of the bulk's end, from inside (as kill -9 would, at a known moment)
for point in rows indexes commit; do
	cp "$T/base.db" "$T/k.db"
	run env GOPY_SEED=42 GOPY_TEST_KILL_AT=$point "$GOPY" import-comments "$T/k.db" "$T/big.csv"
	wal=$(stat -c %s "$T/k.db-wal" 2>/dev/null || echo 0)
	expect_eq "killed at '$point': by SIGKILL, its log left uncommitted" "137 1" "$rc $((wal > 1000000))"
	expect_after "killed at '$point'"
done

# kill -9 from outside once the log passes a random size below what a whole run reaches
cp "$T/base.db" "$T/whole.db"
GOPY_SEED=41 "$GOPY" import-comments "$T/whole.db" "$T/big.csv" >/dev/null 2>&1 &
pid=$!
wal_max=0
while kill -0 "$pid" 2>/dev/null; do
	s=$(stat -c %s "$T/whole.db-wal" 2>/dev/null || echo 0)
	[ "$s" -gt "$wal_max" ] && wal_max=$s
done
wait "$pid"
expect_eq "the whole import" "0 40002" "$? $(db_sql "$T/whole.db" "SELECT count(*) FROM comment")"
limit=$(( wal_max * (10 + RANDOM % 60) / 100 ))
cp "$T/base.db" "$T/k.db"
GOPY_SEED=42 "$GOPY" import-comments "$T/k.db" "$T/big.csv" >/dev/null 2>&1 &
kill9_at_wal $! "$T/k.db-wal" "$limit"
[ "$killed" = 1 ] && ok "kill -9: killed midway (log at $limit of $wal_max bytes)" || not_ok "kill -9: killed midway" "it ended first"
expect_after "kill -9"
unset GOPY_TEST_BULK_CACHE_KIB

run env GOPY_SEED=43 "$GOPY" import-comments "$T/k.db" "$T/big.csv"
expect_eq "the import run again completes" "0|imported 40000 comments" "$rc|$out"
run "$GOPY" check "$T/k.db"
expect_eq "and check passes (counters and tallies against the rows)" "0" "$rc"
expect_eq "the indexes and triggers are back" "$before_schema" "$(db_sql "$T/k.db" "$schema")"
fmt() { # SQL of the author rows, SQL of the disposition rows: one line
	echo "SELECT (SELECT group_concat(document_id || ':' || author_id || ':' || n || ':' || n_roots || ':' || n_handled, ' ')
	  FROM ($1 ORDER BY 1, 2)) || ' / ' || (SELECT group_concat(document_id || ':' || disposition || ':' || n, ' ') FROM ($2 ORDER BY 1, 2))"
}
expect_eq "the tallies are those of the rows (counted in memory as they were written)" \
	"$(db_sql "$T/k.db" "$(fmt "SELECT document_id, author_id, count(*) AS n, sum(parent_id IS NULL) AS n_roots,
	    sum(disposition <> 0) AS n_handled FROM comment WHERE deleted_at IS NULL GROUP BY 1, 2" \
	  "SELECT document_id, disposition, count(*) AS n FROM comment WHERE deleted_at IS NULL GROUP BY 1, 2")")" \
	"$(db_sql "$T/k.db" "$(fmt "SELECT * FROM tally_author" "SELECT * FROM tally_disposition")")"
expect_eq "the import's audit entry: its first and last rows and their number" "40000|40000" \
	"$(db_sql "$T/k.db" "SELECT count, last_seq - first_seq + 1 FROM audit WHERE kind = 'import' ORDER BY seq DESC LIMIT 1")"
