#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# reader_back.sh — back in the reader from a view above it: when nobody wrote meanwhile the
# reader keeps what it read (on a server the whole draft is not sent again) and shows the same
# screen; a comment written meanwhile, by this gopy or by another process, is in its counts.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
cat >"$T/k1" <<KEYS
<Enter>
@dump $T/r0
A
q
@dump $T/r1
j
c
Góp ý mới về phần mở đầu<C-s>
@dump $T/r2
A
@sh "$GOPY" comment "$R" --doc DA-TEST --section "Điều 1" --as A01 "Một ý kiến của phiên khác" >/dev/null
@idle
q
@dump $T/r3
KEYS
tui 80x24 "$T/k1" --as A01 "$R"
expect_eq "back from all comments: exit status 0" "0" "$rc"
expect_contains "the reader before: Điều 1 has 5 comments" "Điều 1. Phạm vi điều chỉnh                             [5 comments, 5 pending]" "$(cat "$T/r0")"
expect_eq "back from all comments, nothing written: the same screen" "$(cat "$T/r0")" "$(cat "$T/r1")"
expect_contains "a comment of this gopy meanwhile: counted on its section" \
	"Đề án chuyển đổi số tỉnh thử nghiệm                       [1 comment, 1 pending]" "$(cat "$T/r2")"
expect_contains "and in the status line" "8 comments, 8 pending" "$(tail -n 2 "$T/r2")"
expect_contains "another process's comment while all comments were shown: counted when back" \
	"Điều 1. Phạm vi điều chỉnh                             [6 comments, 6 pending]" "$(cat "$T/r3")"
expect_contains "and in the status line" "9 comments, 9 pending" "$(tail -n 2 "$T/r3")"
