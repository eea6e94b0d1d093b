#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# limit_search.sh — a search (/ n N) made inside a limit by text finds only comments that match
# both the limit's words and the search's: the limit stays the view's scope, as in mutt.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
# The selected comment of a @dumpattr dump: "name · date time" of its header, the row marked '#'.
selected() { awk 'prev != "" && /#/ { print prev; exit } { prev = $0 }' "$1" | sed 's/^ *[•▾▸] //; s/ \[.*//'; }
msg() { tail -n 1 "$1"; }

# The limit "cap xa" holds c1 (A01, "... an ninh mạng cho cấp xã") and c6 (C03, "Cấp xã thiếu
# cán bộ chuyên trách"); c5 (B02) says "an ninh mạng" too, but not "cấp xã".
cat >"$T/keys" <<KEYS
<Enter>A
lcap xa<Enter>
@dumpattr $T/limit
/mang<Enter>
@dumpattr $T/first
n
@dumpattr $T/next
N
@dumpattr $T/prev
/chuyen trach<Enter>
@dumpattr $T/only
/kinh phi<Enter>
@dumpattr $T/outside
KEYS
tui 120x30 "$T/keys" "$R"
expect_eq "session exits 0" "0" "$rc"
expect_eq "nothing on stderr" "" "$err"

c1="Nguyễn Văn An · 2026-05-01 08:00" # c1, A01's "... an ninh mạng cho cấp xã"
expect_eq "the limit holds the two comments about cấp xã" "limit: cap xa — 2 comments" "$(msg "$T/limit")"
expect_eq "/mang: the comment in the limit that says mạng" "$c1" "$(selected "$T/first")"
expect_eq "/mang: one match in the limit, not two in the document" "match 1 of 1" "$(msg "$T/first" | sed 's/ ·.*//')"
expect_eq "n: the search wraps to the same comment, not to B02's outside the limit" \
	"$c1" "$(selected "$T/next")"
expect_eq "n: it says so" "1" "$(msg "$T/next" | grep -c 'search wrapped')"
expect_eq "N: the same, backwards" "$c1" "$(selected "$T/prev")"
expect_eq "/chuyen trach: the other comment of the limit" "王小明 · 2026-05-02 09:00" "$(selected "$T/only")"
expect_eq "/kinh phi: only outside the limit, so not in this list" "1" "$(msg "$T/outside" | grep -c 'not in this list: kinh phi')"
