#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# compare.sh — the comparison table of a revised draft (bản so sánh, thuyết minh; issue 11):
# `gopy export --compare` on a pair of drafts where an article is inserted at the start (every
# number after it shifts), a khoản is split in two, two articles are merged, one is removed, a
# chapter moves and one syllable changes only in its diacritic. Goldens of txt, md and html
# (tests/report/golden/compare.*; UPDATE_GOLDEN=1 rewrites them); docx and xlsx read back with
# python-docx and openpyxl (the words changed struck through and underlined); the explanation
# carries the drafting team's notes (align --note / --note-old) and the comments the change
# absorbed; hostile text stays text in every format; the wrong versions are refused.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
GOLDEN=$(dirname "$0")/golden
V=$DATA/versions
new_db DB review
g init "$DB" >/dev/null
g import "$DB" "$V/lan1.txt" --code NQ --title "Nghị quyết về chuyển đổi số tỉnh" >/dev/null
g delegate "$DB" add DB1 "Nguyễn Văn An" --unit "Sở Tài chính"
g delegate "$DB" add DB2 "Trần Thị Bình" --unit "Sở Tư pháp"
g delegate "$DB" add ED "Lê Thị Biên" --unit "Văn phòng" --role editor
gv SPLIT comment "$DB" --doc NQ --section "khoản 2 Điều 2" --as DB1 "Tách hợp tác xã thành khoản riêng."
gv MERGE comment "$DB" --doc NQ --section "Điều 5" --as DB2 "Gộp với Điều 4 cho gọn."
gv DAU comment "$DB" --doc NQ --section "Điều 10" --as DB2 "Kiểm tra dấu của chữ “thông qua”."
gv NOTED comment "$DB" --doc NQ --section "Điều 9" --as DB1 "Tăng kinh phí lên hai phần trăm."
gv GONE comment "$DB" --doc NQ --section "Điều 6" --as DB1 "Điều này trùng với luật."
g import "$DB" "$V/lan2.txt" --code NQ --revision --label "Dự thảo lần 2" >/dev/null
g handle "$DB" "$SPLIT" --disposition accepted --response "Đã tách." --at "khoản 3 Điều 3" --as ED >/dev/null
g handle "$DB" "$MERGE" --disposition partly --response "Đã gộp, giữ tên mới." --as ED >/dev/null
g handle "$DB" "$DAU" --disposition accepted --response "Đã rà soát." --as ED >/dev/null
g handle "$DB" "$NOTED" --disposition explained --response "Giữ mức một phần trăm." --as ED >/dev/null
g handle "$DB" "$GONE" --disposition accepted --response "Đã bỏ." --as ED >/dev/null
rung align "$DB" --doc NQ --note "Điều 7=Hai điều cùng nói về hạ tầng." --note-old "Điều 6=Đã quy định tại Luật An toàn thông tin mạng."
expect_eq "align --note and --note-old" "0" "$rc"

# ---- goldens --------------------------------------------------------------------------------
for fmt in txt md html; do
	rung export "$DB" --doc NQ --compare --format $fmt --date 2026-05-04 --issuer "Sở Thông tin và Truyền thông" --place "Hà Nội"
	expect_eq "export --compare --format $fmt exits 0" "0|" "$rc|$err"
	printf '%s\n' "$out" >"$T/compare.$fmt"
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$T/compare.$fmt" "$GOLDEN/compare.$fmt"
		ok "$fmt golden updated"
	elif cmp -s "$T/compare.$fmt" "$GOLDEN/compare.$fmt"; then ok "$fmt matches golden"; else
		not_ok "$fmt matches golden" "$(diff "$GOLDEN/compare.$fmt" "$T/compare.$fmt" | head -n 30)"; fi
done
TXT=$(cat "$T/compare.txt")
# What the goldens hold, said once more so a regenerated golden cannot hide a regression.
expect_contains "txt: the official title" "BẢN SO SÁNH, THUYẾT MINH" "$TXT"
expect_contains "txt: the column of the old draft" "DỰ THẢO LẦN 1" "$TXT"
expect_contains "txt: the explanation column" "GIẢI TRÌNH, TIẾP THU" "$TXT"
check "txt: renumbering: the number marked, the text kept" py "import sys; t = sys.argv[1]; assert 'Điều [-1-]. Phạm vi điều chỉnh' in t and 'Điều {+2+}. Phạm vi điều chỉnh' in t" "$TXT"
check "txt: the dấu-only edit marks the one syllable" py "import sys; t = sys.argv[1]; assert 'tỉnh thông [-qua-].' in t and 'tỉnh thông {+quá+}.' in t" "$TXT"
expect_contains "txt: the split khoản in one row" "Tách thành khoản 2 Điều 3 và khoản 3" "$TXT"
expect_contains "txt: the merged articles in one row" "Gộp Điều 4 và Điều 5 thành Điều 7." "$TXT"
expect_contains "txt: the removed article" "Bỏ." "$TXT"
expect_contains "txt: the moved chapter" "Giữ nguyên nội dung, chuyển vị trí:" "$TXT"
expect_contains "txt: the new article" "Bổ sung mới." "$TXT"
expect_contains "txt: unchanged sections summed up in one line" "- Giữ nguyên 4 điều, khoản: Phần mở đầu, Chương I, khoản 1 Điều 3, Chương IV." "$TXT"
html=$(cat "$T/compare.html")
expect_contains "html: a deleted word in <del>" "Điều <del>10</del>. Hiệu lực thi hành" "$html"
expect_contains "html: an inserted word in <ins>" "thông <ins>quá</ins>." "$html"
md=$(cat "$T/compare.md")
expect_contains "md: deleted struck through, inserted in bold" "Điều ~~10~~. Hiệu lực thi hành" "$md"

