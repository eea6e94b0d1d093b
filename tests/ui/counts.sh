#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# counts.sh — counts that need a scan are bounded before the first screen (issue 17): under a
# limit in a scope of more than 2,000 comments (200 with a text), and the search's "match i of
# n" there, the screen comes first ("counting…"), and the idle work fills the right number in;
# in a small scope they come at once, as before.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db C c; make_db "$C" || { not_ok "build the fixture database"; exit 1; }
# 2,500 comments on Điều 2 over two days; 300 on Điều 3, every third about chuyển đổi số
python3 - "$T/many.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("doc,section,author,body,created_at\n")
    for i in range(2500):
        f.write("DA-TEST,Điều 2,%s,Ý kiến số %d về đối tượng áp dụng.,2026-05-0%dT%02d:%02d:00Z\n"
                % ("A01" if i % 10 == 0 else "C03", i, 3 + i % 2, i // 60 % 24, i % 60))
    for i in range(300):
        f.write("DA-TEST,Điều 3,C03,Ý kiến số %d%s.,2026-05-05T%02d:%02d:00Z\n"
                % (i, " về chuyển đổi số" if i % 3 == 0 else " về tổ chức", i // 60 % 24, i % 60))
PY
g import-comments "$C" "$T/many.csv" >/dev/null || not_ok "import 2,800 comments"
q() { db_sql "$C" "$1"; }
doc="(SELECT id FROM document WHERE code = 'DA-TEST')"
s2="(SELECT id FROM section WHERE document_id = $doc AND full_label LIKE 'Điều 2%')"
s3="(SELECT id FROM section WHERE document_id = $doc AND full_label LIKE 'Điều 3%')"

# ---- a section of 2,500 comments and a day: the screen first, the count on idle -------------------
cat >"$T/k1" <<KEYS
<Enter>A
l~s "Điều 2" ~t 2026-05-04..2026-05-04<Enter>
@dump $T/a1
@idle
@dump $T/b1
KEYS
tui 80x24 "$T/k1" "$C"
n1=$(q "SELECT count(*) FROM comment WHERE section_id = $s2 AND deleted_at IS NULL AND created_at LIKE '2026-05-04%'")
p1=$(q "SELECT count(*) FROM comment WHERE section_id = $s2 AND deleted_at IS NULL AND created_at LIKE '2026-05-04%' AND disposition = 0")
expect_eq "section and day: the fixture has 1,250 of them" "1250" "$n1"
expect_contains "section and day: the first screen says it is counting" "all comments (counting…)" "$(head -n 1 "$T/a1")"
expect_contains "section and day: the rows are there already" "Ý kiến số" "$(cat "$T/a1")"
expect_contains "section and day: the message waits for the count" "— counting…" "$(tail -n 1 "$T/a1")"
expect_contains "section and day: idle fills in the title" "all comments ($n1, $p1 pending)" "$(head -n 1 "$T/b1")"
expect_eq "section and day: and the message" "limit: ~s \"Điều 2\" ~t 2026-05-04..2026-05-04 — $n1 comments" \
	"$(tail -n 1 "$T/b1")"

# ---- a section of 300 with a text: counted on idle too (each match is looked up) -------------------
cat >"$T/k2" <<KEYS
<Enter>A
l~s "Điều 3" chuyen doi so<Enter>
@dump $T/a2
@idle
@dump $T/b2
KEYS
tui 80x24 "$T/k2" "$C"
n2=$(q "SELECT count(*) FROM comment WHERE section_id = $s3 AND deleted_at IS NULL AND body LIKE '%chuyển đổi số%'")
expect_eq "section and text: the fixture has 100 of them" "100" "$n2"
expect_contains "section and text: counting first" "— counting…" "$(tail -n 1 "$T/a2")"
expect_contains "section and text: idle fills the count in" "all comments ($n2, $n2 pending)" "$(head -n 1 "$T/b2")"

# ---- the search's match i of n in that section: after the screen, then right ----------------------
cat >"$T/k3" <<KEYS
<Enter>A
l~s "Điều 3"<Enter>
/chuyen doi so<Enter>
n
@dump $T/a3
@idle
@dump $T/b3
KEYS
tui 120x24 "$T/k3" "$C"
expect_eq "search in a section of 300: the step answers before counting" \
	"/chuyen doi so (ignoring diacritics) in all comments of DA-TEST (limit ~s \"Điều 3\")" "$(tail -n 1 "$T/a3")"
expect_eq "search in a section of 300: idle adds match 2 of $n2" \
	"match 2 of $n2 · /chuyen doi so (ignoring diacritics) in all comments of DA-TEST (limit ~s \"Điều 3\")" \
	"$(tail -n 1 "$T/b3")"

# ---- a small scope still counts at once ------------------------------------------------------------
n4=$(q "SELECT count(*) FROM comment WHERE section_id = (SELECT id FROM section WHERE document_id = $doc AND full_label LIKE 'Điều 1%') AND deleted_at IS NULL AND body LIKE '%an ninh%'")
cat >"$T/k4" <<KEYS
<Enter>A
l~s "Điều 1" an ninh<Enter>
@dump $T/a4
KEYS
tui 80x24 "$T/k4" "$C"
case "$(tail -n 1 "$T/a4")" in
"limit: ~s \"Điều 1\" an ninh — $n4 comment"*) ok "a small scope: the count at once ($n4)" ;;
*) not_ok "a small scope: the count at once" "$(tail -n 1 "$T/a4")" ;;
esac
