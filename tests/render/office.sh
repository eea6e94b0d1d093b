#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# office.sh — the report as people see it (make check-render; slow): the sample review's
# docx converted to PDF by LibreOffice and its html printed to PDF by headless Chromium.
# pdfinfo: every page A4 landscape; pdffonts: Times New Roman (or its metric twin); pdftotext:
# the Vietnamese text intact and in order (check_pdf.py). Page images stay in $KEEP when set.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/report/pycheck.bash"
. "$ROOT/tests/render/lo.bash"
DB=$T/demo.db
DOC=DA-CDS-2021

GOPY_SAMPLE_DATA=$ROOT/sample-data check "build the sample review" "$GOPY" demo "$DB" --build-only
for fmt in docx html json; do
	check "export $fmt" "$GOPY" export "$DB" --doc "$DOC" --date 2021-05-10 --format $fmt -o "$T/report.$fmt"
done
ROWS=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["counts"]["rows"])' "$T/report.json")

# Every page A4 landscape (841.89 x 595.28 pt, within a point).
a4_pages() { # NAME PDF
	local n sizes
	n=$(pdfinfo "$2" | awk '/^Pages:/ { print $2 }')
	sizes=$(pdfinfo -f 1 -l "$n" "$2" | awk '/^Page +[0-9]+ size:/ { print ($4 > 840.9 && $4 < 842.9 && $6 > 594.3 && $6 < 596.3) ? "A4L" : $4 "x" $6 }' | sort | uniq -c | tr -s ' ')
	expect_eq "$1: all $n pages A4 landscape" " $n A4L" "$sizes"
	[ "${n:-0}" -ge 2 ] && ok "$1: several pages ($n)" || not_ok "$1: several pages" "$n"
}

# LibreOffice: docx → pdf, with a profile of its own (lo.bash; never the user's).
check "LibreOffice converts the docx" lo pdf "$T/lo-out" "$T/report.docx"
a4_pages "docx via LibreOffice" "$T/lo-out/report.pdf"
fonts=$(pdffonts "$T/lo-out/report.pdf")
case "$fonts" in *TimesNewRoman* | *"Times New Roman"* | *LiberationSerif*) ok "docx: set in Times New Roman (or Liberation Serif, its metric twin)" ;;
*) not_ok "docx: set in Times New Roman" "$fonts" ;; esac
pdftotext "$T/lo-out/report.pdf" "$T/lo.txt"
pyrun "$ROOT/tests/render/check_pdf.py" "$T/lo.txt" "$T/report.json" "docx via LibreOffice"
# The heading row repeats: every page but the last few starts its table with it.
heads=$(grep -c "NỘI DUNG TIẾP THU, GIẢI" "$T/lo.txt")
pages=$(pdfinfo "$T/lo-out/report.pdf" | awk '/^Pages:/ { print $2 }')
[ "$heads" -ge $((pages - 2)) ] && ok "docx: table heading on every page ($heads on $pages pages)" ||
	not_ok "docx: table heading on every page" "$heads headings, $pages pages"
# Page numbers from page 2 on, at the top of the page.
num=$(pdftotext -f 2 -l 2 "$T/lo-out/report.pdf" - | grep -m1 -v '^\s*$')
expect_eq "docx: page number at the top of page 2" "2" "$num"

# Chromium: html → pdf (print CSS: @page A4 landscape).
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$T/chrome" --no-pdf-header-footer \
	--print-to-pdf="$T/html.pdf" "file://$T/report.html" >"$T/chrome.log" 2>&1
check "Chromium prints the html" test -s "$T/html.pdf"
a4_pages "html via Chromium" "$T/html.pdf"
pdftotext "$T/html.pdf" "$T/html.txt"
pyrun "$ROOT/tests/render/check_pdf.py" "$T/html.txt" "$T/report.json" "html via Chromium"

if [ -n "${KEEP:-}" ]; then
	mkdir -p "$KEEP"
	pdftoppm -png -r 60 -f 1 -l 3 "$T/lo-out/report.pdf" "$KEEP/docx"
	pdftoppm -png -r 60 -f 1 -l 3 "$T/html.pdf" "$KEEP/html"
fi
: "$ROWS"
