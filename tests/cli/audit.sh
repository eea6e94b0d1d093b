#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# audit.sh — the append-only audit log: every change to a comment (added, edited with the text
# before, deleted, restored, disposition, response), every delegate, document and import is
# logged in the same transaction, by gopy and by the stock sqlite3 shell alike; the log refuses
# UPDATE and DELETE; `gopy log` reads it (text, tsv, json; --doc, --comment); `gopy check` finds
# a log that disagrees with the comments; a file of schema 1 migrates with a baseline entry.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB review
ME=$(id -un)
tsv() { "$GOPY" log "$DB" --format tsv "$@" | tail -n +2; }
col() { awk -F'\t' -v c="$1" '{ print $c }'; } # a column of the log's tsv

make_db "$DB" >/dev/null || not_ok "fixture database"
rung log "$DB" --format tsv
expect_eq "log header" "seq	at	kind	os_user	delegate	doc	comment	old	new	count	detail" "$(printf '%s\n' "$out" | head -1)"
expect_eq "the document and the three delegates are logged, by this login" \
	"document $ME DA-CDS|delegate $ME STTTT-01|delegate $ME UBND-MD|delegate $ME TK-01" \
	"$(tsv | awk -F'\t' '{ printf "%s%s %s %s", (NR > 1 ? "|" : ""), $3, $4, ($3 == "document" ? $6 : $11) }')"

# a comment added by gopy, one entered by a secretary
gv C1 comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến đầu tiên"
gv C2 comment "$DB" --doc DA-CDS --as UBND-MD --by TK-01 "Ý kiến do thư ký ghi"
expect_eq "an added comment: who (login, delegate), which, its text" "add|$ME|STTTT-01|DA-CDS|$C1|Ý kiến đầu tiên" \
	"$(tsv --comment "$C1" | awk -F'\t' '{ print $3 "|" $4 "|" $5 "|" $6 "|" $7 "|" $9 }')"
expect_eq "a secretary's entry is logged as the secretary's act" "add|TK-01" \
	"$(tsv --comment "$C2" | awk -F'\t' '{ print $3 "|" $5 }')"
expect_eq "no session row is left behind" "0" "$(db_sql "$DB" 'SELECT count(*) FROM audit_session')"

# changes made with the stock sqlite3 shell are logged too, as by another program
db_sql "$DB" "UPDATE comment SET body = 'Bản sửa một', edited_at = '2026-01-01T00:00:00Z' WHERE id = $C1;
	UPDATE comment SET body = 'Bản sửa hai' WHERE id = $C1;
	UPDATE comment SET disposition = 1, response = 'Tiếp thu' WHERE id = $C1;
	UPDATE comment SET deleted_at = '2026-01-02T00:00:00Z' WHERE id = $C2;
	UPDATE comment SET deleted_at = NULL WHERE id = $C2;
	UPDATE comment SET deleted_at = '2026-01-03T00:00:00Z' WHERE id = $C2;"
expect_eq "edits keep every old text, in order" \
	"edit|Ý kiến đầu tiên|Bản sửa một|edit|Bản sửa một|Bản sửa hai" \
	"$(tsv --comment "$C1" | awk -F'\t' '$3 == "edit" { print $3 "|" $8 "|" $9 }' | paste -sd'|')"
expect_eq "disposition and response logged with before and after" \
	"disposition|pending|accepted|response||Tiếp thu" \
	"$(tsv --comment "$C1" | awk -F'\t' '$3 == "disposition" || $3 == "response" { print $3 "|" $8 "|" $9 }' | sort | paste -sd'|')"
expect_eq "delete, restore, delete" "delete restore delete" "$(tsv --comment "$C2" | awk -F'\t' '$3 != "add" { print $3 }' | paste -sd' ')"
expect_eq "another program's changes have no system user or delegate" "|" \
	"$(tsv --comment "$C1" | awk -F'\t' '$3 == "edit" { print $4 "|" $5; exit }')"
rung check "$DB"
expect_eq "check passes with the log in step" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"

