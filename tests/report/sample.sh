#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# sample.sh — the synthesis report of the sample draft (sample-data/, built by
# `gopy demo --build-only`) in every format: goldens in tests/report/golden/sample.*
# (UPDATE_GOLDEN=1 rewrites them) and the parser checks of check_export.py, with the number
# of rows and records taken from the database by plain SQL (not from the report code).
# engines: both
. "$(dirname "$0")/../lib.sh"
HERE=$ROOT/tests/report
GOLDEN=$HERE/golden
. "$HERE/pycheck.bash"
new_db DB demo
DOC=DA-CDS-2021


GOPY_SAMPLE_DATA=$ROOT/sample-data check "build the sample review" "$GOPY" demo "$DB" --build-only

# Independent counts: thread roots and all comments of the draft that are not deleted.
LIVE="SELECT count(*) FROM comment c JOIN document d ON d.id = c.document_id WHERE d.code = '$DOC' AND c.deleted_at IS NULL"
ROOTS=$(db_sql "$DB" "$LIVE AND c.parent_id IS NULL") ALL=$(db_sql "$DB" "$LIVE")
case "$ROOTS" in [1-9]*) ok "sample draft has comments ($ROOTS roots, $ALL in all)" ;; *) not_ok "sample counts" "$ROOTS" ;; esac

HEAD=(--date 2021-05-10)
for fmt in txt md csv html json; do
	run "$GOPY" export "$DB" --doc "$DOC" --format "$fmt" "${HEAD[@]}" -o "$T/sample.$fmt"
	expect_eq "sample $fmt exits 0" "0" "$rc"
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		mkdir -p "$GOLDEN"
		cp "$T/sample.$fmt" "$GOLDEN/sample.$fmt"
	fi
	if cmp -s "$T/sample.$fmt" "$GOLDEN/sample.$fmt"; then ok "sample $fmt matches golden"; else
		not_ok "sample $fmt matches golden" "$(diff "$GOLDEN/sample.$fmt" "$T/sample.$fmt" | head -n 30)"; fi
done

pycheck csv "$T/sample.csv" "$ALL"
pycheck json "$T/sample.json" "$ROOTS"
cmark-gfm -e table "$T/sample.md" >"$T/sample.md.html"
pycheck md "$T/sample.md.html" "$ROOTS"
pycheck html "$T/sample.html" "$ROOTS"
pycheck txt "$T/sample.txt" 132

r=$(cat "$T/sample.txt")
expect_contains "issuer from the document" "BAN CÁN SỰ ĐẢNG UBND TỈNH" "$r"
expect_contains "place from the document" "Vĩnh Phúc, ngày 10 tháng 5 năm 2021" "$r"
expect_contains "general comments first" "| Góp ý chung về dự thảo" "$r"
for fmt in docx xlsx; do
	run "$GOPY" export "$DB" --doc "$DOC" --format "$fmt" "${HEAD[@]}" -o "$T/sample.$fmt"
	expect_eq "sample $fmt exits 0" "0" "$rc"
	officecheck "$fmt" "$T/sample.$fmt" "$ROOTS"
done
officecheck same "$T/sample.html" "$T/sample.md.html" "$T/sample.docx" "$T/sample.xlsx"

# Every format holds the same comments: the CSV ids are exactly the JSON's ids.
"$PY" - "$T/sample.csv" "$T/sample.json" <<'EOF' && ok "csv and json list the same comments" || not_ok "csv and json list the same comments"
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    ids = [r["id"].removeprefix("=\"").removesuffix("\"") for r in csv.DictReader(f)]
d = json.load(open(sys.argv[2], encoding="utf-8"))
jids = [c["id"] for g in d["groups"] for r in g["rows"] for c in r["members"] + r["replies"]]
sys.exit(0 if ids == jids else 1)
EOF
