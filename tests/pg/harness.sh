#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# harness.sh — the PostgreSQL test server of tests/pg/server.bash: it starts (as root and as an
# unprivileged user), answers through its Unix socket only, has unaccent and pg_trgm, enforces
# passwords for the roles that need one, and leaves no process and no folder behind when the
# test ends (normally, by a failed command, or by a signal — even SIGKILL, which no trap sees).
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/pg/server.bash"

# A child test that starts its own server, reports where, then ends as told by $1.
child() { # how (exit|fail|term) [runuser-user]
	local script='
		. tests/pg/server.bash
		pg_start --own || exit 3
		echo "$PG_DIR $(head -n 1 "$PG_DIR/data/postmaster.pid")"
		"$PG_BIN/psql" -X -At -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -c "select 40+2" || exit 4
		case $1 in fail) false; exit 1 ;; term) kill -TERM $$; sleep 5 ;; kill) kill -KILL $$ ;; esac
		exit 0'
	if [ -n "${2:-}" ]; then
		# the checkout may sit in a folder only its owner can read (a clone into mktemp -d):
		# the other user runs a copy of server.bash from a folder it can read
		local pub rc
		pub=$(mktemp -d) && chmod 755 "$pub" && mkdir -p "$pub/tests/pg" &&
			cp "$ROOT/tests/pg/server.bash" "$pub/tests/pg/" && chmod -R a+rX "$pub" || return 5
		(cd "$pub" && runuser -u "$2" -- bash -c "$script" child "$1")
		rc=$?
		rm -rf "$pub"
		return $rc
	else (cd "$ROOT" && bash -c "$script" child "$1"); fi
}

gone() { # dir pid: the folder is removed and the postmaster has ended
	local dir=$1 pid=$2
	[ -n "$dir" ] && [ -n "$pid" ] || return 1
	[ ! -e "$dir" ] || { echo "$dir still exists"; return 1; }
	# A process that ended but was not yet reaped by init (a zombie) has ended.
	case $(ps -o stat= -p "$pid") in ''|Z*) ;; *) echo "postmaster $pid still runs"; return 1 ;; esac
	! pgrep -f -- "$dir" >/dev/null || { echo "a process still names $dir:"; pgrep -af -- "$dir"; return 1; }
}

ends() { # how label [user]
	local o rc; o=$(child "$1" "${3:-}" 2>"$T/child.err"); rc=$?
	local first=${o%%$'\n'*} answer=${o##*$'\n'}
	expect_eq "$2: the server answered through its socket" 42 "$answer"
	case $1 in exit) [ "$rc" = 0 ] ;; *) [ "$rc" != 0 ] ;; esac && ok "$2: exit status $rc" || not_ok "$2: exit status $rc" "$(cat "$T/child.err")"
	if [ "$1" = kill ]; then # no trap runs: the watcher pg_start left stops the server
		local i
		for i in $(seq 1 60); do gone ${first% *} ${first#* } >/dev/null && break; sleep 0.5; done
	fi
	check "$2: no process and no folder left" gone ${first% *} ${first#* }
}

ends exit "normal end"
ends term "SIGTERM"
ends kill "SIGKILL (no EXIT trap)"
if [ "$(id -u)" = 0 ]; then
	# As root the server runs as an unprivileged user; here the whole test is unprivileged too.
	ends exit "unprivileged user" nobody
else
	ends exit "second run"
fi

# u=$(pg_newdb x) with no server yet would start one in the subshell, stopped as it ends: refused.
run bash -c 'cd "$1" && . tests/pg/server.bash && u=$(pg_newdb x) && echo "$u"' x "$ROOT"
expect_eq "pg_newdb inside \$(...) before pg_start: refused" "1|" "$rc|$out"
expect_contains "…saying to call pg_start first" "call pg_start first" "$err"

# One server for the rest.
check "the server starts" pg_start --own
expect_eq "no TCP listener" "" "$("$PG_BIN/psql" -X -At -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -c 'show listen_addresses')"
expect_eq "the socket is in the test's folder" "$PG_DIR/sock" "$PG_HOST"
u=$(pg_newdb one)
expect_eq "pg_newdb prints the database's URL" "postgresql:///t$$_one?host=$PG_HOST&port=$PG_PORT&user=postgres" "$u"
expect_eq "the URL connects (libpq)" "t$$_one UTF8" "$("$PG_BIN/psql" -X -At "$u" -c "select current_database(), pg_encoding_to_char(encoding) from pg_database where datname = current_database()" | tr '|' ' ')"
expect_eq "unaccent and pg_trgm are available" "dang uy viet nam|t" \
	"$(pg_psql one -c 'create extension unaccent; create extension pg_trgm' \
		-c "select lower(unaccent('Đảng ủy Việt Nam')), similarity('an ninh', 'an ninh') = 1 and similarity('an', 'xy') = 0")"
check_fail "a database made twice is refused" pg_newdb one

pg_password_role alice "pa ss'w\"rd"
run "$PG_BIN/psql" -X -At "$(pg_url one alice)" -c 'select 1' </dev/null
expect_contains "a password role without a password is refused" "password" "$err"
run env PGPASSWORD=wrong "$PG_BIN/psql" -X -At "$(pg_url one alice)" -c 'select 1'
expect_contains "a wrong password is refused" 'password authentication failed for user "alice"' "$err"
run env PGPASSWORD="pa ss'w\"rd" "$PG_BIN/psql" -X -At "$(pg_url one alice)" -c 'select current_user'
expect_eq "the right password is accepted" alice "$out"

# A second test file reusing this server (as tests/run.sh shares one) drops its databases only.
o=$(GOPY_TEST_PGHOST=$PG_HOST GOPY_TEST_PGPORT=$PG_PORT bash -c '
	. tests/pg/server.bash
	pg_newdb shared >/dev/null || exit 1
	echo "$PG_DIR|$(pg_dbname shared)"' 2>&1)
expect_eq "a shared server is reused, not started again" "|t" "${o%%[0-9]*}"
db=${o#|}
expect_eq "its databases are dropped at its end" "0" \
	"$(pg_psql one -c "select count(*) from pg_database where datname = '$db'")"
expect_eq "the shared server still answers" 1 "$(pg_psql one -c 'select 1')"

# server.sh: the command-line form, as make targets and people use it.
o=$(bash "$ROOT/tests/pg/server.sh" url demo bash -c '"'"$PG_BIN"'/psql" -X -At "$GOPY_TEST_PGURL" -c "select current_database()"; echo "$GOPY_TEST_PGHOST"')
expect_contains "server.sh url: a fresh database named in GOPY_TEST_PGURL" "_demo" "$o"
dir=${o##*$'\n'}; dir=${dir%/sock}
check "server.sh: its folder is removed afterwards" test ! -e "$dir"
run bash "$ROOT/tests/pg/server.sh" run
expect_eq "server.sh without a command: usage, status 2" 2 "$rc"

dir=$PG_DIR pid=$(head -n 1 "$PG_DIR/data/postmaster.pid")
pg_stop
check "pg_stop stops the server and removes its folder" gone "$dir" "$pid"
