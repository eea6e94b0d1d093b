#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# consult.sh — the consultation list (gopy consult) and the overview's figures (gopy stats):
# every count compared with the same count computed by plain SQL over the comments; the
# tallies kept right by triggers through inserts, edits, deletions and plain-SQL writes of
# other tools; old (schema 1) files upgraded with their tallies filled; the report's section I
# counting and naming the units that did not answer.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
export GOPY_SAMPLE_DATA=$ROOT/sample-data GOPY_NOW=2021-05-05T08:00:00Z
new_db DB demo
"$GOPY" demo "$DB" </dev/null >/dev/null 2>&1
run "$GOPY" check "$DB"
expect_eq "the sample review passes gopy check (tallies included)" "0" "$rc"

# ---- the counts against a scan ------------------------------------------------------------
scan_stats() { # DOC: the stats TSV's document/disposition/unit records, by plain SQL
	db_sql -t "$DB" "
	WITH d AS (SELECT id, code FROM document WHERE code = '$1'),
	live AS (SELECT c.* FROM comment c, d WHERE c.document_id = d.id AND c.deleted_at IS NULL),
	codes(n, code) AS (VALUES (0,'pending'),(1,'accepted'),(2,'partly'),(3,'explained'),(4,'noted'),(5,'escalated'))
	SELECT 'document', d.code, CAST((SELECT count(*) FROM live) AS TEXT), (SELECT count(*) FROM live WHERE disposition <> 0),
	  (SELECT count(*) FROM live WHERE disposition = 0), (SELECT count(*) FROM live WHERE section_id IS NULL) FROM d
	UNION ALL SELECT 'disposition', '$1', code, (SELECT count(*) FROM live WHERE disposition = n), NULL, NULL FROM codes;" |
		sed 's/\t\t$//'
}
stats_part() { "$GOPY" stats "$DB" --doc "$1" --format tsv | awk -F'\t' '$1 == "document" || $1 == "disposition"'; }
units_scan() {
	db_sql -t "$DB" "SELECT 'unit', '$1', dl.unit, count(*), count(*) FILTER (WHERE c.parent_id IS NULL),
	  count(*) FILTER (WHERE c.disposition <> 0) FROM comment c JOIN delegate dl ON dl.id = c.author_id
	  WHERE c.document_id = (SELECT id FROM document WHERE code = '$1') AND c.deleted_at IS NULL
	  GROUP BY dl.unit ORDER BY dl.unit"
}
units_stats() { "$GOPY" stats "$DB" --doc "$1" --format tsv | awk -F'\t' '$1 == "unit"' | sort -t$'\t' -k3,3; }
sections_scan() { # chapters and articles: comments on them and on everything under them
	db_sql -t "$DB" "
	WITH RECURSIVE d AS (SELECT id FROM document WHERE code = '$1'),
	tree(top, id) AS (SELECT s.id, s.id FROM section s, d WHERE s.document_id = d.id
	  UNION ALL SELECT t.top, s.id FROM tree t JOIN section s ON s.parent_id = t.id)
	SELECT CASE WHEN s.full_label <> '' THEN s.full_label ELSE s.label END, (SELECT count(*) FROM comment c WHERE c.deleted_at IS NULL AND c.section_id IN
	  (SELECT id FROM tree WHERE top = s.id)) FROM section s, d WHERE s.document_id = d.id
	  AND s.level IN (1, 2, 3, 4, 7, 8) ORDER BY s.position"
}
sections_stats() { "$GOPY" stats "$DB" --doc "$1" --format tsv | awk -F'\t' '$1 == "section" { print $3 "\t" $7 }'; }
consult_scan() { # asked, commented, no comments, waiting, overdue, units, units silent
	db_sql -t "$DB" "
	WITH d AS (SELECT id FROM document WHERE code = '$1'),
	e AS (SELECT k.*, CASE WHEN k.delegate_id IS NULL THEN k.unit ELSE (SELECT unit FROM delegate WHERE id = k.delegate_id) END AS u,
	  (SELECT count(*) FROM comment c JOIN delegate dl ON dl.id = c.author_id WHERE c.document_id = k.document_id
	   AND c.deleted_at IS NULL AND c.parent_id IS NULL
	   AND (dl.id = k.delegate_id OR (k.delegate_id IS NULL AND dl.unit = k.unit))) AS n
	  FROM consultee k, d WHERE k.document_id = d.id),
	s AS (SELECT *, CASE WHEN n > 0 THEN 1 WHEN no_comments_on IS NOT NULL THEN 2 ELSE 0 END AS st FROM e)
	SELECT 'consult', '$1', count(*), count(*) FILTER (WHERE st = 1), count(*) FILTER (WHERE st = 2),
	  count(*) FILTER (WHERE st = 0), count(*) FILTER (WHERE st = 0 AND deadline <> '' AND deadline < '2021-05-05'),
	  (SELECT count(DISTINCT u) FROM s WHERE u <> ''),
	  (SELECT count(*) FROM (SELECT u FROM s WHERE u <> '' GROUP BY u HAVING max(st) = 0) AS silent) FROM s"
}
consult_stats() { "$GOPY" stats "$DB" --doc "$1" --format tsv | awk -F'\t' '$1 == "consult"'; }
compare_all() { # LABEL
	for doc in DA-CDS-2021 NQ-THD-2021 NQ-CNNT-2021; do
		expect_eq "$1: $doc by disposition = scan" "$(scan_stats $doc)" "$(stats_part $doc)"
		expect_eq "$1: $doc by unit = scan" "$(units_scan $doc)" "$(units_stats $doc)"
		expect_eq "$1: $doc by chapter and article = scan" "$(sections_scan $doc)" "$(sections_stats $doc)"
	done
	expect_eq "$1: consultation totals = scan" "$(consult_scan DA-CDS-2021)" "$(consult_stats DA-CDS-2021)"
}
compare_all "sample"
expect_eq "the sample's list: 22 asked, 18 answered (2 no comments), 4 waiting, 1 overdue, 4 silent units" \
	$'consult\tDA-CDS-2021\t22\t16\t2\t4\t1\t22\t4' "$(consult_stats DA-CDS-2021)"

