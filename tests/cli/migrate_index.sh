#!/usr/bin/env bash
# migrate_index.sh — migration 11 (the index of one author's comments by section) on a file of
# schema 10: it is built, `gopy check` finds it whole, and on a file with many comments the
# migration says on stderr what it is doing before it starts (from a million comments;
# GOPY_TEST_MIGRATION_NOTICE lowers that here), and nothing on a small one.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
idx() { sqlite3 "$1" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'comment_author_section'"; }
GOPY_SAMPLE_DATA=$ROOT/sample-data "$GOPY" demo "$T/d.db" </dev/null >/dev/null 2>&1 # (builds it, then needs a terminal)
n=$(sqlite3 "$T/d.db" "SELECT max(rowid) FROM comment")
cp "$T/d.db" "$T/small.db"
downgrade_10 "$T/d.db"
downgrade_10 "$T/small.db"
expect_eq "a file of schema 10 has not the index" "0|10" "$(idx "$T/d.db")|$(sqlite3 "$T/d.db" 'PRAGMA user_version')"

run env GOPY_TEST_MIGRATION_NOTICE=$n "$GOPY" check "$T/d.db"
expect_eq "many comments: migrated and whole" "0|$T/d.db: ok (schema $SCHEMA)|1|$SCHEMA" \
	"$rc|$out|$(idx "$T/d.db")|$(sqlite3 "$T/d.db" 'PRAGMA user_version')"
expect_eq "many comments: one line on stderr says what the migration does" \
	"$T/d.db: upgrading to schema $SCHEMA: indexing $n comments, about 1 s" "$err"

run env GOPY_TEST_MIGRATION_NOTICE=$((n + 1)) "$GOPY" check "$T/small.db"
expect_eq "fewer comments: migrated without a word" "0|$T/small.db: ok (schema $SCHEMA)||1" "$rc|$out|$err|$(idx "$T/small.db")"

# the index is one check covers: an entry missing from it is found and named
sqlite3 "$T/d.db" "PRAGMA writable_schema = ON;
  UPDATE sqlite_schema SET sql = replace(sql, 'section_id, thread_key', 'thread_key, section_id') WHERE name = 'comment_author_section';"
run "$GOPY" check "$T/d.db"
expect_contains "an index that differs from its table is named" "comment_author_section" "$out$err"
[ "$rc" = 1 ] && ok "and check fails" || not_ok "and check fails" "rc $rc"
