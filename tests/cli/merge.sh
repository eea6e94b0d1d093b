#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# merge.sh — offline copies through the command line: three secretaries fill copies of one
# review apart (one edits a comment another deletes, one adds a delegate, two set different
# dispositions); `gopy merge` brings them together in every order into the same review (the
# exports compared byte for byte) with the conflicts listed by `gopy conflicts`, counted in
# the report's header and settled by `gopy resolve`; merging again changes nothing and the
# copies are never written; `gopy changes` carries a day's comments in a small checksummed
# file that applies once, and a damaged or cut file is refused whole; a merge killed with
# SIGKILL at a random point leaves the target as it was.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"

new_db BASE base
make_db "$BASE" >/dev/null || not_ok "fixture database"
g delegate "$BASE" add BT-01 "Vũ Thị Lan" --unit "Tổ biên tập" --role editor
gv C1 comment "$BASE" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Đề nghị làm rõ phạm vi"
gv C2 comment "$BASE" --doc DA-CDS --as UBND-MD "Đề nghị bổ sung kinh phí"
db_copy "$BASE" A a; db_copy "$BASE" B b; db_copy "$BASE" C c

# secretary A: edits C1 (as the TUI does: text and time), adds a comment, accepts C2
# (edits, deletions and dispositions in SQL behind gopy's back, logged by the same triggers)
db_sql "$A" "UPDATE comment SET body = 'Đề nghị làm rõ phạm vi điều chỉnh', edited_at = '2026-05-04T09:00:00Z'
	WHERE id = $C1;"
gv A1 comment "$A" --doc DA-CDS --section "Điều 2" --as STTTT-01 "Ý kiến ghi ở phòng họp A"
db_sql "$A" "UPDATE comment SET disposition = 1, response = 'Tiếp thu ở bản A', handled_at = '2026-05-04T09:20:00Z'
	WHERE id = $C2;"
# secretary B: deletes C1, adds a delegate who comments and replies
db_sql "$B" "UPDATE comment SET deleted_at = '2026-05-04T09:10:00Z' WHERE id = $C1;"
g delegate "$B" add SXD-01 "Lê Văn Cường" --unit "Sở Xây dựng"
gv B1 comment "$B" --doc DA-CDS --section "Điều 1" --as SXD-01 "Ý kiến của đại biểu mới"
g comment "$B" --doc DA-CDS --reply-to "$C2" --as SXD-01 "Đồng ý với ý kiến này" >/dev/null
# secretary C: explains C2 instead
db_sql "$C" "UPDATE comment SET disposition = 3, response = 'Giải trình ở bản C', handled_at = '2026-05-04T09:25:00Z'
	WHERE id = $C2;"
copies_sha="$(sha "$A") $(sha "$B") $(sha "$C")"

