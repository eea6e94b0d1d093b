#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# dispositions.sh — the drafting team's round trip: the comment table exported as CSV (ids
# written ="…" so spreadsheets keep them as text, a stamp per row), dispositions and
# responses filled in (here by Python, as a spreadsheet would save them; through LibreOffice
# in tests/render/spreadsheets.sh), `gopy import-dispositions` updates the comments by id,
# all or nothing, and leaves alone (and names) a comment changed in gopy since the export.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
PY3=/usr/bin/python3
new_db DB review
make_db "$DB" >/dev/null || not_ok "fixture database"
g delegate "$DB" add BT-01 "Lê Văn Biên" --unit "Tổ biên tập" --role editor
gv A comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến A"
gv B comment "$DB" --doc DA-CDS --as UBND-MD "Ý kiến B"
gv C comment "$DB" --doc DA-CDS --as UBND-MD "Ý kiến C"
g export "$DB" --doc DA-CDS --format csv -o "$T/table.csv" || not_ok "export"
expect_contains "ids are written so that spreadsheets keep them as text" "\"=\"\"$A\"\"\"" "$(cat "$T/table.csv")"

fill() { # IN OUT ID=DISPOSITION:RESPONSE ... — edit the exported table as a spreadsheet user
	$PY3 - "$@" <<'PY'
import csv, sys
src, out, edits = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(src, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
head = rows[0]
for e in edits:
    cid, rest = e.split("=", 1)
    disp, resp = rest.split(":", 1)
    for r in rows[1:]:
        if r[head.index("id")] in (cid, '="%s"' % cid):
            if disp:
                r[head.index("disposition_label")] = disp
            r[head.index("response")] = resp
with open(out, "w", newline="", encoding="utf-8-sig") as f:
    csv.writer(f).writerows(rows)
PY
}
state() { db_sql "$DB" "SELECT disposition || '|' || coalesce(response, '') FROM comment WHERE id = $1"; }

fill "$T/table.csv" "$T/one.csv" "$A=tiếp thu:Đã sửa Điều 1." "$B=giải trình:Giữ nguyên vì đã có quy định."
rung import-dispositions "$DB" "$T/one.csv" --as BT-01
expect_eq "dispositions imported" "updated 2 comments" "$out"
expect_eq "A accepted, with its response" "1|Đã sửa Điều 1." "$(state "$A")"
expect_eq "B explained, with its response" "3|Giữ nguyên vì đã có quy định." "$(state "$B")"
expect_eq "C untouched" "0|" "$(state "$C")"
expect_eq "the handler recorded" "BT-01" "$(db_sql "$DB" "SELECT d.code FROM comment c JOIN delegate d ON d.id = c.handled_by WHERE c.id = $A")"

# The same old export filled differently: A and B changed in gopy since then (their stamps
# moved) and their rows differ from gopy: both left alone and named; C has not changed and
# is updated.
fill "$T/table.csv" "$T/two.csv" "$A=ghi nhận:Bản cũ." "$C=tiếp thu một phần:Một phần."
rung import-dispositions "$DB" "$T/two.csv" --as BT-01
expect_eq "a stale row is not an error" 0 "$rc"
expect_contains "the stale row is named" "comment $A was changed in gopy after the export; left as it is" "$err"
expect_eq "the rest is updated and the count says so" \
	"updated 1 comment
2 comments changed in gopy since the export were left as they are" "$out"
expect_contains "the other stale row is named" "comment $B was changed in gopy after the export" "$err"
expect_eq "A kept its newer disposition" "1|Đã sửa Điều 1." "$(state "$A")"
expect_eq "C updated" "2|Một phần." "$(state "$C")"

# All or nothing: an unknown id or disposition anywhere refuses the file.
g export "$DB" --doc DA-CDS --format csv -o "$T/t2.csv"
fill "$T/t2.csv" "$T/bad.csv" "$B=ghi nhận:Ghi nhận."
$PY3 - "$T/bad.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
extra = list(rows[-1])
extra[rows[0].index("id")] = '="77"'
with open(sys.argv[1], "a", newline="", encoding="utf-8") as f:
    csv.writer(f).writerow(extra)
PY
refused "an unknown id refuses the whole file" 1 "no comment with id 77" "$DB" import-dispositions "$DB" "$T/bad.csv" --as BT-01
fill "$T/t2.csv" "$T/bad2.csv" "$B=ghi nhận:Ghi nhận." "$C=đồng ý:X"
refused "an unknown disposition refuses the whole file" 1 "unknown disposition 'đồng ý'" "$DB" import-dispositions "$DB" "$T/bad2.csv" --as BT-01
expect_eq "B unchanged after the refusals" "3|Giữ nguyên vì đã có quy định." "$(state "$B")"
refused "only an editor sets dispositions" 1 "only the drafting team sets dispositions" "$DB" import-dispositions "$DB" "$T/one.csv" --as UBND-MD
refused "without --as, the login decides (and maps to no delegate here)" 1 "is not a delegate of this review" "$DB" import-dispositions "$DB" "$T/one.csv"
refused "a file is needed" 2 "usage: gopy import-dispositions" "$DB" import-dispositions "$DB"
printf 'id,response\r\n1,x\r\n' >"$T/nostamp.csv"
refused "a table without stamps" 1 "the header has no 'stamp' column" "$DB" import-dispositions "$DB" "$T/nostamp.csv" --as BT-01

# The same table as an .xlsx written by openpyxl (ids as text cells) comes back too.
g export "$DB" --doc DA-CDS --format csv -o "$T/t3.csv"
$PY3 - "$T/t3.csv" "$T/t3.xlsx" "$B" <<'PY' || not_ok "openpyxl writes the table"
import csv, sys, openpyxl
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
wb = openpyxl.Workbook(); ws = wb.active
for r in rows:
    ws.append([c[2:-1] if c.startswith('="') else c for c in r])
head = rows[0]
for row in ws.iter_rows(min_row=2):
    if row[head.index("id")].value == sys.argv[3]:
        row[head.index("disposition")].value = "noted"
        row[head.index("response")].value = "Ghi nhận (từ xlsx)."
wb.save(sys.argv[2])
PY
rung import-dispositions "$DB" "$T/t3.xlsx" --as BT-01
expect_eq "an xlsx table imports" "updated 1 comment" "$out"
expect_eq "B noted from the xlsx" "4|Ghi nhận (từ xlsx)." "$(state "$B")"

# The dispositions table gopy writes itself (gopy form --dispositions): ids as text cells,
# a stamp per row, the disposition picked from a list, only the last two columns unlocked;
# filled by openpyxl, it comes back by id; a formula-like comment stays text.
gv EV comment "$DB" --doc DA-CDS --as UBND-MD '=HYPERLINK("http://evil.example","bấm")'
check "dispositions table written" g form "$DB" --doc DA-CDS --dispositions -o "$T/table.xlsx"
$PY3 - "$T/table.xlsx" "$T/table-filled.xlsx" "$C" "$EV" <<'PY'
import sys, openpyxl
n = 0
def check(name, cond, detail=""):
    global n
    n += 1
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n + 100, name))
    if not cond:
        print("#   %r" % (detail,))
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
head = [c.value for c in ws[4]]
check("dispositions header", head[0] == "Comment id (id)" and head[1] == "Version (stamp)" and head[5].endswith("(disposition_label)"), head)
rows = {r[0].value: r for r in ws.iter_rows(min_row=5)}
check("ids are text cells with every digit", sys.argv[3] in rows and rows[sys.argv[3]][0].data_type == "s", list(rows)[:3])
check("the formula-like comment is a text cell", rows[sys.argv[4]][4].value.startswith("=HYPERLINK") and rows[sys.argv[4]][4].data_type == "s")
dv = ws.data_validations.dataValidation
check("the disposition is picked from a list", len(dv) == 1 and "giải trình" in dv[0].formula1 and str(dv[0].sqref).startswith("F5"), [(d.formula1, d.sqref) for d in dv])
check("only disposition and response unlocked", not rows[sys.argv[3]][5].protection.locked and rows[sys.argv[3]][4].protection.locked and ws.protection.sheet)
rows[sys.argv[3]][5].value = "giải trình"
rows[sys.argv[3]][6].value = "Giải trình từ bảng xlsx của gopy."
wb.save(sys.argv[2])
PY
rung import-dispositions "$DB" "$T/table-filled.xlsx" --as BT-01
expect_eq "the dispositions table comes back" "updated 1 comment" "$out"
expect_eq "C explained from it" "3|Giải trình từ bảng xlsx của gopy." "$(state "$C")"

