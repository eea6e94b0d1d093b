#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# copy_cut.sh — `gopy copy FILE postgresql://…` cut midway (a relay in front of the server,
# tests/pg/cut_proxy.py, drops the connection while the rows are being written): one line,
# exit 1, and the server database is left as it was — no schema gopy, empty or not: the schema
# is made in the transaction that writes the rows. The same copy then goes through, and the
# review on the server exports as the file does, byte for byte.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start --own || exit 1
poll() { local i; for ((i = 0; i < 400; i++)); do "$@" && return 0; sleep 0.05; done; return 1; }
make_db "$T/r.db" >/dev/null || not_ok "the review is built in a file"
{
	echo "doc,section,author,body"
	for i in $(seq 1 4000); do echo "DA-CDS,Điều $((i % 3 + 1)),STTTT-01,Ý kiến số $i về dự thảo"; done
} >"$T/c.csv"
g import-comments "$T/r.db" "$T/c.csv" >/dev/null || not_ok "the comments are imported into the file"
V=$(pg_newdb copycut)
pg_relay "$T/relay" "$T/cut" || not_ok "the relay listens"
R=${V//$PG_HOST/$T/relay}
schemas() { pg_psql copycut -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'gopy'"; }
writing() { # the copy's session has written comments (seen from the server's side)
	[ "$(pg_psql copycut -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$(pg_dbname copycut)'
		AND query LIKE 'INSERT INTO comment%'")" -gt 0 ]
}

"$GOPY" copy "$T/r.db" "$R" >"$T/out" 2>"$T/err" &
pid=$!
poll writing || not_ok "the copy writes the comments"
touch "$T/cut.now"
wait "$pid"
expect_eq "cut midway: exit 1, one line saying the connection was lost" "1|1|yes" \
	"$?|$(wc -l <"$T/err")|$(grep -q 'nothing was copied: .*the connection to the database server was lost' "$T/err" && echo yes)"
expect_eq "…and the server database is as it was: no schema gopy" 0 "$(schemas)"
rung copy "$T/r.db" "$V"
expect_eq "the same copy again goes through" 0 "$rc"
expect_eq "the review on the server exports as the file does" \
	"$(g export "$T/r.db" --doc DA-CDS --format json --audit | sha256sum)" "$(g export "$V" --doc DA-CDS --format json --audit | sha256sum)"
expect_eq "…its comments all there" 4000 "$(pg_psql copycut -c "SELECT count(*) FROM gopy.comment WHERE body LIKE 'Ý kiến số %'")"
rung check "$V"
expect_eq "check passes" "0|$V: ok (schema $SCHEMA)" "$rc|$out"
