#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# forms.sh — the comment form (phiếu góp ý): `gopy form` writes an .xlsx that openpyxl reads
# (header frozen, sheet protected with only the input columns unlocked, widths, wrapping,
# one row per section, database text as text cells); a unit fills it with openpyxl and
# `gopy import-comments` puts each comment on its section; the whole file or nothing; cells
# are text only (cached formula values, never evaluated); hostile spreadsheets refused.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
D=$ROOT/tests/office/data
PY3=/usr/bin/python3
new_db DB review
g init "$DB" >/dev/null
g import "$DB" "$D/draft.txt" --code NQ >/dev/null
# a hostile draft: a heading that is a formula, control characters
printf 'Điều 1. =HYPERLINK("http://evil.example","bấm")\n1. @SUM(A1) \033]0;owned\007 khoản một.\n' >"$T/evil.txt"
g import "$DB" "$T/evil.txt" --code EVIL >/dev/null

check "form written" g form "$DB" --doc NQ -o "$T/form.xlsx"
check "form of the hostile draft written" g form "$DB" --doc EVIL -o "$T/evil.xlsx"
refused "form of an unknown document" 1 "no document with code 'NOPE'" "$T/none.xlsx" form "$DB" --doc NOPE -o "$T/none.xlsx"
refused "form without -o" 2 "form: -o FILE.xlsx is required" "$DB" form "$DB" --doc NQ
g list "$DB" --doc NQ --format json >"$T/outline.json"

$PY3 - "$T/form.xlsx" "$T/outline.json" "$T/evil.xlsx" <<'PY'
import json, sys, openpyxl
n = 0
def check(name, cond, detail=""):
    global n
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name))
    if not cond:
        print("#   %r" % (detail,))
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
head = [c.value for c in ws[4]]
check("header row names the columns", head == ["Draft (doc)", "Article, clause, point (section)",
      "Text of the draft (excerpt)", "Comment (body)", "Unit (unit)", "Commenter (author)"], head)
check("header frozen", ws.freeze_panes == "A5", ws.freeze_panes)
check("sheet protected", ws.protection.sheet is True)
outline = json.load(open(sys.argv[2], encoding="utf-8"))
sections = [s for s in outline["sections"] if s["level"] != "preamble"]
rows = list(ws.iter_rows(min_row=5, values_only=True))
check("one row for general comments and one per section", len(rows) == len(sections) + 1, (len(rows), len(sections)))
check("the first row is for general comments", rows[0][0] == "NQ" and rows[0][1] is None)
cites = [r[1] for r in rows[1:]]
check("rows cite the sections as gopy does", cites[:4] == ["Chương I", "Điều 1", "khoản 1 Điều 1", "khoản 2 Điều 1"], cites[:4])
check("the excerpt is the section's text", rows[3][2].startswith("Quy định này áp dụng"), rows[3][2])
locked = all(ws.cell(row=r, column=c).protection.locked for r in range(5, 5 + len(rows)) for c in (1, 2, 3))
check("label cells locked", locked)
unlocked = not any(ws.cell(row=r, column=c).protection.locked for r in range(5, 5 + len(rows)) for c in (4, 5, 6))
check("comment, unit and person cells unlocked", unlocked)
check("header cells locked", all(c.protection.locked for c in ws[4]))
check("widths set", ws.column_dimensions["C"].width > 50 and ws.column_dimensions["D"].width > 50,
      (ws.column_dimensions["C"].width, ws.column_dimensions["D"].width))
check("text wrapped", ws["C8"].alignment.wrap_text and ws["D8"].alignment.wrap_text)
ev = openpyxl.load_workbook(sys.argv[3]).active
cells = [c for row in ev.iter_rows(min_row=5) for c in row if c.value]
check("hostile text stays text (no formula cell)", all(c.data_type == "s" for c in cells), [(c.value, c.data_type) for c in cells])
check("the formula-like heading kept as text", any(str(c.value).startswith('=HYPERLINK') for c in cells))
check("no control characters", not any(ch in str(c.value) for c in cells for ch in "\x1b\x07"))
PY

