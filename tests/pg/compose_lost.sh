#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# compose_lost.sh — a comment saved in the interface whose commit's answer is lost on the way
# (a relay in front of the server, tests/pg/cut_proxy.py, drops the connection at the answer
# "COMMIT"): the save says the connection was lost and keeps the text; the next Ctrl-S finds
# the comment already on the server and does not save it twice; text typed in between is what
# the saved comment then says.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/ui/tmux.bash"
tmux_start compose_lost
. "$ROOT/tests/pg/server.bash"
pg_start --own || exit 1
U=$(pg_newdb lost)
make_db "$U" || not_ok "the review is built on the server"
count() { pg_psql lost -c "SELECT count(*) FROM gopy.comment WHERE body LIKE '$1'"; }
check_screen() { if poll shows "$2"; then ok "$1"; else not_ok "$1" "screen: $(screen)"; fi; }

mkdir "$T/relay"
/usr/bin/python3 "$ROOT/tests/pg/cut_proxy.py" "$T/relay" "$PG_PORT" "$PG_HOST/.s.PGSQL.$PG_PORT" "$T/cut" >"$T/relay.out" 2>&1 &
relay=$!
poll grep -q ready "$T/relay.out" || not_ok "the relay listens" "$(cat "$T/relay.out")"
R=${U//$PG_HOST/$T/relay}

tm new-session -d -s t -x 160 -y 30 \
	"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' '$GOPY' --as A01 '$R'"
tm set-option -g status off >/dev/null
check_screen "the interface opens the review through the relay" "DA-TEST"
tm send-keys -t t Enter
tm send-keys -t t -l ":section Điều 1"
tm send-keys -t t Enter
check_screen "the thread of Điều 1" "comments on Điều 1 (5, 5 pending)"

tm send-keys -t t c
check_screen "the compose pane opens" "New comment on Điều 1"
tm send-keys -t t -l "Câu trả lời bị mất"
check_screen "the text is typed" "Câu trả lời bị mất"
touch "$T/cut"
tm send-keys -t t C-s
check_screen "the save whose answer was lost says the connection was lost" \
	"not saved: the connection to the database server was lost"
expect_eq "the relay cut the connection at the commit's answer" no "$([ -e "$T/cut" ] && echo yes || echo no)"
expect_eq "…while the comment was committed on the server" 1 "$(count 'Câu trả lời bị mất')"
check_screen "the text is still in the pane" "Câu trả lời bị mất"
tm send-keys -t t -l " (thêm)"
tm send-keys -t t C-s
check_screen "the next Ctrl-S finds it saved" "comment saved"
expect_eq "the comment is on the server once, with the text typed since" "0|1" \
	"$(count 'Câu trả lời bị mất')|$(count 'Câu trả lời bị mất (thêm)')"
expect_eq "…and only that one was added" 6 \
	"$(pg_psql lost -c "SELECT count(*) FROM gopy.comment c JOIN gopy.section s ON s.id = c.section_id WHERE s.label = 'Điều 1'")"

# The same without a change in between: saved once, as typed.
tm send-keys -t t c
check_screen "the compose pane opens again" "New comment on Điều 1"
tm send-keys -t t -l "Lần hai bị mất"
check_screen "the second text is typed" "Lần hai bị mất"
touch "$T/cut"
tm send-keys -t t C-s
check_screen "the second save says the connection was lost" "not saved: the connection to the database server was lost"
tm send-keys -t t C-s
check_screen "…and the next Ctrl-S finds it saved" "comment saved"
expect_eq "the second comment is on the server once" 1 "$(count 'Lần hai bị mất')"
tm send-keys -t t Q
poll eval '! tm has-session -t t 2>/dev/null'
kill "$relay" 2>/dev/null; wait "$relay" 2>/dev/null
check "the review passes gopy check" "$GOPY" check "$U"
