#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# screens.sh — golden screens of every view, headless (tests/ui/README.md), at 80x24, 40x10
# and 160x40: document list (wide characters, truncation), reader (NFD heading, wrapping,
# counts), thread (nested replies, collapse, wide characters), help, search highlighting.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }

# One script walks every view and dumps each; @dumpattr marks matches (^) and selection (#).
script() { # size
	cat <<-KEYS
	@dump $T/$1-docs
	j
	@dumpattr $T/$1-docs-sel
	k<Enter>
	@dump $T/$1-reader
	]
	@dumpattr $T/$1-reader-next
	<Enter>
	@dump $T/$1-thread
	<Space>
	@dump $T/$1-thread-collapsed
	<Space>j
	@dumpattr $T/$1-thread-expanded
	?
	@dump $T/$1-help
	q
	/an ninh mang<Enter>
	@dumpattr $T/$1-thread-search
	q
	q
	KEYS
}

for size in 80x24 40x10 160x40; do
	script $size >"$T/keys-$size"
	tui $size "$T/keys-$size" "$R"
	expect_eq "$size: exit status 0" "0" "$rc"
	expect_eq "$size: nothing on stderr" "" "$err"
	for view in docs docs-sel reader reader-next thread thread-collapsed thread-expanded help thread-search; do
		golden "$size-$view" "$T/$size-$view"
	done
done

# Every dumped row fits its width (display columns), at every size.
for size in 80x24 40x10 160x40; do
	w=${size%x*}
	bad=$(too_wide "$w" "$T/$size"-*)
	expect_eq "$size: no row wider than the screen" "" "$bad"
done
