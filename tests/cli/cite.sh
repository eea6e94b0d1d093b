#!/usr/bin/env bash
# cite.sh — where an accepted comment went (issue 11): `gopy handle ID --at LABEL` cites a
# section of the newest version (or of --version N) with the comment's handling; the synthesis
# report says it in the response column ("Đã tiếp thu tại khoản 3 Điều 3 dự thảo lần 2.") in
# every format, linked in html to part IV, which gives the cited text; the citation is kept by
# id, so it survives relabelling and a later version; `gopy check` finds a broken one; every
# refusal leaves the file as it was.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
V=$DATA/versions
new_db DB review
g init "$DB" >/dev/null
g import "$DB" "$V/lan1.txt" --code NQ --title "Nghị quyết về chuyển đổi số" >/dev/null
g delegate "$DB" add DB1 "Nguyễn Văn An" --unit "Sở Tài chính"
g delegate "$DB" add ED "Lê Thị Biên" --unit "Văn phòng" --role editor
gv SPLIT comment "$DB" --doc NQ --section "khoản 2 Điều 2" --as DB1 "Tách hợp tác xã ra một khoản riêng"
gv DAU comment "$DB" --doc NQ --section "Điều 10" --as DB1 "Sửa chữ thông qua"
gv KEEP comment "$DB" --doc NQ --section "Điều 1" --as DB1 "Giữ nguyên"
g import "$DB" "$V/lan2.txt" --code NQ --revision --label "Dự thảo lần 2" >/dev/null
sec_of() { db_sql "$DB" "SELECT s.full_label || '|' || s.version FROM citation c JOIN section s ON s.id = c.section_id WHERE c.comment_id = $1"; }

# ---- setting it ------------------------------------------------------------------------------
rung handle "$DB" "$SPLIT" --disposition accepted --response "Đã tách thành hai khoản." --at "khoản 3 Điều 3" --as ED
expect_eq "handle --at: disposition, response and citation in one go" "0|comment $SPLIT: at khoản 3 Điều 3 (version 2)" "$rc|$out"
expect_eq "the citation is the section of the newest version" "khoản 3 Điều 3|2" "$(sec_of "$SPLIT")"
expect_eq "the disposition and response are stored" "1|Đã tách thành hai khoản." \
	"$(db_sql "$DB" "SELECT disposition || '|' || response FROM comment WHERE id = $SPLIT")"
rung handle "$DB" "$DAU" --disposition partly --response "Sửa lỗi dấu." --at "dieu 9" --as ED
expect_eq "the label is found as --section finds it (no diacritics needed)" "Điều 9|2" "$(sec_of "$DAU")"
rung handle "$DB" "$KEEP" --disposition explained --as ED
expect_eq "handle without --at cites nothing" "0||" "$rc|$out|$(sec_of "$KEEP")"
rung handle "$DB" "$KEEP" --at "Điều 2" --version 1 --as ED
expect_eq "--version 1: a section of lần 1 (the comment's own version)" "Điều 2|1" "$(sec_of "$KEEP")"
rung handle "$DB" "$KEEP" --at "" --as ED
expect_eq "--at \"\" removes it" "0|" "$rc|$(sec_of "$KEEP")"

# ---- refusals leave the file as it was ---------------------------------------------------------
refused "--at a section the version lacks" 1 "no section 'Điều 99'" "$DB" handle "$DB" "$DAU" --at "Điều 99" --as ED
expect_eq "…the disposition asked with it is not applied either" "2" "$(db_sql "$DB" "SELECT disposition FROM comment WHERE id = $DAU")"
refused "a delegate may not handle" 1 "" "$DB" handle "$DB" "$DAU" --at "Điều 8" --as DB1
refused "an unknown comment" 1 "no comment with id 12345" "$DB" handle "$DB" 12345 --at "Điều 8" --as ED
refused "an unknown disposition" 2 "unknown disposition" "$DB" handle "$DB" "$DAU" --disposition maybe --as ED
refused "--version without --at" 2 "--version needs --at" "$DB" handle "$DB" "$DAU" --disposition accepted --version 1 --as ED
refused "nothing to do" 2 "usage: gopy handle" "$DB" handle "$DB" "$DAU" --as ED
refused "a version past the newest" 1 "has no version 3" "$DB" handle "$DB" "$DAU" --at "Điều 8" --version 3 --as ED
gv NEW comment "$DB" --doc NQ --section "Điều 1" --as DB1 "Góp ý lần 2"
refused "a section older than the comment's" 1 "older version" "$DB" handle "$DB" "$NEW" --at "Điều 1" --version 1 --as ED

