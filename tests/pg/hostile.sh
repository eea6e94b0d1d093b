#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# hostile.sh — hostile strings in every field a user fills (document code, title, kind, section
# text, delegate code, name, unit, login, comment, quote, consultation unit, reference), through
# the same commands on a file and on a server: everything gopy shows of them (lists, JSON,
# search, csv and html exports, the audit log) is the same from both, byte for byte, and the
# server's tables are whole (every value a bound parameter, no SQL run).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/pg/server.bash"
pg_start || exit 1
H=$'\'); DROP TABLE gopy.comment; --'
H2=$'Robert"); SELECT pg_sleep(10); -- $1 $$ \\x00 %s %n ? :name @x $(id) <script>'
C=$'X\');DROP;--"%s?$1' # codes are one word
F=$T/hostile.db
for db in "$F" "$(pg_newdb hostile)"; do
	_seed=5000 # the same ids in both
	g init "$db" >/dev/null
	printf '%s\n' "# $H" "" "Điều 1. $H2" "" "Nội dung $H" >"$T/draft.md"
	g import "$db" "$T/draft.md" --code "$C" --kind "$H2" --title "$H2" >/dev/null &&
		g delegate "$db" add "D$C" "$H2" --unit "$H" --login "$H2" --role secretary >/dev/null &&
		g comment "$db" --doc "$C" --section "Điều 1" --as "D$C" --quote "$H2" "$H $H2" >/dev/null &&
		g consult "$db" --doc "$C" add "$H2" --deadline 2026-06-01 >/dev/null &&
		g consult "$db" --doc "$C" no-comments "$H2" --ref "$H" --date 2026-05-02 >/dev/null ||
		not_ok "hostile text is stored in $db"
	{
		g list "$db" --format tsv; g delegate "$db" list --format tsv
		g list "$db" --doc "$C" --comments --format json
		g search "$db" "DROP TABLE" --format tsv; g search "$db" "pg_sleep" --format tsv
		g export "$db" --doc "$C" --format csv -o -; g export "$db" --doc "$C" --format html -o -
		g log "$db" --format tsv | cut -f3-
	} >"$T/shown.$([ "$db" = "$F" ] && echo file || echo server)" 2>&1
done
check "every hostile string is shown back the same from the server as from a file" \
	cmp "$T/shown.file" "$T/shown.server"
check "…and the text is there, whole" grep -qF "$H $H2" "$T/shown.server"
expect_eq "the server's comment table is whole" 1 "$(pg_psql hostile -c "SELECT count(*) FROM gopy.comment")"
