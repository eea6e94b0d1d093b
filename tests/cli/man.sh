#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# man.sh — the man page is current and clean: its key list is exactly what the keymap
# prints (make man-keys), mandoc finds nothing to warn about, and every command and option
# that `gopy --help` shows is documented in it.
. "$(dirname "$0")/../lib.sh"
MAN=$ROOT/man/gopy.1

keys_in_man=$(awk '/^\.\\" BEGIN KEYS/ { on = 1; next } /^\.\\" END KEYS/ { on = 0 } on' "$MAN")
expect_eq "the KEYS section matches the keymap (run 'make man-keys')" "$("$GOPY" --keys-man)" "$keys_in_man"

if command -v mandoc >/dev/null; then
	lint=$(mandoc -Tlint -W warning "$MAN" 2>&1)
	expect_eq "mandoc -Tlint finds nothing" "" "$lint"
else
	not_ok "mandoc is installed (sh scripts/deps.sh --test)"
fi

help=$("$GOPY" --help)
missing=""
for word in $(printf '%s\n' "$help" | grep -oE '(^|[ [])--?[a-z][a-z-]*' | tr -d ' [' | sort -u); do
	grep -q -- "$(printf '%s' "$word" | sed 's/-/\\\\-/g')" "$MAN" || missing+="$word "
done
for cmd in init import delegate comment import-comments list search export check log demo versions align; do
	grep -q "^\.B gopy $(printf '%s' "$cmd" | sed 's/-/\\\\-/g')" "$MAN" || missing+="$cmd "
done
expect_eq "every command and option of --help is in the man page" "" "$missing"
expect_contains "the README shows the test command" "make check" "$(cat "$ROOT/README.md")"
expect_contains "the README shows the demo command" "make demo" "$(cat "$ROOT/README.md")"
