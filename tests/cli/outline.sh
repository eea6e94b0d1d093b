#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# outline.sh — drafts in the đề án / Party form and the mixed form through the command line:
# every level is a section with its citation, --section takes a citation, a label, a heading
# (without diacritics) or a path, ambiguity lists the candidates, and the report, list and
# import-comments use the same citations.
# engines: both
. "$(dirname "$0")/../lib.sh"
C=$ROOT/tests/outline/corpus
new_db DB o
$GOPY init "$DB" >/dev/null
$GOPY delegate "$DB" add TU-01 "Nguyễn Văn An" --unit "Văn phòng Tỉnh ủy" >/dev/null
run $GOPY import "$DB" "$C/de-an.txt" --code DA
expect_eq "đề án: every level is a section" "imported DA: 41 sections — ỦY BAN NHÂN DÂN TỈNH BẮC SƠN" "$out"
$GOPY import "$DB" "$C/nq-hdnd.txt" --code NQ >/dev/null
$GOPY import "$DB" "$C/de-an.md" --code DAMD >/dev/null

# the text and Markdown drafts give the same sections and citations
tree() { $GOPY list "$DB" --doc "$1" --format tsv | cut -f2-6,10; }
expect_eq "text and Markdown: same tree" "$(tree DA)" "$(tree DAMD)"

# --section forms: each comment lands on the section whose citation we expect
place() { # expected-citation section-argument
	run $GOPY comment "$DB" --doc "${3:-DA}" --section "$2" --as TU-01 "góp ý: $2"
	if [ "$rc" -ne 0 ]; then not_ok "--section '$2'" "$err"; return; fi
	local got
	got=$($GOPY list "$DB" --doc "${3:-DA}" --comments --format tsv | awk -F'\t' -v b="góp ý: $2" '$10 == b { print $4 }')
	expect_eq "--section '$2' → $1" "$1" "$got"
}
place "mục II Phần thứ hai" "mục II Phần thứ hai"
place "mục II Phần thứ hai" "Muc II phan thu hai"
place "gạch đầu dòng thứ hai điểm b khoản 2 mục II Phần thứ hai" "gạch đầu dòng thứ hai điểm b khoản 2 mục II Phần thứ hai"
place "gạch đầu dòng thứ hai điểm b khoản 2 mục II Phần thứ hai" "Phần thứ hai/II/2/b/-2"
place "điểm a khoản 2.1 mục I Phần thứ hai" "Phần thứ hai/I/2/2.1/a"
place "khoản 2 mục I Phần thứ hai" "muc tieu cu the"
place "dấu cộng thứ nhất gạch đầu dòng thứ hai điểm a khoản 1 mục II Phần thứ nhất" "phan thu nhat/ii/1/a/2/+1"
place "Phần thứ ba" "Phần thứ ba"
place "Phần mở đầu" "phần mở đầu"
place "khoản 1 mục II Điều 1" "Điều 1/II/1" NQ
place "khoản 1 mục II Điều 1" "khoản 1 mục II Điều 1" NQ
place "gạch đầu dòng thứ hai khoản 1 mục II Điều 1" "Điều 1/II/1/2" NQ
place "khoản 2 Điều 2" "Điều 2 khoản 2" NQ

# ambiguity: an error that names every candidate; nothing is added
n0=$($GOPY list "$DB" --doc DA --comments --format tsv | wc -l)
run $GOPY comment "$DB" --doc DA --section "Mục II" --as TU-01 "mơ hồ"
expect_eq "ambiguous label: exit 1" 1 "$rc"
expect_contains "ambiguous label: lists mục II Phần thứ nhất" "mục II Phần thứ nhất" "$err"
expect_contains "ambiguous label: lists mục II Phần thứ hai" "mục II Phần thứ hai" "$err"
run $GOPY comment "$DB" --doc DA --section "Khoản 1" --as TU-01 "mơ hồ"
expect_contains "ambiguous clause: lists khoản 1 mục I Phần thứ ba" "khoản 1 mục I Phần thứ ba" "$err"
run $GOPY comment "$DB" --doc DA --section "II/1" --as TU-01 "mơ hồ"
expect_contains "ambiguous path: lists both" "khoản 1 mục II Phần thứ nhất; khoản 1 mục II Phần thứ hai" "$err"
run $GOPY comment "$DB" --doc DA --section "Phần thứ hai/IX" --as TU-01 "không có"
expect_eq "unknown path: exit 1" 1 "$rc"
expect_eq "errors add nothing" "$n0" "$($GOPY list "$DB" --doc DA --comments --format tsv | wc -l)"

# the report's first column cites the section in the document's form
run $GOPY export "$DB" --doc DA --format csv
expect_contains "report cites mục II Phần thứ hai" "mục II Phần thứ hai" "$out"
expect_contains "report cites the dash item" "gạch đầu dòng thứ hai điểm b khoản 2 mục II Phần thứ hai" "$out"
run $GOPY export "$DB" --doc DA --format txt --section "Phần thứ hai/II"
expect_contains "export --section takes a path" "mục II Phần thứ hai" "$out"
case "$out" in *"Phần thứ nhất"*) not_ok "export --section: only that subtree" "$out" ;; *) ok "export --section: only that subtree" ;; esac

