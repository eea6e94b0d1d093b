#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# rough_tmux.sh — the rough edges of issue 9 that need a real terminal (tmux): flow control
# (XOFF) is off in every mode, so Ctrl-S never freezes the screen, and it saves wherever text
# is written (the response prompt).
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

if ! command -v tmux >/dev/null; then
	not_ok "tmux is installed (sh scripts/deps.sh --test)"
	exit 1
fi
new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }

. "$(dirname "$0")/tmux.bash"
tmux_start rough
check_screen() { if poll shows "$2"; then ok "$1"; else not_ok "$1" "screen: $(screen)"; fi; }
start() { # ARGS...: gopy in a fresh tmux server
	tm kill-server 2>/dev/null
	tm new-session -d -s t -x 80 -y 24 \
		"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' '$GOPY' $*"
	tm set-option -g status off >/dev/null
}

# ---- 3: no flow control: Ctrl-S in a view and in the response prompt ----------------------------
start --as E04 "'$R'"
check_screen "gopy starts" "DA-TEST"
tm send-keys -t t C-s
check_screen "Ctrl-S in a view does not freeze the screen" "key <C-s> does nothing here"
tm send-keys -t t Enter
tm send-keys -t t -l ":section Điều 1"
tm send-keys -t t Enter
check_screen "the thread opens" "comments on Điều 1"
tm send-keys -t t R
check_screen "R asks for the response" "Response:"
tm send-keys -t t -l "Tiếp thu"
tm send-keys -t t C-s
check_screen "Ctrl-S in the response prompt saves it" "response saved"
expect_eq "the response is stored" "1" "$(db_sql "$R" "SELECT count(*) FROM comment WHERE response = 'Tiếp thu'")"
tm send-keys -t t Q
