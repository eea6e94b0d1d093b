#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# outline.sh — the reader on a đề án in the Phần / I. / 1. / a) / - form (headless): every
# level indented with its own counts, z folds a section (its children hidden, their totals
# shown), Z folds and unfolds all, J/K move between siblings at the cursor's level, ]/[ and
# search reach sections inside folded ones, :section takes a path, and thread headers use the
# citation.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"
new_db DB o
g init "$DB" >/dev/null
g import "$DB" "$ROOT/tests/outline/corpus/de-an.txt" --code DA --kind "Đề án" >/dev/null
g delegate "$DB" add A01 "Nguyễn Văn An" --unit "Sở Khoa học và Công nghệ" --login alice >/dev/null
for s in "mục II Phần thứ hai" "Phần thứ hai/II/2/b/-2" "Phần thứ hai/II/2/b/-2" "Phần thứ nhất"; do
	g comment "$DB" --doc DA --section "$s" --as A01 "Góp ý về $s" >/dev/null
done
# the row the cursor is on (@dumpattr marks the selected cells with # on the line below)
selected() { awk '/^[ #^]*#[ #^]*$/ { print prev; exit } { prev = $0 }' "$1"; }

# The opening screen: every level indented by its depth, counts on the right.
cat >"$T/k1" <<KEYS
<Enter>
@dump $T/s1
KEYS
tui 80x60 "$T/k1" "$DB"
expect_eq "reader: exit 0" 0 "$rc"
golden 80x60-outline-reader "$T/s1"
expect_contains "reader: a part's own count" "Phần thứ nhất. SỰ CẦN THIẾT VÀ CĂN CỨ XÂY DỰNG ĐỀ ÁN      [1 comment, 1 pending]" "$(cat "$T/s1")"
expect_contains "reader: a dash shows as printed, indented" "        - Mạng truyền số liệu" "$(cat "$T/s1")"
expect_contains "reader: a plus shows as printed, indented" "          + phân vùng máy chủ" "$(cat "$T/s1")"

# z on Phần thứ nhất folds it: its items are hidden, the totals of the fold are shown;
# z again unfolds.
cat >"$T/k2" <<KEYS
<Enter>
J
J
z
@dump $T/s2
z
@dump $T/s3
KEYS
tui 80x50 "$T/k2" "$DB"
expect_contains "z: the folded part says what it hides" "[+17 sections folded: 1 comment, 1 pending]" "$(cat "$T/s2")"
case "$(cat "$T/s2")" in *"I. SỰ CẦN THIẾT"*|*"Mục I. SỰ CẦN THIẾT"*) not_ok "z: the children are hidden" "$(cat "$T/s2")" ;;
	*) ok "z: the children are hidden" ;; esac
expect_contains "z: the next part follows the folded one" "Phần thứ hai. MỤC TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP" "$(cat "$T/s2")"
expect_contains "z again: unfolded" "Mục I. SỰ CẦN THIẾT" "$(cat "$T/s3")"

# J/K: siblings at the cursor's level. From the general entry J goes to the preamble, then
# to Phần thứ nhất, then to Phần thứ hai (past 17 sections), K back; on Mục I of Phần thứ
# nhất, J goes to Mục II, and J again says there is no next section at that level.
cat >"$T/k3" <<KEYS
<Enter>
J
J
J
@dumpattr $T/s4
K
@dumpattr $T/s5
j
J
@dumpattr $T/s6
J
@dumpattr $T/s7
KEYS
tui 80x50 "$T/k3" "$DB"
expect_contains "J: to the next part" "Phần thứ hai. MỤC TIÊU" "$(selected "$T/s4")"
expect_contains "K: back to the previous part" "Phần thứ nhất. SỰ CẦN THIẾT" "$(selected "$T/s5")"
expect_contains "J on a mục: the next mục of the same part" "Mục II. THỰC TRẠNG" "$(selected "$T/s6")"
expect_contains "J at the last sibling: stays" "Mục II. THỰC TRẠNG" "$(selected "$T/s7")"
expect_contains "J at the last sibling: a message" "no next section at this level" "$(tail -n 3 "$T/s7")"

# Z folds every section with sections inside; ] finds the commented sections inside the
# folds (Phần thứ nhất, mục II Phần thứ hai, its dash) and unfolds their ancestors.
cat >"$T/k4" <<KEYS
<Enter>
Z
@dump $T/s8
]
]
]
@dumpattr $T/s9
KEYS
tui 80x50 "$T/k4" "$DB"
expect_eq "Z: only the three parts show under the preamble" "3" "$(grep -c 'sections folded' "$T/s8")"
case "$(cat "$T/s8")" in *"Mục I."*) not_ok "Z: nothing inside the parts shows" "$(cat "$T/s8")" ;; *) ok "Z: nothing inside the parts shows" ;; esac
expect_contains "]: reaches the dash inside the folds" "- Bảo đảm an toàn thông tin theo cấp độ." "$(selected "$T/s9")"

# Search finds text inside a fold and unfolds it (typed without diacritics).
cat >"$T/k6" <<KEYS
<Enter>
Z
/nhan luc chuyen trach<Enter>
@dumpattr $T/s11
KEYS
tui 80x50 "$T/k6" "$DB"
expect_contains "search: lands inside the folds" "- Nhân lực chuyên trách còn thiếu." "$(selected "$T/s11")"
expect_contains "search: the other parts stay folded" "sections folded" "$(grep "Phần thứ hai. MỤC TIÊU" "$T/s11")"

# :section with a path opens the thread, its header the citation.
cat >"$T/k5" <<KEYS
<Enter>
:section Phần thứ hai/II/2/b/-2<Enter>
@dump $T/s10
KEYS
tui 80x24 "$T/k5" "$DB"
expect_contains ":section path: the thread's header cites the dash" "gạch đầu dòng thứ hai điểm b khoản 2 mục II Phần thứ hai" "$(head -n 2 "$T/s10")"
expect_contains ":section path: its comments" "Góp ý về Phần thứ hai/II/2/b/-2" "$(cat "$T/s10")"
