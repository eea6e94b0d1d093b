#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# pg.sh — the PostgreSQL column (issue 12): the same review in an SQLite file and on a private
# PostgreSQL 15 server on this machine (tests/pg/server.bash; Unix socket, fsync on as a real
# server has it), each figure beside the file's, with the ratio; its section of RESULTS.md.
# `make bench-pg` runs it alone, `make bench` after the rest.
#
#   BENCH_PG_N=100000        comments in the review (the same generated data as bench.py)
#   BENCH_RUNS=5             runs per figure (median); imports run once
#   BENCH_THREAD=100000      comments in the thread that paging is measured on
#   BENCH_PG_WRITES=20       comments each concurrent writer adds (a `gopy comment` process each;
#                            the single writer 8 times as many, one process after another)
#   BENCH_PG_STREAM=1000     comments each streaming writer adds (one `gopy comment --stream`;
#                            the single writer adds 8 times as many): seconds of writing, not
#                            the sessions' start (a process a comment: the `gopy comment` rows)
#   BENCH_CPU_RUNS=10        runs a processor time is the mean of (the clock counts in 10 ms)
#   BENCH_PG_ONLY=writers    only the review's import and the writers' rows, printed (RESULTS.md
#                            is not written: a quick measure of the writers alone)
# Figures: open to first screen (document list, reader, all threads; headless, open + draw +
# quit), PgUp at the end of the thread (ms a key), search (first 50 hits; all hits), csv export,
# import, and comments a second of 8 and 50 concurrent writers: a `gopy comment` process a
# comment, and writers that stay connected (`gopy comment --stream`, a comment a line; and the
# single streaming writer, beside which the issue sets the writers' target).
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${GOPY:=$root/gopy}"
N=${BENCH_PG_N:-100000} RUNS=${BENCH_RUNS:-5} THREAD=${BENCH_THREAD:-100000} WRITES=${BENCH_PG_WRITES:-20}
STREAM=${BENCH_PG_STREAM:-1000} CPU_RUNS=${BENCH_CPU_RUNS:-10} ONLY=${BENCH_PG_ONLY:-}
SEED=${BENCH_SEED:-20131}
DOC=DL-BENCH-2024
export LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC GOPY_HEADLESS_SIZE=80x24 BENCH_SEED=$SEED
unset GOPY_DB
. "$here/results.bash"
. "$root/tests/pg/server.bash"
data=$here/data/seed-$SEED/pg
mkdir -p "$data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# fsync and synchronous commits on, as on an organisation's server (the test default is off)
PG_SERVER_OPTS="-c fsync=on -c synchronous_commit=on -c shared_buffers=256MB" pg_start --own || exit 1
started=$(date +%s)
log() { echo "$@" >&2; }

# ---- data: generated once (gen.py, the same seed as bench.py) ------------------------------------
gen() { python3 "$here/gen.py" "$@"; }
[ -s "$data/draft.md" ] || gen draft "$data/draft.md"
[ -s "$data/delegates.tsv" ] || gen delegates "$data/delegates.tsv"
[ -s "$data/comments-$N.csv" ] || gen comments "$data/comments-$N.csv" "$data/dump-$N.txt" "$N"
[ -s "$data/thread-$THREAD.csv" ] || gen thread "$data/thread-$THREAD.csv" "$THREAD"
base=$work/base.db
base_review "$GOPY" "$base" "$data" "$DOC" || { echo "bench: the base review was not built" >&2; exit 1; }

