#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# writers.sh — no writer is turned away: while `gopy import-comments` writes a large file
# (WRITERS_ROWS rows, 20,000 here, 300,000 in `make stress`) in one transaction, four
# `gopy comment` processes and the review screen (headless, saving three comments) write to
# the same file. Every one waits for the import's lock (a note on stderr, the waiting
# message on screen) and saves: none is refused, every acknowledged id is stored, the import
# is whole, and `gopy check` passes. The import also refuses a bad file before it takes the
# lock: a writer never waits for an import that will fail.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB review
ROWS=${WRITERS_ROWS:-20000} WRITERS=4 PER=${WRITERS_PER:-6}
make_db "$DB" >/dev/null || not_ok "fixture database"
unset GOPY_SEED # real random ids: several processes must not draw the same ones

python3 - "$T/big.csv" "$ROWS" <<'PY'
import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("doc,section,author,body,created_at\n")
    for i in range(n):
        f.write("DA-CDS,%s,%s,\"Ý kiến nhập số %d về chuyển đổi số, hạ tầng và nhân lực số của tỉnh\",2026-04-%02dT08:00:00Z\n"
                % (("Điều 1", "Điều 2", "Điều 3", "")[i % 4], ("STTTT-01", "UBND-MD")[i % 2], i, 1 + i % 28))
PY
# the lock is taken by someone else's write when a write with no wait is refused
locked() { db_locked "$DB"; }
wait_for_lock() { # until the import holds the write lock (or has ended); $1 records which
	while ! locked && [ ! -e "$T/import.done" ]; do sleep 0.005; done
	[ -e "$T/import.done" ] || touch "$1"
}

writer() { # N: PER comments, acknowledged ids to ack.N, failures to fails.N
	local n=$1 i id fails=0
	wait_for_lock "$T/saw-lock.$n"
	for ((i = 0; i < PER; i++)); do
		if id=$("$GOPY" comment "$DB" --doc DA-CDS --section "Điều 2" --as TK-01 "Người viết $n, ý kiến $i"); then
			echo "$id" >>"$T/ack.$n"
		else
			fails=$((fails + 1))
		fi
	done
	echo "$fails" >"$T/fails.$n"
}

cat >"$T/keys" <<KEYS
<Enter>:section Điều 3<Enter>
@sh while ! bash '$ROOT/tests/db_sql.sh' --locked '$DB' && [ ! -e '$T/import.done' ]; do sleep 0.005; done
c
Màn hình lưu khi đang nhập 1
<C-s>
c
Màn hình lưu khi đang nhập 2
<C-s>
c
Màn hình lưu khi đang nhập 3
<C-s>
@dump $T/screen
KEYS

start=$SECONDS
("$GOPY" import-comments "$DB" "$T/big.csv" >"$T/import.out" 2>"$T/import.err"; echo $? >"$T/import.rc"; touch "$T/import.done") &
importer=$!
for ((w = 0; w < WRITERS; w++)); do writer "$w" 2>"$T/err.$w" & done
env LANG=C.UTF-8 USER=nobody-here GOPY_HEADLESS_SCRIPT="$T/keys" "$GOPY" --as STTTT-01 "$DB" 2>"$T/tui.err" &
tui=$!
wait "$tui"; tui_rc=$?
wait
echo "# $ROWS imported rows, $((WRITERS * PER)) CLI comments, 3 from the screen, in $((SECONDS - start)) s"

expect_eq "the import succeeded" "0|imported $ROWS comments" "$(cat "$T/import.rc")|$(cat "$T/import.out")"
expect_eq "no writer was refused" "$(printf '0%.0s ' $(seq $WRITERS))" \
	"$(for ((w = 0; w < WRITERS; w++)); do printf '%s ' "$(cat "$T/fails.$w")"; done)"
saw=$(find "$T" -name 'saw-lock.*' | wc -l)
[ "$saw" -ge 1 ] && ok "writers started while the import held the lock ($saw of $WRITERS)" ||
	not_ok "writers started while the import held the lock" "the import ended first"
waited=$(cat "$T"/err.* | grep -c "another program is writing (an import?); waiting up to 60 s…")
others=$(cat "$T"/err.* | grep -vc "another program is writing")
echo "# $waited writers waited more than a second (a note on stderr)"
expect_eq "no other message from the writers" 0 "$others"
cat "$T"/ack.* >"$T/ack"
expect_eq "every CLI comment acknowledged" $((WRITERS * PER)) "$(sort -u "$T/ack" | wc -l)"
db_sql "$DB" "SELECT id FROM comment" | sort >"$T/stored"
expect_eq "every acknowledged id is stored" "" "$(sort "$T/ack" | comm -23 - "$T/stored")"
expect_eq "the screen exited normally" "0|" "$tui_rc|$(cat "$T/tui.err")"
expect_eq "the screen's three saves are stored" 3 \
	"$(db_sql "$DB" "SELECT count(*) FROM comment WHERE body LIKE 'Màn hình lưu khi đang nhập %'")"
expect_contains "the screen's last save says saved" "comment saved" "$(tail -n 1 "$T/screen")"
expect_eq "all rows are there" $((ROWS + WRITERS * PER + 3)) "$(db_sql "$DB" 'SELECT count(*) FROM comment')"
rung check "$DB"
expect_eq "check passes" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"

# A file with a mistake on its last line is refused before the write lock is taken.
cp "$T/big.csv" "$T/bad.csv"
echo 'DA-CDS,Điều 99,STTTT-01,Sai mục,2026-04-01T08:00:00Z' >>"$T/bad.csv"
db_hold_lock "$DB" "$T/held" "$T/free" 2>/dev/null &
holder=$!
while [ ! -e "$T/held" ]; do sleep 0.05; done
rung import-comments "$DB" "$T/bad.csv"
touch "$T/free"
wait "$holder"
expect_eq "a bad file is refused while another holds the lock: no wait, the line named" \
	"1|gopy: $T/bad.csv: line $((ROWS + 2)): the document has no section 'Điều 99'" "$rc|$err"
