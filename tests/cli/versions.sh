#!/usr/bin/env bash
# versions.sh — draft rounds: `import --revision` adds a version (lần 2) of a document; the
# sections of the two versions are aligned as a person would (an article inserted at the start
# renumbers the rest, a khoản split in two, two articles merged, an article deleted, a chapter
# moved, one syllable edited in its diacritics only); every comment made on lần 1 is shown on the
# section of lần 2 that continues its section; older versions stay readable and exportable; the
# alignment is corrected by hand; a file of schema 5 opens with each document as its version 1.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
V=$DATA/versions
new_db DB review
g init "$DB" >/dev/null
g import "$DB" "$V/lan1.txt" --code NQ-CDS >/dev/null
g delegate "$DB" add DB1 "Nguyễn Văn An" --unit "Sở Tài chính"
# one comment on each section the scenarios touch, made on lần 1; the body names the section
for s in "Điều 1" "khoản 1 Điều 2" "khoản 2 Điều 2" "Điều 4" "Điều 5" "Điều 6" "Chương II" "Điều 7" "Điều 10"; do
	g comment "$DB" --doc NQ-CDS --section "$s" --as DB1 "lần 1: $s" >/dev/null || not_ok "comment on $s"
done
gv GEN comment "$DB" --doc NQ-CDS --as DB1 "lần 1: chung"
g comment "$DB" --doc NQ-CDS --section "Điều 10" --as DB1 --quote x "lần 1: thứ hai về Điều 10" >/dev/null
db_sql "$DB" "UPDATE comment SET disposition = 1 WHERE body = 'lần 1: Điều 4'"
pages_before=$(db_sql "$DB" "SELECT count(*) FROM comment")

rung import "$DB" "$V/lan2.txt" --code NQ-CDS --revision --label "Dự thảo lần 2"
expect_eq "import --revision adds version 2" "0|imported NQ-CDS version 2: 17 sections" "$rc|$out"
expect_eq "no comment is copied" "$pages_before" "$(db_sql "$DB" "SELECT count(*) FROM comment")"

rung versions "$DB" --doc NQ-CDS --format tsv
expect_eq "versions: label, sections, comments, changes" \
	"1||17|10|-|2|Dự thảo lần 2|17|0|14" \
	"$(printf '%s\n' "$out" | tail -n +2 | awk -F'\t' '{ printf "%s%s|%s|%s|%s|%s", (NR > 1 ? "|" : ""), $1, (NR > 1 ? $2 : ""), $4, $5, ($6 == "" ? "-" : $6) }')"
rung versions "$DB" --doc NQ-CDS --format json
check "versions json parses, 2 versions" py "import json,sys; v=json.loads(sys.argv[1]); assert [x['version'] for x in v]==[1,2] and v[1]['label']=='Dự thảo lần 2' and v[0]['changed'] is None" "$out"

# ---- the alignment, as a person would read the two drafts ------------------------------------
rung align "$DB" --doc NQ-CDS --format tsv
al=$(printf '%s\n' "$out" | tail -n +2 | awk -F'\t' '{ print $1 "|" $2 "|" $3 }')
has() { if grep -qxF -- "$2" <<<"$al"; then ok "$1"; else not_ok "$1" "want '$2' in: $al"; fi; }
has "an article inserted at the start is new" "new||Điều 1"
has "…and shifts the next one: renumbered" "renumbered|Điều 1|Điều 2"
has "…and the one after it" "renumbered|Điều 3|Điều 4"
has "a khoản kept as it was" "unchanged|khoản 1 Điều 2|khoản 1 Điều 3"
has "a khoản split in two: the first part" "split|khoản 2 Điều 2|khoản 2 Điều 3"
has "a khoản split in two: the second part" "split|khoản 2 Điều 2|khoản 3 Điều 3"
has "two articles merged: the first" "merged|Điều 4|Điều 7"
has "two articles merged: the second" "merged|Điều 5|Điều 7"
has "a deleted article" "removed|Điều 6|"
has "a moved chapter" "moved|Chương II|Chương III"
has "the articles of the chapter that changed places are renumbered" "renumbered|Điều 7|Điều 5"
has "one syllable edited in its diacritics only" "edited|Điều 10|Điều 9"
has "a chapter that stayed" "unchanged|Chương IV|Chương IV"
expect_eq "every section of both versions is in the alignment" "17|17" \
	"$(printf '%s\n' "$al" | awk -F'|' '$3 != "" { print $3 }' | sort -u | wc -l)|$(printf '%s\n' "$al" | awk -F'|' '$2 != "" { print $2 }' | sort -u | wc -l)"

