#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# lock.sh — a review on a server whose write lock another program holds (tests/cli/permissions.sh
# is the same for a file): a write waits (--wait seconds, 60 by default) with a note on stderr,
# then fails with one clear line and changes nothing; --wait 0 refuses at once; reading still
# works; a write that waits long enough saves once the lock is given back.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/pg/server.bash"
. "$ROOT/tests/cli/data/helpers.bash"
pg_start || { not_ok "the test server starts"; exit 1; }
GOPY_TEST_ENGINE=pg # new_db and db_hold_lock on this server
new_db L lock
make_db "$L" >/dev/null || not_ok "fixture review"
gv C1 comment "$L" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến có sẵn"
before=$(sha "$L")

db_hold_lock "$L" "$T/held" "$T/free" &
holder=$!
for _ in $(seq 200); do [ -e "$T/held" ] && break; sleep 0.05; done
check "another program holds the write lock" db_locked "$L"
t0=$(date +%s.%N)
rung comment "$L" --doc DA-CDS --as STTTT-01 --wait 2 "Ý kiến khi bị khóa"
t1=$(date +%s.%N)
expect_eq "a write while locked past --wait 2: exit 1, a note then one clear line" \
	"1|gopy: $L: another program is writing (an import?); waiting up to 2 s…
gopy: $L: the database is locked by another gopy or program; try again" "$rc|$err"
expect_eq "it waited the 2 s first" 1 "$(py "print(int(2 <= $t1 - $t0 < 5))")"
rung comment "$L" --doc DA-CDS --as STTTT-01 --wait 0 "Ý kiến khi bị khóa"
expect_eq "--wait 0: refused at once, one line" "1|gopy: $L: the database is locked by another gopy or program; try again" "$rc|$err"
expect_eq "nothing was written" "$before" "$(sha "$L")"
rung list "$L" --doc DA-CDS --comments
expect_eq "reading while locked still works" 0 "$rc"
expect_contains "and shows the data" "[$C1]" "$out"
# a write with the default wait, the lock given back meanwhile: saved
GOPY_SEED=4242 "$GOPY" comment "$L" --doc DA-CDS --as STTTT-01 "Ý kiến chờ khóa" >"$T/waited.out" 2>"$T/waited.err" &
writer=$!
for _ in $(seq 200); do [ -s "$T/waited.err" ] && break; sleep 0.05; done
expect_eq "by default a write waits for the lock (a note on stderr)" \
	"gopy: $L: another program is writing (an import?); waiting up to 60 s…" "$(cat "$T/waited.err")"
touch "$T/free"
wait "$holder"
wait "$writer"
expect_eq "…then saves once the lock is given back" "0|1" \
	"$?|$(db_sql "$L" "SELECT count(*) FROM comment WHERE id = $(cat "$T/waited.out")")"
rung check "$L"
expect_eq "check passes" "0|$L: ok (schema $SCHEMA)" "$rc|$out"
echo "1..$_n"
