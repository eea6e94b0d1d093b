# SPDX-License-Identifier: GPL-3.0-or-later
# results.bash — sourced by the bench scripts that own a section of tests/bench/RESULTS.md.
#   results_section NAME TEXT [TMPDIR]   put TEXT (which starts with "<!-- NAME: begin -->" and
#                                        ends with "<!-- NAME: end -->") in place of that section,
#                                        or at the end of the file when it has none yet
#   median_ms COMMAND...                 median wall time of COMMAND in ms over $RUNS runs
#   once_s COMMAND...                    wall time of one run of COMMAND in s
#   base_review GOPY DB DATA DOC         a new review DB: the generated draft (DATA/draft.md) as
#                                        document DOC and the generated delegates (DATA/delegates.tsv)
results_section() {
	local name=$1 text=$2 results=${RESULTS_MD:-$(dirname "${BASH_SOURCE[0]}")/RESULTS.md} t
	t=$(mktemp)
	if grep -q "<!-- $name: begin -->" "$results"; then
		awk -v s="$text" -v b="<!-- $name: begin -->" -v e="<!-- $name: end -->" \
			'$0 == b { print s; skip = 1; next } $0 == e { skip = 0; next } !skip' "$results" >"$t" &&
			cat "$t" >"$results"
	else
		printf '\n%s\n' "$text" >>"$results"
	fi
	rm -f "$t"
}

median_ms() { # command...: median wall time in ms over RUNS runs
	local i t0 t1 times=()
	for ((i = 0; i < RUNS; i++)); do
		t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
		times+=($(((t1 - t0) / 1000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", a[int((NR + 1) / 2)] / 1000 }'
}

once_s() { # command...: wall time in s of one run
	local t0 t1
	t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
	awk -v d=$((t1 - t0)) 'BEGIN { printf "%.1f", d / 1e9 }'
}

base_review() { # gopy db data doc: init, the draft, the delegates
	local g=$1 db=$2 data=$3 doc=$4 code name unit role
	"$g" init "$db" >/dev/null &&
		"$g" import "$db" "$data/draft.md" --code "$doc" --title "Luật Chính quyền địa phương (dự thảo)" >/dev/null ||
		return 1
	while IFS=$'\t' read -r code name unit role; do
		"$g" delegate "$db" add "$code" "$name" --unit "$unit" --role "$role" >/dev/null || return 1
	done <"$data/delegates.tsv"
}
