#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# config.sh — the configuration file: language (also under C and C.UTF-8 where vi_VN.UTF-8 was
# never generated), default database, identity, report defaults, key bindings, colours and
# NO_COLOR, FILE:LINE messages for bad lines with the rest still loaded, --print-config.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
CFG=$XDG_CONFIG_HOME/gopy/config
mkdir -p "$(dirname "$CFG")"

# ---- language ----
echo "language vi" >"$CFG"
run env LANG=C.UTF-8 LC_ALL=C.UTF-8 "$GOPY" --help
expect_contains "language vi under C.UTF-8: Vietnamese --help" "Cách dùng: gopy" "$out"
run env -u LC_ALL LANG=C "$GOPY" --help
expect_contains "language vi under plain C: Vietnamese" "Cách dùng: gopy" "$out"
run env -u LC_ALL LANG=C.UTF-8 LANGUAGE=en "$GOPY" frobnicate
expect_contains "language vi wins over LANGUAGE" "lệnh không hợp lệ" "$err"
echo "language en" >"$CFG"
run env -u LC_ALL LANG=vi_VN.UTF-8 "$GOPY" --help
expect_contains "language en wins over LANG=vi_VN.UTF-8" "Usage: gopy" "$out"
echo "language auto" >"$CFG"
run env -u LC_ALL LANG=vi_VN.UTF-8 "$GOPY" --help
expect_contains "language auto follows the locale" "Cách dùng: gopy" "$out"

# ~/.config/gopy/config when XDG_CONFIG_HOME is unset
rm "$CFG"
mkdir -p "$HOME/.config/gopy"
echo "language vi" >"$HOME/.config/gopy/config"
run env -u XDG_CONFIG_HOME "$GOPY" --help
expect_contains "~/.config/gopy/config is read without XDG_CONFIG_HOME" "Cách dùng: gopy" "$out"
rm "$HOME/.config/gopy/config"

# ---- bad lines: FILE:LINE: message, the rest still loads ----
printf '%s\n' "# a comment" "" "frobnicate 3" "color sometimes" "bind thread" "language vi" \
	"bind nowhere x quit" >"$CFG"
run "$GOPY" --help
expect_contains "an unknown option: FILE:LINE" "$CFG:3: tuỳ chọn không hợp lệ: 'frobnicate'" "$err"
expect_contains "a bad value: FILE:LINE" "$CFG:4: " "$err"
expect_contains "a short bind: FILE:LINE" "$CFG:5: " "$err"
expect_contains "the lines after the bad ones still load" "Cách dùng: gopy" "$out"
expect_eq "the command still succeeds" 0 "$rc"
printf 'language \xff\n' >"$CFG"
run "$GOPY" --help
expect_contains "invalid UTF-8 is a bad line" "$CFG:1: the line is not valid UTF-8" "$err"
printf 'issuer a\033]0;x\007b\n' >"$CFG"
run "$GOPY" --help
expect_contains "a control character is a bad line" "$CFG:1: the line has a control character" "$err"

# ---- --print-config ----
: >"$CFG"
new_db R r; make_db "$R" || not_ok "build the fixture database"
printf '%s\n' "database $R" "identity E04" "issuer \"UBND TỈNH THỬ\"" "place Hà Giang" \
	"bind docs <C-n> down" >"$CFG"
run "$GOPY" --print-config
expect_contains "print-config: the value and its file:line" "# $CFG:1
database $R" "$out"
expect_contains "print-config: quotes removed" "issuer UBND TỈNH THỬ" "$out"
expect_contains "print-config: an unset option and its default" "#language" "$out"
expect_contains "print-config: bind lines with their origin" "# $CFG:5
bind docs <C-n> down" "$out"
run env GOPY_DB="$T/other.db" "$GOPY" --print-config
expect_contains "print-config: the environment wins and says so" "# from the environment (GOPY_DB)
database $T/other.db" "$out"
run "$GOPY" --print-config extra
expect_eq "print-config takes no arguments" 2 "$rc"

# bad bind lines (checked by the keymap's own parser) and empty or half-quoted values: reported as
# FILE:LINE by --print-config and at startup, not in effect; the rest still loads
printf '%s\n' "bind thread <C-n> nosuchaction" "bind nomode x down" "bind reader <Bogus> down" "database" \
	"identity" "issuer \"unterminated" "bind docs <C-n> down" "place Hà Giang" >"$CFG"
run "$GOPY" --print-config
expect_contains "print-config: an unknown action is FILE:LINE" "$CFG:1: unknown action nosuchaction" "$err"
expect_contains "print-config: an unknown mode is FILE:LINE" "$CFG:2: unknown mode nomode" "$err"
expect_contains "print-config: an unknown key name is FILE:LINE" "$CFG:3: not one key: <Bogus>" "$err"
expect_contains "print-config: database without a value is FILE:LINE" "$CFG:4: " "$err"
expect_contains "print-config: identity without a value is FILE:LINE" "$CFG:5: " "$err"
expect_contains "print-config: an unterminated quote is FILE:LINE" "$CFG:6: " "$err"
for bad in nosuchaction nomode "<Bogus>" unterminated; do
	case "$out" in *"$bad"*) not_ok "print-config: a bad line ($bad) is not in effect" "$out" ;;
	*) ok "print-config: a bad line ($bad) is not in effect" ;; esac
