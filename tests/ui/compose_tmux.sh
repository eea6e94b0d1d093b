#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# compose_tmux.sh — the compose pane in a real terminal (tmux): Ctrl-C asks instead of killing
# gopy and Ctrl-S saves instead of freezing the terminal (raw mode), C-Left / M-b word moves,
# a resize while writing, and $EDITOR run on the text with the screen given back and restored.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

if ! command -v tmux >/dev/null; then
	not_ok "tmux is installed (sh scripts/deps.sh --test)"
	exit 1
fi
new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
cat >"$T/ed.sh" <<'SH'
#!/bin/sh
printf 'dòng từ trình soạn thảo\n' >>"$1"
SH
chmod +x "$T/ed.sh"

. "$(dirname "$0")/tmux.bash"
tmux_start compose
check_screen() { if poll shows "$2"; then ok "$1"; else not_ok "$1" "screen: $(screen)"; fi; }
bodies() {
	g list "$R" --doc DA-TEST --comments --format json |
		python3 -c 'import json,sys; d=json.load(sys.stdin); print("\n".join(c["body"] for s in d["sections"] for c in s["comments"]))'
}

tm new-session -d -s t -x 80 -y 24 \
	"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' EDITOR='$T/ed.sh' '$GOPY' --as A01 '$R'"
tm set-option -g status off >/dev/null
check_screen "gopy starts" "DA-TEST"
tm send-keys -t t Enter
tm send-keys -t t -l ":section Điều 3"
tm send-keys -t t Enter c
check_screen "c opens the compose pane" "New comment on Điều 3"
check_screen "the save and cancel keys are shown" "^S save │ ^C/Esc cancel │ ^X^E editor"

tm send-keys -t t -l "một hai ba"
tm send-keys -t t C-Left C-Left
tm send-keys -t t -l "X"
check_screen "C-Left moves by words" "một Xhai ba"
tm send-keys -t t M-f M-b M-b
tm send-keys -t t -l "Y"
check_screen "M-f and M-b move by words" "Ymột Xhai ba"

tm send-keys -t t C-c
check_screen "Ctrl-C asks (it is a key, not SIGINT)" "Discard this text? y: discard"
tm send-keys -t t n
tm resize-window -t t -x 40 -y 12
check_screen "a resize while writing keeps the text" "Ymột Xhai ba"
check_screen "and shows the short key hints" "^S save  ^C cancel  ^X^E editor"
tm resize-window -t t -x 80 -y 24

tm send-keys -t t C-x C-e
check_screen "the editor's text comes back" "dòng từ trình soạn thảo"
check_screen "the screen is restored after the editor" "New comment on Điều 3"
tm send-keys -t t C-s
check_screen "Ctrl-S saves (the terminal is not frozen)" "comment saved"
expect_contains "the comment is in the database" "Ymột Xhai ba
dòng từ trình soạn thảo" "$(bodies)"
tm send-keys -t t j
check_screen "keys work after the save" "comments on Điều 3"
tm send-keys -t t Q
poll eval '! tm has-session -t t 2>/dev/null'
if tm has-session -t t 2>/dev/null; then not_ok "Q quits" "$(screen)"; else ok "Q quits"; fi