# ---- lần 1's comments on the sections of lần 2 ---------------------------------------------------
earlier() { # "new citation|version|old citation|change|body" per earlier comment
	"$GOPY" list "$DB" --doc NQ-CDS --comments --format json | py "
import json, sys
d = json.load(sys.stdin)
for g in d['removed']:
    for c in g['comments']: print('(removed)|%d|%s|%s|%s' % (g['version'], g['section'], g['change'], c['body']))
for s in d['sections']:
    for g in s.get('earlier', []):
        for c in g['comments']: print('%s|%d|%s|%s|%s' % (s['citation'], g['version'], g['section'], g['change'], c['body']))
"
}
E=$(earlier)
on() { if grep -qxF -- "$2" <<<"$E"; then ok "$1"; else not_ok "$1" "want '$2' in: $E"; fi; }
on "renumbered: the comment follows its article" "Điều 2|1|Điều 1|renumbered|lần 1: Điều 1"
on "a kept khoản under a renumbered article" "khoản 1 Điều 3|1|khoản 1 Điều 2|unchanged|lần 1: khoản 1 Điều 2"
on "split: on the first part" "khoản 2 Điều 3|1|khoản 2 Điều 2|split|lần 1: khoản 2 Điều 2"
on "split: on the second part" "khoản 3 Điều 3|1|khoản 2 Điều 2|split|lần 1: khoản 2 Điều 2"
on "merged: the first article's comment" "Điều 7|1|Điều 4|merged|lần 1: Điều 4"
on "merged: the second article's comment" "Điều 7|1|Điều 5|merged|lần 1: Điều 5"
on "a deleted article's comment is kept, marked removed" "(removed)|1|Điều 6|removed|lần 1: Điều 6"
on "a moved chapter's comment" "Chương III|1|Chương II|moved|lần 1: Chương II"
on "an article of the chapter that changed places" "Điều 5|1|Điều 7|renumbered|lần 1: Điều 7"
on "the diacritic edit" "Điều 9|1|Điều 10|edited|lần 1: Điều 10"
on "both comments of a section" "Điều 9|1|Điều 10|edited|lần 1: thứ hai về Điều 10"
expect_eq "no comment shown on a section it does not belong to (the split khoản's on both parts)" "11" "$(printf '%s\n' "$E" | wc -l)"
check "the new article has no earlier comment" py "import sys; assert not any(l.startswith('Điều 1|') for l in sys.argv[1].splitlines())" "$E"
rung list "$DB" --doc NQ-CDS --comments
expect_contains "text: the round and the change are said" "— from version 1, Điều 4 (merged):" "$out"
expect_contains "text: the disposition of an earlier comment" "accepted" "$(printf '%s\n' "$out" | grep -A1 -F "from version 1, Điều 4" | tail -1)"

# ---- new comments go to the newest version unless --version says ----------------------------
gv C2 comment "$DB" --doc NQ-CDS --section "Điều 1" --as DB1 "lần 2: Điều 1 mới"
gv C1 comment "$DB" --doc NQ-CDS --section "Điều 1" --version 1 --as DB1 "lần 1 (muộn): Điều 1 cũ"
expect_eq "a new comment is on the newest version" "2|Mục tiêu tổng quát" \
	"$(db_sql "$DB" "SELECT s.version || '|' || s.heading FROM comment c JOIN section s ON s.id = c.section_id WHERE c.id = $C2")"
expect_eq "--version 1 puts it on lần 1" "1|Phạm vi điều chỉnh" \
	"$(db_sql "$DB" "SELECT s.version || '|' || s.heading FROM comment c JOIN section s ON s.id = c.section_id WHERE c.id = $C1")"
