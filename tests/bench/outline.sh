#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# outline.sh — `make bench-outline` (also run by `make bench`): the outline parser on a
# đề án of about 2,000 sections (target: under 50 ms), beside `gopy import` of the same file
# and `grep -cE` counting its heading lines (what a user would do without gopy). Writes its
# section of tests/bench/RESULTS.md between the "outline" markers.
# Environment: OUTLINE_BENCH (the built tool), GOPY (the binary), RUNS (default 21).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/results.bash"
: "${OUTLINE_BENCH:?}" "${GOPY:?}" "${RUNS:=21}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
res=$("$OUTLINE_BENCH" "$tmp/draft.txt" "$RUNS")
sections=$(awk '/^sections/ { print $2 }' <<<"$res")
bytes=$(awk '/^bytes/ { print $2 }' <<<"$res")
read -r med min max < <(awk '/^parse_ms/ { print $2, $3, $4 }' <<<"$res")

import_once() { rm -f "$tmp/b.db"; "$GOPY" init "$tmp/b.db" >/dev/null && "$GOPY" import "$tmp/b.db" "$tmp/draft.txt" --code B; }
imp=$(median_ms import_once)
grp=$(median_ms grep -cE '^(PHẦN|[IVX]+\.|[0-9]+\.|[a-z]\)|- )' "$tmp/draft.txt")
verdict=$(awk -v m="$med" 'BEGIN { print (m < 50 ? "met" : "**missed**") }')

section=$(cat <<MD
<!-- outline: begin -->
## Outline parser (issue 16)

Written by \`make bench-outline\` (tests/bench/outline.sh) on $(date -u '+%Y-%m-%d %H:%M UTC'); median of $RUNS runs.
Draft: a đề án of $sections sections ($bytes bytes) in the Phần / I. / 1. / a) / - form (tests/bench/outline_bench.c).

| what | median | min – max | |
|---|---|---|---|
| outline_parse, $sections sections (target < 50 ms) | $med ms | $min – $max ms | $verdict |
| gopy init + import of the same file (parse, citations, $sections rows in one transaction) | $imp ms | | |
| peer: grep -cE counting the heading lines of the same file | $grp ms | | |
<!-- outline: end -->
MD
)
printf '%s\n' "$section"
results_section outline "$section"
