#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# stream.sh — `gopy comment --stream`: a comment a line of standard input, each committed as it
# arrives and its id printed then; escapes; bad lines reported by number while the rest go on;
# a cut-off last line refused; concurrent streaming writers lose and duplicate nothing; a writer
# killed in the middle keeps every comment it acknowledged and commits no half one.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB stream
make_db "$DB" >/dev/null || not_ok "fixture database"

bodies() { # ids on stdin: each comment's body (hex of its UTF-8 bytes), in the ids' order
	local id
	while read -r id; do db_sql "$DB" "SELECT $(sql_hex body) FROM comment WHERE id = $id"; done
}
hex() { od -An -tx1 -v | tr -d ' \n' | tr a-f A-F; echo; }

# ---- lines, escapes, options ----------------------------------------------------------------------
printf '%s\n' 'Ý kiến một' 'Dòng một\nDòng hai' 'Cột\ta\tb' 'Gạch \\n không xuống dòng, \x giữ nguyên' \
	$'Windows\r' >"$T/in"
run "$GOPY" comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 --stream <"$T/in"
expect_eq "five lines, five ids, exit 0" "0|5|" "$rc|$(printf '%s\n' "$out" | grep -c '^[0-9]\+$')|$err"
printf '%s\n' "$out" >"$T/ids"
expect_eq "each line is its comment's text (\\n a line break, \\t a tab, \\\\ a backslash, CR dropped)" \
	"$(for b in 'Ý kiến một' $'Dòng một\nDòng hai' $'Cột\ta\tb' 'Gạch \n không xuống dòng, \x giữ nguyên' 'Windows'; do
		printf '%s' "$b" | hex; done)" "$(bodies <"$T/ids")"
expect_eq "on the section, by the delegate, in the order of the lines" \
	"$(for _ in 1 2 3 4 5; do echo 'Điều 1|STTTT-01'; done)" \
	"$(while read -r id; do db_sql "$DB" "SELECT s.label, d.code FROM comment c JOIN section s ON s.id = c.section_id
		JOIN delegate d ON d.id = c.author_id WHERE c.id = $id"; done <"$T/ids")"
expect_eq "the thread keeps the lines' order" "$(cat "$T/ids")" \
	"$(db_sql "$DB" "SELECT c.id FROM comment c JOIN section s ON s.id = c.section_id WHERE s.label = 'Điều 1' AND c.depth = 0 ORDER BY c.thread_key")"
first=$(head -n 1 "$T/ids")
run "$GOPY" comment "$DB" --reply-to "$first" --as UBND-MD --stream <<<$'Trả lời một\nTrả lời hai'
expect_eq "--reply-to: every line a reply to that comment" "0|2" \
	"$rc|$(db_sql "$DB" "SELECT count(*) FROM comment WHERE parent_id = $first")"
run "$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 --by TK-01 --stream <<<'Thư ký ghi'
expect_eq "--by: entered by the secretary" "0|TK-01" \
	"$rc|$(db_sql "$DB" "SELECT d.code FROM comment c JOIN delegate d ON d.id = c.entered_by WHERE c.id = $out")"
run "$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 --stream </dev/null
expect_eq "no lines: nothing added, exit 0" "0||" "$rc|$out|$err"
run "$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 --stream "a text"
expect_eq "--stream and a text: bad usage" 2 "$rc"

# ---- bad lines: reported by number, the rest go on ---------------------------------------------------
before=$(db_sql "$DB" "SELECT count(*) FROM comment")
printf 'tốt một\n\n   \nhỏng \xff\nNUL \0 ở đây\ntốt hai\nchưa hết' >"$T/bad"
run "$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 --stream <"$T/bad"
expect_eq "exit 1, two ids" "1|2" "$rc|$(printf '%s\n' "$out" | grep -c '^[0-9]\+$')"
expect_eq "each bad line named with its reason" "gopy: line 2: the comment is empty
gopy: line 3: the comment is empty
gopy: line 4: the comment is not valid UTF-8
gopy: line 5: the comment contains a NUL byte (not text?); nothing was saved
gopy: line 7: the line has no line break at its end (cut off?); not saved" "$err"
expect_eq "only the good lines were saved" "$((before + 2))|tốt một,tốt hai" \
	"$(db_sql "$DB" "SELECT count(*) FROM comment")|$(printf '%s\n' "$out" | while read -r id; do
		db_sql "$DB" "SELECT body FROM comment WHERE id = $id"; done | paste -sd,)"
run "$GOPY" comment "$DB" --doc NO-SUCH --as STTTT-01 --stream <<<'x'
expect_eq "an unknown document: one error before any line" "1|gopy: no document with code NO-SUCH (see 'gopy list $DB')" "$rc|$err"
run "$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 --stream --wait 0 < <(head -c 1100000 /dev/zero | tr '\0' a; echo)
expect_contains "a line over the limit: refused by number" "gopy: line 1: the comment is too long" "$err"

# ---- concurrent streaming writers ------------------------------------------------------------------
unset GOPY_SEED # real random ids, as in use
W=4 PER=25
for ((w = 0; w < W; w++)); do
	for ((i = 0; i < PER; i++)); do echo "Người viết $w, ý kiến $i"; done |
		"$GOPY" comment "$DB" --doc DA-CDS --section "Điều 2" --as STTTT-01 --stream >"$T/ack.$w" 2>"$T/err.$w" &
