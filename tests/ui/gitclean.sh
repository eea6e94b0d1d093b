#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# gitclean.sh — `make demo` and exports from the review screen in every format leave the
# source tree clean for `git status` (.gitignore): run on a copy of the tree made a fresh
# git repository, with the binary under test as ./gopy. On a server: `make demo DEMO_DB=URL`
# builds the sample review there.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

tree=$T/tree
mkdir -p "$tree"
tar -C "$ROOT" --exclude=./.git --exclude=./build --exclude=./build-asan --exclude=./tests/bench/data \
	--exclude='./gopy-demo.db*' --exclude='./gopy.db*' -cf - . | tar -C "$tree" -xf - ||
	{ not_ok "copy the tree"; exit 1; }
cp "$GOPY" "$tree/gopy"
cd "$tree" || exit 1
git init -q . && git add -A && git -c user.name=t -c user.email=t@t commit -qm tree ||
	{ not_ok "make the copy a repository"; exit 1; }
expect_eq "the copy starts clean" "" "$(git status --porcelain)"

cat >"$T/keys" <<KEYS
<Enter>
x
<Enter>
<Enter>
:export md<Enter>
:export csv<Enter>
:export txt<Enter>
:export json<Enter>
@dump $T/screen
q
q
KEYS
touch "$T/before" # the copy keeps the tree's times: a file edited after the Makefile is not new
demo_db=()
if on_server; then new_db DB demo && demo_db=("DEMO_DB=$DB"); fi
GOPY_HEADLESS_SCRIPT=$T/keys GOPY_HEADLESS_SIZE=80x24 make -s -o gopy demo ${demo_db[@]+"${demo_db[@]}"} >"$T/out" 2>&1
expect_eq "make demo: status 0" "0" "$?"
n=$(find . -maxdepth 1 -newer "$T/before" \( -name '*.html' -o -name '*.md' -o -name '*.csv' -o -name '*.txt' -o -name '*.json' \) | wc -l)
expect_eq "the exports were written into the tree" "5" "$n"
if on_server; then
	expect_eq "make demo DEMO_DB=URL built the review on the server, not in the tree" "5|absent" \
		"$(db_sql "$DB" "SELECT count(*) FROM document")|$([ -e gopy-demo.db ] && echo present || echo absent)"
else
	[ -e gopy-demo.db ] && ok "make demo built its database in the tree" || not_ok "make demo built its database in the tree"
fi
expect_eq "git status is clean after make demo and the exports" "" "$(git status --porcelain)"
