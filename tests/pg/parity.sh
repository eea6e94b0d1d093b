#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# parity.sh — the same review on both engines gives the same answers: the sample review built by
# `gopy demo` in a file and on a server (same seed, so the same ids), then every listing, the
# search hits of queries with and without diacritics, đ, case, punctuation and phrases, and
# every export of every document, compared byte for byte between the two.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/pg/server.bash"
pg_start || { not_ok "the test server starts"; exit 1; }
export GOPY_SAMPLE_DATA=$ROOT/sample-data GOPY_NOW=2021-05-10T08:00:00Z
F=$T/demo.db
S=$(pg_newdb parity)
check "the sample review in a file" "$GOPY" demo "$F" --build-only
check "the sample review on the server" "$GOPY" demo "$S" --build-only

same() { # NAME ARGS… (with @ for the database): the outputs on both engines are identical
	local name=$1 a b; shift
	a=$("$GOPY" "${@/#@/"$F"}" 2>&1; echo "rc=$?")
	b=$("$GOPY" "${@/#@/"$S"}" 2>&1; echo "rc=$?")
	b=${b//"$S"/"$F"}
	if [ "$a" == "$b" ]; then ok "$name"; else
		not_ok "$name" "$(diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | head -n 20 | cut -c1-300)"; fi
}
same "document list" list @ --format tsv
same "delegates" delegate @ list --format tsv
docs=$("$GOPY" list "$F" --format tsv | tail -n +2 | cut -f1)
for d in $docs; do
	same "$d: outline and threads" list @ --doc "$d" --comments --format json
	for f in txt md csv html json; do same "$d: export $f" export @ --doc "$d" --format "$f" --date 2021-05-10; done
	same "$d: stats" stats @ --doc "$d" --format tsv
	same "$d: audit log" log @ --doc "$d" --format tsv
done
for q in "chuyen doi so" "chuyển đổi số" "CHUYỂN ĐỔI" "an ninh mang" "dang uy" "Đảng ủy" "đường" "duong" \
	"ha tang so" "hạ tầng" "kinh te so, xa hoi so" "so" "2025" "4G" "xa" "xã" "thu hoi dat" "nông thôn" "Vĩnh Phúc"; do
	same "search '$q'" search @ "$q" --format tsv
	same "search '$q' --fold" search @ "$q" --fold --format tsv
done
same "search with --doc and --limit" search @ "so" --doc DA-CDS-2021 --limit 7 --format tsv
same "a query without letters" search @ "?!"
same "check" check @
