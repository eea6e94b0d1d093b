#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# limit.sh — the thread view's limit (l, mutt-style: ~a ~u ~s ~d ~p ~t and words, combined
# with AND) and sort orders (o): what the screen lists is compared with what the filters
# select from `gopy list --format json`; the limit and the order show in the status line;
# an empty pattern clears the limit; bad patterns give one-line errors and change nothing.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
status() { tail -n 2 "$1" | head -n 1; }
msg() { tail -n 1 "$1"; }
# The comments a dump shows, one "Name · YYYY-MM-DD HH:MM" per line, in screen order.
shown() { sed -n 's/^ *\(\* \)\{0,1\}[•▾▸] \(.*\) · \([0-9-]* [0-9:]*\).*/\2 · \3/p' "$1"; }

# Expected: the fixture's comments through the same filters, from the CLI's JSON.
"$GOPY" list "$R" --doc DA-TEST --comments --format json >"$T/list.json" 2>/dev/null
expect_ok=$?
expected() { # python filter expression over c (name, author, unit, section, created_at, body, disposition)
	python3 - "$T/list.json" "$1" "${2:-time}" <<'PY'
import json, sys, unicodedata
doc = json.load(open(sys.argv[1]))
def fold(s):
    s = unicodedata.normalize("NFD", (s or "").replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
rows = []
def walk(cs, label):
    for c in cs:
        c["section"] = label
        rows.append(c)
        walk(c.get("replies", []), label)
walk(doc["general"]["comments"] if isinstance(doc["general"], dict) else doc["general"], "")
for s in doc["sections"]:
    walk(s.get("comments", []), s["label"])
sel = [c for c in rows if eval(sys.argv[2], {"fold": fold, "c": c})]
if sys.argv[3] == "time":
    sel.sort(key=lambda c: (c["created_at"], c["id"]))
for c in sel:
    print("%s · %s %s" % (c["name"], c["created_at"][:10], c["created_at"][11:16]))
PY
}
expect_eq "the CLI lists the fixture as JSON" 0 "$expect_ok"
expect_eq "the fixture has 7 comments" 7 "$(expected True | wc -l)"

cat >"$T/keys" <<KEYS
<Enter>A
l~a B02<Enter>
@dump $T/l-author
l<C-u>~a "tran thi"<Enter>
@dump $T/l-name
l<C-u>~u "tam dao"<Enter>
@dump $T/l-unit
l<C-u>~s "dieu 1"<Enter>
@dump $T/l-section
l<C-u>~t 2026-05-02..2026-05-02<Enter>
@dump $T/l-day
l<C-u>~t ..2026-05-01<Enter>
@dump $T/l-until
l<C-u>kinh phi<Enter>
@dump $T/l-words
l<C-u>~a A01 kinh phi<Enter>
@dump $T/l-both
l<C-u>~a E04<Enter>d1
l<C-u>~d "tiep thu"<Enter>
@dump $T/l-disp
l<C-u>~p<Enter>
@dump $T/l-pending
l<C-u>~x foo<Enter>
@dump $T/l-bad
l<C-u>~t yesterday<Enter>
@dump $T/l-baddate
l<C-u>~s "Điều 9"<Enter>
@dump $T/l-badsec
l<C-u>section:"dieu 1"<Enter>
@dump $T/l-long-sec
l<C-u>~s"Điều 1"<Enter>
@dump $T/l-tight-sec
l<C-u>unit:"tam dao"<Enter>
@dump $T/l-long-unit
l<C-u>disposition:acc<Enter>
@dump $T/l-disp-prefix
l<C-u>~d tiep<Enter>
@dump $T/l-disp-ambiguous
l<C-u>section:dieu 1<Enter>
@dump $T/l-unquoted
l<C-u><Enter>
@dump $T/l-cleared
og
@dump $T/s-time
og
@dump $T/s-section
og
@dump $T/s-author
og
@dump $T/s-thread
KEYS
tui 160x40 "$T/keys" --as E04 "$R"
expect_eq "session exits 0" "0" "$rc"
expect_eq "nothing on stderr" "" "$err"

check_limit() { # name dump pattern python-filter
	expect_eq "$1: the list" "$(expected "$4" | sort)" "$(shown "$2" | sort)"
	local n; n=$(expected "$4" | wc -l)
	expect_contains "$1: the count" "limit: $3 — $n comment" "$(msg "$2")"
	expect_contains "$1: the status line" "limit: $3" "$(status "$2")"
}
check_limit "~a CODE" "$T/l-author" "~a B02" 'c["author"] == "B02"'
check_limit "~a name without diacritics" "$T/l-name" '~a "tran thi"' '"tran thi" in fold(c["name"])'
check_limit "~u unit" "$T/l-unit" '~u "tam dao"' '"tam dao" in fold(c["unit"])'
check_limit "~s section" "$T/l-section" '~s "dieu 1"' 'c["section"] == "Điều 1"'
check_limit "~t one day" "$T/l-day" "~t 2026-05-02..2026-05-02" 'c["created_at"][:10] == "2026-05-02"'
check_limit "~t open start" "$T/l-until" "~t ..2026-05-01" 'c["created_at"][:10] <= "2026-05-01"'
check_limit "words, diacritic-insensitive" "$T/l-words" "kinh phi" '"kinh phi" in fold(c["body"])'
check_limit "terms combine with AND" "$T/l-both" "~a A01 kinh phi" 'c["author"] == "A01" and "kinh phi" in fold(c["body"])'
"$GOPY" list "$R" --doc DA-TEST --comments --format json >"$T/list.json" 2>/dev/null # after d1
check_limit "~d disposition" "$T/l-disp" '~d "tiep thu"' 'c["disposition"] == "accepted"'
check_limit "~p pending" "$T/l-pending" "~p" 'c["disposition"] == "pending"'
expect_eq "d under a limit handled E04's comment" "Lê Thị Biên" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(c["name"] for c in d["general"]["comments"] if c["disposition"] == "accepted"))' "$T/list.json")"
golden "limit-author" "$T/l-author"
expect_eq "a limited list is flat: no indented comment" "" "$(grep -E '^ +[•▾▸*] ' "$T/l-section")"
expect_contains "unknown pattern: one-line error" "unknown pattern ~x (use ~a ~u ~s ~d ~p ~t, or words)" "$(msg "$T/l-bad")"
expect_contains "a bad pattern keeps the limit" "limit: ~p" "$(status "$T/l-bad")"
expect_contains "bad date" "~t needs dates like 2026-05-01..2026-05-31" "$(msg "$T/l-baddate")"
expect_contains "unknown section" "no section Điều 9 in this document" "$(msg "$T/l-badsec")"
# A quote right after a long name or ~x opens one value, the quotes removed; unquoted, the
# value ends at the first space.
check_limit "section:\"…\" quoted long name" "$T/l-long-sec" 'section:"dieu 1"' 'c["section"] == "Điều 1"'
check_limit "~s\"…\" quote right after the term" "$T/l-tight-sec" '~s"Điều 1"' 'c["section"] == "Điều 1"'
check_limit "unit:\"…\" quoted long name" "$T/l-long-unit" 'unit:"tam dao"' '"tam dao" in fold(c["unit"])'
check_limit "a unique disposition prefix" "$T/l-disp-prefix" 'disposition:acc' 'c["disposition"] == "accepted"'
expect_contains "an ambiguous prefix is unknown" "unknown disposition tiep" "$(msg "$T/l-disp-ambiguous")"
expect_contains "unquoted, the value ends at the space" "no section dieu in this document" "$(msg "$T/l-unquoted")"
expect_eq "an empty pattern clears: every comment again" 7 "$(shown "$T/l-cleared" | wc -l)"
expect_contains "and says so" "limit cleared" "$(msg "$T/l-cleared")"
case "$(status "$T/l-cleared")" in *limit:*) not_ok "no limit in the status line" ;; *) ok "no limit in the status line" ;; esac
expect_contains "replies are indented again" "  • " "$(cat "$T/l-cleared")"

