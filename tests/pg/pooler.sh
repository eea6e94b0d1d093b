#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# pooler.sh — gopy through a connection pooler: a private pgbouncer (tests/pg/server.bash,
# pg_pooler) in front of the test server. In session pooling, a review built, listed, searched
# and exported through it is the same as one made directly; the live view sees another client's
# comment; 50 `gopy comment` processes at once through a pool of 5 server sessions lose and
# duplicate nothing and `gopy check` passes; a session lost while its line waits for the write
# lock is ended (the server's process of that session, not a number the pooler made up: libpq's
# PQbackendPID is pgbouncer's key there) before gopy looks for the line, so it is written once.
# In transaction pooling a write that lands in another server process is refused with one
# line and writes nothing, by each of the two guards: a statement the session prepared is not
# there (a stream's second line), and the write's check of its process (pg_begin_write: a first
# write in a process another gopy set up, where nothing of the writer's is missing — without
# that check it would be written there).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/ui/fixture.bash"
. "$ROOT/tests/ui/tmux.bash"
tmux_start pooler
. "$ROOT/tests/pg/server.bash"
pg_pooler_available || { not_ok "pgbouncer is installed (scripts/deps.sh installs it)"; echo "1..$_n"; exit 1; }
pg_start || exit 1

# ---- session pooling: the same review through the pooler as directly ----
pg_pooler session 5 || exit 1
D=$(pg_newdb direct)
P=$(pooler_url "$(pg_newdb pooled)")
_seed=100; make_db "$D" || not_ok "the review is built directly"
_seed=100; make_db "$P" || not_ok "the review is built through the pooler"
for cmd in "list" "list --doc DA-TEST --comments" "search an ninh" "search 'chuyen doi so' --format json" \
	"export --doc DA-TEST --format md" "export --doc DA-TEST --format csv" "delegate list --format tsv"; do
	eval "set -- $cmd"
	a=$(g "$1" "$D" "${@:2}" 2>&1) b=$(g "$1" "$P" "${@:2}" 2>&1)
	expect_eq "gopy $cmd: the same through the pooler as directly" "$a" "$b"
done
ca=$(g comment "$D" --doc DA-TEST --section "Điều 2" --as B02 "Qua bộ gom kết nối" 2>&1)
cb=$(g comment "$P" --doc DA-TEST --section "Điều 2" --as B02 "Qua bộ gom kết nối" 2>&1)
expect_eq "a comment through the pooler gets the same id" "$ca" "$cb"
expect_eq "…and the thread is the same" "$(g list "$D" --doc DA-TEST --comments)" "$(g list "$P" --doc DA-TEST --comments)"
run "$GOPY" check "$P"
expect_eq "gopy check through the pooler" "0|$P: ok (schema $SCHEMA)" "$rc|$out"

# ---- the live view through the pooler: another client's comment appears ----
tm new-session -d -s t -x 140 -y 30 \
	"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=tmux-256color ESCDELAY=25 TZ=UTC USER=nobody-here HOME='$HOME' XDG_STATE_HOME='$XDG_STATE_HOME' '$GOPY' --as A01 '$P'"
tm set-option -g status off >/dev/null
if poll shows "DA-TEST"; then ok "the interface opens the review through the pooler"; else not_ok "the interface opens the review through the pooler" "$(screen)"; fi
tm send-keys -t t Enter
tm send-keys -t t -l ":section Điều 1"
tm send-keys -t t Enter
poll shows "comments on Điều 1 (5, 5 pending)" || not_ok "the thread of Điều 1" "$(screen)"
g comment "$P" --doc DA-TEST --section "Điều 1" --as C03 "Ý kiến qua bộ gom" >/dev/null
if wait_for "Ý kiến qua bộ gom" 5; then ok "another client's comment appears without a key press"; else not_ok "another client's comment appears without a key press" "$(screen)"; fi
poll shows "comments on Điều 1 (6, 6 pending)" && ok "…and the count with it" || not_ok "…and the count with it" "$(screen)"
tm kill-server 2>/dev/null

# ---- 50 `gopy comment` processes at once through a pool of 5 ----
before=$(pg_psql pooled -c "SELECT count(*) FROM gopy.comment")
for ((i = 0; i < 50; i++)); do
	(env -u GOPY_SEED "$GOPY" comment "$P" --doc DA-TEST --section "Điều $((1 + i % 3))" --as B02 "song song $i" >"$T/ack.$i" 2>"$T/err.$i"; echo $? >"$T/rc.$i") &
