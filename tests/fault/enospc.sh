#!/usr/bin/env bash
# enospc.sh — a real full disk (a small tmpfs, filled up): a comment saved from the command
# line or the review screen fails with "the disk is full; nothing was saved", the database
# stays intact and the screen's text is kept in its draft; an export -o onto the full disk
# fails with one line and leaves no file, partial or temporary. Space freed, both work.
# (Mounting needs root, like the permission tests.)
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
[ "$(id -u)" = 0 ] || { not_ok "this test runs as root (to mount a small tmpfs)"; exit 1; }
M=$T/full # 4 MiB: a new review of 16 KiB pages takes about 1 MiB
mkdir "$M"
if ! mount -t tmpfs -o size=4m tmpfs "$M"; then not_ok "mount a 4 MiB tmpfs"; exit 1; fi
trap 'umount "$M" 2>/dev/null; rm -rf "$T"' EXIT
DB=$M/review.db
make_db "$DB" >/dev/null || not_ok "fixture database"
gv C1 comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến trước khi đầy"
sqlite3 "$DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
# Another reader keeps the file open, as on a server: its -wal and -shm exist.
python3 -c '
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM comment").fetchone()
while not os.path.exists(sys.argv[2]):
    time.sleep(0.01)
c.close()' "$DB" "$T/close" &
reader=$!
while [ ! -e "$DB-shm" ]; do sleep 0.01; done
fill() { # leave no free block on the tmpfs
	dd if=/dev/zero of="$M/filler" bs=4k 2>/dev/null
	dd if=/dev/zero of="$M/filler2" bs=512 2>/dev/null
	return 0
}
fill
expect_eq "fixture: the disk is full" 0 "$(df --output=avail -B1 "$M" | tail -n 1 | tr -d ' ')"
before=$(sqlite3 "$DB" 'SELECT count(*) FROM comment')

long=$(python3 -c 'print("Ý kiến dài khi đĩa đầy. " * 400)')
rung comment "$DB" --doc DA-CDS --section "Điều 2" --as STTTT-01 "$long"
expect_eq "comment on a full disk: one clear line" "1|gopy: $DB: the disk is full; nothing was saved" "$rc|$err"
expect_eq "comment on a full disk: nothing added" "$before" "$(sqlite3 "$DB" 'SELECT count(*) FROM comment')"

cat >"$T/keys" <<KEYS
<Enter>:section Điều 2<Enter>
c
$long
<C-s>
@dump $T/screen
KEYS
env USER=nobody-here GOPY_HEADLESS_SCRIPT="$T/keys" "$GOPY" --as STTTT-01 "$DB" >/dev/null 2>"$T/tui.err"
expect_contains "screen save on a full disk: says so" "the disk is full; nothing was saved" "$(tail -n 2 "$T/screen")"
if grep -rqF "Ý kiến dài khi đĩa đầy." "$XDG_STATE_HOME/gopy/drafts" 2>/dev/null; then ok "screen save on a full disk: the text is in its draft"
else not_ok "screen save on a full disk: the text is in its draft"; fi
expect_eq "screen save on a full disk: nothing added" "$before" "$(sqlite3 "$DB" 'SELECT count(*) FROM comment')"

mkdir -p "$T/elsewhere"
"$GOPY" export "$DB" --doc DA-CDS --format html -o "$T/elsewhere/ok.html" && ok "export of the full disk's database elsewhere works" ||
	not_ok "export of the full disk's database elsewhere works"
rung export "$DB" --doc DA-CDS --format html -o "$M/report.html"
expect_eq "export -o onto a full disk: exit 1" 1 "$rc"
case "$err" in "gopy: "*"No space left on device"*) ok "export -o onto a full disk: one clear line" ;;
	*) not_ok "export -o onto a full disk: one clear line" "$err" ;; esac
expect_eq "export -o onto a full disk: no file left, partial or temporary" "filler filler2 review.db" "$(ls "$M" | grep -v -- '-wal$\|-shm$' | tr '\n' ' ' | sed 's/ $//')"

touch "$T/close"; wait "$reader"
dd if=/dev/zero of="$M/filler3" bs=512 2>/dev/null # what its -shm held
rung list "$DB"
expect_eq "no one has it open, the disk full: even reading says why" \
	"1|gopy: $DB: the disk holding it is full (free some space and try again)" "$rc|$err"
rm -f "$M/filler" "$M/filler2" "$M/filler3"
rung check "$DB"
expect_eq "space freed: the database is intact" "0|$DB: ok (schema $(sqlite3 "$DB" 'PRAGMA user_version'))" "$rc|$out"
rung comment "$DB" --doc DA-CDS --section "Điều 2" --as STTTT-01 "Sau khi có chỗ"
expect_eq "space freed: saving works" 0 "$rc"
rung export "$DB" --doc DA-CDS --format html -o "$M/report.html"
expect_eq "space freed: export -o works" "0|report.html" "$rc|$(ls "$M" | grep report)"
