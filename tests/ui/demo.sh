#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# demo.sh — the issue's "done when" walk on the sample database built by `gopy demo`: land
# in the document list, open the draft, read it, walk into a thread, collapse and expand it,
# search "an ninh mang" without diacritics and land on "an ninh mạng", ? for help, q out.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

cat >"$T/keys" <<KEYS
@dump $T/1-docs
<Enter>
@dump $T/2-reader
<PgDn>
@dump $T/3-read-on
g]]
@dump $T/4-section
<Enter>
@dump $T/5-thread
:q
KEYS
export GOPY_SAMPLE_DATA=$ROOT/sample-data
new_db DB demo
tui 80x24 "$T/keys" demo "$DB"
expect_eq "gopy demo exits 0" "0" "$rc"
expect_contains "lands in the document list" "DA-CDS-2021" "$(cat "$T/1-docs")"
expect_contains "the demo opens as the sample's secretary, able to write" "as Đỗ Thị Thu Hà (TU-VP-01)" \
	"$(cat "$T/1-docs")"
expect_contains "Enter opens the draft" "General comments on the whole draft" "$(cat "$T/2-reader")"
if [ "$(cat "$T/2-reader")" != "$(cat "$T/3-read-on")" ]; then ok "PgDn reads on"; else not_ok "PgDn reads on"; fi
expect_contains "] ] jumps past the commented preamble to a section with comments" "▶" "$(cat "$T/4-section")"
expect_contains "Enter opens its thread" "comments on" "$(head -n 1 "$T/5-thread")"

# In the whole-document thread: collapse and expand, search, help, quit.
cat >"$T/keys2" <<KEYS
<Enter>A
@dump $T/6-all
/an ninh mang<Enter>
@dumpattr $T/7-search
Z
@dump $T/8-collapsed
z
@dump $T/9-expanded
?
@dump $T/10-help
q
q
q
@dump $T/11-docs
q
KEYS
tui 80x24 "$T/keys2" "$DB"
expect_eq "second run exits 0" "0" "$rc"
expect_contains "A shows every comment" "all comments" "$(head -n 1 "$T/6-all")"
expect_contains "search without diacritics says so" "/an ninh mang (ignoring diacritics)" "$(tail -n 1 "$T/7-search")"
# The match is marked under the characters of "an ninh mạng".
hit=$(grep -B1 '\^\^\^\^\^\^\^\^\^\^\^\^' "$T/7-search" | head -n 1)
expect_contains "the highlighted words are 'an ninh mạng'" "an ninh mạng" "$hit"
marks=$(grep -m1 '\^' "$T/7-search")
pos=$(python3 -c 'import sys; l=sys.argv[1]; m=sys.argv[2]; i=m.index("^"); print(l[i:i+m.count("^")])' "$hit" "$marks")
expect_eq "exactly 'an ninh mạng' is highlighted" "an ninh mạng" "$pos"
expect_contains "Z collapses threads" "[collapsed]" "$(head -n 1 "$T/8-collapsed")"
expect_contains "Z shows hidden replies" "hidden]" "$(cat "$T/8-collapsed")"
case "$(head -n 1 "$T/9-expanded")" in *collapsed*) not_ok "z expands again" ;; *) ok "z expands again" ;; esac
expect_contains "? shows the thread keys" "collapse or expand the replies" "$(cat "$T/10-help")"
expect_contains "q goes back to the document list" "gopy — documents" "$(head -n 1 "$T/11-docs")"
