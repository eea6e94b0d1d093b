#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# rough.sh — the rough edges a new user hit (issue 9), headless: each check here failed before
# its fix. The too-small notice fits whole at any size; ... (see each section).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

make_db "$T/r.db" || { not_ok "build the fixture database"; exit 1; }

# ---- 10: below the minimum size the notice fits whole, down to 1x1 -----------------------------
# The screen's words, joined by one space, are exactly one of the notices (never a cut one).
for size in 1x1 2x1 5x1 3x2 12x4 20x3 30x8 39x10 39x2; do
	printf '@dump %s\n' "$T/small-$size" >"$T/ks"
	tui "$size" "$T/ks" "$T/r.db"
	got=$(tr -s ' \n' '  ' <"$T/small-$size" | sed 's/^ //; s/ $//')
	c=${size%x*} r=${size#*x}
	case "$got" in
	"Terminal too small (${c}x$r): gopy needs at least 40x10."|\
	"Terminal too small (${c}x$r): gopy needs at least 40x10. q: quit"|\
	"Too small: needs 40x10"|"Too small: needs 40x10 q: quit"|"Too small"|"small"|"!")
		ok "too small at $size: a whole notice ($got)" ;;
	*) not_ok "too small at $size: a whole notice" "$got" ;;
	esac
done

# ---- 2: a key labelled cancel never saves; the safe answer keeps writing ------------------------
count() { sqlite3 "$T/r.db" "SELECT count(*) FROM comment WHERE body LIKE '$1%'"; }
cat >"$T/k2" <<KEYS
<Enter>:section Điều 3<Enter>
c
Thư ký bấm Esc rồi y<Esc>y
@dump $T/e2a
c
Thư ký bấm Ctrl-C rồi y<C-c>y
c
Giữ lại khi trả lời khác<Esc>n
@dump $T/e2b
<C-c><Enter>
@dump $T/e2c
<C-s>
KEYS
tui 80x24 "$T/k2" --as S05 "$T/r.db"
expect_eq "cancel: Esc then y stores nothing" "0" "$(count 'Thư ký bấm Esc')"
expect_eq "cancel: Ctrl-C then y stores nothing" "0" "$(count 'Thư ký bấm Ctrl-C')"
expect_eq "cancel: Esc y says discarded" "discarded" "$(tail -n 1 "$T/e2a")"
expect_contains "cancel: n keeps writing" "Giữ lại khi trả lời khác" "$(sed -n 2p "$T/e2b")"
expect_contains "cancel: Enter (any other key) keeps writing" "Giữ lại khi trả lời khác" "$(sed -n 2p "$T/e2c")"
expect_eq "cancel: only the save key saved it" "1" "$(count 'Giữ lại khi trả lời khác')"

# ---- 7: a collapsed comment counts its whole hidden subtree --------------------------------------
# c1 on Điều 1 has two replies, one of which has a reply of its own: three hidden.
printf '<Enter>:section Điều 1<Enter>\n<Space>\n@dump %s\n' "$T/d7" >"$T/k7"
tui 80x24 "$T/k7" "$T/r.db"
expect_contains "collapsed: every hidden reply is counted" "Nguyễn Văn An · 2026-05-01 08:00 [pending] [+3 replies hidden]" "$(sed -n 2p "$T/d7")"
