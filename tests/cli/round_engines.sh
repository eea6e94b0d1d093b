#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# round_engines.sh — the documents of a round on either engine (migration 7): a citation set
# with `handle --at` and written by the report, moved by a second --at and removed by --at "";
# the drafting team's notes (align --note / --note-old) and the comments a change absorbed in
# the comparison table, whose txt is the golden of tests/report/compare.sh; check passes; the
# refusals leave the data as it was.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
V=$DATA/versions
new_db DB round
g init "$DB" >/dev/null
g import "$DB" "$V/lan1.txt" --code NQ --title "Nghị quyết về chuyển đổi số tỉnh" >/dev/null
g delegate "$DB" add DB1 "Nguyễn Văn An" --unit "Sở Tài chính"
g delegate "$DB" add DB2 "Trần Thị Bình" --unit "Sở Tư pháp"
g delegate "$DB" add ED "Lê Thị Biên" --unit "Văn phòng" --role editor
# the comments and handling of tests/report/compare.sh, for its golden
gv SPLIT comment "$DB" --doc NQ --section "khoản 2 Điều 2" --as DB1 "Tách hợp tác xã thành khoản riêng."
gv MERGE comment "$DB" --doc NQ --section "Điều 5" --as DB2 "Gộp với Điều 4 cho gọn."
gv DAU comment "$DB" --doc NQ --section "Điều 10" --as DB2 "Kiểm tra dấu của chữ “thông qua”."
gv NOTED comment "$DB" --doc NQ --section "Điều 9" --as DB1 "Tăng kinh phí lên hai phần trăm."
gv GONE comment "$DB" --doc NQ --section "Điều 6" --as DB1 "Điều này trùng với luật."
g import "$DB" "$V/lan2.txt" --code NQ --revision --label "Dự thảo lần 2" >/dev/null
cited() { db_sql "$DB" "SELECT s.full_label || '|' || s.version FROM citation c JOIN section s ON s.id = c.section_id WHERE c.comment_id = $1"; }

# dispositions and responses by SQL, as import-dispositions leaves them: this test is about --at
handled() { db_sql "$DB" "UPDATE comment SET disposition = $2, response = '$3' WHERE id = $1"; }
handled "$SPLIT" 1 "Đã tách."
handled "$MERGE" 2 "Đã gộp, giữ tên mới."
handled "$DAU" 1 "Đã rà soát."
handled "$NOTED" 3 "Giữ mức một phần trăm."
handled "$GONE" 1 "Đã bỏ."
rung handle "$DB" "$SPLIT" --at "khoản 3 Điều 3" --as ED
expect_eq "handle --at" "0|comment $SPLIT: at khoản 3 Điều 3 (version 2)|khoản 3 Điều 3|2" "$rc|$out|$(cited "$SPLIT")"
rung handle "$DB" "$SPLIT" --at "khoản 2 Điều 3" --as ED
expect_eq "a second --at moves it" "khoản 2 Điều 3|2" "$(cited "$SPLIT")"
rung handle "$DB" "$SPLIT" --at "" --as ED
expect_eq "--at \"\" removes it" "0|" "$rc|$(cited "$SPLIT")"
g handle "$DB" "$SPLIT" --at "khoản 3 Điều 3" --as ED >/dev/null
rung handle "$DB" "$GONE" --at "Điều 99" --as ED
expect_eq "an --at that names nothing is refused" "1|" "$rc|$(cited "$GONE")"
rung align "$DB" --doc NQ --note "Điều 7=Hai điều cùng nói về hạ tầng." --note-old "Điều 6=Đã quy định tại Luật An toàn thông tin mạng."
expect_eq "align --note and --note-old" "0" "$rc"
rung align "$DB" --doc NQ --note "Điều 7=Hai điều cùng nói về hạ tầng."
expect_eq "the same note again replaces it (two notes, not three)" "2" "$(db_sql "$DB" "SELECT count(*) FROM align_note")"

rung export "$DB" --doc NQ --version 1 --date 2026-05-04 --width 200
expect_contains "the report: where it went" "Đã tiếp thu tại khoản 3 Điều 3 dự thảo lần 2." "$out"
rung export "$DB" --doc NQ --compare --date 2026-05-04 --issuer "Sở Thông tin và Truyền thông" --place "Hà Nội"
printf '%s\n' "$out" >"$T/compare.txt"
check "the comparison table is the golden of report/compare" cmp "$ROOT/tests/report/golden/compare.txt" "$T/compare.txt"
rung check "$DB"
expect_eq "check passes" "0|ok (schema $SCHEMA)" "$rc|${out##*: }"
