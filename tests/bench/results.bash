# SPDX-License-Identifier: GPL-3.0-or-later
# results.bash — sourced by the bench scripts that own a section of tests/bench/RESULTS.md.
#   results_section NAME TEXT [TMPDIR]   put TEXT (which starts with "<!-- NAME: begin -->" and
#                                        ends with "<!-- NAME: end -->") in place of that section,
#                                        or at the end of the file when it has none yet
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
