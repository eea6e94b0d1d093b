#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# screens.sh — golden screens in English and Vietnamese at 80x24 and 40x10: every view, the
# help screen, the overview, the compose pane, the prompts (:, /, limit, export), the disposition menu and
# the speaker picker; no row is wider than the screen. Regenerate with GOPY_UPDATE_GOLDEN=1
# after reading the diff (tests/ui/README.md).
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
UI_DIR=$ROOT/tests/i18n # goldens in tests/i18n/golden

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }

editor_script() { # prefix
	cat <<-KEYS
	@dump $1-docs
	O
	@dump $1-overview
	q
	<Enter>
	@dump $1-reader
	<Enter>
	@dump $1-thread
	?
	@dump $1-help
	q
	d
	@dump $1-disposition
	<Esc>
	l
	@dump $1-limit
	<Esc>
	/
	@dump $1-search
	<Esc>
	:
	@dump $1-command
	<Esc>
	c
	@dump $1-compose
	<C-c>
	q
	x
	@dump $1-export
	<Esc>
	q
	q
	KEYS
}
secretary_script() { # prefix
	cat <<-KEYS
	<Enter>
	S
	@dump $1-picker
	<Esc>
	q
	q
	KEYS
}

for lang in en vi; do
	for size in 80x24 40x10; do
		p=$T/$lang-$size
		editor_script "$p" >"$T/keys-e"
		LANGUAGE=$lang tui "$size" "$T/keys-e" "$R" --as E04
		expect_eq "$lang $size: the walk exits 0" "0" "$rc"
		secretary_script "$p" >"$T/keys-s"
		LANGUAGE=$lang tui "$size" "$T/keys-s" "$R" --as S05
		for view in docs overview reader thread help disposition limit search command compose export picker; do
			golden "$lang-$size-$view" "$p-$view"
		done
	done
done

# Every dumped row fits its width (display columns).
for size in 80x24 40x10; do
	w=${size%x*}
	bad=$(too_wide "$w" "$T"/*-"$size"-*)
	expect_eq "$size: no row wider than the screen" "" "$bad"
done

# The Vietnamese screens are Vietnamese: no English word of the interface is left in them.
english=$(cat "$T"/vi-*-* | grep -oiE '\b(comments?|pending|help|search|open|quit|back|save|cancel|speaker|disposition|limit|export)\b' |
	sort -u | tr '\n' ' ')
expect_eq "the Vietnamese screens have no English interface word" "" "$english"
