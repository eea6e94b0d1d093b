#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# hostile.sh — headless run on a database seeded with comments holding OSC/DCS/APC, CSI,
# C1 controls, backspaces, CR, bidi overrides and invalid UTF-8: every screen shows them as
# visible, harmless characters (the screen cells hold no control character) and gopy does
# not crash.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"
. "$(dirname "$0")/hostile.bash"

new_db H h; make_hostile_db "$H" || { not_ok "build the hostile database"; exit 1; }

cat >"$T/keys" <<KEYS
@dump $T/docs
<Enter>
@dump $T/reader
:section Điều 3<Enter>
@dump $T/thread
G
@dump $T/thread-end
/rejected<Enter>
@dumpattr $T/search
?
q
A
@dump $T/all
KEYS
for size in 80x24 40x10; do
	tui $size "$T/keys" "$H"
	expect_eq "$size: exit status 0" "0" "$rc"
	all=$(cat "$T"/docs "$T"/reader "$T"/thread "$T"/thread-end "$T"/search "$T"/all)
	ctl=$(printf '%s' "$all" | python3 -c '
import sys
s = sys.stdin.buffer.read().decode("utf-8", "strict")
bad = sorted({hex(ord(c)) for c in s if (ord(c) < 32 and c != "\n") or 0x7f <= ord(c) < 0xa0 or c in "\u202e\u202c\u200b"})
print(" ".join(bad))')
	expect_eq "$size: no control, C1 or bidi character on screen" "" "$ctl"
done
# At 80 columns: the payloads are visible, not executed.
tui 80x24 "$T/keys" "$H"
expect_contains "ESC shows as a visible symbol" "␛]0;PWNED-TITLE" "$(cat "$T/thread")"
expect_contains "backspaces do not hide 'Approved'" "Approved␈" "$(cat "$T/thread")"
expect_contains "CR does not overwrite" "carriage" "$(cat "$T/thread")"
expect_contains "the document title is sanitised" "Title ␛]0;DOC-TITLE" "$(cat "$T/reader")"
if on_server; then # the server holds no invalid UTF-8 (hostile.bash)
	expect_contains "the last body's escape shows as a visible symbol" "invalid␛]0;X" "$(cat "$T/thread-end")"
else
	expect_contains "invalid bytes show as U+FFFD" "invalid�" "$(cat "$T/thread-end")"
fi
# The match is highlighted (^ under it) on the line after the backspaces.
hl=$(grep -A1 'Approved␈' "$T/search" | tail -n 1)
expect_contains "search finds and marks text after backspaces" "^^^^^^^^" "$hl"
