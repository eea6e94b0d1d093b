#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# compare.sh — draft rounds in the TUI (issue 11), headless: the compare view of the whole
# document and of one section between lần 1 and lần 2 of tests/cli/data/versions (an article
# inserted at the start, a khoản split, two articles merged, one deleted, a chapter moved, one
# syllable's diacritic edited), in colour (cells of deleted and inserted words marked - and +
# by @dumpattr) and without (NO_COLOR: [-…-] {+…+}), side by side at 200x50 and one above the
# other at 80x24, in English and Vietnamese; ] and [ between changes; the comments that led
# to a change beside it with their disposition; the reader's Δ marks, the earlier rounds'
# comments (E), and the version chosen with V, to which new comments then go.
# Regenerate the goldens with GOPY_UPDATE_GOLDEN=1 after reading the diff (tests/ui/README.md).
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"
. "$ROOT/tests/cli/data/helpers.bash"

V=$DATA/versions
new_db DB r
{
	g init "$DB" >/dev/null &&
		g import "$DB" "$V/lan1.txt" --code NQ-CDS >/dev/null &&
		g delegate "$DB" add DB1 "Nguyễn Văn An" --unit "Sở Tài chính" >/dev/null &&
		g comment "$DB" --doc NQ-CDS --section "khoản 2 Điều 2" --as DB1 "Nên tách hợp tác xã thành khoản riêng." >/dev/null &&
		g comment "$DB" --doc NQ-CDS --section "Điều 10" --as DB1 "Sửa lỗi chính tả ở câu cuối." >/dev/null &&
		g comment "$DB" --doc NQ-CDS --section "Điều 4" --as DB1 "Gộp hai điều về hạ tầng." >/dev/null &&
		g import "$DB" "$V/lan2.txt" --code NQ-CDS --revision --label "Dự thảo lần 2" >/dev/null
} || { not_ok "build the two versions"; exit 1; }
db_sql "$DB" "UPDATE comment SET disposition = 1, response = 'Đã tách thành khoản 3 Điều 3.' WHERE body LIKE 'Nên tách%';
               UPDATE comment SET disposition = 2 WHERE body LIKE 'Gộp%'"

# ---- goldens: the whole document and one section, colour and none, two sizes, two languages --
doc_script() { # prefix
	cat <<-KEYS
	D
	@dumpattr $1-doc
	]]]]
	@dumpattr $1-doc-change4
	q
	/Đối tượng<Enter>
	d
	@dumpattr $1-section
	q
	@dump $1-reader
	/thông quá<Enter>
	E
	@dump $1-earlier
	q
	q
	KEYS
}
for lang in en vi; do
	for size in 80x24 200x50; do
		for col in color mono; do
			p=$T/compare-$lang-$size-$col
			doc_script "$p" >"$T/keys"
			if [ $col = mono ]; then
				NO_COLOR=1 LANGUAGE=$lang tui "$size" "$T/keys" "$DB" --as DB1 --doc NQ-CDS
			else
				LANGUAGE=$lang tui "$size" "$T/keys" "$DB" --as DB1 --doc NQ-CDS
			fi
			expect_eq "$lang $size $col: exit 0, nothing on stderr" "0|" "$rc|$err"
			for view in doc doc-change4 section; do
				golden "compare-$lang-$size-$col-$view" "$p-$view"
			done
			[ $col = mono ] || continue
			for view in reader earlier; do
				golden "compare-$lang-$size-$view" "$p-$view"
			done
		done
	done
done
for size in 80x24 200x50; do
	bad=$(too_wide "${size%x*}" "$T"/compare-*-"$size"-*)
	expect_eq "$size: no row wider than the screen" "" "$bad"
done
english=$(cat "$T"/compare-vi-* | grep -oiE '\b(comments?|pending|accepted|changes?|unchanged|renumbered|edited|split|merged|moved|removed|new|version)\b' |
	sort -u | tr '\n' ' ')
