#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# import_comments.sh — `gopy import-comments` takes the whole file or nothing: a bad row
# anywhere is reported with the file and its line, and nothing of that file is written
# (no comment, no new delegate); the database stays byte-identical.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB review
make_db "$DB" >/dev/null || not_ok "fixture database"
g comment "$DB" --doc DA-CDS --as STTTT-01 "Ý kiến có sẵn" >/dev/null
counts() { db_sql "$DB" "SELECT (SELECT count(*) FROM comment) || ' ' || (SELECT count(*) FROM delegate)"; }
before=$(counts)
H='doc,section,author,unit,body,created_at,reply_to'

bad() { # NAME NEEDLE CSV-TEXT: import refused, counts and file unchanged
	local name=$1 needle=$2
	printf '%s' "$3" >"$T/in.csv"
	refused "$name" 1 "$needle" "$DB" import-comments "$DB" "$T/in.csv"
	expect_eq "$name: nothing written" "$before" "$(counts)"
}

# A bad row in the middle, after good rows, one of which names a new author: nothing kept.
bad "unknown document on line 4" "in.csv: line 4: no document with code 'NOPE'" \
"$H
DA-CDS,Điều 1,STTTT-01,,Một,,
DA-CDS,,Hoàng Văn Mới,Sở Nội vụ,Hai,,
NOPE,,STTTT-01,,Ba,,
DA-CDS,,STTTT-01,,Bốn,,
"
bad "line numbers count the lines inside quoted fields" "in.csv: line 5: the document has no section 'Điều 99'" \
"$H
DA-CDS,,STTTT-01,,\"Một
dòng hai
dòng ba\",,
DA-CDS,Điều 99,STTTT-01,,Hai,,
"
bad "unknown section" "line 2: the document has no section 'Chương IX'" \
"$H
DA-CDS,Chương IX,STTTT-01,,Một,,
"
bad "unknown author code" "line 3: no delegate with code 'KHONGCO'" \
"$H
DA-CDS,,UBND-MD,,Một,,
DA-CDS,,KHONGCO,,Hai,,
"
bad "an unterminated quote" "in.csv: line 3: quoted field is not closed" \
"$H
DA-CDS,,STTTT-01,,Một,,
DA-CDS,,STTTT-01,,\"Hai không đóng ngoặc,,
DA-CDS,,STTTT-01,,Ba,,
"
bad "a stray quote after a closing quote" "line 2: unexpected character after a closing quote" \
"$H
DA-CDS,,STTTT-01,,\"Một\"x,,
"
bad "an unknown column" "in.csv: line 1: unknown column 'colour'" \
"doc,author,body,colour
DA-CDS,STTTT-01,Một,đỏ
"
bad "a column twice" "line 1: column 'body' appears twice" \
"doc,author,body,body
DA-CDS,STTTT-01,Một,Hai
"
bad "no author column" "the header has no 'author' column" \
"doc,body
DA-CDS,Một
"
bad "an empty file" "in.csv is empty (a header row is needed)" ""
bad "reply_to naming no comment" "line 2: reply_to 'c9' names no earlier comment" \
"id,$H
c1,DA-CDS,,STTTT-01,,Một,,c9
"
bad "reply_to to a later row" "line 2: reply_to 'c2' names no earlier comment" \
"id,$H
c1,DA-CDS,,STTTT-01,,Một,,c2
c2,DA-CDS,,STTTT-01,,Hai,,
"
bad "an id used twice" "line 3: id 'c1' is used twice" \
"id,$H
c1,DA-CDS,,STTTT-01,,Một,,
c1,DA-CDS,,STTTT-01,,Hai,,
"
bad "a bad time" "line 2: '1/5/2026' is not a time" \
"$H
DA-CDS,,STTTT-01,,Một,1/5/2026,
"
bad "an empty body" "line 2: the comment is empty" \
"$H
DA-CDS,,STTTT-01,,   ,,
"
bad "an empty doc" "line 2: the doc column is empty" \
"$H
,,STTTT-01,,Một,,
"
bad "an unknown disposition" "line 2: unknown disposition 'maybe'" \
"doc,author,body,disposition
DA-CDS,STTTT-01,Một,maybe
"
bad "invalid UTF-8 in a field" "line 3: field 3 is not valid UTF-8" \
"doc,author,body
DA-CDS,STTTT-01,Một
DA-CDS,STTTT-01,B$(printf '\xe1\xbb')
"
refused "a missing CSV file" 1 "cannot open $T/none.csv" "$DB" import-comments "$DB" "$T/none.csv"
refused "usage" 2 "usage: gopy import-comments DB FILE.csv" "$DB" import-comments "$DB"

# ---- a good file: BOM, CRLF, quotes, commas, newlines, reply_to to ids in the file ---------
printf '\xef\xbb\xbfid,doc,section,author,unit,body,created_at,reply_to,disposition,response\r\n' >"$T/ok.csv"
printf '%s\r\n' \
	'a,DA-CDS,Điều 2 khoản 1,Hoàng Văn Mới,Sở Nội vụ,"Một, hai; ""ba""",2026-05-01T08:00:00Z,,,' \
	'b,DA-CDS,,UBND-MD,,"Trả lời a
trên hai dòng",2026-05-01T09:00:00Z,a,tiếp thu,"Đã sửa, cảm ơn"' \
	'c,DA-CDS,,Hoàng Văn Mới,Sở Nội vụ,Trả lời b,2026-05-01T10:00:00Z,b,,' \
	'd,da-cds,điều 3,stttt-01,,"Mã viết thường vẫn nhận",,,,' >>"$T/ok.csv"
rung import-comments "$DB" "$T/ok.csv"
expect_eq "a good file imports" "0|imported 4 comments" "$rc|$out"
expect_eq "4 comments and 1 delegate more" "$(( ${before% *} + 4 )) $(( ${before#* } + 1 ))" "$(counts)"
expect_eq "threads: a → b → c, under khoản 1 Điều 2" \
"0|khoản 1 Điều 2|Hoàng Văn Mới|Một, hai; \"ba\"
1|khoản 1 Điều 2|Phạm Thị Hoa|Trả lời a
trên hai dòng
2|khoản 1 Điều 2|Hoàng Văn Mới|Trả lời b" \
	"$(db_sql "$DB" "SELECT c.depth, s.full_label, a.name, c.body FROM comment c JOIN section s ON s.id = c.section_id
		JOIN delegate a ON a.id = c.author_id WHERE s.full_label = 'khoản 1 Điều 2' ORDER BY c.thread_key")"
expect_eq "disposition and response imported" "1|Đã sửa, cảm ơn" \
	"$(db_sql "$DB" "SELECT disposition, response FROM comment WHERE body LIKE 'Trả lời a%'")"
expect_eq "codes and sections match case-insensitively" "Điều 3|Nguyễn Văn An|2026-05-04T08:30:00Z" \
	"$(db_sql "$DB" "SELECT s.label, a.name, c.created_at FROM comment c JOIN section s ON s.id = c.section_id
		JOIN delegate a ON a.id = c.author_id WHERE c.body LIKE 'Mã viết%'")"
rung check "$DB"
expect_eq "check passes after the import" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"

# A second import of a file naming the same new author reuses the delegate.
printf 'doc,author,unit,body\nDA-CDS,Hoàng Văn Mới,Sở Nội vụ,Lần hai\n' >"$T/again.csv"
rung import-comments "$DB" "$T/again.csv"
expect_eq "same name and unit: the same delegate" "0|1" "$rc|$(db_sql "$DB" "SELECT count(*) FROM delegate WHERE name = 'Hoàng Văn Mới'")"
