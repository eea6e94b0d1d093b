#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# history.sh — L in the thread view shows the selected comment's history from the audit log:
# the import that brought it, a disposition set with d (before → after, who), an edit made
# with the sqlite3 shell with the text before and after (by another program); q goes back.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
C1=$(db_sql "$R" "SELECT id FROM comment WHERE body LIKE 'Đề nghị bổ sung%'")
cat >"$T/keys" <<KEYS
<Enter>]<Enter>
d
1
@sh bash '$ROOT/tests/db_sql.sh' '$R' "UPDATE comment SET body = 'Bản sửa bằng sqlite3' WHERE id = $C1"
L
@dump $T/history
q
@dump $T/back
KEYS
tui 80x24 "$T/keys" --as E04 "$R"
expect_eq "the session exits 0" "0" "$rc"
h=$(cat "$T/history")
expect_contains "the title names the comment" "History of comment $C1" "$h"
expect_contains "the import that brought it" "import  by $(id -un) / -" "$h"
expect_contains "the disposition, by whom" "disposition  by $(id -un) / E04" "$h"
expect_contains "the disposition before and after" "pending → accepted" "$h"
expect_contains "the edit by another program" "edited  by (another program) / -" "$h"
expect_contains "the text before the edit" "- Đề nghị bổ sung nội dung về an ninh mạng cho cấp xã." "$h"
expect_contains "the text after the edit" "+ Bản sửa bằng sqlite3" "$h"
expect_contains "q goes back to the thread" "Bản sửa bằng sqlite3" "$(cat "$T/back")"
expect_contains "L is in the help of the thread view" "the comment's history" "$("$GOPY" --keys-man)"