expect_eq "the Vietnamese compare screens have no English interface word" "" "$english"

# ---- what the screens say, checked apart from the goldens -------------------------------------
M=$T/compare-en-80x24-mono
C=$T/compare-en-200x50-color
expect_contains "no colour: a diacritic edit in git's markers" "thông [-qua-]" "$(cat "$M-section" "$M-doc" "$M-doc-change4")$(
	NO_COLOR=1 tui 80x24 <(printf '/thông quá<Enter>\nd\n@dump %s\n' "$T/x-dau") "$DB" --doc NQ-CDS; cat "$T/x-dau")"
expect_contains "…and the new syllable" "thông {+quá+}" "$(cat "$T/x-dau")"
expect_contains "the split khoản: the old text's deleted words" "tỉnh[-, hợp-] tác xã" "$(cat "$M-section")"
expect_contains "the split khoản: the new text's inserted words" "tỉnh{+." "$(cat "$M-section")"
expect_contains "the split is labelled with both parts" "khoản 2 Điều 2 → khoản 2 Điều 3, khoản 3 Điều 3 · split" "$(cat "$M-section")"
expect_contains "the comment that led to the split, with its disposition" "[accepted] Nguyễn Văn An" "$(cat "$M-section")"
expect_contains "…and its response" "→ Đã tách thành khoản 3" "$(cat "$M-section")"
expect_contains "one above the other at 80 columns: old rows marked -" " - Doanh nghiệp" "$(cat "$M-section")"
expect_contains "…new rows marked +" " + Doanh nghiệp" "$(cat "$M-section")"
expect_contains "a renumbered article with the same text" "Điều 2 → Điều 3 · renumbered (text unchanged)" "$(cat "$M-doc")"
expect_contains "a new article" "Điều 1 · new" "$(cat "$M-doc")"
expect_contains "unchanged sections summarised" "⋯ 2 unchanged sections" "$(cat "$M-doc")"
expect_contains "side by side at 200 columns: old │ new on one row" "Mạng viễn thông" "$(grep -F '│ Hạ tầng viễn thông và dữ liệu' "$C-doc-change4")"
expect_contains "with colour no markers but coloured cells: deleted" "----" "$(grep -A1 -F 'Mạng viễn thông' "$C-doc-change4" | tail -n 1)"
expect_contains "…and inserted" "+++++++" "$(grep -A1 -F 'Mạng viễn thông' "$C-doc-change4" | tail -n 1)"
check_fail "with colour, no [- -] markers" grep -qF -- "[-" "$C-doc" "$C-doc-change4" "$C-section"
expect_contains "the status line counts the changes" "change 4 of 14" "$(cat "$M-doc-change4")"
expect_contains "the reader marks a changed section in text" "Δ split" "$(cat "$M-reader")"
expect_contains "…and a renumbered one" "Δ renumbered" "$(cat "$M-reader")"
expect_contains "the earlier round's comment, its version and disposition" "[pending] Nguyễn Văn An (Sở Tài chính): Sửa lỗi chính tả" "$(cat "$M-earlier")"
expect_contains "…headed by the round and the old label" "version 1 · Điều 10 · edited" "$(cat "$M-earlier")"

# ---- keys: ] [ at the ends, s, z, Enter ----------------------------------------------------------
cat >"$T/keys" <<-KEYS
	D
	[
	@dump $T/k-prev-first
	]
	@dump $T/k-first
	[
	@dump $T/k-back
	G
	]]]]]]]]]]]]]]]]]]
	@dump $T/k-last
	s
	@dump $T/k-side
	g
	z
	@dump $T/k-all
	s
	/viễn thông<Enter>
	@dump $T/k-search
	n
	@dump $T/k-search2
	q
	/Đối tượng<Enter>
	d
	]]
	<Enter>
	@dump $T/k-thread
	q
	q
	q
