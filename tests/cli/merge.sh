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
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"

BASE=$T/base.db
make_db "$BASE" >/dev/null || not_ok "fixture database"
g delegate "$BASE" add BT-01 "Vũ Thị Lan" --unit "Tổ biên tập" --role editor
gv C1 comment "$BASE" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Đề nghị làm rõ phạm vi"
gv C2 comment "$BASE" --doc DA-CDS --as UBND-MD "Đề nghị bổ sung kinh phí"
for x in a b c; do cp "$BASE" "$T/$x.db"; done

# secretary A: edits C1 (as the TUI does: text and time), adds a comment, accepts C2
# (edits, deletions and dispositions with the sqlite3 shell, logged by the same triggers)
sqlite3 "$T/a.db" "UPDATE comment SET body = 'Đề nghị làm rõ phạm vi điều chỉnh', edited_at = '2026-05-04T09:00:00Z'
	WHERE id = $C1;"
gv A1 comment "$T/a.db" --doc DA-CDS --section "Điều 2" --as STTTT-01 "Ý kiến ghi ở phòng họp A"
sqlite3 "$T/a.db" "UPDATE comment SET disposition = 1, response = 'Tiếp thu ở bản A', handled_at = '2026-05-04T09:20:00Z'
	WHERE id = $C2;"
# secretary B: deletes C1, adds a delegate who comments and replies
sqlite3 "$T/b.db" "UPDATE comment SET deleted_at = '2026-05-04T09:10:00Z' WHERE id = $C1;"
g delegate "$T/b.db" add SXD-01 "Lê Văn Cường" --unit "Sở Xây dựng"
gv B1 comment "$T/b.db" --doc DA-CDS --section "Điều 1" --as SXD-01 "Ý kiến của đại biểu mới"
g comment "$T/b.db" --doc DA-CDS --reply-to "$C2" --as SXD-01 "Đồng ý với ý kiến này" >/dev/null
# secretary C: explains C2 instead
sqlite3 "$T/c.db" "UPDATE comment SET disposition = 3, response = 'Giải trình ở bản C', handled_at = '2026-05-04T09:25:00Z'
	WHERE id = $C2;"
copies_sha="$(sha "$T/a.db") $(sha "$T/b.db") $(sha "$T/c.db")"