# A row whose id cell is empty (LibreOffice made the CSV's ="…" a formula, saved without its
# value) but with a disposition or response filled is refused by its row, the whole file
# with it; a row with nothing filled and no id is skipped.
before=$(state "$EV")
erow=$($PY3 - "$T/table.xlsx" "$T/noid.xlsx" "$EV" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
for r in ws.iter_rows(min_row=5):
    if r[0].value == sys.argv[3]:
        r[0].value = '="%s"' % sys.argv[3]   # a formula cell: openpyxl keeps no cached value
        r[5].value = "tiếp thu"
        r[6].value = "Tiếp thu, sửa lại."
        print(r[0].row)
ws.cell(row=ws.max_row + 2, column=3, value="ghi chú của tổ biên tập")   # no id, nothing filled
wb.save(sys.argv[2])
PY
)
refused "a filled row without an id" 1 "noid.xlsx: row $erow: a disposition or response without the comment's id" \
	"$DB" import-dispositions "$DB" "$T/noid.xlsx" --as BT-01
expect_eq "nothing changed by the refused table" "$before" "$(state "$EV")"
$PY3 - "$T/table.csv" "$T/noid.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))
head = rows[0]
rows.append(["" for _ in head])                       # an empty row: skipped
rows.append(["" for _ in head]); rows[-1][head.index("response")] = "Giải trình không rõ cho ý kiến nào."
with open(sys.argv[2], "w", newline="", encoding="utf-8-sig") as f:
    csv.writer(f).writerows(rows)
PY
refused "a CSV row with a response and no id" 1 "noid.csv: line $(($(wc -l <"$T/noid.csv"))): a disposition or response without" \
	"$DB" import-dispositions "$DB" "$T/noid.csv" --as BT-01
head -n -1 "$T/noid.csv" >"$T/blank.csv"
run "$GOPY" import-dispositions "$DB" "$T/blank.csv" --as BT-01
expect_eq "a row with no id and nothing filled is skipped" "0|updated 0 comments" "$rc|${out%%$'\n'*}"
