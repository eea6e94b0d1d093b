#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# carry.sh — `make bench-carry` (also run by `make bench`): comments of earlier rounds carried
# over at scale (issue 11). A 300-article draft (align_bench's) in three versions with
# CARRY_N comments (default 1,000,000: a third made on each version), beside the same draft as
# one version holding the same comments. Measures, on both files: opening the newest version's
# reader, opening a section's comments (the thread view), and `list --version` of the newest
# outline; target: the three-version file within 1.5× of the single-version one. Also checks
# that adding a version copies no comment (rows, and the comment table's pages, as they were)
# and that `gopy check` passes. Writes its section of tests/bench/RESULTS.md between the
# "carry" markers.
# Environment: ALIGN_BENCH (the built align_bench), GOPY (the binary), CARRY_N, RUNS (default 7).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/results.bash"
: "${ALIGN_BENCH:?}" "${GOPY:?}" "${CARRY_N:=1000000}" "${RUNS:=7}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$GOPY" "$tmp/gopy" # a private copy: others may rebuild ./gopy meanwhile
G=$tmp/gopy
export GOPY_NOW=2024-06-01T08:00:00Z TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8
unset GOPY_DB

# ---- the drafts: align_bench's two versions, and a third with edits of its own ----------------
"$ALIGN_BENCH" "$tmp/v1.txt" "$tmp/v2.txt" 1 >/dev/null
sed -e 's/ và các đơn vị liên quan\./ và các cơ quan, đơn vị liên quan./' -e 's/^Điều \([0-9]*\)\. Quy định số 7 /Điều \1. Quy định mới số 7 /' \
	"$tmp/v2.txt" >"$tmp/v3.txt"

# comments.csv FILE N LABELS: N comments spread over the sections named in LABELS (citations),
# a few hundred commenters, every seventh one a reply to the comment before it
comments() {
	awk -v n="$2" -v labels="$3" 'BEGIN {
		while ((getline l < labels) > 0) lab[nl++] = l
		print "id,doc,section,author,unit,body,created_at,reply_to"
		for (i = 1; i <= n; i++) {
			s = lab[(i * 7919) % nl]
			reply = (i % 7 == 0) ? i - 1 : ""
			printf "%d,CARRY,\"%s\",Đại biểu %d,Đơn vị %d,\"Góp ý số %d về %s: đề nghị làm rõ phạm vi, trách nhiệm và nguồn lực thực hiện.\",2024-05-%02dT08:00:00Z,%s\n", \
				i, s, i % 400, i % 40, i, s, 1 + i % 28, reply
		}
	}' >"$1"
}
labels() { "$G" list "$1" --doc CARRY --format tsv | tail -n +2 | awk -F'\t' '$10 != "" { print $10 }' >"$2"; }
once_s() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N); awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1e9 }'; }
third=$((CARRY_N / 3))

# ---- the three-version file: a third of the comments on each version --------------------------
multi=$tmp/multi.db
"$G" init "$multi" >/dev/null
"$G" import "$multi" "$tmp/v1.txt" --code CARRY --title "Luật Chuyển đổi số (dự thảo)" >/dev/null
labels "$multi" "$tmp/l1"
comments "$tmp/c1.csv" "$third" "$tmp/l1"
t_imp1=$(once_s "$G" import-comments "$multi" "$tmp/c1.csv")
before=$(sqlite3 "$multi" "SELECT count(*) || ' rows, ' || (SELECT sum(pgsize) FROM dbstat WHERE name = 'comment') || ' bytes' FROM comment")
size_before=$(stat -c %s "$multi")
t_rev=$(once_s "$G" import "$multi" "$tmp/v2.txt" --code CARRY --revision --label "Dự thảo lần 2")
after=$(sqlite3 "$multi" "SELECT count(*) || ' rows, ' || (SELECT sum(pgsize) FROM dbstat WHERE name = 'comment') || ' bytes' FROM comment")
size_after=$(stat -c %s "$multi")
[ "$before" = "$after" ] && copied="none (comment table: $after before and after)" || copied="**changed**: $before → $after"
labels "$multi" "$tmp/l2"
comments "$tmp/c2.csv" "$third" "$tmp/l2"
"$G" import-comments "$multi" "$tmp/c2.csv" >/dev/null
"$G" import "$multi" "$tmp/v3.txt" --code CARRY --revision --label "Dự thảo lần 3" >/dev/null
labels "$multi" "$tmp/l3"
comments "$tmp/c3.csv" $((CARRY_N - 2 * third)) "$tmp/l3"
"$G" import-comments "$multi" "$tmp/c3.csv" >/dev/null
checked=$("$G" check "$multi" 2>&1 | tail -1 | sed "s|^$multi: ||")

# ---- the single-version file: the newest text, every comment on it ------------------------------
single=$tmp/single.db
"$G" init "$single" >/dev/null
"$G" import "$single" "$tmp/v3.txt" --code CARRY --title "Luật Chuyển đổi số (dự thảo)" >/dev/null
comments "$tmp/c.csv" "$CARRY_N" "$tmp/l3"
t_imp=$(once_s "$G" import-comments "$single" "$tmp/c.csv")
n_multi=$(sqlite3 "$multi" "SELECT n_comments FROM document")
n_single=$(sqlite3 "$single" "SELECT n_comments FROM document")

