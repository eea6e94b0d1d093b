#!/usr/bin/env bash
# rough.sh — the rough edges a new user hit (issue 9), headless: each check here failed before
# its fix. The too-small notice fits whole at any size; ... (see each section).
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

make_db "$T/r.db" || { not_ok "build the fixture database"; exit 1; }

# ---- 10: below the minimum size the notice fits whole, down to 1x1 -----------------------------
# The screen's words, joined by one space, are exactly one of the notices (never a cut one).
for size in 1x1 2x1 5x1 3x2 12x4 20x3 30x8 39x10 39x2; do
	printf '@dump %s\n' "$T/small-$size" >"$T/ks"
	tui "$size" "$T/ks" "$T/r.db"
	got=$(tr -s ' \n' '  ' <"$T/small-$size" | sed 's/^ //; s/ $//')
	c=${size%x*} r=${size#*x}
	case "$got" in
	"Terminal too small (${c}x$r): gopy needs at least 40x10."|\
	"Terminal too small (${c}x$r): gopy needs at least 40x10. q: quit"|\
	"Too small: needs 40x10"|"Too small: needs 40x10 q: quit"|"Too small"|"small"|"!")
		ok "too small at $size: a whole notice ($got)" ;;
	*) not_ok "too small at $size: a whole notice" "$got" ;;
	esac
done
