#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# scale.sh — what keeps a 26-million-comment review flat (issue 17), at a size a test can run:
# ids numbered within a random block (consecutive in one run, another block in the next run,
# and still unique when old random ids are there), the file's own ids spilled to disk past
# the memory window (replies to old rows still attach; an id used twice is still refused and
# nothing is written), a fresh id that a comment already has drawn again (a file), a key
# script's @time, and G on a limited list that holds nothing.
# engines: both
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
new_db DB s
"$GOPY" init "$DB" >/dev/null
printf 'Điều 1. Phạm vi\n1. Khoản một.\n\nĐiều 2. Đối tượng\n1. Khoản một.\n' >"$T/d.md"
"$GOPY" import "$DB" "$T/d.md" --code DL >/dev/null
"$GOPY" delegate "$DB" add A01 "Nguyễn Văn An" --unit "Sở Tư pháp" >/dev/null

# rows c1..cN; every fifth replies to a row 20 back (beyond a memory window of 8)
"$PY" - "$T/c.csv" 300 <<'PYEOF'
import csv, sys
n = int(sys.argv[2])
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "doc", "section", "author", "body", "created_at", "reply_to"])
    for i in range(1, n + 1):
        parent = "c%d" % (i - 20) if i > 20 and i % 5 == 0 else ""
        w.writerow(["c%d" % i, "DL", "" if parent else "Điều %d" % (1 + i % 2), "A01", "Ý kiến số %d" % i,
                    "2024-03-01T00:%02d:%02dZ" % (i // 60 % 60, i % 60), parent])
PYEOF

# ---- ids ------------------------------------------------------------------------------------
db_copy "$DB" IDS ids
run env -u GOPY_SEED GOPY_TEST_REFS_IN_MEMORY=8 "$GOPY" import-comments "$IDS" "$T/c.csv"
expect_eq "import with the file's ids spilled past the memory window" 0 "$rc"
ids=$(db_sql "$IDS" "SELECT min(id), max(id), count(*), count(DISTINCT id >> 19), CASE WHEN min(id) > 0 THEN 1 ELSE 0 END FROM comment")
IFS='|' read -r lo hi n blocks positive <<<"$ids"
expect_eq "one run's ids are consecutive integers of one block" "299 1 1" "$((hi - lo)) $blocks $positive"
replies=$(db_sql "$IDS" "SELECT count(*) FROM comment c JOIN comment p ON p.id = c.parent_id
  WHERE CAST(substr(c.body, 11) AS integer) = CAST(substr(p.body, 11) AS integer) + 20")
expect_eq "every reply to a row out of the memory window found its parent" 56 "$replies"
run env -u GOPY_SEED "$GOPY" comment "$IDS" --doc DL --as A01 "một ý kiến nữa"
second=$(db_sql "$IDS" "SELECT count(DISTINCT id >> 19) FROM comment")
expect_eq "another run draws another block" 2 "$second"
check "gopy check passes after a spilled import" "$GOPY" check "$IDS"
# old random ids and the new ones live side by side (a file made with GOPY_SEED's ids)
db_copy "$DB" MIXED mixed
"$GOPY" import-comments "$MIXED" "$T/c.csv" >/dev/null 2>&1
run env -u GOPY_SEED "$GOPY" import-comments "$MIXED" "$T/c.csv"
expect_eq "a file with random ids takes block ids" "0 600" "$rc $(db_sql "$MIXED" "SELECT count(DISTINCT id) FROM comment")"

# ---- a fresh id that a comment already has: the bulk import draws another ----------------------
# (GOPY_SEED's ids depend on the number of rows: a probe with as many rows tells the first id)
if ! on_server; then
	head -n 3 "$T/c.csv" >"$T/two.csv"
	other() { # db id: a comment made by another program, with that id
		sqlite3 "$1" "INSERT INTO comment(id, document_id, root_id, thread_key, author_id, body, created_at)
		  SELECT $2, d.id, $2, x'7F000000', a.id, 'có sẵn', '2024-01-01T00:00:00Z' FROM document d, delegate a
		  WHERE d.code = 'DL' AND a.code = 'A01'"
	}
	cp "$DB" "$T/probe.db"
	other "$T/probe.db" 5
	"$GOPY" import-comments "$T/probe.db" "$T/two.csv" >/dev/null
	first=$(sqlite3 "$T/probe.db" "SELECT id FROM comment WHERE body = 'Ý kiến số 1'")
	cp "$DB" "$T/taken.db"
	other "$T/taken.db" "$first"
	run "$GOPY" import-comments "$T/taken.db" "$T/two.csv"
	expect_eq "the id drawn first is taken: imported all the same, under other ids" "0 3|3|1" \
		"$rc $(sqlite3 "$T/taken.db" "SELECT count(*), count(DISTINCT id), sum(body = 'có sẵn' AND id = $first) FROM comment")"
	check "gopy check passes after an id was drawn again" "$GOPY" check "$T/taken.db"
fi

# ---- the file's ids: duplicates beyond the window are refused whole ----------------------------
cp "$T/c.csv" "$T/dup.csv"
printf 'c3,DL,Điều 1,A01,lần hai,2024-03-02T00:00:00Z,\n' >>"$T/dup.csv"
db_copy "$DB" DUP dup
before=$(db_sql "$DUP" "SELECT count(*) FROM comment")
triggers="SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
on_server || schema=$(db_sql "$DUP" "$triggers")
run env GOPY_TEST_REFS_IN_MEMORY=8 "$GOPY" import-comments "$DUP" "$T/dup.csv"
expect_eq "an id used twice, the first far back: refused" 1 "$rc"
expect_contains "and said so" "id 'c3' is used twice" "$err"
expect_eq "and nothing was written" "$before" "$(db_sql "$DUP" "SELECT count(*) FROM comment")"
on_server || expect_eq "the triggers a bulk import sets aside are back as they were" "$schema" "$(db_sql "$DUP" "$triggers")"
run env GOPY_TEST_REFS_IN_MEMORY=8 "$GOPY" import-comments "$DUP" "$T/c.csv"
expect_eq "the same rows without the duplicate import" "0 300" "$rc $(db_sql "$DUP" "SELECT count(*) FROM comment")"
on_server || expect_eq "and after an import that wrote" "$schema" "$(db_sql "$DUP" "$triggers")"

# ---- keys ----------------------------------------------------------------------------------
printf '@time %s start\nA\n@time %s A\nl~a nobody-by-that-name<Enter>\nG\n@time %s G\nq\nq\n' \
	"$T/t.tsv" "$T/t.tsv" "$T/t.tsv" >"$T/k.keys"
run env GOPY_HEADLESS_SCRIPT="$T/k.keys" "$GOPY" --doc DL "$IDS"
expect_eq "G on a limited list that holds nothing: no crash" 0 "$rc"
labels=$(cut -f1 "$T/t.tsv" | tr '\n' ' ')
expect_eq "@time writes one line a mark" "start A G " "$labels"
numbers=$(awk -F'\t' 'NF == 3 && $2 >= 0 && $3 >= 0 && $3 <= $2 + 1 { n++ } END { print n }' "$T/t.tsv")
expect_eq "@time gives the wall and processor milliseconds" 3 "$numbers"
echo "1..$_n"
