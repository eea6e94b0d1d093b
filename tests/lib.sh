# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh — helpers for shell tests: TAP output, a scratch directory, fixed time and locale.
# Source it first thing: `. "$(dirname "$0")/../lib.sh"`. It provides:
#   $GOPY  the binary, $T a fresh temporary directory (removed at exit), $ROOT the source tree,
#   $SCHEMA the database schema version the binary writes
#   ok NAME / not_ok NAME [detail]      report one test
#   check NAME CMD...                   ok when CMD succeeds
#   check_fail NAME CMD...              ok when CMD exits non-zero
#   expect_eq NAME EXPECTED ACTUAL      ok when the strings are equal (shows a diff otherwise)
#   expect_contains NAME NEEDLE HAYSTACK
#   run CMD...                          run, capturing $out (stdout), $err (stderr), $rc
#   new_db VAR NAME                     VAR := a fresh database for the test: the file $T/NAME.db,
#                                       or with GOPY_TEST_ENGINE=pg a new PostgreSQL database's URL
#   db_of NAME                          prints the database new_db VAR NAME makes (file or URL)
#   db_copy SRC VAR NAME                VAR := a new database NAME, a copy of database SRC
#   on_server                           true when the test runs on PostgreSQL
#   db_sql [-t] DB SQL                  run SQL on the database (sqlite3, or psql in gopy's schema);
#                                       rows one a line, columns separated by | (-t: tabs)
#   db_hold_lock DB HELD RELEASE        hold DB's write lock (in the background): touch HELD, wait
#                                       for the file RELEASE
#   db_locked DB                        true while another program holds DB's write lock
#   sql_no_fk                           SQL that lets the next statements break references (to test
#                                       gopy check on a damaged review)
#   sql_chr N                           SQL for the character of code point N
#   sql_hex EXPR / sql_blob HEX         SQL for the engine of the test: EXPR's UTF-8 bytes in upper
#                                       hex; a blob literal of the bytes HEX
#
# Engines: a test of behaviour that runs the same on both engines says so with a line
# "# engines: both" and makes its databases with new_db; tests/run.sh runs it once on SQLite
# files and once more with GOPY_TEST_ENGINE=pg on a PostgreSQL test server
# (tests/pg/server.bash; run.sh shares one server for the whole run).
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${GOPY:=$ROOT/gopy}"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 GOPY_NOW=2026-05-04T08:30:00Z GOPY_SEED=42
unset GOPY_DB
# The schema version this binary writes (what `gopy check` reports as "ok (schema N)").
SCHEMA=$("$GOPY" --version 2>/dev/null | sed -n 's/^database schema \([0-9]*\)$/\1/p')
T=$(mktemp -d)
export HOME=$T/home XDG_STATE_HOME=$T/home/.local/state XDG_CONFIG_HOME=$T/home/.config
mkdir -p "$HOME"
trap 'rm -rf "$T"' EXIT
if [ "${GOPY_TEST_ENGINE:-}" = pg ]; then
	. "$ROOT/tests/pg/server.bash"
	pg_start || { echo "not ok - the PostgreSQL test server did not start"; exit 1; }
