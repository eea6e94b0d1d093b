#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# db_sql.sh — run SQL on a test's database, whichever its engine: `bash tests/db_sql.sh [-t] DB SQL`
# (sqlite3 on a file, psql in gopy's schema on a postgresql:// URL); rows one a line, columns
# separated by | (-t: tabs). tests/lib.sh's db_sql runs it; a key script's @sh line can too.
sep='|'
[ "$1" = -t ] && { sep=$'\t'; shift; }
case "$1" in
postgres://*|postgresql://*)
	PGOPTIONS=-csearch_path=gopy "${PG_BIN:-/usr/lib/postgresql/15/bin}/psql" -X -q -At -F "$sep" \
		-v ON_ERROR_STOP=1 "$1" -c "$2" ;;
*) sqlite3 -separator "$sep" "$1" "$2" ;;
esac
