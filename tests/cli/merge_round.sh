#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# merge_round.sh — what a merge carries besides the comments themselves: where a comment's
# handling was cited (`gopy handle --at`), the drafting team's notes on a revision (`gopy align
# --note`), and a comment deleted on one copy and then restored. Copies filled apart merge in
# either order into the same citations and notes (two different notes on one change are both
# kept; of two citations the one in the later version wins), a restoration reaches a review
# that had the deletion, and a changes file carries a citation and a note once.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
V=$DATA/versions
BASE=$T/base.db
g init "$BASE" >/dev/null
g import "$BASE" "$V/lan1.txt" --code NQ --title "Nghị quyết về chuyển đổi số" >/dev/null
g delegate "$BASE" add DB1 "Nguyễn Văn An" --unit "Sở Tài chính"
g delegate "$BASE" add ED "Lê Thị Biên" --unit "Văn phòng" --role editor
gv C1 comment "$BASE" --doc NQ --section "khoản 2 Điều 2" --as DB1 "Tách hợp tác xã ra một khoản riêng"
gv C2 comment "$BASE" --doc NQ --section "Điều 1" --as DB1 "Giữ nguyên"
g import "$BASE" "$V/lan2.txt" --code NQ --revision --label "Dự thảo lần 2" >/dev/null
for x in a b d; do cp "$BASE" "$T/$x.db"; done
cited() { sqlite3 "$1" "SELECT s.full_label || '|' || s.version FROM citation c JOIN section s ON s.id = c.section_id
	WHERE c.comment_id = $2"; }
notes() { sqlite3 "$1" "SELECT n.new_version, s.full_label, n.note FROM align_note n JOIN section s ON s.id = n.section_id
	ORDER BY 1, 2"; }

# copy a cites C1 in version 2 and explains a change; copy b cites C1 in version 1, explains the
# same change otherwise, cites C2, and deletes C2
g handle "$T/a.db" "$C1" --disposition accepted --response "Đã tách." --at "khoản 3 Điều 3" --as ED >/dev/null
g align "$T/a.db" --doc NQ --note "Điều 1=Giữ nguyên theo ý kiến đại biểu" >/dev/null
g handle "$T/b.db" "$C1" --at "Điều 2" --version 1 --as ED >/dev/null
g handle "$T/b.db" "$C2" --at "Điều 1" --as ED >/dev/null
g align "$T/b.db" --doc NQ --note "Điều 1=Sửa câu chữ cho rõ" >/dev/null
expect_eq "the copies cite as they were told" "khoản 3 Điều 3|2 Điều 2|1" "$(cited "$T/a.db" "$C1") $(cited "$T/b.db" "$C1")"
for order in "a b" "b a"; do
	t=$T/t-${order// /}.db
	cp "$BASE" "$t"
	for x in $order; do g merge "$t" "$T/$x.db" >/dev/null 2>&1 || not_ok "merge $x into $t"; done
done
expect_eq "citations: the one in the later version, in either order" "khoản 3 Điều 3|2|khoản 3 Điều 3|2" \
	"$(cited "$T/t-ab.db" "$C1")|$(cited "$T/t-ba.db" "$C1")"
expect_eq "a citation only one copy made is carried" "Điều 1|2" "$(cited "$T/t-ab.db" "$C2")"
expect_eq "notes: both versions of the note kept, one way whatever the order" \
	"2|Điều 1|Giữ nguyên theo ý kiến đại biểu

---

Sửa câu chữ cho rõ" "$(notes "$T/t-ab.db")"
expect_eq "notes: the same in the other order" "$(notes "$T/t-ab.db")" "$(notes "$T/t-ba.db")"
before=$(sha "$T/t-ab.db")
rung merge "$T/t-ab.db" "$T/a.db" "$T/b.db"
expect_eq "merging again changes nothing" "0|0 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts|$before" \
	"$rc|$out|$(sha "$T/t-ab.db")"
run "$GOPY" check "$T/t-ab.db"
expect_eq "the merged review passes check" "0" "$rc"
g export "$T/t-ab.db" --doc NQ --format txt -o "$T/t-ab.txt"
expect_contains "the report says where the response went" "khoản 3 Điều 3" "$(cat "$T/t-ab.txt")"

# ---- a comment deleted, then restored --------------------------------------------------------
sqlite3 "$T/b.db" "UPDATE comment SET deleted_at = '2026-05-04T09:00:00Z' WHERE id = $C2"
cp "$BASE" "$T/r.db"
g merge "$T/r.db" "$T/b.db" >/dev/null 2>&1
expect_eq "the deletion is carried" "1" "$(sqlite3 "$T/r.db" "SELECT deleted_at IS NOT NULL FROM comment WHERE id = $C2")"
sqlite3 "$T/b.db" "UPDATE comment SET deleted_at = NULL WHERE id = $C2"
rung merge "$T/r.db" "$T/b.db"
expect_eq "then the restoration: the comment is back" "0|0" \
	"$rc|$(sqlite3 "$T/r.db" "SELECT deleted_at IS NOT NULL FROM comment WHERE id = $C2")"
expect_eq "and no conflict was raised" "no open conflicts" "$(g conflicts "$T/r.db")"
rung merge "$T/r.db" "$T/a.db"
expect_eq "a copy that never saw the deletion leaves it restored" "0|0" \
	"$rc|$(sqlite3 "$T/r.db" "SELECT deleted_at IS NOT NULL FROM comment WHERE id = $C2")"
# a copy that saw the restoration and deleted again: the new deletion wins
cp "$T/b.db" "$T/b2.db"
sqlite3 "$T/b2.db" "UPDATE comment SET deleted_at = '2026-05-05T09:00:00Z' WHERE id = $C2"
g merge "$T/r.db" "$T/b2.db" >/dev/null 2>&1
expect_eq "a later deletion by one who saw the restoration wins" "1" \
	"$(sqlite3 "$T/r.db" "SELECT deleted_at IS NOT NULL FROM comment WHERE id = $C2")"

# ---- a changes file carries citations and notes ---------------------------------------------
g handle "$T/d.db" "$C2" --at "Điều 1" --as ED >/dev/null
g align "$T/d.db" --doc NQ --note "Điều 1=Ghi chú trong ngày" >/dev/null
rung changes "$T/d.db" --since "$BASE" -o "$T/day.gopy"
expect_eq "changes: written" "0" "$rc"
cp "$BASE" "$T/o.db"
rung merge "$T/o.db" "$T/day.gopy"
expect_eq "the changes file applies: a citation and a note changed" \
	"0|0 comments added, 2 changed, 0 delegates added, 0 documents added, 0 new conflicts" "$rc|$out"
expect_eq "its citation" "Điều 1|2" "$(cited "$T/o.db" "$C2")"
expect_eq "its note" "2|Điều 1|Ghi chú trong ngày" "$(notes "$T/o.db")"
rung merge "$T/o.db" "$T/day.gopy"
expect_eq "once" "0|0 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" "$rc|$out"
echo "1..$_n"
