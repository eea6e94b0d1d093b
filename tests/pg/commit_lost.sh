#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# commit_lost.sh — the command-line writes other than a comment's (a disposition and response
# with `gopy handle`, a delegate added, merge, copy into a server, import-dispositions, consult),
# each whose commit's answer is lost on the way (a relay in front of the server,
# tests/pg/cut_proxy.py, drops the connection at the answer "COMMIT"): gopy connects again at
# once, asks the server whether that transaction was committed, and says what it did (exit 0)
# rather than failing, so that nobody does it a second time: the change is there once, with
# one entry of the audit log; when the server cannot be reached just then, gopy waits for it
# (as long as --wait allows) and asks; a copy whose server stays away past --wait says that it
# may have been saved, and that the same copy again tells (refused once it was saved).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start --own || exit 1
U=$(pg_newdb clost)
make_db "$U" >/dev/null || not_ok "the review is built on the server"
q() { pg_psql clost -c "SET search_path = gopy; $1"; }
g delegate "$U" add BBT-01 "Đỗ Minh Tâm" --unit "Tổ biên tập" --role editor >/dev/null
gv id comment "$U" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến được xử lý"
pg_relay "$T/relay" "$T/cut" || not_ok "the relay listens"
R=${U//$PG_HOST/$T/relay}

# lost NAME ARGS...: gopy ARGS through the relay, which cuts at the commit's answer: the relay
# did cut, and gopy ends with 0 and says nothing of a failure
lost() {
	local name=$1; shift
	touch "$T/cut"
	rung "$@"
	expect_eq "$name: the relay cut the connection at the commit's answer" no "$([ -e "$T/cut" ] && echo yes || echo no)"
	expect_eq "$name: exit 0" 0 "$rc"
	expect_eq "$name: no failure said" "" "$err"
}

lost handle handle "$R" "$id" --disposition accepted --response "Tiếp thu, chỉnh sửa Điều 1" --as BBT-01
expect_eq "handle: the disposition and response are saved, once in the audit log" "1|Tiếp thu, chỉnh sửa Điều 1|1|1" \
	"$(q "SELECT disposition FROM comment WHERE id = $id")|$(q "SELECT response FROM comment WHERE id = $id")|$(q "SELECT count(*) FROM audit WHERE comment_id = $id AND kind = 'disposition'")|$(q "SELECT count(*) FROM audit WHERE comment_id = $id AND kind = 'response'")"

lost "delegate add" delegate "$R" add BTP-02 "Lê Văn Cường" --unit "Sở Tư pháp"
expect_eq "delegate add: the delegate is there once" 1 "$(q "SELECT count(*) FROM delegate WHERE code = 'BTP-02'")"

make_db "$T/copy.db" >/dev/null
g comment "$T/copy.db" --doc DA-CDS --section "Điều 2" --as STTTT-01 "Ý kiến của bản sao" >/dev/null
lost merge merge "$R" "$T/copy.db"
expect_eq "merge: the copy's comment is there once" 1 "$(q "SELECT count(*) FROM comment WHERE body = 'Ý kiến của bản sao'")"

V=$(pg_newdb clost_copy)
lost "copy into a server" copy "$T/copy.db" "${V//$PG_HOST/$T/relay}"
expect_eq "copy: the copy is whole on the server (its export as the file's)" \
	"$(g export "$T/copy.db" --doc DA-CDS --format json --audit | sha256sum)" "$(g export "$V" --doc DA-CDS --format json --audit | sha256sum)"
rung check "$V"
expect_eq "copy: check passes" "0|$V: ok (schema $SCHEMA)" "$rc|$out"

lost "consult add" consult "$R" --doc DA-CDS add "UBND huyện Mỹ Đức" --deadline 2026-12-15
expect_eq "consult add: the unit is asked once" 1 "$(q "SELECT count(*) FROM consultee")"
# The server out of reach just after the lost answer: gopy waits for it (within --wait), then
# asks, and says the change is saved (once).
poll() { local i; for ((i = 0; i < 400; i++)); do "$@" && return 0; sleep 0.05; done; return 1; }
touch "$T/cut" "$T/cut.refuse-next"
"$GOPY" handle "$R" "$id" --response "Giải trình khi máy chủ vắng" --as BBT-01 >"$T/out" 2>"$T/err" &
pid=$!
poll eval "grep -q 'waiting up to 60 s for the server' '$T/err'" ||
	not_ok "the server out of reach after the lost answer: gopy says it waits for it" "$(cat "$T/err")"
rm "$T/cut.refuse"
wait "$pid"
expect_eq "…once it is back: exit 0, the server asked, the response saved once" \
	"0|no|1|2" \
	"$?|$([ -e "$T/cut" ] && echo yes || echo no)|$(q "SELECT count(*) FROM comment WHERE response = 'Giải trình khi máy chủ vắng'")|$(q "SELECT count(*) FROM audit WHERE comment_id = $id AND kind = 'response'")"
# The same for a copy into a server (its destination opened by the copy itself): it waits
# within --wait too, instead of ending at once with a promise to ask later.
W=$(pg_newdb clost_copy2)
touch "$T/cut" "$T/cut.refuse-next"
"$GOPY" copy "$T/copy.db" "${W//$PG_HOST/$T/relay}" >"$T/out" 2>"$T/err" &
pid=$!
poll eval "grep -q 'waiting up to 60 s for the server' '$T/err'" ||
	not_ok "copy: the server out of reach after the lost answer: gopy says it waits for it" "$(cat "$T/err")"
rm "$T/cut.refuse"
wait "$pid"
rc=$?
expect_eq "copy: once it is back, exit 0 and the copy whole on the server" \
	"0|$(g export "$T/copy.db" --doc DA-CDS --format json --audit | sha256sum)" \
	"$rc|$(g export "$W" --doc DA-CDS --format json --audit | sha256sum)"
# …and when the server stays out of reach past --wait: the copy may have been saved, which it
# says (and only that), with how to find out: the same copy again, refused once it was saved.
W=$(pg_newdb clost_copy3)
WR=${W//$PG_HOST/$T/relay}
touch "$T/cut" "$T/cut.refuse-next"
rung copy "$T/copy.db" "$WR" --wait 1
expect_eq "copy, the server away past --wait: exit 1, one line: the copy may have been saved, run it again" \
	"1|gopy: $WR: the copy may have been saved: the connection was lost as it was committed and the server could not be asked; once it is back, run the same copy again: it copies when nothing was saved, and refuses a database that already holds the review" \
	"$rc|$(grep -v 'waiting up to 1 s for the server' <<<"$err")"
expect_eq "…the relay cut at the commit's answer (the copy was committed on the server)" no "$([ -e "$T/cut" ] && echo yes || echo no)"
rm "$T/cut.refuse"
rung copy "$T/copy.db" "$WR"
expect_contains "…the same copy again: refused, the review is there" "is not empty" "$err"
expect_eq "…exit 1, and the review on the server is the copy, whole" \
	"1|$(g export "$T/copy.db" --doc DA-CDS --format json --audit | sha256sum)" \
	"$rc|$(g export "$W" --doc DA-CDS --format json --audit | sha256sum)"
rung check "$U"
expect_eq "check passes" "0|$U: ok (schema $SCHEMA)" "$rc|$out"