# Writes of every kind keep the tallies right: new comments and replies, dispositions,
# deletion, a comment moved to another author by plain SQL, a row inserted by sqlite3.
"$GOPY" comment "$DB" --doc DA-CDS-2021 --section "mục II Phần thứ hai" --as STC-01 "Góp ý mới của Sở Tài chính" >/dev/null
ID=$(db_sql "$DB" "SELECT id FROM comment WHERE body LIKE 'Góp ý mới%'")
"$GOPY" comment "$DB" --doc DA-CDS-2021 --reply-to "$ID" --as STTTT-01 "Trả lời" >/dev/null
db_sql "$DB" "UPDATE comment SET disposition = 2 WHERE id = $ID"
db_sql "$DB" "UPDATE comment SET deleted_at = '2021-05-05T09:00:00Z' WHERE id IN (SELECT id FROM comment WHERE disposition = 1 LIMIT 3)"
db_sql "$DB" "UPDATE comment SET author_id = (SELECT id FROM delegate WHERE code = 'HU-LT-01') WHERE id IN (SELECT id FROM comment WHERE disposition = 0 LIMIT 2)"
db_sql "$DB" "INSERT INTO comment(id, document_id, section_id, root_id, thread_key, author_id, body, created_at)
  SELECT 77, d.id, NULL, 77, $(sql_blob 7FFFFF01), (SELECT id FROM delegate WHERE code = 'HU-TD-01'), 'thêm bằng sqlite3', '2021-05-05T10:00:00Z'
  FROM document d WHERE code = 'DA-CDS-2021'"
