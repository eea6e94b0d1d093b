#!/usr/bin/env bash
# carryover.sh — comments carried over to a revised draft, on pairs of drafts written for the
# purpose (tests/cli/data/carryover/NAME-1.txt, NAME-2.txt): an article inserted at the start,
# a khoản split in two, two articles merged, an article deleted, a chapter moved, one syllable's
# diacritic edited, an article replaced by another of the same drafting formula, and a đề án
# (Phần / I. / 1. / a)). Every section of lần 1 gets a comment; after importing lần 2, each
# comment must be shown on exactly the sections of lần 2 a person would say continue its
# section, with the change a person would name (NAME.expect: "new citation|old citation|change",
# "(removed)" for a section that no longer exists).
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
C=$DATA/carryover

# scenario NAME: import the pair into the database NAME with a comment on every section of lần 1
scenario() {
	local db cite
	new_db db "$1"
	g init "$db" >/dev/null && g import "$db" "$C/$1-1.txt" --code DT >/dev/null &&
		g delegate "$db" add DB1 "Lê Thị Mai" --unit "Sở Tư pháp" >/dev/null || return 1
	while IFS= read -r cite; do
		g comment "$db" --doc DT --section "$cite" --as DB1 "về $cite" >/dev/null || return 1
	done < <("$GOPY" list "$db" --doc DT --format tsv | tail -n +2 | cut -f10)
	g import "$db" "$C/$1-2.txt" --code DT --revision --label "Dự thảo lần 2" >/dev/null
}

# carried DB: "new citation|old citation|change" for every earlier comment shown, sorted
carried() {
	"$GOPY" list "$1" --doc DT --comments --format json | py "
import json, sys
d = json.load(sys.stdin)
for g in d['removed']:
    for c in g['comments']:
        assert c['body'] == 'về ' + g['section'], c
        print('(removed)|%s|%s' % (g['section'], g['change']))
for s in d['sections']:
    for g in s.get('earlier', []):
        for c in g['comments']:
            assert c['body'] == 'về ' + g['section'], c
            print('%s|%s|%s' % (s['citation'], g['section'], g['change']))
" | LC_ALL=C sort
}

for name in insert split merge delete move mark replace dean; do
	if ! scenario "$name"; then
		not_ok "$name: the pair imports and every section of lần 1 takes a comment"
		continue
	fi
	expect_eq "$name: each earlier comment on the right section of lần 2" \
		"$(LC_ALL=C sort "$C/$name.expect")" "$(carried "$(db_of "$name")")"
	# every comment of lần 1 is shown somewhere (on a section of lần 2 or as removed)
	n1=$(db_sql "$(db_of "$name")" "SELECT count(*) FROM comment")
	expect_eq "$name: no comment lost or copied" "$n1|$n1" \
		"$(carried "$(db_of "$name")" | cut -d'|' -f2 | sort -u | wc -l)|$(db_sql "$(db_of "$name")" "SELECT count(*) FROM comment c JOIN section s ON s.id = c.section_id WHERE s.version = 1")"
done

# ---- quoted phrases re-anchored on the newer text ---------------------------------------------
new_db Q quote
cat >"$T/q1.txt" <<'TXT'
DỰ THẢO NGHỊ QUYẾT VỀ HỌC BỔNG

Điều 1. Đối tượng
Học sinh các trường trung học phổ thông chuyên của tỉnh đạt giải quốc gia.

Điều 2. Mức học bổng
Mức học bổng bằng hai lần mức lương cơ sở mỗi tháng, cấp đủ mười hai tháng trong năm học, do nhà trường chi trả vào đầu mỗi học kỳ.

Điều 3. Học bổng cho sinh viên
Sinh viên đại học là người địa phương được xét học bổng khuyến khích.
TXT
cat >"$T/q2.txt" <<'TXT'
DỰ THẢO NGHỊ QUYẾT VỀ HỌC BỔNG

Điều 1. Phạm vi
Nghị quyết này quy định học bổng của tỉnh cho học sinh giỏi.

Điều 2. Đối tượng
Học sinh các trường trung học phổ thông chuyên của tỉnh đạt giải quốc gia.

