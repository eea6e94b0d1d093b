#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# identity.sh — on a shared review the system login decides who writes; --as is for a
# secretary recording for a speaker, an editor acting as the drafting team, or a personal
# copy; each refusal is one line and changes nothing. Run as an unprivileged user (nobody)
# in a setgid folder of a group (nogroup) the way a secretariat sets one up. Also: new
# files are 0660 whatever the umask (the -wal and -shm too), in the folder's group, and a
# world-writable file draws a warning.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/cli/data/helpers.bash"
[ "$(id -u)" = 0 ] || { not_ok "the identity tests run as root (to switch to nobody)"; exit 1; }
id nobody >/dev/null 2>&1 && getent group nogroup >/dev/null || { not_ok "the user nobody and group nogroup are needed"; exit 1; }
chmod 755 "$T"
cp "$GOPY" "$T/gopy" # the build tree may be where nobody cannot enter
mkdir -p "$T/data" && cp "$DATA/comments.csv" "$T/data/" && chmod -R a+rX "$T/data"
mkdir -m 1777 "$T/nhome"
as_nobody() { runuser -u nobody -- env HOME="$T/nhome" GOPY_SEED=$((_seed += 1)) "$T/gopy" "$@"; }
runo() { run as_nobody "$@"; }
nrefused() { # NAME NEEDLE ARGS...: as nobody, exit 1, one line, the review unchanged
	local name=$1 needle=$2 before problems=""
	shift 2
	before=$(sha "$DB")
	runo "$@"
	[ "$rc" = 1 ] || problems+="exit $rc; "
	case "$err" in "gopy: "*"$needle"*) ;; *) problems+="message: $err; " ;; esac
	[ "$(printf '%s\n' "$err" | grep -c .)" = 1 ] || problems+="not one line: $err; "
	[ "$(sha "$DB")" = "$before" ] || problems+="file changed; "
	if [ -z "$problems" ]; then ok "$name"; else not_ok "$name" "$problems"; fi
}
author_of() { sqlite3 "$DB" "SELECT a.code || '|' || coalesce(e.code, '') FROM comment c JOIN delegate a ON a.id = c.author_id LEFT JOIN delegate e ON e.id = c.entered_by WHERE c.id = $1"; }

# ---- the secretariat's setup: a setgid folder of the group, the review made there -----------
mkdir "$T/review"
chgrp nogroup "$T/review" && chmod 2770 "$T/review"
DB=$T/review/r.db
(umask 022 && make_db "$DB" >/dev/null) || not_ok "fixture database"
expect_eq "a new review is 0660 in the folder's group, whatever the umask" "660 nogroup" "$(stat -c '%a %G' "$DB")"
(umask 077 && "$GOPY" init "$T/review/private-umask.db" >/dev/null)
expect_eq "umask 077 does not keep the group out" "660" "$(stat -c '%a' "$T/review/private-umask.db")"
g delegate "$DB" add TBT "Tổ biên tập" --role editor >/dev/null
g delegate "$DB" add ND-01 "Lê Văn Nam" --login nobody >/dev/null
# -wal and -shm take the file's mode: held open by a reader while nobody writes
py "import sqlite3, sys, time, os
c = sqlite3.connect(sys.argv[1]); c.execute('SELECT count(*) FROM comment').fetchall()
open(sys.argv[2], 'w').close()
while not os.path.exists(sys.argv[3]): time.sleep(0.05)
print(oct(os.stat(sys.argv[1] + '-wal').st_mode & 0o777), oct(os.stat(sys.argv[1] + '-shm').st_mode & 0o777))" \
	"$DB" "$T/reading" "$T/written" >"$T/modes" &
reader=$!
while [ ! -e "$T/reading" ]; do sleep 0.05; done