# Sort orders: o cycles time, section, author, thread, shown in the status line (o keeps the
# selected comment in place; g shows each list from its start).
expect_contains "o: by time" "sort: by time" "$(status "$T/s-time")"
expect_eq "by time: the list in created order" "$(expected True time)" "$(shown "$T/s-time")"
expect_contains "o o: by section" "sort: by section" "$(status "$T/s-section")"
expect_eq "by section: general first, then Điều 1's threads, then Khoản 2" \
	"$(expected 'c["section"] == ""' none; expected 'c["section"] == "Điều 1"' none; expected 'c["section"] == "Khoản 2"' none)" \
	"$(shown "$T/s-section")"
expect_contains "o o o: by author" "sort: by author" "$(status "$T/s-author")"
# The Vietnamese order of names: by given name (An < Biên < Bình, letters before CJK), then
# family and middle name, then time.
expect_eq "by author: Vietnamese order of names" "Nguyễn Văn An
Nguyễn Văn An
Lê Thị Biên
Trần Thị Bình
Trần Thị Bình
王小明
王小明" "$(shown "$T/s-author" | sed 's/ · .*//')"
golden "sort-author" "$T/s-author"
case "$(status "$T/s-thread")" in *sort:*) not_ok "back to thread order" "$(status "$T/s-thread")" ;; *) ok "back to thread order" ;; esac
expect_eq "thread order lists the same comments" "$(expected True | sort)" "$(shown "$T/s-thread" | sort)"
