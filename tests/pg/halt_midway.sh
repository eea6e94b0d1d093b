#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# halt_midway.sh — the server stopped while a bulk write is under way (import-comments, merge,
# copy into the server), each caught waiting for the write lock another session holds, so that
# the stop comes midway every time: one clear line on stderr, exit 1, nothing of it written;
# once the server is back the same command goes through, once, and gopy check passes.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start --own || exit 1
U=$(pg_newdb halt)
make_db "$U" >/dev/null || not_ok "the review is built on the server"
q() { pg_psql halt -c "SET search_path = gopy; $1"; }
poll() { local i; for ((i = 0; i < 400; i++)); do "$@" && return 0; sleep 0.05; done; return 1; }
waiting() { [ "$(q "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")" = 1 ]; }
{
	echo "doc,section,author,body"
	for i in $(seq 1 200); do echo "DA-CDS,Điều 1,STTTT-01,Ý kiến nhập giữa chừng $i"; done
} >"$T/c.csv"
make_db "$T/copy.db" >/dev/null
g comment "$T/copy.db" --doc DA-CDS --section "Điều 2" --as STTTT-01 "Ý kiến của bản sao" >/dev/null

# halted NAME DB CMD...: CMD waits for the lock of DB (held here), the server stops; one line, exit 1
halted() {
	local name=$1 db=$2; shift 2
	"$PG_BIN/psql" -X -q -At "$db" -c "SELECT pg_advisory_lock(1196380249); SELECT pg_sleep(60)" >/dev/null 2>&1 &
	local holder=$!
	poll eval "[ \"\$(q \"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted\")\" = 1 ]" ||
		not_ok "$name: another session holds the write lock"
	"$GOPY" "$@" >"$T/out" 2>"$T/err" &
	local pid=$!
	poll waiting || not_ok "$name: it waits for the lock"
	pg_halt fast || not_ok "$name: the server stops"
	wait "$pid"
	expect_eq "$name, the server stopped midway: exit 1, one line saying the server went away" \
		"1|1|yes" "$?|$(wc -l <"$T/err")|$(grep -qE 'the connection to the database server was lost|cannot connect to the database server' "$T/err" && echo yes)"
	wait "$holder"
	pg_resume || not_ok "$name: the server starts again"
}

halted import-comments "$U" import-comments "$U" "$T/c.csv"
expect_eq "import-comments: nothing of it written" 0 "$(q "SELECT count(*) FROM comment WHERE body LIKE 'Ý kiến nhập giữa chừng %'")"
rung import-comments "$U" "$T/c.csv"
expect_eq "import-comments again, the server back: imported once" "0|imported 200 comments|200" \
	"$rc|$out|$(q "SELECT count(*) FROM comment WHERE body LIKE 'Ý kiến nhập giữa chừng %'")"

halted merge "$U" merge "$U" "$T/copy.db"
expect_eq "merge: nothing of it written" 0 "$(q "SELECT count(*) FROM comment WHERE body = 'Ý kiến của bản sao'")"
rung merge "$U" "$T/copy.db"
expect_eq "merge again, the server back: merged once" "0|1" \
	"$rc|$(q "SELECT count(*) FROM comment WHERE body = 'Ý kiến của bản sao'")"

V=$(pg_newdb halt_copy)
halted "copy into the server" "$V" copy "$T/copy.db" "$V"
expect_eq "copy: no row of it written" 0 \
	"$(pg_psql halt_copy -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'gopy' AND tablename = 'comment'")$(pg_psql halt_copy -c "SELECT count(*) FROM gopy.comment" 2>/dev/null | sed 's/^/ /')"
rung copy "$T/copy.db" "$V"
expect_eq "copy again, the server back" 0 "$rc"
rung check "$U"
expect_eq "check passes" "0|$U: ok (schema $SCHEMA)" "$rc|$out"
rung check "$V"
expect_eq "check passes on the copy" "0|$V: ok (schema $SCHEMA)" "$rc|$out"
