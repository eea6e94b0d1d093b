#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# writer_gate.sh — the writers of one server review take turns on this machine, four at a time
# (src/cli/writer_gate.c): with 20 writers at once no more than four sessions of the
# review are ever seen waiting for its write lock (four turns; the server's view of its sessions
# is not one instant, so the one holding the lock may still show as waiting; without the gate
# most of the 20 are seen waiting), every line is written once, and the last writer to end
# removes the semaphore and its name; a process holding every turn (tests/pg/gate_holder.py)
# holds a writer up for a moment only, and once it is killed its turns come back (SEM_UNDO);
# writers of one comment a process take their turn before they connect (behind a held write
# lock a crowd of 20 keeps four sessions on the server; without the gate the crowd connects);
# `gopy check` passes.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
. "$ROOT/tests/pg/server.bash"
pg_start || exit 1
U=$(pg_newdb gate)
make_db "$U" >/dev/null || not_ok "the review is built on the server"
q() { pg_psql gate -c "SET search_path = gopy; $1"; }
# the review's sessions waiting for the write lock (an advisory lock), now
waiting() {
	pg_psql gate -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
		AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
}
writers() { # N LINES TAG: N streamed writers at once; the most sessions seen waiting, in $T/most
	local n=$1 lines=$2 tag=$3 i most=0 w pids=()
	for ((i = 0; i < n; i++)); do
		for ((l = 0; l < lines; l++)); do echo "$tag $i.$l"; done >"$T/in.$i"
	done
	for ((i = 0; i < n; i++)); do
		"$GOPY" comment "$U" --doc DA-CDS --as STTTT-01 --stream <"$T/in.$i" >"$T/out.$tag.$i" 2>>"$T/err" &
		pids+=($!)
	done
	while kill -0 "${pids[@]}" 2>/dev/null || jobs -r | grep -q .; do
		w=$(waiting) && [ "$w" -gt "$most" ] && most=$w
		jobs -r | grep -q . || break
	done
	wait
	echo "$most" >"$T/most"
}

# the verdicts on a run's most sessions seen ($T/most), WHAT they did: with the gate no more than
# its four turns' (and then the last writer removed the semaphore); without it at least LEAST
gated() {
	local most; most=$(cat "$T/most")
	[ "$most" -le 4 ] && ok "with the gate no more than its 4 turns' sessions $1 (seen: $most)" ||
		not_ok "with the gate no more than its 4 turns' sessions $1" "seen: $most"
	expect_eq "the last writer to end leaves no semaphore behind" no "$(python3 "$ROOT/tests/pg/gate_holder.py" "$U" --exists)"
}
ungated() { # LEAST WHAT
	local most; most=$(cat "$T/most")
	[ "$most" -ge "$1" ] && ok "without it, $2 (seen: $most): the count above sees them" ||
		not_ok "without the gate, $2 (the count sees them)" "seen: $most"
}

writers 20 40 "Lượt"
expect_eq "20 writers with the gate: every line written once" "800|800|0" \
	"$(cat "$T"/out.Lượt.* | wc -l)|$(q "SELECT count(DISTINCT body) FROM comment WHERE body LIKE 'Lượt %'")|$(wc -l <"$T/err")"
gated "wait for the write lock"
GOPY_NO_WRITER_GATE=1 writers 20 40 "Không"
ungated 5 "more sessions wait for it"

# another process holds every turn: a writer waits a moment (2 s), then writes without the gate
python3 "$ROOT/tests/pg/gate_holder.py" "$U" >"$T/holder" 2>&1 &
holder=$!
for ((i = 0; i < 100; i++)); do grep -qs held "$T/holder" && break; sleep 0.05; done
expect_eq "a process takes every turn" "held|0" "$(cat "$T/holder")|$(python3 "$ROOT/tests/pg/gate_holder.py" "$U" --value)"
t0=$(date +%s%N)
printf 'Chờ lượt %s\n' 1 2 3 | "$GOPY" comment "$U" --doc DA-CDS --as STTTT-01 --stream >"$T/held.out" 2>"$T/held.err"
rc=$?
t1=$(date +%s%N)
expect_eq "the writer goes on without a turn: its lines written, nothing said" "0|3|" "$rc|$(wc -l <"$T/held.out")|$(cat "$T/held.err")"
ms=$(( (t1 - t0) / 1000000 ))
[ "$ms" -ge 1500 ] && [ "$ms" -lt 10000 ] && ok "it waited for a turn about 2 s ($ms ms), not more" ||
	not_ok "it waits for a turn about 2 s, not more" "$ms ms"
