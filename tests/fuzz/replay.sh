#!/usr/bin/env bash
# replay.sh — every fuzz target (tests/fuzz/fuzz_*.c) run over its seed corpus
# (tests/fuzz/corpus_NAME) and over what `make fuzz` found so far ($BUILD/fuzz/corpus-fuzz_NAME),
# through the plain replay driver (replay.c, built by make tests with the project's compiler,
# also in the ASan build): no input may crash or abort. The long runs are `make fuzz`.
. "$(dirname "$0")/../lib.sh"
B=$ROOT/${BUILD:-build}
for src in "$ROOT"/tests/fuzz/fuzz_*.c; do
	n=$(basename "$src" .c)
	bin=$B/fuzz-replay/$n
	[ -x "$bin" ] || { not_ok "$n: replay driver built ($bin)"; continue; }
	dirs=("$ROOT/tests/fuzz/corpus_${n#fuzz_}")
	[ -d "$B/fuzz/corpus-$n" ] && dirs+=("$B/fuzz/corpus-$n")
	[ -d "${dirs[0]}" ] || { not_ok "$n: has seeds in ${dirs[0]}"; continue; }
	if r=$(cd "$T" && "$bin" "${dirs[@]}" 2>&1); then
		case "$r" in *" inputs") ok "$n: ${r##*$'\n'} replayed" ;; *) not_ok "$n: replay" "$r" ;; esac
	else
		not_ok "$n: replay crashed" "$(printf '%s' "$r" | tail -n 20)"
	fi
done
