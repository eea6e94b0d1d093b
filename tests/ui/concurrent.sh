#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# concurrent.sh — several reviewers on one file (issue 4): a TUI session in tmux shows the
# thread of Điều 1 while 8 background `gopy comment` processes add comments and replies for
# a few seconds. Afterwards every acknowledged id is stored exactly once at its depth,
# `gopy check` passes, and the TUI — without a key press — shows the new count and a reply
# added last (its idle PRAGMA data_version check reloads the view in place).
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

if ! command -v tmux >/dev/null; then
	not_ok "tmux is installed (sh scripts/deps.sh --test)"
	exit 1
fi
new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
DB=$R

. "$(dirname "$0")/tmux.bash"
tmux_start conc

mkfifo "$T/go"
tm new-session -d -s t -x 100 -y 40 \
	"read _ <'$T/go'; exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC HOME='$HOME' USER=nobody-here '$GOPY' --as E04 '$DB'"
tm set-option -g status off >/dev/null
echo go >"$T/go"
wait_for "DA-TEST" 10 || not_ok "the document list appears" "$(screen)"
tm send-keys -t t Enter
wait_for "General comments on the whole draft" 10 || not_ok "the reader opens" "$(screen)"
tm send-keys -t t -l ':section Điều 1'
tm send-keys -t t Enter
if wait_for "comments on Điều 1 (5, 5 pending)" 10; then ok "the TUI shows the thread of Điều 1"; else not_ok "the TUI shows the thread of Điều 1" "$(screen)"; fi

# 8 writers for about 3 seconds: a root comment on some section, then a reply to it.
writer() {
	local n=$1 i=0 id r sections=("Điều 1" "Điều 2" "Khoản 1" "Khoản 2" "Điều 3" "")
	local end=$((SECONDS + 3))
	while ((SECONDS < end && i < 30)); do
		local s=${sections[$(((n + i) % 6))]}
		if [ -n "$s" ]; then
			id=$(env -u GOPY_SEED "$GOPY" comment "$DB" --doc DA-TEST --section "$s" --as B02 "Người viết $n, ý kiến $i")
		else
			id=$(env -u GOPY_SEED "$GOPY" comment "$DB" --doc DA-TEST --as B02 "Người viết $n, ý kiến chung $i")
		fi || echo "root $n.$i failed" >>"$T/fail.$n"
		if [ -n "$id" ]; then
			echo "$id 0" >>"$T/ack.$n"
			r=$(env -u GOPY_SEED "$GOPY" comment "$DB" --reply-to "$id" --as C03 "Trả lời $n.$i") || echo "reply $n.$i failed" >>"$T/fail.$n"
			[ -n "$r" ] && echo "$r 1" >>"$T/ack.$n"
		fi
		i=$((i + 1))
	done
}
for w in 0 1 2 3 4 5 6 7; do writer "$w" 2>"$T/err.$w" & done
wait
expect_eq "no writer failed" "" "$(cat "$T"/fail.* 2>/dev/null)"
expect_eq "no error messages" "" "$(cat "$T"/err.*)"
cat "$T"/ack.* >"$T/ack"
echo "# $(wc -l <"$T/ack") comments acknowledged by 8 writers"

# The last one: a reply to the first comment of Điều 1, so it lands high in the TUI's view.
first=$("$GOPY" list "$DB" --doc DA-TEST --comments --format json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print([s for s in d["sections"] if s["label"] == "Điều 1"][0]["comments"][0]["id"])')
last=$(env -u GOPY_SEED "$GOPY" comment "$DB" --reply-to "$first" --as A01 "Ý kiến cuối cùng từ phiên khác")
[ -n "$last" ] && echo "$last 1" >>"$T/ack"
start=$(date +%s%N)
if wait_for "Ý kiến cuối cùng từ phiên khác" 5; then
	ok "the TUI shows the last comment without a key press ($((($(date +%s%N) - start) / 1000000)) ms)"
else
	not_ok "the TUI shows the last comment without a key press" "$(screen)"
fi

"$GOPY" list "$DB" --doc DA-TEST --comments --format json >"$T/list.json"
n1=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def count(cs): return sum(1 + count(c.get("replies", [])) for c in cs)
print(count([s for s in d["sections"] if s["label"] == "Điều 1"][0]["comments"]))' "$T/list.json")
if wait_for "comments on Điều 1 ($n1, $n1 pending)" 5; then ok "the TUI's count shows every new comment on Điều 1 ($n1)"; else not_ok "the TUI's count shows every new comment on Điều 1 ($n1)" "$(screen | head -n 1)"; fi

expect_eq "every acknowledged id is stored exactly once, at its depth" "ok" "$(python3 - "$T/list.json" "$T/ack" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
seen = collections.Counter()
depth = {}
def walk(cs):
    for c in cs:
        seen[c["id"]] += 1
        depth[c["id"]] = c["depth"]
        walk(c.get("replies", []))
walk(d["general"]["comments"])
for s in d["sections"]:
    walk(s.get("comments", []))
ack = [l.split() for l in open(sys.argv[2]) if l.strip()]
bad = [i for i, dp in ack if seen[i] != 1 or depth[i] != int(dp)]
if bad: print("missing, duplicated or misplaced:", bad[:5])
elif sum(seen.values()) != 7 + len(ack): print("stored", sum(seen.values()), "expected", 7 + len(ack))
elif any(n != 1 for n in seen.values()): print("a comment is listed twice")
else: print("ok")
PY
)"
check "gopy check passes" "$GOPY" check "$DB"
tm send-keys -t t q q q
