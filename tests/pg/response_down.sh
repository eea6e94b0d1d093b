#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# response_down.sh — the drafting team's response (R) typed while the database server is away:
# the save says why in one line and the response is not lost: the next R on that comment
# offers it again, and once the server is back it is saved (the same gopy, connected again).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/ui/tmux.bash"
tmux_start response_down
. "$ROOT/tests/pg/server.bash"
. "$ROOT/tests/pg/tui.bash"
pg_start --own || exit 1
U=$(pg_newdb respdown)
make_db "$U" || not_ok "the review is built on the server"

tui_open E04 "$U"
pid=$(tm display-message -p -t t '#{pane_pid}')

pg_halt fast || not_ok "the server stops"
tm send-keys -t t R
check_screen "R asks for the response" "Response:"
tm send-keys -t t -l "Tiếp thu, sẽ bổ sung vào Điều 1"
tm send-keys -t t Enter
check_screen "saving says the response is not saved but kept, and why" \
	"response not saved, kept for the next R: the database server is not answering"
pg_resume || not_ok "the server starts again"
tm send-keys -t t R
check_screen "the next R offers the response typed" "Response: Tiếp thu, sẽ bổ sung vào Điều 1"
tm send-keys -t t Enter
check_screen "once the server is back it is saved" "response saved"
expect_eq "the response is on the server" 1 \
	"$(pg_psql respdown -c "SELECT count(*) FROM gopy.comment WHERE response = 'Tiếp thu, sẽ bổ sung vào Điều 1'")"
expect_eq "the same gopy process" "$pid" "$(tm display-message -p -t t '#{pane_pid}')"
tm send-keys -t t R
check_screen "a later R shows the saved response (nothing left over)" "Response: Tiếp thu, sẽ bổ sung vào Điều 1"
tm send-keys -t t Escape
tm send-keys -t t Q
poll eval '! tm has-session -t t 2>/dev/null'
check "the review passes gopy check" "$GOPY" check "$U"