# list: the citation column
expect_contains "list tsv has the citation column" $'\tkhoản 2.2 mục I Phần thứ hai' "$($GOPY list "$DB" --doc DA --format tsv)"

# import-comments: the section column takes the same forms; one bad row refuses the file
cat >"$T/c.csv" <<'CSV'
doc,section,author,body
DA,mục II Phần thứ hai,TU-01,CSV theo trích dẫn
DA,Phần thứ hai/II/2/b/-2,TU-01,CSV theo đường dẫn
NQ,Điều 1/II/1,TU-01,CSV điều có mục
DA,phat trien nguon nhan luc,TU-01,CSV theo tiêu đề
CSV
run $GOPY import-comments "$DB" "$T/c.csv"
expect_eq "import-comments: citations and paths" 0 "$rc"
got=$($GOPY list "$DB" --comments --doc DA --format tsv | awk -F'\t' '$10 ~ /^CSV/ { print $4 "=" $10 }')
expect_eq "import-comments: placed" "khoản 3 mục II Phần thứ hai=CSV theo tiêu đề
mục II Phần thứ hai=CSV theo trích dẫn
gạch đầu dòng thứ hai điểm b khoản 2 mục II Phần thứ hai=CSV theo đường dẫn" "$(printf '%s\n' "$got" | sort -t= -k2)"
printf 'doc,section,author,body\nDA,mục II Phần thứ hai,TU-01,tốt\nDA,Mục I,TU-01,mơ hồ\n' >"$T/bad.csv"
run $GOPY import-comments "$DB" "$T/bad.csv"
expect_eq "import-comments: ambiguous row refuses the file" 1 "$rc"
expect_contains "import-comments: names the candidates" "mục I Phần thứ nhất" "$err"

# d and đ are two letters: a citation or path typed with marks names one point; typed
# without, both (ambiguous)
printf 'Điều 1. Thử\n1. Khoản\nd) Điểm d\nđ) Điểm đ\n' >"$T/dd.txt"
$GOPY import "$DB" "$T/dd.txt" --code DD >/dev/null
place "điểm đ khoản 1 Điều 1" "điểm đ khoản 1 Điều 1" DD
place "điểm d khoản 1 Điều 1" "điểm d khoản 1 Điều 1" DD
place "điểm đ khoản 1 Điều 1" "Điều 1/1/đ" DD
run $GOPY comment "$DB" --doc DD --section "diem d khoan 1 dieu 1" --as TU-01 "mơ hồ"
expect_contains "without marks d and đ are both named" "điểm d khoản 1 Điều 1; điểm đ khoản 1 Điều 1" "$err"

# a "-N" step names only the N-th dash item of its parent, "+N" only the N-th plus item:
# never a clause or point with that number (mục II Phần thứ hai has khoản 1 and 2, no dash)
for s in "Phần thứ hai/II/-2" "Phần thứ hai/II/+1" "Phần thứ hai/II/2/b/+1" "phan thu nhat/ii/1/a/+2" "Phần thứ hai/II/2/-1"; do
	run $GOPY comment "$DB" --doc DA --section "$s" --as TU-01 "không có: $s"
	expect_eq "--section '$s': exit 1" 1 "$rc"
	expect_contains "--section '$s': no section" "no section" "$err"
done
expect_eq "sign steps add nothing" 0 "$($GOPY list "$DB" --doc DA --comments --format tsv | grep -c 'không có: ')"
place "dấu cộng thứ nhất gạch đầu dòng thứ hai điểm a khoản 1 mục II Phần thứ nhất" "phan thu nhat/ii/1/a/-2/+1"

# a part written "Phần thứ hai" is also "Phần II" and "Phần 2", as a label, at the start of
# a path, in a citation and in a path of labels; and a part written "Phần II" is "Phần thứ hai"
place "Phần thứ hai" "Phần II"
place "Phần thứ hai" "phan 2"
place "khoản 1 mục II Phần thứ hai" "Phần II/II/1"
place "khoản 2 mục II Phần thứ hai" "Phần 2/II/2"
place "mục II Phần thứ hai" "mục II Phần II"
place "khoản 2 mục I Phần thứ ba" "khoan 2 muc i phan iii"
place "mục II Phần thứ nhất" "Phần I Mục II"
printf 'Phần I. CHUNG\nI. MỤC MỘT\n1. Khoản một\nPhần II. RIÊNG\nI. MỤC HAI\n1. Khoản hai\n2. Khoản ba\nPhần IV. CUỐI\n' >"$T/roman.txt"
$GOPY import "$DB" "$T/roman.txt" --code PR >/dev/null
place "Phần II" "Phần thứ hai" PR
place "Phần II" "phan thu hai" PR
place "khoản 2 mục I Phần II" "Phần thứ hai/I/2" PR
place "khoản 1 mục I Phần I" "khoản 1 mục I Phần thứ nhất" PR
place "Phần IV" "Phần thứ tư" PR
place "Phần IV" "Phần thứ bốn" PR
place "Phần IV" "Phần 4" PR
run $GOPY comment "$DB" --doc PR --section "Phần thứ ba" --as TU-01 "không có"
expect_eq "no Phần thứ ba: exit 1" 1 "$rc"
