# SPDX-License-Identifier: GPL-3.0-or-later
# server.bash — a private PostgreSQL 15 server for tests (source it after tests/lib.sh).
#
# The server lives in a temporary folder of its own: initdb's data directory, its log, and its
# Unix socket; listen_addresses='' so it opens no TCP port and clashes with nothing. initdb and
# the server refuse to run as root, so under root they run as `postgres` (or `nobody`) through
# runuser, and the socket folder is left reachable by every user. The superuser role is always
# `postgres`; local connections are trusted, except roles in the group `gopy_pw`, which must
# give a password (scram-sha-256).
#
#   pg_start [--own]      start the server, or reuse the one tests/run.sh shares through
#                         GOPY_TEST_PGHOST/GOPY_TEST_PGPORT (--own: always a private one).
#                         Sets PG_HOST (socket folder), PG_PORT, PG_BIN. Stopped at exit.
#   pg_newdb NAME         create an empty database NAME (unique to this test run: the real name
#                         is t<pid>_NAME) and print its URL; call pg_start first when using
#                         it as u=$(pg_newdb NAME), or the server would end with the subshell
#   pg_url NAME [ROLE]    the URL of the database made by pg_newdb NAME, as ROLE
#   pg_dbname NAME        its real name
#   pg_psql NAME ARGS...  psql on that database as the superuser (-X -q -At, stops at errors)
#   pg_password_role ROLE PASSWORD   a login role that must authenticate with PASSWORD
#   pg_halt [MODE]        stop the server (pg_ctl -m MODE, default fast) keeping its data;
#   pg_resume             start it again (both only for a server of the test's own)
#   pg_stop               drop the databases made here; stop the server and remove its folder
#                         if this test started it (also done at exit)
#   pg_available          succeeds when the PostgreSQL 15 programs are installed
#   pg_relay DIR CUT      start a relay in front of the server (tests/pg/cut_proxy.py: it loses
#                         a write's commit answer while the file CUT exists), its socket in DIR:
#                         a URL goes through it with its host=$PG_HOST replaced by DIR. Sets
#                         PG_RELAY_PID (ended by pg_stop, at exit, if not before)
#   pg_pooler [MODE [SIZE]]  start a private pgbouncer in front of the server (pool_mode MODE:
#                         session, the default, or transaction; default_pool_size SIZE, 5), on a
#                         Unix socket of its own, no TCP port; server_reset_query DISCARD ALL,
#                         auth_type trust for the roles ROLES lists (PG_POOLER_ROLES, default
#                         postgres). Sets PG_POOLER_HOST (a URL goes through it with its
#                         host=$PG_HOST replaced by it: pooler_url) and PG_POOLER_PID; stopped by
#                         pg_pooler_stop, pg_stop, at exit, or when this shell is killed
#   pooler_url URL        the URL through the pooler
#   pg_pooler_available   succeeds when pgbouncer is installed
#
# The URL form: postgresql:///DB?host=SOCKDIR&port=PORT&user=ROLE (libpq's own syntax).

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_HOST= PG_PORT= PG_DIR= _pg_owned=0 _pg_dbs=() PG_RELAY_PID=
PG_POOLER=${PG_POOLER:-/usr/sbin/pgbouncer} PG_POOLER_HOST= PG_POOLER_PID= _pg_pooler_dir=
# The environment must not send tests to another server.
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGSERVICE PGSERVICEFILE PGPASSFILE \
	PGOPTIONS PGSSLMODE PGCONNECT_TIMEOUT PGAPPNAME PGSYSCONFDIR