done
wait
expect_eq "50 writers through the pooler: every one exits 0" "" "$(for ((i = 0; i < 50; i++)); do [ "$(cat "$T/rc.$i")" = 0 ] || echo "$i: $(cat "$T/err.$i")"; done)"
expect_eq "…each printed an id, and each id is its comment, once" \
	"$(for ((i = 0; i < 50; i++)); do printf '%s|song song %s\n' "$(cat "$T/ack.$i")" "$i"; done | sort)" \
	"$(pg_psql pooled -c "SELECT id || '|' || body FROM gopy.comment WHERE body LIKE 'song song %'" | sort)"
expect_eq "…and nothing else was written" "$((before + 50))" "$(pg_psql pooled -c "SELECT count(*) FROM gopy.comment")"
run "$GOPY" check "$P"
expect_eq "gopy check passes after them" "0|$P: ok (schema $SCHEMA)" "$rc|$out"
expect_eq "the pooler saw no answer out of place" "" "$(grep -E 'FIXME|not linked' "$PG_POOLER_HOST/pgbouncer.log")"

# ---- a session lost while its line waits for the write lock ----
# gopy → a relay that can cut the connection (cut_proxy.py) → the pooler → the server. Another
# session holds the write lock; the writer's line waits for it on the server; the network is cut.
# The server's session goes on without its client and would write the line once the lock is free;
# gopy, connected again, ends that session (the server's process of it) and then writes the line:
# once. Ended by the number libpq gives (pgbouncer's key), the lost session would live on.
mkdir -p "$T/relay"
/usr/bin/python3 "$ROOT/tests/pg/cut_proxy.py" "$T/relay" "$PG_PORT" "$PG_POOLER_HOST/.s.PGSQL.$PG_PORT" "$T/cut" >"$T/relay.out" 2>&1 &
PG_RELAY_PID=$!
poll grep -q ready "$T/relay.out" || not_ok "the relay listens" "$(cat "$T/relay.out")"
R=${P//host=$PG_POOLER_HOST/host=$T/relay}
# (the holder is a psql reading its commands from a fifo: it keeps the lock until told, however
# slow the machine, and proves at the end that its session lived on)
mkfifo "$T/hold"
"$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$(pg_dbname pooled)" \
	<"$T/hold" >"$T/hold.out" 2>&1 &
holder=$!
exec 8>"$T/hold"
echo "SELECT pg_advisory_lock(1196380249);" >&8
locks() { pg_psql pooled -c "SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = '$(pg_dbname pooled)' AND $1"; }
poll eval '[ "$(locks granted)" = 1 ]' || not_ok "another session holds the write lock"
mkfifo "$T/fifo"
"$GOPY" comment "$R" --doc DA-TEST --section "Điều 3" --as B02 --stream <"$T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
exec 7>"$T/fifo"
echo "Chờ khóa qua bộ gom" >&7
poll eval '[ "$(locks "NOT granted")" = 1 ]' || not_ok "the line waits for the lock on the server"
lost=$(pg_psql pooled -c "SELECT l.pid FROM pg_locks l WHERE l.locktype = 'advisory' AND NOT l.granted")
touch "$T/cut.now"
# the lost session is ended by gopy once it is connected again, before it writes the line (that
# session's own wait: the line sent again waits for the lock too, from a session of its own)
poll eval '[ "$(locks "NOT granted AND l.pid = ${lost:-0}")" = 0 ]' || not_ok "the lost session no longer waits for the lock"
echo "SELECT 'alive'; SELECT pg_advisory_unlock(1196380249);" >&8
exec 8>&-
poll eval "[ \$(wc -l <'$T/out') -ge 1 ]" || not_ok "the line is written once the lock is free" "$(cat "$T/err")"
exec 7>&-
wait "$pid"
expect_eq "the writer ends with 0" 0 "$?"
wait "$holder"
expect_eq "the session that held the lock was not ended (only the lost one was)" "0||alive|t" \
	"$?|$(paste -sd'|' "$T/hold.out")"
expect_eq "the line that waited when the network was lost is there once, with the id printed" \
	"$(cat "$T/out")" "$(pg_psql pooled -c "SELECT id FROM gopy.comment WHERE body = 'Chờ khóa qua bộ gom'")"
expect_eq "…its server process is gone" 0 "$(pg_psql pooled -c "SELECT count(*) FROM pg_stat_activity WHERE pid = ${lost:-0}")"
kill "$PG_RELAY_PID" 2>/dev/null; wait "$PG_RELAY_PID" 2>/dev/null
run "$GOPY" check "$P"
expect_eq "gopy check passes" "0|$P: ok (schema $SCHEMA)" "$rc|$out"
pg_pooler_stop

# ---- transaction pooling: refused, nothing written ----
# hold_process: another client of the pooler takes the server process used last (pgbouncer
# reuses it first) and keeps it, a transaction left open until release_process (a psql reading a
# fifo: however slow the machine; it does not inherit the writer's fifo, fd 7); its process
# number in $held.
hold_process() {
	rm -f "$T/hold"; mkfifo "$T/hold"
	"$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PG_POOLER_HOST" -p "$PG_PORT" -U postgres \
		-d "$(pg_dbname pooled)" <"$T/hold" >"$T/hold.out" 2>&1 7>&- &
	holder=$!
	exec 8>"$T/hold"
	echo "BEGIN; SELECT 'held by ' || pg_backend_pid();" >&8
	poll grep -q "held by" "$T/hold.out" || not_ok "another client holds the writer's server process" "$(cat "$T/hold.out")"
	held=$(sed -n 's/^held by //p' "$T/hold.out")
}
release_process() {
	echo "COMMIT;" >&8
	exec 8>&-
	wait "$holder"
}
pg_pooler transaction 2 || exit 1
X=$(pooler_url "$(pg_url pooled)")
rm -f "$T/fifo"; mkfifo "$T/fifo"
"$GOPY" comment "$X" --doc DA-TEST --section "Điều 3" --as B02 --stream <"$T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
exec 7>"$T/fifo"
echo "Giao dịch thứ nhất" >&7
poll eval "[ \$(wc -l <'$T/out') -ge 1 ]" || not_ok "the first line, in the session's own server process" "$(cat "$T/err")"
# Another client takes that server process: the writer's next transaction goes to another one.
hold_process
echo "Giao dịch thứ hai" >&7
exec 7>&-
wait "$pid"
rc=$?
release_process
expect_eq "transaction pooling: the writer fails (1)" 1 "$rc"
expect_eq "…with one line naming the cause" \
	"gopy: line 2: $X: the connection pooler does not keep gopy's session (transaction pooling?); gopy needs session pooling (pgbouncer: pool_mode = session)" \
	"$(grep -v '^$' "$T/err")"
expect_eq "…the line was not written" 0 "$(pg_psql pooled -c "SELECT count(*) FROM gopy.comment WHERE body = 'Giao dịch thứ hai'")"
pg_pooler_stop

# A first write that lands in another server process, one that another gopy set up (its
# settings made, its statements of other names): nothing of the write's own is missing there,
# so only the write's check of its process (pg_begin_write) stops it. The writer opens the
# review in the pool's one server process and reads a line it refuses (not UTF-8: no write);
# another client then holds that process (a transaction left open, until told); another gopy
# writes a comment in the pool's second process and leaves; the writer's first write can go
# only there.
pg_pooler transaction 2 || exit 1
X=$(pooler_url "$(pg_url pooled)")
rm -f "$T/fifo"; mkfifo "$T/fifo"
"$GOPY" comment "$X" --doc DA-TEST --section "Điều 3" --as B02 --stream <"$T/fifo" >"$T/out" 2>"$T/err" &
pid=$!
exec 7>"$T/fifo"
printf 'Kh\xf4ng ph\xe1\xba\n' >&7
poll grep -q "line 1: the comment is not valid UTF-8" "$T/err" || not_ok "the first line is refused before any write" "$(cat "$T/err")"
hold_process
w=$(g comment "$X" --doc DA-TEST --section "Điều 3" --as C03 "Ý kiến của gopy khác" 2>&1)
expect_eq "another gopy writes through the pool's other process" \
	"$w|1" "$(pg_psql pooled -c "SELECT id FROM gopy.comment WHERE body = 'Ý kiến của gopy khác'")|$(pg_psql pooled -c "SELECT count(*) FROM pg_stat_activity WHERE datname = '$(pg_dbname pooled)' AND pid <> $held AND pid <> pg_backend_pid()")"
echo "Giao dịch đầu tiên ở tiến trình khác" >&7
exec 7>&-
wait "$pid"
rc=$?
release_process
expect_eq "a first write in another gopy's server process: the writer fails (1)" 1 "$rc"
expect_eq "…with one line naming the cause" \
	"gopy: line 1: the comment is not valid UTF-8|gopy: line 2: $X: the connection pooler does not keep gopy's session (transaction pooling?); gopy needs session pooling (pgbouncer: pool_mode = session)" \
	"$(grep -v '^$' "$T/err" | paste -sd'|')"
expect_eq "…the line was not written" 0 "$(pg_psql pooled -c "SELECT count(*) FROM gopy.comment WHERE body LIKE 'Giao dịch đầu tiên%'")"
pg_pooler_stop
run "$GOPY" check "$(pg_url pooled)"
expect_eq "gopy check passes (directly)" "0|$(pg_url pooled): ok (schema $SCHEMA)" "$rc|$out"
echo "1..$_n"
