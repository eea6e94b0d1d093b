#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# export.sh — `gopy export`: a small review built with the CLI (threads, general comments,
# dispositions, a deleted comment, hostile text) exported in every format, compared with the
# goldens in tests/report/golden/ (UPDATE_GOLDEN=1 rewrites them) and checked with real
# parsers (check_export.py: Python's csv, json and html.parser; cmark-gfm for Markdown);
# filters, --group-same, exit statuses and the atomic -o.
# engines: both
. "$(dirname "$0")/../lib.sh"
HERE=$ROOT/tests/report
GOLDEN=$HERE/golden
. "$HERE/pycheck.bash"
new_db DB r


cat >"$T/draft.md" <<'EOF'
# Nghị quyết về thí điểm chuyển đổi số

Điều 1. Phạm vi điều chỉnh
1. Nghị quyết này quy định việc thí điểm chuyển đổi số tại các cơ quan của tỉnh.
2. Nghị quyết không áp dụng với lực lượng vũ trang.

Điều 2. Đối tượng áp dụng
Cơ quan, tổ chức, cá nhân tham gia thí điểm.
EOF

# Each writing command gets its own GOPY_SEED: ids stay unique and the goldens stable
# whatever the store does to reseed the generator between processes.
seed=100
g() { seed=$((seed + 1)); GOPY_SEED=$seed "$GOPY" "$@"; }
check "init" g init "$DB"
check "import draft" g import "$DB" "$T/draft.md" --code NQ-TD --title "Nghị quyết về thí điểm chuyển đổi số"
check "delegate A" g delegate "$DB" add A "Nguyễn Văn An" --unit "Sở Tài chính"
check "delegate B" g delegate "$DB" add B "Trần Thị Bình" --unit "Sở Tư pháp"
check "delegate C" g delegate "$DB" add C "Lê Văn Cường" --unit "UBND huyện Tam Đảo"
check "delegate D" g delegate "$DB" add D "Phạm Thị Dung" --unit "Sở Y tế"
check "delegate TK" g delegate "$DB" add TK "Đỗ Thư Ký" --unit "Văn phòng" --role secretary

cm() { # VAR ARGS...: add a comment (args after DB), its id into VAR
	local var=$1 id
	shift
	seed=$((seed + 1))
	id=$(GOPY_SEED=$seed "$GOPY" comment "$DB" --doc NQ-TD "$@") || not_ok "comment $*"
	printf -v "$var" '%s' "$id"
}
cm G1 --as C "Dự thảo cần ngắn gọn hơn, tránh trùng lặp."
cm R1 --section "Điều 1" --as A "Làm rõ phạm vi điều chỉnh."
cm RP1 --reply-to "$R1" --as B "Đồng ý, cần nêu rõ cơ quan nào."
cm RP2 --reply-to "$RP1" --as A "Cảm ơn đồng chí."
cm Q --section "Điều 1 khoản 1" --as B - < <("$PY" "$CHECK" text quoted)
cm DEL --section "Điều 1" --as C "BỊ XÓA: ý kiến rút lại."
cm H --section "Điều 2" --as B - < <("$PY" "$CHECK" text hostile)
for v in G1 R1 RP1 RP2 Q DEL H; do
	case "${!v}" in [1-9]*) ok "comment $v added" ;; *) not_ok "comment $v added" "${!v}" ;; esac
