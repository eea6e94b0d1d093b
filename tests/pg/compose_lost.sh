#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# compose_lost.sh — a comment saved in the interface whose commit's answer is lost on the way
# (a relay in front of the server, tests/pg/cut_proxy.py, drops the connection at the answer
# "COMMIT"): the save connects again at once and finds its comment on the server, and does not
# save it twice; when the server cannot be reached just then, the text stays, and the next
# Ctrl-S finds the comment and makes it say what was typed in between.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/ui/tmux.bash"
tmux_start compose_lost
. "$ROOT/tests/pg/server.bash"
. "$ROOT/tests/pg/tui.bash"
pg_start --own || exit 1
U=$(pg_newdb lost)
make_db "$U" || not_ok "the review is built on the server"
count() { pg_psql lost -c "SELECT count(*) FROM gopy.comment WHERE body LIKE '$1'"; }

pg_relay "$T/relay" "$T/cut" || not_ok "the relay listens"
R=${U//$PG_HOST/$T/relay}

tui_open A01 "$R"

# compose TEXT: a new comment typed, the relay set to cut the commit's answer, Ctrl-S
compose_cut() {
	tm send-keys -t t c
	check_screen "the compose pane opens" "New comment on Điều 1"
	tm send-keys -t t -l "$1"
	check_screen "the text is typed" "$1"
	touch "$T/cut"
	tm send-keys -t t C-s
}

# The server answers again at once: the save looks, finds its comment, and is done.
compose_cut "Câu trả lời bị mất"
check_screen "the save whose answer was lost finds its comment on the server" "comment saved"
expect_eq "the relay cut the connection at the commit's answer" no "$([ -e "$T/cut" ] && echo yes || echo no)"
expect_eq "the comment is on the server once" 1 "$(count 'Câu trả lời bị mất')"

# The server out of reach after the lost answer: not saved, the text kept; typed on, and saved
# once the server answers: the comment it had is found and says what the pane says now.
touch "$T/cut.refuse"
compose_cut "Lần hai bị mất"
check_screen "the save says it is not saved, and why" "not saved: the connection to the database server was lost"
expect_eq "…while the comment was committed on the server" 1 "$(count 'Lần hai bị mất')"
check_screen "the text is still in the pane" "Lần hai bị mất"
tm send-keys -t t -l " (thêm)"
rm "$T/cut.refuse"
tm send-keys -t t C-s
check_screen "the next Ctrl-S finds it saved" "comment saved"
expect_eq "the comment is on the server once, with the text typed since" "0|1" \
	"$(count 'Lần hai bị mất')|$(count 'Lần hai bị mất (thêm)')"
expect_eq "…and only those two were added" 7 \
	"$(pg_psql lost -c "SELECT count(*) FROM gopy.comment c JOIN gopy.section s ON s.id = c.section_id WHERE s.label = 'Điều 1'")"
tm send-keys -t t Q
poll eval '! tm has-session -t t 2>/dev/null'
kill "$PG_RELAY_PID" 2>/dev/null; wait "$PG_RELAY_PID" 2>/dev/null
check "the review passes gopy check" "$GOPY" check "$U"
