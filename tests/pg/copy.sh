#!/usr/bin/env bash
# copy.sh — `gopy copy` between a file and a PostgreSQL server, both ways: a review with
# something in every table goes onto a server (made there as gopy init makes it, or into one
# gopy init made), exports the same there, byte for byte, and comes back into a file that shows
# the same as the original in everything gopy shows; server to server too; a server database
# that holds a review is refused and left as it was; a copy that fails leaves the server's
# review empty; the password of the URL is used and never shown.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/pg/server.bash"
. "$ROOT/tests/cli/data/review_fixture.bash"
pg_start || exit 1

A=$T/a.db
make_full_review "$A" || not_ok "the review to copy is built"
show_review "$A" >"$T/show.a"
exports() { # every document in every export format
	local doc f
	for doc in $("$GOPY" list "$1" --format tsv | tail -n +2 | cut -f1); do
		for f in txt md csv html json; do
			echo "== $doc $f"; "$GOPY" export "$1" --doc "$doc" --format "$f" --audit -o - 2>&1
		done
	done
}
exports "$A" >"$T/exports.a"

S1=$(pg_newdb one)
run "$GOPY" copy "$A" "$S1"
expect_eq "file → server (no schema there yet): exit 0" "0|" "$rc|$err"
expect_contains "…says what it copied" "to $S1: 6 documents, 221 comments, 41 delegates" "$out"
check "the server's review passes gopy check" "$GOPY" check "$S1"
exports "$S1" >"$T/exports.s1"
check "every export on the server is the file's, byte for byte" cmp "$T/exports.a" "$T/exports.s1"
expect_eq "the audit log on the server is the file's" "$("$GOPY" log "$A" --format tsv)" "$("$GOPY" log "$S1" --format tsv)"
expect_eq "searches on the server find what the file finds" \
	"$("$GOPY" search "$A" "chuyen doi so" --format tsv; "$GOPY" search "$A" "DROP TABLE" --format tsv)" \
	"$("$GOPY" search "$S1" "chuyen doi so" --format tsv; "$GOPY" search "$S1" "DROP TABLE" --format tsv)"
expect_eq "ids, seq and thread keys kept" \
	"$(sqlite3 "$A" "SELECT id, seq, hex(thread_key) FROM comment ORDER BY seq" | tr '|' ' ')" \
	"$(pg_psql one -c "SELECT id, seq, upper(encode(thread_key, 'hex')) FROM gopy.comment ORDER BY seq" | tr '|' ' ')"

# The copy on the server is a review like any other: the next comment follows the copied ones.
next=$(( $(sqlite3 "$A" "SELECT max(seq) FROM comment") + 1 ))
run "$GOPY" comment "$S1" --doc NQ-CDS --as H-01 "trên máy chủ"
expect_eq "a comment added on the server: the next seq" "$next" \
	"$(pg_psql one -c "SELECT seq FROM gopy.comment WHERE body = 'trên máy chủ'")"
expect_eq "…and logged once, after the copied log" "$(( $(sqlite3 "$A" "SELECT max(seq) FROM audit") + 1 ))|add" \
	"$(pg_psql one -c "SELECT seq, kind FROM gopy.audit ORDER BY seq DESC LIMIT 1")"

# Back into a file, and server to server: the round trip shows the same as the original.
S2=$(pg_newdb two)
check "gopy init on the second server database" "$GOPY" init "$S2"
run "$GOPY" copy "$S1" "$S2"
expect_eq "server → server, into a review gopy init made: exit 0" "0|" "$rc|$err"
B=$T/b.db
run "$GOPY" copy "$S2" "$B"
expect_eq "server → file: exit 0" "0|" "$rc|$err"
run "$GOPY" comment "$A" --doc NQ-CDS --as H-01 "trên máy chủ"
show_review "$A" >"$T/show.a2"
show_review "$B" >"$T/show.b"
check "file → server → server → file shows the same as the file, byte for byte" cmp "$T/show.a2" "$T/show.b"
check "…and passes gopy check" "$GOPY" check "$B"

# A server database that holds a review is refused and left as it was.
before=$(pg_psql one -c "SELECT count(*), max(seq) FROM gopy.comment")
run "$GOPY" copy "$A" "$S1"
expect_eq "into a server review that holds rows: exit 1" 1 "$rc"
expect_contains "…says it is not empty" "nothing was copied: $S1 is not empty" "$err"
expect_eq "…and leaves it as it was" "$before" "$(pg_psql one -c "SELECT count(*), max(seq) FROM gopy.comment")"

# A copy that fails part way leaves the server's database as it was (no schema gopy: the schema
# is made in the rows' transaction), and a good copy goes in after.
BAD=$T/bad.db
cp "$A" "$BAD"
sqlite3 "$BAD" "PRAGMA foreign_keys = OFF; DELETE FROM tally_author; UPDATE comment SET author_id = 42 WHERE seq = 200"
S3=$(pg_newdb three)
run "$GOPY" copy "$BAD" "$S3"
expect_eq "a source with a broken reference: exit 1" 1 "$rc"
expect_contains "…nothing was copied" "nothing was copied" "$err"
expect_eq "…the server's database is as it was: no schema gopy" 0 \
	"$(pg_psql three -c "SELECT count(*) FROM pg_namespace WHERE nspname = 'gopy'")"
run "$GOPY" copy "$A" "$S3"
expect_eq "…and a good copy goes in after" "0" "$rc"

# The password written in the URL is used, and shown nowhere.
pg_password_role copier 'S3cr3t-copy'
S4=$(pg_newdb four)
pg_psql four -c "ALTER DATABASE $(pg_dbname four) OWNER TO copier"
with_pw="postgresql://copier:S3cr3t-copy@/$(pg_dbname four)?host=$PG_HOST&port=$PG_PORT"
run "$GOPY" copy "$A" "$with_pw"
expect_eq "into a server as a role with a password in the URL: exit 0" 0 "$rc"
case "$out$err" in *S3cr3t*) not_ok "the password is not shown" "$out$err" ;; *) ok "the password is not shown" ;; esac
expect_contains "…the URL is shown without it" "postgresql://copier@/$(pg_dbname four)" "$out"
run "$GOPY" copy "$A" "postgresql://copier:wrong@/$(pg_dbname four)?host=$PG_HOST&port=$PG_PORT"
expect_contains "a wrong password: the server's refusal" 'password authentication failed for user "copier"' "$err"
