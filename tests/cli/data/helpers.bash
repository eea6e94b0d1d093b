# helpers.bash — shared by the tests/cli/*.sh tests (sourced after ../lib.sh; not a test itself).
#   g ARGS...            run gopy with its own GOPY_SEED (ids reproducible, never reused across runs)
#   rung ARGS...         the same through lib.sh's run: $out, $err, $rc
#   gv VAR ARGS...       the same, its stdout into VAR (the seed still advances: no subshell)
#   sha FILE             sha256 of a file (of a server database's rows, for a URL)
#   make_db FILE         init + import data/draft.md as DA-CDS + three delegates (STTTT-01,
#                        UBND-MD, TK-01 a secretary)
#   refused NAME RC NEEDLE FILE ARGS...   gopy ARGS exits RC, its stderr starts with one line
#                        "gopy: ..." containing NEEDLE (plus "Try 'gopy --help'." for RC 2),
#                        nothing on stdout (unless ALLOW_OUT=1: a listing that breaks off midway),
#                        and FILE is byte-identical (or still absent)
#   py CODE              python3 -c CODE
DATA=$ROOT/tests/cli/data
_seed=1000
g() { _seed=$((_seed + 1)); GOPY_SEED=$_seed "$GOPY" "$@"; }
gv() {
	local var=$1
	shift
	_seed=$((_seed + 1))
	printf -v "$var" '%s' "$(GOPY_SEED=$_seed "$GOPY" "$@")"
}
rung() { _seed=$((_seed + 1)); run env GOPY_SEED=$_seed "$GOPY" "$@"; }
sha() {
	case "$1" in postgres://*|postgresql://*) # a review on a server: its rows, as pg_dump writes them
		"$PG_BIN/pg_dump" --data-only --schema=gopy "$1" 2>/dev/null | grep -v '^\\\(un\)\?restrict ' | sha256sum | cut -d' ' -f1
		return ;;
	esac
	if [ -d "$1" ]; then echo "dir $(ls -A "$1" | sha256sum)"
	elif [ -e "$1" ]; then sha256sum "$1" | cut -d' ' -f1
	else echo absent; fi
}
py() { python3 -c "$@"; }

make_db() {
	g init "$1" >/dev/null &&
		g import "$1" "$DATA/draft.md" --code DA-CDS --kind "Đề án" >/dev/null &&
		g delegate "$1" add STTTT-01 "Nguyễn Văn An" --unit "Sở Thông tin và Truyền thông" &&
		g delegate "$1" add UBND-MD "Phạm Thị Hoa" --unit "UBND huyện Mỹ Đức" &&
		g delegate "$1" add TK-01 "Trần Thị Bình" --unit "Văn phòng HĐND tỉnh" --role secretary
}

# downgrade_11 FILE: undo migration 12 (the days of the comments), as gopy of schema 11 left it
downgrade_11() {
	sqlite3 "$1" "DROP TRIGGER comment_day_added; DROP TRIGGER comment_day_moved; DROP TRIGGER comment_day_removed;
	DROP TABLE comment_day; PRAGMA user_version = 11;"
}

# downgrade_10 FILE: undo migrations 12 and 11 (the author-and-section index), as gopy of schema 10 left it
downgrade_10() {
	downgrade_11 "$1"
	sqlite3 "$1" "DROP INDEX comment_author_section; PRAGMA user_version = 10;"
}

# downgrade_9 FILE: undo migrations 11 to 9 (the author-and-time index; 10 changed nothing in a file)
downgrade_9() {
	downgrade_10 "$1"
	sqlite3 "$1" "DROP INDEX comment_author_time; PRAGMA user_version = 8;"
}

# downgrade_8 FILE: undo migrations 9 and 8 (merging copies) in a file, as an older gopy left it
downgrade_8() {
	downgrade_9 "$1"
	sqlite3 "$1" "DROP TRIGGER audit_copy_append_only; DROP TRIGGER audit_copy_keep_rows; DROP TABLE audit_copy;
	DROP TABLE conflict; DROP TABLE held_comment; DROP TABLE held_section; DROP INDEX audit_at;
	DELETE FROM sqlite_sequence WHERE name = 'audit_copy'; PRAGMA user_version = 7;"
}

# downgrade_7 FILE: undo migrations 8 and 7 (citations, notes on a revision)
downgrade_7() {
	downgrade_8 "$1"
	sqlite3 "$1" "DROP TABLE citation; DROP TABLE align_note; PRAGMA user_version = 6;"
}

# downgrade_6 FILE: undo migrations 8, 7 and 6 (versions) in a file, as an older gopy left it
downgrade_6() {
	downgrade_7 "$1"
	sqlite3 "$1" "DROP TRIGGER version_first; DROP TABLE alignment; DROP TABLE version;
	DROP TRIGGER section_inserted; DROP TRIGGER section_removed;
	CREATE TRIGGER section_inserted AFTER INSERT ON section BEGIN
	  UPDATE document SET n_sections = n_sections + 1 WHERE id = new.document_id;
	END;
	CREATE TRIGGER section_removed AFTER DELETE ON section BEGIN
	  UPDATE document SET n_sections = n_sections - 1 WHERE id = old.document_id;
	END;
	DROP INDEX section_version; ALTER TABLE section DROP COLUMN version; ALTER TABLE document DROP COLUMN n_versions;
	PRAGMA user_version = 5;"
}

refused() {
	local name=$1 want=$2 needle=$3 file=$4 before after problems=""
	shift 4
	before=$(sha "$file")
	rung "$@"
	after=$(sha "$file")
	local first=${err%%$'\n'*} nlines
	nlines=$(printf '%s\n' "$err" | grep -c .)
	[ "$rc" = "$want" ] || problems+="exit $rc, wanted $want; "
	case "$first" in "gopy: "*"$needle"*) ;; *) problems+="message '$first' lacks '$needle'; " ;; esac
	if [ "$want" = 2 ]; then
		[ "$nlines" -le 2 ] || problems+="$nlines lines on stderr; "
	else
		[ "$nlines" = 1 ] || problems+="$nlines lines on stderr: $err; "
	fi
	[ -z "$out" ] || [ -n "${ALLOW_OUT:-}" ] || problems+="stdout not empty: $out; "
	[ "$before" = "$after" ] || problems+="$file changed; "
	if [ -z "$problems" ]; then ok "$name"; else not_ok "$name" "$problems"; fi
}
