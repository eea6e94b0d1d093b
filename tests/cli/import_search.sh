#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# import_search.sh — the search index after a bulk import (store_bulk.c, search_catch_up): an
# import larger than the review indexes its comments with FTS5's merging held back and merges
# the index once at its end; an import smaller than the review adds them as FTS5 does by
# default. Either way every query finds what the index built again from the rows finds, the
# index passes FTS5's integrity check (`gopy check`), and the file's own FTS5 settings are back
# (automerge as the file set it; crisismerge, which it did not set, at FTS5's default).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
make_db "$T/r.db" >/dev/null || not_ok "fixture database"
g comment "$T/r.db" --doc DA-CDS --as STTTT-01 "Ý kiến có sẵn về chính quyền địa phương" >/dev/null
db_sql "$T/r.db" "INSERT INTO comment_fts(comment_fts, rank) VALUES ('automerge', 8)" >/dev/null
settings="SELECT group_concat(k || '=' || v, ' ') FROM (SELECT k, v FROM comment_fts_config ORDER BY k)"
before=$(db_sql "$T/r.db" "$settings")
expect_eq "the fixture sets automerge, not crisismerge" "automerge=8 version=4" "$before"
py '
import csv, sys
n = int(sys.argv[2])
w = csv.writer(open(sys.argv[1], "w", newline=""))
w.writerow(["id", "doc", "author", "body"])
words = ["chính quyền", "địa phương", "cán bộ", "công chức", "đường giao thông", "ngân sách"]
for i in range(1, n + 1):
    w.writerow(["c%d" % i, "DA-CDS", ["STTTT-01", "UBND-MD"][i % 2],
                "Ý kiến số %d: đề nghị làm rõ %s và %s." % (i, words[i % 6], words[i * 7 % 5])])
' "$T/big.csv" 30000
queries=("kien" "\"so 12345\"" "\"chinh quyen\" AND \"ngan sach\"" "cong*" "\"dia phuong va can bo\"" "giao NOT thong")

same_as_rebuilt() { # NAME DB: every query finds what the index built again from the rows finds
	local q got=() want=()
	cp "$2" "$T/rebuilt.db"
	db_sql "$T/rebuilt.db" "INSERT INTO comment_fts(comment_fts) VALUES ('rebuild')" >/dev/null
	for q in "${queries[@]}"; do
		local sql="SELECT count(*) || ':' || coalesce(sum(rowid), 0) FROM comment_fts WHERE comment_fts MATCH '${q//\'/\'\'}'"
		got+=("$(db_sql "$2" "$sql")")
		want+=("$(db_sql "$T/rebuilt.db" "$sql")")
	done
	expect_eq "$1: every query finds what the rebuilt index finds" "${want[*]}" "${got[*]}"
	run "$GOPY" check "$2"
	expect_eq "$1: check passes (FTS5's integrity check)" "0" "$rc"
	expect_eq "$1: the file's FTS5 settings are back" "automerge=8 crisismerge=16 version=4" "$(db_sql "$2" "$settings")"
}

run "$GOPY" import-comments "$T/r.db" "$T/big.csv"
expect_eq "an import larger than the review" "0|imported 30000 comments" "$rc|$out"
same_as_rebuilt "a bulk larger than the review" "$T/r.db"
expect_eq "a phrase finds its one comment" "1" \
	"$(db_sql "$T/r.db" "SELECT count(*) FROM comment_fts WHERE comment_fts MATCH '\"so 12345\"'")"
expect_eq "a word of every comment finds them all" "$(db_sql "$T/r.db" "SELECT count(*) FROM comment")" \
	"$(db_sql "$T/r.db" "SELECT count(*) FROM comment_fts WHERE comment_fts MATCH 'kien'")"

py '
import csv, sys
w = csv.writer(open(sys.argv[1], "w", newline=""))
w.writerow(["doc", "author", "body"])
for i in range(1, 201):
    w.writerow(["DA-CDS", "UBND-MD", "Góp ý bổ sung số %d về công chức cấp xã." % (90000 + i)])
' "$T/small.csv"
run "$GOPY" import-comments "$T/r.db" "$T/small.csv"
expect_eq "an import smaller than the review" "0|imported 200 comments" "$rc|$out"
same_as_rebuilt "a bulk smaller than the review" "$T/r.db"
expect_eq "its comments are found" "200" \
	"$(db_sql "$T/r.db" "SELECT count(*) FROM comment_fts WHERE comment_fts MATCH 'bo AND sung'")"

