#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# days.sh — comment_day (migration 12): each document's days with their comments' number and
# bounds on their thread keys, kept by every writer: a bulk import (new days and days it adds
# to), one comment and a reply, a merge, a copy, and changes behind gopy's back (a purge, a
# comment moved to another day); after each the table holds exactly the comments' days and
# counts, its bounds contain every key (exact after additions), and `gopy check` agrees. A
# table that lies (a count, a bound, a missing day) makes `gopy check` fail and name it.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"

new_db D d
make_db "$D" >/dev/null || not_ok "fixture database"
if on_server; then
	hx() { echo "upper(encode($1, 'hex'))"; }
	hmin() { echo "upper(min(encode($1, 'hex') COLLATE \"C\"))"; }
	hmax() { echo "upper(max(encode($1, 'hex') COLLATE \"C\"))"; }
else
	hx() { echo "hex($1)"; }
	hmin() { echo "hex(min($1))"; }
	hmax() { echo "hex(max($1))"; }
fi
# the table, and what the comments say (BOUNDS=1: the keys' exact bounds too)
table() { db_sql "$1" "SELECT document_id, day, n${BOUNDS:+, $(hx min_key), $(hx max_key)} FROM comment_day ORDER BY 1, 2"; }
truth() {
	db_sql "$1" "SELECT document_id, substr(created_at, 1, 10), count(*)${BOUNDS:+, $(hmin thread_key), $(hmax thread_key)}
	  FROM comment GROUP BY document_id, substr(created_at, 1, 10) ORDER BY 1, 2"
}
same() { # NAME DB [exact]: the table is the comments' days; check passes
	local t
	t=$(BOUNDS=${3:-} truth "$2")
	local what="the table holds the days and counts of the comments"
	[ -n "${3:-}" ] && what+=", and the exact bounds of their keys"
	expect_eq "$1: $what" "$t" "$(BOUNDS=${3:-} table "$2")"
	run "$GOPY" check "$2"
	expect_eq "$1: check passes" "0|$2: ok (schema $SCHEMA)" "$rc|$out"
}

python3 - "$T/a.csv" "$T/b.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("id,doc,section,author,body,created_at,reply_to\n")
    for i in range(60):  # three days; replies come a day after their root
        day, r = 1 + i // 20, i % 20
        parent = "r%d" % (i - 20) if i >= 20 and r % 3 == 0 else ""
        f.write("r%d,DA-CDS,Điều 1,STTTT-01,Ý kiến %d,2026-05-%02dT%02d:%02d:00Z,%s\n" % (i, i, day, 8 + r // 6, r, parent))
with open(sys.argv[2], "w", encoding="utf-8") as f:  # a day already there, and a new one
    f.write("id,doc,section,author,body,created_at,reply_to\n")
    for i in range(10):
        f.write("s%d,DA-CDS,,UBND-MD,Ý kiến thêm %d,2026-05-%02dT15:%02d:00Z,\n" % (i, i, 3 + i // 5, i))
PY
g import-comments "$D" "$T/a.csv" >/dev/null || not_ok "import 60 comments"
expect_eq "an import: three days" "3" "$(db_sql "$D" "SELECT count(*) FROM comment_day")"
same "an import" "$D" exact
g import-comments "$D" "$T/b.csv" >/dev/null || not_ok "import 10 more"
same "a second import, into a day and a new one" "$D" exact
g comment "$D" --doc DA-CDS --as STTTT-01 "Một ý kiến hôm nay" >/dev/null || not_ok "one comment"
r=$(db_sql "$D" "SELECT id FROM comment WHERE body = 'Ý kiến 1'")
g comment "$D" --doc DA-CDS --reply-to "$r" --as UBND-MD "Trả lời" >/dev/null || not_ok "a reply"
same "a comment and a reply (the trigger)" "$D" exact

# a copy, then comments added to it merged back
new_db C c
g copy "$D" "$C" >/dev/null || not_ok "copy"
same "a copy" "$C" exact
g comment "$C" --doc DA-CDS --as STTTT-01 "Ý kiến ở bản sao" >/dev/null || not_ok "a comment in the copy"
g comment "$C" --doc DA-CDS --reply-to "$r" --as STTTT-01 "Trả lời ở bản sao" >/dev/null || not_ok "a reply in the copy"
g merge "$D" "$C" >/dev/null 2>&1 || not_ok "merge the copy back"
same "a merge" "$D"

# behind gopy's back: a comment moved to a day of its own, then to another (the first emptied),
# a leaf purged
leaf=$(db_sql "$D" "SELECT id FROM comment WHERE body = 'Ý kiến thêm 9'")
db_sql "$D" "UPDATE comment SET created_at = '2026-06-01T09:00:00Z' WHERE body = 'Ý kiến thêm 0'" >/dev/null
expect_eq "a comment moved to a new day: its row" "1" "$(db_sql "$D" "SELECT n FROM comment_day WHERE day = '2026-06-01'")"
db_sql "$D" "UPDATE comment SET created_at = '2026-06-02T09:00:00Z' WHERE body = 'Ý kiến thêm 0'" >/dev/null
expect_eq "moved again: the emptied day is gone, the new one is there" "0|1" \
	"$(db_sql "$D" "SELECT count(*) FROM comment_day WHERE day = '2026-06-01'")|$(db_sql "$D" "SELECT n FROM comment_day WHERE day = '2026-06-02'")"
db_sql "$D" "DELETE FROM comment WHERE id = $leaf" >/dev/null
same "comments moved to other days, one purged" "$D"

# a table that lies is found
lies() { # NAME SQL NEEDLE
	db_copy "$D" B "bad$_n"
	db_sql "$B" "$2" >/dev/null
	run "$GOPY" check "$B"
	expect_eq "$1: check fails" "1" "$rc"
	expect_contains "$1: and says where" "$3" "$out$err"
}
if on_server; then lo="'\\x00'::bytea"; else lo="x'00'"; fi
lies "a count one too many" "UPDATE comment_day SET n = n + 1 WHERE day = '2026-05-02'" "2026-05-02: the table says"
lies "a bound that misses a key" "UPDATE comment_day SET max_key = $lo WHERE day = '2026-05-01'" "(thread keys out of its bounds)"
lies "a day missing" "DELETE FROM comment_day WHERE day = '2026-05-03'" "2026-05-03: the table says 0 comments"
