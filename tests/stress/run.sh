#!/usr/bin/env bash
# run.sh — `make stress`: the long versions of the robustness tests (tests/ROBUSTNESS.md):
# kill -9 rounds, sustained concurrency, the 300,000-row import with writers and the screen,
# every fault sweep at full size, and 50 clients on one PostgreSQL server. (`make stress` then fuzzes every target for minutes.)
# One summary line, like tests/run.sh.
set -u
cd "$(dirname "$0")/../.."
: "${GOPY:=$PWD/gopy}" "${BUILD:=build}"
export GOPY BUILD
passed=0 failed=0
one() { # name, env assignments..., script
	local name=$1 out rc p f
	shift
	echo "--- $name"
	out=$(env "$@" 2>&1); rc=$?
	printf '%s\n' "$out" | grep -E '^(not ok|#)'
	p=$(printf '%s\n' "$out" | grep -cE '^ok ')
	f=$(printf '%s\n' "$out" | grep -cE '^not ok ')
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	passed=$((passed + p)) failed=$((failed + f))
	echo "$name: $p passed, $f failed"
}
one "kill -9, ${ROUNDS:-100} rounds" ROUNDS="${ROUNDS:-100}" bash tests/stress/killnine.sh
one "kill -9 on a PostgreSQL server, ${PG_ROUNDS:-30} rounds" GOPY_TEST_ENGINE=pg ROUNDS="${PG_ROUNDS:-30}" \
	bash tests/stress/killnine.sh
one "sustained concurrency" WRITERS_ROWS=100000 WRITERS_PER=60 bash tests/cli/writers.sh
one "300,000-row import with writers and the screen" WRITERS_ROWS=300000 bash tests/cli/writers.sh
one "fault sweeps, every kind, a 300-row import" FAULT_KINDS="write sync truncate full" FAULT_ROWS=300 \
	FAULT_MAX=20000 bash tests/fault/sweep.sh
one "full disk" bash tests/fault/enospc.sh
one "50 clients on a PostgreSQL server (40 writers, 10 interfaces)" CLIENTS=50 TUIS=10 ROUNDS=10 \
	bash tests/pg/clients.sh
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
