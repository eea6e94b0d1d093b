#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# drafts_tmux.sh — nothing typed is lost, in a real terminal (tmux): half a sentence typed in
# the compose pane survives `kill -HUP` (a dropped SSH connection), SIGTERM, SIGINT and
# `kill -9` of the pane's process; the next start offers the draft, restoring it opens the
# pane with it and saving stores the comment. A save while another process holds
# the database's write lock (BEGIN EXCLUSIVE on a file, the advisory lock on a server) waits, says so with the seconds waited, keeps the text in
# the pane and the draft on disk, and saves by itself once the lock is gone; Esc stops the
# wait (the text stays, Ctrl-S tries again). A 100 KB bracketed paste arrives whole.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

if ! command -v tmux >/dev/null || ! { on_server || command -v sqlite3 >/dev/null; }; then
	not_ok "tmux and sqlite3 are installed (sh scripts/deps.sh --test)"
	exit 1
fi
new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
DRAFTS=$XDG_STATE_HOME/gopy/drafts

. "$(dirname "$0")/tmux.bash"
tmux_start drafts
trap 'tm kill-server 2>/dev/null; [ -e "$T/locked" ] && touch "$T/release"; rm -rf "$T"' EXIT
check_screen() { # name text
	if poll shows "$2"; then ok "$1"; else not_ok "$1" "screen: $(screen)"; fi
}
gone() { ! tm has-session -t t 2>/dev/null; }
draft_has() { # in a draft file proper, not in the temporary file a save renames when it is done
	local f
	for f in "$DRAFTS"/*.draft; do [ -f "$f" ] && grep -qF -- "$1" "$f" && return 0; done
	return 1
}
ndrafts() { find "$DRAFTS" -name '*.draft' 2>/dev/null | wc -l; }
bodies() {
	g list "$R" --doc DA-TEST --comments --format json |
		python3 -c 'import json,sys; d=json.load(sys.stdin); print("\n".join(c["body"] for s in d["sections"] for c in s["comments"]))'
}
tm new-session -d -s keep "sleep 600" # the server outlives session t being killed and restarted
start() { # gopy --as A01 in a new session t (its process is the pane's process)
	gone || tm kill-session -t t
	tm new-session -d -s t -x 80 -y 24 \
		"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' GOPY_NOW=$GOPY_NOW '$GOPY' --as A01 '$R'"
	tm set-option -g status off >/dev/null
}
compose_on() { # section: open its thread and the compose pane
	poll shows "DA-TEST" || return 1
	tm send-keys -t t Enter
	tm send-keys -t t -l ":section $1"
	tm send-keys -t t Enter c
	poll shows "New comment on $1"
}

# ---- signals: HUP, TERM, INT — the draft is flushed on the way out ------------------------------
# The idle pause is made an hour long (GOPY_IDLE_MS) and the text is shorter than the keys
# between two draft writes, so nothing but the signal's own path can have written the draft.
# gopy runs under a shell that records its exit status and the terminal modes it left.
start_watched() {
	gone || tm kill-session -t t
	rm -f "$T/status" "$T/stty"
	tm new-session -d -s t -x 80 -y 24 \
		"env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' GOPY_NOW=$GOPY_NOW GOPY_IDLE_MS=3600000 '$GOPY' --as A01 '$R'; echo \$? >'$T/status'; stty -a >'$T/stty'; sleep 600"
	tm set-option -g status off >/dev/null
}
n=0
for sig in HUP TERM INT; do
	n=$((n + 1))
	start_watched
	compose_on "Điều 3" || { not_ok "SIG$sig: the compose pane opens" "$(screen)"; continue; }
	text="Nửa câu số $n"
	tm send-keys -t t -l "$text"
	poll shows "$text" || { not_ok "SIG$sig: the text is typed" "$(screen)"; continue; }
	if draft_has "$text"; then not_ok "SIG$sig: no draft before the signal (the test proves nothing)"; else
		ok "SIG$sig: no draft before the signal"; fi
	kill -"$sig" "$(pgrep -P "$(tm display-message -p -t t '#{pane_pid}')" -x gopy)"
	if poll test -s "$T/stty"; then ok "SIG$sig: gopy stops"; else not_ok "SIG$sig: gopy stops" "$(screen)"; fi
	expect_eq "SIG$sig: exit status 128 + signal" "$((128 + $(kill -l "$sig")))" "$(cat "$T/status" 2>/dev/null)"
	modes=$(cat "$T/stty" 2>/dev/null)
	case " $modes " in *" icanon "*" echo "*) ok "SIG$sig: the terminal is back in cooked mode" ;;
		*) not_ok "SIG$sig: the terminal is back in cooked mode" "$modes" ;; esac
	expect_eq "SIG$sig: the alternate screen is left" 0 "$(tm display-message -p -t t '#{alternate_on}')"
	if draft_has "$text"; then ok "SIG$sig: the draft is on disk"; else not_ok "SIG$sig: the draft is on disk" "$(ls -la "$DRAFTS" 2>&1)"; fi
	if [ "$sig" = HUP ]; then
		start
		check_screen "after SIGHUP the next start offers the draft" "for DA-TEST, Điều 3 — restore? [y/n/d(iscard)]"
		tm send-keys -t t y
		check_screen "restoring opens the pane with the text" "$text"
		tm send-keys -t t -l " tổ chức thực hiện."
		tm send-keys -t t C-s
		check_screen "the restored text is saved" "comment saved"
		expect_contains "SIGHUP: the comment is in the database" "$text tổ chức thực hiện." "$(bodies)"
		expect_eq "SIGHUP: the saved draft is deleted" "0" "$(ndrafts)"
	else # the same draft again: discard it
		start
		check_screen "SIG$sig: the next start offers the draft" "restore? [y/n/d(iscard)]"
		tm send-keys -t t d
		poll shows "draft discarded"
	fi
done

# ---- kill -9: the continuous saving (idle tick) had it ------------------------------------------
start
if compose_on "Điều 1"; then
	text="Câu bị cắt ngang bởi kill chín"
	tm send-keys -t t -l "$text"
	if poll draft_has "$text"; then ok "kill -9: the draft is written while idle"; else not_ok "kill -9: the draft is written while idle"; fi
	kill -9 "$(tm display-message -p -t t '#{pane_pid}')"
	poll gone
	start
	check_screen "after kill -9 the next start offers the draft" "restore? [y/n/d(iscard)]"
	tm send-keys -t t y
	check_screen "kill -9: restoring shows the text" "$text"
	tm send-keys -t t C-s
	check_screen "kill -9: saved" "comment saved"
	expect_contains "kill -9: the comment is in the database" "$text" "$(bodies)"
else
	not_ok "kill -9: the compose pane opens" "$(screen)"
fi

# ---- a save while another process holds the database --------------------------------------------
tm send-keys -t t -l ":section Điều 1"
tm send-keys -t t Enter c
poll shows "New comment on Điều 1"
text="Lưu khi cơ sở dữ liệu bị khóa"
tm send-keys -t t -l "$text"
poll shows "$text"
db_hold_lock "$R" "$T/locked" "$T/release" 2>/dev/null &
lockpid=$!
poll test -e "$T/locked"
tm send-keys -t t C-s
check_screen "locked: the save waits and says so" "waiting for another program's write"
check_screen "locked: the seconds waited are counted" "write (an import?) — 2 s"
expect_contains "locked: the text stays in the pane" "$text" "$(screen)"
expect_contains "locked: the pane is still open" "New comment on Điều 1" "$(screen)"
if draft_has "$text"; then ok "locked: the draft is on disk while waiting"; else not_ok "locked: the draft is on disk while waiting"; fi
touch "$T/release"
wait "$lockpid"
rm -f "$T/release"
check_screen "locked: saved by itself once the lock is gone" "comment saved"
expect_contains "locked: the comment is in the database" "$text" "$(bodies)"
expect_eq "locked: no draft left" "0" "$(ndrafts)"
# Esc stops waiting: the save fails with the reason, the text stays, Ctrl-S tries again.
tm send-keys -t t c
poll shows "New comment on Điều 1"
text="Thôi không chờ nữa"
tm send-keys -t t -l "$text"
poll shows "$text"
db_hold_lock "$R" "$T/locked" "$T/release" 2>/dev/null &
lockpid=$!
poll test -e "$T/locked"
tm send-keys -t t C-s
check_screen "locked, Esc: waiting first" "waiting for another program's write"
tm send-keys -t t Escape
check_screen "locked, Esc: stops waiting and says why" "the database is locked"
expect_contains "locked, Esc: the text stays in the pane" "$text" "$(screen)"
if draft_has "$text"; then ok "locked, Esc: the draft is on disk"; else not_ok "locked, Esc: the draft is on disk"; fi
touch "$T/release"
wait "$lockpid"
tm send-keys -t t C-s
check_screen "locked, Esc: Ctrl-S saves once the lock is gone" "comment saved"
expect_contains "locked, Esc: the comment is in the database" "$text" "$(bodies)"

# ---- a 100 KB bracketed paste -----------------------------------------------------------------------
python3 -c '
import sys
s, n = "", 0
while len(s.encode()) < 100 * 1024:
    n += 1
    s += "Đoạn %d của bản dán dài, có dấu tiếng Việt đầy đủ.%s" % (n, "\n" if n % 5 == 0 else " ")
sys.stdout.write(s.rstrip())' >"$T/paste.txt"
tm send-keys -t t c
poll shows "New comment on Điều 1"
tm load-buffer -b p "$T/paste.txt"
tm paste-buffer -p -b p -t t
check_screen "paste: the end of the paste shows" "$(tail -n 1 "$T/paste.txt" | tail -c 60)"
tm send-keys -t t C-s
check_screen "paste: saved" "comment saved"
got=$(g list "$R" --doc DA-TEST --comments --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
want = open(sys.argv[1], encoding="utf-8").read()
hits = [c["body"] for s in d["sections"] for c in s["comments"] if c["body"].startswith("Đoạn 1 của")]
print("identical" if hits == [want] else "%d comments, lengths %s of %d" % (len(hits), [len(h) for h in hits], len(want)))
if hits and hits[0] != want:
    import difflib
    sm = difflib.SequenceMatcher(None, want, hits[0], autojunk=False)
    for op, a, b, c, d in sm.get_opcodes():
        if op != "equal":
            print(op, "at byte", len(want[:a].encode()), repr(want[a:b][:120]), "->", repr(hits[0][c:d][:60]))
' "$T/paste.txt")
expect_eq "paste: every character arrived, line breaks included" "identical" "$got"
tm send-keys -t t q q q
poll gone
check "gopy check passes" g check "$R"
