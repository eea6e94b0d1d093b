#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# import.sh — a bulk import onto the server (staged comments sent by COPY, counters and tallies
# counted at the end: src/store/pg_bulk.c) gives exactly what the same import gives in a file:
# the same ids, seq, thread positions, counters, exports, searches and audit log, for text
# that COPY must escape (tabs, backslashes, carriage returns, newlines, "\N"), replies to rows
# of the file several levels deep and to comments that were there before, sections, new
# delegates; twice over (the second import answering the first's comments); and a refused file
# leaves the server untouched.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start || exit 1
F=$T/review.db
make_db "$F" >/dev/null || not_ok "fixture database"
"$GOPY" comment "$F" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến có sẵn" >/dev/null &&
	"$GOPY" comment "$F" --doc DA-CDS --as UBND-MD "Ý kiến có sẵn thứ hai" >/dev/null || not_ok "comments from before"
S=$(pg_newdb import)
"$GOPY" copy "$F" "$S" >/dev/null || not_ok "the review copied onto the server"
old=$(sqlite3 "$F" "SELECT id FROM comment ORDER BY seq LIMIT 1")

python3 - "$T/one.csv" "$old" <<'PY'
import csv, sys
out, old = sys.argv[1], sys.argv[2]
hostile = ["tab\there", "back\\slash \\N \\x41 \\\\", "cr\rlf\r\nend", "line\nbreak", '"quoted", comma',
           "Đề nghị ghi rõ “thẩm quyền” — điều 5", "  lề  ", "emoji 🇻🇳 and 漢字"]
with open(out, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "doc", "section", "author", "unit", "body", "created_at", "reply_to", "disposition", "response"])
    n = 0
    for i in range(60):
        n += 1
        sec = ["", "Điều 1", "Điều 2", "Điều 3"][i % 4]
        who, unit = (("STTTT-01", ""), ("Nguyễn Văn Mới %d" % (i % 5), "Xã Thử %d" % (i % 5)))[i % 2]
        body = hostile[i % len(hostile)] + " #%d" % i
        disp, resp = (("pending", ""), ("accepted", "tiếp\tthu \\ " + str(i)), ("explained", "giải\ntrình"))[i % 3]
        w.writerow(["r%d" % i, "DA-CDS", sec, who, unit, body, "2026-05-%02dT08:%02d:00Z" % (1 + i % 28, i % 60),
                    "", disp, resp])
        # replies: to this row, to the reply before (deeper), and now and then to a comment from before
        if i % 3 == 0:
            w.writerow(["q%d" % i, "DA-CDS", "", "UBND-MD", "", "trả lời\t" + body, "2026-05-%02dT09:00:00Z" % (1 + i % 28),
                        "r%d" % i, "pending", ""])
            w.writerow(["p%d" % i, "DA-CDS", "", "STTTT-01", "", "sâu hơn \\ " + body, "2026-05-%02dT10:00:00Z" % (1 + i % 28),
                        "q%d" % i, "pending", ""])
            w.writerow(["s%d" % i, "DA-CDS", "", "TK-01", "", "anh em " + body, "2026-05-%02dT11:00:00Z" % (1 + i % 28),
                        "r%d" % i, "pending", ""])
        if i % 10 == 5:
            w.writerow(["o%d" % i, "DA-CDS", "", "UBND-MD", "", "trả lời ý kiến cũ\r\n" + body, "2026-05-20T08:00:00Z",
                        old, "pending", ""])
PY

imp() { env GOPY_SEED=7 GOPY_NOW=2026-06-01T00:00:00Z "$GOPY" import-comments "$@"; }
same() { # NAME: the file and the server give the same for everything compared here
	local name=$1 what
	for what in "list --format tsv" "list --doc DA-CDS --comments --format tsv" "stats --doc DA-CDS --format json" \
		"export --doc DA-CDS --format json" "export --doc DA-CDS --format csv --audit" "log --format tsv" \
		"search thu --format tsv" "search tra loi --format tsv" "search back --format tsv"; do
		# shellcheck disable=SC2086
		"$GOPY" ${what%% *} "$F" ${what#* } >"$T/f.out" 2>&1
		# shellcheck disable=SC2086
		"$GOPY" ${what%% *} "$S" ${what#* } >"$T/s.out" 2>&1
		cmp -s "$T/f.out" "$T/s.out" || { not_ok "$name: $what is the file's" "$(diff "$T/f.out" "$T/s.out" | head -n 8)"; return; }
	done
	ok "$name: listings, stats, exports, audit log and searches are the file's"
	expect_eq "$name: ids, seq, thread positions, depth, root and text are the file's" \
		"$(sqlite3 "$F" "SELECT id, seq, hex(thread_key), depth, root_id, hex(body) FROM comment ORDER BY seq" | tr '|' ' ')" \
		"$(pg_psql import -c "SELECT id, seq, upper(encode(thread_key, 'hex')), depth, root_id, upper(encode(convert_to(body, 'UTF8'), 'hex')) FROM gopy.comment ORDER BY seq" | tr '|' ' ')"
	expect_eq "$name: the section counters are the file's" \
		"$(sqlite3 "$F" "SELECT id, n_comments, n_pending FROM section ORDER BY id" | tr '|' ' ')" \
		"$(pg_psql import -c "SELECT id, n_comments, n_pending FROM gopy.section ORDER BY id" | tr '|' ' ')"
	check "$name: gopy check passes on the server" "$GOPY" check "$S"
}

check "the import into the file" imp "$F" "$T/one.csv"
check "the same import onto the server" imp "$S" "$T/one.csv"
same "one import"

# A second import answering the first's comments (ids the file's own export gives).
first=$(sqlite3 "$F" "SELECT id FROM comment WHERE body LIKE 'line%' ORDER BY seq LIMIT 1")
deep=$(sqlite3 "$F" "SELECT id FROM comment WHERE body LIKE 'sâu hơn%' ORDER BY seq LIMIT 1")
{
	echo "doc,section,author,body,created_at,reply_to"
	for i in 1 2 3; do
		echo "DA-CDS,,STTTT-01,\"đợt hai $i \\\\ tab	x\",2026-06-0${i}T08:00:00Z,$first"
		echo "DA-CDS,,UBND-MD,đợt hai sâu $i,2026-06-0${i}T09:00:00Z,$deep"
		echo "DA-CDS,Điều 1,TK-01,đợt hai gốc $i,2026-06-0${i}T10:00:00Z,"
	done
} >"$T/two.csv"
check "a second import into the file" imp "$F" "$T/two.csv"
check "the same second import onto the server" imp "$S" "$T/two.csv"
same "two imports"

# A file with a mistake on its last line: refused, the server untouched.
before=$(sha "$S")
{ cat "$T/two.csv"; echo "DA-CDS,,NOBODY,sai,2026-06-09T08:00:00Z,"; } >"$T/bad.csv"
run imp "$S" "$T/bad.csv"
expect_eq "a file with a mistake is refused" 1 "$rc"
expect_eq "and the server is untouched" "$before" "$(sha "$S")"