# The explanation: the notes and the comments absorbed (accepted on the old section, or citing the new one).
row() { printf '%s\n' "$md" | grep -F -- "$1"; }
expect_contains "the merged row: the team's note" "Hai điều cùng nói về hạ tầng." "$(row "Gộp Điều 4")"
expect_contains "…and the partly accepted comment with its response" "Trần Thị Bình (Sở Tư pháp): “Gộp với Điều 4 cho gọn.” — Tiếp thu một phần: Đã gộp, giữ tên mới." "$(row "Gộp Điều 4")"
expect_contains "the removed row: the note set on the old article" "Đã quy định tại Luật An toàn thông tin mạng." "$(row "| Bỏ.")"
expect_contains "…and the comment it absorbed" "Điều này trùng với luật." "$(row "| Bỏ.")"
expect_contains "the split row: the comment accepted" "Tách hợp tác xã thành khoản riêng." "$(row "Tách thành")"
check "a comment only explained (giải trình) is not absorbed" py "import sys; assert 'Tăng kinh phí' not in sys.argv[1]" "$md"

# ---- the versions ------------------------------------------------------------------------------
rung export "$DB" --doc NQ --compare 1 2 --date 2026-05-04 --issuer "Sở Thông tin và Truyền thông" --place "Hà Nội"
expect_eq "--compare 1 2 is the default pair" "$TXT" "$out"
g export "$DB" --doc NQ --compare --date 2026-05-04 --issuer "Sở Thông tin và Truyền thông" --place "Hà Nội" -o "$T/out.txt"
check "-o writes the same bytes" cmp "$T/out.txt" "$T/compare.txt"
sed 's/^Điều 1\. Mục tiêu tổng quát/Điều 1. Mục tiêu chung/' "$V/lan2.txt" >"$T/lan3.txt"
g import "$DB" "$T/lan3.txt" --code NQ --revision --label "Dự thảo lần 3" >/dev/null
rung export "$DB" --doc NQ --compare --date 2026-05-04 --width 200
expect_contains "a third version: lần 2 against lần 3 by default" "DỰ THẢO LẦN 2 " "$out"
check "…one heading edited, the words marked on each side" py "import sys; t = sys.argv[1]; assert 'Điều 1. Mục tiêu [-tổng quát-]' in t and 'Điều 1. Mục tiêu {+chung+}' in t" "$out"
expect_contains "…the rest unchanged" "Giữ nguyên 16 điều, khoản:" "$out"
refused "two versions apart" 1 "with the one before it" "$DB" export "$DB" --doc NQ --compare 1 3
refused "FROM not older than TO" 1 "compare an older version with a newer one" "$DB" export "$DB" --doc NQ --compare 3 2
refused "a version past the newest" 1 "has no version 4" "$DB" export "$DB" --doc NQ --compare 3 4
refused "a version that is no number" 2 "--version needs a version number" "$DB" export "$DB" --doc NQ --compare x
refused "csv is no format of the table" 2 "txt, md, html, docx or xlsx" "$DB" export "$DB" --doc NQ --compare --format csv
refused "report filters do not apply" 2 "--compare takes none of" "$DB" export "$DB" --doc NQ --compare --pending
g import "$DB" "$V/lan1.txt" --code ONE >/dev/null
refused "a draft of one version" 1 "nothing to compare" "$DB" export "$DB" --doc ONE --compare

# ---- docx and xlsx -------------------------------------------------------------------------------
for fmt in docx xlsx; do
	check "export --compare $fmt" "$GOPY" export "$DB" --doc NQ --compare 1 2 --format $fmt --date 2026-05-04 -o "$T/c.$fmt"
done
while IFS= read -r line; do
	case "$line" in "ok "*) ok "${line#ok }" ;; "not ok "*) not_ok "${line#not ok }" ;; *) echo "# $line" ;; esac
