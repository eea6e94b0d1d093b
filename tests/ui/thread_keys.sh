#!/usr/bin/env bash
# thread_keys.sh — the thread key's successor carries: in a document with 300 threads, the
# 256th thread's key ends in the byte 0xFF, so the key just past its subtree carries into
# the byte before (00 00 00 FF → 00 00 01 00; keys count from 1, so it is thread 254). Collapsed, that thread must hide only its own
# replies: the threads after it are still shown, in order, and J steps onto the next one.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"
new_db DB k
g init "$DB" >/dev/null
printf 'Điều 1. Phạm vi\nNội dung.\n' >"$T/d.txt"
g import "$DB" "$T/d.txt" --code K >/dev/null
g delegate "$DB" add A "Nguyễn Văn An" >/dev/null
python3 - "$T/c.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("id,doc,section,author,body,created_at,reply_to\n")
    for i in range(300):
        f.write("t%d,K,Điều 1,A,Luồng số %03d,2026-05-01T08:00:00Z,\n" % (i, i))
    for r in range(3): # replies under thread 254 (key 00 00 00 FF), to be hidden
        f.write("r%d,K,,A,Trả lời ẩn %d,2026-05-02T08:00:00Z,t254\n" % (r, r))
PY
check "300 threads imported" g import-comments "$DB" "$T/c.csv"
key_hex="hex(thread_key)"
on_server && key_hex="upper(encode(thread_key, 'hex'))"
expect_eq "fixture: thread 254's key ends in 0xFF" "000000FF" \
	"$(db_sql "$DB" "SELECT $key_hex FROM comment WHERE body = 'Luồng số 254'")"
expect_eq "fixture: thread 255's key needs the carry" "00000100" \
	"$(db_sql "$DB" "SELECT $key_hex FROM comment WHERE body = 'Luồng số 255'")"
cat >"$T/keys" <<KEYS
<Enter>:section Điều 1<Enter>
/Luồng số 254<Enter>
@dump $T/open
<Space>
@dump $T/collapsed
J
@dumpattr $T/next
KEYS
tui 80x24 "$T/keys" --as A "$DB"
expect_eq "the screen ran" "0|" "$rc|$err"
expect_contains "expanded: the replies under thread 254" "Trả lời ẩn 0" "$(cat "$T/open")"
order=$(grep -o 'Luồng số [0-9]*\|Trả lời ẩn [0-9]' "$T/collapsed" | tr '\n' ',')
case "$order" in
*"Luồng số 254,Luồng số 255,Luồng số 256,"*) ok "collapsed: the threads after it are still shown, in order" ;;
*) not_ok "collapsed: the threads after it are still shown, in order" "$order" ;;
esac
case "$order" in *"Trả lời ẩn"*) not_ok "collapsed: its replies are hidden" "$order" ;; *) ok "collapsed: its replies are hidden" ;; esac
# the selected comment: its header row is marked by a line of # (@dumpattr), its text follows
selected=$(awk 'mark { print; mark = 0 } /^#+$/ { mark = 1 }' "$T/next" | grep -o 'Luồng số [0-9]*' | head -n 1)
expect_eq "J moves onto thread 255" "Luồng số 255" "$selected"
