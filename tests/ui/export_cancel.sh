#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# export_cancel.sh — Ctrl-C during an export from the review screen cancels it: the message
# line says so, no file is left (not the report, not its temporary file), an older file of that
# name stays as it was, and the next export works. Headless: the script's <C-c> right after the
# export's Enter is the key pressed while it runs.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"
new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
mkdir -p "$T/out"
echo "an older report" >"$T/out/old.html"
cat >"$T/keys" <<KEYS
<Enter>
:export html $T/out/new.html<Enter>
<C-c>
@dump $T/cancelled
:export html $T/out/old.html<Enter>
y
<C-c>
@dump $T/cancelled2
:export md $T/out/new.md<Enter>
@dump $T/written
q
q
KEYS
tui 80x24 "$T/keys" "$R"
expect_eq "exit status 0" "0" "$rc"
expect_contains "Ctrl-C cancels the export" "export cancelled" "$(tail -n 1 "$T/cancelled")"
[ ! -e "$T/out/new.html" ] && ok "no report is left" || not_ok "no report is left"
expect_eq "nor a temporary file" "new.md old.html" "$(cd "$T/out" && ls | tr '\n' ' ' | sed 's/ $//')"
expect_contains "cancelling over an older file says so too" "export cancelled" "$(tail -n 1 "$T/cancelled2")"
expect_eq "the older file is untouched" "an older report" "$(cat "$T/out/old.html")"
expect_contains "the next export works" "report written:" "$(tail -n 1 "$T/written")"
[ -s "$T/out/new.md" ] && ok "and writes its file" || not_ok "and writes its file"
