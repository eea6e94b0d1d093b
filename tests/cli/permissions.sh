#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# permissions.sh — a read-only file (as an unprivileged user: root ignores permissions) can
# be read but every write is refused with one clear line and the file left byte-identical;
# a write waits for a database locked by another program (60 s by default, --wait), then
# fails with "locked", data intact, while reads still work.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
DB=$T/review.db
make_db "$DB" >/dev/null || not_ok "fixture database"
gv C1 comment "$DB" --doc DA-CDS --section "Điều 2" --as STTTT-01 "Mục tiêu chuyển đổi số cần rõ hơn"

# ---- read-only file, run as nobody ---------------------------------------------------------
USER_RO=nobody
if ! command -v runuser >/dev/null || ! id "$USER_RO" >/dev/null 2>&1; then
	not_ok "runuser and the user $USER_RO are needed for the permission tests"
	exit 1
fi
[ "$(id -u)" = 0 ] || { not_ok "the permission tests run as root (to switch to $USER_RO)"; exit 1; }
as_nobody() { runuser -u "$USER_RO" -- env GOPY_SEED=4242 "$T/gopy" "$@"; }
runo() { run as_nobody "$@"; }
chmod 755 "$T"
# the build tree may be in a folder nobody cannot enter: the program and its inputs too
cp "$GOPY" "$T/gopy"
mkdir -p "$T/data" && cp "$DATA/draft.md" "$DATA/comments.csv" "$T/data/" && chmod -R a+rX "$T/data"
mkdir -m 1777 "$T/shared" "$T/gopy-home"
mkdir -m 755 "$T/locked-dir"
cp "$DB" "$T/shared/ro.db"
cp "$DB" "$T/locked-dir/ro.db"
chmod 444 "$T/shared/ro.db" "$T/locked-dir/ro.db"
export HOME=$T/gopy-home
runo list "$T/shared/ro.db"
expect_eq "nobody really cannot write the file (fixture)" "1" "$(runuser -u "$USER_RO" -- sh -c "test -w '$T/shared/ro.db' && echo 0 || echo 1")"

ro_refused() { # NAME NEEDLE FILE ARGS...: as nobody, exit 1, one line, file unchanged
	local name=$1 needle=$2 file=$3 before problems=""
	shift 3
	before=$(sha "$file")
	runo "$@"
	[ "$rc" = 1 ] || problems+="exit $rc; "
	case "$err" in "gopy: "*"$needle"*) ;; *) problems+="message: $err; " ;; esac
	[ "$(printf '%s\n' "$err" | grep -c .)" = 1 ] || problems+="not one line: $err; "
	[ "$(sha "$file")" = "$before" ] || problems+="file changed; "
	if [ -z "$problems" ]; then ok "$name"; else not_ok "$name" "$problems"; fi
}
F=$T/shared/ro.db
ro_refused "read-only: comment refused" "read-only" "$F" comment "$F" --doc DA-CDS --as STTTT-01 "Không ghi được"
ro_refused "read-only: delegate add refused" "read-only" "$F" delegate "$F" add NEW-1 "Người Mới"
ro_refused "read-only: import refused" "read-only" "$F" import "$F" "$T/data/draft.md" --code X
ro_refused "read-only: import-comments refused" "read-only" "$F" import-comments "$F" "$T/data/comments.csv"
expect_eq "read-only: nothing was added" "1" "$(sqlite3 "$F" 'SELECT count(*) FROM comment')"
runo list "$F" --doc DA-CDS --comments
expect_eq "read-only: list still works" 0 "$rc"
expect_contains "read-only: list shows the comment" "[$C1]" "$out"
runo search "$F" "chuyen doi so" --format tsv
expect_eq "read-only: search still works" "0|$C1" "$rc|$(printf '%s\n' "$out" | awk -F'\t' '$1 == "comment" { print $2 }')"
runo check "$F"
expect_eq "read-only: check still works" "0|$F: ok (schema $SCHEMA)" "$rc|$out"

# A file in a directory nobody may write to: refused cleanly either way, never changed.
F=$T/locked-dir/ro.db
ro_refused "read-only folder: comment refused" "read-only" "$F" comment "$F" --doc DA-CDS --as STTTT-01 "Không ghi được"
before=$(sha "$F")
runo list "$F"
if [ "$rc" = 0 ]; then ok "read-only folder: list works"; else
	case "$err" in "gopy: "*"read-only"*) ok "read-only folder: list refused with a clear line" ;;
		*) not_ok "read-only folder: list" "exit $rc: $err" ;; esac
fi
expect_eq "read-only folder: file unchanged" "$before" "$(sha "$F")"

# ---- a database locked by another program ---------------------------------------------------
chmod 700 "$T"
export HOME=$T/home
L=$T/locked.db
cp "$DB" "$L"
before=$(sha "$L")
(
	echo 'BEGIN EXCLUSIVE;'
	echo "INSERT INTO delegate(id, code, name) VALUES (1, 'HOLD', 'Giữ khóa');"
	echo "SELECT 'locked';"
	sleep 7
	echo 'ROLLBACK;'
) | sqlite3 "$L" >"$T/holder.out" &
holder=$!
for _ in $(seq 100); do grep -q locked "$T/holder.out" 2>/dev/null && break; sleep 0.05; done
expect_eq "the other program holds the lock" locked "$(cat "$T/holder.out")"
t0=$(date +%s.%N)
rung comment "$L" --doc DA-CDS --as STTTT-01 --wait 2 "Ý kiến khi tệp bị khóa"
t1=$(date +%s.%N)
expect_eq "a write while locked past --wait 2: exit 1, a note then one clear line" \
	"1|gopy: $L: another program is writing (an import?); waiting up to 2 s…
gopy: $L: the database is locked by another gopy or program; try again" "$rc|$err"
expect_eq "it waited the 2 s first" 1 "$(py "print(int(2 <= $t1 - $t0 < 5))")"
rung comment "$L" --doc DA-CDS --as STTTT-01 --wait 0 "Ý kiến khi tệp bị khóa"
expect_eq "--wait 0: refused at once, one line" "1|gopy: $L: the database is locked by another gopy or program; try again" "$rc|$err"
rung list "$L" --doc DA-CDS --comments
expect_eq "reading while locked still works" 0 "$rc"
expect_contains "and shows the data" "[$C1]" "$out"
# the default wait (60 s) outlasts the holder's 7 s: the comment is saved
rung comment "$L" --doc DA-CDS --as STTTT-01 "Ý kiến chờ khóa"
WAITED=$out
expect_eq "by default a write waits for the lock, then saves" "0|gopy: $L: another program is writing (an import?); waiting up to 60 s…" "$rc|$err"
wait "$holder"
expect_eq "the lock holder rolled back: nothing of it is kept" "0" "$(sqlite3 "$L" "SELECT count(*) FROM delegate WHERE code = 'HOLD'")"
expect_eq "data intact: the first comment and the one that waited" "1|1" \
	"$(sqlite3 "$L" "SELECT count(*) FROM comment WHERE id = $C1")|$(sqlite3 "$L" "SELECT count(*) FROM comment WHERE id = $WAITED")"
rung check "$L"
expect_eq "check passes" "0|$L: ok (schema $SCHEMA)" "$rc|$out"
gv C2 comment "$L" --doc DA-CDS --as STTTT-01 "Ý kiến sau khi mở khóa"
[[ "$C2" =~ ^[0-9]+$ ]] && ok "writing works once the lock is gone" || not_ok "writing works once the lock is gone" "$C2"