# the text format shows the old and the new text
rung log "$DB" --comment "$C1"
expect_contains "text: the old text" "- Bản sửa một" "$out"
expect_contains "text: another program" "(another program)" "$out"
# json is valid and complete
"$GOPY" log "$DB" --format json >"$T/log.json"
expect_eq "json parses, one object per entry" "$(tsv | wc -l)" \
	"$(py "import json,sys; print(len(json.load(open(sys.argv[1]))))" "$T/log.json")"

# the log is append-only, even from the sqlite3 shell
before=$(db_sql "$DB" "SELECT count(*), sum(length(coalesce(old_value, ''))) FROM audit")
run db_sql "$DB" "UPDATE audit SET old_value = 'giả mạo' WHERE kind = 'edit'"
expect_contains "UPDATE on the log refused" "append-only" "$err"
run db_sql "$DB" "DELETE FROM audit WHERE kind = 'edit'"
expect_contains "DELETE on the log refused" "append-only" "$err"
expect_eq "the log is unchanged" "$before" "$(db_sql "$DB" "SELECT count(*), sum(length(coalesce(old_value, ''))) FROM audit")"

# a refused write leaves no entry
n=$(db_sql "$DB" 'SELECT count(*) FROM audit')
rung comment "$DB" --doc DA-CDS --as NOBODY "Không ai"
expect_eq "a refused comment: no entry" "1|$n" "$rc|$(db_sql "$DB" 'SELECT count(*) FROM audit')"

# an import is one entry covering its comments; --comment finds it for an imported comment
n=$(db_sql "$DB" 'SELECT count(*) FROM comment')
g import-comments "$DB" "$DATA/comments.csv" >/dev/null
rows=$(($(db_sql "$DB" 'SELECT count(*) FROM comment') - n))
expect_eq "the import: one entry, its file and count" "import|$ME|$DATA/comments.csv|$rows" \
	"$(tsv | awk -F'\t' '$3 == "import" { print $3 "|" $4 "|" $11 "|" $10 }')"
IMP=$(db_sql "$DB" "SELECT id FROM comment ORDER BY seq DESC LIMIT 1")
expect_eq "log --comment of an imported comment shows its import" "import" "$(tsv --comment "$IMP" | col 3)"
expect_eq "log --doc leaves out other documents' entries" "0" \
	"$(tsv --doc DA-CDS | awk -F'\t' '$6 != "" && $6 != "DA-CDS"' | wc -l)"
rung check "$DB"
expect_eq "check passes after the import" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"

# the same findings on a server, where the triggers are switched off rather than dropped
if on_server; then
	db_sql "$DB" "DELETE FROM comment WHERE id = $C2"
	expect_eq "a removal with plain SQL is logged with the text" "purge|Ý kiến do thư ký ghi" \
		"$("$GOPY" log "$DB" --format tsv | awk -F'\t' '$3 == "purge" { print $3 "|" $8 }')"
	rung check "$DB"
	expect_eq "check accepts a logged removal" "0" "$rc"
	gv GONE comment "$DB" --doc DA-CDS --as STTTT-01 "Sẽ bị xóa lén"
	db_sql "$DB" "ALTER TABLE comment DISABLE TRIGGER audit_comment; ALTER TABLE comment DISABLE TRIGGER comment_added;
		UPDATE comment SET body = 'Sửa lén' WHERE id = $C1;
		INSERT INTO comment(id, document_id, root_id, thread_key, author_id, body, created_at)
		SELECT 77, document_id, 77, '\\x7fffffff'::bytea, author_id, 'Chèn lén', created_at FROM comment WHERE id = $C1;
		UPDATE comment SET disposition = 3 WHERE id = $C1;
		DELETE FROM comment WHERE id = $GONE;
		ALTER TABLE audit DISABLE TRIGGER audit_append_only; DELETE FROM audit WHERE seq = 3"
	rung check "$DB"
	expect_contains "an unlogged edit: the trigger switched off" "trigger audit_comment is missing" "$out"
	expect_contains "an unlogged edit: the text differs" "comment $C1: its text is not the last text in the audit log" "$out"
	expect_eq "an unlogged edit: exit 1" "1" "$rc"
	expect_contains "removed entries: the gap" "entries 3 to 3 are missing" "$out"
	expect_contains "an unlogged removal" "comment $GONE: in the audit log but gone, and its removal is not logged" "$out"
	expect_contains "an unlogged comment" "comment 77: not in the audit log" "$out"
	expect_contains "an unlogged disposition" "comment $C1: disposition 3, the audit log says 1" "$out"
