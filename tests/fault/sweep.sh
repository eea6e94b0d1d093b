#!/usr/bin/env bash
# sweep.sh — faults injected with the fault VFS (faultvfs.c, LD_PRELOAD): for each operation
# (a comment saved from the command line, a comment saved from the review screen, an import,
# an export's reading, the migration that sets up a new file, the migration of an existing
# schema-1 review) and each kind of fault (the
# Nth write, sync or truncate fails, or the disk is full; reads for the export), every N from
# 1 until a run where no fault is hit. After each run: gopy exited 0 or 1 (never a crash),
# a failure is one clear line, the database passes `gopy check`, the change is all there or
# not at all, the typed text of the screen is in the database or in its draft, an export
# leaves no file, a failed `init` leaves no file.
# FAULT_MAX (default 400) bounds N. Here disk-full faults are swept for the command-line save
# only (elsewhere they take the write path's code); `make stress` sweeps every kind for
# every operation (FAULT_KINDS) with a larger import (FAULT_ROWS).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
LIB=${FAULT_LIB:-$ROOT/${BUILD:-build}/tests/libfaultvfs.so}
[ -f "$LIB" ] || { not_ok "the fault VFS is built ($LIB: make tests)"; exit 1; }
export ASAN_OPTIONS=${ASAN_OPTIONS:-}:verify_asan_link_order=0
MAX=${FAULT_MAX:-400} ROWS=${FAULT_ROWS:-40} KINDS=${FAULT_KINDS:-write sync truncate}
unset GOPY_SEED

BASE=$T/base.db
make_db "$BASE" >/dev/null || not_ok "fixture database"
GOPY_SEED=7 "$GOPY" comment "$BASE" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến có sẵn" >/dev/null
python3 - "$T/rows.csv" "$ROWS" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("doc,section,author,body\n")
    for i in range(int(sys.argv[2])):
        f.write("DA-CDS,Điều 2,UBND-MD,Ý kiến nhập số %d\n" % i)
PY
SCHEMA=$(sqlite3 "$BASE" 'PRAGMA user_version')
ncomments() { sqlite3 "$1" 'SELECT count(*) FROM comment'; }
faulty() { # KIND N CMD...: run CMD with the fault; $rc $out $err; $fired when the fault hit
	local kind=$1 n=$2
	shift 2
	rm -f "$T/fault.log"
	run env GOPY_FAULT="$kind:$n" GOPY_FAULT_LOG="$T/fault.log" LD_PRELOAD="$LIB" "$@"
	fired=0
	grep -q '^fired' "$T/fault.log" 2>/dev/null && fired=1
}
one_line() { [ "$(printf '%s\n' "$err" | grep -c .)" = 1 ] && case "$err" in "gopy: "*) return 0 ;; esac; return 1; }
intact() { # DB: check passes without faults
	local r
	r=$("$GOPY" check "$1" 2>&1) && [ "$r" = "$1: ok (schema $SCHEMA)" ]
}

