#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# server.sh — a private PostgreSQL 15 test server from the command line (see server.bash).
#   bash tests/pg/server.sh run CMD...   start a server, run CMD with GOPY_TEST_PGHOST and
#                                        GOPY_TEST_PGPORT set (tests reuse it), stop it after
#   bash tests/pg/server.sh url NAME CMD...  the same, with a fresh database NAME whose URL is
#                                        in GOPY_TEST_PGURL (e.g. url demo ./gopy "$GOPY_TEST_PGURL")
# Everything (data, log, socket) lives in one temporary folder, removed when CMD ends.
set -u
. "$(dirname "$0")/server.bash"
case "${1:-}" in
run) shift
	[ $# -gt 0 ] || { echo "usage: $0 run CMD..." >&2; exit 2; }
	pg_start --own || exit 1
	GOPY_TEST_PGHOST=$PG_HOST GOPY_TEST_PGPORT=$PG_PORT "$@"
	;;
url) shift
	[ $# -gt 1 ] || { echo "usage: $0 url NAME CMD..." >&2; exit 2; }
	pg_start --own || exit 1
	name=$1; shift
	u=$(pg_newdb "$name") || exit 1
	GOPY_TEST_PGHOST=$PG_HOST GOPY_TEST_PGPORT=$PG_PORT GOPY_TEST_PGURL=$u "$@"
	;;
*) echo "usage: $0 run CMD... | url NAME CMD..." >&2; exit 2 ;;
esac