db_sql "$DB" "DELETE FROM comment WHERE id IN (SELECT id FROM comment WHERE parent_id IS NOT NULL AND id NOT IN (SELECT parent_id FROM comment WHERE parent_id IS NOT NULL) LIMIT 2)"
compare_all "after writes"
run "$GOPY" check "$DB"
expect_eq "gopy check still passes after plain-SQL writes" "0" "$rc"
db_sql "$DB" "UPDATE tally_disposition SET n = n + 1"
run "$GOPY" check "$DB"
expect_eq "gopy check finds a tally that disagrees with the comments" "1" "$rc"
expect_contains "and says which" "tally says" "$out"

# ---- the consultation list through the CLI ---------------------------------------------------
new_db DB2 list
"$GOPY" demo "$DB2" </dev/null >/dev/null 2>&1
db_sql "$DB2" "DELETE FROM consultee"
C() { "$GOPY" consult "$DB2" --doc NQ-DTL-2021 "$@"; }
run C add "so tai chinh" "Sở Tư pháp" HU-TD-01 --deadline 2021-05-07
expect_eq "add: three entries" "added 3 entries to the consultation list" "$out"
run C add "so tu phap" --deadline 2021-05-01
expect_eq "add again (spelt without diacritics): the deadline changes, nothing is added" \
	"added 0 entries to the consultation list" "$out"
expect_eq "a unit typed without diacritics takes the delegates' spelling" "Sở Tài chính" \
	"$(db_sql "$DB2" "SELECT unit FROM consultee WHERE unit LIKE 'S% T% ch%'")"
run C pending --format tsv
expect_eq "pending lists who has not answered in deadline order, with days left (tsv)" \
	"$(printf 'Sở Tư pháp\t\t\t2021-05-05\t2021-05-01\twaiting\t0\t\t\t-4\nHuyện ủy Tam Dương\tHU-TD-01\t%s\t2021-05-05\t2021-05-07\twaiting\t0\t\t\t2' "$(db_sql "$DB2" "SELECT name FROM delegate WHERE code = 'HU-TD-01'")")" "$out"
run C pending
expect_contains "pending (text) says how late" "2021-05-01, 4 days overdue" "$out"
expect_contains "and how long is left" "2021-05-07, 2 days left" "$out"
run C no-comments HU-TD-01 --ref 12/HU-VP --date 2021-05-04
expect_eq "no-comments is recorded" "0" "$rc"
run C list --format json
echo "$out" >"$T/list.json"
expect_eq "list (json): states (comments count as an answer)" "no_comments commented waiting" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(e["state"] for e in sorted(d, key=lambda e: e["unit"])))' "$T/list.json" | tr -s ' ')"
run C pending --units
expect_eq "pending --units: the units that did not answer" "Sở Tư pháp" "$out"
run C no-comments "Sở Tư pháp" --undo
expect_contains "--undo on an entry without an answer is fine" "" "$out"
run C no-comments "Sở Nội vụ"
expect_eq "no-comments for who was not asked fails" "1" "$rc"
expect_contains "and says so" "not on the consultation list" "$err"
run C add "Sở Nội vụ" --deadline 2021-13-01
expect_eq "a bad date is refused" "1" "$rc"
expect_eq "and nothing is added" "3" "$(db_sql "$DB2" "SELECT count(*) FROM consultee")"
run C bogus
expect_eq "unknown subcommand: usage (2)" "2" "$rc"

# Import from CSV: all or nothing.
printf 'unit,delegate,deadline,no_comments_on,reference\nSở Y tế,,2021-05-08,,\n,HU-LT-01,2021-05-08,2021-05-03,9/CV\n' >"$T/k.csv"
run C import "$T/k.csv"
expect_eq "import: two entries" "imported 2 entries of the consultation list" "$out"
printf 'unit,delegate,deadline\nSở Xây dựng,,2021-05-08\n,NO-SUCH,2021-05-08\n' >"$T/bad.csv"
run C import "$T/bad.csv"
expect_eq "import with an unknown delegate fails" "1" "$rc"
expect_contains "naming the line" "line 3" "$err"
expect_eq "and adds nothing" "5" "$(db_sql "$DB2" "SELECT count(*) FROM consultee")"