# ---- in the synthesis report, every format ---------------------------------------------------------
SPLIT_SEC=$(db_sql "$DB" "SELECT section_id FROM citation WHERE comment_id = $SPLIT")
rung export "$DB" --doc NQ --version 1 --date 2026-05-04 --width 200
expect_contains "txt: the official wording in the response column" "Đã tiếp thu tại khoản 3 Điều 3 dự thảo lần 2." "$out"
expect_contains "txt: tiếp thu một phần says so" "Đã tiếp thu một phần tại Điều 9 dự thảo lần 2." "$out"
expect_contains "txt: part IV gives the cited text" "- Khoản 3 Điều 3 dự thảo lần 2: Hợp tác xã nông nghiệp và tổ hợp tác sản xuất." "$out"
rung export "$DB" --doc NQ --version 1 --date 2026-05-04 --format md
expect_contains "md: the wording" "Đã tiếp thu tại khoản 3 Điều 3 dự thảo lần 2." "$out"
rung export "$DB" --doc NQ --version 1 --date 2026-05-04 --format html
expect_contains "html: the citation links to its section" "Đã tiếp thu tại <a href=\"#s$SPLIT_SEC\">khoản 3 Điều 3 dự thảo lần 2</a>." "$out"
expect_contains "html: the link's target is in the page" "<p class=\"item\" dir=\"auto\" id=\"s$SPLIT_SEC\">- Khoản 3 Điều 3 dự thảo lần 2:" "$out"
check "html: every link has its target" py "
import re, sys
h = sys.argv[1]
links = set(re.findall(r'href=\"#(s\d+)\"', h)); ids = set(re.findall(r' id=\"(s\d+)\"', h))
assert len(links) == 2 and links <= ids, (links, ids)" "$out"
g export "$DB" --doc NQ --version 1 --date 2026-05-04 --format docx -o "$T/r.docx"
g export "$DB" --doc NQ --version 1 --date 2026-05-04 --format xlsx -o "$T/r.xlsx"
check "docx and xlsx: the citation text in the response cell" /usr/bin/python3 -c "
import sys, docx, openpyxl
want = 'Đã tiếp thu tại khoản 3 Điều 3 dự thảo lần 2.'
cells = [c.text for t in docx.Document(sys.argv[1]).tables for r in t.rows for c in r.cells]
assert any(want in c and c.startswith('Tiếp thu') for c in cells), 'docx'
paras = [p.text for p in docx.Document(sys.argv[1]).paragraphs]
assert any(p.startswith('- Khoản 3 Điều 3 dự thảo lần 2:') for p in paras), 'docx part IV'
ws = openpyxl.load_workbook(sys.argv[2]).worksheets[0]
assert any(isinstance(c.value, str) and want in c.value for r in ws.iter_rows() for c in r), 'xlsx'" "$T/r.docx" "$T/r.xlsx"
rung export "$DB" --doc NQ --version 1 --date 2026-05-04 --format json
check "json unchanged in shape: still parses" py "import json, sys; json.loads(sys.argv[1])" "$out"

rung export "$DB" --doc NQ --date 2026-05-04 --width 200
expect_contains "every version's comments: an older version's group says its version" "| Khoản 2 Điều 2 (dự thảo lần 1)" "$out"
expect_contains "…and its citation is there too" "Đã tiếp thu tại khoản 3 Điều 3 dự thảo lần 2." "$out"
expect_contains "the newest version's group has no suffix" "| Điều 1 — Mục tiêu tổng quát " "$out"

# ---- kept by id: relabelling and a later version do not move it ----------------------------------------
db_sql "$DB" "UPDATE section SET label = 'Khoản 4', full_label = 'khoản 4 Điều 3' WHERE id = $SPLIT_SEC"
rung export "$DB" --doc NQ --version 1 --date 2026-05-04 --width 200
expect_contains "a relabelled section: the citation follows it" "Đã tiếp thu tại khoản 4 Điều 3 dự thảo lần 2." "$out"
db_sql "$DB" "UPDATE section SET label = 'Khoản 3', full_label = 'khoản 3 Điều 3' WHERE id = $SPLIT_SEC"
sed 's/^Điều 1\. Mục tiêu tổng quát/Điều 1. Mục tiêu chung/' "$V/lan2.txt" >"$T/lan3.txt"
g import "$DB" "$T/lan3.txt" --code NQ --revision --label "Dự thảo lần 3" >/dev/null
expect_eq "a third version: the citation stays on lần 2's section" "khoản 3 Điều 3|2" "$(sec_of "$SPLIT")"
rung export "$DB" --doc NQ --version 1 --date 2026-05-04 --width 200
expect_contains "…and the report still names lần 2" "Đã tiếp thu tại khoản 3 Điều 3 dự thảo lần 2." "$out"
rung handle "$DB" "$SPLIT" --at "khoản 3 Điều 3" --as ED
expect_eq "cited again: now the newest version's" "khoản 3 Điều 3|3" "$(sec_of "$SPLIT")"
rung export "$DB" --doc NQ --version 1 --date 2026-05-04 --width 200
expect_contains "…and the report names lần 3" "Đã tiếp thu tại khoản 3 Điều 3 dự thảo lần 3." "$out"

# ---- gopy copy carries them ---------------------------------------------------------------------------
new_db COPY copy
g copy "$DB" "$COPY" >/dev/null
expect_eq "a copy has the same citations" "$(db_sql "$DB" "SELECT * FROM citation ORDER BY 1")" "$(db_sql "$COPY" "SELECT * FROM citation ORDER BY 1")"
rung export "$COPY" --doc NQ --version 1 --date 2026-05-04 --width 200
expect_contains "…and its report says where they went" "Đã tiếp thu tại khoản 3 Điều 3 dự thảo lần 3." "$out"

# ---- check ----------------------------------------------------------------------------------------
rung check "$DB"
expect_eq "check passes with citations" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"
OTHER=$(db_sql "$DB" "SELECT id FROM section WHERE version = 1 LIMIT 1")
db_sql "$DB" "INSERT INTO citation(comment_id, section_id) VALUES ($NEW, $OTHER)"
rung check "$DB"
expect_eq "check: a citation of an older version than the comment's is a problem" "1" "$rc"
expect_contains "…named" "comment $NEW: cites section $OTHER" "$out$err"
db_sql "$DB" "DELETE FROM citation WHERE comment_id = $NEW"
db_sql "$DB" "$(sql_no_fk) UPDATE citation SET section_id = 424242 WHERE comment_id = $DAU"
rung check "$DB"
expect_eq "check: a citation of a missing section is a problem" "1" "$rc"
expect_contains "…named" "comment $DAU: cites section 424242" "$out$err"
