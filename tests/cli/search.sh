#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# search.sh — the folding facts of `gopy search`: NFD and NFC find each other, Đ/đ fold to
# d, case is ignored, a query with marks is exact, --doc narrows, a query without letters
# is refused.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB review
make_db "$DB" >/dev/null || not_ok "fixture database"
g import "$DB" "$DATA/draft.md" --code DA-2 >/dev/null

# "Nghị quyết về Đường" written in NFD: i + U+0323 (dot below), e + U+0302 + U+0301 ...
NFD=$(printf 'Nghi\xcc\xa3 quye\xcc\x82\xcc\x81t ve\xcc\x82\xcc\x80 \xc4\x90u\xcc\x9bo\xcc\x9b\xcc\x80ng giao th\xc3\xb4ng')
NFC="Nghị quyết về Đường giao thông"
gv ID_NFD comment "$DB" --doc DA-CDS --as STTTT-01 "$NFD"
gv ID_BAN1 comment "$DB" --doc DA-CDS --as STTTT-01 "Dự thảo bản này còn sơ sài"
gv ID_BAN2 comment "$DB" --doc DA-CDS --as UBND-MD "Cần bàn thêm với các sở"
gv ID_OTHER comment "$DB" --doc DA-2 --as UBND-MD "Bàn giao hạ tầng cho huyện"
gv ID_DD comment "$DB" --doc DA-CDS --as UBND-MD "ĐÊ ĐIỀU VÀ ĐÒ NGANG"

ids() { g search "$DB" "$@" --format tsv | awk -F'\t' 'NR > 1 && $1 == "comment" { print $2 }' | sort | tr '\n' ' '; }
sorted() { printf '%s\n' "$@" | sort | tr '\n' ' '; }

expect_eq "stored NFC (normalised on the way in)" "$(printf '%s' "$NFC" | od -An -tx1)" \
	"$(db_sql "$DB" "SELECT body FROM comment WHERE id = $ID_NFD" | tr -d '\n' | od -An -tx1)"
expect_eq "NFC query finds NFD input" "$(sorted "$ID_NFD")" "$(ids "$NFC")"
expect_eq "NFD query finds it too" "$(sorted "$ID_NFD")" "$(ids "$NFD")"
expect_eq "bare query finds it" "$(sorted "$ID_NFD")" "$(ids "nghi quyet ve duong")"
expect_eq "NFD query, folded mode" "$(sorted "$ID_NFD")" "$(ids "$(printf 'giao tho\xcc\x82ng')" --fold)"

# Text stored NFD by another program (plain SQL, no normalisation) is found by NFC queries.
NFD_HEX=$(printf 'Thu\xcc\x9b\xcc\x81c \xc4\x91a\xcc\x82\xcc\x89y ha\xcc\xa3 ta\xcc\x82\xcc\x80ng' | od -An -tx1 | tr -d ' \n')
if on_server; then KEY="'\\x00000777'::bytea" BODY="convert_from('\\x$NFD_HEX'::bytea, 'UTF8')"
else KEY="x'00000777'" BODY="CAST(x'$NFD_HEX' AS TEXT)"; fi
db_sql "$DB" "INSERT INTO comment(id, document_id, section_id, parent_id, root_id, depth, thread_key, author_id, body, created_at)
	SELECT 777, d.id, NULL, NULL, 777, 0, $KEY, a.id, $BODY, '2026-05-03T00:00:00Z'
	FROM document d, delegate a WHERE d.code = 'DA-CDS' AND a.code = 'UBND-MD'"
expect_eq "NFD stored by SQL: found by an NFC query with marks" "777 " "$(ids "thức đẩy hạ tầng")"
expect_eq "NFD stored by SQL: found by a bare query" "777 " "$(ids "thuc day ha tang")"

expect_eq "Đ folds to d (upper)" "$(sorted "$ID_DD")" "$(ids "de dieu")"
expect_eq "đ in the query folds to d" "$(sorted "$ID_DD")" "$(ids "DO NGANG" --fold)"
expect_eq "case-insensitive with marks (exact mode)" "$(sorted "$ID_DD")" "$(ids "đê điều")"
expect_eq "bare 'ban' finds bản, bàn, Bàn (all documents)" "$(sorted "$ID_BAN1" "$ID_BAN2" "$ID_OTHER")" "$(ids "ban")"
expect_eq "'bàn' is exact: not bản" "$(sorted "$ID_BAN2" "$ID_OTHER")" "$(ids "bàn")"
expect_eq "'BÀN' exact and case-insensitive" "$(sorted "$ID_BAN2" "$ID_OTHER")" "$(ids "BÀN")"
expect_eq "--doc narrows to one document" "$(sorted "$ID_BAN2")" "$(ids "bàn" --doc DA-CDS)"
expect_eq "--limit" 1 "$(g search "$DB" "ban" --limit 1 --format tsv | tail -n +2 | wc -l)"
rung search "$DB" "ban" --limit 1
expect_contains "--limit 1: the note is singular" "1 match shown (stopped at --limit 1; there are more)" "$err"
rung search "$DB" "ban" --limit 2
expect_contains "--limit 2: the note is plural" "2 matches shown (stopped at --limit 2; there are more)" "$err"
run env -u LANGUAGE LC_ALL=vi_VN.UTF-8 "$GOPY" search "$DB" "ban" --limit 1
expect_contains "--limit 1 in Vietnamese" "đã hiện 1 kết quả (dừng ở --limit 1; vẫn còn nữa)" "$err"
expect_eq "whole words only: a prefix finds nothing" "" "$(ids "thê" --doc DA-CDS)"

rung search "$DB" "?!…—"
expect_eq "a query with no letters: exit 1, one line" "1|gopy: the search has no letters or digits to look for" "$rc|$err"
rung search "$DB" "   "
expect_eq "a blank query: exit 1" 1 "$rc"
rung search "$DB" "$(printf 'b\xe1\xbb')"
expect_eq "an invalid UTF-8 query: exit 1" "1|gopy: the query is not valid UTF-8" "$rc|$err"
rung search "$DB" "khong co dau ca"
expect_eq "no match: exit 0, nothing printed" "0||0 matches (ignoring diacritics and case)" "$rc|$out|$err"
rung search "$DB" "khong co dau ca" --format json
expect_eq "no match json: an empty array" "[]" "$(printf '%s' "$out" | py 'import json,sys; print(json.dumps(json.load(sys.stdin)))')"
rung search "$DB" "ban" --doc NOPE
expect_eq "search, unknown --doc: exit 1" 1 "$rc"