kill -KILL "$holder"
wait "$holder" 2>/dev/null
expect_eq "the holder killed: its turns come back" 4 "$(python3 "$ROOT/tests/pg/gate_holder.py" "$U" --value)"
printf 'Sau cùng\n' | "$GOPY" comment "$U" --doc DA-CDS --as STTTT-01 --stream >/dev/null 2>"$T/last.err"
expect_eq "a writer that ends last removes it" "no|" "$(python3 "$ROOT/tests/pg/gate_holder.py" "$U" --exists)|$(cat "$T/last.err")"

# one comment a process: the turn is taken before connecting. While another session holds the
# write lock, a crowd of 20 keeps four sessions waiting for it (the rest wait for a turn, with no
# session; looked at for 1.2 s, before a writer's 2 s wait for a turn can end), where without the
# gate the crowd connects and waits (looked at until 10 do); once the lock is free every comment
# is written once and the last writer removes the semaphore
sessions() {
	pg_psql gate -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
		AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
}
hold_lock() { # the write lock, held by a psql reading its commands from a fifo until release_lock
	local i
	rm -f "$T/lock"; mkfifo "$T/lock"
	pg_psql gate -f - <"$T/lock" >"$T/lock.out" 2>&1 &
	exec 8>"$T/lock"
	echo "SELECT pg_advisory_lock(1196380249); SELECT 'held';" >&8
	for ((i = 0; i < 200; i++)); do grep -qs held "$T/lock.out" && return; sleep 0.05; done
	not_ok "another session holds the write lock" "$(cat "$T/lock.out")"
}
release_lock() { exec 8>&-; wait; }
crowd() { # TAG SECONDS ENOUGH: 20 one-comment writers at once behind the held lock; the most
	# sessions seen waiting for it within SECONDS (or until ENOUGH are), in $T/most
	local tag=$1 i most=0 w t_end
	hold_lock
	t_end=$(( $(date +%s%N) + $2 * 1000000000 / 10 ))
	for ((i = 0; i < 20; i++)); do
		"$GOPY" comment "$U" --doc DA-CDS --as STTTT-01 "$tag $i" >"$T/out.$tag.$i" 2>>"$T/err" 8>&- &
	done
	while [ "$(date +%s%N)" -lt "$t_end" ] && [ "$most" -lt "$3" ]; do
		w=$(waiting) && [ "$w" -gt "$most" ] && most=$w
	done
	release_lock
	echo "$most" >"$T/most"
}
crowd "Một" 12 99 # (1.2 s)
expect_eq "20 one-comment writers with the gate: every comment written once (and nothing said but the wait)" "20|20|0" \
	"$(cat "$T"/out.Một.* | wc -l)|$(q "SELECT count(DISTINCT body) FROM comment WHERE body LIKE 'Một %'")|$(grep -vc 'another program is writing' "$T/err")"
gated "are on the server, waiting for the lock"
GOPY_NO_WRITER_GATE=1 crowd "Hai" 100 10
ungated 10 "the crowd connects and waits"

# every turn held: a one-comment writer waits for one before it connects (no session of its own
# meanwhile), then, after 2 s, connects and writes without
python3 "$ROOT/tests/pg/gate_holder.py" "$U" >"$T/holder" 2>&1 &
holder=$!
for ((i = 0; i < 100; i++)); do grep -qs held "$T/holder" && break; sleep 0.05; done
t0=$(date +%s%N)
"$GOPY" comment "$U" --doc DA-CDS --as STTTT-01 "Chờ lượt một" >"$T/one.out" 2>"$T/one.err" &
one=$!
sleep 0.8
expect_eq "waiting for its turn, it has no session on the server" "0|yes" "$(sessions)|$(kill -0 "$one" && echo yes)"
wait "$one"
rc=$?
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
expect_eq "then it writes its comment, nothing said" "0|1|" "$rc|$(wc -l <"$T/one.out")|$(cat "$T/one.err")"
[ "$ms" -ge 1500 ] && [ "$ms" -lt 10000 ] && ok "it waited for a turn about 2 s ($ms ms), not more" ||
	not_ok "a one-comment writer waits for a turn about 2 s, not more" "$ms ms"
kill -KILL "$holder"
wait "$holder" 2>/dev/null
"$GOPY" comment "$U" --doc DA-CDS --as STTTT-01 "Một mình" >/dev/null 2>"$T/alone.err"
expect_eq "a one-comment writer alone leaves nothing behind" "no|" \
	"$(python3 "$ROOT/tests/pg/gate_holder.py" "$U" --exists)|$(cat "$T/alone.err")"

run "$GOPY" check "$U"
expect_eq "gopy check passes" 0 "$rc"
