#!/usr/bin/env bash
# carryover.sh — comments carried over to a revised draft, on pairs of drafts written for the
# purpose (tests/cli/data/carryover/NAME-1.txt, NAME-2.txt): an article inserted at the start,
# a khoản split in two, two articles merged, an article deleted, a chapter moved, one syllable's
# diacritic edited, an article replaced by another of the same drafting formula, and a đề án
# (Phần / I. / 1. / a)). Every section of lần 1 gets a comment; after importing lần 2, each
# comment must be shown on exactly the sections of lần 2 a person would say continue its
# section, with the change a person would name (NAME.expect: "new citation|old citation|change",
# "(removed)" for a section that no longer exists).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
C=$DATA/carryover

# scenario NAME: import the pair into $T/NAME.db with a comment on every section of lần 1
scenario() {
	local db=$T/$1.db cite
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
		"$(LC_ALL=C sort "$C/$name.expect")" "$(carried "$T/$name.db")"
	# every comment of lần 1 is shown somewhere (on a section of lần 2 or as removed)
	n1=$(sqlite3 "$T/$name.db" "SELECT count(*) FROM comment")
	expect_eq "$name: no comment lost or copied" "$n1|$n1" \
		"$(carried "$T/$name.db" | cut -d'|' -f2 | sort -u | wc -l)|$(sqlite3 "$T/$name.db" "SELECT count(*) FROM comment c JOIN section s ON s.id = c.section_id WHERE s.version = 1")"
done
