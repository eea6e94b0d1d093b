#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# defects.sh — the defects found by trying gopy with hostile and broken input, one block
# each: the damaged schema version, NUL bytes, invalid UTF-8 in arguments, CSV rows with too
# many fields, strict numbers and options, the CSV formula guard, CR in headings, search
# --limit and the reply depth limit. Each refusal is one line, exit 1 (2 for usage), and
# leaves the file byte-identical.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB good
make_db "$DB" >/dev/null || not_ok "fixture database"
gv ROOT_ID comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến mẫu"

# ---- 1. a damaged schema version -------------------------------------------------------
on_server && versions=() || versions=(-1 -2147483648 0) # a server's: bad_input.sh
for v in "${versions[@]}"; do
	cp "$DB" "$T/v$v.db"
	sqlite3 "$T/v$v.db" "PRAGMA user_version = $v"
	for c in "list @" "comment @ --doc DA-CDS --as STTTT-01 Thêm" "check @"; do
		# shellcheck disable=SC2086
		refused "user_version $v: ${c%% *}" 1 "damaged or not a gopy schema" "$T/v$v.db" ${c//@/$T/v$v.db}
	done
done

# ---- 2. NUL bytes cut nothing silently -------------------------------------------------
printf 'trước\0sau\n' >"$T/nul.txt"
refused "comment -: a NUL byte is refused" 1 "NUL" "$DB" comment "$DB" --doc DA-CDS --as STTTT-01 - <"$T/nul.txt"
printf 'doc,author,body\nDA-CDS,STTTT-01,tốt\nDA-CDS,STTTT-01,trước\0sau\n' >"$T/nul.csv"
refused "import-comments: a NUL byte is refused with its line" 1 "line 3" "$DB" import-comments "$DB" "$T/nul.csv"
printf 'Điều 1. Phạm vi\nNội dung\0ẩn.\n' >"$T/nul-draft.txt"
refused "import: a NUL byte in a draft is refused with its line" 1 "line 2" "$DB" import "$DB" "$T/nul-draft.txt" --code NUL

# ---- 3. invalid UTF-8 in arguments is refused like on stdin ------------------------------
bad=$'B\xe1\xbb'
refused "comment TEXT, invalid UTF-8" 1 "not valid UTF-8" "$DB" comment "$DB" --doc DA-CDS --as STTTT-01 "$bad"
refused "comment --quote, invalid UTF-8" 1 "not valid UTF-8" "$DB" comment "$DB" --doc DA-CDS --as STTTT-01 --quote "$bad" "Ý kiến"
refused "delegate name, invalid UTF-8" 1 "not valid UTF-8" "$DB" delegate "$DB" add NEW "$bad"
refused "delegate --unit, invalid UTF-8" 1 "not valid UTF-8" "$DB" delegate "$DB" add NEW "Tên" --unit "$bad"
refused "import --title, invalid UTF-8" 1 "not valid UTF-8" "$DB" import "$DB" "$DATA/draft.md" --code NEW --title "$bad"

# ---- 4. a CSV row with more fields than the header ----------------------------------------
printf 'doc,author,body\nDA-CDS,STTTT-01,tốt\nDA-CDS,STTTT-01,thừa,một ô\n' >"$T/extra.csv"
refused "import-comments: a row with too many fields" 1 "line 3" "$DB" import-comments "$DB" "$T/extra.csv"

# ---- 5. strict numbers, conflicting options, empty values -----------------------------------
refused "--reply-to beyond 63 bits" 2 "--reply-to" "$DB" comment "$DB" --reply-to 99999999999999999999999 --as STTTT-01 "x"
refused "--reply-to with a leading blank" 2 "--reply-to" "$DB" comment "$DB" --reply-to " $ROOT_ID" --as STTTT-01 "x"
refused "--reply-to with a sign" 2 "--reply-to" "$DB" comment "$DB" --reply-to "+$ROOT_ID" --as STTTT-01 "x"
refused "search --limit beyond range" 2 "--limit" "$DB" search "$DB" y --limit 99999999999999999999
refused "search --limit with a blank" 2 "--limit" "$DB" search "$DB" y --limit " 5"
refused "search --exact --fold" 2 "--exact" "$DB" search "$DB" y --exact --fold
refused "delegate --login empty" 2 "--login" "$DB" delegate "$DB" add NEW "Tên" --login ""
refused "--version with an extra argument" 2 "--version" "$DB" --version extra
refused "--help with an extra argument" 2 "--help" "$DB" --help extra

# ---- 6. blanks before = do not escape the CSV formula guard ---------------------------------
for lead in '\t' '\r' ' ' '\n' ' \t'; do
	g comment "$DB" --doc DA-CDS --as STTTT-01 "$(printf "${lead}=1+1")" >/dev/null
done
"$GOPY" export "$DB" --doc DA-CDS --format csv -o "$T/f.csv"
bad=$(python3 - "$T/f.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
cells = [c for r in rows for c in r if "=1+1" in c]
print(len(cells), [c for c in cells if not c.startswith("'")])
PY
)
expect_eq "every cell with a formula after blanks starts with an apostrophe" "5 []" "$bad"

# ---- 7. a lone CR inside a heading does not split it ----------------------------------------
printf 'Điều 1. Phạm\rvi điều chỉnh\r\nNội dung.\nĐiều 2. Đối tượng\nNội dung 2.\n' >"$T/cr.txt"
check "a draft with a stray CR imports" g import "$DB" "$T/cr.txt" --code CR
heads=$("$GOPY" list "$DB" --doc CR --format tsv | awk -F'\t' 'NR > 1 { print $6 "|" $9 }' | tr '\n' ';')
expect_eq "the stray CR is a space; CRLF still ends the line" "Phạm vi điều chỉnh|Nội dung.;Đối tượng|Nội dung 2.;" "$heads"
printf 'Điều 1. Phạm vi\rNội dung.\rĐiều 2. Đối tượng\rNội dung 2.\r' >"$T/mac.txt"
check "a draft of lone CRs (old Mac) imports" g import "$DB" "$T/mac.txt" --code MAC
heads=$("$GOPY" list "$DB" --doc MAC --format tsv | awk -F'\t' 'NR > 1 { print $6 "|" $9 }' | tr '\n' ';')
expect_eq "lone CRs alone are line breaks" "Phạm vi|Nội dung.;Đối tượng|Nội dung 2.;" "$heads"
g comment "$DB" --doc CR --section "Điều 1" --as STTTT-01 "Ý kiến" >/dev/null
md=$("$GOPY" export "$DB" --doc CR --format md)
expect_contains "Markdown: the heading on one line" "### Điều 1 — Phạm vi điều chỉnh" "$md"

# ---- 8. search --limit says when it stopped short ---------------------------------------------
for i in 1 2 3; do g comment "$DB" --doc DA-CDS --as STTTT-01 "Giới hạn tìm kiếm số $i" >/dev/null; done
run "$GOPY" search "$DB" "gioi han tim kiem" --limit 2
expect_eq "--limit 2 of 3: two printed, and it says it stopped" \
	"0|2|2 matches shown (stopped at --limit 2; there are more) (ignoring diacritics and case)" \
	"$rc|$(grep -c '^    Giới hạn' <<<"$out")|$err"
run "$GOPY" search "$DB" "gioi han tim kiem" --limit 3
expect_eq "--limit 3 of 3: the real count" "0|3 matches (ignoring diacritics and case)" "$rc|$err"
run "$GOPY" search "$DB" "gioi han tim kiem so 1"
expect_eq "one match is singular" "0|1 match (ignoring diacritics and case)" "$rc|$err"
run "$GOPY" search "$DB" "gioi han tim kiem" --limit 2 --format tsv
expect_eq "tsv: the same note on stderr" "3|2 matches shown (stopped at --limit 2; there are more) (ignoring diacritics and case)" \
	"$(wc -l <<<"$out")|$err"

# ---- 9. the reply depth limit: documented, enforced, reported; deep chains stay linear -------
chain() { # DB DEPTH: a chain DEPTH comments deep under a new root, made with plain SQL
	if on_server; then
		db_sql "$1" "INSERT INTO comment(id, document_id, parent_id, root_id, depth, thread_key, author_id, body, created_at)
			SELECT 900000 + d, doc.id, CASE WHEN d = 0 THEN NULL ELSE 899999 + d END, 900000, d,
			  '\\x00007f00'::bytea || decode(repeat('00', 4 * d), 'hex'), a.id, 'Trả lời mức ' || (d + 1),
			  '2026-05-01T00:00:00Z'
			FROM generate_series(0, $2 - 1) AS d, document doc, delegate a WHERE doc.code = 'DA-CDS' AND a.code = 'STTTT-01'"
		return
	fi
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); depth = int(sys.argv[2])
doc, = db.execute("SELECT id FROM document WHERE code = 'DA-CDS'").fetchone()
author, = db.execute("SELECT id FROM delegate WHERE code = 'STTTT-01'").fetchone()
key = bytes([0, 0, 0x7f, 0]); parent = None; root = 900000
for d in range(depth):
    cid = root + d
    db.execute("INSERT INTO comment(id, document_id, parent_id, root_id, depth, thread_key, author_id, body, created_at) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2026-05-01T00:00:00Z')",
               (cid, doc, parent, root, d, key, author, "Trả lời mức %d" % (d + 1)))
    parent = cid; key += bytes(4)
db.commit()
PY
}
# copy_good VAR NAME: VAR := a review like $DB (a copy of the file; on a server, made again)
copy_good() {
	if on_server; then new_db "$1" "$2"; make_db "${!1}" >/dev/null
	else printf -v "$1" '%s' "$T/$2.db"; cp "$DB" "${!1}"; fi
}
copy_good DEEP deep
chain "$DEEP" 128
rung comment "$DEEP" --reply-to 900127 --as STTTT-01 "Mức 129"
expect_eq "a reply at level 129 is refused" "1|gopy: the thread is too deep (at most 128 levels)" "$rc|$err"
rung check "$DEEP"
expect_eq "128 levels: check is content" 0 "$rc"
copy_good DEEPER deeper
chain "$DEEPER" 3000
rung check "$DEEPER"
expect_eq "3000 levels: check reports the thread once" \
	"1|1|comment 902999: 3000 levels deep, past the limit of 128 (made by another tool; gopy shows it but cannot reply to it)" \
	"$rc|$(grep -c 'levels deep' <<<"$out")|$(grep 'levels deep' <<<"$out" | sed 's/^threads: //')"
"$GOPY" export "$DEEPER" --doc DA-CDS --format md -o "$T/deep.md"
size=$(stat -c %s "$T/deep.md")
[ "$size" -lt 1000000 ] && ok "Markdown of a 3000-deep chain stays linear ($size bytes)" ||
	not_ok "Markdown of a 3000-deep chain stays linear" "$size bytes"
expect_contains "past the indentation cap the reply level is written" "(2999) ↳" "$(cat "$T/deep.md")"
expect_contains "the man page documents the limit" "128 levels" "$(cat "$ROOT/man/gopy.1")"
