#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# tui_lost.sh — the interface's writes other than a new comment (an edit, a deletion, a
# disposition, a response) whose commit's answer is lost on the way (a relay in front of the
# server, tests/pg/cut_proxy.py, drops the connection at the answer "COMMIT"): the store
# connects again at once and asks the server, and the interface says "saved" (the change is
# there once, one entry of the audit log). When the server cannot be reached just then, it says
# that nobody knows yet whether it was saved, the typed text is kept, and the next write asks
# the server first: a disposition set again after one that was committed is not set twice, and
# a response that was not committed (the relay dropped its COMMIT) is said not saved by the next
# write, its text offered again at the next R.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/ui/tmux.bash"
tmux_start tui_lost
. "$ROOT/tests/pg/server.bash"
. "$ROOT/tests/pg/tui.bash"
pg_start --own || exit 1
U=$(pg_newdb tlost)
make_db "$U" || not_ok "the review is built on the server"
q() { pg_psql tlost -c "SET search_path = gopy; $1"; }
pg_relay "$T/relay" "$T/cut" || not_ok "the relay listens"
R=${U//$PG_HOST/$T/relay}
cut_done() { expect_eq "$1: the relay cut the connection at the commit's answer" no "$([ -e "$T/cut" ] && echo yes || echo no)"; }
c1=$(q "SELECT id FROM comment WHERE body LIKE 'Đề nghị bổ sung nội dung%'")
c3=$(q "SELECT id FROM comment WHERE body = 'Kinh phí lấy từ nguồn sự nghiệp.'")
audits() { q "SELECT count(*) FROM audit WHERE comment_id = $1 AND kind = '$2'"; }

tui_open A01 "$R"
# an edit (the first comment, A01's own)
tm send-keys -t t e
check_screen "the compose pane opens on the comment" "Đề nghị bổ sung"
tm send-keys -t t C-e 2>/dev/null; tm send-keys -t t End
tm send-keys -t t -l " (sửa lại)"
touch "$T/cut"
tm send-keys -t t C-s
check_screen "edit: the save whose answer was lost says saved" "comment updated"
cut_done edit
expect_eq "edit: the text is on the server, one edit in the audit log" "1|1" \
	"$(q "SELECT count(*) FROM comment WHERE body LIKE '%(sửa lại)'")|$(audits "$c1" edit)"
# a deletion (the third comment, A01's reply)
tm send-keys -t t j j
touch "$T/cut"
tm send-keys -t t D
check_screen "the deletion asks" "Delete this comment?"
tm send-keys -t t y
check_screen "delete: the deletion whose answer was lost says deleted" "comment deleted"
cut_done delete
expect_eq "delete: deleted once" "1|1" "$(q "SELECT count(*) FROM comment WHERE id = $c3 AND deleted_at IS NOT NULL")|$(audits "$c3" delete)"
# (a second session keeps the tmux server up while the interface is started again: without it
# the server could still be exiting when the next session asks it, on a loaded machine)
tm new-session -d -s keep "exec cat"
tm send-keys -t t Q
poll eval '! tm has-session -t t 2>/dev/null'

# (the thread has one comment less now)
tm new-session -d -s t -x 160 -y 30 \
	"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' '$GOPY' --as E04 '$R'"
check_screen "the interface opens the review again" "DA-TEST"
tm send-keys -t t Enter
tm send-keys -t t -l ":section Điều 1"
tm send-keys -t t Enter
check_screen "the thread of Điều 1" "comments on Điều 1 (4, 4 pending)"
# a disposition on the first comment
touch "$T/cut"
tm send-keys -t t d
check_screen "the disposition menu" "Disposition"
tm send-keys -t t Enter
check_screen "disposition: the one whose answer was lost is said set" "disposition: accepted"
cut_done disposition
expect_eq "disposition: set once" "1|1" "$(q "SELECT disposition FROM comment WHERE id = $c1")|$(audits "$c1" disposition)"
# a response
touch "$T/cut"
tm send-keys -t t R
check_screen "R asks for the response" "Response:"
tm send-keys -t t -l "Tiếp thu, bổ sung an ninh mạng"
tm send-keys -t t Enter
check_screen "response: the one whose answer was lost says saved" "response saved"
cut_done response
expect_eq "response: saved once" "1|1" \
	"$(q "SELECT count(*) FROM comment WHERE response = 'Tiếp thu, bổ sung an ninh mạng'")|$(audits "$c1" response)"

# The server out of reach once the answer was lost: not known yet; the next write asks first
touch "$T/cut" "$T/cut.refuse"
tm send-keys -t t j
tm send-keys -t t d
check_screen "the disposition menu again" "Disposition"
tm send-keys -t t Down
tm send-keys -t t Enter
check_screen "a disposition whose answer was lost, the server away: not known yet" "whether the change was saved is not known yet"
cut_done "disposition, the server away"
c2=$(q "SELECT id FROM comment WHERE body LIKE 'Nhất trí; cần thêm kinh phí%'")
expect_eq "…it was committed on the server" 1 "$(audits "$c2" disposition)"
rm "$T/cut.refuse"
tm send-keys -t t d
tm send-keys -t t Down
tm send-keys -t t Enter
check_screen "set again: the server says the first was saved, this one is not made" "was saved after all"
expect_eq "…the disposition is set once" 1 "$(audits "$c2" disposition)"
# (an idle tick has run once another client's comment shows: what that write found stays on
# the message line, not replaced by "connected again")
g comment "$U" --doc DA-TEST --section "Điều 1" --as B02 "Ý kiến mới từ máy khác" >/dev/null
check_screen "another client's comment appears" "Ý kiến mới từ máy khác"
check_screen "…and the message line still says that the first was saved after all" "was saved after all"

# A response whose COMMIT never reached the server (the relay dropped it: the server rolled it
# back), the server out of reach just then: not known yet, its text kept for the next R. The
# next write asks first and says that the response was not saved, and where its text is; the
# next R offers it again and saves it.
touch "$T/cut.unsent" "$T/cut.refuse-next"
tm send-keys -t t R
check_screen "R asks for the response" "Response:"
tm send-keys -t t -l "Giải trình chưa tới máy chủ"
tm send-keys -t t Enter
check_screen "a response whose commit was lost, the server away: not known yet" "whether the change was saved is not known yet"
expect_eq "…the relay dropped the commit, and the server did not save the response" "no|0|0" \
	"$([ -e "$T/cut.unsent" ] && echo yes || echo no)|$(q "SELECT count(*) FROM comment WHERE response = 'Giải trình chưa tới máy chủ'")|$(audits "$c2" response)"
rm "$T/cut.refuse"
before=$(q "SELECT count(*) FROM audit WHERE kind = 'disposition'")
tm send-keys -t t j j
tm send-keys -t t d
check_screen "the disposition menu on a comment further on (past the one deleted)" "Disposition"
tm send-keys -t t Enter
check_screen "the next write says that the response was not saved, and where its text is" \
	"the change before this one was not saved; its response is kept for the next R on its comment — disposition: accepted"
expect_eq "…that disposition is set, once" "$((before + 1))" "$(q "SELECT count(*) FROM audit WHERE kind = 'disposition'")"
tm send-keys -t t k k
tm send-keys -t t R
check_screen "the next R on that comment offers the response kept" "Response: Giải trình chưa tới máy chủ"
tm send-keys -t t Enter
check_screen "…and saves it" "response saved"
expect_eq "…once" "1|1" "$(q "SELECT count(*) FROM comment WHERE id = $c2 AND response = 'Giải trình chưa tới máy chủ'")|$(audits "$c2" response)"
tm send-keys -t t Q
poll eval '! tm has-session -t t 2>/dev/null'
kill "$PG_RELAY_PID" 2>/dev/null; wait "$PG_RELAY_PID" 2>/dev/null
check "the review passes gopy check" "$GOPY" check "$U"