# ---- every order, the same review --------------------------------------------------------
first=""
for order in "a b c" "a c b" "b a c" "b c a" "c a b" "c b a"; do
	t=$T/t-${order// /}.db
	cp "$BASE" "$t"
	for x in $order; do g merge "$t" "$T/$x.db" >/dev/null 2>&1 || not_ok "merge $x into $t"; done
	g export "$t" --doc DA-CDS --format json -o "$t.json"
	g conflicts "$t" --format tsv | tail -n +2 | cut -f2,4,6,7 | sort >"$t.conflicts"
	if [ -z "$first" ]; then first=$t; continue; fi
	check "order $order: the same export as order a b c" cmp "$first.json" "$t.json"
	check "order $order: the same conflicts" cmp "$first.conflicts" "$t.conflicts"
done
cp "$BASE" "$T/once.db"
run "$GOPY" merge "$T/once.db" "$T/c.db" "$T/a.db" "$T/b.db"
expect_eq "all three in one merge: the summary" \
	"0|3 comments added, 2 changed, 1 delegate added, 0 documents added, 2 new conflicts" "$rc|$out"
expect_contains "the summary points at the conflicts" "gopy conflicts $T/once.db" "$err"
g export "$T/once.db" --doc DA-CDS --format json -o "$T/once.json"
check "all three in one merge: the same export" cmp "$first.json" "$T/once.json"
expect_eq "the copies were never written" "$copies_sha" "$(sha "$T/a.db") $(sha "$T/b.db") $(sha "$T/c.db")"
run "$GOPY" check "$T/once.db"
expect_eq "the merged review passes check" "0|$T/once.db: ok (schema $SCHEMA)" "$rc|$out"

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
before=$(sha "$T/once.db")
run "$GOPY" merge "$T/once.db" "$T/a.db" "$T/b.db" "$T/c.db"
expect_eq "merging again: nothing new" "0|0 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" \
	"$rc|$out"
expect_eq "merging again: the file is not touched" "$before" "$(sha "$T/once.db")"

# ---- the report counts open conflicts until they are settled -----------------------------
g export "$T/once.db" --doc DA-CDS --format txt -o "$T/once.txt"
expect_contains "the report's header counts the open conflicts" "2 xung đột" "$(cat "$T/once.txt")"
rung conflicts "$T/once.db" --doc DA-CDS
expect_contains "conflicts lists both versions" "theirs: [deleted] Đề nghị làm rõ phạm vi" "$out"
DEL=$(g conflicts "$T/once.db" --format tsv | awk -F'\t' '$2 == "delete" { print $1 }')
HAN=$(g conflicts "$T/once.db" --format tsv | awk -F'\t' '$2 == "handling" { print $1 }')
refused "resolve: --keep is mine, theirs or version" 2 "--keep" "$T/once.db" resolve "$T/once.db" "$DEL" --keep both
refused "resolve: an unknown id" 1 "no open conflict" "$T/once.db" resolve "$T/once.db" 12345 --keep mine --as BT-01
refused "resolve: version is for documents" 1 "new version" "$T/once.db" resolve "$T/once.db" "$HAN" --keep version \
	--as BT-01
# as in the interface, only the drafting team settles; a reader or another delegate is refused
refused "resolve: a login that is no delegate only reads" 1 "you can read, not write" "$T/once.db" \
	resolve "$T/once.db" "$DEL" --keep theirs
refused "resolve: a delegate is not the drafting team" 1 "only the drafting team settles conflicts" "$T/once.db" \
	resolve "$T/once.db" "$DEL" --keep theirs --as STTTT-01
refused "resolve: nor is a secretary" 1 "only the drafting team settles conflicts" "$T/once.db" \
	resolve "$T/once.db" "$DEL" --keep theirs --as TK-01
check "resolve the deletion: theirs (deleted)" g resolve "$T/once.db" "$DEL" --keep theirs --as BT-01
check "resolve the disposition: mine" g resolve "$T/once.db" "$HAN" --keep mine --as BT-01
expect_eq "C1 is deleted now" "1" "$(sqlite3 "$T/once.db" "SELECT deleted_at IS NOT NULL FROM comment WHERE id = $C1")"
rung conflicts "$T/once.db"
expect_eq "no open conflict is left" "0|no open conflicts" "$rc|$out"
expect_eq "settled conflicts stay listed with --all" "2" "$(g conflicts "$T/once.db" --all --format tsv | tail -n +2 | wc -l)"
g export "$T/once.db" --doc DA-CDS --format txt -o "$T/once2.txt"
case "$(cat "$T/once2.txt")" in *"xung đột"*) not_ok "the header no longer mentions conflicts" ;; *) ok "the header no longer mentions conflicts" ;; esac
expect_eq "each settlement is in the audit log" "2" \
	"$(g log "$T/once.db" --format tsv | awk -F'\t' '$3 == "merge" && $11 ~ /^conflict /' | wc -l)"
run "$GOPY" check "$T/once.db"
expect_eq "check passes after settling" "0" "$rc"

# ---- a changes file carries a day's comments, once ---------------------------------------
cp "$BASE" "$T/district.db"
cp "$BASE" "$T/office.db"
for i in 1 2 3 4 5; do g comment "$T/district.db" --doc DA-CDS --section "Điều 2" --as UBND-MD "Ý kiến trong ngày $i" >/dev/null; done
rung changes "$T/district.db" --since "$BASE" -o "$T/day.gopy"
expect_eq "changes: the count" "0|$T/day.gopy: 5 comments new or changed since $BASE" "$rc|$out"
size=$(stat -c %s "$T/day.gopy")
[ "$size" -lt 40000 ] && ok "changes: a small file ($size bytes)" || not_ok "changes: a small file" "$size bytes"
run "$GOPY" merge "$T/office.db" "$T/day.gopy"
expect_eq "the changes apply" "0|5 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" "$rc|$out"
before=$(sha "$T/office.db")
run "$GOPY" merge "$T/office.db" "$T/day.gopy"
expect_eq "the changes apply once" "0|0 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts|$before" \
	"$rc|$out|$(sha "$T/office.db")"
