#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# passwords.sh — a password written into a server URL (user:PASSWORD@, ?password=) never shows:
# not in any message of any command, not in --print-config (from GOPY_DB or the configuration
# file), not in the interface.
. "$(dirname "$0")/../lib.sh"

s1=Hunter2inUserinfo s2=Hunter2inQuery
bad="postgresql://anna:$s1@/nosuchdb?host=$T/nosocket&password=$s2"
shown="postgresql://anna@/nosuchdb?host=$T/nosocket"

hidden() { # name, text: neither password is in the text
	case "$2" in
	*"$s1"* | *"$s2"* | *Hunter2*) not_ok "$1: no password shown" "$2" ;;
	*) ok "$1: no password shown" ;;
	esac
}

for cmd in "list" "init" "check" "stats" "log" "search x" "export --doc X" "comment --doc X hello" \
	"delegate list" "versions --doc X" "consult --doc X list" "import-comments $T/none.csv" "form --doc X -o $T/f.xlsx"; do
	set -- $cmd
	run "$GOPY" "$1" "$bad" "${@:2}"
	[ "$rc" -ne 0 ] && [ -n "$err" ] && ok "$1: fails with a message" || not_ok "$1: fails with a message" "rc=$rc err=$err"
	hidden "$1" "$out$err"
done
run "$GOPY" "$bad"
hidden "the interface's command line" "$out$err"
expect_contains "the interface names the server without its password" "$shown" "$err"
run env GOPY_DB="$bad" "$GOPY"
hidden "the interface on \$GOPY_DB" "$out$err"

run env GOPY_DB="$bad" "$GOPY" --print-config
hidden "--print-config, from GOPY_DB" "$out$err"
expect_contains "--print-config shows the URL without its password" "database $shown" "$out"
expect_contains "--print-config says a password is in use" "the password given in this URL is in use but never shown" "$out"
run env LANGUAGE=vi GOPY_DB="$bad" "$GOPY" --print-config
expect_contains "--print-config says so in Vietnamese" "mật khẩu ghi trong URL này vẫn được dùng" "$out"

mkdir -p "$HOME/.config/gopy"
printf 'database "%s"\n' "$bad" >"$HOME/.config/gopy/config"
run "$GOPY" --print-config
hidden "--print-config, from the configuration file" "$out$err"
expect_contains "--print-config: the file's URL without its password" "database $shown" "$out"
run "$GOPY"
hidden "the interface on the configuration's database" "$out$err"
rm "$HOME/.config/gopy/config"

run env GOPY_DB=postgresql://anna@host/db "$GOPY" --print-config
case "$out" in *"never shown"*) not_ok "no password, no note" "$out" ;; *) ok "no password, no note" ;; esac
# Only server URLs are touched: a file name with ':' and '@' is a file name.
run "$GOPY" list "$T/a:b@c.db"
expect_contains "a file name with : and @ is kept as it is" "$T/a:b@c.db" "$err"
