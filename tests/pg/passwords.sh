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

# ---- on a real server: the password works, and a running gopy shows it nowhere -----------------
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/ui/tmux.bash"
tmux_start pw
. "$ROOT/tests/pg/server.bash"
pg_start || exit 1
pg_password_role "anna_$$" 'Hunter2pgRole'
U=$(pg_newdb pw)
pg_psql pw -c "ALTER DATABASE $(pg_dbname pw) OWNER TO anna_$$"
plain="postgresql://anna_$$@/$(pg_dbname pw)?host=$PG_HOST&port=$PG_PORT"
with="postgresql://anna_$$:Hunter2pgRole@/$(pg_dbname pw)?host=$PG_HOST&port=$PG_PORT"
run "$GOPY" init "$plain"
expect_contains "without its password the role is refused" 'no password supplied' "$err"
run "$GOPY" init "$with"
expect_eq "with the password in the URL: gopy init works" "0|created $plain" "$rc|$out"
g import "$with" "$ROOT/tests/cli/data/draft.md" --code DA-TEST >/dev/null || not_ok "a draft is imported through the URL with its password"
run "$GOPY" list "$with" --format tsv
expect_contains "…and read back" "DA-TEST" "$out"
hidden "gopy init and list on the server" "$out$err"

# A running interface, connected: its command line and environment, as ps shows them.
tm new-session -d -s t -x 100 -y 24 \
	"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color HOME='$HOME' GOPY_DB='$with' '$GOPY' '$with'"
tm set-option -g status off >/dev/null
if wait_for "DA-TEST" 10; then ok "the interface is connected with the URL's password"; else not_ok "the interface is connected with the URL's password" "$(screen)"; fi
pid=$(tm display-message -p -t t '#{pane_pid}')
args=$(ps -o args= -p "$pid")
expect_contains "ps shows the running gopy's database without its password" "$plain" "$args"
hidden "ps of the running gopy" "$args"
hidden "its /proc command line" "$(tr '\0' ' ' </proc/"$pid"/cmdline)"
hidden "its environment (GOPY_DB)" "$(tr '\0' '\n' </proc/"$pid"/environ)"
hidden "its screen" "$(screen)"
tm send-keys -t t q

# libpq's own ways, better than a password in the URL: PGPASSFILE and PGSERVICE.
printf '*:*:%s:anna_%s:Hunter2pgRole\n' "$(pg_dbname pw)" "$$" >"$T/pgpass"
chmod 600 "$T/pgpass"
run env PGPASSFILE="$T/pgpass" "$GOPY" list "$plain" --format tsv
expect_contains "PGPASSFILE: the password comes from the file" "DA-TEST" "$out"
printf '[review]\nhost=%s\nport=%s\ndbname=%s\nuser=anna_%s\n' "$PG_HOST" "$PG_PORT" "$(pg_dbname pw)" "$$" >"$T/services"
run env PGSERVICEFILE="$T/services" PGPASSFILE="$T/pgpass" "$GOPY" list "postgresql:///?service=review" --format tsv
expect_contains "PGSERVICE: postgresql:///?service=NAME names the server, database and role" "DA-TEST" "$out"
run env PGSERVICEFILE="$T/services" PGSERVICE=review PGPASSFILE="$T/pgpass" "$GOPY" list "postgresql://" --format tsv
expect_contains "PGSERVICE in the environment" "DA-TEST" "$out"
