# SPDX-License-Identifier: GPL-3.0-or-later
# tui.bash — the interface on a server database in a real terminal, for tests/pg/ (source it
# after tests/ui/fixture.bash and tests/ui/tmux.bash, with tmux_start called).
#
#   check_screen NAME TEXT   ok when the screen shows TEXT (polled), else not ok with the screen
#   tui_open DELEGATE URL    gopy --as DELEGATE URL in the tmux session t (160×30), the review
#                            shown, then the thread of Điều 1 of the fixture's DA-TEST open

check_screen() { if poll shows "$2"; then ok "$1"; else not_ok "$1" "screen: $(screen)"; fi; }

tui_open() {
	tm new-session -d -s t -x 160 -y 30 \
		"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' '$GOPY' --as $1 '$2'"
	tm set-option -g status off >/dev/null
	check_screen "the interface opens the review on the server" "DA-TEST"
	tm send-keys -t t Enter
	tm send-keys -t t -l ":section Điều 1"
	tm send-keys -t t Enter
	check_screen "the thread of Điều 1" "comments on Điều 1 (5, 5 pending)"
}
