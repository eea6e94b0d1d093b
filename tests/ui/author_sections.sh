#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# author_sections.sh — the view sorted by section under a limit to one author (issue 17): each
# section's comments of that author are read from one range of comment_author_section (migration
# 11), the sections walked in order, the general comments first. The first screen, a page down,
# G and a page up from the end are checked against the engine's own answer to the plain query
# (every comment of the author sorted by section position, then thread key).
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db D d; make_db "$D" || { not_ok "build the fixture database"; exit 1; }
# 600 comments by four delegates over the general part and three articles, a fifth of them
# replies (a reply stays in its thread's section), created in an order the sections do not follow
python3 - "$T/many.csv" <<'PY'
import sys
secs = ["Điều 2", "", "Điều 3", "Điều 1", "Điều 2", "Điều 1", ""]
authors = ["C03", "A01", "B02", "C03", "E04"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("id,doc,section,author,body,created_at,reply_to\n")
    for i in range(600):
        reply = "m%d" % max(0, i - 1 - i * 7 % 13) if i % 5 == 4 else ""
        f.write("m%d,DA-TEST,%s,%s,Ý kiến mã %05d.,2026-04-%02dT%02d:%02d:00Z,%s\n"
                % (i, "" if reply else secs[i % 7], authors[i % 5], i, 1 + i // 60, 8 + i % 60 // 30, i % 30, reply))
PY
g import-comments "$D" "$T/many.csv" >/dev/null || not_ok "import 600 comments"
want=$(db_sql "$D" "SELECT substr(c.body, 11, 5) FROM comment c LEFT JOIN section s ON s.id = c.section_id
  WHERE c.document_id = (SELECT id FROM document WHERE code = 'DA-TEST') AND c.deleted_at IS NULL
  AND c.author_id = (SELECT id FROM delegate WHERE code = 'C03') AND c.body LIKE 'Ý kiến mã%'
  ORDER BY coalesce(s.position, -1), c.thread_key" | tr '\n' ' ' | sed 's/ $//')
[ "$(echo "$want" | wc -w)" -gt 200 ] && ok "the author has over 200 comments" || not_ok "the author has over 200 comments" "$want"
codes() { grep -o 'Ý kiến mã [0-9]*' "$1" | sed 's/.* //' | tr '\n' ' ' | sed 's/ $//'; }

cat >"$T/k" <<KEYS
<Enter>A
l~a C03<Enter>
o
o
g
@dump $T/first
<PgDn>
@dump $T/next
G
@dump $T/end
<PgUp>
@dump $T/up
KEYS
tui 80x24 "$T/k" "$D"
expect_contains "sorted by section" "sort: by section" "$(cat "$T/first")"
first=$(codes "$T/first") next=$(codes "$T/next") end=$(codes "$T/end") up=$(codes "$T/up")
# in_want NAME GOT PATTERN: GOT (a screen's codes, not empty) sits in the wanted order as PATTERN
# places it ("^": its start, "$": its end, "": anywhere)
in_want() {
	local hay=" $want " needle=" $2 "
	case "$3" in ^) needle="  $2 " hay="  $want " ;; $) needle=" $2  " hay=" $want  " ;; esac
	if [ -n "$2" ] && [[ "$hay" == *"$needle"* ]]; then ok "$1"; else not_ok "$1" "got: $2; want: $want"; fi
}
in_want "the first screen: the general comments first, in thread order" "$first" ^
in_want "a page down goes on in the same order" "$next" ""
in_want "G ends at the last section's last comment of the author" "$end" $
in_want "a page up from the end, in order" "$up" ""
