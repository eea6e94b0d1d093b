#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# writer_gate.sh — the writers of one server review take turns on this machine, four at a time
# (src/cli/writer_gate.c): with 20 writers at once no more than four sessions of the
# review are ever seen waiting for its write lock (four turns; the server's view of its sessions
# is not one instant, so the one holding the lock may still show as waiting; without the gate
# most of the 20 are seen waiting), every line is written once, and the last writer to end
# removes the semaphore and its name; a process holding every turn (tests/pg/gate_holder.py)
# holds a writer up for a moment only, and once it is killed its turns come back (SEM_UNDO);
# writers of one comment a process take their turn before they connect (a crowd of 20 keeps
# four sessions on the server); `gopy check` passes.
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

# RUN N EACH LIMIT WHAT: RUN (writers or crowd) with the gate, then without it: with it every
# comment is written once, no more than LIMIT sessions are seen (WHAT they do), and the last
# writer removes the semaphore; without it more are seen (the count sees them)
with_and_without() {
	local run=$1 n=$2 each=$3 limit=$4 what=$5 most
	"$run" "$n" "$each" "Lượt$run"
	expect_eq "$n $run with the gate: every comment written once" "$((n * each))|$((n * each))|0" \
		"$(cat "$T"/out.Lượt"$run".* | wc -l)|$(q "SELECT count(DISTINCT body) FROM comment WHERE body LIKE 'Lượt$run %'")|$(wc -l <"$T/err")"
	most=$(cat "$T/most")
	[ "$most" -le "$limit" ] && ok "with the gate no more than its 4 turns' sessions $what (seen: $most)" ||
		not_ok "with the gate no more than its 4 turns' sessions $what" "seen: $most"
	expect_eq "the last of them leaves no semaphore behind" no "$(python3 "$ROOT/tests/pg/gate_holder.py" "$U" --exists)"
	GOPY_NO_WRITER_GATE=1 "$run" "$n" "$each" "Không$run"
	most=$(cat "$T/most")
	[ "$most" -gt "$limit" ] && ok "without it, more do (seen: $most): the count above sees them" ||
		not_ok "without the gate more sessions $what (the measure sees them)" "seen: $most"
}
with_and_without writers 20 40 4 "wait for the write lock"

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

# one comment a process: the turn is taken before connecting, so a crowd of them keeps four
# sessions on the server (a session whose process gave its turn back may still be seen ending
# on a busy machine: two more are allowed), where without the gate most of the crowd is seen
sessions() {
	pg_psql gate -c "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
		AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
}
crowd() { # N EACH TAG: N loops of EACH one-comment processes at once (one-comment writers); the most
	# sessions seen, in $T/most
	local n=$1 each=$2 tag=$3 i most=0 w
	for ((i = 0; i < n; i++)); do
		(for ((l = 0; l < each; l++)); do
			"$GOPY" comment "$U" --doc DA-CDS --as STTTT-01 "$tag $i.$l" || echo "$tag $i.$l failed" >&2
		done >"$T/out.$tag.$i" 2>>"$T/err") &
	done
	while jobs -r | grep -q .; do
		w=$(sessions) && [ "$w" -gt "$most" ] && most=$w
	done
	wait
	echo "$most" >"$T/most"
}
with_and_without crowd 20 6 6 "are on the server"

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
