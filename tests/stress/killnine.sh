#!/usr/bin/env bash
# killnine.sh — ROUNDS (default 100) rounds of kill -9: four `gopy comment` writers and the
# review screen (headless, saving comment after comment) write to one file; at a random
# moment every one of them is killed with SIGKILL. After each round `gopy check` passes, every
# comment whose id a writer printed is stored exactly once, and every stored comment is whole.
# With GOPY_TEST_ENGINE=pg the review is on a PostgreSQL server (make stress runs both).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
ROUNDS=${ROUNDS:-100}
new_db DB review
make_db "$DB" >/dev/null || not_ok "fixture database"
unset GOPY_SEED
keys() { # ROUND: the screen's script, comment after comment
	echo "<Enter>:section Điều 2<Enter>"
	for i in $(seq 200); do printf 'c\nMàn hình, vòng %d, ý kiến số %d, trọn vẹn.\n<C-s>\n' "$1" "$i"; done
}
writer() { # ROUND N: comments until killed; each printed id to ack
	local r=$1 n=$2 i=0 id
	while :; do
		i=$((i + 1))
		id=$("$GOPY" comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Vòng $r, người viết $n, ý kiến $i, trọn vẹn.") &&
			echo "$id" >>"$T/ack"
	done
}
# the kill comes 50 to 450 ms after the start (to 950 ms on a server: its clients take longer to
# connect and set up)
if on_server; then span=900; else span=400; fi
exec 2>/dev/null # the shell's "Killed" notices
problems="" start=$SECONDS
for ((r = 1; r <= ROUNDS; r++)); do
	pids=()
	keys "$r" >"$T/keys"
	for w in 1 2 3 4; do
		setsid bash -c "$(declare -f writer); GOPY='$GOPY' DB='$DB' T='$T'; writer $r $w" &
		pids+=($!)
	done
	setsid env USER=nobody-here GOPY_HEADLESS_SCRIPT="$T/keys" "$GOPY" --as UBND-MD "$DB" >/dev/null 2>&1 &
	pids+=($!)
	ms=$((RANDOM % span + 50))
	sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
	for p in "${pids[@]}"; do kill -9 -- "-$p" 2>/dev/null; done
	wait 2>/dev/null
	c=$("$GOPY" check "$DB" 2>&1) || problems+="round $r: check: $c; "
	[ ${#problems} -gt 400 ] && break
done
echo "# $ROUNDS rounds in $((SECONDS - start)) s; $(sort -u "$T/ack" | wc -l) acknowledged comments"
expect_eq "every round: gopy check passes" "" "$problems"
db_sql "$DB" 'SELECT id FROM comment' | sort >"$T/stored"
expect_eq "every acknowledged comment is stored" "" "$(sort -u "$T/ack" | comm -23 - "$T/stored" | head)"
expect_eq "no comment stored twice" "" "$(db_sql "$DB" 'SELECT body FROM comment GROUP BY body HAVING count(*) > 1' | head)"
expect_eq "every stored comment is whole" 0 "$(db_sql "$DB" "SELECT count(*) FROM comment WHERE body NOT LIKE '%, trọn vẹn.'")"
n_screen=$(db_sql "$DB" "SELECT count(*) FROM comment WHERE body LIKE 'Màn hình%'")
[ "$n_screen" -gt 0 ] && ok "the screen saved comments between the kills ($n_screen)" || not_ok "the screen saved comments between the kills"
