#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# concurrency.sh — 8 processes write to one file at once, each adding 30 comments and
# replies with `gopy comment`: every id acknowledged on stdout is present exactly once,
# the thread keys are consistent, the counters right, and `gopy check` passes.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB review
make_db "$DB" >/dev/null || not_ok "fixture database"
unset GOPY_SEED # real random ids, as in use: eight processes must not draw the same ones

WRITERS=8 PER=30
writer() { # N: 10 roots, each with a reply and a reply to the reply; acknowledged ids to ack.N
	local n=$1 i id r1 r2 fails=0
	local sections=("Điều 1" "Điều 2" "Điều 2 khoản 1" "Điều 3" "")
	for ((i = 0; i < PER / 3; i++)); do
		local s=${sections[$(((n + i) % 5))]}
		if [ -n "$s" ]; then
			id=$("$GOPY" comment "$DB" --doc DA-CDS --section "$s" --as STTTT-01 "Người viết $n, ý kiến $i về chuyển đổi số") || fails=$((fails + 1))
		else
			id=$("$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 "Người viết $n, ý kiến chung $i") || fails=$((fails + 1))
		fi
		[ -n "$id" ] && echo "$id 0 $n" >>"$T/ack.$n"
		[ -n "$id" ] || continue
		r1=$("$GOPY" comment "$DB" --reply-to "$id" --as UBND-MD "Trả lời $n.$i") || fails=$((fails + 1))
		[ -n "$r1" ] && echo "$r1 1 $n" >>"$T/ack.$n"
		[ -n "$r1" ] || continue
		r2=$("$GOPY" comment "$DB" --reply-to "$r1" --as TK-01 "Trả lời tiếp $n.$i") || fails=$((fails + 1))
		[ -n "$r2" ] && echo "$r2 2 $n" >>"$T/ack.$n"
	done
	echo "$fails" >"$T/fails.$n"
}
start=$SECONDS
for ((w = 0; w < WRITERS; w++)); do writer "$w" 2>"$T/err.$w" & done
wait
echo "# $((WRITERS * PER)) comments by $WRITERS processes in $((SECONDS - start)) s"

expect_eq "no writer failed" "$(printf '0%.0s ' $(seq $WRITERS))" "$(for ((w = 0; w < WRITERS; w++)); do printf '%s ' "$(cat "$T/fails.$w")"; done)"
expect_eq "no error messages" "" "$(cat "$T"/err.*)"
cat "$T"/ack.* >"$T/ack"
expect_eq "every comment was acknowledged" $((WRITERS * PER)) "$(wc -l <"$T/ack")"
expect_eq "acknowledged ids are unique" $((WRITERS * PER)) "$(cut -d' ' -f1 "$T/ack" | sort -u | wc -l)"
db_sql "$DB" "SELECT id || ' ' || depth FROM comment" | sort >"$T/stored"
expect_eq "every acknowledged id is stored exactly once, at its depth" "$(cut -d' ' -f1,2 "$T/ack" | sort)" "$(cat "$T/stored")"
expect_eq "thread keys unique per document" 0 \
	"$(db_sql "$DB" 'SELECT count(*) FROM (SELECT document_id, thread_key FROM comment GROUP BY 1, 2 HAVING count(*) > 1) AS dup')"
expect_eq "each reply's key extends its parent's, same root and section" 0 \
	"$(db_sql "$DB" 'SELECT count(*) FROM comment c JOIN comment p ON p.id = c.parent_id
		WHERE substr(c.thread_key, 1, length(p.thread_key)) <> p.thread_key OR length(c.thread_key) <> length(p.thread_key) + 4
		OR c.root_id <> p.root_id OR c.section_id IS DISTINCT FROM p.section_id')"
expect_eq "ordering by thread key puts each reply right after its parent's subtree start" "ok" \
	"$(db_sql "$DB" "SELECT id, coalesce(parent_id, 0), depth FROM comment ORDER BY thread_key" | py '
import sys
stack = []
for line in sys.stdin:
    i, p, d = line.strip().split("|"); d = int(d)
    stack = stack[:d]
    if d > 0 and (len(stack) < d or stack[d - 1] != p):
        print("out of order:", i); sys.exit()
    stack.append(i)
print("ok")')"
rung list "$DB" --format tsv
expect_eq "document counters" "$((WRITERS * PER))/$((WRITERS * PER))" "$(printf '%s\n' "$out" | awk -F'\t' 'NR == 2 { print $6 "/" $7 }')"
rung search "$DB" "nguoi viet 7" --format tsv
expect_eq "all comments are indexed (writer 7's roots found)" $((PER / 3)) \
	"$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 && $1 == "comment" && $8 ~ /^Người viết 7,/' | wc -l)"
rung check "$DB"
expect_eq "check passes" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"