pg_available() { [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/psql" ]; }

# The user the server runs as: ourselves, or an unprivileged account when we are root.
_pg_runner() {
	if [ "$(id -u)" != 0 ]; then id -un
	elif getent passwd postgres >/dev/null; then echo postgres
	else echo nobody; fi
}
_pg_as() { # run a server program as the runner, from a folder it can enter
	if [ "$(id -u)" = 0 ]; then (cd / && runuser -u "$(_pg_runner)" -- "$@")
	else (cd / && "$@"); fi
}

_pg_answers() { "$PG_BIN/pg_isready" -q -h "$1" -p "$2" -U postgres -d postgres -t 5; }

pg_start() {
	[ -n "$PG_HOST" ] && return 0
	if [ "${1:-}" != --own ] && [ -n "${GOPY_TEST_PGHOST:-}" ] && _pg_answers "$GOPY_TEST_PGHOST" "${GOPY_TEST_PGPORT:-5432}"; then
		PG_HOST=$GOPY_TEST_PGHOST PG_PORT=${GOPY_TEST_PGPORT:-5432}
		_pg_chain_trap
		return 0
	fi
	pg_available || { echo "pg_start: PostgreSQL 15 is not installed ($PG_BIN)" >&2; return 1; }
	local runner; runner=$(_pg_runner)
	# Under /tmp, not $TMPDIR: the runner must be able to enter every folder above it, and a
	# socket path is limited to about 100 bytes.
	PG_DIR=$(mktemp -d /tmp/gopy-pg.XXXXXX) || return 1
	_pg_owned=1
	_pg_chain_trap
	mkdir -p "$PG_DIR/sock" || return 1
	[ "$(id -u)" = 0 ] && chown "$runner" "$PG_DIR" "$PG_DIR/sock"
	chmod 755 "$PG_DIR" "$PG_DIR/sock"
	PG_HOST=$PG_DIR/sock PG_PORT=5432
	if ! _pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
		--no-sync >"$PG_DIR/initdb.log" 2>&1; then
		echo "pg_start: initdb failed:" >&2; tail -n 20 "$PG_DIR/initdb.log" >&2; return 1
	fi
	printf '%s\n' '# gopy tests: password roles first, then everyone trusted on the socket' \
		'local all +gopy_pw scram-sha-256' 'local all all trust' >"$PG_DIR/data/pg_hba.conf"
	# fsync off: a test server needs no durability across an operating-system crash (a killed
	# server process still recovers from its WAL). More settings: PG_SERVER_OPTS.
	echo "-k $PG_HOST -p $PG_PORT -c listen_addresses='' -c fsync=off -c max_connections=200 ${PG_SERVER_OPTS:-}" \
		>"$PG_DIR/options"
	if ! _pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/data/server.log" -w -t 60 \
		-o "$(cat "$PG_DIR/options")" start >"$PG_DIR/pg_ctl.log" 2>&1; then
		echo "pg_start: the server did not start:" >&2
		tail -n 20 "$PG_DIR/data/server.log" >&2; return 1
	fi
	# Should this shell be killed outright (no EXIT trap runs), the server goes with it.
	# The watcher runs in a subshell of its own so that it is no job of this shell: a bare `wait`
	# (for the shell's own background work, as in tests/bench/pg.sh) must not wait for it.
	local owner=$BASHPID # (the arguments of a command sent to the background expand in the new process)
	( _pg_watch "$owner" "$PG_DIR" </dev/null >/dev/null 2>&1 & )
	"$PG_BIN/psql" -X -q -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
		-c "CREATE ROLE gopy_pw NOLOGIN" >/dev/null || return 1
}

# OWNER DIR: once the shell OWNER is gone, stop the server of DIR and remove DIR, unless pg_stop
# already has (it removes DIR).
_pg_watch() {
	while kill -0 "$1" 2>/dev/null && [ -d "$2/data" ]; do sleep 2; done
	[ -d "$2/data" ] || return 0
	[ -f "$2/data/postmaster.pid" ] && _pg_as "$PG_BIN/pg_ctl" -D "$2/data" -m immediate -w -t 30 stop
	rm -rf "$2"
}

# The server going away and coming back (a server of this test's own: pg_start --own).
pg_halt() { # [fast|immediate]: stop it, keeping its data and socket folder
	[ "$_pg_owned" = 1 ] || { echo "pg_halt: not a server of this test's own" >&2; return 1; }
	_pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m "${1:-fast}" -w -t 30 stop >/dev/null
}
pg_resume() { # start it again as it was
	[ "$_pg_owned" = 1 ] || { echo "pg_resume: not a server of this test's own" >&2; return 1; }
	_pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/data/server.log" -w -t 60 \
		-o "$(cat "$PG_DIR/options")" start >/dev/null
}

pg_relay() {
	mkdir -p "$1" || return 1
	/usr/bin/python3 "$ROOT/tests/pg/cut_proxy.py" "$1" "$PG_PORT" "$PG_HOST/.s.PGSQL.$PG_PORT" "$2" >"$1.out" 2>&1 &
	PG_RELAY_PID=$!
	local i
	for ((i = 0; i < 200; i++)); do grep -q ready "$1.out" 2>/dev/null && return 0; sleep 0.05; done
	echo "pg_relay: the relay did not start: $(cat "$1.out")" >&2
	return 1
}

pg_pooler_available() { [ -x "$PG_POOLER" ]; }

pg_pooler() {
	local mode=${1:-session} size=${2:-5} runner r i
	pg_pooler_available || { echo "pg_pooler: pgbouncer is not installed ($PG_POOLER)" >&2; return 1; }
	pg_start || return 1
	runner=$(_pg_runner)
	# Its own folder under /tmp (a socket path is short), which the runner owns: pgbouncer refuses
	# to run as root. Only this instance: the system's service (Debian enables one) is left alone.
	_pg_pooler_dir=$(mktemp -d /tmp/gopy-pgb.XXXXXX) || return 1
	[ "$(id -u)" = 0 ] && chown "$runner" "$_pg_pooler_dir"
	chmod 755 "$_pg_pooler_dir"
	for r in ${PG_POOLER_ROLES:-postgres}; do printf '"%s" ""\n' "$r"; done >"$_pg_pooler_dir/users.txt"
	cat >"$_pg_pooler_dir/pgbouncer.ini" <<-EOF
	[databases]
	* = host=$PG_HOST port=$PG_PORT
	[pgbouncer]
	listen_addr =
	listen_port = $PG_PORT
	unix_socket_dir = $_pg_pooler_dir
	unix_socket_mode = 0777
	auth_type = trust
	auth_file = $_pg_pooler_dir/users.txt
	pool_mode = $mode
	default_pool_size = $size
	max_client_conn = 500
	server_reset_query = DISCARD ALL
	logfile = $_pg_pooler_dir/pgbouncer.log
	pidfile = $_pg_pooler_dir/pgbouncer.pid
	EOF
	_pg_chain_trap
	if ! _pg_as "$PG_POOLER" -d -q "$_pg_pooler_dir/pgbouncer.ini" >"$_pg_pooler_dir/start.log" 2>&1; then
		echo "pg_pooler: pgbouncer did not start: $(cat "$_pg_pooler_dir/start.log")" >&2; return 1
	fi
	for ((i = 0; i < 200; i++)); do
		PG_POOLER_PID=$(cat "$_pg_pooler_dir/pgbouncer.pid" 2>/dev/null)
		[ -n "$PG_POOLER_PID" ] && [ -S "$_pg_pooler_dir/.s.PGSQL.$PG_PORT" ] && break
		sleep 0.05
	done
	[ -S "$_pg_pooler_dir/.s.PGSQL.$PG_PORT" ] || { echo "pg_pooler: no socket: $(tail -n 5 "$_pg_pooler_dir/pgbouncer.log")" >&2; return 1; }
	PG_POOLER_HOST=$_pg_pooler_dir
	local owner=$BASHPID
	( _pg_pooler_watch "$owner" "$_pg_pooler_dir" "$PG_POOLER_PID" </dev/null >/dev/null 2>&1 & )
}

# OWNER DIR PID: once the shell OWNER is gone, end the pgbouncer PID this test started.
_pg_pooler_watch() {
	while kill -0 "$1" 2>/dev/null && [ -d "$2" ]; do sleep 2; done
	[ -d "$2" ] || return 0
	kill "$3" 2>/dev/null
	rm -rf "$2"
}

pg_pooler_stop() {
	[ -n "$_pg_pooler_dir" ] || return 0
	local i
	if [ -n "$PG_POOLER_PID" ] && kill "$PG_POOLER_PID" 2>/dev/null; then
		for ((i = 0; i < 200; i++)); do kill -0 "$PG_POOLER_PID" 2>/dev/null || break; sleep 0.05; done
	fi
	rm -rf "$_pg_pooler_dir"
	_pg_pooler_dir= PG_POOLER_HOST= PG_POOLER_PID=
}

pooler_url() { printf '%s' "${1/host=$PG_HOST/host=$PG_POOLER_HOST}"; }

pg_dbname() { printf 't%s_%s' "$$" "$1"; }

pg_url() { printf 'postgresql:///%s?host=%s&port=%s&user=%s' "$(pg_dbname "$1")" "$PG_HOST" "$PG_PORT" "${2:-postgres}"; }

pg_psql() {
	local db=$1; shift
	"$PG_BIN/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres -d "$(pg_dbname "$db")" "$@"
}

pg_newdb() {
	if [ -z "$PG_HOST" ] && [ "$BASH_SUBSHELL" -gt 0 ]; then
		# u=$(pg_newdb x) before any pg_start: the server would stop with the subshell
		echo "pg_newdb: call pg_start first (not started inside \$(...))" >&2
		return 1
	fi
	pg_start || return 1
	"$PG_BIN/createdb" -h "$PG_HOST" -p "$PG_PORT" -U postgres -E UTF8 -T template0 "$(pg_dbname "$1")" || return 1
	pg_url "$1"; echo
}

pg_password_role() { # ROLE PASSWORD: the password goes to the server as a bound psql variable
	"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres \
		-v role="$1" -v pw="$2" >/dev/null <<-'EOF'
	CREATE ROLE :"role" LOGIN PASSWORD :'pw' IN ROLE gopy_pw;
	EOF
}

pg_stop() {
	local d
	[ -n "${PG_RELAY_PID:-}" ] && kill "$PG_RELAY_PID" 2>/dev/null # (a relay this test started)
	pg_pooler_stop
	if [ "$_pg_owned" = 1 ]; then
		if [ -f "$PG_DIR/data/postmaster.pid" ]; then
			_pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 || {
				# It did not stop in time: end it (only the postmaster this test started).
				local pid; pid=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)
				[ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
			}
		fi
		rm -rf "$PG_DIR"
	elif [ -n "$PG_HOST" ]; then
		# A shared server: leave it running, without this test's databases (t<pid>_NAME, and
		# those tests/lib.sh's new_db made, listed in _pg_dbs).
		for d in ${_pg_dbs[@]+"${_pg_dbs[@]}"}; do
			"$PG_BIN/dropdb" -h "$PG_HOST" -p "$PG_PORT" -U postgres --if-exists --force "$d" >/dev/null 2>&1
		done
		"$PG_BIN/psql" -X -At -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres \
			-c "SELECT datname FROM pg_database WHERE datname LIKE 't$$\_%'" 2>/dev/null |
			while read -r d; do
				"$PG_BIN/dropdb" -h "$PG_HOST" -p "$PG_PORT" -U postgres --if-exists --force "$d" >/dev/null 2>&1
			done
	fi
	PG_HOST= PG_PORT= PG_DIR= _pg_owned=0
}

# Stop at exit, before whatever the test had set to run then (lib.sh removes $T).
_pg_chain_trap() {
	local old; old=$(trap -p EXIT)
	old=${old#trap -- }; old=${old% EXIT}
	[ -n "$old" ] && eval "old=$old"
	case "$old" in *pg_stop*) return 0 ;; esac
	trap "pg_stop; $old" EXIT
	trap 'exit 130' INT TERM HUP
}