done
expect_contains "print-config: an empty database is not in effect" "#database" "$out"
expect_contains "print-config: an empty identity is not in effect" "#identity" "$out"
expect_contains "print-config: the good lines after the bad ones load" "# $CFG:7
bind docs <C-n> down" "$out"
expect_contains "print-config: ... and the good option too" "place Hà Giang" "$out"
run "$GOPY" --help
expect_contains "startup: a bad bind line is reported as FILE:LINE" "$CFG:1: unknown action nosuchaction" "$err"
expect_contains "startup: an unterminated quote is reported as FILE:LINE" "$CFG:6: " "$err"
expect_eq "startup: the command still succeeds" 0 "$rc"
printf '%s\n' "database $R" "identity E04" "issuer \"UBND TỈNH THỬ\"" "place Hà Giang" \
	"bind docs <C-n> down" >"$CFG"

# ---- database, identity (TUI, headless) ----
printf '%s\n' "@dump $T/start" >"$T/s1"
tui 80x24 "$T/s1"
expect_eq "gopy without a database opens the configured one" 0 "$rc"
expect_contains "  ... its documents are listed" "DA-TEST" "$(cat "$T/start")"
expect_contains "  ... as the configured identity" "as Lê Thị Biên (E04)" "$(cat "$T/start")"
tui 80x24 "$T/s1" --as B02
expect_contains "--as wins over the configured identity" "as Trần Thị Bình (B02)" "$(cat "$T/start")"

# ---- key bindings ----
printf '%s\n' "<C-n>" "@dump $T/bound" "?" "@dump $T/help" >"$T/s2"
tui 80x24 "$T/s2"
expect_contains "bind docs <C-n> down: the key moves the selection" "NQ-" "$(grep -n 'NQ-' "$T/bound" | head -1)"
printf '%s\n' "@dumpattr $T/a0" >"$T/s3"
tui 80x24 "$T/s3"
sel_before=$(grep -n '#' "$T/a0" | head -1 | cut -d: -f1)
printf '%s\n' "<C-n>" "@dumpattr $T/a1" >"$T/s4"
tui 80x24 "$T/s4"
sel_after=$(grep -n '#' "$T/a1" | head -1 | cut -d: -f1)
if [ -n "$sel_before" ] && [ -n "$sel_after" ] && [ "$sel_after" -gt "$sel_before" ]; then
	ok "the bound key moved the selection down (row $sel_before -> $sel_after)"
else
	not_ok "the bound key moved the selection down" "before: $sel_before after: $sel_after"
fi
expect_contains "the help screen lists the bound key" "<C-n>" "$(grep 'next line or item' "$T/help")"
printf '%s\n' "bind views q none" "bind nowhere x quit" "bind reader <Nope> quit" >>"$CFG"
printf '%s\n' "@dump $T/first" "q" "@dump $T/still" >"$T/s5"
tui 80x24 "$T/s5"
expect_contains "bind views q none: q no longer quits" "DA-TEST" "$(cat "$T/still")"
expect_contains "an unknown mode: FILE:LINE on stderr" "$CFG:7: unknown mode nowhere" "$err"
expect_contains "an unknown key name: FILE:LINE on stderr" "$CFG:8: not one key: <Nope>" "$err"
expect_contains "the first bad bind is on the message line too" "$CFG:7" "$(tail -n 1 "$T/first")"

# ---- report defaults ----
run "$GOPY" export "$R" --doc DA-TEST
expect_contains "export: the configured issuer" "UBND TỈNH THỬ" "$out"
expect_contains "export: the configured place" "Hà Giang, ngày" "$out"
run "$GOPY" export "$R" --doc DA-TEST --place "Lào Cai"
expect_contains "export: --place wins over the configuration" "Lào Cai, ngày" "$out"

# ---- colours (tmux: the bars are coloured, or reverse video without colours) ----
if command -v tmux >/dev/null; then
	trap 'for i in 1 2 3 4; do tmux -L "gopy-cfg-$$-$i" kill-server 2>/dev/null; done; rm -rf "$T"' EXIT
	bar() { # N extra-env...: the first screen row with its escape sequences, on tmux server N
		local sock=gopy-cfg-$$-$1 i
		shift
		tmux -L "$sock" -f /dev/null new-session -d -s t -x 80 -y 24 \
			"exec env $* TERM=tmux-256color HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' '$GOPY' '$R'"
		for ((i = 0; i < 200; i++)); do
			case "$(tmux -L "$sock" capture-pane -p -t t 2>/dev/null)" in *DA-TEST*) break ;; esac
			sleep 0.05
		done
		tmux -L "$sock" capture-pane -p -e -t t 2>/dev/null | head -n 1
		tmux -L "$sock" kill-server 2>/dev/null
	}
	printf '%s\n' "identity E04" >"$CFG"
	c=$(bar 1)
	expect_contains "colours by default: the title bar is blue" "44m" "$c"
	c=$(bar 2 NO_COLOR=1)
	expect_contains "NO_COLOR: reverse video" "[7m" "$c"
	case "$c" in *44m*) not_ok "NO_COLOR: no colour" "$c" ;; *) ok "NO_COLOR: no colour" ;; esac
	echo "color always" >>"$CFG"
	c=$(bar 3 NO_COLOR=1)
	expect_contains "color always wins over NO_COLOR" "44m" "$c"
	printf '%s\n' "identity E04" "color never" >"$CFG"
	c=$(bar 4)
	expect_contains "color never: reverse video" "[7m" "$c"
else
	not_ok "tmux is installed (sh scripts/deps.sh --test)"
fi
