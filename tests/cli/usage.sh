#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# usage.sh — command-line mistakes a new user makes get a message that names them: an unknown
# command, a command missing a required option; every option of the man page's synopsis is in
# --help. Usage errors exit with status 2.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB r
make_db "$DB" >/dev/null || not_ok "fixture database"
cd "$T" || exit 1

run "$GOPY" frobnicate x.db
expect_eq "unknown command: exit status 2" "2" "$rc"
expect_contains "unknown command: says so" "unknown command 'frobnicate'" "$err"
run "$GOPY" frobnicate
expect_contains "unknown command alone: says so" "unknown command 'frobnicate'" "$err"
[ ! -e "$T/frobnicate" ] && ok "unknown command: no file created" || not_ok "unknown command: no file created"
run "$GOPY" "$T/missing.db"
expect_contains "a missing database is still named as one" "no such database" "$err"

run "$GOPY" comment "$DB" --doc DA-CDS "Ý kiến"
expect_eq "comment without --as: the login decides, and it is no delegate: exit status 1" "1" "$rc"
expect_contains "comment without --as: names the login and the remedy" "your login '$(id -un)' is not a delegate of this review: you can read, not write (ask the secretariat to add it with --login $(id -un))" "$err"
run "$GOPY" comment "$DB" --as STTTT-01 "Ý kiến"
expect_contains "comment without --doc: names it" "--doc CODE (or --reply-to ID) is required" "$err"
run "$GOPY" export "$DB"
expect_contains "export without --doc: names it" "--doc CODE is required" "$err"
run "$GOPY" form "$DB" --doc DA-CDS
expect_eq "form without -o: exit status 2" "2" "$rc"
expect_contains "form without -o: names it" "form: -o FILE.xlsx is required" "$err"
run "$GOPY" form "$DB" -o "$T/f.xlsx"
expect_contains "form without --doc: names it" "form: --doc CODE is required" "$err"
run "$GOPY" consult "$DB" --doc DA-CDS
expect_eq "consult without a subcommand: exit status 2" "2" "$rc"
expect_contains "consult without a subcommand: says so" "consult: the subcommand is missing" "$err"
expect_contains "consult without a subcommand: the usage forms on separate lines" "$(printf '%s\n       %s' \
	"usage: gopy consult DB --doc CODE add UNIT|DELEGATE... [--deadline D] [--asked D]" \
	"gopy consult DB --doc CODE remove UNIT|DELEGATE...")" "$err"
case "$err" in *"]   "*) not_ok "consult usage: no forms run together on one line" "$err" ;;
*) ok "consult usage: no forms run together on one line" ;; esac
run "$GOPY" consult "$DB" --doc DA-CDS frobnicate
expect_contains "consult with an unknown subcommand: names it" "consult: unknown subcommand 'frobnicate'" "$err"
run "$GOPY" consult "$DB" pending
expect_contains "consult without --doc: names it" "consult: --doc CODE is required" "$err"

# Every long option of the man page's SYNOPSIS appears in --help.
help=$("$GOPY" --help)
opts=$(awk '/^\.SH SYNOPSIS/ { s = 1; next } /^\.SH/ { s = 0 } s' "$ROOT/man/gopy.1" |
	grep -o '\\-\\-[a-z][a-z\\-]*' | sed 's/\\//g' | sort -u)
[ -n "$opts" ] && ok "the synopsis lists options" || not_ok "the synopsis lists options"
for o in $opts; do
	case "$help" in *"$o"*) ok "--help shows $o" ;; *) not_ok "--help shows $o" ;; esac
done

# `gopy CMD --help`: that command's lines of the usage, exit 0, no database needed.
run "$GOPY" comment --help
expect_eq "comment --help: exit 0, its usage first" "0|Usage: gopy comment DB --doc CODE [--section LABEL] [--version N] [--reply-to ID]" \
	"$rc|$(head -n 1 <<<"$out")"
expect_contains "comment --help: its options on the next lines" "[--as DELEGATE] [--by SECRETARY]" "$out"
case "$out" in *"gopy init"* | *"gopy list"*) not_ok "comment --help: no other command" "$out" ;;
*) ok "comment --help: no other command" ;; esac
run "$GOPY" delegate -h
expect_eq "delegate -h: both forms" "2" "$(grep -c 'gopy delegate DB' <<<"$out")"
for c in init import versions align list search check stats log consult form; do
	run "$GOPY" "$c" --help
	expect_contains "$c --help shows its usage" "gopy $c " "$(head -n 1 <<<"$out")"
done
run env LANGUAGE=vi "$GOPY" comment --help
expect_contains "comment --help in Vietnamese" "Cách dùng: gopy comment DB --doc MÃ" "$out"

# Commands read their options one way (cli_args.c): "--name VALUE" and "--name=VALUE" alike, "--"
# ends the options, a flag refuses a value, a value-taking option at the end says it needs one.
run "$GOPY" list "$DB" --doc DA-CDS --format tsv
spaced="$out"
run "$GOPY" list "$DB" --doc=DA-CDS --format=tsv
expect_eq "list --doc=CODE --format=tsv: as with spaces" "0|$spaced" "$rc|$out"
[ -n "$spaced" ] && ok "list --doc DA-CDS printed the outline" || not_ok "list --doc DA-CDS printed the outline"
run "$GOPY" search "$DB" --format=tsv -- --doc
expect_eq "search: after --, '--doc' is the query" "0" "$rc"
run "$GOPY" list "$DB" --comments=yes --doc DA-CDS
expect_eq "a flag given a value: exit 2" "2" "$rc"
expect_contains "a flag given a value: says so" "option --comments takes no value" "$err"
run "$GOPY" log "$DB" --doc
expect_eq "log --doc at the end: exit 2" "2" "$rc"
expect_contains "log --doc at the end: needs a value" "option --doc needs a value" "$err"
run "$GOPY" stats "$DB" --format=xml
expect_contains "stats --format=xml: the format is checked" "unknown format 'xml'" "$err"
run "$GOPY" align "$DB" --doc DA-CDS --set nothing
expect_contains "align --set without =: says what it needs" "--set needs OLD=NEW" "$err"
run "$GOPY" versions "$DB" --set a=b
expect_contains "versions refuses align's --set" "unknown option --set" "$err"
run "$GOPY" search "$DB" dang --exact --fold
expect_contains "search --exact --fold: refused together" "--exact and --fold cannot be used together" "$err"
run "$GOPY" delegate "$DB" list --format=tsv
expect_contains "delegate list --format=tsv: the header" "code	name	unit	role	login" "$out"
run "$GOPY" conflicts "$DB" --all --format=tsv
expect_contains "conflicts --all --format=tsv: the header" "id	kind	doc	comment	code	mine	theirs	source	kept" "$out"
run "$GOPY" changes "$DB" --since "$DB"
expect_contains "changes without -o: the usage" "usage: gopy changes DB --since BASE -o FILE" "$err"
run "$GOPY" changes "$DB" --since "$DB" -o
expect_contains "changes -o at the end: needs a value" "option -o needs a value" "$err"
run "$GOPY" merge "$DB"
expect_contains "merge with nothing to merge: the usage" "usage: gopy merge INTO FROM..." "$err"
run "$GOPY" merge "$DB" --wait soon "$DB"
expect_contains "merge --wait not a number: says so" "--wait needs a number of seconds" "$err"
run "$GOPY" resolve "$DB" 1 2 --keep mine
expect_contains "resolve with three operands: too many" "too many arguments" "$err"
