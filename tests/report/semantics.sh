#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# semantics.sh — the report's rules asserted one by one rather than only through goldens:
# a delegate who only replied is not counted among those who commented, dispositions given as
# numbers (0-5) on the command line mean the documented dispositions, and others are refused.
# engines: both
. "$(dirname "$0")/../lib.sh"
PY=/usr/bin/python3
new_db DB s
seed=500
g() { seed=$((seed + 1)); GOPY_SEED=$seed "$GOPY" "$@"; }
printf 'Điều 1. Phạm vi\nNội dung.\n\nĐiều 2. Đối tượng\nNội dung.\n' >"$T/draft.txt"
check "init" g init "$DB"
check "import" g import "$DB" "$T/draft.txt" --code NQ --title "Nghị quyết"
check "delegate A" g delegate "$DB" add A "Nguyễn Văn An" --unit "Sở Tài chính"
check "delegate B" g delegate "$DB" add B "Trần Thị Bình" --unit "Sở Tư pháp"
check "delegate TK" g delegate "$DB" add TK "Đỗ Thư Ký" --unit "Văn phòng" --role secretary
root=$(g comment "$DB" --doc NQ --section "Điều 1" --as A "Ý kiến gốc.")
g comment "$DB" --reply-to "$root" --as B "Chỉ trả lời, không góp ý riêng." >/dev/null
figures() { # key: the figure from the JSON report
	"$GOPY" export "$DB" --doc NQ --format json |
		"$PY" -c 'import json,sys; print(json.load(sys.stdin)["figures"][sys.argv[1]])' "$1"
}
expect_eq "a delegate who only replied is not an author" 1 "$(figures authors)"
expect_eq "the reply is counted as a reply" 1 "$(figures replies)"
expect_eq "one comment (thread root)" 1 "$(figures comments)"
expect_contains "txt: one delegate commented" "1 ý kiến (và 1 ý kiến trao đổi, trả lời) của 1 đại biểu" \
	"$("$GOPY" export "$DB" --doc NQ --format txt)"
g comment "$DB" --doc NQ --as B "Nay góp ý riêng." >/dev/null
expect_eq "once the replier writes a comment of their own, they count" 2 "$(figures authors)"

# Dispositions by number in import-comments: 0 pending … 5 escalated.
{
	echo "id,doc,section,author,body,disposition,handled_by"
	for n in 0 1 2 3 4 5; do echo "n$n,NQ,Điều 2,A,Ý kiến số $n,$n,TK"; done
} >"$T/numeric.csv"
check "numeric dispositions imported" g import-comments "$DB" "$T/numeric.csv"
got=$("$GOPY" list "$DB" --doc NQ --comments --format tsv | awk -F'\t' '$10 ~ /^Ý kiến số/ { print $10 "=" $9 }' | sort | tr '\n' ' ')
expect_eq "0-5 mean pending, accepted, partly, explained, noted, escalated" \
	"Ý kiến số 0=pending Ý kiến số 1=accepted Ý kiến số 2=partly Ý kiến số 3=explained Ý kiến số 4=noted Ý kiến số 5=escalated " "$got"
for bad in 6 -1 " 2" 02 2.0; do
	printf 'doc,author,body,disposition\nNQ,A,Sai số,%s\n' "$bad" >"$T/bad.csv"
	run g import-comments "$DB" "$T/bad.csv"
	expect_eq "disposition '$bad' refused" 1 "$rc"
done