# ---- every order, the same review --------------------------------------------------------
first=""
for order in "a b c" "a c b" "b a c" "b c a" "c a b" "c b a"; do
	name=t-${order// /}
	db_copy "$BASE" t "$name"
	for x in $order; do g merge "$t" "$(db_of "$x")" >/dev/null 2>&1 || not_ok "merge $x into $name"; done
	g export "$t" --doc DA-CDS --format json -o "$T/$name.json"
	g conflicts "$t" --format tsv | tail -n +2 | cut -f2,4,6,7 | sort >"$T/$name.conflicts"
	if [ -z "$first" ]; then first=$T/$name; continue; fi
	check "order $order: the same export as order a b c" cmp "$first.json" "$T/$name.json"
	check "order $order: the same conflicts" cmp "$first.conflicts" "$T/$name.conflicts"
done
db_copy "$BASE" ONCE once
run "$GOPY" merge "$ONCE" "$C" "$A" "$B"
expect_eq "all three in one merge: the summary" \
	"0|3 comments added, 2 changed, 1 delegate added, 0 documents added, 2 new conflicts" "$rc|$out"
expect_contains "the summary points at the conflicts" "gopy conflicts $ONCE" "$err"
g export "$ONCE" --doc DA-CDS --format json -o "$T/once.json"
check "all three in one merge: the same export" cmp "$first.json" "$T/once.json"
expect_eq "the copies were never written" "$copies_sha" "$(sha "$A") $(sha "$B") $(sha "$C")"
run "$GOPY" check "$ONCE"
expect_eq "the merged review passes check" "0|$ONCE: ok (schema $SCHEMA)" "$rc|$out"

expect_eq "the conflicts: C1 deleted on one copy and edited on the other, C2 handled differently" \
	"delete	$C1	Đề nghị làm rõ phạm vi điều chỉnh	[deleted] Đề nghị làm rõ phạm vi
handling	$C2	[explained] Giải trình ở bản C	[accepted] Tiếp thu ở bản A" "$(cat "$first.conflicts")"
py '
import json, sys
r = json.load(open(sys.argv[1]))
rows = [m for g in r["groups"] for row in g["rows"] for m in row["members"] + row.get("replies", [])]
bodies = [m["body"] for m in rows]
assert "Đề nghị làm rõ phạm vi điều chỉnh" in bodies, bodies   # the edit is shown, not deleted
assert "Ý kiến của đại biểu mới" in bodies and "Ý kiến ghi ở phòng họp A" in bodies, bodies
assert any(m["author"] == "Lê Văn Cường" for m in rows)
' "$T/once.json" && ok "the review shows the edited comment, both new comments and the new delegate" ||
	not_ok "the review shows the edited comment, both new comments and the new delegate"

# ---- merging again changes nothing ------------------------------------------------------
before=$(sha "$ONCE")
run "$GOPY" merge "$ONCE" "$A" "$B" "$C"
expect_eq "merging again: nothing new" "0|0 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" \
	"$rc|$out"
expect_eq "merging again: the file is not touched" "$before" "$(sha "$ONCE")"

# ---- the report counts open conflicts until they are settled -----------------------------
g export "$ONCE" --doc DA-CDS --format txt -o "$T/once.txt"
expect_contains "the report's header counts the open conflicts" "2 xung đột" "$(cat "$T/once.txt")"
rung conflicts "$ONCE" --doc DA-CDS
expect_contains "conflicts lists both versions" "theirs: [deleted] Đề nghị làm rõ phạm vi" "$out"
DEL=$(g conflicts "$ONCE" --format tsv | awk -F'\t' '$2 == "delete" { print $1 }')
HAN=$(g conflicts "$ONCE" --format tsv | awk -F'\t' '$2 == "handling" { print $1 }')
refused "resolve: --keep is mine, theirs or version" 2 "--keep" "$ONCE" resolve "$ONCE" "$DEL" --keep both
refused "resolve: an unknown id" 1 "no open conflict" "$ONCE" resolve "$ONCE" 12345 --keep mine --as BT-01
refused "resolve: version is for documents" 1 "new version" "$ONCE" resolve "$ONCE" "$HAN" --keep version \
	--as BT-01
# as in the interface, only the drafting team settles; a reader or another delegate is refused
refused "resolve: a login that is no delegate only reads" 1 "you can read, not write" "$ONCE" \
	resolve "$ONCE" "$DEL" --keep theirs
refused "resolve: a delegate is not the drafting team" 1 "only the drafting team settles conflicts" "$ONCE" \
	resolve "$ONCE" "$DEL" --keep theirs --as STTTT-01
refused "resolve: nor is a secretary" 1 "only the drafting team settles conflicts" "$ONCE" \
	resolve "$ONCE" "$DEL" --keep theirs --as TK-01
check "resolve the deletion: theirs (deleted)" g resolve "$ONCE" "$DEL" --keep theirs --as BT-01
check "resolve the disposition: mine" g resolve "$ONCE" "$HAN" --keep mine --as BT-01
expect_eq "C1 is deleted now" "1" \
	"$(db_sql "$ONCE" "SELECT CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END FROM comment WHERE id = $C1")"
rung conflicts "$ONCE"
expect_eq "no open conflict is left" "0|no open conflicts" "$rc|$out"
expect_eq "settled conflicts stay listed with --all" "2" "$(g conflicts "$ONCE" --all --format tsv | tail -n +2 | wc -l)"
g export "$ONCE" --doc DA-CDS --format txt -o "$T/once2.txt"
case "$(cat "$T/once2.txt")" in *"xung đột"*) not_ok "the header no longer mentions conflicts" ;; *) ok "the header no longer mentions conflicts" ;; esac
expect_eq "each settlement is in the audit log" "2" \
	"$(g log "$ONCE" --format tsv | awk -F'\t' '$3 == "merge" && $11 ~ /^conflict /' | wc -l)"
run "$GOPY" check "$ONCE"
expect_eq "check passes after settling" "0" "$rc"

# ---- a changes file carries a day's comments, once ---------------------------------------
db_copy "$BASE" DISTRICT district
db_copy "$BASE" OFFICE office
for i in 1 2 3 4 5; do g comment "$DISTRICT" --doc DA-CDS --section "Điều 2" --as UBND-MD "Ý kiến trong ngày $i" >/dev/null; done
rung changes "$DISTRICT" --since "$BASE" -o "$T/day.gopy"
expect_eq "changes: the count" "0|$T/day.gopy: 5 comments new or changed since $BASE" "$rc|$out"
size=$(stat -c %s "$T/day.gopy")
[ "$size" -lt 40000 ] && ok "changes: a small file ($size bytes)" || not_ok "changes: a small file" "$size bytes"
run "$GOPY" merge "$OFFICE" "$T/day.gopy"
expect_eq "the changes apply" "0|5 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" "$rc|$out"
before=$(sha "$OFFICE")
run "$GOPY" merge "$OFFICE" "$T/day.gopy"
expect_eq "the changes apply once" "0|0 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts|$before" \
	"$rc|$out|$(sha "$OFFICE")"
