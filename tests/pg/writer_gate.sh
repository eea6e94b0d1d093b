#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# writer_gate.sh — streamed writers of one server review take turns on this machine, four at a
# time (src/cli/writer_gate.c): with 20 writers at once no more than four sessions of the
# review are ever seen waiting for its write lock (four turns; the server's view of its sessions
# is not one instant, so the one holding the lock may still show as waiting; without the gate
# most of the 20 are seen waiting), every line is written once, and the last writer to end
# removes the semaphore and its name; a process holding every turn (tests/pg/gate_holder.py)
# holds a writer up for a moment only, and once it is killed its turns come back (SEM_UNDO);
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

writers 20 40 "Lượt"
expect_eq "20 writers with the gate: every line written once" "800|800|0" \
	"$(cat "$T"/out.Lượt.* | wc -l)|$(q "SELECT count(DISTINCT body) FROM comment WHERE body LIKE 'Lượt %'")|$(wc -l <"$T/err")"
most=$(cat "$T/most")
[ "$most" -le 4 ] && ok "with the gate no more than its 4 turns' sessions wait for the write lock (seen: $most)" ||
	not_ok "with the gate no more than its 4 turns' sessions wait for the write lock" "seen: $most"
expect_eq "the last writer to end leaves no semaphore behind" no "$(python3 "$ROOT/tests/pg/gate_holder.py" "$U" --exists)"
GOPY_NO_WRITER_GATE=1 writers 20 40 "Không"
most=$(cat "$T/most")
[ "$most" -gt 4 ] && ok "without it, more do (seen: $most): the count above sees them" ||
	not_ok "without the gate more sessions wait (the measure sees a queue)" "seen: $most"

# another process holds every turn: a writer waits a moment (2 s), then writes without the gate
python3 "$ROOT/tests/pg/gate_holder.py" "$U" >"$T/holder" 2>&1 &
holder=$!
for ((i = 0; i < 100; i++)); do grep -q held "$T/holder" && break; sleep 0.05; done
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

run "$GOPY" check "$U"
expect_eq "gopy check passes" 0 "$rc"