# ---- a delegate writes as their login's delegate, never as another --------------------------
runo comment "$DB" --doc DA-CDS "Ý kiến của đại biểu Nam"
C1=$out
expect_eq "without --as: the login's delegate is the author" "0|ND-01|" "$rc|$(author_of "${C1:-0}")"
touch "$T/written"; wait "$reader"
expect_eq "the -wal and -shm files are 0660 too" "0o660 0o660" "$(cat "$T/modes")"
expect_eq "the audit log names the system user and the delegate" "nobody|ND-01" \
	"$("$GOPY" log "$DB" --comment "${C1:-0}" --format tsv | awk -F'\t' 'NR == 2 { print $4 "|" $5 }')"
nrefused "a delegate's --as another: refused" "--as STTTT-01 refused: you are ND-01 (login 'nobody', role delegate)" \
	comment "$DB" --doc DA-CDS --as STTTT-01 "Mạo danh"
nrefused "--by another on a shared file: refused" "--by TK-01 refused" \
	comment "$DB" --doc DA-CDS --as ND-01 --by TK-01 "Mạo danh người ghi"
runo comment "$DB" --doc DA-CDS --as ND-01 "Chính tôi"
expect_eq "--as oneself is fine" "0|ND-01|" "$rc|$(author_of "${out:-0}")"
nrefused "a delegate cannot add delegates" "cannot add delegates" delegate "$DB" add X-1 "Người mới"
nrefused "a delegate cannot import comments" "cannot import" import-comments "$DB" "$T/data/comments.csv"

# ---- a secretary records for a speaker: entered by the secretary -----------------------------
sqlite3 "$DB" "UPDATE delegate SET role = 'secretary' WHERE code = 'ND-01'"
runo comment "$DB" --doc DA-CDS --as STTTT-01 "Ý kiến đại biểu An, thư ký ghi"
expect_eq "a secretary's --as: the speaker's words, entered by the secretary" "0|STTTT-01|ND-01" "$rc|$(author_of "${out:-0}")"
runo import-comments "$DB" "$T/data/comments.csv"
expect_eq "a secretary may import comments" "0" "$rc"

# ---- an editor acts as the drafting team, not as a delegate ----------------------------------
sqlite3 "$DB" "UPDATE delegate SET role = 'editor' WHERE code = 'ND-01'"
runo comment "$DB" --reply-to "${C1:-0}" --as TBT "Tổ biên tập xin tiếp thu"
expect_eq "an editor's --as the team: the team's words, entered by the editor" "0|TBT|ND-01" "$rc|$(author_of "${out:-0}")"
nrefused "an editor's --as a delegate: refused" "only a secretary records for others and an editor acts as the drafting team" \
	comment "$DB" --doc DA-CDS --as STTTT-01 "Mạo danh"

# ---- a login that is no delegate reads only ---------------------------------------------------
sqlite3 "$DB" "UPDATE delegate SET login = NULL WHERE code = 'ND-01'"
nrefused "an unmapped login cannot comment" "your login 'nobody' is not a delegate of this review" \
	comment "$DB" --doc DA-CDS "Ai đây"
nrefused "an unmapped login cannot use --as on a shared file" "--as STTTT-01 refused: $DB is a shared file" \
	comment "$DB" --doc DA-CDS --as STTTT-01 "Ai đây"
runo list "$DB" --doc DA-CDS --comments
expect_eq "an unmapped login still reads" "0" "$rc"
# $USER proves nothing
nrefused "\$USER does not make a user a delegate" "your login 'nobody' is not a delegate" \
	comment "$DB" --doc DA-CDS "Giả USER" # (runuser sets USER=nobody; a false one:)
before=$(sha "$DB")
run runuser -u nobody -- env USER=alice HOME="$T/nhome" "$T/gopy" comment "$DB" --doc DA-CDS "Giả alice"
expect_eq "USER=alice is not alice" "1|$before" "$rc|$(sha "$DB")"

# ---- the interface on the shared file, as nobody -----------------------------------------------
printf '@dump %s\n' "$T/nhome/ro-screen" >"$T/nhome/keys" && chmod 644 "$T/nhome/keys"
tuio() { run runuser -u nobody -- env HOME="$T/nhome" LANG=C.UTF-8 GOPY_HEADLESS_SCRIPT="$T/nhome/keys" GOPY_HEADLESS_SIZE=100x24 "$T/gopy" "$@"; }
tuio "$DB"
expect_contains "the interface: a login that is no delegate reads only, and says why" \
	"read-only [not a delegate of this review: reading only]" "$(tail -n 2 "$T/nhome/ro-screen" 2>&1)"