fi
# On the server the database is named NAME.db, as the file would be, so that what gopy shows of
# it (the review screen's status line names the file, or the server's database) is the same on
# both engines and one golden screen serves both. Tests of a run follow one another on the
# shared server: a database of that name left by an interrupted run is dropped first, and each
# is dropped at the end (pg_stop drops those listed in _pg_dbs).
db_of() { # NAME: the database new_db VAR NAME made (its file or URL), printed
	if on_server; then printf 'postgresql:///%s?host=%s&port=%s&user=postgres' "$1.db" "$PG_HOST" "$PG_PORT"
	else printf '%s' "$T/$1.db"; fi
}
new_db() { # VAR NAME (not in a subshell: the server forgets a database made there at its end)
	if [ "${GOPY_TEST_ENGINE:-}" = pg ]; then
		printf -v "$1" '%s' "$(db_of "$2")"
		"$PG_BIN/dropdb" -h "$PG_HOST" -p "$PG_PORT" -U postgres --if-exists --force "$2.db" >/dev/null 2>&1
		"$PG_BIN/createdb" -h "$PG_HOST" -p "$PG_PORT" -U postgres -E UTF8 -T template0 "$2.db" &&
			_pg_dbs+=("$2.db")
	else
		printf -v "$1" '%s' "$T/$2.db"
	fi
}
db_copy() { # SRC VAR NAME: VAR := a new database NAME holding a copy of SRC (cp, or the server's
	# CREATE DATABASE … TEMPLATE: SRC must have no session open)
	if on_server; then
		new_db "$2" "$3" && "$PG_BIN/dropdb" -h "$PG_HOST" -p "$PG_PORT" -U postgres "$3.db" &&
			"$PG_BIN/createdb" -h "$PG_HOST" -p "$PG_PORT" -U postgres -T "$(_db_name "$1")" "$3.db"
	else
		printf -v "$2" '%s' "$T/$3.db"
		cp "$1" "$T/$3.db"
	fi
}
_db_name() { local n=${1#postgresql:///}; printf '%s' "${n%%\?*}"; } # a server URL's database
on_server() { [ "${GOPY_TEST_ENGINE:-}" = pg ]; }
sql_hex() { if on_server; then echo "upper(encode(convert_to($1, 'UTF8'), 'hex'))"; else echo "hex($1)"; fi; }
# Another program holding the database's write lock until the test releases it: sqlite3's
# BEGIN EXCLUSIVE on a file, gopy's advisory lock (src/store/pg.h PG_WRITE_LOCK) on a server.
db_hold_lock() { # DB HELD RELEASE (run it in the background): touches HELD once it holds the
	# lock, gives it back when the file RELEASE appears
	local wait="touch '$2'; while [ ! -e '$3' ]; do sleep 0.05; done; rm -f '$2'"
	if on_server; then
		printf '%s\n' 'BEGIN;' 'SELECT pg_advisory_xact_lock(1196380249);' "\\! $wait" 'COMMIT;' |
			"$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$1" >/dev/null
	else
		sqlite3 "$1" "BEGIN EXCLUSIVE;" ".shell $wait" "COMMIT;" >/dev/null
	fi
}
db_locked() { bash "$ROOT/tests/db_sql.sh" --locked "$1"; } # DB: another holds its write lock
sql_no_fk() { if on_server; then echo "SET session_replication_role = replica;"; else echo "PRAGMA foreign_keys = OFF;"; fi; }
sql_chr() { if on_server; then echo "chr($1)"; else echo "char($1)"; fi; }
sql_blob() { if on_server; then echo "'\\x$1'::bytea"; else echo "x'$1'"; fi; }
db_sql() { bash "$ROOT/tests/db_sql.sh" "$@"; } # [-t] DB SQL (-t: columns separated by tabs)
_n=0
ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n + 1)); echo "not ok $_n - $1"; [ $# -gt 1 ] && printf '#   %s\n' "$2" | head -n 40; return 0; }
run() { out=$("$@" 2>"$T/.stderr"); rc=$?; err=$(cat "$T/.stderr"); }
check() { local name=$1; shift; if "$@" >"$T/.o" 2>&1; then ok "$name"; else not_ok "$name" "$(cat "$T/.o")"; fi; }
kill9_at_wal() { # PID WAL LIMIT: kill -9 PID once WAL holds LIMIT bytes; killed=1 if it was still running
	while kill -0 "$1" 2>/dev/null; do
		[ "$(stat -c %s "$2" 2>/dev/null || echo 0)" -ge "$3" ] && break
	done
	if kill -9 "$1" 2>/dev/null; then killed=1; else killed=0; fi
	wait "$1" 2>/dev/null
}
check_fail() { local name=$1; shift; if "$@" >"$T/.o" 2>&1; then not_ok "$name" "succeeded: $(cat "$T/.o")"; else ok "$name"; fi; }
expect_eq() {
	if [ "$2" == "$3" ]; then ok "$1"; else
		not_ok "$1" "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -n 30)"; fi
}
expect_contains() {
	case "$3" in *"$2"*) ok "$1" ;; *) not_ok "$1" "missing: $2 in: $(printf '%s' "$3" | head -c 800)" ;; esac
}
