#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# progress.sh — long work shows a progress bar with the rate and the time left on standard
# error when it is a terminal (a pseudo-terminal from python3's pty module), redrawn in place
# and erased at the end, and nothing at all when it is not: import-comments (checking, then
# importing), export -o, gopy check. The report and the messages on standard output are the
# same either way.
# engines: both
. "$(dirname "$0")/../lib.sh"
export GOPY_SAMPLE_DATA=$ROOT/sample-data GOPY_PROGRESS_DELAY_MS=0
PTY=$ROOT/tests/cli/data/ptyrun.py
PY=/usr/bin/python3
new_db DB r
"$GOPY" demo "$DB" </dev/null >/dev/null 2>&1
# 6,000 comments by new delegates (named with their unit), on the sample đề án
"$PY" - "$T/c.csv" <<'PYEOF'
import csv, sys
with open(sys.argv[1], "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["doc", "author", "unit", "body", "created_at"])
    for i in range(6000):
        w.writerow(["DA-CDS-2021", "Đại biểu %d" % (i % 97), "Đơn vị %d" % (i % 13),
                    "Ý kiến số %d về chuyển đổi số" % i, "2021-05-01T08:%02d:%02dZ" % (i // 60 % 60, i % 60)])
PYEOF
db_copy "$DB" R2 r2

bar_checks() { # NAME FILE WHAT UNIT [quick]: the terminal got the bar, redrawn in place and erased
	local s
	s=$(cat "$2")
	expect_contains "$1: names the work" "$3" "$s"
	expect_contains "$1: a bar" "░" "$s"
	expect_contains "$1: the share done" "%" "$s"
	expect_contains "$1: counts in $4" "$4" "$s"
	if [ "${5:-}" != quick ]; then # work too quick for a second line has no rate yet
		expect_contains "$1: the bar fills" "█" "$s"
		expect_contains "$1: the rate" "/s" "$s"
		expect_contains "$1: the time left" "left" "$s"
	fi
	expect_contains "$1: redrawn in place" $'\r' "$s"
	[ "$(tail -c 4 "$2" | od -An -tx1 | tr -d ' \n')" = "0d1b5b4b" ] && ok "$1: erased at the end" ||
		not_ok "$1: erased at the end" "$(tail -c 40 "$2" | od -c)"
	if "$PY" - "$2" <<'PYEOF'
import re, sys, unicodedata
data = open(sys.argv[1], encoding="utf-8", errors="replace").read()
for line in re.split(r"[\r\n]", data):
    line = line.replace("\x1b[K", "")
    w = sum(0 if unicodedata.combining(c) else 1 for c in line)
    if w >= 80:
        sys.exit("too wide (%d): %r" % (w, line))
PYEOF
	then ok "$1: each line fits the terminal"; else not_ok "$1: each line fits the terminal"; fi
}

# ---- on a terminal ----------------------------------------------------------------------------
"$PY" "$PTY" "$T/out" "$T/err" "$GOPY" import-comments "$DB" "$T/c.csv"
expect_eq "import on a terminal: exit 0" "0" "$?"
expect_eq "import on a terminal: the same message on stdout" "imported 6000 comments" "$(cat "$T/out")"
bar_checks "import" "$T/err" "importing c.csv" "rows"
expect_contains "import: the checking pass too" "checking c.csv" "$(cat "$T/err")"

"$PY" "$PTY" "$T/out" "$T/err" "$GOPY" export "$DB" --doc DA-CDS-2021 --format html -o "$T/r.html"
expect_eq "export on a terminal: exit 0" "0" "$?"
bar_checks "export" "$T/err" "exporting DA-CDS-2021" "comments"
"$GOPY" export "$DB" --doc DA-CDS-2021 --format html -o "$T/r-plain.html" 2>"$T/err-plain"
cmp -s "$T/r.html" "$T/r-plain.html" && ok "export: the same report with or without the bar" ||
	not_ok "export: the same report with or without the bar"

"$PY" "$PTY" "$T/out" "$T/err" "$GOPY" check "$DB"
expect_eq "check on a terminal: exit 0" "0" "$?"
expect_eq "check on a terminal: the verdict on stdout" "$DB: ok (schema $SCHEMA)" "$(cat "$T/out")"
bar_checks "check" "$T/err" "checking ${DB:0:24}" "checks" quick # a long name is cut to fit

# ---- not on a terminal: nothing extra -------------------------------------------------------------
"$GOPY" import-comments "$R2" "$T/c.csv" >"$T/out" 2>"$T/err"
expect_eq "import off a terminal: the message" "imported 6000 comments" "$(cat "$T/out")"
expect_eq "import off a terminal: nothing on stderr" "0" "$(wc -c <"$T/err")"
expect_eq "export off a terminal: nothing on stderr" "0" "$(wc -c <"$T/err-plain")"
"$GOPY" check "$R2" >"$T/out" 2>"$T/err"
expect_eq "check off a terminal: nothing on stderr" "0" "$(wc -c <"$T/err")"
expect_eq "check off a terminal: the verdict" "$R2: ok (schema $SCHEMA)" "$(cat "$T/out")"
# a report on stdout that is the terminal itself gets no bar mixed into it
"$PY" "$PTY" "$T/out" "$T/err" sh -c "exec \"\$0\" export \"\$1\" --doc NQ-THD-2021 --format txt 2>&1 >/dev/tty" \
	"$GOPY" "$DB"
expect_eq "export to the terminal: the report alone, no bar" "" "$(grep -c '█' "$T/err" | grep -v '^0$')"
