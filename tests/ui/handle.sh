#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# handle.sh — handling keys in the thread view (issue 4, first part): d sets a disposition
# and R a response (editors only, recorded with who and when), D deletes my own comment
# after confirmation (replies stay, "(comment deleted)" shown), read-only refuses.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }

cat >"$T/keys" <<KEYS
<Enter>]<Enter>
d
@dump $T/menu
1
R
Tiếp thu, sẽ bổ sung.<Enter>
@dump $T/handled
KEYS
tui 80x24 "$T/keys" --as E04 "$R"
expect_eq "editor session exits 0" "0" "$rc"
expect_contains "d offers the dispositions in a menu" "1 accepted" "$(cat "$T/menu")"
expect_contains "the badge shows accepted" "[accepted]" "$(sed -n 2p "$T/handled")"
expect_contains "the response is shown with who wrote it" "↳ Response (Lê Thị Biên, 2026-05-04 08:30): Tiếp thu, sẽ bổ sung." "$(cat "$T/handled")"
run "$GOPY" list "$R" --doc DA-TEST --comments
expect_contains "stored: disposition" "— accepted" "$out"

# D by the author: confirm with y; the reply stays under "(comment deleted)".
cat >"$T/keys2" <<KEYS
<Enter>]<Enter>
D
@dump $T/ask
y
@dump $T/deleted
KEYS
tui 80x24 "$T/keys2" --as A01 "$R"
expect_contains "D asks first" "Delete this comment? Its replies stay. (y/n)" "$(tail -n 1 "$T/ask")"
expect_contains "deleted comment shows as such" "(comment deleted)" "$(sed -n 2p "$T/deleted")"
expect_contains "its replies stay" "Trần Thị Bình" "$(cat "$T/deleted")"

# Not the author, not an editor, read-only: refused with a message, nothing changes.
printf '<Enter>]<Enter>jD\n@dump %s\nd\n@dump %s\n' "$T/notmine" "$T/noedit" >"$T/keys3"
tui 80x24 "$T/keys3" --as C03 "$R"
expect_contains "D on someone else's comment" "you can delete only your own comments" "$(tail -n 1 "$T/notmine")"
expect_contains "d by a delegate" "only the drafting team" "$(tail -n 1 "$T/noedit")"
printf '<Enter>]<Enter>d\n@dump %s\n' "$T/ro" >"$T/keys4"
tui 80x24 "$T/keys4" "$R"
expect_contains "read-only refuses" "read-only: start gopy with --as CODE" "$(tail -n 1 "$T/ro")"
