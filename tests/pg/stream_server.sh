#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# stream_server.sh — `gopy comment --stream` on a server that stops and comes back: every id
# printed is a comment on the server after an immediate stop; a line sent while it is away is
# reported by number; once it is back the same writer goes on (it connects again) and its
# comments keep their places and their audit numbers, with no duplicate.
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
poll eval "grep -q 'line 4' '$T/err'" || true
expect_contains "a line sent while the server is away is reported by its number" "line 4:" "$(cat "$T/err")"
pg_resume 7>&- || not_ok "the server starts again"
echo "Sau khi trở lại" >&7
wait_acks 4 || not_ok "the fourth id" "$(cat "$T/err")"
expect_eq "back: the same writer goes on" "4|$(q "SELECT id FROM comment WHERE body = 'Sau khi trở lại'")" \
	"$(acks)|$(tail -n 1 "$T/out")"
exec 7>&-
wait "$pid"
expect_eq "the writer ends with 1 (a line was not saved)" 1 "$?"
expect_eq "the thread: the lines in their order, no duplicate" \
	"Trước khi dừng 1,Trước khi dừng 2,Trước khi dừng 3,Sau khi trở lại" \
	"$(q "SELECT c.body FROM comment c JOIN section s ON s.id = c.section_id WHERE s.label = 'Điều 1'
		AND (c.body LIKE 'Trước%' OR c.body LIKE 'Sau%' OR c.body LIKE 'Trong%') ORDER BY c.thread_key" | paste -sd,)"
rung check "$U"
expect_eq "check passes" "0|$U: ok (schema $SCHEMA)" "$rc|$out"
