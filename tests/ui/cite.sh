#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# cite.sh — where a handled comment went, from the thread view (issue 11): after a response (or
# tiếp thu) on a comment whose section changed in the newest version, the editor is offered
# that version's section, pre-filled with the aligned one; Enter keeps it, another label
# replaces it, an empty line removes it, Esc changes nothing. A comment whose section did not
# change is not asked.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"
V=$ROOT/tests/cli/data/versions
new_db DB r
"$GOPY" init "$DB" >/dev/null
"$GOPY" import "$DB" "$V/lan1.txt" --code NQ >/dev/null
"$GOPY" delegate "$DB" add DB1 "Nguyễn Văn An" --unit "Sở Tài chính"
"$GOPY" delegate "$DB" add ED "Lê Thị Biên" --role editor
C1=$("$GOPY" comment "$DB" --doc NQ --section "Điều 10" --as DB1 "Sửa chữ thông quá")
"$GOPY" import "$DB" "$V/lan2.txt" --code NQ --revision --label "Dự thảo lần 2" >/dev/null
cited() { db_sql "$DB" "SELECT s.full_label || '|' || s.version FROM citation c JOIN section s ON s.id = c.section_id WHERE c.comment_id = $1"; }

# A: every comment of the document; R writes the response, then the offer comes pre-filled.
cat >"$T/keys" <<KEYS
<Enter>A
R
Đã sửa lỗi chính tả.<Enter>
@dump $T/offer
<Enter>
@dump $T/done
KEYS
tui 80x24 "$T/keys" --as ED "$DB"
expect_eq "the session exits 0" "0" "$rc"
expect_contains "the offer names the newest version, pre-filled with the aligned section" \
	"Where it went in version 2 (empty: nowhere): Điều 9" "$(tail -n 1 "$T/offer")"
expect_eq "Enter keeps the aligned section: the citation is stored" "Điều 9|2" "$(cited "$C1")"
expect_contains "the message says where it went" "went to Điều 9 (version 2)" "$(tail -n 1 "$T/done")"

# d (tiếp thu) offers it again, pre-filled with the citation; another label replaces it.
cat >"$T/keys2" <<KEYS
<Enter>A
d
1
@dump $T/offer2
<C-u>khoản 1 Điều 3<Enter>
KEYS
tui 80x24 "$T/keys2" --as ED "$DB"
expect_contains "tiếp thu offers it, pre-filled with the stored citation" \
	"Where it went in version 2 (empty: nowhere): Điều 9" "$(tail -n 1 "$T/offer2")"
expect_eq "another label replaces it" "khoản 1 Điều 3|2" "$(cited "$C1")"

# Esc leaves it; an empty line removes it.
printf '<Enter>A\nR\n<Enter>\n<Esc>\n' >"$T/keys3"
tui 80x24 "$T/keys3" --as ED "$DB"
expect_eq "Esc changes nothing" "khoản 1 Điều 3|2" "$(cited "$C1")"
printf '<Enter>A\nR\n<Enter>\n<C-u><Enter>\n' >"$T/keys4"
tui 80x24 "$T/keys4" --as ED "$DB"
expect_eq "an empty line removes the citation" "" "$(cited "$C1")"

# A comment on the newest version (nothing changed since): no offer.
C2=$("$GOPY" comment "$DB" --doc NQ --section "Điều 1" --as DB1 "Mục tiêu mới")
cat >"$T/keys5" <<KEYS
<Enter>A
G
R
Ghi nhận.<Enter>
@dump $T/none
KEYS
tui 80x24 "$T/keys5" --as ED "$DB"
expect_contains "no offer for a comment on the newest version" "response saved" "$(tail -n 1 "$T/none")"
expect_eq "…and no citation" "" "$(cited "$C2")"