done < <(/usr/bin/python3 - "$T/c.docx" "$T/c.xlsx" <<'PYEOF' 2>&1
import sys, zipfile, docx, openpyxl
def check(name, cond, detail=""):
    print(("ok " if cond else "not ok ") + name + ("" if cond else "  # " + str(detail)[:300]))
d = docx.Document(sys.argv[1])
t = [t for t in d.tables if t.rows[0].cells[0].text == "STT"][0]
check("docx: the four official headings", [c.text for c in t.rows[0].cells] == ["STT", "DỰ THẢO LẦN 1", "DỰ THẢO LẦN 2", "GIẢI TRÌNH, TIẾP THU"], [c.text for c in t.rows[0].cells])
rows = [[c.text for c in r.cells] for r in t.rows[2:]]
check("docx: one row per change (13)", len(rows) == 13, len(rows))
runs = lambda cell: [(r.text, bool(r.font.strike), bool(r.font.underline)) for p in cell.paragraphs for r in p.runs]
last = t.rows[-1].cells
check("docx: the deleted syllable struck through", ("qua", True, False) in runs(last[1]), runs(last[1]))
check("docx: the inserted syllable underlined", ("quá", False, True) in runs(last[2]), runs(last[2]))
check("docx: the rest plain", all(not s and not u for x, s, u in runs(last[1]) if x not in ("qua", "10")), runs(last[1]))
text = "\n".join(p.text for p in d.paragraphs)
check("docx: the title", "BẢN SO SÁNH, THUYẾT MINH" in text)
check("docx: unchanged sections summed up", "Giữ nguyên 4 điều, khoản:" in text)
ws = openpyxl.load_workbook(sys.argv[2]).worksheets[0]
check("xlsx: a sheet of its own", ws.title == "Bản so sánh", ws.title)
check("xlsx: the headings, no report-only columns", [c.value for c in ws[1]] == ["STT", "DỰ THẢO LẦN 1", "DỰ THẢO LẦN 2", "GIẢI TRÌNH, TIẾP THU"], [c.value for c in ws[1]])
check("xlsx: 13 rows and STT a number", ws.max_row == 14 and ws["A14"].value == 13, (ws.max_row, ws["A14"].value))
check("xlsx: the old and new text", ws["C14"].value.endswith("thông quá."), ws["C14"].value)
sheet = zipfile.ZipFile(sys.argv[2]).read("xl/worksheets/sheet1.xml").decode()
check("xlsx: changed words as rich text (strike, underline)", "<strike/>" in sheet and '<u/>' in sheet)
PYEOF
)

# ---- hostile text -------------------------------------------------------------------------------
new_db H h
g init "$H" >/dev/null
printf 'Điều 1. Phạm vi\nNội dung cũ.\n\nĐiều 2. Khác\nGiữ.\n' >"$T/h1.txt"
printf 'Điều 1. Phạm vi <script>alert(1)</script>\nNội dung | mới **đậm** `mã` =1+2 \033]0;x\007 [a](javascript:x)\n\nĐiều 2. Khác\nGiữ.\n' >"$T/h2.txt"
g import "$H" "$T/h1.txt" --code H >/dev/null
g import "$H" "$T/h2.txt" --code H --revision --label '<img src=x onerror=alert(1)> | lần 2' >/dev/null
g delegate "$H" add A "<b>Tên</b> | =cmd" --unit "=1+2"
g delegate "$H" add E "Biên" --role editor
gv HC comment "$H" --doc H --section "Điều 1" --version 1 --as A "<i>góp ý</i> ~~x~~ \\ |"
g handle "$H" "$HC" --disposition accepted --response "=HYPERLINK(\"http://evil\") <script>" --as E >/dev/null
g align "$H" --doc H --note "Điều 1=Ghi chú <script>x</script> | **y**" >/dev/null
for fmt in txt md html docx xlsx; do
	check "hostile: export --compare $fmt" "$GOPY" export "$H" --doc H --compare --format $fmt --date 2026-05-04 -o "$T/h.$fmt"
done
check "txt: no control character reaches the file" py "import sys; d = open(sys.argv[1], 'rb').read(); assert not any(b < 32 and b != 10 for b in d), 'control'" "$T/h.txt"
check "html: no markup from the data" py "
import sys; h = open(sys.argv[1]).read()
assert '<script>' not in h and '<img' not in h and '<i>' not in h and '<b>' not in h, 'raw tag'
assert '&lt;script&gt;alert(1)&lt;/script&gt;' in h and '&lt;IMG SRC=X ONERROR=ALERT(1)&gt; | LẦN 2' in h, 'escaped'" "$T/h.html"
check "md: data escaped (no tag, link, emphasis or pipe of its own)" py "
import sys; m = open(sys.argv[1]).read()
assert '\\\\<script\\\\>' in m and '\\\\|' in m and '\\\\*\\\\*đậm\\\\*\\\\*' in m and '\\\\[a\\\\]' in m, 'escapes'
assert '<script>' not in m and '<i>' not in m" "$T/h.md"
check "docx and xlsx: hostile text read back verbatim, no formula" /usr/bin/python3 -c "
import sys, docx, openpyxl
cells = [c.text for t in docx.Document(sys.argv[1]).tables for r in t.rows for c in r.cells]
assert any('<script>alert(1)</script>' in c for c in cells), 'docx text'
assert any('Ghi chú <script>x</script> | **y**' in c for c in cells), 'docx note'
ws = openpyxl.load_workbook(sys.argv[2]).worksheets[0]
assert all(c.data_type != 'f' for r in ws.iter_rows() for c in r), 'formula'
vals = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
assert any('=HYPERLINK' in v for v in vals), 'xlsx response'" "$T/h.docx" "$T/h.xlsx"
