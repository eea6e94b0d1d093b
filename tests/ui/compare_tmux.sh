#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# compare_tmux.sh — the compare view in a real terminal (tmux): on a colour terminal deleted
# and inserted words are drawn in red and green (the escape sequences reach the terminal) with
# no [- -] markers; on a monochrome terminal (TERM=vt100) and with NO_COLOR set, the markers
# show; ] moves between changes and the screen follows.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"

if ! command -v tmux >/dev/null; then
	not_ok "tmux is installed (sh scripts/deps.sh --test)"
	exit 1
fi
V=$DATA/versions
new_db DB r
{
	g init "$DB" >/dev/null && g import "$DB" "$V/lan1.txt" --code NQ-CDS >/dev/null &&
		g import "$DB" "$V/lan2.txt" --code NQ-CDS --revision >/dev/null
} || { not_ok "build the two versions"; exit 1; }

. "$(dirname "$0")/tmux.bash"
tmux_start compare
check_screen() { if poll shows "$2"; then ok "$1"; else not_ok "$1" "screen: $(screen)"; fi; }
start() { # TERM, extra environment...: gopy on the document in a fresh tmux server
	local term=$1
	shift
	tm kill-server 2>/dev/null
	# each round on a server of its own: a client that reaches the last one as it exits
	# fails to start ("server exited unexpectedly")
	ROUND=$((${ROUND:-0} + 1))
	SOCK=gopy-compare-$$-$ROUND
	tm new-session -d -s t -x 90 -y 30 \
		"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=$term ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' $* '$GOPY' '$DB' --doc NQ-CDS"
	tm set-option -g status off >/dev/null
}
edit_line() { screen | grep -F "Hiệu lực thi hành" | head -n 1; }

# ---- colour ----------------------------------------------------------------------------------------
start tmux-256color
check_screen "gopy starts" "NQ-CDS"
tm send-keys -t t /
tm send-keys -t t -l "thông quá"
tm send-keys -t t Enter d
check_screen "d opens the compare view of the section" "Điều 10 → Điều 9"
colored=$(tm capture-pane -p -e -t t)
check_fail "colour: no [- -] markers" grep -qF -- "[-qua-]" <<<"$colored"
plain=$(screen)
row() { # the colour capture's row that shows TEXT in the plain capture
	local n
	n=$(grep -nF -- "$1" <<<"$plain" | grep -v "match 1 of" | head -n 1 | cut -d: -f1)
	[ -n "$n" ] && sed -n "${n}p" <<<"$colored"
}
# one above the other at 90 columns: the deleted syllable red (SGR 31), the inserted green (32)
expect_contains "colour: the deleted syllable is red" "31m" "$(row "thông qua.")"
check_fail "colour: …and not green" grep -qF "32m" <<<"$(row "thông qua.")"
expect_contains "colour: the inserted syllable is green" "32m" "$(row "thông quá.")"
tm send-keys -t t Q

# ---- a monochrome terminal, and NO_COLOR ------------------------------------------------------------
for how in "vt100" "tmux-256color NO_COLOR=1"; do
	# shellcheck disable=SC2086
	start $how
	check_screen "$how: gopy starts" "NQ-CDS"
	tm send-keys -t t D
	check_screen "$how: D opens the compare view of the document" "unchanged section"
	tm send-keys -t t ]
	check_screen "$how: ] goes to the first change" "change 1 of"
	check_screen "$how: the new article in markers" "{+Mục tiêu tổng quát"
	tm send-keys -t t G
	check_screen "$how: the one-diacritic edit in markers" "thông [-qua-]"
	check_screen "$how: …and the new syllable" "thông {+quá+}"
	tm send-keys -t t Q
done
