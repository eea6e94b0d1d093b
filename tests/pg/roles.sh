#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# roles.sh — who may do what on a server review, and text nobody should trust: a role with only
# SELECT rights reads everything, opens the interface read-only and says so, and every write
# (command line or interface) is refused with one line and changes nothing; hostile strings in
# every field a user can fill (bound parameters: stored and shown back byte for byte, no SQL run)
# give the same results on the server as in a file.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/pg/server.bash"
pg_start || exit 1
U=$(pg_newdb roles)
make_db "$U" || not_ok "the review is built on the server"
pg_psql roles -c "CREATE ROLE reader_$$ LOGIN; GRANT USAGE ON SCHEMA gopy TO reader_$$;
	GRANT SELECT ON ALL TABLES IN SCHEMA gopy TO reader_$$"
R=$(pg_url roles "reader_$$")
snapshot() { pg_psql roles -c "SELECT (SELECT count(*) FROM gopy.comment), (SELECT max(seq) FROM gopy.audit), (SELECT count(*) FROM gopy.delegate)"; }
before=$(snapshot)

# ---- a role that may only read -----------------------------------------------------------------
run "$GOPY" list "$R" --doc DA-TEST --comments --format tsv
expect_eq "the reader lists the comments: exit 0" 0 "$rc"
expect_eq "…the same as the owner sees" "$("$GOPY" list "$U" --doc DA-TEST --comments --format tsv)" "$out"
run "$GOPY" search "$R" "an ninh mang" --format tsv
expect_contains "the reader searches" "an ninh mạng" "$out"
run "$GOPY" export "$R" --doc DA-TEST --format md -o -
expect_eq "the reader exports: exit 0" 0 "$rc"
for cmd in "comment --doc DA-TEST --as A01 viết" "delegate add Z9 Tên" "consult --doc DA-TEST add Sở_mới" \
	"import $ROOT/tests/cli/data/draft.md --code NEW"; do
	set -- $cmd
	run "$GOPY" "$1" "$R" "${@:2}"
	expect_eq "reader: $1 is refused (exit 1, one line)" "1|1" "$rc|$(printf '%s\n' "$err" | grep -c .)"
	expect_contains "…saying the review is read-only for this role" "is read-only for this role" "$err"
done
expect_eq "nothing changed on the server" "$before" "$(snapshot)"

printf '%s\n' "@dump $T/ro.txt" "jc" "@dump $T/ro2.txt" "q" >"$T/keys"
tui 160x24 "$T/keys" "$R"
expect_eq "the interface opens for the reader: exit 0" "0|" "$rc|$err"
expect_contains "the status line says the review is read-only" "read-only: this user may not change the review" "$(cat "$T/ro.txt")"
check "…and the comment list is there" grep -q "DA-TEST" "$T/ro.txt"
expect_eq "nothing changed after the interface" "$before" "$(snapshot)"

# ---- hostile text in every field -----------------------------------------------------------------
H=$'\'); DROP TABLE gopy.comment; --'
H2=$'Robert"); SELECT pg_sleep(10); -- $1 $$ \\x00 %s %n ? :name @x $(id) <script>'
C=$'X\');DROP;--"%s?$1'   # codes are one word
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
	} >"$T/shown.$( [ "$db" = "$F" ] && echo file || echo server )" 2>&1
done
check "every hostile string is shown back the same from the server as from a file" \
	cmp "$T/shown.file" "$T/shown.server"
check "…and the text is there, whole" grep -qF "$H $H2" "$T/shown.server"
expect_eq "the server's tables are all there" 1 "$(pg_psql hostile -c "SELECT count(*) FROM gopy.comment")"
