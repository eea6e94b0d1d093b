#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# dates.sh — a limit by a span of dates in thread order (issue 17), every way it is read:
# a span whose comments are few has their thread keys sorted alone; a wider one reads a window
# of the view and keeps those in the span, and when the window holds too few (the span far
# from the view's start, or from its end for G), sorts the span's keys from the last comment
# read. GOPY_TEST_DATES_FEW lowers "few" and the window (50,000 and 5,000 comments) so that a
# small file takes each way; each screen is checked against the database's own answer.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db D d; make_db "$D" || { not_ok "build the fixture database"; exit 1; }
# 3,000 comments over 30 days, a hundred a day, their threads in the order they came; then, on
# 2026-05-01, 1,000 replies to every third of them: a span scattered in thread order
python3 - "$T/many.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("id,doc,section,author,body,created_at,reply_to\n")
    for i in range(3000):
        f.write("m%d,DA-TEST,Điều 2,C03,Ý kiến mã %05d.,2026-04-%02dT%02d:%02d:00Z,\n"
                % (i, i, 1 + i // 100, i % 100 // 60 + 8, i % 60))
    for k in range(1000):
        f.write("r%d,DA-TEST,,C03,Trả lời mã %05d.,2026-05-01T%02d:%02d:%02dZ,m%d\n"
                % (k, 3 * k, 8 + k // 120, k % 120 // 2, k % 2 * 30, 3 * k))
PY
g import-comments "$D" "$T/many.csv" >/dev/null || not_ok "import 3,000 comments"
doc="(SELECT id FROM document WHERE code = 'DA-TEST')"
span() { # SINCE UNTIL ORDER: the first comment's code in thread order (ASC/DESC) within the span
	db_sql "$D" "SELECT substr(body, 11, 5) FROM comment WHERE document_id = $doc AND deleted_at IS NULL
	  AND substr(created_at, 1, 10) BETWEEN '$1' AND '$2' AND body LIKE 'Ý kiến mã%' ORDER BY thread_key $3 LIMIT 1"
}
shown() { grep -o 'Ý kiến mã [0-9]*' "$1" | head -n "${2:-1}" | tail -n 1 | sed 's/.* //'; }
last_shown() { grep -o 'Ý kiến mã [0-9]*' "$1" | tail -n 1 | sed 's/.* //'; }

for few in 0 300 100; do # default: few, sorted alone; 300: the window reaches some, misses others; 100: misses
	if [ "$few" = 0 ]; then unset GOPY_TEST_DATES_FEW; how="few comments"; else export GOPY_TEST_DATES_FEW=$few; how="window $few"; fi
	for s in "2026-04-03 2026-04-07" "2026-04-20 2026-04-29"; do
		set -- $s
		cat >"$T/k" <<KEYS
<Enter>A
l~t $1..$2<Enter>
@dump $T/first
G
@dump $T/end
g
<PgDn>
@dump $T/next
KEYS
		tui 80x24 "$T/k" "$D"
		expect_eq "$how, $1..$2: the first screen starts at the span's first comment in thread order" \
			"$(span "$1" "$2" ASC)" "$(shown "$T/first")"
		expect_eq "$how, $1..$2: G ends at its last" "$(span "$1" "$2" DESC)" "$(last_shown "$T/end")"
		want=$(db_sql "$D" "SELECT substr(body, 11, 5) FROM comment
		  WHERE document_id = $doc AND substr(created_at, 1, 10) BETWEEN '$1' AND '$2' AND body LIKE 'Ý kiến mã%'
		  ORDER BY thread_key LIMIT 40" | tr '\n' ' ' | sed 's/ $//')
		got=$(grep -o 'Ý kiến mã [0-9]*' "$T/first" "$T/next" | sed 's/.* //' | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $//')
		case " $want " in
		*" $got "*) ok "$how, $1..$2: a page down continues in thread order, in the span" ;;
		*) not_ok "$how, $1..$2: a page down continues in thread order, in the span" "want within: $want; got: $got" ;;
		esac
	done
done

# ---- a span scattered in thread order (the replies of 2026-05-01): its keys' range walked -------
# (window 400: the walk finds the rows of a page, which the interface asks for 69 at a time) or,
# when the walk's budget runs out first (window 40), the span sorted; both show the span's rows
# in thread order, the same screens
replies() { # ORDER [N]: the replies' codes in thread order, N of them
	db_sql "$D" "SELECT substr(body, 12, 5) FROM comment WHERE document_id = $doc AND deleted_at IS NULL
	  AND substr(created_at, 1, 10) = '2026-05-01' AND body LIKE 'Trả lời mã%' ORDER BY thread_key $1 LIMIT ${2:-1}" | tr '\n' ' ' | sed 's/ $//'
}
rshown() { grep -o 'Trả lời mã [0-9]*' "$@" | sed 's/.* //' | awk '!seen[$0]++' | tr '\n' ' ' | sed 's/ $//'; }
for few in 400 40; do
	export GOPY_TEST_DATES_FEW=$few
	cat >"$T/kr" <<KEYS
<Enter>A
l~t 2026-05-01..2026-05-01<Enter>
@dump $T/r$few.first
<PgDn>
@dump $T/r$few.next
G
@dump $T/r$few.end
<PgUp>
@dump $T/r$few.up
KEYS
	tui 80x24 "$T/kr" "$D"
	first=$(rshown "$T/r$few.first")
	expect_eq "window $few, a scattered span: the first screen, its first replies in thread order" \
		"$(replies ASC "$(echo "$first" | wc -w)")" "$first"
	expect_eq "window $few, a scattered span: G ends at its last reply" "$(replies DESC)" \
		"$(grep -o 'Trả lời mã [0-9]*' "$T/r$few.end" | tail -n 1 | sed 's/.* //')"
	both=$(rshown "$T/r$few.first" "$T/r$few.next")
	expect_eq "window $few, a scattered span: a page down goes on in thread order" \
		"$(replies ASC "$(echo "$both" | wc -w)")" "$both"
done
unset GOPY_TEST_DATES_FEW
for s in first next end up; do
	check "a scattered span, the walk and the sort: the same screen ($s)" cmp "$T/r400.$s" "$T/r40.$s"
done

# ---- in time order the span is a range of the time index; a page's cursor bounds its side ----------
unset GOPY_TEST_DATES_FEW
bytime() { # SINCE UNTIL ORDER OFFSET: a comment's code in time order within the span
	db_sql "$D" "SELECT substr(body, 11, 5) FROM comment WHERE document_id = $doc AND deleted_at IS NULL
	  AND substr(created_at, 1, 10) BETWEEN '$1' AND '$2' AND body LIKE 'Ý kiến mã%' ORDER BY created_at $3, id $3
	  LIMIT 1 OFFSET $4"
}
cat >"$T/kt" <<KEYS
<Enter>A
l~t 2026-04-10..2026-04-12<Enter>
o
@dump $T/t1
<PgDn>
@dump $T/t2
G
@dump $T/t3
<PgUp>
@dump $T/t4
KEYS
tui 80x24 "$T/kt" "$D"
expect_eq "time order: the span's first comment first" "$(bytime 2026-04-10 2026-04-12 ASC 0)" "$(shown "$T/t1")"
n1=$(grep -c 'Ý kiến mã' "$T/t1") t2=$(shown "$T/t2") # the last row may be cut: on it, or after it
case "$t2" in
"$(bytime 2026-04-10 2026-04-12 ASC $((n1 - 1)))"|"$(bytime 2026-04-10 2026-04-12 ASC "$n1")")
	ok "time order: a page down goes on after the first screen ($t2)" ;;
*) not_ok "time order: a page down goes on after the first screen" "$t2 after $n1 rows" ;;
esac
expect_eq "time order: G ends at the span's last comment" "$(bytime 2026-04-10 2026-04-12 DESC 0)" "$(last_shown "$T/t3")"
expect_contains "time order: a page up from the end stays in the span" "Ý kiến mã" "$(cat "$T/t4")"
t4=$(shown "$T/t4")
case "$t4" in 009[0-9][0-9]|01[01][0-9][0-9]) ok "time order: a page up from the end, in the span ($t4)" ;;
*) not_ok "time order: a page up from the end, in the span" "$t4" ;; esac
