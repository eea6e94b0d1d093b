#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# lineedit.sh — one line editor for every one-line prompt: the same keys (Backspace, Ctrl-W,
# Left, Right, Home, End, Ctrl-U, Ctrl-K, Delete) edit by grapheme cluster in the `:` prompt,
# the search prompt, the limit prompt, the response prompt, the export prompt and the speaker
# picker's query.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
NFD=$(printf 'Vie\xcc\xa3\xcc\x82t')   # "Việt" with the marks as combining characters
# The edits: Ctrl-W drops "mới", Backspace the space, two Lefts, X, Home Y, End Z, then the
# cursor after the fourth cluster (Y V i ệ) and Backspace drops "ệ" whole (three code points).
EDITS="$NFD Nam mới<C-w><BS><Left><Left>X<Home>Y<End>Z<Home><Right><Right><Right><Right><BS>"
WANT="YVit NXamZ"

edited() { # NAME OPEN-KEYS PATTERN ARGS...: open a prompt, edit, dump; the row with PATTERN
	local name=$1 open=$2 pat=$3
	shift 3
	printf '%s\n%s\n@dump %s\n' "$open" "$EDITS" "$T/$name" >"$T/k-$name"
	tui 80x24 "$T/k-$name" "$@" "$R"
	grep -F "$pat" "$T/$name" | head -n 1 | sed 's/ *│*$//'
}
expect_eq ": prompt" ":$WANT" "$(edited cmd ':' ':')"
expect_eq "/ prompt" "/$WANT" "$(edited search '<Enter>/' '/Y')"
expect_eq "limit prompt" "$WANT" "$(edited limit '<Enter>:section Điều 1<Enter>l' 'Limit' | sed 's/^.*: //')"
expect_eq "response prompt" "Response: $WANT" "$(edited resp '<Enter>:section Điều 1<Enter>R<C-u>' 'Response:' --as E04)"
expect_eq "export prompt" "Export format (txt, md, csv, html, json, docx, xlsx): $WANT" "$(edited exp '<Enter>x<C-u>' 'Export format')"
expect_eq "picker query" "│Find: $WANT" "$(edited pick '<Enter>S' 'Find:' --as S05 | sed 's/^ *//; s/ *$//')"

# Ctrl-U, Ctrl-K and Delete around the cursor, in the : prompt.
printf ':abc def<Left><Left><C-k>\n@dump %s\n<C-u>xy<Home><Del>\n@dump %s\n' "$T/k1" "$T/k2" >"$T/kk"
tui 80x24 "$T/kk" "$R"
expect_eq "Ctrl-K deletes to the end" ":abc d" "$(tail -n 1 "$T/k1")"
expect_eq "Ctrl-U deletes to the start; Delete the character under the cursor" ":y" "$(tail -n 1 "$T/k2")"
