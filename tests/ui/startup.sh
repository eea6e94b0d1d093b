#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# startup.sh — starting the TUI: a non-UTF-8 locale is refused with one clear line, no
# terminal is refused, who I am (--as, login mapping, read-only) shows in the status line,
# an unknown --as fails, `:doc`, unknown commands and keys give messages, bad scripts fail.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
printf '@dump %s\n' "$T/s" >"$T/dump"

# Non-UTF-8 locale: status 1, one line, nothing drawn.
out=$(LC_ALL=C LANG=C GOPY_HEADLESS_SCRIPT="$T/dump" "$GOPY" "$R" 2>&1); rc=$?
expect_eq "C locale: exit status 1" "1" "$rc"
expect_contains "C locale: says it needs UTF-8" "needs a UTF-8 locale" "$out"
expect_eq "C locale: one line" "1" "$(printf '%s\n' "$out" | wc -l)"

# Without a terminal (and not headless) it refuses instead of drawing garbage.
run "$GOPY" "$R"
expect_eq "no terminal: exit status 1" "1" "$rc"
expect_contains "no terminal: says why" "terminal" "$err"

# Read-only when neither --as nor the login names a delegate.
tui 80x24 "$T/dump" "$R"
expect_contains "read-only without identity" "read-only [use --as CODE to comment]" "$(tail -n 2 "$T/s")"
# --as CODE.
tui 80x24 "$T/dump" --as B02 "$R"
expect_contains "--as shows who I am" "as Trần Thị Bình (B02)" "$(tail -n 2 "$T/s")"
# Login mapping (delegate add --login alice): the system login decides, not $USER, which
# anyone can set.
USER=alice tui 80x24 "$T/dump" "$R"
expect_contains "\$USER does not make a user a delegate" "read-only [use --as CODE to comment]" "$(tail -n 2 "$T/s")"
db_copy "$R" LOGIN login
db_sql "$LOGIN" "UPDATE delegate SET login = '$(id -un)' WHERE code = 'A01'"
tui 80x24 "$T/dump" "$LOGIN"
expect_contains "the login maps to a delegate" "as Nguyễn Văn An (A01) [login]" "$(tail -n 2 "$T/s")"
# A world-writable review file: warned in the status line (and on stderr). A file's own
# permissions; a server's are its roles' (tests/pg/roles.sh).
if ! on_server; then
	cp "$R" "$T/ww.db" && chmod 666 "$T/ww.db"
	tui 80x24 "$T/dump" "$T/ww.db"
	expect_contains "a world-writable file: the screen warns" "warning: every user of this system can write this file" "$(tail -n 1 "$T/s")"
	expect_contains "a world-writable file: stderr warns" "is writable by every user of this system" "$err"
fi
# Unknown --as: status 1 before the screen starts.
tui 80x24 "$T/dump" --as NOBODY "$R"
expect_eq "unknown --as: exit status 1" "1" "$rc"
expect_contains "unknown --as: says so" "no delegate with code NOBODY" "$err"
# $GOPY_DB is used when no DB is given.
GOPY_DB=$R tui 80x24 "$T/dump"
expect_contains "GOPY_DB names the database" "r.db" "$(tail -n 2 "$T/s")"

# :doc, an unknown document, an unknown command, an unbound key.
cat >"$T/keys" <<KEYS
:doc NQ-宽<Enter>
@dump $T/doc
:doc NOPE<Enter>
@dump $T/nodoc
:frobnicate<Enter>
@dump $T/nocmd
%
@dump $T/nokey
:q<Enter>
@dump $T/never
KEYS
tui 80x24 "$T/keys" "$R"
expect_eq ":q exits 0" "0" "$rc"
expect_contains ":doc opens a document" "NQ-宽 — 草案" "$(head -n 1 "$T/doc")"
expect_contains ":doc with an unknown code" "no document NOPE" "$(tail -n 1 "$T/nodoc")"
expect_contains "unknown command" "unknown command: frobnicate" "$(tail -n 1 "$T/nocmd")"
expect_contains "unbound key" "key % does nothing here (? for help)" "$(tail -n 1 "$T/nokey")"
if [ -e "$T/never" ]; then not_ok ":q stops reading the script"; else ok ":q stops reading the script"; fi

# A script with an unknown command fails clearly.
printf '@frob\n' >"$T/bad"
tui 80x24 "$T/bad" "$R"
expect_eq "bad script: exit status 1" "1" "$rc"
expect_contains "bad script: names the line" "bad:1: unknown script command @frob" "$err"
