#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# stream_server.sh — `gopy comment --stream` on a server that stops and comes back: every id
# printed is a comment on the server after an immediate stop; a line sent while it is away
# waits for it (as long as --wait allows) and is written once it is back, its id printed, by
# the same writer (it connects again); a commit whose answer was lost on the way (a relay,
# tests/pg/cut_proxy.py, drops the connection at the answer "COMMIT") is found on the server
# and not written twice; with --wait 0 such a line is reported by its number and not written.
# A single comment (no --stream) whose answer was lost is found in the same way.
# A writer started while the server is away waits for it as well. Comments keep their places
# and their audit numbers, with no duplicate.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start --own || exit 1
U=$(pg_newdb stream)
make_db "$U" >/dev/null || not_ok "the review is built on the server"
q() { pg_psql stream -c "SET search_path = gopy; $1"; }
poll() { local i; for ((i = 0; i < 400; i++)); do "$@" && return 0; sleep 0.05; done; return 1; }
acks() { wc -l <"$T/out"; }
wait_acks() { poll eval "[ \$(wc -l <'$T/out') -ge $1 ]"; }

mkfifo "$T/fifo"
"$GOPY" comment "$U" --doc DA-CDS --section "Điều 1" --as STTTT-01 --stream <"$T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
exec 7>"$T/fifo"
for i in 1 2 3; do echo "Trước khi dừng $i" >&7; done
wait_acks 3 || not_ok "three ids printed" "$(cat "$T/err")"
pg_halt immediate 7>&- || not_ok "the server stops (immediate)"
pg_resume 7>&- || not_ok "the server starts again"
expect_eq "an immediate stop keeps every comment whose id was printed" "$(sort "$T/out")" \
	"$(q "SELECT id FROM comment WHERE body LIKE 'Trước khi dừng %'" | sort)"

pg_halt fast 7>&- || not_ok "the server stops (fast)"
echo "Trong lúc dừng" >&7
poll eval "grep -q 'line 4: .*waiting up to 60 s' '$T/err'" ||
	not_ok "a line sent while the server is away waits for it, said once" "$(cat "$T/err")"
pg_resume 7>&- || not_ok "the server starts again"
wait_acks 4 || not_ok "the line that waited is written once the server is back" "$(cat "$T/err")"
echo "Sau khi trở lại" >&7
wait_acks 5 || not_ok "the fifth id" "$(cat "$T/err")"
expect_eq "back: the waiting line and the next one written, their ids printed" \
	"5|$(q "SELECT id FROM comment WHERE body = 'Trong lúc dừng'")|$(q "SELECT id FROM comment WHERE body = 'Sau khi trở lại'")" \
	"$(acks)|$(sed -n 4p "$T/out")|$(tail -n 1 "$T/out")"
exec 7>&-
wait "$pid"
expect_eq "the writer ends with 0 (every line written)" 0 "$?"
expect_eq "the thread: the lines in their order, no duplicate" \
	"Trước khi dừng 1,Trước khi dừng 2,Trước khi dừng 3,Trong lúc dừng,Sau khi trở lại" \
	"$(q "SELECT c.body FROM comment c JOIN section s ON s.id = c.section_id WHERE s.label = 'Điều 1'
		AND (c.body LIKE 'Trước%' OR c.body LIKE 'Sau%' OR c.body LIKE 'Trong%') ORDER BY c.thread_key" | paste -sd,)"

