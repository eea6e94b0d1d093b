#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# durable.sh — a comment whose id gopy printed is in the server's log on disk (or, on this test
# server without fsync, handed to the kernel), not only in its memory: gopy commits a comment
# without waiting (synchronous_commit off, to leave the write lock at once) and then waits for
# the log in a transaction of its own (pg_commit_statements). The server's WAL writer, which
# writes such commits within a moment by itself, is held stopped; then it is killed, and the
# server, as after any crash of one of its processes, drops its memory and recovers from the
# log: every comment printed must still be there — one `gopy comment` at a time and a
# `--stream` writer's lines. Without the wait they are lost.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start --own || exit 1
U=$(pg_newdb durable)
make_db "$U" >/dev/null || not_ok "the review is built on the server"
q() { pg_psql durable -c "SET search_path = gopy; $1"; }
pm=$(head -n 1 "$PG_DIR/data/postmaster.pid")
walwriter() { pgrep -P "$pm" -f 'walwriter' | head -n 1; }
ww=$(walwriter)
[ -n "$ww" ] || not_ok "the server's WAL writer is found" "$(ps -o pid,args --ppid "$pm")"
kill -STOP "$ww" || not_ok "the WAL writer is held"

: >"$T/ids"
for i in 1 2 3; do
	"$GOPY" comment "$U" --doc DA-CDS --as STTTT-01 "Bền vững $i" >>"$T/ids" 2>"$T/err" ||
		not_ok "comment $i is written" "$(cat "$T/err")"
done
printf 'Dòng bền vững %s\n' 1 2 3 4 |
	"$GOPY" comment "$U" --doc DA-CDS --as UBND-MD --stream >>"$T/ids" 2>"$T/err" ||
	not_ok "the streamed lines are written" "$(cat "$T/err")"
expect_eq "seven ids printed" 7 "$(wc -l <"$T/ids")"

# the WAL writer dies: the server ends every process, drops its shared memory (what was not
# written from it is gone) and starts again from its log
kill -KILL "$ww"
back=0
for ((i = 0; i < 300; i++)); do
	sleep 0.1
	nw=$(walwriter)
	if [ -n "$nw" ] && [ "$nw" != "$ww" ] && q "SELECT 1" >/dev/null 2>&1; then back=1; break; fi
done
expect_eq "the server recovered from its log (a new WAL writer)" 1 "$back"
grep -q 'terminating any other active server processes\|all server processes terminated' "$PG_DIR/data/server.log" ||
	not_ok "the server restarted after the crash" "$(tail -n 5 "$PG_DIR/data/server.log")"
expect_eq "every comment whose id was printed survived the crash" "$(sort "$T/ids")" \
	"$(q "SELECT id FROM comment WHERE body LIKE '%bền vững%' OR body LIKE 'Bền vững%'" | sort)"
expect_eq "and its audit entry with it" "7" \
	"$(q "SELECT count(*) FROM audit WHERE kind = 'add' AND comment_id IN (SELECT id FROM comment)
		AND (new_value LIKE 'Bền vững%' OR new_value LIKE 'Dòng bền vững%')")"
run "$GOPY" check "$U"
expect_eq "gopy check passes after the crash" 0 "$rc"

