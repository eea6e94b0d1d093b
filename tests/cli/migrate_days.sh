#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# migrate_days.sh — migration 12 (the comments' days, comment_day) on a review of schema 11: the
# table is filled from the comments (their days, counts and the exact bounds of their keys) and
# `gopy check` passes; on a file with many comments the migration says on stderr what it does
# before it starts (from a million comments; GOPY_TEST_MIGRATION_NOTICE lowers it here), and
# nothing on a small one.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"

new_db D d
make_db "$D" >/dev/null || not_ok "fixture database"
python3 - "$T/a.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("id,doc,section,author,body,created_at,reply_to\n")
    for i in range(40):
        parent = "r%d" % (i - 20) if i >= 20 and i % 2 else ""
        f.write("r%d,DA-CDS,Điều 1,STTTT-01,Ý kiến %d,2026-05-%02dT09:%02d:00Z,%s\n" % (i, i, 1 + i // 10, i, parent))
PY
g import-comments "$D" "$T/a.csv" >/dev/null || not_ok "import 40 comments"
if on_server; then
	want=$(db_sql "$D" "SELECT document_id, substr(created_at, 1, 10), count(*), min(encode(thread_key, 'hex') COLLATE \"C\"),
	  max(encode(thread_key, 'hex') COLLATE \"C\") FROM comment GROUP BY 1, 2 ORDER BY 1, 2")
	have() { db_sql "$D" "SELECT document_id, day, n, encode(min_key, 'hex'), encode(max_key, 'hex') FROM comment_day ORDER BY 1, 2"; }
	# (and migration 13's insert trigger and sequence, which the upgrade makes again)
	db_sql "$D" "DROP TRIGGER comment_day_kept ON comment; DROP FUNCTION comment_day_kept(); DROP TABLE comment_day;
	  DROP TRIGGER comment_added ON comment; DROP FUNCTION comment_added(); DROP SEQUENCE flush_mark;
	  UPDATE meta SET schema_version = 11" >/dev/null
	version() { db_sql "$D" "SELECT schema_version FROM meta"; }
else
	want=$(db_sql "$D" "SELECT document_id, substr(created_at, 1, 10), count(*), lower(hex(min(thread_key))),
	  lower(hex(max(thread_key))) FROM comment GROUP BY 1, 2 ORDER BY 1, 2")
	have() { db_sql "$D" "SELECT document_id, day, n, lower(hex(min_key)), lower(hex(max_key)) FROM comment_day ORDER BY 1, 2"; }
	cp "$D" "$T/small.db"
	downgrade_11 "$D"
	downgrade_11 "$T/small.db"
	version() { db_sql "$D" "PRAGMA user_version"; }
fi
expect_eq "a review of schema 11 has no days" "11" "$(version)"
n=$(db_sql "$D" "SELECT count(*) FROM comment")
run env GOPY_TEST_MIGRATION_NOTICE=$n "$GOPY" check "$D"
expect_eq "migrated and whole" "0|$D: ok (schema $SCHEMA)|$SCHEMA" "$rc|$out|$(version)"
expect_eq "the days, their counts and the bounds of their keys" "$want" "$(have)"
expect_eq "4 days of 10 comments" "4|40" "$(db_sql "$D" "SELECT count(*), sum(n) FROM comment_day")"
if ! on_server; then
	expect_eq "many comments: one line on stderr says what the migration does" \
		"$D: upgrading to schema $SCHEMA: reading the days of $n comments, about 1 s" "$err"
	run env GOPY_TEST_MIGRATION_NOTICE=$((n + 1)) "$GOPY" check "$T/small.db"
	expect_eq "fewer comments: migrated without a word" "0|$T/small.db: ok (schema $SCHEMA)|" "$rc|$out|$err"
fi