# A unit fills the form: three comments, one general, rows left blank elsewhere.
$PY3 - "$T/form.xlsx" "$T/filled.xlsx" <<'PY' || not_ok "openpyxl fills the form"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.active
row = {ws.cell(row=r, column=2).value or "": r for r in range(5, ws.max_row + 1)}
def fill(cite, body):
    r = row[cite]
    ws.cell(row=r, column=4, value=body)
    ws.cell(row=r, column=5, value="Sở Tư pháp")
    ws.cell(row=r, column=6, value="Nguyễn Văn Bình")
fill("", "Góp ý chung: dự thảo cần ngắn gọn.")
fill("khoản 2 Điều 1", "Đề nghị bỏ cụm từ \"tự nguyện\".")
fill("điểm b khoản 1 Điều 3", "Đề nghị ghi rõ năm hoàn thành.")
c = ws.cell(row=row["Điều 4"], column=4)
c.value, c.data_type = '=HYPERLINK("http://evil.example")', "s"   # text that starts with =
ws.cell(row=row["Điều 4"], column=5, value="Sở Tư pháp")
ws.cell(row=row["Điều 4"], column=6, value="Nguyễn Văn Bình")
wb.save(sys.argv[2])
PY
rung import-comments "$DB" "$T/filled.xlsx"
expect_eq "the filled form imports" "imported 4 comments" "$out"
got=$(g list "$DB" --doc NQ --comments --format tsv | awk -F'\t' '$1 ~ /^[0-9]+$/ {print $4 "|" $6 "|" $7 "|" $10}')
expect_eq "each comment on its section, with its unit and person" "$(LC_ALL=C sort <<'WANT'
|Nguyễn Văn Bình|Sở Tư pháp|Góp ý chung: dự thảo cần ngắn gọn.
khoản 2 Điều 1|Nguyễn Văn Bình|Sở Tư pháp|Đề nghị bỏ cụm từ "tự nguyện".
điểm b khoản 1 Điều 3|Nguyễn Văn Bình|Sở Tư pháp|Đề nghị ghi rõ năm hoàn thành.
Điều 4|Nguyễn Văn Bình|Sở Tư pháp|=HYPERLINK("http://evil.example")
WANT
)" "$(printf '%s\n' "$got" | LC_ALL=C sort)"

# All or nothing: a row added below the form names a section that does not exist.
count() { db_sql "$DB" "SELECT count(*) FROM comment"; }
before=$(count)
$PY3 - "$T/filled.xlsx" "$T/bad.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
r = ws.max_row + 1
for col, v in enumerate(["NQ", "Điều 99", "", "Không có điều này.", "Sở Tư pháp", "Nguyễn Văn Bình"], 1):
    ws.cell(row=r, column=col, value=v)
wb.save(sys.argv[2])
PY
refused "a bad row refuses the whole form" 1 "bad.xlsx: row " "$DB" import-comments "$DB" "$T/bad.xlsx"
expect_contains "the message names the section" "no section 'Điều 99'" "$err"
expect_eq "nothing imported from it" "$before" "$(count)"

