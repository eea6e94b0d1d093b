#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# spreadsheets.sh (render) — tables through LibreOffice Calc as a drafting team or a unit
# would: the exported CSV (ids ="…") converted to .xlsx and back to .csv keeps every id
# exactly; dispositions filled in come back by id from Calc's .xlsx and from Calc's .csv;
# a comment form filled and saved again by Calc imports onto the right sections.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/render/lo.bash"
PY3=/usr/bin/python3
CSV_UTF8="CSV:44,34,76,1"
CSV_OUT="csv:Text - txt - csv (StarCalc):44,34,76,1"
DB=$T/review.db
make_db "$DB" >/dev/null || not_ok "fixture database"
g delegate "$DB" add BT-01 "Lê Văn Biên" --unit "Tổ biên tập" --role editor
for i in 1 2 3 4 5; do g comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến số $i" >/dev/null; done
ids=$(sqlite3 "$DB" "SELECT id FROM comment" | LC_ALL=C sort)

# Round 1: the CSV filled in, opened and saved by Calc as .xlsx.
mkdir -p "$T/r1"
g export "$DB" --doc DA-CDS --format csv -o "$T/r1/table.csv"
first=$(sqlite3 "$DB" "SELECT id FROM comment ORDER BY id LIMIT 1")
$PY3 - "$T/r1/table.csv" "$first" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
h = rows[0]
for r in rows[1:]:
    if r[h.index("id")] == '="%s"' % sys.argv[2]:
        r[h.index("disposition")] = "accepted"
        r[h.index("response")] = "Tiếp thu (qua Calc)."
csv.writer(open(sys.argv[1], "w", newline="", encoding="utf-8-sig")).writerows(rows)
PY
check "Calc saves the CSV as xlsx" lo_in "$CSV_UTF8" xlsx "$T/r1/xlsx" "$T/r1/table.csv"
got=$($PY3 - "$T/r1/xlsx/table.xlsx" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1], data_only=True).active
h = [c.value for c in ws[1]]
print("\n".join(sorted(str(r[h.index("id")]) for r in ws.iter_rows(min_row=2, values_only=True))))
PY
)
expect_eq "every id intact in Calc's xlsx (text, not 1.2e+18)" "$ids" "$got"
rung import-dispositions "$DB" "$T/r1/xlsx/table.xlsx" --as BT-01
expect_eq "dispositions come back from Calc's xlsx" "updated 1 comment" "$out"
expect_eq "the right comment updated" "1|Tiếp thu (qua Calc)." \
	"$(sqlite3 "$DB" "SELECT disposition || '|' || response FROM comment WHERE id = $first")"

# Round 2: a fresh export through Calc both ways (csv → xlsx → csv), then filled in.
mkdir -p "$T/r2"
g export "$DB" --doc DA-CDS --format csv -o "$T/r2/table.csv"
check "Calc converts the CSV to xlsx" lo_in "$CSV_UTF8" xlsx "$T/r2/x" "$T/r2/table.csv"
check "Calc converts the xlsx back to CSV" lo "$CSV_OUT" "$T/r2/c" "$T/r2/x/table.xlsx"
back=$($PY3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
print("\n".join(sorted(r["id"] for r in rows)))' "$T/r2/c/table.csv")
expect_eq "every id intact after csv → xlsx → csv" "$ids" "$back"
last=$(sqlite3 "$DB" "SELECT id FROM comment ORDER BY id DESC LIMIT 1")
$PY3 - "$T/r2/c/table.csv" "$last" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig")))
h = rows[0]
for r in rows[1:]:
    if r[h.index("id")] == sys.argv[2]:
        r[h.index("disposition_label")] = "giải trình"
        r[h.index("response")] = "Giải trình (qua Calc)."
csv.writer(open(sys.argv[1], "w", newline="", encoding="utf-8")).writerows(rows)
PY
rung import-dispositions "$DB" "$T/r2/c/table.csv" --as BT-01
expect_eq "dispositions come back from Calc's csv" "updated 1 comment" "$out"
expect_eq "the right comment updated from the csv" "3|Giải trình (qua Calc)." \
	"$(sqlite3 "$DB" "SELECT disposition || '|' || response FROM comment WHERE id = $last")"

# A unit's form: filled, then opened and saved again by Calc.
mkdir -p "$T/f"
g form "$DB" --doc DA-CDS -o "$T/f/form.xlsx"
$PY3 - "$T/f/form.xlsx" "$T/f/filled.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
row = {ws.cell(row=r, column=2).value or "": r for r in range(5, ws.max_row + 1)}
r = row["Điều 1"]
ws.cell(row=r, column=4, value="Góp ý qua Calc cho Điều 1.")
ws.cell(row=r, column=5, value="Sở Nội vụ")
ws.cell(row=r, column=6, value="Trần Văn Cường")
wb.save(sys.argv[2])
PY
check "Calc saves the filled form again" lo "xlsx:Calc MS Excel 2007 XML" "$T/f/calc" "$T/f/filled.xlsx"
rung import-comments "$DB" "$T/f/calc/filled.xlsx"
expect_eq "the form saved by Calc imports" "imported 1 comment" "$out"
expect_eq "on its section" "Điều 1|Góp ý qua Calc cho Điều 1." \
	"$(sqlite3 "$DB" "SELECT s.full_label || '|' || c.body FROM comment c JOIN section s ON s.id = c.section_id JOIN delegate d ON d.id = c.author_id WHERE d.name = 'Trần Văn Cường'")"

# The dispositions table gopy writes, filled and saved again by Calc.
mkdir -p "$T/d"
g form "$DB" --doc DA-CDS --dispositions -o "$T/d/table.xlsx"
second=$(sqlite3 "$DB" "SELECT id FROM comment ORDER BY id LIMIT 1 OFFSET 1")
$PY3 - "$T/d/table.xlsx" "$T/d/filled.xlsx" "$second" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb.active
for r in ws.iter_rows(min_row=5):
    if r[0].value == sys.argv[3]:
        r[5].value = "ghi nhận"
        r[6].value = "Ghi nhận (bảng xử lý qua Calc)."
wb.save(sys.argv[2])
PY
check "Calc saves the filled dispositions table again" lo "xlsx:Calc MS Excel 2007 XML" "$T/d/calc" "$T/d/filled.xlsx"
rung import-dispositions "$DB" "$T/d/calc/filled.xlsx" --as BT-01
expect_eq "the table saved by Calc comes back" "updated 1 comment" "$out"
expect_eq "its comment noted" "4|Ghi nhận (bảng xử lý qua Calc)." \
	"$(sqlite3 "$DB" "SELECT disposition || '|' || response FROM comment WHERE id = $second")"