g export "$T/office.db" --doc DA-CDS --format json -o "$T/office.json"
g export "$T/district.db" --doc DA-CDS --format json -o "$T/district.json"
# (the same rows; comments written in the same second are ordered by id after a merge)
rows() { py 'import json, sys
r = json.load(open(sys.argv[1]))
print("\n".join(sorted(json.dumps(m, ensure_ascii=False) for g in r["groups"] for row in g["rows"] for m in row["members"] + row["replies"])))' "$1"; }
expect_eq "the office now has the district's comments" "$(rows "$T/district.json")" "$(rows "$T/office.json")"
head -c 2000 "$T/day.gopy" >"$T/cut.gopy"
refused "a cut changes file is refused whole" 1 "cut short" "$T/office.db" merge "$T/office.db" "$T/cut.gopy"
cp "$T/day.gopy" "$T/bad.gopy"
printf '\x01' | dd of="$T/bad.gopy" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
refused "a damaged changes file is refused whole" 1 "checksum" "$T/office.db" merge "$T/office.db" "$T/bad.gopy"
refused "merge: usage" 2 "usage: gopy merge" "$T/office.db" merge "$T/office.db"
refused "merge into itself" 1 "merged into" "$T/office.db" merge "$T/office.db" "$T/office.db"
refused "changes: --since and -o are needed" 2 "usage: gopy changes" "$T/office.db" changes "$T/office.db" -o "$T/x.gopy"
printf 'doc,body\n' >"$T/a.csv"
refused "merge: a source that is not a review" 1 "not a gopy database" "$T/office.db" merge "$T/office.db" "$T/a.csv"

# ---- kill -9 in the middle of a large merge leaves the target as it was ------------------
py '
import csv, sys
w = csv.writer(open(sys.argv[1], "w", newline=""))
w.writerow(["doc", "section", "author", "body", "created_at"])
for i in range(60000):
    w.writerow(["DA-CDS", "Điều %d" % (1 + i % 3), "STTTT-01", "Ý kiến số %d về nội dung dự thảo, đề nghị cân nhắc thêm." % i,
                "2026-04-%02dT%02d:%02d:00Z" % (1 + i % 28, i % 24, i % 60)])
' "$T/big.csv"
cp "$BASE" "$T/big.db"
g import-comments "$T/big.db" "$T/big.csv" >/dev/null || not_ok "import the large copy"
cp "$T/office.db" "$T/target.db"
g export "$T/target.db" --doc DA-CDS --format json -o "$T/target-before.json"
limit=$(( (RANDOM % 8 + 1) * 262144 )) # kill when the target's write-ahead log passes 256 KiB to 2 MiB
GOPY_SEED=77 "$GOPY" merge "$T/target.db" "$T/big.db" >/dev/null 2>&1 &
kill9_at_wal $! "$T/target.db-wal" "$limit"
[ "$killed" = 1 ] && ok "the merge was killed midway (log at $limit bytes)" || not_ok "the merge was killed midway" "it ended first"
run "$GOPY" check "$T/target.db"
expect_eq "after kill -9: check passes" "0|$T/target.db: ok (schema $SCHEMA)" "$rc|$out"
g export "$T/target.db" --doc DA-CDS --format json -o "$T/target-after.json"
check "after kill -9: the review is as it was" cmp "$T/target-before.json" "$T/target-after.json"
run "$GOPY" merge "$T/target.db" "$T/big.db"
expect_eq "the merge run again completes" "0|60000 comments added, 0 changed, 0 delegates added, 0 documents added, 0 new conflicts" \
	"$rc|$out"
run "$GOPY" check "$T/target.db"
expect_eq "and check passes" "0" "$rc"
echo "1..$_n"
