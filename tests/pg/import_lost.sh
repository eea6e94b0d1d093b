#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# import_lost.sh — `gopy import-comments` on a server whose answer to the import's commit is
# lost on the way (a relay in front of the server, tests/pg/cut_proxy.py, drops the connection
# at the answer "COMMIT"): gopy connects again, asks the server whether that transaction was
# committed, and says the import is there (exit 0) instead of failing, so that nobody imports
# the file a second time; the comments are there once.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start --own || exit 1
U=$(pg_newdb implost)
make_db "$U" >/dev/null || not_ok "the review is built on the server"
q() { pg_psql implost -c "SET search_path = gopy; $1"; }
{
	echo "doc,section,author,body"
	for i in $(seq 1 300); do echo "DA-CDS,Điều 1,STTTT-01,Ý kiến nhập số $i"; done
} >"$T/c.csv"

pg_relay "$T/relay" "$T/cut" || not_ok "the relay listens"
R=${U//$PG_HOST/$T/relay}
touch "$T/cut"
rung import-comments "$R" "$T/c.csv"
expect_eq "the relay cut the connection at the commit's answer" no "$([ -e "$T/cut" ] && echo yes || echo no)"
expect_eq "the import whose answer was lost ends with 0 and says what it imported" "0|imported 300 comments" "$rc|$out"
expect_contains "…and that the server has it" "the connection was lost as the change was committed; the server has it" \
	"$err"
expect_eq "the comments are there once" 300 "$(q "SELECT count(*) FROM comment WHERE body LIKE 'Ý kiến nhập số %'")"
rung check "$U"
expect_eq "check passes" "0|$U: ok (schema $SCHEMA)" "$rc|$out"
