#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# live.sh — the interface on a PostgreSQL server, in a real terminal (tmux): another client's
# comment appears without a key press (LISTEN/NOTIFY), with no query sent while idle; the server
# stopped mid-session gives a clear message, the text being typed is kept (on screen and in its
# draft), and gopy connects again by itself when the server is back (no restart): the save then
# goes through and others' comments appear again.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/ui/tmux.bash"
tmux_start live
. "$ROOT/tests/pg/server.bash"
pg_start --own || exit 1
U=$(pg_newdb live)
make_db "$U" || not_ok "the review is built on the server"
count() { pg_psql live -c "SELECT count(*) FROM gopy.comment WHERE body = '$1'"; }
check_screen() { if poll shows "$2"; then ok "$1"; else not_ok "$1" "screen: $(screen)"; fi; }

tm new-session -d -s t -x 160 -y 30 \
	"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' '$GOPY' --as A01 '$U&application_name=gopy_tui'"
tm set-option -g status off >/dev/null
check_screen "the interface opens the review on the server" "DA-TEST"
check_screen "the status line names the server's database" " $(pg_dbname live) │"
pid=$(tm display-message -p -t t '#{pane_pid}')
tm send-keys -t t Enter
tm send-keys -t t -l ":section Điều 1"
tm send-keys -t t Enter
check_screen "the thread of Điều 1" "comments on Điều 1 (5, 5 pending)"

# Another client writes: the interface shows it by itself.
start=$(date +%s%N)
g comment "$U" --doc DA-TEST --section "Điều 1" --as B02 "Ý kiến từ máy khác" >/dev/null
if wait_for "Ý kiến từ máy khác" 5; then
	ok "another client's comment appears without a key press"
	echo "# shown $(( ($(date +%s%N) - start) / 1000000 )) ms after the writer started"
else
	not_ok "another client's comment appears without a key press" "$(screen)"
fi
check_screen "…and the count with it" "comments on Điều 1 (6, 6 pending)"

# Idle: the interface sends nothing (it only reads what the server sends). Its session's last
# query stays the same over a few of its idle ticks, and it is not inside a transaction.
activity() { pg_psql live -c "SELECT state, query_start FROM pg_stat_activity WHERE application_name = 'gopy_tui'"; }
a1=$(activity)
sleep 3 # the observation window: three idle ticks of the interface
a2=$(activity)
expect_eq "no query while idle (the session's last query is still the same)" "$a1" "$a2"
expect_contains "…and the session is idle, not in a transaction" "idle|" "$a2"

# The server stops while a comment is being typed.
tm send-keys -t t c
check_screen "the compose pane opens" "New comment on Điều 1"
tm send-keys -t t -l "Gõ trong lúc máy chủ dừng"
check_screen "the text is typed" "Gõ trong lúc máy chủ dừng"
pg_halt fast || not_ok "the server stops"
tm send-keys -t t C-s
check_screen "saving says the connection is lost" "not saved: the connection to the database server was lost"
check_screen "…and that the text stays, in its draft too" "the text stays here and in its draft"
check_screen "the text is still in the pane" "Gõ trong lúc máy chủ dừng"
drafts=$(cat "$XDG_STATE_HOME"/gopy/drafts/* 2>/dev/null)
expect_contains "the text is in its draft on disk" "Gõ trong lúc máy chủ dừng" "$drafts"

pg_resume || not_ok "the server starts again"
tm send-keys -t t C-s
check_screen "once the server is back, Ctrl-S saves it (no restart)" "comment saved"
expect_eq "the comment is on the server, once" 1 "$(count 'Gõ trong lúc máy chủ dừng')"
expect_eq "the same gopy process" "$pid" "$(tm display-message -p -t t '#{pane_pid}')"

# Stopped while idle: the message line says so; back: it says so, and live updates go on.
pg_halt immediate || not_ok "the server stops (immediate)"
check_screen "idle, the interface says the connection is lost" "the connection to the database server was lost"
pg_resume || not_ok "the server starts again"
check_screen "…and that it is connected again" "connected to the database server again"
g comment "$U" --doc DA-TEST --section "Điều 1" --as B02 "Sau khi máy chủ trở lại" >/dev/null
check_screen "others' comments appear again after the reconnection" "Sau khi máy chủ trở lại"
tm send-keys -t t Q
poll eval '! tm has-session -t t 2>/dev/null'
if tm has-session -t t 2>/dev/null; then not_ok "Q quits" "$(screen)"; else ok "Q quits"; fi
check "the review passes gopy check" "$GOPY" check "$U"
