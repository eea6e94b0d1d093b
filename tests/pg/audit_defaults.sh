#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# audit_defaults.sh — who writes a comment and when may come from settings of its transaction
# (gopy.at, gopy.os_user, gopy.delegate_id: migration 14, set by the insert's own statement).
# A value of those settings given from outside gopy's transaction (a database's or role's
# default, PGOPTIONS) must never stand in for gopy's own: gopy's session clears them
# (pg.c SESSION_SETTINGS), so a reply (its audit_session row) names who wrote it, and an
# import (logged by nobody) adds no entry.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start || exit 1
S=$(pg_newdb audit_defaults)
export GOPY_NOW=2025-03-01T08:00:00Z
make_db "$S" >/dev/null || not_ok "the review is built"
q() { pg_psql audit_defaults -c "SET search_path = gopy; $1"; }
db=$(pg_dbname audit_defaults)
q "ALTER DATABASE $db SET gopy.at = '1999-01-01T00:00:00Z'; ALTER DATABASE $db SET gopy.os_user = 'someone-else';
	ALTER DATABASE $db SET gopy.delegate_id = '$(q "SELECT id FROM delegate WHERE code = 'STTTT-01'")'" ||
	not_ok "the database's defaults name someone else"
root=$("$GOPY" comment "$S" --doc DA-CDS --as STTTT-01 "Gốc") || not_ok "a comment"
PGOPTIONS="-c gopy.os_user=intruder" "$GOPY" comment "$S" --doc DA-CDS --reply-to "$root" --as UBND-MD \
	"Trả lời" >/dev/null || not_ok "a reply (its parent looked up first: an audit_session row)"
expect_eq "each entry names who wrote it, when, not the defaults" \
	"$(id -un) STTTT-01 $GOPY_NOW|$(id -un) UBND-MD $GOPY_NOW" \
	"$(q "SELECT a.os_user || ' ' || d.code || ' ' || a.at FROM audit a JOIN delegate d ON d.id = a.delegate_id
		WHERE a.kind = 'add' ORDER BY a.seq" | paste -sd'|')"
printf 'id,doc,author,body\nn1,DA-CDS,UBND-MD,Nhập một\nn2,DA-CDS,UBND-MD,Nhập hai\n' >"$T/in.csv"
"$GOPY" import-comments "$S" "$T/in.csv" >/dev/null || not_ok "an import"
expect_eq "an import adds no entry of its comments" "2|0" \
	"$(q "SELECT count(*) FROM comment WHERE body LIKE 'Nhập %'")|$(q "SELECT count(*) FROM audit a
		JOIN comment c ON c.id = a.comment_id WHERE a.kind = 'add' AND c.body LIKE 'Nhập %'")"
echo "1..$_n"