# ---- the report's section I ---------------------------------------------------------------
run "$GOPY" export "$DB2" --doc NQ-DTL-2021 --format txt --date 2021-05-05
expect_contains "section I: who was asked, from the list" "được lấy ý kiến: 5, thuộc 5 đơn vị." "$out"
expect_contains "section I: answered 'no comments'" "trả lời nhất trí, không có ý kiến: 2." "$out"
expect_contains "section I: the units that did not answer, counted and named" \
	"Số đơn vị được lấy ý kiến nhưng không có ý kiến: 2 (Sở Tư pháp; Sở Y tế)." "$out"
run "$GOPY" export "$DB2" --doc NQ-DTL-2021 --format json --date 2021-05-05
echo "$out" >"$T/r.json"
expect_eq "json report: the same figures" "5 2 2 Sở Tư pháp; Sở Y tế" \
	"$(python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["figures"]; print(f["consulted"], f["answered_no_comments"], f["units_without_comment"], f["units_without_comment_list"])' "$T/r.json")"
run "$GOPY" export "$DB2" --doc NQ-CNNT-2021 --format txt --date 2021-05-05
expect_contains "without a list the figures still come from the delegates" "đại biểu thuộc" "$out"

# ---- stats: formats ------------------------------------------------------------------------
run "$GOPY" stats "$DB" --format json
echo "$out" >"$T/s.json"
check "stats --format json parses, one entry per document" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d["documents"]) == 5, len(d["documents"])
for doc in d["documents"]:
    assert doc["comments"] == sum(doc["dispositions"].values())