KEYS
NO_COLOR=1 tui 80x24 "$T/keys" "$DB" --doc NQ-CDS
expect_eq "keys: exit 0" "0|" "$rc|$err"
expect_contains "[ before any change: none before" "no previous change" "$(cat "$T/k-prev-first")"
expect_contains "] goes to the first change" "change 1 of 14" "$(cat "$T/k-first")"
expect_contains "[ from the first: none before" "no previous change" "$(cat "$T/k-back")"
expect_contains "] past the last: none after" "no next change" "$(cat "$T/k-last")"
expect_contains "s at 80 columns: side by side" "│" "$(cat "$T/k-side")"
expect_contains "z shows the unchanged sections in full" "Chương I · unchanged" "$(cat "$T/k-all")"
expect_contains "/ searches both texts (one above the other again: s)" "match 1 of 2 · /viễn thông" "$(tail -n 1 "$T/k-search")"
expect_contains "…and n goes to the next" "match 2 of 2" "$(tail -n 1 "$T/k-search2")"
expect_contains "Enter opens the older section's comments" "comments on khoản 2 Điều 2" "$(head -n 1 "$T/k-thread")"

# ---- one version only; the first version --------------------------------------------------------
g import "$DB" "$V/lan1.txt" --code ONE >/dev/null
NO_COLOR=1 tui 80x24 <(printf 'D\n@dump %s\n' "$T/one") "$DB" --doc ONE
expect_contains "one version: nothing to compare" "ONE has one version only" "$(tail -n 1 "$T/one")"

# ---- V: the version shown, and where new comments go ---------------------------------------------
cat >"$T/keys" <<-KEYS
	V
	@dump $T/v-menu
	<Up><Enter>
	@dump $T/v-shown
	/Đối tượng<Enter>
	jj
	c
	Lần một: ý kiến mới.
	<C-s>
	d
	@dump $T/v-first
	q
KEYS
NO_COLOR=1 tui 80x24 "$T/keys" "$DB" --as DB1 --doc NQ-CDS
expect_eq "V: exit 0" "0|" "$rc|$err"
expect_contains "V lists the versions by label" "Dự thảo lần 2" "$(cat "$T/v-menu")"
expect_contains "…and the unlabelled first one by number" "version 1" "$(cat "$T/v-menu")"
expect_contains "the reader shows version 1" "version 1 of 2" "$(head -n 1 "$T/v-shown")"
expect_contains "…with lần 1's text" "hợp tác xã nông nghiệp và tổ hợp tác sản xuất" "$(cat "$T/v-shown")"
check_fail "…and no change marks (nothing before version 1)" grep -q "Δ" "$T/v-shown"
expect_eq "the new comment went to a section of version 1" "1" \
	"$(db_sql "$DB" "SELECT s.version FROM comment c JOIN section s ON s.id = c.section_id WHERE c.body LIKE 'Lần một%'")"
expect_contains "compare from version 1: nothing before it" "is the first: nothing to compare" "$(tail -n 1 "$T/v-first")"

# ---- three versions: the compare view between lần 1 and lần 3 (V), through lần 2 ----------------
db_copy "$DB" R3 r3
sed -e 's/^Điều 9\. Hiệu lực/Điều 10. Hiệu lực/' \
	-e 's/^Điều 8\. Kinh phí/Điều 8. Kinh phí\nNgân sách trung ương hỗ trợ theo quy định.\n\nĐiều 9. Nguồn vốn khác/' \
	-e 's/bảo đảm định dạng máy đọc được/bảo đảm định dạng máy đọc được và cập nhật hằng quý/' "$V/lan2.txt" >"$T/lan3.txt"
g import "$R3" "$T/lan3.txt" --code NQ-CDS --revision --label "Dự thảo lần 3" >/dev/null
cat >"$T/keys" <<-KEYS
	D
	@dump $T/t-default
	V
	@dump $T/t-menu
	<Up><Enter>
	@dump $T/t-top
	G
	@dump $T/t-end
	q
	q
