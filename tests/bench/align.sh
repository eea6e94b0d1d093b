#!/usr/bin/env bash
# align.sh — `make bench-align` (also run by `make bench`): aligning two versions of a
# 300-article draft (target: under 100 ms), beside `gopy import --revision` of the second
# (parse, store, align, in one transaction) and `diff` of the two files (what a user would do
# without gopy: a line diff that knows nothing of articles). Writes its section of
# tests/bench/RESULTS.md between the "align" markers.
# Environment: ALIGN_BENCH (the built tool), GOPY (the binary), RUNS (default 21).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/results.bash"
: "${ALIGN_BENCH:?}" "${GOPY:?}" "${RUNS:=21}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
res=$("$ALIGN_BENCH" "$tmp/v1.txt" "$tmp/v2.txt" "$RUNS")
read -r n1 n2 < <(awk '/^sections/ { print $2, $3 }' <<<"$res")
read -r med min max < <(awk '/^align_ms/ { print $2, $3, $4 }' <<<"$res")
read -r cmed cmin cmax < <(awk '/^cpu_ms/ { print $2, $3, $4 }' <<<"$res")
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")

"$GOPY" init "$tmp/base.db" >/dev/null && "$GOPY" import "$tmp/base.db" "$tmp/v1.txt" --code B >/dev/null
revise() { cp "$tmp/base.db" "$tmp/b.db" && "$GOPY" import "$tmp/b.db" "$tmp/v2.txt" --code B --revision; }
copy() { cp "$tmp/base.db" "$tmp/b.db"; }
rev=$(median_ms revise)
cp_ms=$(median_ms copy)
dif=$(median_ms diff "$tmp/v1.txt" "$tmp/v2.txt")
verdict=$(awk -v m="$med" 'BEGIN { print (m < 100 ? "met" : "**missed**") }')

section=$(cat <<MD
<!-- align: begin -->
## Aligning two versions of a draft (issue 11)

Written by \`make bench-align\` (tests/bench/align.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); median of $RUNS runs.
Drafts: 300 articles in 30 chapters, 4 khoản each ($n1 and $n2 sections); version 2 has an article
inserted at the start, every seventh khoản edited, two articles merged, a khoản split, an article
deleted and two chapters swapped (tests/bench/align_bench.c).

| what | median | min – max | |
|---|---|---|---|
| align_sections, $n1 → $n2 sections, wall time (target < 100 ms) | $med ms | $min – $max ms | $verdict |
| the same, CPU time of the process (load average $load on $(nproc) cores while measuring) | $cmed ms | $cmin – $cmax ms | |
| gopy import --revision of version 2 (parse, store, align; includes copying the file: $cp_ms ms) | $rev ms | | |
| peer: diff of the two text files | $dif ms | | |
<!-- align: end -->
MD
)
printf '%s\n' "$section"
results_section align "$section"
