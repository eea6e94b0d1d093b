#!/usr/bin/env bash
# copy.sh — `gopy copy SRC DST` between files: a review with something in every table (versions,
# alignments, consultation lists, edits, deletions, dispositions, responses, the audit log,
# hostile text) copied into a new file, then again from the copy, shows the same in every
# export and listing, byte for byte, with every row of every table the same; a non-empty
# destination is refused and left untouched; a copy that fails leaves no file behind.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/cli/data/review_fixture.bash"

A=$T/a.db B=$T/b.db C=$T/c.db
make_full_review "$A" || not_ok "the review to copy is built"

tables="delegate document version section comment consultee alignment tally_disposition tally_author audit sqlite_sequence"
rows() { # every row of every table, in a fixed order
	local t
	for t in $tables; do echo "== $t"; sqlite3 "$1" "SELECT * FROM $t" | sort; done
	echo "== types"; sqlite3 "$1" "SELECT kind, typeof(old_value), typeof(new_value), count(*) FROM audit GROUP BY 1, 2, 3"
}

rung copy "$A" "$B"
expect_eq "copy: exit 0" 0 "$rc"
expect_eq "copy: says what it copied" \
	"copied $A to $B: $(sqlite3 "$A" "SELECT (SELECT count(*) FROM document) || ' documents, ' ||
		(SELECT count(*) FROM comment) || ' comments, ' || (SELECT count(*) FROM delegate) || ' delegates, ' ||
		(SELECT count(*) FROM audit) || ' audit log entries'")" "$out"
check "the copy passes gopy check" "$GOPY" check "$B"
show_review "$A" >"$T/show.a"
show_review "$B" >"$T/show.b"
check "everything gopy shows of the copy is the same, byte for byte" cmp "$T/show.a" "$T/show.b"
expect_eq "every row of every table is the same (ids, seq, thread keys, counters, audit log)" \
	"$(rows "$A")" "$(rows "$B")"
check "the showing covers every document, the audit log and the alignment" \
	grep -q "Dự thảo lần 2" "$T/show.a"
expect_eq "the hostile text came through as it was" \
	"$(sqlite3 "$A" "SELECT hex(body) FROM comment WHERE body LIKE '%DROP TABLE%' ORDER BY seq")" \
	"$(sqlite3 "$B" "SELECT hex(body) FROM comment WHERE body LIKE '%DROP TABLE%' ORDER BY seq")"

# The copy is a review like any other: new comments get the next seq and are logged.
seq_next=$(( $(sqlite3 "$B" "SELECT max(seq) FROM comment") + 1 ))
audit_next=$(( $(sqlite3 "$B" "SELECT max(seq) FROM audit") + 1 ))
g comment "$B" --doc NQ-CDS --as H-01 "sau khi chép" >/dev/null
expect_eq "a comment added to the copy: next seq, next audit entry" "$seq_next|$audit_next|add" \
	"$(sqlite3 "$B" "SELECT (SELECT seq FROM comment WHERE body = 'sau khi chép'), seq, kind FROM audit ORDER BY seq DESC LIMIT 1")"
rung search "$B" "sau khi chep" --format tsv
expect_contains "…and found by search" "sau khi chép" "$out"

# A round trip: the copy of the copy (before the new comment) shows the same as the original.
rung copy "$A" "$C"
rm -f "$B"; rung copy "$C" "$B"
show_review "$B" >"$T/show.b2"
check "a copy of a copy shows the same" cmp "$T/show.a" "$T/show.b2"

# Into an empty review made by gopy init: fine. Into one that holds anything: refused, untouched.
E=$T/empty.db
g init "$E" >/dev/null
rung copy "$A" "$E"
expect_eq "into an empty review made by init: exit 0" 0 "$rc"
check "…the same as the original" cmp "$T/show.a" <(show_review "$E")
refused "into a review that holds rows" 1 "is not empty" "$B" copy "$A" "$B"
N=$T/one.db
g init "$N" >/dev/null
g delegate "$N" add X "Một người" >/dev/null
refused "into a review with one delegate" 1 "nothing was copied: $N is not empty (its table delegate has rows)" "$N" copy "$A" "$N"

# A failed copy (a broken reference in the source) leaves no file.
BAD=$T/bad.db
cp "$A" "$BAD"
sqlite3 "$BAD" "PRAGMA foreign_keys = OFF; DELETE FROM tally_author; UPDATE comment SET author_id = 42 WHERE seq = 3"
refused "a source with a broken reference" 1 "nothing was copied" "$T/new.db" copy "$BAD" "$T/new.db"
check "…and no file (nor -wal, -shm) is left" test -z "$(ls "$T" | grep '^new\.db')"

refused "a missing source" 1 "no such database" "$T/new.db" copy "$T/missing.db" "$T/new.db"
refused "copy without a destination" 2 "usage: gopy copy SRC DST" "$T/new.db" copy "$A"
refused "copy with a third argument" 2 "usage: gopy copy SRC DST" "$T/new.db" copy "$A" "$T/new.db" x
GOPY_RESTRICTED=1 refused "restricted mode: no copy" 1 "copy is not available in restricted mode" "$T/new.db" copy "$A" "$T/new.db"
rung copy "$A" "$T/vi.db"
LANGUAGE=vi rung copy "$A" "$T/vi2.db"
expect_contains "the summary in Vietnamese" "đã sao chép $A sang $T/vi2.db: 6 văn bản, 221 ý kiến, 41 đại biểu" "$out"
