#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# hostile.sh — comments carrying terminal control sequences (ESC, OSC, C1 controls,
# backspaces, CR, bidi overrides) are stored as given but never reach a terminal: the
# text output of list and search is sanitised, tsv keeps one record per line with a fixed
# number of columns, and json carries the exact text, escaped.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB review
make_db "$DB" >/dev/null || not_ok "fixture database"

# ESC[2J (clear), OSC 0 (title), OSC 52 (clipboard) in C1 form, backspaces, CR, U+202E, DEL, ^A
EVIL=$(printf 'Tieu de\033[2J\033]0;pwned\007 x\xc2\x9d52;c;aGk=\xc2\x9c y\b\b\bz \xe2\x80\xaedao nguoc\r\ndong hai\x7f\x01 het')
gv ID1 comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 "$EVIL"
printf 'doc,section,author,unit,body\nDA-CDS,Điều 3,Kẻ\033[31m Xấu,Đơn vị\xc2\x85 lạ,"CSV \033]52;c;bWFs\007 qua\rtập tin"\n' >"$T/evil.csv"
rung import-comments "$DB" "$T/evil.csv"
expect_eq "hostile comments are accepted" "0|imported 1 comment" "$rc|$out"
[[ "$ID1" =~ ^[0-9]+$ ]] && ok "hostile comment stored" || not_ok "hostile comment stored" "$ID1"

no_controls() { # NAME FILE: no ESC, no C1 (UTF-8 C2 80..9F), no BS, no CR, no DEL, no bidi override
	local bad
	bad=$(py '
import sys
b = open(sys.argv[1], "rb").read()
t = b.decode("utf-8")
found = []
for ch in t:
    o = ord(ch)
    if (o < 0x20 and ch not in "\n\t") or 0x7f <= o <= 0x9f or o in (0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069):
        found.append(hex(o))
print(" ".join(sorted(set(found))))
' "$2")
	expect_eq "$1" "" "$bad"
}

g list "$DB" --doc DA-CDS --comments >"$T/list.txt"
no_controls "list --comments text: no control characters" "$T/list.txt"
expect_contains "list text still shows the words around them" "dao nguoc" "$(cat "$T/list.txt")"
expect_contains "list text: a line break in the body stays a line break" "dong hai" "$(grep -A1 'dao nguoc' "$T/list.txt")"
g list "$DB" --doc DA-CDS --comments --format tsv >"$T/list.tsv"
no_controls "list --comments tsv: no control characters except tab and newline" "$T/list.tsv"
expect_eq "tsv: every line has the 11 columns of a comment" "11 2" \
	"$(awk -F'\t' 'NR > 1 { n[NF]++ } END { for (k in n) print k, n[k] }' "$T/list.tsv" | sort)"
expect_eq "tsv: 1 header + 2 comments, one line each" 3 "$(wc -l <"$T/list.tsv")"
g search "$DB" "dao nguoc" >"$T/search.txt" 2>/dev/null
no_controls "search text: no control characters" "$T/search.txt"
expect_contains "search text found it" "[$ID1]" "$(cat "$T/search.txt")"
g search "$DB" "tap tin" --format tsv >"$T/search.tsv"
no_controls "search tsv: no control characters" "$T/search.tsv"
expect_eq "search tsv: header and one row of 8 columns" "8 8" "$(awk -F'\t' '{ printf "%s%s", sep, NF; sep = " " }' "$T/search.tsv")"
g delegate "$DB" list >"$T/delegates.txt"
no_controls "delegate list: the hostile name and unit are cleaned" "$T/delegates.txt"
g list "$DB" >"$T/docs.txt"
no_controls "document list: clean" "$T/docs.txt"

# json keeps the exact text (escaped) so that programs get what was stored
g list "$DB" --doc DA-CDS --comments --format json >"$T/list.json"
expect_eq "json carries the exact stored body" "$(db_sql "$DB" "SELECT $(sql_hex body) FROM comment WHERE id = $ID1")" \
	"$(py 'import json,sys; d=json.load(open(sys.argv[1])); print([c["body"] for s in d["sections"] for c in s.get("comments", []) if c["id"] == sys.argv[2]][0].encode().hex().upper())' "$T/list.json" "$ID1")"
expect_eq "json has no raw control bytes" "" "$(tr -d '\n' <"$T/list.json" | LC_ALL=C grep -c $'[\x01-\x1f\x7f]' | grep -v '^0$')"

# errors that echo user input are sanitised too
rung list "$DB" --doc "$(printf 'X\033]0;t\007Y')"
expect_eq "an error echoing input exits 1" 1 "$rc"
printf '%s' "$err" >"$T/err.txt"
no_controls "the error message has no control characters" "$T/err.txt"
rung check "$DB"
expect_eq "check passes" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"