else
	# a comment removed with plain SQL: logged with its text
	cp "$DB" "$T/t0.db"
	sqlite3 "$T/t0.db" "DELETE FROM comment WHERE id = $C2"
	expect_eq "a removal with plain SQL is logged with the text" "purge|Ý kiến do thư ký ghi" \
		"$("$GOPY" log "$T/t0.db" --format tsv | awk -F'\t' '$3 == "purge" { print $3 "|" $8 }')"
	rung check "$T/t0.db"
	expect_eq "check accepts a logged removal" "0" "$rc"

	# check finds a log out of step with the comments
	cp "$DB" "$T/t1.db"
	sqlite3 "$T/t1.db" "DROP TRIGGER audit_comment_edited; UPDATE comment SET body = 'Sửa lén' WHERE id = $C1"
	rung check "$T/t1.db"
	expect_contains "an unlogged edit: the dropped trigger" "trigger audit_comment_edited is missing" "$out"
	expect_contains "an unlogged edit: the text differs" "comment $C1: its text is not the last text in the audit log" "$out"
	expect_eq "an unlogged edit: exit 1" "1" "$rc"
	cp "$DB" "$T/t2.db"
	sqlite3 "$T/t2.db" "DROP TRIGGER audit_keep_rows; DELETE FROM audit WHERE seq = 3; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)"
	rung check "$T/t2.db"
	expect_contains "removed entries: the gap" "entries 3 to 3 are missing" "$out"
	last=$(db_sql "$DB" 'SELECT max(seq) FROM audit')
	expect_contains "removed entries: the last one too" "entries $last to $last are missing" "$out"
	cp "$DB" "$T/t3.db"
	sqlite3 "$T/t3.db" "DROP TRIGGER audit_comment_disposed; DROP TRIGGER audit_comment_added;
		INSERT INTO comment(id, document_id, root_id, thread_key, author_id, body, created_at)
		SELECT 77, document_id, 77, x'7fffffff', author_id, 'Chèn lén', created_at FROM comment WHERE id = $C1;
		UPDATE comment SET disposition = 3 WHERE id = $C1"
	sqlite3 "$T/t3.db" "DROP TRIGGER audit_comment_purged; DELETE FROM comment WHERE id = $C2"
	rung check "$T/t3.db"
	expect_contains "an unlogged removal" "comment $C2: in the audit log but gone, and its removal is not logged" "$out"
	expect_contains "an unlogged comment" "comment 77: not in the audit log" "$out"
	expect_contains "an unlogged disposition" "comment $C1: disposition 3, the audit log says 1" "$out"

	# a file of schema 1 (made here by removing the log and what later migrations add) migrates: a
	# baseline entry covers its comments
	cp "$DB" "$T/old.db"
	downgrade_6 "$T/old.db"
	sqlite3 "$T/old.db" "$(sqlite3 "$T/old.db" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_schema WHERE type = 'trigger' AND (name LIKE 'audit%' OR name LIKE 'tally%')")
		DROP TABLE audit; DROP TABLE audit_session; DELETE FROM sqlite_sequence;
		DROP TABLE tally_disposition; DROP TABLE tally_author; DROP TABLE consultee; DROP INDEX delegate_unit; DROP INDEX comment_author;
		DROP INDEX comment_disposition;
		PRAGMA user_version = 1;"
	n=$(sqlite3 "$T/old.db" 'SELECT count(*) FROM comment')
	rung check "$T/old.db"
	expect_eq "schema 1 opens, migrates, and checks clean" "0|$T/old.db: ok (schema $SCHEMA)|$SCHEMA" "$rc|$out|$(sqlite3 "$T/old.db" 'PRAGMA user_version')"
	expect_eq "a baseline entry covers the comments made before" "baseline|$n" \
		"$(GOPY_DB= "$GOPY" log "$T/old.db" --format tsv | tail -n +2 | awk -F'\t' '{ print $3 "|" $10 }')"
fi

# usage
refused "log --comment not a number" 2 "--comment needs a comment id" "$DB" log "$DB" --comment 12x
refused "log of an unknown document" 1 "no document with code NOPE" "$DB" log "$DB" --doc NOPE