done
# Bulk: a new author by name and unit, the same point from two units (for --group-same), a
# formula, dispositions and responses.
{
	echo "id,doc,section,author,unit,body,created_at,reply_to,disposition,response,handled_by,entered_by"
	echo "x1,NQ-TD,Điều 2,C,,Bổ sung đối tượng là doanh nghiệp.,2026-05-02T09:00:00Z,,accepted,Đã bổ sung vào Điều 2.,TK,"
	echo "x2,NQ-TD,Điều 2,Hoàng Văn Em,Sở Nội vụ,\"bổ sung đối tượng là DOANH NGHIỆP\",2026-05-02T09:10:00Z,,accepted,Đã bổ sung vào Điều 2.,TK,"
	printf '%s\n' "x3,NQ-TD,Điều 2,A,,\"$("$PY" "$CHECK" text formula | sed 's/"/""/g')\",2026-05-02T09:20:00Z,,explained,Không phải nội dung của Nghị quyết.,TK,"
	echo "x4,NQ-TD,,D,,Đề nghị bổ sung điều khoản chuyển tiếp.,2026-05-02T09:30:00Z,,escalated,,TK,TK"
	echo "x5,NQ-TD,,B,,Trả lời: đồng ý.,2026-05-02T09:40:00Z,x4,,,,"
} >"$T/comments.csv"
check "import-comments" g import-comments "$DB" "$T/comments.csv"
# Dispositions and a deletion without a CLI command: plain SQL, as other tools would.
db_sql "$DB" "UPDATE comment SET disposition = 2, response = 'Tiếp thu một phần:
bổ sung cụm từ \"các cơ quan\".', handled_by = (SELECT id FROM delegate WHERE code = 'TK'),
	handled_at = '2026-05-03T10:00:00Z' WHERE id = $R1;
	UPDATE comment SET deleted_at = '2026-05-03T11:00:00Z' WHERE id = $DEL"
[ $? -eq 0 ] && ok "dispositions and deletion by SQL" || not_ok "dispositions and deletion by SQL"

# Rows of the full report: general G1, x4 | Điều 1: R1 | khoản 1: quoted | Điều 2: hostile,
# x1, x2, x3 → 8 rows, 8 thread roots; comments: 8 roots + 3 replies = 11 records.
ROWS=8 RECORDS=11
HEAD=(--date 2026-05-04 --issuer "Sở Thông tin và Truyền thông" --place "Vĩnh Yên")

for fmt in txt md csv html json docx xlsx; do
	run "$GOPY" export "$DB" --doc NQ-TD --format "$fmt" "${HEAD[@]}"
	expect_eq "export $fmt exits 0" "0" "$rc"
	"$GOPY" export "$DB" --doc NQ-TD --format "$fmt" "${HEAD[@]}" -o "$T/report.$fmt"
	case $fmt in docx | xlsx) ;; *) # binary: read by check_office.py below, not compared
	if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
		mkdir -p "$GOLDEN"
		cp "$T/report.$fmt" "$GOLDEN/report.$fmt"
	fi
	if cmp -s "$T/report.$fmt" "$GOLDEN/report.$fmt"; then ok "$fmt matches golden"; else
		not_ok "$fmt matches golden" "$(diff "$GOLDEN/report.$fmt" "$T/report.$fmt" | head -n 30)"; fi
	esac
	"$GOPY" export "$DB" --doc NQ-TD --format "$fmt" "${HEAD[@]}" >"$T/stdout.$fmt"
	check "$fmt: -o writes the same bytes as stdout" cmp "$T/report.$fmt" "$T/stdout.$fmt"
	"$GOPY" export "$DB" --doc NQ-TD --format "$fmt" "${HEAD[@]}" >"$T/again.$fmt"
	check "$fmt: same input, same bytes" cmp "$T/report.$fmt" "$T/again.$fmt"
done

pycheck csv "$T/report.csv" $RECORDS fixture
pycheck json "$T/report.json" $ROWS fixture
cmark-gfm -e table "$T/report.md" >"$T/report.md.html"
pycheck md "$T/report.md.html" $ROWS fixture
pycheck html "$T/report.html" $ROWS fixture
pycheck txt "$T/report.txt" 132
officecheck docx "$T/report.docx" $ROWS fixture
officecheck xlsx "$T/report.xlsx" $ROWS fixture
officecheck same "$T/report.html" "$T/report.md.html" "$T/report.docx" "$T/report.xlsx"

