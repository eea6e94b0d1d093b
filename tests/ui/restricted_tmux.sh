#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# restricted_tmux.sh — the restricted mode (GOPY_RESTRICTED=1, as an SSH ForceCommand sets it)
# in a real terminal, trying each way out: E and Ctrl-X Ctrl-E run no $EDITOR, no : command
# runs a program, exports go only into GOPY_EXPORT_DIR by a plain name (not a path outside,
# not ../, not through a symbolic link), and --as is refused; writing and saving still work.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

if ! command -v tmux >/dev/null; then
	not_ok "tmux is installed (sh scripts/deps.sh --test)"
	exit 1
fi
new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
db_sql "$R" "UPDATE delegate SET login = '$(id -un)' WHERE code = 'A01'" # this login is A01
cat >"$T/ed.sh" <<SH
#!/bin/sh
touch '$T/escaped'
SH
chmod +x "$T/ed.sh"
mkdir "$T/exports" "$T/outside"
ln -s "$T/outside/target.html" "$T/exports/link.html"

# --as: refused before the screen starts, one line
run env GOPY_RESTRICTED=1 "$GOPY" --as B02 "$R"
expect_eq "--as refused in restricted mode" "1|gopy: --as is not allowed in restricted mode: you write as your login's delegate" "$rc|$err"

. "$(dirname "$0")/tmux.bash"
tmux_start restricted
check_screen() { if poll shows "$2"; then ok "$1"; else not_ok "$1" "screen: $(screen)"; fi; }
cmd() { tm send-keys -t t -l ":$1"; tm send-keys -t t Enter; }

tm new-session -d -s t -x 100 -y 24 \
	"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' EDITOR='$T/ed.sh' VISUAL='$T/ed.sh' GOPY_RESTRICTED=1 GOPY_EXPORT_DIR='$T/exports' '$GOPY' '$R'"
tm set-option -g status off >/dev/null
check_screen "gopy starts as the login's delegate" "as Nguyễn Văn An (A01) [login]"
tm send-keys -t t Enter
cmd "section Điều 1"
check_screen "the thread of Điều 1" "Đề nghị bổ sung nội dung"
tm send-keys -t t E
check_screen "E runs no editor" "restricted mode: no external editor"
check_screen "E leaves the compose pane open instead" "Edit"
tm send-keys -t t C-c
check_screen "which closes" "as Nguyễn Văn An (A01) [login]"
tm send-keys -t t c
check_screen "c opens the compose pane" "New comment on Điều 1"
tm send-keys -t t -l "Ý kiến trong chế độ hạn chế"
tm send-keys -t t C-x C-e
check_screen "Ctrl-X Ctrl-E runs no editor" "restricted mode: no external editor"
tm send-keys -t t C-s
check_screen "writing and saving still work" "comment saved"
[ ! -e "$T/escaped" ] && ok "the editor never ran" || not_ok "the editor never ran"

for c in "!touch $T/escaped" "shell" "sh" "!sh"; do
	cmd "$c"
	check_screen ":$c runs nothing" "unknown command"
done
[ ! -e "$T/escaped" ] && ok "no : command ran a program" || not_ok "no : command ran a program"

tm send-keys -t t q
check_screen "back in the reader" "Điều 1"
cmd "export html $T/outside/report.html"
check_screen "an export to a path outside the folder: refused" "give a plain file name; exports go into"
cmd "export html ../outside/report.html"
check_screen "../ refused" "give a plain file name"
cmd "export html ~/report.html"
check_screen "~/ refused" "give a plain file name"
cmd "export html link.html"
check_screen "a symbolic link in the folder: refused" "exists and is not a regular file"
expect_eq "nothing was written outside the folder" "" "$(ls -A "$T/outside")"
tm send-keys -t t x
check_screen "x asks the format" "Export format"
tm send-keys -t t Enter
check_screen "the file prompt names the folder" "Export to file (in $T/exports)"
tm send-keys -t t C-u
tm send-keys -t t -l "bao-cao.html"
tm send-keys -t t Enter
check_screen "a plain name is written into the folder" "report written: $T/exports/bao-cao.html"
[ -f "$T/exports/bao-cao.html" ] && ok "the report is in the export folder" || not_ok "the report is in the export folder"
tm send-keys -t t Q
poll eval '! tm has-session -t t 2>/dev/null'
if tm has-session -t t 2>/dev/null; then not_ok "Q quits" "$(screen)"; else ok "Q quits"; fi
