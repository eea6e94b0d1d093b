#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# readonly.sh — a user who may read a review but not write in its folder (as nobody: root
# ignores permissions) sees current data: the rows others committed that are still in the
# -wal file (list, search, check), and, in the review screen, the comments others add while
# it is open — whether a writer already had the file open when it started (their -shm is read
# read-only) or not (the file is read as immutable and opened again when a writer comes).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
[ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1 && command -v runuser >/dev/null ||
	{ not_ok "these tests run as root, with runuser and the user nobody"; exit 1; }
chmod 755 "$T"
mkdir -m 755 "$T/ro" # nobody cannot write here
mkdir -m 1777 "$T/shared" "$T/home-nobody"
cp "$GOPY" "$T/gopy"
DB=$T/ro/review.db
make_db "$DB" >/dev/null || not_ok "fixture database"
chmod 644 "$DB"
unset GOPY_SEED
as_nobody() { runuser -u nobody -- env HOME="$T/home-nobody" XDG_STATE_HOME="$T/home-nobody/state" "$@"; }

# A writer that keeps the file open (its -wal holds commits not yet in the file) and adds
# comments when told: go.N → action N → done.N.
/usr/bin/python3 - "$DB" "$GOPY" "$T/shared" <<'PY' &
import os, sqlite3, subprocess, sys, time
db, gopy, d = sys.argv[1:]
def add(text):
    subprocess.run([gopy, "comment", db, "--doc", "DA-CDS", "--as", "STTTT-01", text], check=True, stdout=subprocess.DEVNULL)
keep = None
for n in range(1, 5):
    while not os.path.exists(f"{d}/go.{n}"):
        time.sleep(0.01)
    if n == 1:   # a writer opens the file and keeps it open; a comment stays in the -wal
        keep = sqlite3.connect(db); keep.execute("SELECT count(*) FROM comment").fetchone()
        add("Ý kiến một, còn trong tệp -wal")
    elif n == 2:
        add("Ý kiến hai, cũng trong tệp -wal")
    elif n == 3: # the last writer closes (the -wal is folded in and removed), then one more
        keep.close(); add("Ý kiến ba, sau khi đóng")
    open(f"{d}/done.{n}", "w").close()
PY
writer=$!
step() { touch "$T/shared/go.$1"; while [ ! -e "$T/shared/done.$1" ]; do sleep 0.01; done; }

cat >"$T/shared/keys" <<KEYS
@dump $T/shared/s0
@sh touch $T/shared/go.1; while [ ! -e $T/shared/done.1 ]; do sleep 0.01; done
@idle
@dump $T/shared/s1
@sh touch $T/shared/go.2; while [ ! -e $T/shared/done.2 ]; do sleep 0.01; done
@idle
@dump $T/shared/s2
@sh touch $T/shared/go.3; while [ ! -e $T/shared/done.3 ]; do sleep 0.01; done
@idle
@dump $T/shared/s3
KEYS
chmod 644 "$T/shared/keys"
as_nobody env LANG=C.UTF-8 USER=nobody GOPY_HEADLESS_SCRIPT="$T/shared/keys" "$T/gopy" --doc DA-CDS "$DB" 2>"$T/tui.err"
expect_eq "the screen ran as nobody" "0|" "$?|$(cat "$T/tui.err")"
counts() { sed -n 23p "$1" | grep -oE '[0-9]+ comments?'; }
expect_eq "opened with no writer about: no comments" "0 comments" "$(counts "$T/shared/s0")"
expect_eq "a writer came and added one (it is in the -wal): shown" "1 comment" "$(counts "$T/shared/s1")"
expect_eq "another while that writer keeps the file open: shown" "2 comments" "$(counts "$T/shared/s2")"
expect_eq "the writer left, another came and went: shown" "3 comments" "$(counts "$T/shared/s3")"

# The commands, while a writer holds the file open with commits in its -wal.
touch "$T/shared/go.4"
/usr/bin/python3 - "$DB" "$T/shared" <<'PY' &
import sqlite3, sys, time, os
db, d = sys.argv[1:]
c = sqlite3.connect(db, isolation_level=None)
c.execute("PRAGMA wal_autocheckpoint = 0")
doc, = c.execute("SELECT id FROM document WHERE code = 'DA-CDS'").fetchone()
a, = c.execute("SELECT id FROM delegate WHERE code = 'STTTT-01'").fetchone()
c.execute("INSERT INTO comment(id, document_id, root_id, thread_key, author_id, body, created_at) "
          "VALUES (4242, ?, 4242, x'0000ff00', ?, 'Chỉ có trong tệp wal', '2026-05-01T00:00:00Z')", (doc, a))
open(f"{d}/held", "w").close()
while not os.path.exists(f"{d}/release"):
    time.sleep(0.01)
PY
holder=$!
while [ ! -e "$T/shared/held" ]; do sleep 0.01; done
[ -e "$DB-wal" ] && ok "fixture: the -wal file exists" || not_ok "fixture: the -wal file exists"
run as_nobody "$T/gopy" list "$DB" --doc DA-CDS --comments --format tsv
expect_contains "list as nobody shows the row still in the -wal" "Chỉ có trong tệp wal" "$out"
run as_nobody "$T/gopy" search "$DB" "chi co trong tep wal" --format tsv
expect_eq "search as nobody finds it" "0|4242" "$rc|$(awk -F'\t' '$1 == "comment" { print $2 }' <<<"$out")"
run as_nobody "$T/gopy" check "$DB"
expect_eq "check as nobody reads the same data and passes" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"
touch "$T/shared/release"
wait "$holder"
wait "$writer"
# A -wal without its -shm (a crash, or a copy) cannot be read safely: refused with one line.
cp "$DB" "$T/ro/copy.db" && printf 'x%.0s' $(seq 100) >"$T/ro/copy.db-wal"
python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(18); f.write(b"\x02\x02")' "$T/ro/copy.db"
chmod 644 "$T/ro/copy.db" "$T/ro/copy.db-wal"
run as_nobody "$T/gopy" list "$T/ro/copy.db"
expect_eq "a -wal without -shm: refused with a clear line" \
	"1|gopy: $T/ro/copy.db: its latest changes are in its -wal file, which cannot be read without the -shm file that only a user allowed to write in its folder can make; open it once as such a user" "$rc|$err"
