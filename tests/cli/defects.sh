#!/usr/bin/env bash
# defects.sh — the defects found by trying gopy with hostile and broken input, one block
# each: the damaged schema version, NUL bytes, invalid UTF-8 in arguments, CSV rows with too
# many fields, strict numbers and options, the CSV formula guard, CR in headings, search
# --limit and the reply depth limit. Each refusal is one line, exit 1 (2 for usage), and
# leaves the file byte-identical.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
DB=$T/good.db
make_db "$DB" >/dev/null || not_ok "fixture database"
gv ROOT_ID comment "$DB" --doc DA-CDS --section "Điều 1" --as STTTT-01 "Ý kiến mẫu"

# ---- 1. a damaged schema version -------------------------------------------------------
for v in -1 -2147483648 0; do
	cp "$DB" "$T/v$v.db"
	sqlite3 "$T/v$v.db" "PRAGMA user_version = $v"
	for c in "list @" "comment @ --doc DA-CDS --as STTTT-01 Thêm" "check @"; do
		# shellcheck disable=SC2086
		refused "user_version $v: ${c%% *}" 1 "damaged or not a gopy schema" "$T/v$v.db" ${c//@/$T/v$v.db}
	done
done

# ---- 2. NUL bytes cut nothing silently -------------------------------------------------
printf 'trước\0sau\n' >"$T/nul.txt"
refused "comment -: a NUL byte is refused" 1 "NUL" "$DB" comment "$DB" --doc DA-CDS --as STTTT-01 - <"$T/nul.txt"
printf 'doc,author,body\nDA-CDS,STTTT-01,tốt\nDA-CDS,STTTT-01,trước\0sau\n' >"$T/nul.csv"
refused "import-comments: a NUL byte is refused with its line" 1 "line 3" "$DB" import-comments "$DB" "$T/nul.csv"
printf 'Điều 1. Phạm vi\nNội dung\0ẩn.\n' >"$T/nul-draft.txt"
refused "import: a NUL byte in a draft is refused with its line" 1 "line 2" "$DB" import "$DB" "$T/nul-draft.txt" --code NUL

# ---- 3. invalid UTF-8 in arguments is refused like on stdin ------------------------------
bad=$'B\xe1\xbb'
refused "comment TEXT, invalid UTF-8" 1 "not valid UTF-8" "$DB" comment "$DB" --doc DA-CDS --as STTTT-01 "$bad"
refused "comment --quote, invalid UTF-8" 1 "not valid UTF-8" "$DB" comment "$DB" --doc DA-CDS --as STTTT-01 --quote "$bad" "Ý kiến"
refused "delegate name, invalid UTF-8" 1 "not valid UTF-8" "$DB" delegate "$DB" add NEW "$bad"
refused "delegate --unit, invalid UTF-8" 1 "not valid UTF-8" "$DB" delegate "$DB" add NEW "Tên" --unit "$bad"
refused "import --title, invalid UTF-8" 1 "not valid UTF-8" "$DB" import "$DB" "$DATA/draft.md" --code NEW --title "$bad"

# ---- 4. a CSV row with more fields than the header ----------------------------------------
printf 'doc,author,body\nDA-CDS,STTTT-01,tốt\nDA-CDS,STTTT-01,thừa,một ô\n' >"$T/extra.csv"
refused "import-comments: a row with too many fields" 1 "line 3" "$DB" import-comments "$DB" "$T/extra.csv"

# ---- 5. strict numbers, conflicting options, empty values -----------------------------------
refused "--reply-to beyond 63 bits" 2 "--reply-to" "$DB" comment "$DB" --reply-to 99999999999999999999999 --as STTTT-01 "x"
refused "--reply-to with a leading blank" 2 "--reply-to" "$DB" comment "$DB" --reply-to " $ROOT_ID" --as STTTT-01 "x"
refused "--reply-to with a sign" 2 "--reply-to" "$DB" comment "$DB" --reply-to "+$ROOT_ID" --as STTTT-01 "x"
refused "search --limit beyond range" 2 "--limit" "$DB" search "$DB" y --limit 99999999999999999999
refused "search --limit with a blank" 2 "--limit" "$DB" search "$DB" y --limit " 5"
refused "search --exact --fold" 2 "--exact" "$DB" search "$DB" y --exact --fold
refused "delegate --login empty" 2 "--login" "$DB" delegate "$DB" add NEW "Tên" --login ""
refused "--version with an extra argument" 2 "--version" "$DB" --version extra
refused "--help with an extra argument" 2 "--help" "$DB" --help extra

# ---- 6. blanks before = do not escape the CSV formula guard ---------------------------------
for lead in '\t' '\r' ' ' '\n' ' \t'; do
	g comment "$DB" --doc DA-CDS --as STTTT-01 "$(printf "${lead}=1+1")" >/dev/null
done
"$GOPY" export "$DB" --doc DA-CDS --format csv -o "$T/f.csv"
bad=$(python3 - "$T/f.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
cells = [c for r in rows for c in r if "=1+1" in c]
print(len(cells), [c for c in cells if not c.startswith("'")])
PY
)
expect_eq "every cell with a formula after blanks starts with an apostrophe" "5 []" "$bad"
