#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# conflict.sh — a comment two merged copies edited differently, headless: the thread view marks
# it, `:resolve theirs` (for the drafting team only) settles it, the mark goes and the other
# version is shown; `gopy conflicts` then lists nothing open.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
C1=$(db_sql "$R" "SELECT id FROM comment WHERE body LIKE 'Đề nghị bổ sung nội dung%'")
db_copy "$R" A a
db_copy "$R" B b
db_copy "$R" TG t
db_sql "$A" "UPDATE comment SET body = 'Bản sửa ở phòng họp A', edited_at = '2026-05-04T09:00:00Z' WHERE id = $C1"
db_sql "$B" "UPDATE comment SET body = 'Bản sửa ở huyện B', edited_at = '2026-05-04T08:00:00Z' WHERE id = $C1"
g merge "$TG" "$A" "$B" >"$T/merge.out" 2>&1 || cat "$T/merge.out"
expect_eq "one conflict to settle" "1" "$(g conflicts "$TG" --format tsv | tail -n +2 | wc -l)"

cat >"$T/k1" <<KEYS
<Enter>:section Điều 1<Enter>
@dump $T/s1
:resolve theirs<Enter>
@dump $T/s2
KEYS
tui 100x24 "$T/k1" --as A01 "$TG"
expect_contains "the thread marks the comment" "[conflict: :resolve mine|theirs]" "$(cat "$T/s1")"
expect_contains "the later edit is shown" "Bản sửa ở phòng họp A" "$(cat "$T/s1")"
expect_contains "only the drafting team settles" "only the drafting team (role editor) settles conflicts" "$(cat "$T/s2")"

tui 100x24 "$T/k1" --as E04 "$TG"
expect_eq "exit status 0" "0" "$rc"
expect_contains "settled" "1 conflict settled" "$(cat "$T/s2")"
case "$(cat "$T/s2")" in *"[conflict:"*) not_ok "the mark is gone" ;; *) ok "the mark is gone" ;; esac
expect_contains "the other version is shown" "Bản sửa ở huyện B" "$(cat "$T/s2")"
run "$GOPY" conflicts "$TG"
expect_eq "nothing open" "0|no open conflicts" "$rc|$out"
echo "1..$_n"
