#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# added.sh — a comment's insert on a server runs one trigger function (migration 13:
# comment_added: its audit entry, the counters, the tallies; since 14 its day) and, written in a
# transaction of its own, is sent whole in one round trip, who writes it and when set for its
# transaction by the same statement (store_comment.c WITH_SESSION). The same writes on a file and on a server give the same counters, tallies and
# audit entries: comments streamed on a document (the one-round-trip path), in a section and as
# replies (their lookups first), typed by a secretary, and rows inserted with plain SQL by
# another program (no audit session: an entry with nobody named, as SQLite's triggers make it).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start || exit 1
S=$(pg_newdb added)
F=$T/added.db
export GOPY_NOW=2025-03-01T08:00:00Z
for db in "$F" "$S"; do
	make_db "$db" >/dev/null || not_ok "the review is built: $db"
done
q() { pg_psql added -c "SET search_path = gopy; $1"; }

for db in "$F" "$S"; do
	printf 'Dòng %s\n' 1 2 3 | "$GOPY" comment "$db" --doc DA-CDS --as STTTT-01 --stream >"$T/roots" ||
		not_ok "three comments streamed on the document: $db"
	printf 'Trong điều %s\n' 1 2 | "$GOPY" comment "$db" --doc DA-CDS --section "Điều 1" --as UBND-MD --stream \
		>"$T/section" || not_ok "two comments streamed on a section: $db"
	"$GOPY" comment "$db" --doc DA-CDS --reply-to "$(head -n 1 "$T/roots")" --as UBND-MD --by TK-01 \
		"Trả lời, do thư ký ghi" >/dev/null || not_ok "a reply typed by the secretary: $db"
done

# rows written by another program with plain SQL: one live, one deleted as it is inserted
plain="INSERT INTO comment(id, document_id, root_id, thread_key, author_id, body, created_at, deleted_at)
	SELECT 9001, id, 9001, X'7FFFFFF0', (SELECT id FROM delegate WHERE code = 'UBND-MD'), 'Chèn bằng SQL',
		'2025-03-01T09:00:00Z', NULL FROM document;
	INSERT INTO comment(id, document_id, root_id, thread_key, author_id, body, created_at, deleted_at)
	SELECT 9002, id, 9002, X'7FFFFFF1', (SELECT id FROM delegate WHERE code = 'UBND-MD'), 'Chèn rồi xóa',
		'2025-03-01T09:00:00Z', '2025-03-01T09:00:00Z' FROM document"
sqlite3 "$F" "$plain" || not_ok "plain SQL inserts into the file"
q "$(sed "s/X'\([0-9A-F]*\)'/'\\\\x\1'::bytea/g" <<<"$plain")" >/dev/null || not_ok "plain SQL inserts on the server"

for what in "stats --doc DA-CDS --format json" "stats --format json" "log --format tsv"; do
	# (the log's ids and times differ between the two; its kinds, delegates, documents and texts do not)
	# shellcheck disable=SC2086
	expect_eq "the same $what on the server as in the file" \
		"$("$GOPY" $what "$F" | cut -f1,3- | sed 's/\t[0-9]\{10,\}\t/\t/g')" \
		"$("$GOPY" $what "$S" | cut -f1,3- | sed 's/\t[0-9]\{10,\}\t/\t/g')"
done
expect_eq "the file's log: the document, the delegates and the eight comments" "1|3|8" \
	"$("$GOPY" log "$F" --format tsv | awk -F'\t' '{ n[$3]++ } END { print n["document"] "|" n["delegate"] "|" n["add"] }')"
expect_eq "the server's counters: 7 live comments, 7 pending" "7|7" "$(q "SELECT n_comments, n_pending FROM document")"
expect_eq "the tallies: by author, the roots and the others" "STTTT-01 3 3|UBND-MD 4 3" \
	"$(q "SELECT d.code || ' ' || t.n || ' ' || t.n_roots FROM tally_author t JOIN delegate d ON d.id = t.author_id
		ORDER BY d.code" | paste -sd'|')"
expect_eq "an audit entry a comment, the deleted one's too" "8" "$(q "SELECT count(*) FROM audit WHERE kind = 'add'")"
expect_eq "the streamed comments' entries name who wrote them, when" "3" \
	"$(q "SELECT count(*) FROM audit a JOIN comment c ON c.id = a.comment_id WHERE a.kind = 'add'
		AND c.body LIKE 'Dòng %' AND a.os_user = '$(id -un)' AND a.at = '$GOPY_NOW'
		AND a.delegate_id = (SELECT id FROM delegate WHERE code = 'STTTT-01')")"
expect_eq "the plain SQL rows' entries name nobody" "2|2" \
	"$(q "SELECT count(*), count(*) FILTER (WHERE os_user IS NULL AND delegate_id IS NULL) FROM audit
		WHERE comment_id IN (9001, 9002)")"
expect_eq "no audit session is left behind" "0" "$(q "SELECT count(*) FROM audit_session")"
for db in "$F" "$S"; do # (a row inserted as deleted has no deletion in the log: said on both)
	rung check "$db"
	expect_eq "check finds the same on both: $db" \
		"1|audit: comment 9002: deleted, but the audit log says otherwise|$db: problems found" "$rc|$(paste -sd'|' <<<"$out")"
done

# who writes a comment sent in one round trip, and when: settings of its transaction (migration
# 14), not a row of audit_session written and removed; a reply (its parent looked up first) still
# writes that row (a process's table statistics are the server's once it has ended)
ins() { q "SELECT n_tup_ins FROM pg_stat_user_tables WHERE relid = 'gopy.audit_session'::regclass"; }
before=$(ins)
printf 'Thêm %s\n' 1 2 3 4 | "$GOPY" comment "$S" --doc DA-CDS --as STTTT-01 --stream >"$T/more" ||
	not_ok "two more comments streamed"
expect_eq "four streamed comments write no row of audit_session" "$before" "$(ins)"
"$GOPY" comment "$S" --doc DA-CDS --reply-to "$(head -n 1 "$T/more")" --as UBND-MD "Trả lời thêm" >/dev/null ||
	not_ok "a reply"
expect_eq "a reply's transaction writes its row" "$((before + 1))" "$(ins)"
expect_eq "both ways name who wrote and when" "5|0" \
	"$(q "SELECT count(*) FILTER (WHERE a.os_user = '$(id -un)' AND a.at = '$GOPY_NOW'), count(*) FILTER (WHERE
		a.delegate_id IS NULL) FROM audit a JOIN comment c ON c.id = a.comment_id WHERE a.kind = 'add'
		AND (c.body LIKE 'Thêm _' OR c.body = 'Trả lời thêm')")"
rung check "$S"
expect_eq "the days and counters kept by the insert's one trigger: check passes but for the row above" \
	"1|audit: comment 9002: deleted, but the audit log says otherwise" "$rc|$(head -n 1 <<<"$out")"

# the insert's trigger switched off is named by check, as the others are
q "ALTER TABLE comment DISABLE TRIGGER comment_added" >/dev/null
rung check "$S"
expect_contains "check names the insert's trigger when it is off" "trigger comment_added is missing" "$out"
echo "1..$_n"
