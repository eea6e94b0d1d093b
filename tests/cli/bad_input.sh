#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# bad_input.sh — every command refuses what is not a healthy gopy database with one clear
# line on stderr and exit status 1 (2 for usage), and leaves the file byte-identical.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
new_db DB good
make_db "$DB" >/dev/null || not_ok "fixture database"
g comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến mẫu" >/dev/null

# Each command line that opens an existing database, with @ for the database path.
commands=(
	"import @ $DATA/draft.md --code X"
	"delegate @ add NEW-1 Tên"
	"delegate @ list"
	"comment @ --doc DA-CDS --as STTTT-01 Ý-kiến"
	"import-comments @ $DATA/comments.csv"
	"list @"
	"list @ --doc DA-CDS --comments"
	"search @ chuyen"
	"export @ --doc DA-CDS"
	"check @"
)
each_command() { # NAME RC NEEDLE FILE: every command refuses FILE
	local name=$1 want=$2 needle=$3 file=$4 c
	for c in "${commands[@]}"; do
		# shellcheck disable=SC2086
		refused "$name: ${c%% *}" "$want" "$needle" "$file" ${c//@/"$file"}
	done
}

# (files that are no review: the run on files covers them, the run on a server skips them)
if ! on_server; then
# ---- a missing file: every command but init refuses, nothing is created ----------------
each_command "missing file" 1 "no such database (create one with 'gopy init" "$T/missing.db"
refused "missing file: the interface (DB argument)" 1 "no such database" "$T/missing.db" "$T/missing.db"
GOPY_DB=$T/missing.db refused "missing file: the interface (\$GOPY_DB)" 1 "no such database" "$T/missing.db"
if compgen -G "$T/missing.db*" >/dev/null; then not_ok "no file was created" "$(ls "$T")"; else ok "no file was created"; fi
fi

# ---- init over an existing file ---------------------------------------------------------
if on_server; then
	refused "init over a review" 1 "already holds a gopy review (schema gopy); not overwriting it" "$DB" init "$DB"
else
	refused "init over a database" 1 "already exists; not overwriting it" "$DB" init "$DB"
fi
if ! on_server; then
echo "notes" >"$T/notes.txt"
refused "init over a text file" 1 "already exists" "$T/notes.txt" init "$T/notes.txt"
mkdir "$T/adir"
refused "init over a directory" 1 "already exists" "$T/adir" init "$T/adir"

# ---- files that are not gopy databases --------------------------------------------------
printf 'Điều 1. Đây là văn bản thường, không phải cơ sở dữ liệu.\n' >"$T/text.db"
each_command "text file" 1 "not a gopy database (not an SQLite file)" "$T/text.db"
head -c 65536 /dev/urandom >"$T/random.db"
each_command "random bytes" 1 "not a gopy database" "$T/random.db"
: >"$T/empty.db"
each_command "0-byte file" 1 "not a gopy database (the file is empty)" "$T/empty.db"
[ ! -s "$T/empty.db" ] && ok "the 0-byte file stays empty" || not_ok "the 0-byte file stays empty"
sqlite3 "$T/other.db" "CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);"
each_command "SQLite file of another program" 1 "an SQLite database of another program" "$T/other.db"
sqlite3 "$T/blank.db" "PRAGMA user_version = 0; VACUUM;"
refused "an empty SQLite file" 1 "not a gopy database" "$T/blank.db" list "$T/blank.db"
refused "a directory" 1 "not a regular file" "$T/adir" list "$T/adir"
fi

if on_server; then
	# ---- server databases that hold no gopy review, another program's, or a newer gopy's ------
	new_db EMPTY empty
	each_command "a database without the schema gopy" 1 "no such database (create one with 'gopy init" "$EMPTY"
	each_command "no server there" 1 "cannot connect to the database server" "postgresql:///x?host=$T/nosock&port=1"
	new_db OTHER other
	db_sql "$OTHER" "CREATE SCHEMA gopy; CREATE TABLE gopy.meta (application_id bigint, schema_version integer);
		INSERT INTO gopy.meta VALUES (42, 1)"
	each_command "a schema gopy of another program" 1 "not a gopy database (a PostgreSQL schema gopy of another program)" "$OTHER"
	new_db NEWER newer
	g init "$NEWER" >/dev/null
	db_sql "$NEWER" "UPDATE meta SET schema_version = 99"
	each_command "newer gopy" 1 "was written by a newer gopy (schema 99" "$NEWER"
	db_sql "$NEWER" "UPDATE meta SET schema_version = 0"
	refused "a damaged schema version" 1 "damaged or not a gopy schema (schema version 0)" "$NEWER" list "$NEWER"
else
# a "newer gopy": application_id kept, user_version 99
cp "$DB" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 99"
expect_eq "fixture: application_id kept" "$(db_sql "$DB" 'PRAGMA application_id')" "$(sqlite3 "$T/newer.db" 'PRAGMA application_id')"
each_command "newer gopy" 1 "was written by a newer gopy (schema 99" "$T/newer.db"

# ---- damaged gopy databases -------------------------------------------------------------
page_of() { db_sql "$DB" "SELECT pageno FROM dbstat WHERE name = '$1' LIMIT 1"; }
ps=$(db_sql "$DB" 'PRAGMA page_size')
damage() { # FILE PAGE: overwrite one whole page with a pattern
	py "
import sys
ps = int(sys.argv[3])
f = open(sys.argv[1], 'r+b'); f.seek((int(sys.argv[2]) - 1) * ps)
f.write(bytes((i * 37 + 11) % 256 for i in range(ps))); f.close()" "$1" "$2" "$ps"
}
expect_eq "fixture: a new file's 16 KiB pages" 16384 "$ps"
cp "$DB" "$T/bad-comments.db"
damage "$T/bad-comments.db" "$(page_of comment)"
ALLOW_OUT=1 refused "damaged comment table: list --comments" 1 "the database is corrupt" "$T/bad-comments.db" \
	list "$T/bad-comments.db" --doc DA-CDS --comments
refused "damaged comment table: comment" 1 "the database is corrupt" "$T/bad-comments.db" \
	comment "$T/bad-comments.db" --doc DA-CDS --as STTTT-01 "Thêm"
refused "damaged comment table: search" 1 "the database is corrupt" "$T/bad-comments.db" \
	search "$T/bad-comments.db" "y kien"
rung check "$T/bad-comments.db"
expect_eq "damaged comment table: check fails" 1 "$rc"
expect_contains "damaged comment table: check says corrupt" "corrupt" "$out$err"

cp "$DB" "$T/bad-middle.db"
size=$(stat -c %s "$DB")
py "
import sys
ps = int(sys.argv[3])
f = open(sys.argv[1], 'r+b'); f.seek(2 * ps)
f.write(bytes((i * 101 + 7) % 256 for i in range(int(sys.argv[2]) - 4 * ps))); f.close()" "$T/bad-middle.db" "$size" "$ps"
each_command "damaged middle" 1 "corrupt" "$T/bad-middle.db"

cp "$DB" "$T/truncated.db"
truncate -s $((ps / 2)) "$T/truncated.db"
each_command "truncated database" 1 "corrupt" "$T/truncated.db"
fi

# ---- usage ------------------------------------------------------------------------------
refused "unknown option" 2 "unknown option --colour" "$DB" list "$DB" --colour
refused "unknown format" 2 "unknown format 'xml'" "$DB" list "$DB" --format xml
refused "comment without --as by a login that is no delegate" 1 "your login '$(id -un)' is not a delegate of this review" "$DB" comment "$DB" --doc DA-CDS "Thiếu người"
refused "comment with an unknown option" 2 "unknown or incomplete option" "$DB" comment "$DB" --doc DA-CDS --as STTTT-01 --colour x "Ý kiến"
refused "comment, --reply-to not a number" 2 "--reply-to needs a comment id" "$DB" comment "$DB" --reply-to abc --as STTTT-01 "Ý kiến"
refused "init without DB" 2 "usage: gopy init DB" "$DB" init
refused "delegate, unknown verb" 2 "unknown delegate command 'remove'" "$DB" delegate "$DB" remove X
refused "search without a query" 2 "usage: gopy search" "$DB" search "$DB"
refused "list --comments without --doc" 2 "--comments needs --doc" "$DB" list "$DB" --comments

# ---- wrong names on a good database -------------------------------------------------------
refused "comment, unknown document" 1 "no document with code NOPE" "$DB" comment "$DB" --doc NOPE --as STTTT-01 "Ý kiến"
refused "comment, unknown section" 1 "has no section 'Điều 99'" "$DB" comment "$DB" --doc DA-CDS --section "Điều 99" --as STTTT-01 "Ý kiến"
refused "comment, ambiguous section" 1 "is ambiguous" "$DB" comment "$DB" --doc DA-CDS --section "Khoản 1" --as STTTT-01 "Ý kiến"
refused "comment, unknown author" 1 "no delegate with code NOBODY" "$DB" comment "$DB" --doc DA-CDS --as NOBODY "Ý kiến"
refused "comment, reply to an unknown id" 1 "no comment with id 12345 to reply to" "$DB" comment "$DB" --reply-to 12345 --as STTTT-01 "Ý kiến"
refused "comment, empty text" 1 "the comment is empty" "$DB" comment "$DB" --doc DA-CDS --as STTTT-01 "   "
printf 'B\xe1\xbb\n' >"$T/bad-utf8.txt"
refused "comment from stdin, invalid UTF-8" 1 "not valid UTF-8" "$DB" comment "$DB" --doc DA-CDS --as STTTT-01 - <"$T/bad-utf8.txt"
refused "list, unknown document" 1 "no document with code NOPE" "$DB" list "$DB" --doc NOPE
refused "search, no letters" 1 "no letters or digits" "$DB" search "$DB" "?!…"
refused "import, document code taken" 1 "a document with code DA-CDS already exists" "$DB" import "$DB" "$DATA/draft.md" --code DA-CDS
refused "import, missing draft file" 1 "cannot open $T/nope.md" "$DB" import "$DB" "$T/nope.md" --code X

# ---- drafts in other encodings ----------------------------------------------------------
iconv -f UTF-8 -t CP1258 "$DATA/draft.md" >"$T/draft-cp1258.txt" || not_ok "iconv CP1258"
refused "a CP1258 draft without --encoding" 1 "is not UTF-8 (invalid byte at offset 0); if it uses a legacy Vietnamese encoding, name it with --encoding CP1258" \
	"$DB" import "$DB" "$T/draft-cp1258.txt" --code CP
refused "an unknown --encoding" 1 "unknown encoding 'KOI9'" "$DB" import "$DB" "$T/draft-cp1258.txt" --code CP --encoding KOI9
rung import "$DB" "$T/draft-cp1258.txt" --code CP --encoding CP1258
expect_eq "a CP1258 draft imports with --encoding CP1258" "0|imported CP: 12 sections — ĐỀ ÁN CHUYỂN ĐỔI SỐ TỈNH" "$rc|$out"
expect_eq "the CP1258 draft reads the same as the UTF-8 one (NFC)" \
	"$(g list "$DB" --doc DA-CDS --format tsv | cut -f2-6,9)" "$(g list "$DB" --doc CP --format tsv | cut -f2-6,9)"
rung search "$DB" "dang uy" --doc CP --format tsv
expect_eq "the converted draft is searchable" "section	Điều 3" "$(printf '%s\n' "$out" | awk -F'\t' 'NR > 1 { print $1 "\t" $4 }')"
rung check "$DB"
expect_eq "the database is still healthy" "0|$DB: ok (schema $SCHEMA)" "$rc|$out"

# ---- --help, --version, unknown options -----------------------------------------------------
rung --help
expect_eq "--help exits 0" 0 "$rc"
expect_contains "--help lists import-comments" "gopy import-comments DB FILE.csv" "$out"
rung --version
expect_eq "--version" "0|gopy " "$rc|${out%%[0-9]*}"
[[ "$out" =~ ^gopy\ [0-9]+\.[0-9]+ ]] && ok "--version prints a number" || not_ok "--version prints a number" "$out"
refused "an unknown top-level option" 2 "unknown option --frobnicate" "$T/missing.db" --frobnicate