r=$(cat "$T/report.txt")
expect_contains "txt header: issuer in capitals" "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" "$r"
expect_contains "txt header: motto" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "$r"
expect_contains "txt header: place and date" "Vĩnh Yên, ngày 04 tháng 5 năm 2026" "$r"
expect_contains "txt title" "ĐỐI VỚI DỰ THẢO NGHỊ QUYẾT VỀ THÍ ĐIỂM CHUYỂN ĐỔI SỐ" "$r"
expect_contains "txt figures: consulted (secretary excluded)" "5 đại biểu thuộc 5 đơn vị" "$r"
expect_contains "txt figures: received" "8 ý kiến (và 3 ý kiến trao đổi, trả lời) của 5 đại biểu" "$r"
expect_contains "txt counts: partly" "Tiếp thu một phần: 1" "$r"
expect_contains "txt counts: pending" "Chưa xử lý: 3" "$r"
expect_contains "txt reply attributed under its root" "| ↳ Trần Thị Bình (Sở Tư pháp): Đồng ý" "$r"
expect_contains "txt signature" "ĐẠI DIỆN CƠ QUAN CHỦ TRÌ" "$r"
case "$r" in *"BỊ XÓA"*) not_ok "deleted comment absent" ;; *) ok "deleted comment absent" ;; esac
# Order of groups: general, Điều 1, khoản 1 Điều 1, Điều 2; labels as cited, capitalised.
order=$(grep -oE '^\| (Góp ý chung|Điều|Khoản)[^—|]*' "$T/report.txt" | sed 's/ *$//' | tr '\n' ';')
expect_eq "txt groups in document order" "| Góp ý chung về dự thảo;| Điều 1;| Khoản 1 Điều 1;| Điều 2;" "$order"
stt=$(grep -oE '^\| [0-9]+ ' "$T/report.txt" | tr -d '| ' | tr '\n' ' ')
expect_eq "txt an STT for every comment row" "1 2 3 4 5 6 7 8 " "$stt"
case "$r" in *"Đỗ Thư Ký, 2026"* | *"dòng của bảng"*) not_ok "no handler, date or self-check in the body" ;;
*) ok "no handler, date or self-check in the body" ;; esac
run "$GOPY" export "$DB" --doc NQ-TD "${HEAD[@]}" --audit
expect_contains "--audit: handler and date in the response cell" "(Đỗ Thư Ký, 2026-05-03)" "$out"
# Who typed each comment: the secretary typed x4 for Phạm Thị Dung.
typed=$("$PY" -c 'import csv,sys; print(";".join(r["author"]+">"+r["entered_by"] for r in csv.DictReader(open(sys.argv[1],encoding="utf-8-sig")) if r["entered_by"]))' "$T/report.csv")
expect_eq "csv says who typed each comment" "Phạm Thị Dung>Đỗ Thư Ký" "$typed"
typed=$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(";".join(c["author"]+">"+c["entered_by"] for g in d["groups"] for r in g["rows"] for c in r["members"]+r["replies"] if c["entered_by"]))' "$T/report.json")
expect_eq "json says who typed each comment" "Phạm Thị Dung>Đỗ Thư Ký" "$typed"

# --width
"$GOPY" export "$DB" --doc NQ-TD "${HEAD[@]}" --width 72 >"$T/narrow.txt"
pycheck txt "$T/narrow.txt" 72

# Filters and --group-same (row counts through the json).
rows_of() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["counts"]["rows"], d["counts"]["comments"], d["counts"]["replies"])' "$1"; }
"$GOPY" export "$DB" --doc NQ-TD --format json "${HEAD[@]}" --pending -o "$T/f.json"
expect_eq "--pending: the 3 pending rows (no replies among them)" "3 3 0" "$(rows_of "$T/f.json")"
"$GOPY" export "$DB" --doc NQ-TD --format json "${HEAD[@]}" --section "dieu 1" -o "$T/f.json"
expect_eq "--section Điều 1 includes its khoản" "2 2 2" "$(rows_of "$T/f.json")"
"$GOPY" export "$DB" --doc NQ-TD --format json "${HEAD[@]}" --unit "so tu phap" -o "$T/f.json"
expect_eq "--unit folded" "2 2 0" "$(rows_of "$T/f.json")"
"$GOPY" export "$DB" --doc NQ-TD --format json "${HEAD[@]}" --group-same -o "$T/f.json"
expect_eq "--group-same merges the two units' identical point" "7 8 3" "$(rows_of "$T/f.json")"
pycheck json "$T/f.json" 7 fixture
"$GOPY" export "$DB" --doc NQ-TD --format md "${HEAD[@]}" --group-same -o "$T/g.md"
cmark-gfm -e table "$T/g.md" >"$T/g.md.html"
pycheck md "$T/g.md.html" 7 fixture
expect_contains "--group-same lists both authors in one row" \
	"| Lê Văn Cường (UBND huyện Tam Đảo) / Hoàng Văn Em (Sở Nội vụ) |" "$(cat "$T/g.md")"