on2=$(earlier | grep -F "(muộn)")
expect_eq "…and shows on lần 2's Điều 2" "Điều 2|1|Điều 1|renumbered|lần 1 (muộn): Điều 1 cũ" "$on2"
refused "--version past the newest" 1 "has no version 3" "$DB" comment "$DB" --doc NQ-CDS --section "Điều 1" --version 3 --as DB1 x
refused "--version not a number" 2 "--version needs a version number" "$DB" list "$DB" --doc NQ-CDS --version x

# ---- old versions stay readable and exportable ----------------------------------------------------
rung list "$DB" --doc NQ-CDS --version 1 --format tsv
expect_eq "list --version 1: lần 1's outline" "Điều 1|Phạm vi điều chỉnh|Điều 10|Hiệu lực thi hành" \
	"$(printf '%s\n' "$out" | awk -F'\t' '$4 == "article" { print $5 "|" $6 }' | sed -n '1p;$p' | paste -sd'|')"
rung list "$DB" --doc NQ-CDS --format tsv
expect_eq "list: the newest by default" "Điều 1|Mục tiêu tổng quát|Điều 9|Hiệu lực thi hành" \
	"$(printf '%s\n' "$out" | awk -F'\t' '$4 == "article" { print $5 "|" $6 }' | sed -n '1p;$p' | paste -sd'|')"
rung export "$DB" --doc NQ-CDS --version 1 --format json
check "export --version 1: lần 1's comments and the general one, not lần 2's" py "
import json, sys
r = json.loads(sys.argv[1])
bodies = json.dumps(r, ensure_ascii=False)
assert 'lần 1: Điều 6' in bodies and 'lần 1: chung' in bodies, 'lần 1 missing'
assert 'lần 2: Điều 1 mới' not in bodies, 'lần 2 leaked'" "$out"
rung export "$DB" --doc NQ-CDS --version 2 --format json
check "export --version 2: only lần 2's" py "
import json, sys
bodies = sys.argv[1]
assert 'lần 2: Điều 1 mới' in bodies and 'lần 1: Điều 6' not in bodies" "$out"
refused "export --version past the newest" 1 "has no version 5" "$DB" export "$DB" --doc NQ-CDS --version 5

# ---- search finds the text of the newest version, comments of every version ---------------------
rung search "$DB" "phê duyệt cấp độ an toàn" --format tsv
expect_eq "a sentence of a removed article is not found as a section" "" "$(printf '%s\n' "$out" | tail -n +2 | awk -F'\t' '$1 == "section"')"
rung search "$DB" "thông quá" --format tsv
expect_eq "the newest text is found, once" "1" "$(printf '%s\n' "$out" | tail -n +2 | grep -c "Điều 9")"
rung search "$DB" "lần 1: Điều 6" --format tsv
expect_contains "an old round's comment is still found" "lần 1: Điều 6" "$out"

# ---- correcting the alignment by hand -----------------------------------------------------------
rung align "$DB" --doc NQ-CDS --set "Điều 6=Điều 8"
expect_eq "align --set: the removed article is now in Điều 8" "0" "$rc"
expect_contains "…shown as set by hand" "(by hand)" "$(printf '%s\n' "$out" | grep -F "Điều 6 ")"
on3=$(earlier | grep -F "lần 1: Điều 6")
expect_eq "…and its comment follows" "Điều 8|1|Điều 6|edited|lần 1: Điều 6" "$on3"
expect_eq "Điều 8's own link was replaced; its old partner is now removed" "removed|Điều 9|" \
	"$("$GOPY" align "$DB" --doc NQ-CDS --format tsv | awk -F'\t' '$2 == "Điều 9" { print $1 "|" $2 "|" $3 }')"
g align "$DB" --doc NQ-CDS --set "Điều 9=Điều 8" >/dev/null
expect_eq "two --set to one section make a merge" "merged|Điều 6|merged|Điều 9" \
	"$("$GOPY" align "$DB" --doc NQ-CDS --format tsv | awk -F'\t' '$3 == "Điều 8" { print $1 "|" $2 }' | sort | paste -sd'|')"