# sweep NAME KIND PREPARE RUN VERIFY: PREPARE makes a fresh state, RUN runs gopy through
# faulty, VERIFY checks the state after a run ($fired, $rc set); each returns non-zero with a
# reason on stdout when something is wrong.
sweep() {
	local name=$1 kind=$2 prepare=$3 runit=$4 verify=$5 n problems="" why fired_runs=0
	for ((n = 1; n <= MAX; n++)); do
		$prepare
		$runit "$kind" "$n"
		if [ "$rc" != 0 ] && [ "$rc" != 1 ]; then problems+="N=$n: exit $rc ($err); "; fi
		if [ "$fired" = 1 ] && [ "$rc" = 1 ] && ! one_line; then problems+="N=$n: message: $err; "; fi
		if [ "$fired" = 0 ] && [ "$rc" != 0 ]; then problems+="N=$n: failed without a fault: $err; "; fi
		why=$($verify) || problems+="N=$n: $why; "
		[ "$fired" = 1 ] && fired_runs=$((fired_runs + 1))
		[ "$fired" = 0 ] && break
		[ ${#problems} -gt 600 ] && break
	done
	if [ "$n" -gt "$MAX" ]; then problems+="still hitting faults at N=$MAX; "; fi
	if [ -z "$problems" ]; then
		ok "$name, $kind faults: N = 1 … $n, $fired_runs failed cleanly, then none hit"
	else
		not_ok "$name, $kind faults" "$problems"
	fi
	echo "# sweep $name $kind: $n runs, $fired_runs with the fault hit"
}

# ---- a comment saved from the command line ------------------------------------------------------
prep_db() { cp "$BASE" "$T/db"; rm -f "$T/db-wal" "$T/db-shm"; BEFORE=$(ncomments "$T/db"); }
run_comment() { faulty "$1" "$2" "$GOPY" comment "$T/db" --doc DA-CDS --section "Điều 2" --as STTTT-01 "Ý kiến lúc đĩa hỏng"; }
verify_comment() {
	intact "$T/db" || { echo "check fails: $("$GOPY" check "$T/db" 2>&1 | head -3)"; return 1; }
	local now want=$BEFORE
	now=$(ncomments "$T/db")
	[ "$rc" = 0 ] && want=$((BEFORE + 1))
	[ "$now" = "$want" ] || { echo "$now comments, wanted $want (exit $rc)"; return 1; }
}
for kind in write sync truncate full; do sweep "comment" "$kind" prep_db run_comment verify_comment; done
prep_db; faulty full 1 "$GOPY" comment "$T/db" --doc DA-CDS --as STTTT-01 "Đĩa đầy"
expect_eq "disk full: the message says so" "1|gopy: $T/db: the disk is full; nothing was saved" "$rc|$err"

# ---- a comment saved from the review screen: the text is saved or kept as a draft ----------------
DRAFTS=$HOME/.local/state/gopy/drafts
cat >"$T/keys" <<'KEYS'
<Enter>:section Điều 1<Enter>
c
Văn bản gõ lúc đĩa hỏng
<C-s>
KEYS
prep_tui() { prep_db; rm -rf "$DRAFTS"; }
run_tui() { faulty "$1" "$2" env XDG_STATE_HOME="$HOME/.local/state" USER=nobody-here GOPY_HEADLESS_SCRIPT="$T/keys" "$GOPY" --as STTTT-01 "$T/db"; }
verify_tui() {
	intact "$T/db" || { echo "check fails"; return 1; }
	local saved drafted
	saved=$(sqlite3 "$T/db" "SELECT count(*) FROM comment WHERE body = 'Văn bản gõ lúc đĩa hỏng'")
	drafted=$(grep -rlF 'Văn bản gõ lúc đĩa hỏng' "$DRAFTS" 2>/dev/null | wc -l)
	[ "$saved$drafted" = 10 ] || [ "$saved$drafted" = 01 ] || { echo "saved $saved, drafts $drafted"; return 1; }
}
for kind in $KINDS; do sweep "screen save" "$kind" prep_tui run_tui verify_tui; done

# ---- an import: all or nothing -------------------------------------------------------------------
run_import() { faulty "$1" "$2" "$GOPY" import-comments "$T/db" "$T/rows.csv"; }
verify_import() {
	intact "$T/db" || { echo "check fails: $("$GOPY" check "$T/db" 2>&1 | head -3)"; return 1; }
	local now want=$BEFORE
	now=$(ncomments "$T/db")
	[ "$rc" = 0 ] && want=$((BEFORE + ROWS))
	[ "$now" = "$want" ] || { echo "$now comments, wanted $want (exit $rc)"; return 1; }
}
for kind in $KINDS; do sweep "import of $ROWS rows" "$kind" prep_db run_import verify_import; done

# ---- an export reading the database: no file left behind ----------------------------------------
prep_export() { prep_db; rm -rf "$T/out"; mkdir "$T/out"; }
run_export() { faulty "$1" "$2" "$GOPY" export "$T/db" --doc DA-CDS --format csv -o "$T/out/report.csv"; }
verify_export() {
	local files
	files=$(ls -A "$T/out")
	if [ "$rc" = 0 ]; then [ "$files" = report.csv ] || { echo "files: $files"; return 1; }
	else [ -z "$files" ] || { echo "left behind: $files"; return 1; }; fi
	intact "$T/db" || { echo "check fails"; return 1; }
}
sweep "export" read prep_export run_export verify_export

# ---- the migration that sets up a new file -------------------------------------------------------
prep_init() { rm -f "$T/new.db"*; }
run_init() { faulty "$1" "$2" "$GOPY" init "$T/new.db"; }
verify_init() {
	if [ "$rc" = 0 ]; then intact "$T/new.db" || { echo "check fails"; return 1; }
	elif compgen -G "$T/new.db*" >/dev/null; then echo "left behind: $(ls "$T" | grep new.db)"; return 1; fi
}
for kind in $KINDS; do sweep "init (migration)" "$kind" prep_init run_init verify_init; done

# ---- a migration of an existing review (a schema-1 file, tests/fault/schema1.db) -----------------
prep_old() { cp "$ROOT/tests/fault/schema1.db" "$T/old.db"; rm -f "$T/old.db-wal" "$T/old.db-shm" "$T/old.db-journal"; }
run_old() { faulty "$1" "$2" "$GOPY" check "$T/old.db"; } # (opens for writing: migrates)
verify_old() {
	local v
	v=$(sqlite3 "$T/old.db" 'PRAGMA user_version')
	if [ "$v" = "$SCHEMA" ]; then intact "$T/old.db" || { echo "migrated but check fails"; return 1; }
	elif [ "$v" = 1 ] && [ "$rc" = 1 ]; then
		[ "$(sqlite3 "$T/old.db" 'PRAGMA integrity_check; SELECT count(*) FROM comment')" = "ok
3" ] || { echo "schema 1 left damaged"; return 1; }
	else echo "schema $v after exit $rc"; return 1; fi
	[ "$(sqlite3 "$T/old.db" 'SELECT count(*) FROM comment')" = 3 ] || { echo "comments lost"; return 1; }
}
if [ "$SCHEMA" -gt 1 ]; then
	for kind in $KINDS; do sweep "migration 1 → $SCHEMA" "$kind" prep_old run_old verify_old; done
else
	ok "migration: this build has one schema (nothing to migrate)"
fi