# A commit whose answer is lost: done on the server, unheard by gopy, which looks before it
# writes again (a relay in front of the server cuts the connection at the answer).
pg_relay "$T/relay" "$T/cut" || not_ok "the relay listens"
R=${U//$PG_HOST/$T/relay}
: >"$T/out"
"$GOPY" comment "$R" --doc DA-CDS --section "Điều 2" --as STTTT-01 --stream <"$T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
exec 7>"$T/fifo"
echo "Qua trạm chuyển 1" >&7
wait_acks 1 || not_ok "the first id through the relay" "$(cat "$T/err")"
touch "$T/cut"
echo "Trả lời bị mất" >&7
wait_acks 2 || not_ok "the line whose answer was lost gets its id" "$(cat "$T/err")"
expect_eq "the relay cut the connection at the commit's answer" no "$([ -e "$T/cut" ] && echo yes || echo no)"
expect_contains "gopy heard the connection lost and waited" "line 2: " "$(cat "$T/err")"
expect_eq "the comment whose answer was lost is there once, with the id printed" \
	"$(tail -n 1 "$T/out")" "$(q "SELECT id FROM comment WHERE body = 'Trả lời bị mất'")"
echo "Qua trạm chuyển 3" >&7
wait_acks 3 || not_ok "the next line" "$(cat "$T/err")"
exec 7>&-
wait "$pid"
expect_eq "the writer ends with 0" 0 "$?"
# One comment (no --stream) whose answer is lost: found on the server, its id printed, once.
touch "$T/cut"
"$GOPY" comment "$R" --doc DA-CDS --section "Điều 2" --as STTTT-01 "Một ý kiến, trả lời bị mất" >"$T/one" 2>"$T/one.err"
rc=$? # (kept before the expected value's own commands change $?)
expect_eq "one comment whose answer was lost: exit 0, its id printed, saved once" \
	"0|no|$(q "SELECT id FROM comment WHERE body = 'Một ý kiến, trả lời bị mất'")" \
	"$rc|$([ -e "$T/cut" ] && echo yes || echo no)|$(cat "$T/one")"
expect_contains "…having said it waited for the server" "waiting up to 60 s for the server" "$(cat "$T/one.err")"
# The network lost while a line waits for the write lock that another session holds: the server's
# session goes on without its client and would write the line when the lock comes free; gopy,
# connected again, ends that session before it looks for the line, so the line is written once.
"$PG_BIN/psql" -X -q -At "$U" -c "SELECT pg_advisory_lock(1196380249); SELECT pg_sleep(4)" >/dev/null &
holder=$!
poll eval "[ \"\$(q \"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted\")\" = 1 ]" ||
	not_ok "another session holds the write lock"
: >"$T/out"
"$GOPY" comment "$R" --doc DA-CDS --section "Điều 2" --as STTTT-01 --stream <"$T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
exec 7>"$T/fifo"
echo "Chờ khóa lúc mất mạng" >&7
poll eval "[ \"\$(q \"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted\")\" = 1 ]" ||
	not_ok "the line waits for the lock on the server"
touch "$T/cut.now"
wait_acks 1 || not_ok "the line is written once the lock is free" "$(cat "$T/err")"
exec 7>&-
wait "$pid"
expect_eq "the writer ends with 0" 0 "$?"
wait "$holder"
expect_eq "the line that waited when the network was lost is there once, with the id printed" \
	"$(tail -n 1 "$T/out")" "$(q "SELECT id FROM comment WHERE body = 'Chờ khóa lúc mất mạng'")"
kill "$PG_RELAY_PID" 2>/dev/null; wait "$PG_RELAY_PID" 2>/dev/null
expect_eq "section 2: five comments in their order" \
	"Qua trạm chuyển 1,Trả lời bị mất,Qua trạm chuyển 3,Một ý kiến, trả lời bị mất,Chờ khóa lúc mất mạng" \
	"$(q "SELECT c.body FROM comment c JOIN section s ON s.id = c.section_id WHERE s.label = 'Điều 2'
		ORDER BY c.thread_key" | paste -sd,)"

# --wait 0: a line sent while the server is away is reported by its number, not written
"$GOPY" comment "$U" --doc DA-CDS --as STTTT-01 --wait 0 --stream <"$T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
exec 7>"$T/fifo"
echo "Không chờ 1" >&7
wait_acks 1 || not_ok "the first id (--wait 0)" "$(cat "$T/err")"
pg_halt fast 7>&- || not_ok "the server stops (fast)"
echo "Không chờ 2" >&7
poll eval "grep -q 'line 2:' '$T/err'" || not_ok "--wait 0: the line is reported" "$(cat "$T/err")"
pg_resume 7>&- || not_ok "the server starts again"
echo "Không chờ 3" >&7
wait_acks 2 || not_ok "--wait 0: the next line once the server is back" "$(cat "$T/err")"
exec 7>&-
wait "$pid"
expect_eq "--wait 0: the writer ends with 1 (a line was not saved)" 1 "$?"
expect_eq "--wait 0: the line sent while the server was away is not written" "Không chờ 1,Không chờ 3" \
	"$(q "SELECT body FROM comment WHERE body LIKE 'Không chờ %' ORDER BY seq" | paste -sd,)"
# A writer started while the server is away waits for it (as long as --wait allows), said
# once, and goes on once it is back: its first line written, its id printed.
pg_halt fast || not_ok "the server stops (fast)"
"$GOPY" comment "$U" --doc DA-CDS --section "Điều 1" --as STTTT-01 --wait 60 --stream <"$T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
exec 7>"$T/fifo"
poll eval "grep -q 'waiting up to 60 s for the server' '$T/err'" ||
	not_ok "started while the server is away: it says it waits for it" "$(cat "$T/err")"
echo "Bắt đầu khi máy chủ dừng" >&7
pg_resume 7>&- || not_ok "the server starts again"
wait_acks 1 || not_ok "the first line is written once the server is back" "$(cat "$T/err")"
exec 7>&-
wait "$pid"
rc=$?
expect_eq "started while the server was away: exit 0, said once, its line there with the id printed" \
	"0|1|$(q "SELECT id FROM comment WHERE body = 'Bắt đầu khi máy chủ dừng'")" "$rc|$(wc -l <"$T/err")|$(cat "$T/out")"
rung check "$U"
expect_eq "check passes" "0|$U: ok (schema $SCHEMA)" "$rc|$out"