refused "align --set: a label that is not there" 1 "no section" "$DB" align "$DB" --doc NQ-CDS --set "Điều 99=Điều 1"
refused "align --set without =" 2 "--set needs OLD=NEW" "$DB" align "$DB" --doc NQ-CDS --set "Điều 1"
refused "align on version 1" 1 "no version before it" "$DB" align "$DB" --doc NQ-CDS --version 1

# ---- any input format: a third version from a .docx -------------------------------------------
/usr/bin/python3 -c "
import docx, sys
d = docx.Document()
for line in open(sys.argv[1], encoding='utf-8').read().split('\n'):
    d.add_paragraph(line.replace('thông quá', 'thông qua'))
d.save(sys.argv[2])" "$V/lan2.txt" "$T/lan3.docx"
rung import "$DB" "$T/lan3.docx" --code NQ-CDS --revision --label "Dự thảo lần 3"
expect_eq "a .docx as version 3" "0|imported NQ-CDS version 3: 17 sections" "$rc|$out"
expect_eq "lần 3 from lần 2: the mark put back is an edit" "edited|Điều 9|Điều 9" \
	"$("$GOPY" align "$DB" --doc NQ-CDS --format tsv | awk -F'\t' '$3 == "Điều 9" { print $1 "|" $2 "|" $3 }')"
E3=$(earlier)
on3() { if grep -qxF -- "$2" <<<"$E3"; then ok "$1"; else not_ok "$1" "want '$2' in: $E3"; fi; }
on3 "lần 1's comment reaches lần 3 through lần 2" "Điều 2|1|Điều 1|renumbered|lần 1: Điều 1"
on3 "lần 2's comment is on lần 3 too" "Điều 1|2|Điều 1|unchanged|lần 2: Điều 1 mới"
rung check "$DB"
expect_eq "check passes with three versions" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"
expect_eq "the counts: the newest version's sections" "17" "$(db_sql "$DB" "SELECT n_sections FROM document")"

# ---- refusals leave the file as it was ----------------------------------------------------------
refused "--revision of an unknown document" 1 "no document NQ-X" "$DB" import "$DB" "$V/lan2.txt" --code NQ-X --revision
refused "--revision without --code" 2 "--revision needs --code" "$DB" import "$DB" "$V/lan2.txt" --revision
refused "--label without --revision" 2 "--label needs --revision" "$DB" import "$DB" "$V/lan2.txt" --code NQ-CDS --label x
printf 'Không có điều nào\n' >"$T/empty.txt"
printf '\xff\xfe bad' >"$T/bad.txt"
refused "a revision that is not UTF-8" 1 "UTF-8" "$DB" import "$DB" "$T/bad.txt" --code NQ-CDS --revision

# ---- a file of schema 5: each document becomes its own version 1 ---------------------------------
OLD=$T/old.db
g init "$OLD" >/dev/null && g import "$OLD" "$V/lan1.txt" --code NQ-CDS >/dev/null
g delegate "$OLD" add DB1 "Nguyễn Văn An" >/dev/null
g comment "$OLD" --doc NQ-CDS --section "Điều 3" --as DB1 "cũ" >/dev/null
downgrade_6 "$OLD"
rung import "$OLD" "$V/lan2.txt" --code NQ-CDS --revision
expect_eq "schema 5: upgraded, then revised" "0|imported NQ-CDS version 2: 17 sections" "$rc|$out"
expect_eq "schema 5: the old text is version 1 with its comment" "1|Điều 3|Giải thích từ ngữ" \
	"$(sqlite3 "$OLD" "SELECT s.version || '|' || s.label || '|' || s.heading FROM comment c JOIN section s ON s.id = c.section_id")"
expect_contains "schema 5: its comment on lần 2's Điều 4" "— from version 1, Điều 3 (renumbered):" \
	"$("$GOPY" list "$OLD" --doc NQ-CDS --comments | sed -n '/^  Điều 4\./,/^  Điều 5\./p')"