"$GOPY" export "$DB" --doc NQ-TD --format docx "${HEAD[@]}" --group-same -o "$T/g.docx"
officecheck docx "$T/g.docx" 7 fixture
"$GOPY" export "$DB" --doc NQ-TD --format xlsx "${HEAD[@]}" --group-same -o "$T/g.xlsx"
officecheck xlsx "$T/g.xlsx" 7 fixture
# An empty extract is still a well-formed document.
"$GOPY" export "$DB" --doc NQ-TD --format docx "${HEAD[@]}" --unit "không có đơn vị này" -o "$T/e.docx"
officecheck docx "$T/e.docx" 0
"$GOPY" export "$DB" --doc NQ-TD --format xlsx "${HEAD[@]}" --unit "không có đơn vị này" -o "$T/e.xlsx"
officecheck xlsx "$T/e.xlsx" 0
run "$GOPY" export "$DB" --doc NQ-TD --pending --format md "${HEAD[@]}"
expect_contains "filtered report says it is an extract" "Bản trích: chỉ các ý kiến chưa xử lý" "$out"

# Exit statuses and messages.
run "$GOPY" export "$DB" --doc NOPE
expect_eq "unknown doc exits 1" "1" "$rc"
expect_contains "unknown doc message" "no document with code 'NOPE'" "$err"
expect_eq "unknown doc writes nothing" "" "$out"
run "$GOPY" export "$DB" --doc NQ-TD --format pdf
expect_eq "bad --format exits 2" "2" "$rc"
expect_contains "bad --format message" "unknown report format 'pdf'" "$err"
run "$GOPY" export "$DB"
expect_eq "missing --doc exits 2" "2" "$rc"
run "$GOPY" export "$DB" --doc NQ-TD --date 2026-13-01
expect_eq "bad --date exits 2" "2" "$rc"
run "$GOPY" export "$DB" --doc NQ-TD --width 10
expect_eq "bad --width exits 2" "2" "$rc"
run "$GOPY" export "$DB" --doc NQ-TD --section "Điều 99"
expect_eq "unknown section exits 1" "1" "$rc"
expect_contains "unknown section message" "Điều 99" "$err"
run "$GOPY" export "$T/none.db" --doc NQ-TD
expect_eq "missing database exits 1" "1" "$rc"
run "$GOPY" export "$DB" --doc NQ-TD --bogus
expect_eq "unknown option exits 2" "2" "$rc"
"$GOPY" export "$DB" --doc NQ-TD --format csv "${HEAD[@]}" -o - >"$T/dash.csv"
check "-o - writes to stdout" cmp "$T/dash.csv" "$T/report.csv"
if [ -w /dev/full ]; then
	"$GOPY" export "$DB" --doc NQ-TD >/dev/full 2>"$T/full.err"
	expect_eq "write error on stdout exits 1" "1" "$?"
fi

# docx and xlsx build their parts in $TMPDIR: when it cannot be written, one line and no file.
for fmt in docx xlsx; do
	printf 'OLD\n' >"$T/old.$fmt"
	run env TMPDIR="$T/no-such-dir" "$GOPY" export "$DB" --doc NQ-TD --format $fmt "${HEAD[@]}" -o "$T/old.$fmt"
	expect_eq "$fmt: unwritable TMPDIR exits 1" "1" "$rc"
	expect_eq "$fmt: unwritable TMPDIR says so" "gopy: cannot create a temporary file in $T/no-such-dir: No such file or directory" "$err"
	expect_eq "$fmt: unwritable TMPDIR leaves the old file" "OLD" "$(cat "$T/old.$fmt")"
