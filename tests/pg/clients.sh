#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# clients.sh — many clients on one PostgreSQL server at once: CLIENTS in all (default 8; `make
# stress` runs 50), of which TUIS interfaces in tmux (default 2; 10 under stress) writing
# comments with the compose pane while the others are `gopy comment` processes adding thread
# roots and replies. Afterwards every acknowledged comment is there exactly once, nothing else
# is, every interface shows the final count without a key press, and `gopy check` passes.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/ui/tmux.bash"
tmux_start clients
. "$ROOT/tests/pg/server.bash"
pg_start || exit 1
CLIENTS=${CLIENTS:-8} TUIS=${TUIS:-2} ROUNDS=${ROUNDS:-5}
WRITERS=$((CLIENTS - TUIS))
U=$(pg_newdb clients)
make_db "$U" || not_ok "the review is built on the server"
initial=$(pg_psql clients -c "SELECT count(*) FROM gopy.comment")

# The interfaces, each on the thread of Điều 1, each a delegate of its own (one person's drafts
# of one thread are one draft, whichever of their sessions types it).
for ((k = 0; k < TUIS; k++)); do
	g delegate "$U" add "T$k" "Người dùng giao diện $k" >/dev/null || not_ok "delegate T$k"
	tm new-session -d -s "t$k" -x 120 -y 30 \
		"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' '$GOPY' --as T$k '$U'"
done
tm set-option -g status off >/dev/null
shows_in() { case "$(tm capture-pane -p -t "$1" 2>/dev/null)" in *"$2"*) return 0 ;; esac; return 1; }
wait_in() { local i; for ((i = 0; i < ${3:-300}; i++)); do shows_in "$1" "$2" && return 0; sleep 0.1; done; return 1; }
for ((k = 0; k < TUIS; k++)); do
	wait_in "t$k" "DA-TEST" || not_ok "interface $k starts" "$(tm capture-pane -p -t "t$k")"
	tm send-keys -t "t$k" Enter
	tm send-keys -t "t$k" -l ":section Điều 1"
	tm send-keys -t "t$k" Enter
done

writer() { # n: ROUNDS thread roots, each with a reply; acknowledged ids in ack.n
	local n=$1 i id r
	for ((i = 0; i < ROUNDS; i++)); do
		if id=$(env -u GOPY_SEED "$GOPY" comment "$U" --doc DA-TEST --section "Điều $((1 + (n + i) % 3))" --as B02 "gốc $n.$i"); then
			echo "$id gốc $n.$i" >>"$T/ack.$n"
			r=$(env -u GOPY_SEED "$GOPY" comment "$U" --reply-to "$id" --as C03 "trả lời $n.$i") &&
				echo "$r trả lời $n.$i" >>"$T/ack.$n" || echo "reply $n.$i: $r" >>"$T/fail.$n"
		else
			echo "root $n.$i failed" >>"$T/fail.$n"
		fi
	done
}
typist() { # k: ROUNDS comments through the compose pane of interface k
	local k=$1 i
	for ((i = 0; i < ROUNDS; i++)); do
		tm send-keys -t "t$k" c
		wait_in "t$k" "New comment on" 300 || { echo "pane $k.$i did not open" >>"$T/fail.t$k"; return; }
		tm send-keys -t "t$k" -l "giao diện $k.$i"
		tm send-keys -t "t$k" C-s
		if wait_in "t$k" "comment saved" 600; then echo "giao diện $k.$i" >>"$T/typed.$k"
		else echo "save $k.$i: $(tm capture-pane -p -t "t$k" | tail -n 1)" >>"$T/fail.t$k"; fi
	done
}
start=$(date +%s%N)
for ((n = 0; n < WRITERS; n++)); do writer "$n" 2>"$T/err.$n" & done
for ((k = 0; k < TUIS; k++)); do typist "$k" & done
wait
ms=$(( ($(date +%s%N) - start) / 1000000 ))
acked=$(cat "$T"/ack.* 2>/dev/null | wc -l) typed=$(cat "$T"/typed.* 2>/dev/null | wc -l)
echo "# $WRITERS command-line writers and $TUIS interfaces: $acked + $typed comments in $ms ms"
expect_eq "no client failed" "" "$(cat "$T"/fail.* 2>/dev/null)"
expect_eq "no error messages" "" "$(cat "$T"/err.* 2>/dev/null)"
expect_eq "every writer's every comment was acknowledged" "$((WRITERS * ROUNDS * 2))|$((TUIS * ROUNDS))" "$acked|$typed"

# Every acknowledged comment once, by id and text; nothing more.
cat "$T"/ack.* | sort >"$T/ack"
pg_psql clients -c "SELECT id || ' ' || body FROM gopy.comment WHERE body LIKE 'gốc %' OR body LIKE 'trả lời %'" | sort >"$T/stored"
check "every acknowledged comment is stored, with its text, and no other" cmp "$T/ack" "$T/stored"
expect_eq "every typed comment is stored once" "$(cat "$T"/typed.* | sort)" \
	"$(pg_psql clients -c "SELECT body FROM gopy.comment WHERE body LIKE 'giao diện %'" | sort)"
total=$((initial + acked + typed))
expect_eq "the total: nothing lost, nothing duplicated" "$total" "$(pg_psql clients -c "SELECT count(*) FROM gopy.comment")"
expect_eq "replies sit under their roots" 0 "$(pg_psql clients -c "SELECT count(*) FROM gopy.comment c JOIN gopy.comment p ON p.id = c.parent_id WHERE c.body LIKE 'trả lời %' AND substr(c.body, 9) <> substr(p.body, 5)")"
check "gopy check passes" "$GOPY" check "$U"

# Every interface shows the final count by itself (live view), and quits.
for ((k = 0; k < TUIS; k++)); do
	if wait_in "t$k" "DA-TEST │ $total comments" 100; then ok "interface $k shows all $total comments without a key press"
	else not_ok "interface $k shows all $total comments without a key press" "$(tm capture-pane -p -t "t$k" | tail -n 2)"; fi
	tm send-keys -t "t$k" Q
done