tuio --as STTTT-01 "$DB"
expect_eq "the interface: --as on the shared file refused before the screen starts" \
	"1|gopy: --as STTTT-01 refused: $DB is a shared file and your login 'nobody' is not a delegate of it (ask the secretariat to add it with --login nobody)" "$rc|$err"
sqlite3 "$DB" "UPDATE delegate SET login = 'nobody', role = 'secretary' WHERE code = 'ND-01'"
tuio --as STTTT-01 "$DB"
expect_contains "the interface: a secretary's --as picks the speaker and stays the secretary" \
	"speaker: Nguyễn Văn An │ as Lê Văn Nam (ND-01)" "$(tail -n 2 "$T/nhome/ro-screen" 2>&1)"
sqlite3 "$DB" "UPDATE delegate SET login = NULL WHERE code = 'ND-01'"

# ---- the owner of a shared file: may administer, may not speak for others --------------------
g delegate "$DB" add NEW-1 "Người mới" >/dev/null
expect_eq "the file's owner may add delegates" "0" "$?"
before=$(sha "$DB")
rung comment "$DB" --doc DA-CDS --as STTTT-01 "Chủ tệp mạo danh"
expect_eq "the owner's --as on a file the group shares: refused" "1|$before" "$rc|$(sha "$DB")"
expect_contains "the owner's --as: one clear line" "is a shared file" "$err"

# ---- a personal copy: the user owns it alone ---------------------------------------------------
mkdir -m 1777 "$T/mine"
runuser -u nobody -- sh -c "cp '$DB' '$T/mine/copy.db' && chmod 600 '$T/mine/copy.db'"
runo comment "$T/mine/copy.db" --doc DA-CDS --as STTTT-01 "Bản riêng"
expect_eq "a personal copy (0600, own file): --as anyone" "0" "$rc"
runuser -u nobody -- chmod 660 "$T/mine/copy.db"
runo comment "$T/mine/copy.db" --doc DA-CDS --as STTTT-01 "Bản riêng, nhóm chung"
expect_eq "0660 in a group other accounts have (nogroup: _apt, sync): not personal" "1" "$rc"
mkdir -m 700 "$T/rootonly"
cp "$DB" "$T/rootonly/copy.db" && chgrp root "$T/rootonly/copy.db" && chmod 660 "$T/rootonly/copy.db"
rung comment "$T/rootonly/copy.db" --doc DA-CDS --as STTTT-01 "Bản riêng, nhóm riêng"
expect_eq "0660 in a group with no other member (root's): personal, --as anyone" "0" "$rc"
runuser -u nobody -- chmod 606 "$T/mine/copy.db"
run runuser -u nobody -- env HOME="$T/nhome" "$T/gopy" comment "$T/mine/copy.db" --doc DA-CDS --as STTTT-01 "Ai cũng ghi được"
expect_eq "a world-writable copy is no personal copy" "1" "$rc"
expect_contains "a world-writable file: warned" "writable by every user of this system" "$err"

# ---- restricted mode: no --as, no commands that name files --------------------------------------
runuser -u nobody -- chmod 600 "$T/mine/copy.db"
run runuser -u nobody -- env GOPY_RESTRICTED=1 HOME="$T/nhome" "$T/gopy" comment "$T/mine/copy.db" --doc DA-CDS --as STTTT-01 "x"
expect_eq "restricted: --as refused even on a personal copy" "1" "$rc"
expect_contains "restricted: --as, one line" "--as is not allowed in restricted mode" "$err"
for c in init import import-comments import-dispositions form demo; do
	run env GOPY_RESTRICTED=1 "$GOPY" "$c" "$T/x.db" "$T/data/comments.csv"
	expect_eq "restricted: $c refused" "1|gopy: $c is not available in restricted mode|absent" "$rc|$err|$(sha "$T/x.db")"
done