done
run "$GOPY" export "$DB" --doc NQ-TD --format docx </dev/null
expect_eq "docx to a pipe is allowed" "0" "$rc"
if command -v script >/dev/null; then # a terminal on standard output: refused, usage error
	out=$(script -qec "$(printf '%q ' "$GOPY" export "$DB" --doc NQ-TD --format xlsx)" /dev/null </dev/null)
	expect_eq "xlsx to a terminal exits 2" "2" "$?"
	expect_contains "xlsx to a terminal says to use -o" "export: xlsx is a file format, not for the terminal; write it with -o FILE" "$out"
fi

# -o is atomic: a failing export leaves an existing file as it was, and no temporary file.
mkdir -p "$T/out"
printf 'OLD REPORT\n' >"$T/out/report.html"
run "$GOPY" export "$DB" --doc NOPE --format html -o "$T/out/report.html"
expect_eq "failed -o exits 1" "1" "$rc"
expect_eq "failed -o leaves the old file" "OLD REPORT" "$(cat "$T/out/report.html")"
expect_eq "failed -o leaves no temporary file" "report.html" "$(ls -A "$T/out")"
run "$GOPY" export "$DB" --doc NQ-TD --format html -o "$T/missing-dir/report.html"
expect_eq "-o into a missing directory exits 1" "1" "$rc"
expect_contains "-o error names the file" "missing-dir/report.html" "$err"
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null && runuser -u nobody -- true 2>/dev/null; then
	cp "$GOPY" "$T/gopy-nobody" # the build tree may be in a folder nobody cannot enter
	# Root ignores permissions: try as nobody, with the database in a directory of its own
	# (opening it needs to write beside it) and the output into a read-only directory.
	# (on a server, nobody reaches the same database through its socket)
	NB=$T/nb/r.db
	on_server && NB=$DB
	mkdir -p "$T/ro" "$T/nb" && { on_server || cp "$DB" "$NB"; } && chown -R nobody "$T/nb" && printf 'OLD\n' >"$T/ro/r.txt"
	chmod 555 "$T/ro" && chmod 644 "$T/ro/r.txt" && chmod 755 "$T"
	runuser -u nobody -- "$T/gopy-nobody" export "$NB" --doc NQ-TD -o "$T/ro/r.txt" 2>"$T/ro.err"
	expect_eq "-o into an unwritable directory exits 1" "1" "$?"
	expect_contains "unwritable directory: the error is about the output" "ro/r.txt" "$(cat "$T/ro.err")"
	expect_eq "unwritable directory: old file untouched" "OLD" "$(cat "$T/ro/r.txt")"
	expect_eq "unwritable directory: nothing added" "r.txt" "$(ls -A "$T/ro")"
	runuser -u nobody -- "$T/gopy-nobody" export "$NB" --doc NQ-TD "${HEAD[@]}" -o "$T/nb/r.txt" 2>"$T/nb.err"
	expect_eq "as nobody into its own directory exits 0" "0" "$?"
	check "as nobody: the report" cmp "$T/nb/r.txt" "$T/report.txt"
	chmod 755 "$T/ro"
fi
run "$GOPY" export "$DB" --doc NQ-TD --format html "${HEAD[@]}" -o "$T/out/report.html"
expect_eq "successful -o replaces the file" "0" "$rc"
check "replaced file is the report" cmp "$T/out/report.html" "$T/report.html"
expect_eq "successful -o leaves only the report" "report.html" "$(ls -A "$T/out")"

run "$GOPY" export --help
expect_eq "export --help exits 0" "0" "$rc"
expect_contains "export --help lists the options" "--group-same" "$out"

# Defaults: no --issuer/--place/--date: placeholders and GOPY_NOW's date.
run "$GOPY" export "$DB" --doc NQ-TD
expect_contains "default date from the clock (GOPY_NOW)" "ngày 04 tháng 5 năm 2026" "$out"
expect_contains "placeholder place" "……………, ngày" "$out"
