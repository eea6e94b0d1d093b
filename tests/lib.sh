# SPDX-License-Identifier: GPL-3.0-or-later
# lib.sh — helpers for shell tests: TAP output, a scratch directory, fixed time and locale.
# Source it first thing: `. "$(dirname "$0")/../lib.sh"`. It provides:
#   $GOPY  the binary, $T a fresh temporary directory (removed at exit), $ROOT the source tree,
#   $SCHEMA the database schema version the binary writes
#   ok NAME / not_ok NAME [detail]      report one test
#   check NAME CMD...                   ok when CMD succeeds
#   check_fail NAME CMD...              ok when CMD exits non-zero
#   expect_eq NAME EXPECTED ACTUAL      ok when the strings are equal (shows a diff otherwise)
#   expect_contains NAME NEEDLE HAYSTACK
#   run CMD...                          run, capturing $out (stdout), $err (stderr), $rc
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
: "${GOPY:=$ROOT/gopy}"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 GOPY_NOW=2026-05-04T08:30:00Z GOPY_SEED=42
unset GOPY_DB
# The schema version this binary writes (what `gopy check` reports as "ok (schema N)").
SCHEMA=$("$GOPY" --version 2>/dev/null | sed -n 's/^database schema \([0-9]*\)$/\1/p')
T=$(mktemp -d)
export HOME=$T/home XDG_STATE_HOME=$T/home/.local/state XDG_CONFIG_HOME=$T/home/.config
mkdir -p "$HOME"
trap 'rm -rf "$T"' EXIT
_n=0
ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() { _n=$((_n + 1)); echo "not ok $_n - $1"; [ $# -gt 1 ] && printf '#   %s\n' "$2" | head -n 40; return 0; }
run() { out=$("$@" 2>"$T/.stderr"); rc=$?; err=$(cat "$T/.stderr"); }
check() { local name=$1; shift; if "$@" >"$T/.o" 2>&1; then ok "$name"; else not_ok "$name" "$(cat "$T/.o")"; fi; }
check_fail() { local name=$1; shift; if "$@" >"$T/.o" 2>&1; then not_ok "$name" "succeeded: $(cat "$T/.o")"; else ok "$name"; fi; }
expect_eq() {
	if [ "$2" == "$3" ]; then ok "$1"; else
		not_ok "$1" "$(diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | head -n 30)"; fi
}
expect_contains() {
	case "$3" in *"$2"*) ok "$1" ;; *) not_ok "$1" "missing: $2 in: $(printf '%s' "$3" | head -c 800)" ;; esac
}
