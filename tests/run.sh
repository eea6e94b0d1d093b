#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# run.sh — run every test and print one summary line "N passed, N failed".
#
# Every test speaks TAP ("ok N - name" / "not ok N - name"): the cmocka unit tests in
# $BUILD/tests/ (CMOCKA_MESSAGE_OUTPUT=TAP) and the shell tests tests/{cli,ui,report}/*.sh
# (through tests/lib.sh). A program that exits non-zero without reporting a failure (a
# crash) counts as one failure. Environment: GOPY (the binary), BUILD (build directory).
# Pass test names (substrings) as arguments to run only those.
set -u
cd "$(dirname "$0")/.."
: "${GOPY:=$PWD/gopy}" "${BUILD:=build}"
export GOPY CMOCKA_MESSAGE_OUTPUT=TAP TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
# Left in the environment, these would turn every golden comparison into a pass (and
# rewrite the goldens): a test run compares, only a deliberate single run rewrites.
unset GOPY_DB GOPY_HEADLESS_SCRIPT GOPY_UPDATE_GOLDEN UPDATE_GOLDEN

passed=0 failed=0 failures=() times=()
log=$(mktemp -d)
trap 'rm -rf "$log"' EXIT

run_one() { # name, command...
	local name=$1; shift
	local out="$log/out" rc p f t0=$SECONDS secs
	"$@" >"$out" 2>&1 </dev/null; rc=$?
	secs=$((SECONDS - t0)) times+=("$secs $name")
	p=$(grep -cE '^ok ' "$out"); f=$(grep -cE '^not ok ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $name exited with status $rc" >>"$out"; fi
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $name ran no test" >>"$out"; fi
	passed=$((passed + p)); failed=$((failed + f))
	if [ "$f" -gt 0 ]; then
		failures+=("$name")
		echo "--- $name: $f failed ($secs s)"
		grep -vE '^ok ' "$out" | head -n 60
	else
		echo "$name: $p passed ($secs s)"
	fi
}

want() { # is this test selected by the command-line filters?
	[ $# -le 1 ] && return 0
	local name=$1; shift
	for w in "$@"; do case "$name" in *"$w"*) return 0 ;; esac; done
	return 1
}

# SUITE=render (make check-render): only the LibreOffice tests of tests/render/.
if [ "${SUITE:-}" = render ]; then unit=() shell=(tests/render/*.sh)
else unit=("$BUILD"/tests/test_*) shell=(tests/cli/*.sh tests/ui/*.sh tests/report/*.sh tests/office/*.sh tests/i18n/*.sh tests/fault/*.sh tests/pg/*.sh); fi
# One PostgreSQL server (tests/pg/server.bash) for the whole run when a selected test needs one:
# the tests find it through GOPY_TEST_PGHOST/GOPY_TEST_PGPORT and make their own databases in it.
for t in "${shell[@]}"; do
	case "$t" in tests/pg/server.sh) continue ;; tests/pg/*) ;; *) continue ;; esac
	name=${t#tests/}; name=${name%.sh}
	want "$name" "$@" || continue
	. tests/pg/server.bash
	pg_start --own || { echo "not ok - the shared PostgreSQL test server did not start"; exit 1; }
	export GOPY_TEST_PGHOST=$PG_HOST GOPY_TEST_PGPORT=$PG_PORT
	break
done
for t in "${unit[@]}"; do
	[ -x "$t" ] || continue
	case "$t" in *.d|*.o) continue ;; esac
	name=unit/$(basename "$t")
	want "$name" "$@" && run_one "$name" "$t"
done
for t in "${shell[@]}"; do
	[ -f "$t" ] || continue
	[ "$t" = tests/pg/server.sh ] && continue # the server's command-line form, not a test
	name=${t#tests/}; name=${name%.sh}
	want "$name" "$@" && run_one "$name" bash "$t"
done
# The tests of behaviour marked "# engines: both" run once more on PostgreSQL (named pg:NAME),
# on one test server shared by the run (tests/pg/server.bash; each test makes and drops its own
# databases in it). Without PostgreSQL's programs that is one failure, not a silent skip.
# So do the unit tests of the store marked "/* engines: both … */" in their source: their
# fixture opens a fresh server database under GOPY_TEST_ENGINE=pg (tests/unit/test_store_fixture.h).
both=() both_unit=()
for t in "${unit[@]}"; do
	[ -x "$t" ] && grep -q '^/\* engines: both' "tests/unit/$(basename "$t").c" 2>/dev/null || continue
	want "pg:unit/$(basename "$t")" "$@" && both_unit+=("$t")
done
for t in "${shell[@]}"; do
	[ -f "$t" ] && grep -q '^# engines: both$' "$t" || continue
	name=${t#tests/}; name=pg:${name%.sh}
	want "$name" "$@" && both+=("$t")
done
if [ $((${#both[@]} + ${#both_unit[@]})) -gt 0 ] && [ -z "${GOPY_TEST_PGHOST:-}" ]; then
	. tests/pg/server.bash
	if pg_start --own; then export GOPY_TEST_PGHOST=$PG_HOST GOPY_TEST_PGPORT=$PG_PORT
	else failed=$((failed + 1)) failures+=("pg:server"); both=() both_unit=(); fi
fi
for t in ${both_unit[@]+"${both_unit[@]}"}; do
	run_one "pg:unit/$(basename "$t")" env GOPY_TEST_ENGINE=pg "$t"
done
for t in ${both[@]+"${both[@]}"}; do
	name=${t#tests/}; name=pg:${name%.sh}
	run_one "$name" env GOPY_TEST_ENGINE=pg bash "$t"
done

# The slowest tests, and the time of each engine's pass (wall seconds).
printf '%s\n' ${times[@]+"${times[@]}"} | sort -rn | head -n 8 | awk '{ s = s sep $2 " " $1 " s"; sep = ", " } END { if (s) print "slowest: " s }'
printf '%s\n' ${times[@]+"${times[@]}"} | awk '{ if ($2 ~ /^pg:/) b += $1; else a += $1 } END { printf "time: %d s, of which %d s the second pass on PostgreSQL\n", a + b, b }'
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