# ---- what a reader does: open the newest version's reader, a section's comments ----------------
# the section: the most commented article of the newest version in both files
sec=$(sqlite3 "$multi" "SELECT full_label FROM section WHERE version = 3 AND level = (SELECT level FROM section
  WHERE label LIKE 'Khoản%' LIMIT 1) ORDER BY n_comments DESC LIMIT 1")
printf '<Enter>\n@dump %s\nq\nq\n' "$tmp/reader" >"$tmp/k_reader"
printf '<Enter>\n:section %s<Enter>\n@dump %s\nq\nq\nq\n' "$sec" "$tmp/thread" >"$tmp/k_thread"
tui() { GOPY_HEADLESS_SCRIPT=$1 GOPY_HEADLESS_SIZE=80x24 "$G" "$2" </dev/null; }
# both_ms COMMAND... (@DB@ in place of the database): the median wall times in ms over RUNS
# runs on the three-version file and on the single-version one, run in turns (multi, single,
# single, multi, …) so that a busy machine slows both alike
both_ms() {
	local i t0 t1 a=() b=() x
	for ((i = 0; i < RUNS; i++)); do
		for x in $( ((i % 2)) && echo "single multi" || echo "multi single"); do
			local db=$multi
			[ "$x" = single ] && db=$single
			t0=$(date +%s%N); "${@//@DB@/$db}" >/dev/null 2>&1; t1=$(date +%s%N)
			if [ "$x" = multi ]; then a+=($(((t1 - t0) / 1000))); else b+=($(((t1 - t0) / 1000))); fi
		done
	done
	med() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'; }
	echo "$(med "${a[@]}") $(med "${b[@]}")"
}
read -r reader_multi reader_single < <(both_ms tui "$tmp/k_reader" @DB@)
read -r thread_multi thread_single < <(both_ms tui "$tmp/k_thread" @DB@)
grep -q "comments on $sec" "$tmp/thread" && shown=yes || shown="**no** ($(head -1 "$tmp/thread"))"
read -r list_multi list_single < <(both_ms "$G" list @DB@ --doc CARRY)
read -r stats_multi stats_single < <(both_ms "$G" stats @DB@ --doc CARRY)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", (b > 0 ? a / b : 0) }'; }
met() { awk -v a="$1" -v b="$2" 'BEGIN { print (b > 0 && a / b <= 1.5 ? "met" : "**missed**") }'; }
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")

section=$(cat <<MD
<!-- carry: begin -->
## Comments of earlier rounds at scale (issue 11)

Written by \`make bench-carry\` (tests/bench/carry.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); median of $RUNS runs
of each, the two files in turns (load average $load on $(nproc) cores at the end).
Data: align_bench's 300-article draft in three versions (lần 2: an article inserted at the start,
edits, a merge, a split, a deletion, two chapters swapped; lần 3: more edits), $n_multi comments, a
third made on each version; beside it the newest text alone as one version with the same number
of comments ($n_single). The comments of earlier rounds are shown on the newest version through
the stored alignments (nothing copied); the reader counts them on each section.

Found on the way (EXPLAIN QUERY PLAN and callgrind of the reader's start): the first version
counted each section's earlier comments with one recursive query over the alignments (a
UNION'd CTE, a seek into the section table, whose ids are random, for every link) and the
general comments by a seek per section of every version: 1.61× for the reader. Now the
alignments and the earlier sections' counters are two plain reads walked in C
(store_carry.c), and the general count one scan of the section table (\`+document_id\`: no
index); the reader's instructions went from 1.89× to 1.38× of the single-version file's.

| what | 3 versions | 1 version | ratio | target ≤ 1.5× |
|---|---|---|---|---|
| TUI: open the newest version's reader (start, Enter, quit; 80×24 headless) | $reader_multi ms | $reader_single ms | $(ratio "$reader_multi" "$reader_single") | $(met "$reader_multi" "$reader_single") |
| TUI: open a section's comments (\`:section $sec\`, thread view) | $thread_multi ms | $thread_single ms | $(ratio "$thread_multi" "$thread_single") | $(met "$thread_multi" "$thread_single") |
| \`gopy list --doc\` (the newest outline with counts) | $list_multi ms | $list_single ms | $(ratio "$list_multi" "$list_single") | |
| \`gopy stats --doc\` (with the earlier rounds' figures) | $stats_multi ms | $stats_single ms | $(ratio "$stats_multi" "$stats_single") | |

| adding a version | |
|---|---|
| \`import --revision\` of lần 2 onto a file of $third comments (parse, store, align) | $t_rev s |
| comment rows copied by it | $copied |
| the file's size before and after | $size_before → $size_after bytes |
| import of the $third comments of lần 1 / of all $CARRY_N into the single-version file | $t_imp1 s / $t_imp s |
| the thread view showed the section's comments | $shown |
| \`gopy check\` of the three-version file | $checked |
<!-- carry: end -->
MD
)
printf '%s\n' "$section"
results_section carry "$section"
