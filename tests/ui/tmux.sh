#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tmux.sh — real-terminal tests: gopy in a tmux pane (private server, 80x24, tmux-256color),
# keys sent with send-keys, the screen read with capture-pane, a resize, a comment added by
# another process appearing without a key press, and the raw bytes gopy wrote (pipe-pane)
# on a database of hostile comments checked for escape sequences from the data.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"
. "$(dirname "$0")/hostile.bash"

if ! command -v tmux >/dev/null; then
	not_ok "tmux is installed (sh scripts/deps.sh --test)"
	exit 1
fi
new_db H h; make_hostile_db "$H" || { not_ok "build the hostile database"; exit 1; }

. "$(dirname "$0")/tmux.bash"
tmux_start test
check_screen() { # name text
	if wait_for "$2"; then ok "$1"; else not_ok "$1" "screen: $(screen)"; fi
}

mkfifo "$T/go"
tm new-session -d -s t -x 80 -y 24 \
	"read _ <'$T/go'; exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here '$GOPY' '$H'"
tm set-option -g status off >/dev/null
tm pipe-pane -o -t t "cat >>'$T/raw'"
echo go >"$T/go"

check_screen "the document list appears" "DA-TEST"
tm send-keys -t t Enter
check_screen "Enter opens the reader" "General comments on the whole draft"
tm send-keys -t t -l ':section Điều 3'
tm send-keys -t t Enter
check_screen "the hostile thread opens" "comments on Điều 3"
check_screen "escape sequences show as symbols" "␛]0;PWNED-TITLE"
tm send-keys -t t G
check_screen "G reaches the last comment" "invalid"
tm send-keys -t t g
tm resize-window -t t -x 40 -y 10
check_screen "after resize to 40x10 it redraws" "[pen…"
tm resize-window -t t -x 30 -y 8
check_screen "30x8 shows the too-small notice" "Terminal too small"
# The notice fits any size: at 1x1 the one cell is the lower-right corner, which curses leaves
# blank, so gopy writes it itself.
tm resize-window -t t -x 1 -y 1
check_screen "1x1 shows a one-character notice" "!"
tm resize-window -t t -x 30 -y 8
check_screen "30x8 again" "Terminal too small"
tm resize-window -t t -x 2 -y 1
check_screen "2x1 shows a one-character notice" "!"
tm resize-window -t t -x 100 -y 30
check_screen "enlarged again it recovers" "comments on Điều 3"
title=$(tm display-message -p -t t '#{pane_title}')
case "$title" in *PWNED*|*DOC-TITLE*) not_ok "the pane title is untouched" "$title" ;; *) ok "the pane title is untouched" ;; esac

# Another process adds a comment: it appears within two seconds, without a key press.
printf 'doc,section,author,body,created_at\nDA-TEST,Điều 3,A01,Bình luận từ phiên khác,2026-05-04T09:00:00Z\n' >"$T/more.csv"
g import-comments "$H" "$T/more.csv" >/dev/null
tm send-keys -t t G
check_screen "a comment from another process shows up" "Bình luận từ phiên khác"

tm send-keys -t t -l '/rejected'
tm send-keys -t t Enter
check_screen "search in a real terminal" "ignoring diacritics"
tm send-keys -t t q q q
for ((i = 0; i < 100; i++)); do
	tm has-session -t t 2>/dev/null || break
	sleep 0.05
done
if tm has-session -t t 2>/dev/null; then not_ok "q q q quits" "$(screen)"; else ok "q q q quits"; fi

# The raw bytes: no OSC, DCS, APC, PM or C1 control reached the terminal, and the data's
# own payloads only appear behind a visible ␛.
python3 - "$T/raw" >"$T/rawcheck" <<'PY'
import sys, re
raw = open(sys.argv[1], "rb").read()
problems = []
for name, pat in [("OSC", rb"\x1b\]"), ("DCS", rb"\x1bP"), ("APC", rb"\x1b_"), ("PM", rb"\x1b\^"),
                  ("BEL", rb"\x07")]:
    if re.search(pat, raw):
        problems.append(name)
text = raw.decode("utf-8", "replace")   # ncurses writes UTF-8: a C1 control would be U+0080..U+009F
if any(0x80 <= ord(c) <= 0x9f for c in text):
    problems.append("C1")
if b"Approved\x08" in raw or b"carriage\r" in raw:
    problems.append("raw backspace or CR from the data")
for payload in [b"]0;PWNED-TITLE", b"]52;c;", b"[2J\x1b[H after", b"P1$qm"]:
    for m in re.finditer(re.escape(payload), raw):
        if raw[max(0, m.start() - 3):m.start()] != "␛".encode():
            problems.append("raw payload " + repr(payload))
print(len(raw), " ".join(problems))
PY
read -r nbytes problems <"$T/rawcheck"
if [ "${nbytes:-0}" -gt 1000 ]; then ok "pipe-pane recorded the output ($nbytes bytes)"; else not_ok "pipe-pane recorded the output" "$nbytes"; fi
expect_eq "no escape sequence from the data reached the terminal" "" "${problems:-}"
