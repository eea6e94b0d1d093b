#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# check_passes.sh — `gopy check` reads a file in ordered passes (issue 17): quick_check, each
# index against its table, the counters against one pass over the comments. It must still find
# what integrity_check and the grouped counts found: an index whose content no longer matches
# its definition, a partial index holding rows its condition leaves out, a counter or a tally
# that disagrees with the comments, and say which. The counters are checked on a server too
# (its own list of checks, src/store/pg_check.c); the indexes are a file's.
# engines: both
. "$(dirname "$0")/../lib.sh"
export GOPY_SAMPLE_DATA=$ROOT/sample-data
new_db OK ok
"$GOPY" demo "$OK" </dev/null >/dev/null 2>&1
run "$GOPY" check "$OK"
expect_eq "the demo review passes" "0:$OK: ok (schema $SCHEMA)" "$rc:$out"

if ! on_server; then # ---- the file's indexes, rewritten behind SQLite's back ----------------------
	# an index whose columns are not what it was built with: every entry differs from the table's
	cp "$OK" "$T/cols.db"
	sqlite3 "$T/cols.db" "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = replace(sql,
	  'comment(document_id, created_at, id)', 'comment(document_id, id, created_at)') WHERE name = 'comment_time'"
	expect_contains "sqlite3 agrees the index is wrong" "missing from index comment_time" \
		"$(sqlite3 "$T/cols.db" 'PRAGMA integrity_check' | head -n 1)"
	run "$GOPY" check "$T/cols.db"
	expect_eq "an index with other content: exit 1" "1" "$rc"
	n=$(sqlite3 "$T/cols.db" "SELECT count(*) FROM comment")
	expect_contains "names the index, as many entries as rows but other ones" \
		"integrity: index comment_time holds $n entries, its table comment $n rows for it, and they differ" "$out"

	# a partial index said to hold only pending comments, still holding them all
	cp "$OK" "$T/part.db"
	sqlite3 "$T/part.db" "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = sql || ' WHERE disposition = 0'
	  WHERE name = 'comment_disposition'"
	p=$(sqlite3 "$T/part.db" "SELECT count(*) FROM comment NOT INDEXED WHERE disposition = 0")
	run "$GOPY" check "$T/part.db"
	expect_eq "a partial index with rows its condition leaves out: exit 1" "1" "$rc"
	expect_contains "says how many each side holds" \
		"integrity: index comment_disposition holds $n entries, its table comment $p rows for it" "$out"
	expect_eq "and nothing else is reported" "2" "$(printf '%s\n' "$out" | wc -l)"
fi

# counters and tallies, found in the one pass over the comments
db_copy "$OK" CNT cnt
sec=$(db_sql "$CNT" "SELECT id FROM section WHERE n_comments > 0 ORDER BY position LIMIT 1")
db_sql "$CNT" "UPDATE section SET n_comments = n_comments + 2 WHERE id = $sec;
  UPDATE tally_author SET n_handled = n_handled + 1
  WHERE (document_id, author_id) = (SELECT document_id, author_id FROM tally_author ORDER BY 1, 2 LIMIT 1)"
want=$(db_sql "$CNT" "SELECT n_comments || '/' || n_pending FROM section WHERE id = $sec")
got=$(db_sql "$CNT" "SELECT count(*) || '/' || count(*) FILTER (WHERE disposition = 0) FROM comment
  WHERE section_id = $sec AND deleted_at IS NULL")
run "$GOPY" check "$CNT"
expect_eq "counters off: exit 1" "1" "$rc"
expect_contains "the section's counter" "counters: section $sec: counters say $want, comments are $got" "$out"
expect_contains "the author's tally" "tally says" "$out"
