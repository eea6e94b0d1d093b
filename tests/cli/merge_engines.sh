#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# merge_engines.sh — merging copies filled apart into a review on either engine: a file, or a
# PostgreSQL server review (made by merging the file the copies were taken from into an empty
# review there). Two copies add comments and set one comment's disposition differently; the
# merge brings every comment (a reply under its parent), lists the conflict, settles it,
# applies a changes file once, carries a citation, and the review passes `gopy check` and
# finds merged comments. The other way: `gopy changes` of the review (on the server too)
# since the base file gives a changes file that brings a copy of the base to the same comments.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
# the review starts as a file, merged into an empty review on the engine; copies of the file go out
make_db "$T/base.db" >/dev/null || not_ok "fixture database"
g delegate "$T/base.db" add BT-01 "Vũ Thị Lan" --unit "Tổ biên tập" --role editor
gv C1 comment "$T/base.db" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Đề nghị làm rõ phạm vi"
new_db DB review
g init "$DB" >/dev/null
rung merge "$DB" "$T/base.db"
expect_eq "the review on the engine, merged from the file into an empty review" \
	"0|1 comment added, 0 changed, 4 delegates added, 1 document added, 0 new conflicts" "$rc|$out"
cp "$T/base.db" "$T/a.db"
cp "$T/base.db" "$T/b.db"
g comment "$T/a.db" --doc DA-CDS --section "Điều 2" --as STTTT-01 "Ý kiến ghi ở phòng họp A" >/dev/null
g comment "$T/a.db" --doc DA-CDS --reply-to "$C1" --as UBND-MD "Trả lời ở phòng họp A" >/dev/null
sqlite3 "$T/a.db" "UPDATE comment SET disposition = 1, response = 'Tiếp thu ở bản A',
	handled_at = '2026-05-04T09:00:00Z' WHERE id = $C1"
g comment "$T/b.db" --doc DA-CDS --as UBND-MD "Ý kiến chung của huyện" >/dev/null
sqlite3 "$T/b.db" "UPDATE comment SET disposition = 3, response = 'Giải trình ở bản B',
	handled_at = '2026-05-04T08:00:00Z' WHERE id = $C1"

rung merge "$DB" "$T/a.db" "$T/b.db"
expect_eq "merge: the summary" "0|3 comments added, 1 changed, 0 delegates added, 0 documents added, 1 new conflict" \
	"$rc|$out"
expect_eq "merge: every comment is there" "4" "$(db_sql "$DB" "SELECT count(*) FROM comment")"
expect_eq "the reply sits under its parent" "1" \
	"$(db_sql "$DB" "SELECT count(*) FROM comment WHERE parent_id = $C1 AND depth = 1")"
expect_eq "the later disposition is shown" "1|Tiếp thu ở bản A" \
	"$(db_sql "$DB" "SELECT disposition, response FROM comment WHERE id = $C1")"
rung conflicts "$DB" --format tsv
expect_eq "the conflict is listed" "handling	$C1	[accepted] Tiếp thu ở bản A	[explained] Giải trình ở bản B" \
	"$(printf '%s\n' "$out" | tail -n +2 | cut -f2,4,6,7)"
ID=$(printf '%s\n' "$out" | tail -n +2 | cut -f1)
rung merge "$DB" "$T/a.db" "$T/b.db"
expect_eq "merging again adds nothing" "0|0 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" \
	"$rc|$out"
rung resolve "$DB" "$ID" --keep theirs --as BT-01
expect_eq "resolve keeps theirs" "0|3|Giải trình ở bản B" \
	"$rc|$(db_sql "$DB" "SELECT disposition, response FROM comment WHERE id = $C1")"
expect_eq "no open conflict is left" "no open conflicts" "$(g conflicts "$DB")"

# a changes file from a copy, into the review, once
cp "$T/a.db" "$T/day.db"
g comment "$T/day.db" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến trong ngày" >/dev/null
g changes "$T/day.db" --since "$T/a.db" -o "$T/day.gopy" >/dev/null
rung merge "$DB" "$T/day.gopy"
expect_eq "a changes file applies" "0|1 comment added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" \
	"$rc|$out"
rung merge "$DB" "$T/day.gopy"
expect_eq "once" "0|0 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" "$rc|$out"
# a citation made on a copy reaches the review (file → engine)
cp "$T/a.db" "$T/cite.db"
g handle "$T/cite.db" "$C1" --at "Điều 2" --as BT-01 >/dev/null
rung merge "$DB" "$T/cite.db"
expect_eq "a citation is carried" "0|0 comments added, 1 changed, 0 delegates added, 0 documents added, 0 new conflicts" \
	"$rc|$out"
expect_eq "the citation, on the engine" "Điều 2" \
	"$(db_sql "$DB" "SELECT s.full_label FROM citation c JOIN section s ON s.id = c.section_id WHERE c.comment_id = $C1")"

# what the review on the engine gained since the copies went out, as a changes file (engine → file)
rung changes "$DB" --since "$T/base.db" -o "$T/back.gopy"
expect_eq "changes from the review" "0|$T/back.gopy: 5 comments new or changed since $T/base.db" "$rc|$out"
cp "$T/base.db" "$T/home.db"
rung merge "$T/home.db" "$T/back.gopy"
expect_eq "they apply to a copy of the base" \
	"0|4 comments added, 2 changed, 0 delegates added, 0 documents added, 0 new conflicts" "$rc|$out"
g export "$T/home.db" --doc DA-CDS --format json -o "$T/home.json"
g export "$DB" --doc DA-CDS --format json -o "$T/review.json"
rows() { py 'import json, sys
r = json.load(open(sys.argv[1]))
print("\n".join(sorted(json.dumps([m["id"], m["body"], m["disposition"]], ensure_ascii=False) for g in r["groups"] for row in g["rows"] for m in row["members"] + row["replies"])))' "$1"; }
expect_eq "the copy now has the review's comments" "$(rows "$T/review.json")" "$(rows "$T/home.json")"
rung changes "$DB" --since "$T/nowhere.db" -o "$T/x.gopy"
expect_eq "changes: a base that is not there" "1" "$rc"
rung check "$DB"
expect_eq "the review passes check" "0" "$rc"
expect_contains "search finds a merged comment" "phòng họp A" "$(g search "$DB" "phong hop")"
echo "1..$_n"
