#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# db_sql.sh — run SQL on a test's database, whichever its engine: `bash tests/db_sql.sh [-t] DB SQL`
# (sqlite3 on a file, psql in gopy's schema on a postgresql:// URL); rows one a line, columns
# separated by | (-t: tabs). tests/lib.sh's db_sql runs it; a key script's @sh line can too.
# `bash tests/db_sql.sh --locked DB` succeeds when another program holds DB's write lock (a write
# that would not wait would be refused): SQLite's BEGIN IMMEDIATE, gopy's advisory lock on a
# server (PG_WRITE_LOCK in src/store/pg.h).
if [ "$1" = --locked ]; then
	case "$2" in
	postgres://*|postgresql://*)
		[ "$("${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -q -At "$2" \
			-c 'SELECT pg_try_advisory_xact_lock(1196380249)' 2>/dev/null)" = f ] ;;
	*) ! sqlite3 -cmd '.timeout 0' "$2" 'BEGIN IMMEDIATE; ROLLBACK;' >/dev/null 2>&1 ;;
	esac
	exit
fi
sep='|'
[ "$1" = -t ] && { sep=$'\t'; shift; }
case "$1" in
postgres://*|postgresql://*)
	PGOPTIONS=-csearch_path=gopy "${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -q -At -F "$sep" \
		-v ON_ERROR_STOP=1 "$1" -c "$2" ;;
*) sqlite3 -separator "$sep" "$1" "$2" ;;
esac