done
wait
expect_eq "no writer's error" "" "$(cat "$T"/err.*)"
cat "$T"/ack.* >"$T/ack"
expect_eq "every comment acknowledged once" "$((W * PER))|$((W * PER))" "$(wc -l <"$T/ack")|$(sort -u "$T/ack" | wc -l)"
expect_eq "every acknowledged id stored" "$(sort "$T/ack")" \
	"$(db_sql "$DB" "SELECT c.id FROM comment c JOIN section s ON s.id = c.section_id WHERE s.label = 'Điều 2'" | sort)"
expect_eq "each writer's comments in its order in the thread" "ok" "$(for ((w = 0; w < W; w++)); do
	db_sql "$DB" "SELECT c.body FROM comment c JOIN section s ON s.id = c.section_id WHERE s.label = 'Điều 2'
		AND c.body LIKE 'Người viết $w,%' ORDER BY c.thread_key" | cmp -s - <(for ((i = 0; i < PER; i++)); do
		echo "Người viết $w, ý kiến $i"; done) || echo "writer $w out of order"; done; echo ok)"

# ---- killed in the middle ----------------------------------------------------------------------------
mkfifo "$T/fifo"
: >"$T/kill.out" # (the writer opens it only once the fifo has a writer: read before that, it must exist)
"$GOPY" comment "$DB" --doc DA-CDS --section "Điều 3" --as STTTT-01 --stream <"$T/fifo" >"$T/kill.out" 2>"$T/kill.err" &
pid=$!
exec 7>"$T/fifo"
for ((i = 1; i <= 6; i++)); do echo "Trước khi dừng $i" >&7; done
for ((i = 0; i < 600 && $(wc -l <"$T/kill.out") < 6; i++)); do sleep 0.05; done
printf 'Nửa dòng chưa xong' >&7 # half a comment: its line break never comes
kill -9 "$pid"
wait "$pid" 2>/dev/null
exec 7>&-
expect_eq "killed: the six acknowledged comments are stored, and nothing else" "$(sort "$T/kill.out")" \
	"$(db_sql "$DB" "SELECT c.id FROM comment c JOIN section s ON s.id = c.section_id WHERE s.label = 'Điều 3'" | sort)"
expect_eq "no half comment" 0 "$(db_sql "$DB" "SELECT count(*) FROM comment WHERE body LIKE 'Nửa%'")"
printf 'Trọn vẹn\nNửa dòng của người gửi đã dừng' >"$T/cut"
run "$GOPY" comment "$DB" --doc DA-CDS --section "Điều 3" --as STTTT-01 --stream <"$T/cut"
expect_eq "the sender stopped mid-line: the whole lines saved, the cut one refused" \
	"1|1|gopy: line 2: the line has no line break at its end (cut off?); not saved|0" \
	"$rc|$(printf '%s\n' "$out" | wc -l)|$err|$(db_sql "$DB" "SELECT count(*) FROM comment WHERE body LIKE 'Nửa%'")"
rung check "$DB"
expect_eq "check passes" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"

# ---- a lock timeout in the middle: that line reported, the next ones saved in their places -----------
rm -f "$T/held" "$T/release"
db_hold_lock "$DB" "$T/held" "$T/release" &
holder=$!
for ((i = 0; i < 400; i++)); do [ -e "$T/held" ] && break; sleep 0.05; done
mkfifo "$T/lockfifo"
"$GOPY" comment "$DB" --doc DA-CDS --section "Điều 3" --as STTTT-01 --wait 0 --stream <"$T/lockfifo" \
	>"$T/lock.out" 2>"$T/lock.err" &
pid=$!
exec 8>"$T/lockfifo"
echo "Khi bị khoá" >&8
for ((i = 0; i < 400; i++)); do [ -s "$T/lock.err" ] && break; sleep 0.05; done
touch "$T/release"
wait "$holder"
echo "Sau khi mở khoá 1" >&8
echo "Sau khi mở khoá 2" >&8
exec 8>&-
wait "$pid"
e=$?
expect_eq "locked: the line refused by number (exit 1), the next two saved" "1|1|2" \
	"$e|$(grep -c '^gopy: line 1: ' "$T/lock.err")|$(wc -l <"$T/lock.out")"
expect_eq "…in their order, the refused one nowhere" "Sau khi mở khoá 1,Sau khi mở khoá 2|0" \
	"$(db_sql "$DB" "SELECT c.body FROM comment c JOIN section s ON s.id = c.section_id WHERE s.label = 'Điều 3'
		AND c.body LIKE 'Sau khi mở khoá%' ORDER BY c.thread_key" | paste -sd,)|$(db_sql "$DB" "SELECT count(*) FROM comment WHERE body = 'Khi bị khoá'")"
rung check "$DB"
expect_eq "check passes after the lock timeout" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"

# ---- the long way: an id already taken, a full thread --------------------------------------------------
run env GOPY_SEED=77 "$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 'Hạt giống 77'
a=$out
run env GOPY_SEED=77 "$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 --stream <<<'Hạt giống 77 lần nữa'
expect_eq "the same random draw again: another id, both stored" "0|1|2" \
	"$rc|$([ "$out" != "$a" ] && echo 1)|$(db_sql "$DB" "SELECT count(*) FROM comment WHERE id IN ($a, ${out:-0})")"
last=$(head -n 1 "$T/kill.out")
db_sql "$DB" "UPDATE comment SET thread_key = $(sql_blob FFFFFFFF) WHERE id = $last" >/dev/null
n=$(db_sql "$DB" "SELECT count(*) FROM comment")
run "$GOPY" comment "$DB" --doc DA-CDS --as STTTT-01 --stream <<<'Không còn chỗ'
expect_eq "a thread with no position left: refused, nothing stored" "1|gopy: line 1: too many replies in one thread|$n" \
	"$rc|$err|$(db_sql "$DB" "SELECT count(*) FROM comment")"