Điều 3. Mức học bổng
Mức học bổng bằng ba lần mức lương cơ sở mỗi tháng, cấp đủ chín tháng trong năm học.
TXT
g init "$Q" >/dev/null && g import "$Q" "$T/q1.txt" --code HB >/dev/null && g delegate "$Q" add DB1 "Lê Thị Mai" >/dev/null
q() { g comment "$Q" --doc HB --section "$1" --as DB1 --quote "$2" "$3" >/dev/null || not_ok "comment quoting '$2'"; }
q "Điều 1" "trung học phổ thông chuyên" "giữ nguyên"
q "Điều 2" "hai lần mức lương cơ sở" "đề nghị tăng"
q "Điều 2" "cấp đủ mười hai tháng" "chỉ năm học"
q "Điều 2" "do nhà trường chi trả vào đầu mỗi học kỳ" "ai chi"
q "Điều 3" "sinh viên đại học" "bỏ"
q "Điều 2" "mức lương cơ sở mỗi tháng" "đơn vị tính"
# the comment rows untouched: their number and the table's pages in a file; on a server, the
# row versions (xmin: an updated or re-inserted row gets a new one)
untouched="SELECT count(*) || '|' || (SELECT sum(pgsize) FROM dbstat WHERE name = 'comment') FROM comment"
on_server && untouched="SELECT count(*) || '|' || string_agg(xmin::text, ',' ORDER BY id) FROM comment"
pages=$(db_sql "$Q" "$untouched")
g import "$Q" "$T/q2.txt" --code HB --revision >/dev/null
expect_eq "a revision copies no comment row (rows and the comment table's pages as they were)" "$pages" \
	"$(db_sql "$Q" "$untouched")"
quotes() {
	"$GOPY" list "$Q" --doc HB --comments --format json | py "
import json, sys
d = json.load(sys.stdin)
rows = [(s['citation'], c) for s in d['sections'] for g in s.get('earlier', []) for c in g['comments']]
rows += [('(removed)', c) for g in d['removed'] for c in g['comments']]
for where, c in rows:
    n = c['quote_now']
    print('%s|%s|%s|%s|%s' % (where, c['body'], n['how'], n['section'] or '', n['text'] or ''))
" | LC_ALL=C sort
}
expect_eq "each quote found again: exact, rewritten in place, or gone" "$(LC_ALL=C sort <<'EOF2'
Điều 2|giữ nguyên|exact|Điều 2|trung học phổ thông chuyên
Điều 3|đề nghị tăng|context|Điều 3|ba lần mức lương cơ sở
Điều 3|chỉ năm học|context|Điều 3|cấp đủ chín tháng
Điều 3|ai chi|gone||
Điều 3|đơn vị tính|exact|Điều 3|mức lương cơ sở mỗi tháng
(removed)|bỏ|gone||
EOF2
)" "$(quotes)"
rung list "$Q" --doc HB --comments
expect_contains "text: a phrase still there is only quoted" "quoted: “trung học phổ thông chuyên”"$'\n' "$out"
expect_contains "text: a rewritten phrase says how it reads now" \
	"quoted: “hai lần mức lương cơ sở” — now reads “ba lần mức lương cơ sở”" "$out"
expect_contains "text: a phrase gone says so" \
	"quoted: “do nhà trường chi trả vào đầu mỗi học kỳ” — the quoted phrase is no longer in this version" "$out"
out_vi=$(LANGUAGE=vi LANG=vi_VN.UTF-8 LC_ALL=C.UTF-8 "$GOPY" list "$Q" --doc HB --comments)
expect_contains "Vietnamese: the phrase gone" "đoạn trích không còn trong dự thảo này" "$out_vi"
# the split khoản: the quote is on one part only; the other part says where it went
S=$(db_of split)
g comment "$S" --doc DT --section "khoản 2 Điều 2" --version 1 --as DB1 --quote "đào tạo kỹ thuật cho người lao động" "đào tạo" >/dev/null
rung list "$S" --doc DT --comments
expect_contains "split: on the part that holds it, only quoted" \
	"quoted: “đào tạo kỹ thuật cho người lao động”"$'\n' "$(printf '%s\n' "$out" | sed -n '/Khoản 3\./,/Khoản 4\./p')"
expect_contains "split: the other part says where it is now" \
	"quoted: “đào tạo kỹ thuật cho người lao động” — now in khoản 3 Điều 2" "$(printf '%s\n' "$out" | sed -n '/Khoản 2\./,/Khoản 3\./p')"
# the report of the whole draft
rung export "$Q" --doc HB --format md
expect_contains "report: an earlier comment's phrase gone" "(đoạn trích không còn trong dự thảo lần 2)" "$out"
expect_contains "report: rewritten" "(nay tại Điều 3 dự thảo lần 2: “ba lần mức lương cơ sở”)" "$out"
expect_contains "report: every version's comments are in it" "sinh viên đại học" "$out"
rung export "$Q" --doc HB --format json
check "report json: quote_now on earlier comments only" py "
import json, sys
r = json.loads(sys.argv[1])
items = []
def walk(x):
    if isinstance(x, dict):
        if 'quote' in x and 'body' in x: items.append(x)
        for v in x.values(): walk(v)
    elif isinstance(x, list):
        for v in x: walk(v)