# Any sheet with a header row: cached formula values, inline and shared strings, numbers and
# dates as shown, booleans; a formula is never evaluated.
$PY3 - "$T" <<'PY' || not_ok "spreadsheets written by hand"
import sys, zipfile
t = sys.argv[1]
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
def book(name, sheet, sst=None, styles=None, extra=None):
    with zipfile.ZipFile(f"{t}/{name}", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("xl/workbook.xml", f'<workbook {S} {R}><sheets><sheet name="Góp ý" sheetId="1" r:id="rId7"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/></Relationships>')
        z.writestr("xl/worksheets/data.xml", f'<worksheet {S}><sheetData>{sheet}</sheetData></worksheet>')
        if sst is not None:
            z.writestr("xl/sharedStrings.xml", f'<sst {S}>' + "".join(f"<si><t>{s}</t></si>" for s in sst) + "</sst>")
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
        for k, v in (extra or {}).items():
            z.writestr(k, v)
sst = ["doc", "author", "body", "section", "created_at", "unit", "NQ", "Sở Nội vụ", "Trần Văn Cường"]
styles = (f'<styleSheet {S}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
          '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>')
def s(ref, i): return f'<c r="{ref}" t="s"><v>{i}</v></c>'
def inl(ref, text): return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
head = '<row r="2">' + s("A2", 0) + s("B2", 1) + s("C2", 2) + s("D2", 3) + s("E2", 4) + s("F2", 5) + "</row>"
rows = [
  '<row r="1">' + inl("A1", "Tổng hợp ý kiến của Sở Nội vụ") + "</row>",   # a title above the header
  head,
  '<row r="3">' + s("A3", 6) + s("B3", 8) + '<c r="C3" t="str"><f>CONCAT("Đề nghị ","sửa")</f><v>Đề nghị sửa (giá trị đã tính)</v></c>'
  + inl("D3", "Điều 2") + '<c r="E3" s="2"><v>46146.354166666664</v></c>' + s("F3", 7) + "</row>",
  '<row r="5">' + s("A5", 6) + s("B5", 8) + '<c r="C5"><f>1+1</f><v>2</v></c>' + s("F5", 7) + "</row>",
  '<row r="6">' + s("A6", 6) + s("B6", 8) + inl("C6", "=1+1") + s("F6", 7) + "</row>",
  '<row r="7">' + s("A7", 6) + s("B7", 8) + '<c r="C7"><v>1234567890123456789</v></c>' + s("F7", 7) + "</row>",

  '<row r="8">' + s("A8", 6) + s("B8", 8) + '<c r="C8"><v>0.1</v></c>' + s("F8", 7) + "</row>",
  '<row r="9">' + s("A9", 6) + s("B9", 8) + '<c r="C9" t="b"><v>1</v></c>' + s("F9", 7) + "</row>",
  '<row r="10">' + s("A10", 6) + s("B10", 8) + '<c r="C10" s="1"><v>46146</v></c>' + s("F10", 7) + "</row>",
]
book("any.xlsx", "".join(rows), sst, styles)
book("badsst.xlsx", head + '<row r="3"><c r="A3" t="s"><v>99</v></c></row>', sst)
book("dtd.xlsx", "", None, extra={"xl/sharedStrings.xml": '<!DOCTYPE x [<!ENTITY a "aaaa">]><sst ' + S + '><si><t>&a;</t></si></sst>'})
book("noheader.xlsx", '<row r="1">' + inl("A1", "ý kiến") + inl("B1", "khác") + "</row>", [])
with zipfile.ZipFile(f"{t}/bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", f'<workbook {S}/>')
    z.writestr("xl/worksheets/sheet1.xml", f'<worksheet {S}><sheetData>' + " " * (16 << 20) + '</sheetData></worksheet>')
PY
g import-comments "$DB" "$T/any.xlsx" >/dev/null 2>"$T/any.err" || not_ok "any sheet with a header row" "$(cat "$T/any.err")"
bodies=$(db_sql "$DB" "SELECT c.body || '|' || c.created_at FROM comment c JOIN delegate d ON d.id = c.author_id WHERE d.name = 'Trần Văn Cường' ORDER BY c.body")
expect_eq "cells read as the spreadsheet shows them, formulas never evaluated" \
"0.1|2026-05-04T08:30:00Z
1.23456789012346e+18|2026-05-04T08:30:00Z
2|2026-05-04T08:30:00Z
2026-05-04|2026-05-04T08:30:00Z
=1+1|2026-05-04T08:30:00Z
TRUE|2026-05-04T08:30:00Z
Đề nghị sửa (giá trị đã tính)|2026-05-04T08:30:00Z" "$bodies"
expect_eq "a date-time cell is an ISO time" "2026-05-04T08:30:00Z" \
	"$(db_sql "$DB" "SELECT created_at FROM comment WHERE body LIKE 'Đề nghị sửa%'")"
before=$(count)
bad() { refused "$1" 1 "$2" "$DB" import-comments "$DB" "$3"; expect_eq "$1: nothing imported" "$before" "$(count)"; }
bad "a shared string that does not exist" "shared string that does not exist" "$T/badsst.xlsx"
bad "a DTD in the shared strings" "declares a DTD or entities" "$T/dtd.xlsx"
bad "no header row" "no row names the columns (a header row with doc, author, body is needed)" "$T/noheader.xlsx"
bad "a zip bomb" "expands" "$T/bomb.xlsx"
bad "a Word file given as a table" "this is a text document, not a spreadsheet" "$D/draft-lo.docx"
cp "$D/legacy.doc" "$T/old.xls"
bad "a legacy .xls" "save it as .xlsx" "$T/old.xls"

# A form comes back whatever the locale it was made in (its captions are then English or
# Vietnamese, "Nội dung dự thảo (trích)"), with a column the unit added that gopy ignores.
for loc in en vi; do
	new_db LDB "loc-$loc"
	g init "$LDB" >/dev/null
	g import "$LDB" "$D/draft.txt" --code NQ >/dev/null
	if [ $loc = vi ]; then
		env -u LC_ALL LANG=C.UTF-8 LANGUAGE=vi "$GOPY" form "$LDB" --doc NQ -o "$T/form-$loc.xlsx"
	else
		env -u LC_ALL LANG=C.UTF-8 LANGUAGE= "$GOPY" form "$LDB" --doc NQ -o "$T/form-$loc.xlsx"
	fi
	$PY3 - "$T/form-$loc.xlsx" "$T/filled-$loc.xlsx" >"$T/head-$loc" <<'PY' || not_ok "openpyxl fills the $loc form"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
print(ws.cell(row=4, column=3).value)
ws.cell(row=4, column=7, value="Ghi chú của đơn vị")
row = {ws.cell(row=r, column=2).value or "": r for r in range(5, ws.max_row + 1)}
for cite, body in (("khoản 2 Điều 1", "Đề nghị bỏ cụm từ \"tự nguyện\"."), ("Điều 4", "Đề nghị sửa Điều 4.")):
    r = row[cite]
    ws.cell(row=r, column=4, value=body)
    ws.cell(row=r, column=5, value="Sở Tư pháp")
    ws.cell(row=r, column=6, value="Nguyễn Văn Bình")
    ws.cell(row=r, column=7, value="ghi chú nội bộ")
wb.save(sys.argv[2])
PY
	[ $loc = vi ] && want="Nội dung dự thảo (trích)" || want="Text of the draft (excerpt)"
	expect_eq "the $loc form's excerpt caption" "$want" "$(cat "$T/head-$loc")"
	for imp in en vi; do
		db_copy "$LDB" IMP imp
		[ $imp = vi ] && lv=vi || lv=
		run env -u LC_ALL LANG=C.UTF-8 LANGUAGE=$lv GOPY_SEED=7 "$GOPY" import-comments "$IMP" "$T/filled-$loc.xlsx"
		expect_eq "the $loc form imports under LANGUAGE=$imp" "0|" "$rc|$err"
		got=$("$GOPY" list "$IMP" --doc NQ --comments --format tsv | awk -F'\t' '$1 ~ /^[0-9]+$/ {print $4 "|" $7 "|" $10}' | LC_ALL=C sort)
		expect_eq "the $loc form's comments on their sections (import under $imp)" \
			"$(printf '%s\n' 'khoản 2 Điều 1|Sở Tư pháp|Đề nghị bỏ cụm từ "tự nguyện".' 'Điều 4|Sở Tư pháp|Đề nghị sửa Điều 4.' | LC_ALL=C sort)" "$got"
	done
	# the untouched form is a header and empty rows: nothing to import, no error
	run "$GOPY" import-comments "$IMP" "$T/form-$loc.xlsx"
	expect_eq "the untouched $loc form imports nothing" "0|imported 0 comments" "$rc|$out"
done
