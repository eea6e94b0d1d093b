#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# merge_round.sh — what a merge carries besides the comments themselves: where a comment's
# handling was cited (`gopy handle --at`), the drafting team's notes on a revision (`gopy align
# --note`), and a comment deleted on one copy and then restored. Copies filled apart merge in
# either order into the same citations and notes (two different notes on one change are both
# kept; of two citations the one in the later version wins), a restoration reaches a review
# that had the deletion, and a changes file carries a citation and a note once.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
V=$DATA/versions
new_db BASE base
g init "$BASE" >/dev/null
g import "$BASE" "$V/lan1.txt" --code NQ --title "Nghị quyết về chuyển đổi số" >/dev/null
g delegate "$BASE" add DB1 "Nguyễn Văn An" --unit "Sở Tài chính"
g delegate "$BASE" add ED "Lê Thị Biên" --unit "Văn phòng" --role editor
gv C1 comment "$BASE" --doc NQ --section "khoản 2 Điều 2" --as DB1 "Tách hợp tác xã ra một khoản riêng"
gv C2 comment "$BASE" --doc NQ --section "Điều 1" --as DB1 "Giữ nguyên"
g import "$BASE" "$V/lan2.txt" --code NQ --revision --label "Dự thảo lần 2" >/dev/null
db_copy "$BASE" A a; db_copy "$BASE" B b; db_copy "$BASE" D d
cited() { db_sql "$1" "SELECT s.full_label || '|' || s.version FROM citation c JOIN section s ON s.id = c.section_id
	WHERE c.comment_id = $2"; }
notes() { db_sql "$1" "SELECT n.new_version, s.full_label, n.note FROM align_note n JOIN section s ON s.id = n.section_id
	ORDER BY 1, 2"; }
deleted() { db_sql "$1" "SELECT CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END FROM comment WHERE id = $2"; }

# copy a cites C1 in version 2 and explains a change; copy b cites C1 in version 1, explains the
# same change otherwise, cites C2, and deletes C2
g handle "$A" "$C1" --disposition accepted --response "Đã tách." --at "khoản 3 Điều 3" --as ED >/dev/null
g align "$A" --doc NQ --note "Điều 1=Giữ nguyên theo ý kiến đại biểu" >/dev/null
g handle "$B" "$C1" --at "Điều 2" --version 1 --as ED >/dev/null
g handle "$B" "$C2" --at "Điều 1" --as ED >/dev/null
g align "$B" --doc NQ --note "Điều 1=Sửa câu chữ cho rõ" >/dev/null
expect_eq "the copies cite as they were told" "khoản 3 Điều 3|2 Điều 2|1" "$(cited "$A" "$C1") $(cited "$B" "$C1")"
for order in "a b" "b a"; do
	db_copy "$BASE" t "t-${order// /}"
	for x in $order; do g merge "$t" "$(db_of "$x")" >/dev/null 2>&1 || not_ok "merge $x into $t"; done
done
TAB=$(db_of t-ab) TBA=$(db_of t-ba)
expect_eq "citations: the one in the later version, in either order" "khoản 3 Điều 3|2|khoản 3 Điều 3|2" \
	"$(cited "$TAB" "$C1")|$(cited "$TBA" "$C1")"
expect_eq "a citation only one copy made is carried" "Điều 1|2" "$(cited "$TAB" "$C2")"
expect_eq "notes: both versions of the note kept, one way whatever the order" \
	"2|Điều 1|Giữ nguyên theo ý kiến đại biểu

---

Sửa câu chữ cho rõ" "$(notes "$TAB")"
expect_eq "notes: the same in the other order" "$(notes "$TAB")" "$(notes "$TBA")"
before=$(sha "$TAB")
rung merge "$TAB" "$A" "$B"
expect_eq "merging again changes nothing" "0|0 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts|$before" \
	"$rc|$out|$(sha "$TAB")"
run "$GOPY" check "$TAB"
expect_eq "the merged review passes check" "0" "$rc"
g export "$TAB" --doc NQ --format txt -o "$T/t-ab.txt"
expect_contains "the report says where the response went" "khoản 3 Điều 3" "$(cat "$T/t-ab.txt")"

# ---- a comment deleted, then restored --------------------------------------------------------
db_sql "$B" "UPDATE comment SET deleted_at = '2026-05-04T09:00:00Z' WHERE id = $C2"
db_copy "$BASE" R r
g merge "$R" "$B" >/dev/null 2>&1
expect_eq "the deletion is carried" "1" "$(deleted "$R" "$C2")"
db_sql "$B" "UPDATE comment SET deleted_at = NULL WHERE id = $C2"
rung merge "$R" "$B"
expect_eq "then the restoration: the comment is back" "0|0" \
	"$rc|$(deleted "$R" "$C2")"
expect_eq "and no conflict was raised" "no open conflicts" "$(g conflicts "$R")"
rung merge "$R" "$A"
expect_eq "a copy that never saw the deletion leaves it restored" "0|0" \
	"$rc|$(deleted "$R" "$C2")"
# a copy that saw the restoration and deleted again: the new deletion wins
db_copy "$B" B2 b2
db_sql "$B2" "UPDATE comment SET deleted_at = '2026-05-05T09:00:00Z' WHERE id = $C2"
g merge "$R" "$B2" >/dev/null 2>&1
expect_eq "a later deletion by one who saw the restoration wins" "1" \
	"$(deleted "$R" "$C2")"

# ---- a changes file carries citations and notes ---------------------------------------------
g handle "$D" "$C2" --at "Điều 1" --as ED >/dev/null
g align "$D" --doc NQ --note "Điều 1=Ghi chú trong ngày" >/dev/null
rung changes "$D" --since "$BASE" -o "$T/day.gopy"
expect_eq "changes: written" "0" "$rc"
db_copy "$BASE" O o
rung merge "$O" "$T/day.gopy"
expect_eq "the changes file applies: a citation and a note changed" \
	"0|0 comments added, 2 changed, 0 delegates added, 0 documents added, 0 new conflicts" "$rc|$out"
expect_eq "its citation" "Điều 1|2" "$(cited "$O" "$C2")"
expect_eq "its note" "2|Điều 1|Ghi chú trong ngày" "$(notes "$O")"
rung merge "$O" "$T/day.gopy"
expect_eq "once" "0|0 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" "$rc|$out"
echo "1..$_n"
