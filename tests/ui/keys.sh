#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# keys.sh — the key tables of every mode (ui_keymap.c): no key bound twice in one mode (nor in
# the picker and the prompt keys it sits on), every mode listed in the man page's key list with
# a name for `bind`, the help screen of the thread view covering the compose pane, prompts,
# the picker and menus; and `bind` (the key script's @bind) changing what a key does.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

keys=$("$GOPY" --keys-man)
# Keys bound more than once in one mode (.SS group) of a --keys-man listing on stdin; with two
# group names, keys found in both of those groups.
dups() {
	awk -v a="${1:-}" -v b="${2:-}" '
		/^\.SS / { g = $NF; gsub(/[()]/, "", g); next }
		/^\.B / { k = substr($0, 4); n[g SUBSEP k]++; if (n[g SUBSEP k] == 2 && a == "") print g ": " k; in_[g, k] = 1 }
		END { if (a != "") for (x in in_) { split(x, p, SUBSEP); if (p[1] == a && ((b, p[2]) in in_)) print a "+" b ": " p[2] } }'
}
# The checker itself finds a key bound twice.
printf '.SS Test (t)\n.TP\n.B j\ndown\n.TP\n.B k\nup\n.TP\n.B j\nup\n' >"$T/dup"
expect_eq "the duplicate check finds a key bound twice" "t: j" "$(dups <"$T/dup")"
expect_eq "no key is bound twice in one mode" "" "$(printf '%s\n' "$keys" | dups)"
expect_eq "the picker's list keys and the prompt keys do not overlap" "" "$(printf '%s\n' "$keys" | dups picker prompt)"
for m in docs reader thread help compose compose-x prompt picker menu; do
	expect_contains "the key list has the $m mode" "($m)" "$(printf '%s\n' "$keys" | grep '^\.SS')"
done
expect_eq "every binding names its action" "" "$(printf '%s\n' "$keys" | grep -F '.RI ( ? )')"

# The help screen of the thread view covers the modes it opens.
new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
printf '<Enter>:section Điều 1<Enter>\n?\nG\n@dump %s\n' "$T/help" >"$T/kh"
tui 80x200 "$T/kh" "$R"
h=$(cat "$T/help")
for t in "In the compose pane:" "In the compose pane, after Ctrl-X:" "In one-line prompts" "In the speaker picker (S):" "In menus"; do
	expect_contains "thread help: $t" "$t" "$h"
done
expect_contains "thread help: a compose key" "<C-s> <F2>        save the text" "$h"
expect_contains "thread help: a prompt key" "<C-w>             delete the word before the cursor" "$h"

# j in the reader as it is, before the run below saves a comment: what its x must show.
printf '<Enter>j\n@dumpattr %s\n' "$T/j1" >"$T/kj"
tui 80x24 "$T/kj" --as A01 "$R"
# @bind (what the configuration's bind does): a key of a view, and one of the compose pane.
cat >"$T/kb" <<KEYS
@bind views x down
@bind compose <C-o> save
@bind compose <C-s> none
@bind compose <F2> none
<Enter>x
@dumpattr $T/b1
:section Điều 3<Enter>
c
Lưu bằng phím mới<C-s>
@dump $T/b2
<C-o>
@dump $T/b3
KEYS
tui 80x24 "$T/kb" --as A01 "$R"
expect_eq "bind: exit status" "0" "$rc"
expect_eq "bind: x moves down in the reader as j does" "$(cat "$T/j1")" "$(cat "$T/b1")"
expect_contains "bind: the unbound key no longer saves" "Lưu bằng phím mới" "$(sed -n 2p "$T/b2")"
expect_contains "bind: the hints follow the binding" "^O save" "$(sed -n 23p "$T/b2")"
expect_eq "bind: the new key saves" "comment saved" "$(tail -n 1 "$T/b3")"
printf '@bind views x frobnicate\n' >"$T/kbad"
tui 80x24 "$T/kbad" "$R"
expect_contains "bind: an unknown action is named" "unknown action frobnicate" "$err"