' "$T/s.json"
run "$GOPY" stats "$DB" --doc DA-CDS-2021 --width 40
bad=$(printf '%s\n' "$out" | python3 -c '
import sys, unicodedata
for l in sys.stdin.read().splitlines():
    w = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
    if w > 40: print(repr(l))')
expect_eq "stats --width 40: no line wider than 40 columns" "" "$bad"
expect_contains "stats: who has not answered, with the deadline" "Sở Tư pháp" "$out"
run "$GOPY" stats "$DB" --doc NOPE
expect_eq "stats on an unknown document fails" "1" "$rc"
run "$GOPY" stats "$DB" --width 5
expect_eq "stats --width too small is bad usage" "2" "$rc"

# ---- old files: a file from before the consultation list opens, upgraded, its tallies
# filled from its comments ---------------------------------------------------------------------
OLD=$T/old.db
"$GOPY" demo "$OLD" </dev/null >/dev/null 2>&1
downgrade_6 "$OLD"
sqlite3 "$OLD" "DROP TRIGGER tally_inserted; DROP TRIGGER tally_removed; DROP TRIGGER tally_updated;
  DROP TABLE tally_disposition; DROP TABLE tally_author; DROP TABLE consultee; DROP INDEX delegate_unit;
  DROP INDEX comment_author; DROP INDEX comment_disposition;
  PRAGMA user_version = 2;" # the schema before the consultation list (migration 3)
run "$GOPY" stats "$OLD" --doc DA-CDS-2021 --format tsv
expect_eq "a read-only command on an old file asks for an upgrade" "1" "$rc"
run "$GOPY" consult "$OLD" --doc DA-CDS-2021 add "Sở Tư pháp"
expect_eq "the first write upgrades it" "0" "$rc"
run "$GOPY" check "$OLD"
expect_eq "upgraded: the tallies agree with the comments" "0" "$rc"
DB=$OLD
expect_eq "upgraded file: by disposition = scan" "$(scan_stats DA-CDS-2021)" "$(stats_part DA-CDS-2021)"
expect_eq "upgraded file: by unit = scan" "$(units_scan DA-CDS-2021)" "$(units_stats DA-CDS-2021)"

# ---- the same figures as charts: inline SVG in html, a table in docx ---------------------------
new_db DB3 charts
"$GOPY" demo "$DB3" </dev/null >/dev/null 2>&1
"$GOPY" export "$DB3" --doc DA-CDS-2021 --format html -o "$T/c.html" --date 2021-05-10
"$GOPY" export "$DB3" --doc DA-CDS-2021 --format docx -o "$T/c.docx" --date 2021-05-10
read -r COMMENTED NOCOM WAITING < <(consult_stats_db() { "$GOPY" stats "$DB3" --doc DA-CDS-2021 --format tsv; }
	consult_stats_db | awk -F'\t' '$1 == "consult" { print $4, $5, $6 }')
PENDING=$(db_sql "$DB3" "SELECT count(*) FROM comment WHERE document_id = (SELECT id FROM document WHERE code = 'DA-CDS-2021')
  AND deleted_at IS NULL AND parent_id IS NULL AND disposition = 0")
check "html: the charts are inline SVG with the report's numbers" /usr/bin/python3 - "$T/c.html" "$COMMENTED" "$NOCOM" "$WAITING" "$PENDING" <<'PYEOF'
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.svgs = []; self.inside = False; self.text = []
    def handle_starttag(self, tag, attrs):
        if tag == "svg": self.inside = True; self.text = []
        if tag == "script": sys.exit("a script")
    def handle_endtag(self, tag):
        if tag == "svg": self.inside = False; self.svgs.append(self.text)
    def handle_data(self, d):
        if self.inside and d.strip(): self.text.append(d.strip())
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read())
assert len(p.svgs) == 2, p.svgs
disp = dict(zip(p.svgs[0][0::2], p.svgs[0][1::2]))
assert disp["Chưa xử lý"] == sys.argv[5], disp
who = dict(zip(p.svgs[1][0::2], p.svgs[1][1::2]))
assert [who["Có ý kiến góp ý"], who["Nhất trí, không có ý kiến"], who["Chưa trả lời"]] == sys.argv[2:5], who
PYEOF
check "docx: the same numbers as tables" /usr/bin/python3 - "$T/c.docx" "$COMMENTED" "$NOCOM" "$WAITING" "$PENDING" <<'PYEOF'
import sys, docx
t = docx.Document(sys.argv[1]).tables
rows = {r.cells[0].text: r.cells[1].text for tb in t[2:4] for r in tb.rows}
assert rows["Chưa xử lý"] == sys.argv[5], rows
assert [rows["Có ý kiến góp ý"], rows["Nhất trí, không có ý kiến"], rows["Chưa trả lời"]] == sys.argv[2:5], rows
PYEOF

# ---- the consultation list from a spreadsheet (.xlsx, the first sheet) -----------------------
new_db DB4 xlsx
"$GOPY" demo "$DB4" </dev/null >/dev/null 2>&1
/usr/bin/python3 - "$T/list.xlsx" <<'PYEOF'
import sys, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["DANH SÁCH CƠ QUAN, ĐƠN VỊ ĐƯỢC LẤY Ý KIẾN"])  # a title above the header
ws.append(["unit", "delegate", "deadline", "no_comments_on", "reference"])
ws.append(["Sở Tư pháp", None, "2021-05-07", None, None])
ws.append([None, "HU-LT-01", "2021-05-07", "2021-05-03", "7/CV-HU"])
ws.append(["Sở Y tế", None, "2021-05-01", None, None])
wb.save(sys.argv[1])
PYEOF
run "$GOPY" consult "$DB4" --doc NQ-DTL-2021 import "$T/list.xlsx"
expect_eq "import from .xlsx: three entries" "imported 3 entries of the consultation list" "$out"
expect_eq "the .xlsx list as stored" "HU-LT-01|2021-05-07|2021-05-03|7/CV-HU
Sở Tư pháp|2021-05-07||
Sở Y tế|2021-05-01||" "$(db_sql "$DB4" "SELECT coalesce(d.code, k.unit), k.deadline, coalesce(k.no_comments_on, ''), k.reference
  FROM consultee k LEFT JOIN delegate d ON d.id = k.delegate_id
  WHERE k.document_id = (SELECT id FROM document WHERE code = 'NQ-DTL-2021') ORDER BY 1")"
