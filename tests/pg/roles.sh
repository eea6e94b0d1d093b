#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# roles.sh — the server's roles stand for a file's permissions: a role that may only read opens
# the review read-only and says so (every write refused in one line, nothing changed); a role
# that may write but does not own the schema writes as its login's delegate only; the owner of
# a schema nobody else may use writes as anyone (--as), as on a file of one's own; and every
# value is a bound parameter (hostile text in every field comes back as it went in).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/pg/server.bash"
. "$ROOT/tests/cli/data/helpers.bash"
pg_start || { not_ok "the test server starts"; exit 1; }
U=$(pg_newdb roles)
make_db "$U" >/dev/null || not_ok "fixture review"
gv ID comment "$U" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến có sẵn"
g delegate "$U" add WR-01 "Người Viết" --unit "Sở Nội vụ" --login "$(id -un)" >/dev/null # this login's delegate
psql_su() { "$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 "$U" "$@"; }

# ---- a role that may only read ------------------------------------------------------------
psql_su -c "CREATE ROLE reader LOGIN; GRANT USAGE ON SCHEMA gopy TO reader;
	GRANT SELECT ON ALL TABLES IN SCHEMA gopy TO reader"
R=$(pg_url roles reader)
rung list "$R" --doc DA-CDS --comments
expect_eq "a reader lists the review" "0" "$rc"
expect_contains "and sees its comments" "Ý kiến có sẵn" "$out"
rung search "$R" "y kien co san"
expect_contains "a reader searches" "Ý kiến có sẵn" "$out"
rung check "$R"
expect_eq "a reader checks it" "0|$R: ok (schema $SCHEMA)" "$rc|$out"
rung export "$R" --doc DA-CDS --format csv
expect_contains "a reader exports it" "Ý kiến có sẵn" "$out"
refused "a reader's comment is refused" 1 "is read-only (this role may only read the review" "$U" \
	comment "$R" --doc DA-CDS "Không được ghi"
refused "a reader's import is refused" 1 "read-only" "$U" import "$R" "$DATA/draft.md" --code NEW
refused "a reader's delegate is refused" 1 "read-only" "$U" delegate "$R" add NEW-1 "Người mới"
printf '@dump %s\n' "$T/screen" >"$T/keys"
GOPY_HEADLESS_SCRIPT=$T/keys GOPY_HEADLESS_SIZE=120x24 "$GOPY" "$R" >/dev/null 2>"$T/tui.err" </dev/null
expect_contains "the interface says read-only" "[the review is read-only]" "$(tail -n 2 "$T/screen")"

# ---- a role that may write but does not own the review ------------------------------------
psql_su -c "CREATE ROLE writer LOGIN; GRANT USAGE ON SCHEMA gopy TO writer;
	GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA gopy TO writer"
W=$(pg_url roles writer)
refused "a writer may not speak for another delegate" 1 "refused" "$U" comment "$W" --doc DA-CDS --as UBND-MD "Thay người khác"
gv WID comment "$W" --doc DA-CDS --section "Điều 1" "Ý kiến của người viết"
expect_eq "a writer writes as its login's delegate" "WR-01" \
	"$("$PG_BIN/psql" -X -q -At "$U" -c "SELECT a.code FROM gopy.comment c JOIN gopy.delegate a ON a.id = c.author_id WHERE c.id = $WID")"
run "$GOPY" check "$U"
expect_eq "check passes after the writer's comment" "0" "$rc"

# ---- every value bound: hostile text in every field ---------------------------------------
EVIL="'); DROP TABLE gopy.comment; -- \$1 ?2 :name \\x00 \"q\" %s"
gv EID comment "$U" --doc DA-CDS --quote "$EVIL" "$EVIL"
g delegate "$U" add "EV'1" "$EVIL" --unit "$EVIL" --login "$EVIL" >/dev/null
expect_eq "a hostile body and quote are stored as written" "$EVIL|$EVIL" \
	"$("$PG_BIN/psql" -X -q -At "$U" -c "SELECT body || '|' || quote FROM gopy.comment WHERE id = $EID")"
rung list "$U" --doc DA-CDS --comments --format json
expect_contains "and listed as written" "$(printf '%s' "$EVIL" | py 'import json,sys; print(json.dumps(sys.stdin.read(), ensure_ascii=False))')" "$out"
rung delegate "$U" list --format tsv
expect_contains "a hostile delegate is stored as written" "EV'1	$EVIL	$EVIL	delegate	$EVIL" "$out"
rung search "$U" "$EVIL"
expect_eq "a hostile search query is a query, not SQL" "0" "$rc"
expect_contains "and finds the comment" "$EID" "$out"
run "$GOPY" check "$U"
expect_eq "the comment table is still there: check passes" "0" "$rc"
