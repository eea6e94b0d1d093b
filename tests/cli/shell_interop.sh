#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# shell_interop.sh — the file stays usable with the stock sqlite3 shell: every table reads,
# a comment INSERTed with plain SQL is counted by the triggers and indexed for search the
# next time gopy opens the file, an UPDATE or DELETE made there is re-indexed, and
# `gopy check` passes throughout.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
DB=$T/review.db
make_db "$DB" >/dev/null || not_ok "fixture database"
gv C1 comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến đầu tiên về phạm vi"
g import-comments "$DB" "$DATA/comments.csv" >/dev/null

# ---- every table and view reads in the stock shell --------------------------------------
tables=$(sqlite3 "$DB" "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name")
for t in delegate document section comment comment_fts; do
	case $'\n'"$tables"$'\n' in *$'\n'"$t"$'\n'*) ok "table $t exists" ;; *) not_ok "table $t exists" "$tables" ;; esac
done
fails=""
for t in $tables; do
	sqlite3 "$DB" "SELECT * FROM \"$t\" LIMIT 5" >/dev/null 2>"$T/e" || fails+="$t: $(cat "$T/e"); "
done
expect_eq "the stock shell reads every table" "" "$fails"
expect_eq "the shell's integrity_check" "ok" "$(sqlite3 "$DB" 'PRAGMA integrity_check')"
expect_eq "no custom functions or collations in the schema" "" \
	"$(sqlite3 "$DB" "SELECT name FROM sqlite_schema WHERE sql LIKE '%COLLATE %' AND sql NOT LIKE '%NOCASE%' AND sql NOT LIKE '%BINARY%'")"

# ---- a comment inserted with plain SQL ---------------------------------------------------
counts() { g list "$DB" --format tsv | awk -F'\t' 'NR == 2 { print $6 "/" $7 }'; }
before=$(counts)
sqlite3 "$DB" "INSERT INTO comment(id, document_id, section_id, parent_id, root_id, depth, thread_key,
		author_id, body, created_at)
	SELECT 990001, d.id, s.id, NULL, 990001, 0, x'00000099', a.id,
		'Góp ý nhập bằng SQL: cần nguồn xã hội hóa cho trung tâm an toàn thông tin', '2026-05-03T10:00:00Z'
	FROM document d JOIN section s ON s.document_id = d.id AND s.label = 'Điều 3', delegate a
	WHERE d.code = 'DA-CDS' AND a.code = 'UBND-MD'" || not_ok "plain SQL insert"
expect_eq "the triggers counted it (document)" "$(( ${before%/*} + 1 ))/$(( ${before#*/} + 1 ))" "$(counts)"
expect_eq "the triggers counted it (section)" "1|1" \
	"$(sqlite3 "$DB" "SELECT n_comments || '|' || n_pending FROM section WHERE label = 'Điều 3'")"
expect_eq "the shell's own FTS5 finds it at once (the index is kept by triggers)" 1 \
	"$(sqlite3 "$DB" "SELECT count(*) FROM comment_fts WHERE comment_fts MATCH '\"trung tam an toan\"'")"
rung search "$DB" "trung tam an toan thong tin" --format tsv
expect_eq "gopy search finds it on the next run" "comment	990001	DA-CDS	Điều 3	Phạm Thị Hoa" \
	"$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 { print $1 "\t" $2 "\t" $3 "\t" $4 "\t" $5 }')"
rung list "$DB" --doc DA-CDS --comments --format json
expect_eq "list --comments shows it under Điều 3" "990001" \
	"$(printf '%s' "$out" | py 'import json,sys; d=json.load(sys.stdin); print(" ".join(str(c["id"]) for s in d["sections"] if s["label"] == "Điều 3" for c in s["comments"]))')"
rung check "$DB"
expect_eq "check passes after the SQL insert" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"

# gopy replies to it: the reply's key extends the SQL-made key
gv R1 comment "$DB" --reply-to 990001 --as STTTT-01 "Trả lời ý kiến nhập bằng SQL"
expect_eq "a reply to the SQL comment extends its thread key" "0000009900000001|1|990001" \
	"$(sqlite3 "$DB" "SELECT hex(thread_key) || '|' || depth || '|' || root_id FROM comment WHERE id = $R1")"
gv R2 comment "$DB" --doc DA-CDS --as STTTT-01 "Ý kiến chung sau đó"
expect_eq "the next root comment sorts after the SQL one" "0000009A" \
	"$(sqlite3 "$DB" "SELECT hex(thread_key) FROM comment WHERE id = $R2")"

# ---- an UPDATE of a body in the shell is re-indexed ----------------------------------------
sqlite3 "$DB" "UPDATE comment SET body = 'Đã sửa trong shell: bổ sung kinh phí đào tạo' WHERE id = 990001"
rung search "$DB" "kinh phi dao tao" --format tsv
expect_eq "the new words are found" "990001" "$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 && $1 == "comment" { print $2 }')"
rung search "$DB" "trung tam an toan thong tin" --format tsv
expect_eq "the old words are gone" "" "$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 && $1 == "comment" { print $2 }')"

# ---- a disposition set and a row deleted in the shell keep the counters right --------------
sqlite3 "$DB" "UPDATE comment SET disposition = 1, response = 'Tiếp thu' WHERE id = $C1"
sqlite3 "$DB" "DELETE FROM comment WHERE id = $R2"
expect_eq "counters follow UPDATE and DELETE" "$(sqlite3 "$DB" "SELECT count(*) || '/' || sum(disposition = 0) FROM comment")" "$(counts)"
rung search "$DB" "y kien chung sau do" --format tsv
expect_eq "a row deleted in the shell leaves the index" "" "$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 && $1 == "comment"')"
rung check "$DB"
expect_eq "check passes after shell edits" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"

# ---- a delegate added in the shell gets its sort key and can comment ----------------------
sqlite3 "$DB" "INSERT INTO delegate(id, code, name, unit) VALUES (424242, 'SQL-1', 'Đặng Văn Ái', 'Sở Tài chính')"
gv R3 comment "$DB" --doc DA-CDS --as SQL-1 "Ý kiến của đại biểu thêm bằng SQL"
[[ "$R3" =~ ^[0-9]+$ ]] && ok "a delegate added in the shell can comment" || not_ok "a delegate added in the shell can comment" "$R3"
expect_eq "its sort key was filled in" 1 "$(sqlite3 "$DB" "SELECT sort_key IS NOT NULL FROM delegate WHERE id = 424242")"
expect_eq "delegate list orders it by given name: (Đặng Văn) Ái before (Nguyễn Văn) An" "SQL-1" \
	"$(g delegate "$DB" list --format tsv | sed -n 2p | cut -f1)"

# ---- a damaged counter is caught by check ---------------------------------------------------
sqlite3 "$DB" "UPDATE document SET n_comments = n_comments + 5"
rung check "$DB"
expect_eq "check finds a wrong counter" 1 "$rc"
expect_contains "check names the problem" "counters" "$out"