walk(r)
assert len(items) == 6, len(items)
assert all('quote_now' in i for i in items if i['quote']), items
" "$out"

# ---- earlier rounds counted: the reader, stats, the overview, without double counting -----------
# split.db: every section of lần 1 has one comment, plus the late one on khoản 2 Điều 2 (split in
# two: its two comments show on both parts, but count once for Điều 2)
rung stats "$S" --doc DT --format tsv
expect_eq "stats: a round's comments once, carried over" "round|DT|1||8|8|0|0" \
	"$(printf '%s\n' "$out" | awk -F'\t' '$1 == "round"' | tr '\t' '|')"
expect_eq "stats: general comments are not the earlier rounds'" "0" \
	"$(printf '%s\n' "$out" | awk -F'\t' '$1 == "document" { print $6 }')"
expect_eq "stats: each article counts its earlier comments once (Điều 2: itself, khoản 1, 2 twice, 3)" \
	"Điều 1|1 Điều 2|5 Điều 3|1" \
	"$(printf '%s\n' "$out" | awk -F'\t' '$1 == "section" { printf "%s%s|%s", (n++ ? " " : ""), $3, $9 }')"
rung stats "$S" --doc DT
expect_contains "stats text: the round" "version 1: 8 comments carried over, 8 pending" "$out"
expect_contains "stats text: +N on the article" "+5" "$(printf '%s\n' "$out" | grep -F "Điều 2 Nội dung")"
rung stats "$(db_of delete)" --doc DT --format json
check "stats json: comments on a removed article are the round's, not carried" py "
import json, sys
d = json.loads(sys.argv[1])['documents'][0]
r = d['rounds']
assert [(x['version'], x['carried'], x['removed']) for x in r] == [(1, 5, 1)], r
assert d['general'] == 0 and d['comments'] == 6, d
assert sum(s['earlier'] for s in d['sections']) == 4, d['sections']" "$out"
# the reader: each section's own and earlier counts; a folded article counts the split khoản once
printf '<Enter>\n@dump %s\n/Nội dung và mức<Enter>\nz\n@dump %s\n' "$T/reader.txt" "$T/folded.txt" >"$T/keys"
GOPY_HEADLESS_SCRIPT=$T/keys GOPY_HEADLESS_SIZE=120x30 "$GOPY" --as DB1 "$S" >/dev/null 2>&1
expect_contains "reader: a section with only earlier comments" "Đối tượng hỗ trợ" "$(grep -F "[1 from earlier rounds]" "$T/reader.txt")"
expect_contains "reader: each part of a split khoản shows the khoản's comments" "Khoản 3. Hỗ trợ kinh phí đào tạo" \
	"$(grep -F "[2 from earlier rounds]" "$T/reader.txt")"
expect_eq "reader: both parts" "2" "$(grep -cF "[2 from earlier rounds]" "$T/reader.txt")"
expect_contains "reader: folded, the split khoản counted once" "[+4 sections folded: 0 comments, 0 pending; 5 from earlier rounds]" \
	"$(cat "$T/folded.txt")"

# ---- gopy check: versions and alignments --------------------------------------------------------
for name in insert split merge delete move mark replace dean; do
	rung check "$(db_of "$name")"
	expect_eq "check: $name is sound" "0|$(db_of "$name"): ok (schema $SCHEMA)" "$rc|$out"
done
db_copy "$S" B broken
db_sql "$B" "UPDATE alignment SET new_section = (SELECT id FROM section WHERE version = 1 AND label = 'Điều 1')
	WHERE new_section = (SELECT id FROM section WHERE version = 2 AND label = 'Điều 3');
	UPDATE section SET version = 2 WHERE version = 1 AND label = 'Điều 1';
	UPDATE document SET n_versions = 4"
rung check "$B"
expect_eq "check: a broken file fails" "1" "$rc"
for want in "versions: document DT: says its newest version is 4, but it has versions 1, 2" \
	"is not of version" "its sections are not one run of positions" "counts 7 sections, it has 6" "counts 8 sections, it has 9" \
	"not in the alignment with version 1"; do
	expect_contains "check says: $want" "$want" "$out"
done
check "check: one line each, none longer than a line" py "
import sys
lines = sys.argv[1].splitlines()
assert all(l.count(': ') >= 1 for l in lines), lines" "$out"