KEYS
NO_COLOR=1 tui 80x24 "$T/keys" "$R3" --doc NQ-CDS
expect_eq "three versions: exit 0" "0|" "$rc|$err"
expect_contains "by default the version before the newest" "Dự thảo lần 2 → Dự thảo lần 3" "$(head -n 1 "$T/t-default")"
expect_contains "V offers the older versions" "version 1" "$(cat "$T/t-menu")"
expect_contains "lần 1 → lần 3" "version 1 → Dự thảo lần 3" "$(head -n 1 "$T/t-top")"
expect_contains "through lần 2: the article inserted in lần 2 is new" "Điều 1 · new" "$(cat "$T/t-top")"
expect_contains "…the khoản split in lần 2" "khoản 2 Điều 2 → khoản 2 Điều 3, khoản 3 Điều 3 · split" "$(cat "$T/t-top")"
expect_contains "…a khoản kept under a renumbered article" "⋯ 1 unchanged section: khoản 1 Điều 3" "$(cat "$T/t-top")"
expect_contains "…the diacritic edited in lần 2, renumbered twice" "Điều 10 · edited" "$(cat "$T/t-end")"
expect_contains "…its text" "thông {+quá+}" "$(cat "$T/t-end")"
expect_contains "…and the lần 1 comment that led to it" "Sửa lỗi chính tả" "$(cat "$T/t-end")"

# ---- hostile text from the database never reaches the terminal raw --------------------------------
db_sql "$R3" "UPDATE comment SET body = 'Sửa ' || $(sql_chr 27) || ']0;pwned' || $(sql_chr 7) || ' lỗi', response = $(sql_chr 27) || '[2J xoá' WHERE body LIKE 'Sửa lỗi%';
                    UPDATE section SET body = body || $(sql_chr 27) || '[31m' WHERE label = 'Điều 10' AND version = 3"
NO_COLOR=1 tui 80x24 <(printf '/thông quá<Enter>\nd\n@dump %s\nq\nE\n@dump %s\n' "$T/h-cmp" "$T/h-earlier") "$R3" --doc NQ-CDS
check_fail "hostile: no escape character on the compare screen" grep -qP '\x1b|\x07' "$T/h-cmp" "$T/h-earlier"
expect_contains "hostile: an escape in the section's text shown as a visible ␛" "{+␛[31m+}" "$(cat "$T/h-cmp")"
expect_contains "hostile: …in a comment of an earlier round" "Sửa ␛]0;pwned" "$(cat "$T/h-earlier")"
expect_contains "hostile: …and in its response" "␛[2J xoá" "$(cat "$T/h-earlier")"

# ---- many comments under one change; Enter on a merge asks which older section ---------------------
db_copy "$DB" RM rm
for i in 1 2 3 4 5 6 7 8; do
	g comment "$RM" --doc NQ-CDS --version 1 --section "Điều 4" --as DB1 "Ý kiến số $i về mạng viễn thông." >/dev/null
done
cat >"$T/keys" <<-KEYS
	D
	/Mạng viễn<Enter>
	jjjjjjjjjjjj
	@dump $T/m-doc
	<Enter>
	@dump $T/m-menu
	j<Enter>
	@dump $T/m-thread
	q
	q
	/Hạ tầng viễn<Enter>
	d
	@dump $T/m-section
KEYS
NO_COLOR=1 tui 80x24 "$T/keys" "$RM" --as DB1 --doc NQ-CDS
expect_eq "many comments: exit 0" "0|" "$rc|$err"
expect_contains "the whole document shows a few comments under a change, and how many more" "⋯ 3 more comments (Enter opens them all)" "$(cat "$T/m-doc")"
expect_contains "Enter on a merge: a menu of the older sections" "Điều 5" "$(cat "$T/m-menu")"
expect_contains "…the one picked opens" "comments on Điều 5" "$(head -n 1 "$T/m-thread")"
check_fail "one section's compare shows them all" grep -q "more comments" "$T/m-section"
