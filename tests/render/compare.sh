#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# compare.sh — the comparison table (export --compare) as people open it (make check-render):
# LibreOffice converts its docx to PDF (every page A4 landscape, the Vietnamese text intact,
# the heading row on every page) and its xlsx to CSV (the official headings, one row a change).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/render/lo.bash"
V=$DATA/versions
DB=$T/r.db
g init "$DB" >/dev/null
g import "$DB" "$V/lan1.txt" --code NQ >/dev/null
g import "$DB" "$V/lan2.txt" --code NQ --revision --label "Dự thảo lần 2" >/dev/null
for fmt in docx xlsx; do
	check "export --compare $fmt" "$GOPY" export "$DB" --doc NQ --compare --format $fmt --date 2026-05-04 -o "$T/so-sanh.$fmt"
done
check "LibreOffice converts the docx" lo pdf "$T/pdf" "$T/so-sanh.docx"
n=$(pdfinfo "$T/pdf/so-sanh.pdf" | awk '/^Pages:/ { print $2 }')
sizes=$(pdfinfo -f 1 -l "$n" "$T/pdf/so-sanh.pdf" | awk '/^Page +[0-9]+ size:/ { print ($4 > 840.9 && $4 < 842.9 && $6 > 594.3 && $6 < 596.3) ? "A4L" : $4 "x" $6 }' | sort -u)
expect_eq "docx: every page ($n) A4 landscape" "A4L" "$sizes"
pdftotext -layout "$T/pdf/so-sanh.pdf" "$T/so-sanh.txt"
text=$(cat "$T/so-sanh.txt")
expect_contains "docx: the title" "BẢN SO SÁNH, THUYẾT MINH" "$text"
expect_contains "docx: the old draft's column" "DỰ THẢO LẦN 1" "$text"
expect_contains "docx: the explanation column" "GIẢI TRÌNH, TIẾP THU" "$text"
expect_contains "docx: the dấu-only edit, its syllable intact" "thông quá" "$text"
expect_contains "docx: the merge explained" "Gộp Điều 4 và Điều 5 thành Điều 7." "$text"
heads=$(grep -c "GIẢI TRÌNH, TIẾP THU" "$T/so-sanh.txt")
[ "$heads" -ge "$n" ] && ok "docx: the heading row on every page ($heads on $n)" || not_ok "docx: the heading row on every page" "$heads on $n"
check "LibreOffice converts the xlsx" lo csv:"Text - txt - csv (StarCalc)":44,34,76 "$T/csv" "$T/so-sanh.xlsx"
check "xlsx: the headings and 13 rows, STT 1 to 13" /usr/bin/python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8')))
assert rows[0] == ['STT', 'DỰ THẢO LẦN 1', 'DỰ THẢO LẦN 2', 'GIẢI TRÌNH, TIẾP THU'], rows[0]
assert [r[0] for r in rows[1:]] == [str(i) for i in range(1, 14)], [r[0] for r in rows[1:]]
assert any(r[2].endswith('thông quá.') for r in rows), 'the new text'" "$T/csv/so-sanh.csv"
