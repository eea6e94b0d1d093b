#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# rights_lost.sh — the interface on a server whose role loses its right to write while a
# comment is being typed (REVOKE), and gets it back (GRANT): saving says why in one line, the
# text stays (in the pane and in its draft), and the next Ctrl-S once the right is back saves
# it, once, in the same session. A statement timeout the server sets for the role gives one
# clear line of gopy's own too (the command line's as well), the text kept.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/ui/tmux.bash"
tmux_start rights_lost
. "$ROOT/tests/pg/server.bash"
. "$ROOT/tests/pg/tui.bash"
pg_start --own || exit 1
U=$(pg_newdb rights)
make_db "$U" || not_ok "the review is built on the server"
g delegate "$U" add W09 "Người Viết" --unit "Sở Nội vụ" --login "$(id -un)" >/dev/null
su_sql() { pg_psql rights -c "$1"; }
su_sql "CREATE ROLE writer LOGIN; GRANT USAGE ON SCHEMA gopy TO writer;
	GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA gopy TO writer;
	GRANT USAGE ON ALL SEQUENCES IN SCHEMA gopy TO writer"
W=$(pg_url rights writer)
count() { su_sql "SELECT count(*) FROM gopy.comment WHERE body = '$1'"; }

tui_open W09 "$W"
tm send-keys -t t c
check_screen "the compose pane opens" "New comment on Điều 1"
tm send-keys -t t -l "Viết khi mất quyền ghi"
check_screen "the text is typed" "Viết khi mất quyền ghi"
su_sql "REVOKE INSERT ON gopy.comment FROM writer"
tm send-keys -t t C-s
check_screen "saving says the role may no longer write, in one line" \
	"not saved: the database is read-only for this role (permission denied for table comment)"
check_screen "the text is still in the pane" "Viết khi mất quyền ghi"
expect_contains "…and in its draft on disk" "Viết khi mất quyền ghi" "$(cat "$XDG_STATE_HOME"/gopy/drafts/* 2>/dev/null)"
expect_eq "nothing was written" 0 "$(count 'Viết khi mất quyền ghi')"

# A statement timeout the role is given (in effect from its next session: the session is
# ended, the save connects again) cuts the save's wait for the write lock another session holds.
su_sql "GRANT INSERT ON gopy.comment TO writer; ALTER ROLE writer SET statement_timeout = '300ms'"
su_sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'writer'" >/dev/null
"$PG_BIN/psql" -X -q -At "$U" -c "SELECT pg_advisory_lock(1196380249); SELECT pg_sleep(120)" >/dev/null 2>&1 &
holder=$!
poll eval "[ \"\$(su_sql \"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted\")\" = 1 ]" ||
	not_ok "another session holds the write lock"
tm send-keys -t t C-s
check_screen "a statement timeout gives one clear line of gopy's own" \
	"not saved: adding a comment took longer than the server allows (statement_timeout) and was stopped; try again"
check_screen "…the text still there" "Viết khi mất quyền ghi"
# the same on the command line, in English and in Vietnamese
W_TO=$(pg_url rights writer)
run "$GOPY" comment "$W_TO" --doc DA-TEST --section "Điều 1" --as W09 "Ý kiến quá giờ"
expect_eq "the command line: exit 1, one line of gopy's own" \
	"1|gopy: $W_TO: adding a comment took longer than the server allows (statement_timeout) and was stopped; try again, or ask the database administrator to raise the limit" \
	"$rc|$err"
run env -u LC_ALL LANG=C.UTF-8 LANGUAGE=vi "$GOPY" comment "$W_TO" --doc DA-TEST --section "Điều 1" --as W09 "Ý kiến quá giờ"
expect_contains "…and in Vietnamese" "nên đã bị dừng; hãy thử lại, hoặc đề nghị người quản trị cơ sở dữ liệu nâng giới hạn" "$err"
expect_eq "…nothing written" 0 "$(count 'Ý kiến quá giờ')"
su_sql "ALTER ROLE writer RESET statement_timeout"
su_sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'writer'" >/dev/null
su_sql "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(120)%' AND pid <> pg_backend_pid()" >/dev/null
wait "$holder"
tm send-keys -t t C-s
check_screen "with its rights back, Ctrl-S saves it in the same session (connected again)" "comment saved"
expect_eq "the comment is on the server, once" 1 "$(count 'Viết khi mất quyền ghi')"
tm send-keys -t t Q
poll eval '! tm has-session -t t 2>/dev/null'
check "the review passes gopy check" "$GOPY" check "$U"
