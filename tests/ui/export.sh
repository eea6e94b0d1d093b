#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# export.sh — the synthesis report from the TUI (issue 5): x in the reader asks format and
# path (defaults: html and <DOC-CODE>.html in the current directory, then the last used),
# :export [FORMAT] [FILE] does it in one line; the file is byte for byte what
# `gopy export` writes; the message line ends with the full path and the number of comments
# read; replacing another file asks first; errors are one line and leave no file.
# engines: both
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/fixture.bash"

new_db R r; make_db "$R" || { not_ok "build the fixture database"; exit 1; }
msg() { tail -n 1 "$1"; }
mkdir -p "$T/out/sub"
cd "$T/out" || exit 1

cat >"$T/keys" <<KEYS
:export<Enter>
@dump $T/nodoc
<Enter>
?
@dump $T/help
q
x
<Enter>
<Enter>
@dump $T/x1
x
<C-u>csv<Enter>
<Enter>
@dump $T/x2
:export md sub/r.md<Enter>
@dump $T/x3
:export json<Enter>
@dump $T/x4
:export txt DA-TEST.html<Enter>
@dump $T/x5
n
@dump $T/x5n
:export txt $T/missing/dir/x.txt<Enter>
@dump $T/x6
x
<C-u>pdf<Enter>
@dump $T/x7
x<C-u>csv<Enter><Esc>
@dump $T/x8
x<Enter><Enter>
@dump $T/x9
KEYS
tui 80x24 "$T/keys" --as E04 "$R"
expect_eq "session exits 0" "0" "$rc"
expect_eq "nothing on stderr" "" "$err"
expect_contains "no document: says to open one" "open a document first" "$(msg "$T/nodoc")"
expect_contains "x is in the reader's help" "export the synthesis report of this document" "$(cat "$T/help")"

same() { # name file format: the file equals gopy export's output
	if [ ! -f "$2" ]; then not_ok "$1" "no file $2"; return; fi
	"$GOPY" export "$R" --doc DA-TEST --format "$3" -o "$T/cli.$3" 2>"$T/cli.err"
	if cmp -s "$2" "$T/cli.$3"; then ok "$1"; else not_ok "$1" "$(diff "$2" "$T/cli.$3" | head -n 10)"; fi
}
same "x, Enter, Enter: DA-TEST.html in the current directory, as gopy export writes it" "$T/out/DA-TEST.html" html
expect_contains "the message names the full path and the comments read" \
	"report written: $T/out/DA-TEST.html (html, 7 comments)" "$(msg "$T/x1")"
same "x with csv: the path follows the format" "$T/out/DA-TEST.csv" csv
expect_contains "csv message" "report written: $T/out/DA-TEST.csv (csv, 7 comments)" "$(msg "$T/x2")"
same ":export md FILE" "$T/out/sub/r.md" md
expect_contains ":export md message" "report written: $T/out/sub/r.md (md" "$(msg "$T/x3")"
same ":export json: the last path with the format's extension" "$T/out/sub/r.json" json
expect_contains "replacing another file asks" "DA-TEST.html exists. Replace it? (y/n)" "$(msg "$T/x5")"
expect_contains "n cancels" "export cancelled" "$(msg "$T/x5n")"
same "and the file is untouched" "$T/out/DA-TEST.html" html
case "$(msg "$T/x6")" in
*missing/dir*) ok "a bad path: a one-line error naming it" ;;
*) not_ok "a bad path: a one-line error naming it" "$(msg "$T/x6")" ;;
esac
check_fail "and no file" test -e "$T/missing"
expect_contains "unknown format" "unknown format pdf (txt, md, csv, html, json, docx, xlsx)" "$(msg "$T/x7")"
expect_contains "Esc at the path cancels" "export cancelled" "$(msg "$T/x8")"
expect_contains "x again offers the last format and path" "report written: $T/out/sub/r.json (json" "$(msg "$T/x9")"
expect_eq "no temporary files left" "DA-TEST.csv DA-TEST.html r.json r.md" "$(cd "$T/out" && find . -type f | sed 's|.*/||' | sort | tr '\n' ' ' | sed 's/ $//')"

# A longer export: the count comes from the report's progress callback.
python3 - "$T/many.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("doc,section,author,body,created_at\n")
    for i in range(2500):
        f.write("DA-TEST,Điều 2,A01,Ý kiến %d,2026-05-03T%02d:%02d:%02dZ\n" % (i, 9 + i // 3600, i // 60 % 60, i % 60))
PY
g import-comments "$R" "$T/many.csv" >/dev/null || not_ok "import 2500 comments"
printf '<Enter>:export csv big.csv<Enter>\n@dump %s\n' "$T/big" >"$T/keys2"
tui 80x24 "$T/keys2" "$R"
expect_contains "read-only users export too; 2507 comments read" "big.csv (csv, 2507 comments)" "$(msg "$T/big")"
same "the big export equals gopy export" "$T/out/big.csv" csv
