#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# thread_writers.sh — concurrent `gopy comment` writers keep every thread whole and in order.
# WRITERS processes at once (default 8), each adding ROUNDS thread roots on one section, a
# reply to one shared root (all of them racing for the same sibling positions) and a reply to
# its own root. Afterwards: every acknowledged comment is stored once with its text and
# nothing else is; no two comments of the document share a thread position; every reply sits
# right under its parent (key, depth, root); each writer's comments come in the order it wrote
# them, in the thread view's order as well; the counters agree and `gopy check` passes.
# engines: both
. "$(dirname "$0")/../lib.sh"
WRITERS=${WRITERS:-8} ROUNDS=${ROUNDS:-5}
g() { env -u GOPY_SEED "$GOPY" "$@"; } # every process its own random ids, as in real use
new_db U writers
g init "$U" >/dev/null || not_ok "init"
printf '%s\n' "# Dự thảo thử nghiệm" "" "Điều 1. Phạm vi" "" "Nội dung." "" "Điều 2. Hiệu lực" "" "Nội dung." >"$T/d.md"
g import "$U" "$T/d.md" --code DT >/dev/null || not_ok "import"
g delegate "$U" add A01 "Nguyễn Văn An" --unit "Sở Nội vụ" >/dev/null || not_ok "delegate"
shared=$(g comment "$U" --doc DT --section "Điều 1" --as A01 "gốc chung") || not_ok "the shared root"

writer() { # n
	local n=$1 i id r
	for ((i = 0; i < ROUNDS; i++)); do
		id=$(g comment "$U" --doc DT --section "Điều 1" --as A01 "gốc $n.$i") &&
			echo "$id gốc $n.$i" >>"$T/ack.$n" || { echo "root $n.$i" >>"$T/fail.$n"; continue; }
		r=$(g comment "$U" --reply-to "$shared" --as A01 "chung $n.$i") &&
			echo "$r chung $n.$i" >>"$T/ack.$n" || echo "shared reply $n.$i" >>"$T/fail.$n"
		r=$(g comment "$U" --reply-to "$id" --as A01 "đáp $n.$i") &&
			echo "$r đáp $n.$i" >>"$T/ack.$n" || echo "reply $n.$i" >>"$T/fail.$n"
	done
}
for ((n = 0; n < WRITERS; n++)); do writer "$n" 2>"$T/err.$n" & done
wait
expect_eq "no writer failed" "" "$(cat "$T"/fail.* "$T"/err.* 2>/dev/null)"
total=$((WRITERS * ROUNDS * 3 + 1))
expect_eq "every comment acknowledged" $((total - 1)) "$(cat "$T"/ack.* | wc -l)"

# Stored once each, with its text; nothing else.
{ cat "$T"/ack.*; echo "$shared gốc chung"; } | sort >"$T/ack"
db_sql "$U" "SELECT id || ' ' || body FROM comment" | sort >"$T/stored"
check "every acknowledged comment is stored once, with its text, and no other" cmp "$T/ack" "$T/stored"

# Thread positions: unique, and every reply right under its parent.
expect_eq "no two comments share a thread position" 0 \
	"$(db_sql "$U" "SELECT count(*) FROM (SELECT thread_key FROM comment GROUP BY document_id, thread_key HAVING count(*) > 1) AS d")"
expect_eq "every reply's position is its parent's plus one level" 0 \
	"$(db_sql "$U" "SELECT count(*) FROM comment c JOIN comment p ON p.id = c.parent_id
		WHERE length(c.thread_key) <> length(p.thread_key) + 4 OR substr(c.thread_key, 1, length(p.thread_key)) <> p.thread_key
		OR c.depth <> p.depth + 1 OR c.root_id <> p.root_id")"
expect_eq "the shared root has all its replies" $((WRITERS * ROUNDS)) \
	"$(db_sql "$U" "SELECT count(*) FROM comment WHERE parent_id = $shared")"

# The thread view's order: each writer's roots, and its replies to the shared root, in the
# order it wrote them; each own reply right after its root.
g list "$U" --doc DT --comments --format tsv | tail -n +2 | cut -f10 >"$T/order"
bad=
for ((n = 0; n < WRITERS; n++)); do
	for kind in "gốc" "chung"; do
		grep -n "^$kind $n\.[0-9]*$" "$T/order" | sed "s/:$kind $n\./ /" | sort -n -k1,1 | awk '{ print $2 }' >"$T/seen"
		seq 0 $((ROUNDS - 1)) | cmp -s - "$T/seen" || bad+="writer $n, $kind: $(tr '\n' ' ' <"$T/seen"); "
	done
done
expect_eq "each writer's comments come in the order it wrote them" "" "$bad"
expect_eq "each writer's own reply comes right after its root" "" \
	"$(awk '/^gốc [0-9]+\.[0-9]+$/ { want = $0; sub(/^gốc/, "đáp", want); next } want { if ($0 != want) print "after " want ": " $0; want = "" }' "$T/order")"

expect_eq "the document counts them all" "$total" "$(g list "$U" --format tsv | awk -F'\t' '$1 == "DT" { print $6 }')"
check "gopy check passes" g check "$U"
