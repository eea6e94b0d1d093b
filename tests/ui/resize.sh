#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# resize.sh — headless resizes: every view redraws at the new size, a terminal smaller than
# 40x10 shows a notice (and ignores keys other than q), enlarging it again recovers.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }

cat >"$T/keys" <<KEYS
<Enter>]<Enter>
@resize 30x8
@dump $T/small
j
@resize 120x30
@dump $T/big
@resize 40x10
@dump $T/min
@resize 39x10
@dump $T/narrow
@resize 2x1
@dump $T/tiny2
@resize 1x1
@dump $T/tiny1
@resize 80x24
q
@dump $T/back
KEYS
tui 80x24 "$T/keys" "$R"
expect_eq "exit status" "0" "$rc"
golden resize-small "$T/small"
golden resize-big "$T/big"
golden resize-min "$T/min"
expect_contains "39 columns is too small" "Terminal too small (39x10)" "$(cat "$T/narrow")"
expect_contains "the small screen says so" "Terminal too small" "$(cat "$T/small")"
expect_eq "2x1: a one-character notice" "!" "$(cat "$T/tiny2")"
expect_eq "1x1: a one-character notice" "!" "$(cat "$T/tiny1")"
expect_contains "after enlarging, the thread is back" "comments on Điều 1" "$(cat "$T/big")"
expect_contains "q after recovery goes back to the reader" "[5 comments, 5 pending]" "$(cat "$T/back")"
# The key typed while too small (j) did nothing: the first comment is still selected.
sel=$(sed -n '2,3p' "$T/big")
expect_contains "keys are ignored while too small" "Nguyễn Văn An" "$sel"

# q while too small quits cleanly.
printf '@resize 20x5\nq\n' >"$T/keys2"
tui 80x24 "$T/keys2" "$R"
expect_eq "q quits from the too-small notice" "0" "$rc"