secs() { # command...: wall seconds of one run
	local t0 t1
	t0=$(date +%s%N); "$@" >/dev/null 2>"$work/err" || { log "failed: $* $(cat "$work/err")"; }
	t1=$(date +%s%N)
	awk -v d=$((t1 - t0)) 'BEGIN { printf "%.2f", d / 1e9 }'
}
review() { # NAME CSV: a file and a server database with the base and CSV's comments; import times
	local name=$1 csv=$2
	F=$work/$name.db
	cp "$base" "$F"
	S=$(pg_newdb "$name")
	"$GOPY" copy "$base" "$S" >/dev/null || { log "copy to the server failed"; exit 1; }
	# the same ids and times on both, so that their exports can be compared
	imp_file=$(secs env GOPY_SEED="$SEED" GOPY_NOW=2024-12-01T00:00:00Z "$GOPY" import-comments "$F" "$csv")
	imp_server=$(secs env GOPY_SEED="$SEED" GOPY_NOW=2024-12-01T00:00:00Z "$GOPY" import-comments "$S" "$csv")
	# the pass autovacuum makes within a minute of a large import (hint bits, visibility map,
	# statistics), made now so that the figures below are of a settled server, not of that minute
	pg_psql "$name" -c "VACUUM (ANALYZE) gopy.comment" >/dev/null || log "vacuum failed"
	log "$name: imported $(wc -l <"$csv") rows: file ${imp_file} s, server ${imp_server} s"
}
# Processor time beside wall time (the machine is shared: wall times carry others' load): the
# client's (gopy's, its children's) and the server's (its backends', reaped by the postmaster).
server_ticks() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$(head -n 1 "$PG_DIR/data/postmaster.pid")/stat"; }
# A backend's time reaches the postmaster's when the postmaster has reaped it, a moment after
# the client left: wait (up to a second) until none of its children is new since $1.
server_kids() { local pm; pm=$(head -n 1 "$PG_DIR/data/postmaster.pid"); cat "/proc/$pm/task/$pm/children" 2>/dev/null; }
server_settled() {
	local k i new
	for ((i = 0; i < 100; i++)); do
		new=0
		for k in $(server_kids); do case " $1 " in *" $k "*) ;; *) new=1 ;; esac; done
		[ "$new" = 0 ] && return 0
		sleep 0.01
	done
}
cpu_of() { # DB command...: runs the command, prints "client-ms server-ms" of processor time
	local db=$1 s0 s1 t0 t1 kids me=$BASHPID; shift
	kids=$(server_kids)
	s0=$(server_ticks); t0=$(awk '{ print $16 + $17 }' "/proc/$me/stat")
	( "$@" >/dev/null 2>&1 ); t1=$(awk '{ print $16 + $17 }' "/proc/$me/stat")
	server_settled "$kids"; s1=$(server_ticks)
	local hz; hz=$(getconf CLK_TCK)
	if [ "$db" = server ]; then echo "$(( (t1 - t0) * 1000 / hz )) $(( (s1 - s0) * 1000 / hz ))"
	else echo "$(( (t1 - t0) * 1000 / hz )) 0"; fi
}
cpu_runs() { # DB-kind command...: processor ms a run over CPU_RUNS runs: "client" or "client + server"
	local kind=$1 i c=0 s=0 r; shift
	for ((i = 0; i < CPU_RUNS; i++)); do r=$(cpu_of "$kind" "$@"); c=$((c + ${r% *})); s=$((s + ${r#* })); done
	if [ "$kind" = server ]; then echo "$((c / CPU_RUNS)) + $((s / CPU_RUNS)) ms"; else echo "$((c / CPU_RUNS)) ms"; fi
}
rows=()
cpu=""  # the processor-time cell of the next row (set before row(), cleared by it)
row() { # label file server unit target-limit(ratio, or "") better(lower|higher)
	local r verdict=""
	r=$(awk -v a="$3" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	if [ -n "$5" ]; then
		if awk -v r="$r" -v l="$5" -v b="$6" 'BEGIN { exit !(b == "lower" ? r <= l : r >= l) }'; then verdict="met"
		else verdict="**missed**"; fi
		verdict=" (target $([ "$6" = lower ] && echo "≤" || echo "≥") $5×: $verdict)"
	fi
	rows+=("| $1 | $2 $4 | $3 $4 | ${r}×$verdict | $cpu |")
	log "  $1: file $2 $4, server $3 $4, ${r}×$verdict; processor $cpu"
	cpu=""
}
keys() { printf '%s\n' "$@" >"$work/keys.$1"; echo "$work/keys.$1"; }
tui_ms() { # DB KEYFILE [--doc]: median ms of open + the keys + quit, headless
	local db=$1 k=$2; shift 2
	GOPY_HEADLESS_SCRIPT=$k median_ms "$GOPY" "$@" "$db"
}

# ---- the review of N comments ------------------------------------------------------------------
review main "$data/comments-$N.csv"
MF=$F MS=$S
row "import-comments, $N rows (one run)" "$imp_file" "$imp_server" s "" ""
if [ "$ONLY" != writers ]; then # (BENCH_PG_ONLY=writers: the writers' rows alone)
	q=$(keys q q)
	qa=$(keys qa A q q)
	cpu="$(GOPY_HEADLESS_SCRIPT=$q cpu_runs file "$GOPY" "$F") / $(GOPY_HEADLESS_SCRIPT=$q cpu_runs server "$GOPY" "$S")"
	row "open → first screen: document list" "$(tui_ms "$F" "$q")" "$(tui_ms "$S" "$q")" ms 2 lower
	cpu="$(GOPY_HEADLESS_SCRIPT=$q cpu_runs file "$GOPY" --doc "$DOC" "$F") / $(GOPY_HEADLESS_SCRIPT=$q cpu_runs server "$GOPY" --doc "$DOC" "$S")"
	row "open → first screen: document reader" "$(tui_ms "$F" "$q" --doc "$DOC")" "$(tui_ms "$S" "$q" --doc "$DOC")" ms 2 lower
	cpu="$(GOPY_HEADLESS_SCRIPT=$qa cpu_runs file "$GOPY" --doc "$DOC" "$F") / $(GOPY_HEADLESS_SCRIPT=$qa cpu_runs server "$GOPY" --doc "$DOC" "$S")"
	row "open → first screen: all comments as threads (\`A\`)" "$(tui_ms "$F" "$qa" --doc "$DOC")" \
		"$(tui_ms "$S" "$qa" --doc "$DOC")" ms 2 lower
	for query in "dia phuong" "an ninh mang"; do
		cpu="$(cpu_runs file "$GOPY" search "$F" "$query" --limit 50) / $(cpu_runs server "$GOPY" search "$S" "$query" --limit 50)"
		row "search '$query': first 50 hits" "$(median_ms "$GOPY" search "$F" "$query" --limit 50)" \
			"$(median_ms "$GOPY" search "$S" "$query" --limit 50)" ms "" ""
		hits=$("$GOPY" search "$S" "$query" --format tsv | tail -n +2 | wc -l)
		[ "$hits" = "$("$GOPY" search "$F" "$query" --format tsv | tail -n +2 | wc -l)" ] || log "search '$query': the hits differ"
		row "search '$query': all $hits hits" "$(median_ms "$GOPY" search "$F" "$query" --format tsv)" \
			"$(median_ms "$GOPY" search "$S" "$query" --format tsv)" ms "" ""
	done
	row "export csv, every comment" "$(median_ms "$GOPY" export "$F" --doc "$DOC" --format csv -o "$work/f.csv")" \
		"$(median_ms "$GOPY" export "$S" --doc "$DOC" --format csv -o "$work/s.csv")" ms "" ""
	cmp -s "$work/f.csv" "$work/s.csv" || log "export csv: the server's differs from the file's ($(diff "$work/f.csv" "$work/s.csv" | head -n 3))"

	# ---- paging at the end of a thread -----------------------------------------------------------------
	review thread "$data/thread-$THREAD.csv"
	up=(); for ((i = 0; i < 20; i++)); do up+=("<PgUp>"); done
	end0=$(keys end0 A G q q) end1=$(keys end1 A G "${up[@]}" q q)
	per_key() { # DB: ms a PgUp at the end of the thread (20 keys, less the run without them)
		awk -v a="$(tui_ms "$1" "$end1" --doc "$DOC")" -v b="$(tui_ms "$1" "$end0" --doc "$DOC")" \
			'BEGIN { printf "%.2f", (a - b) / 20 }'
	}
	row "PgUp at the end of a $THREAD-comment thread, a key" "$(per_key "$F")" "$(per_key "$S")" ms 2 lower
fi

# ---- concurrent writers -------------------------------------------------------------------------
writers() { # DB W [--stream|""] [PER]: comments a second of W writers each adding PER comments
	# (default WRITES, a process each one after another; with --stream STREAM, one process reading
	# them a line each); the processor time a comment in wcpu (client, or client + server)
	local db=$1 w=$2 mode=${3:-} t0 t1 n c0 c1 s0 s1 hz me=$BASHPID as per=$WRITES kids
	[ "$mode" = --stream ] && per=$STREAM
	[ -n "${4:-}" ] && per=$4
	hz=$(getconf CLK_TCK)
	as=$(sed -n 1p "$data/delegates.tsv" | cut -f1)
	kids=$(server_kids)
	c0=$(awk '{ print $16 + $17 }' "/proc/$me/stat") s0=$(server_ticks)
	t0=$(date +%s%N)
	for ((n = 0; n < w; n++)); do
		if [ "$mode" = --stream ]; then
			( for ((i = 0; i < per; i++)); do echo "người viết $n, ý kiến $i"; done |
				"$GOPY" comment "$db" --doc "$DOC" --as "$as" --stream >/dev/null 2>>"$work/writers.err" ) &
		else
			( for ((i = 0; i < per; i++)); do
				"$GOPY" comment "$db" --doc "$DOC" --as "$as" "người viết $n, ý kiến $i" >/dev/null 2>>"$work/writers.err"
			done ) &
		fi
	done
	wait
	t1=$(date +%s%N)
	server_settled "$kids" # (the writers' server processes reaped: their time is the server's)
	c1=$(awk '{ print $16 + $17 }' "/proc/$me/stat") s1=$(server_ticks)
	local n=$((w * per))
	# (to a tenth of a millisecond: a streaming writer's comment costs about one)
	local cms sms
	cms=$(awk -v t=$((c1 - c0)) -v hz="$hz" -v n=$n 'BEGIN { printf "%.1f", t * 1000 / hz / n }')
	sms=$(awk -v t=$((s1 - s0)) -v hz="$hz" -v n=$n 'BEGIN { printf "%.1f", t * 1000 / hz / n }')
	if [ "$db" = "$MS" ]; then wcpu="$cms + $sms ms a comment"; else wcpu="$cms ms a comment"; fi
	awk -v n=$n -v d=$((t1 - t0)) 'BEGIN { printf "%.0f", n / (d / 1e9) }'
}
# A writers' row, against the issue's target both ways it can be read: more comments a second
# than the file's writers of the same number (the ratio), and than SQLite's single writer (the
# file's one writer of the same kind: one \`gopy comment\` process after another, or one
# streaming writer).
writers_row() { # label file-rate server-rate single-file-rate
	local r verdict one
	r=$(awk -v a="$3" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
	if awk -v s="$3" -v f="$2" 'BEGIN { exit !(s > f) }'; then verdict="met"; else verdict="**missed**"; fi
	if awk -v s="$3" -v f="$4" 'BEGIN { exit !(s > f) }'; then one="met"; else one="**missed**"; fi
	verdict=" (target ≥ 1×: $verdict; more than the file's single writer, $4 /s: $one)"
	rows+=("| $1 | $2 /s | $3 /s | ${r}×$verdict | $cpu |")
	log "  $1: file $2 /s, server $3 /s, ${r}×$verdict; processor $cpu"
	cpu=""
}
wcpu=""
declare -A file_rate file_cpu
# the single writer: a comment a process, 8 times WRITES, one after another
writers "$MF" 1 "" $((8 * WRITES)) >"$work/rate"; single_proc=$(cat "$work/rate"); cf=$wcpu
writers "$MS" 1 "" $((8 * WRITES)) >"$work/rate"; rs=$(cat "$work/rate"); cs=$wcpu
cpu="$cf / $cs"
row "comments a second, 1 writer ($((8 * WRITES)) \`gopy comment\` processes, one after another)" "$single_proc" "$rs" "/s" "" higher
for w in 8 50; do
	writers "$MF" "$w" >"$work/rate"; rf=$(cat "$work/rate"); cf=$wcpu # (not in a subshell: wcpu)
	writers "$MS" "$w" >"$work/rate"; rs=$(cat "$work/rate"); cs=$wcpu
	file_rate[$w]=$rf file_cpu[$w]=$cf
	cpu="$cf / $cs"
	writers_row "comments a second, $w concurrent writers ($WRITES each, \`gopy comment\`)" "$rf" "$rs" "$single_proc"
done
# The same processes through a pooler that keeps server sessions open between clients (pgbouncer,
# session pooling): a process's connection no longer starts a server process. Processor time:
# gopy + the server's processes (those pgbouncer keeps open too) + pgbouncer.
POOL=${BENCH_POOL_SIZE:-20}
pooled_label="comments a second, %s concurrent writers through pgbouncer (session pooling, pool of $POOL; $WRITES each, a \`gopy comment\` process a comment)"
if pg_pooler_available && pg_pooler session "$POOL"; then
	MS_DIRECT=$MS MS=$(pooler_url "$MS")
	kids_ticks() { local k t=0; for k in $(server_kids); do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$k/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
	pooler_ticks() { awk '{ print $14 + $15 }' "/proc/$PG_POOLER_PID/stat"; }
	for w in 8 50; do
		hz=$(getconf CLK_TCK)
		k0=$(kids_ticks) b0=$(pooler_ticks)
		writers "$MS" "$w" >"$work/rate"; rs=$(cat "$work/rate"); cs=$wcpu
		k1=$(kids_ticks) b1=$(pooler_ticks)
		# the server processes still open: their time is not yet the postmaster's (server_ticks)
		kms=$(awk -v t=$((k1 - k0)) -v hz="$hz" -v n=$((w * WRITES)) 'BEGIN { printf "%.1f", t * 1000 / hz / n }')
		bms=$(awk -v t=$((b1 - b0)) -v hz="$hz" -v n=$((w * WRITES)) 'BEGIN { printf "%.1f", t * 1000 / hz / n }')
		sms=${cs#* + }; sms=${sms% ms a comment}
		cpu="${file_cpu[$w]} / ${cs%% + *} + $(awk -v a="$sms" -v b="$kms" 'BEGIN { printf "%.1f", a + b }') + $bms ms a comment"
		writers_row "$(printf "$pooled_label" "$w")" "${file_rate[$w]}" "$rs" "$single_proc"
	done
	MS=$MS_DIRECT
	pg_pooler_stop
else
	for w in 8 50; do
		rows+=("| $(printf "$pooled_label" "$w") | ${file_rate[$w]} /s | not measured: pgbouncer is not installed (\`scripts/deps.sh --bench\` installs it) | | |")
	done
fi
single_stream=""
for w in 1 8 50; do
	per=$STREAM
	[ "$w" = 1 ] && per=$((8 * STREAM)) # (the single writer: as many comments as 8 writers)
	writers "$MF" "$w" --stream "$per" >"$work/rate"; rf=$(cat "$work/rate"); cf=$wcpu
	writers "$MS" "$w" --stream "$per" >"$work/rate"; rs=$(cat "$work/rate"); cs=$wcpu
	cpu="$cf / $cs"
	if [ "$w" = 1 ]; then
		single_stream=$rf
		row "comments a second, 1 streaming writer ($per, \`gopy comment --stream\`)" "$rf" "$rs" "/s" "" higher
	else
		writers_row "comments a second, $w streaming writers ($per each, \`gopy comment --stream\`)" "$rf" "$rs" "$single_stream"
	fi
done
grep -v 'another program is writing' "$work/writers.err" | sort -u | head -n 3 | sed 's/^/writers: /' >&2

if [ "$ONLY" = writers ]; then # the rows on standard output; RESULTS.md left as it is
	printf '%s\n' "${rows[@]}"
	exit 0
fi

# ---- RESULTS.md -----------------------------------------------------------------------------------
# (the rounds' notes, written by hand, live in PG.md: a new run rewrites the table above them)
notes() { [ -s "$here/PG.md" ] && printf '\n%s' "$(cat "$here/PG.md")"; }
text="<!-- postgresql: begin -->
## PostgreSQL beside SQLite (issue 12)

Written by \`make bench-pg\` (tests/bench/pg.sh) on $(date -u '+%Y-%m-%d %H:%M UTC') in $(( ($(date +%s) - started) / 60 )) min; $(uname -sr), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end.
The same generated review ($N comments, seed $SEED; paging on a $THREAD-comment thread) in an SQLite file and on a private PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }') server on this machine (Unix socket, fsync and synchronous commit on, shared_buffers 256 MB). Median of $RUNS runs (imports: one run); processor times: the mean of $CPU_RUNS runs. The interface runs headless (80x24): open, draw, the keys, quit.

| figure | SQLite file | PostgreSQL | PostgreSQL ÷ SQLite | processor time, file / server (gopy + server) |
|---|---|---|---|---|
$(printf '%s\n' "${rows[@]}")

After each import the server's table of comments is vacuumed and analyzed, as autovacuum does
within a minute of a large import (until then every first read of a page also writes it).
Targets: first screen and paging within 2× SQLite (the socket's round trips are the price);
concurrent writers: at 8 writers and above more comments a second than SQLite's single writer,
read both ways: than the file's writers of the same number (the ratio, the reading of the
earlier rounds), and than the file's one writer of the same kind (one \`gopy comment\` process
after another, or one streaming writer). On a server, the writers of a review on one machine
take turns, four at a time: streamed writers as they write, a one-comment process from before it
connects (src/cli/writer_gate.c; \`GOPY_NO_WRITER_GATE=1\` turns it off). Processor time:
a run's (a comment's for the writers), gopy's own and, on the server, its backends'; through
pgbouncer (session pooling, a private one on a Unix socket) gopy's + the server's backends' +
pgbouncer's. Wall times on a shared machine carry the others' load, processor times less so.
$(notes)
<!-- postgresql: end -->"
results_section postgresql "$text"
log "wrote the PostgreSQL section of ${RESULTS_MD:-$here/RESULTS.md}"