g export "$OFFICE" --doc DA-CDS --format json -o "$T/office.json"
g export "$DISTRICT" --doc DA-CDS --format json -o "$T/district.json"
# (the same rows; comments written in the same second are ordered by id after a merge)
rows() { py 'import json, sys
r = json.load(open(sys.argv[1]))
print("\n".join(sorted(json.dumps(m, ensure_ascii=False) for g in r["groups"] for row in g["rows"] for m in row["members"] + row["replies"])))' "$1"; }
expect_eq "the office now has the district's comments" "$(rows "$T/district.json")" "$(rows "$T/office.json")"
head -c 2000 "$T/day.gopy" >"$T/cut.gopy"
refused "a cut changes file is refused whole" 1 "cut short" "$OFFICE" merge "$OFFICE" "$T/cut.gopy"
cp "$T/day.gopy" "$T/bad.gopy"
printf '\x01' | dd of="$T/bad.gopy" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
refused "a damaged changes file is refused whole" 1 "checksum" "$OFFICE" merge "$OFFICE" "$T/bad.gopy"
refused "merge: usage" 2 "usage: gopy merge" "$OFFICE" merge "$OFFICE"
refused "merge into itself" 1 "merged into" "$OFFICE" merge "$OFFICE" "$OFFICE"
if on_server; then other="$OFFICE&application_name=other"; else other=$T/./office.db; fi
refused "merge into itself, named another way" 1 "merged into" "$OFFICE" merge "$OFFICE" "$other"
refused "changes: --since and -o are needed" 2 "usage: gopy changes" "$OFFICE" changes "$OFFICE" -o "$T/x.gopy"
printf 'doc,body\n' >"$T/a.csv"
refused "merge: a source that is not a review" 1 "not a gopy database" "$OFFICE" merge "$OFFICE" "$T/a.csv"

# ---- kill -9 in the middle of a large merge leaves the target as it was ------------------
# A server merges row by row, an order of magnitude slower than a file (70 s for 60,000
# comments on this machine): there a smaller copy, and a smaller share of it written at the kill.
if on_server; then big=4000 step=32768; else big=60000 step=262144; fi
py '
import csv, sys
w = csv.writer(open(sys.argv[1], "w", newline=""))
w.writerow(["doc", "section", "author", "body", "created_at"])
for i in range(int(sys.argv[2])):
    w.writerow(["DA-CDS", "Điều %d" % (1 + i % 3), "STTTT-01", "Ý kiến số %d về nội dung dự thảo, đề nghị cân nhắc thêm." % i,
                "2026-04-%02dT%02d:%02d:00Z" % (1 + i % 28, i % 24, i % 60)])
' "$T/big.csv" "$big"
db_copy "$BASE" BIG big
g import-comments "$BIG" "$T/big.csv" >/dev/null || not_ok "import the large copy"
db_copy "$OFFICE" TARGET target
g export "$TARGET" --doc DA-CDS --format json -o "$T/target-before.json"
# What the merge has written so far, though not committed: the file's write-ahead log; on a
# server, what the comment table and its indexes have grown by (an open transaction's new rows
# are already in the table's pages).
comments_size() { db_sql "$TARGET" "SELECT pg_total_relation_size('comment')"; }
on_server && size0=$(comments_size)
written() {
	if on_server; then echo $(($(comments_size) - size0))
	else stat -c %s "$TARGET-wal" 2>/dev/null || echo 0; fi
}
limit=$(( (RANDOM % 8 + 1) * step )) # kill when the merge has written 1 to 8 steps
GOPY_SEED=77 "$GOPY" merge "$TARGET" "$BIG" >/dev/null 2>&1 &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
	[ "$(written)" -ge "$limit" ] && break
done
if kill -9 "$pid" 2>/dev/null; then killed=1; else killed=0; fi
wait "$pid" 2>/dev/null
[ "$killed" = 1 ] && ok "the merge was killed midway (at $limit bytes written)" || not_ok "the merge was killed midway" "it ended first"
run "$GOPY" check "$TARGET"
expect_eq "after kill -9: check passes" "0|$TARGET: ok (schema $SCHEMA)" "$rc|$out"
g export "$TARGET" --doc DA-CDS --format json -o "$T/target-after.json"
check "after kill -9: the review is as it was" cmp "$T/target-before.json" "$T/target-after.json"
run "$GOPY" merge "$TARGET" "$BIG"
expect_eq "the merge run again completes" "0|$big comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" \
	"$rc|$out"
run "$GOPY" check "$TARGET"
expect_eq "and check passes" "0" "$rc"
echo "1..$_n"
