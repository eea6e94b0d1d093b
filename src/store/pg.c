/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pg.c — the PostgreSQL side of the store: connecting with libpq to a URL, refusing a
 * database of another application or of a newer gopy, creating the schema (gopy init) and
 * migrating it (pg_schema.c), transactions, and keeping the search vectors of comments.
 *
 * A review is the schema `gopy` in a database the organisation made; `meta` there holds the
 * application id and schema version (SQLite's PRAGMA application_id and user_version). Every
 * write transaction takes one advisory lock, as BEGIN IMMEDIATE takes SQLite's write lock;
 * the report reads in one REPEATABLE READ snapshot. Before each commit, the comments whose
 * search vector is missing (new or edited ones) are folded in C and indexed, so the search
 * index is always that of the committed text. */
#include "pg.h"
#include "store_internal.h"

#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gopy/buf.h"
#include "gopy/dburl.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/strmap.h"
#include "gopy/text.h"

struct pgstate {
	PGconn *conn;
	struct strmap prepared;     /* "types\nSQL" → number of its server-side statement */
	int64_t n_prepared;
	int streams;                /* cursors open */
	bool implicit;              /* the open transaction was opened for a cursor, to commit when
	                               the last one closes */
	char sqlstate[6];
	int fault;                  /* enum db_fault of the last failure */
	char message[512];          /* the server's message of the last failure, one line */
	int64_t changes;            /* rows the last INSERT, UPDATE or DELETE changed */
	/* live view and reconnecting (see "the connection" below) */
	bool listening;             /* LISTEN gopy_changes was sent on this connection */
	int64_t notified;           /* other sessions' committed writes seen so far */
	int64_t reconnects;         /* connections made again after the server went away */
	double last_attempt;        /* monotonic seconds of the last attempt to connect again */
	int pid;                    /* the server process of this connection's session, as the server
	                               names it (pg_backend_pid(): behind a pooler such as pgbouncer,
	                               libpq's PQbackendPID is the pooler's key, not a process) */
	char started[32];           /* when that process started (seconds since 1970, exact) */
	bool pooled;                /* a pooler stands between: PQbackendPID is not the process */
	int lost_pid;               /* the server process of the session lost (0: none to end) */
	char lost_started[32];      /* and when it started: the session, not a later one of that pid */
	char xid[24];               /* the tracked write transaction's id (store_track_commit) */
	bool owner, personal;       /* store_server_access, as the review was opened */
	char lock_timeout[256];     /* pg_begin_write's lock_timeout and NOTIFY */
	bool lock_pending;          /* the write transaction has not taken its lock yet (lock_late) */
	int64_t commits;            /* this session's own commits */
	struct strmap conflicts;    /* comment id (8 bytes) → its open conflicts (pg_conflicts_of) */
	int64_t conflicts_at;       /* the data version (and commits) they were read at; -1 none */
};

PGconn *pg_connection(struct store *st) { return st->pg->conn; }

bool pg_prepared_get(struct store *st, const char *key, size_t len, int64_t *n)
{
	return strmap_get(&st->pg->prepared, key, len, n);
}

void pg_prepared_put(struct store *st, const char *key, size_t len, int64_t n)
{
	strmap_put(&st->pg->prepared, key, len, n);
}

int64_t pg_prepared_next(struct store *st) { return ++st->pg->n_prepared; }

void pg_statement_name(struct store *st, int64_t n, char name[PG_NAME_MAX])
{
	/* named for this connection too (libpq's key of it: the process, or a pooler's random key),
	 * so that a statement can never be taken for another client's of the same number: behind a
	 * pooler that does not keep the session (transaction pooling), or one that hands the session
	 * on without DISCARD ALL, another's statement is then "not there", never run in its place */
	snprintf(name, PG_NAME_MAX, "gopy_%x_%lld", (unsigned)PQbackendPID(st->pg->conn), (long long)n);
}

const char *pg_sqlstate(const struct store *st) { return st->pg ? st->pg->sqlstate : ""; }

static const char *pg_path(struct store *st) { return st->path ? st->path : "?"; }

int pg_error(struct store *st, const void *pgresult, const char *doing)
{
	const PGresult *r = pgresult;
	struct pgstate *pg = st->pg;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	snprintf(pg->sqlstate, sizeof pg->sqlstate, "%s", state ? state : "");
	const char *constraint = r ? PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME) : NULL;
	size_t cl = constraint ? strlen(constraint) : 0;
	pg->fault = strcmp(pg->sqlstate, "23503") == 0 ? DB_FAULT_FOREIGN_KEY
	          : strcmp(pg->sqlstate, "23505") != 0 ? DB_FAULT_OTHER
	          : cl > 5 && strcmp(constraint + cl - 5, "_pkey") == 0 ? DB_FAULT_PRIMARY_KEY
	          : DB_FAULT_UNIQUE;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	if (!msg)
		msg = PQerrorMessage(pg->conn);
	/* one line: libpq's messages may end with a newline or carry details after one */
	snprintf(pg->message, sizeof pg->message, "%s", msg && *msg ? msg : "?");
	pg->message[strcspn(pg->message, "\n")] = '\0';
	return pg_describe(st, doing);
}

/* The value a write's first statement gives lock_timeout when its session is not the one
 * gopy opened (pg_begin_write): the server refuses it, with these words in its message. */
#define SESSION_NOT_KEPT "gopy-session-not-kept"

int pg_describe(struct store *st, const char *doing)
{
	struct pgstate *pg = st->pg;
	const char *line = pg->message;
	doing = _(doing);
	if (PQstatus(pg->conn) == CONNECTION_BAD || strncmp(pg->sqlstate, "08", 2) == 0 ||
	    strcmp(pg->sqlstate, "57P01") == 0)
		return err_set(_("%s: the connection to the database server was lost (%s)"), pg_path(st), line);
	if (strcmp(pg->sqlstate, "55P03") == 0 || strcmp(pg->sqlstate, "40P01") == 0)
		return err_set(_("%s: the database is locked by another gopy or program; try again"), pg_path(st));
	if (strcmp(pg->sqlstate, "25006") == 0 || strcmp(pg->sqlstate, "42501") == 0)
		return err_set(_("%s: the database is read-only for this role (%s)"), pg_path(st), line);
	if (strcmp(pg->sqlstate, "57014") == 0) /* a time limit of the server's, or its administrator */
		return err_set(_("%s: %s took longer than the server allows (statement_timeout) and was stopped; try "
		                 "again, or ask the database administrator to raise the limit"),
		               pg_path(st), doing);
	if (strcmp(pg->sqlstate, "53100") == 0)
		return err_set(_("%s: the disk is full; nothing was saved"), pg_path(st));
	/* a statement this session prepared is not there, or the write's check of the session's
	 * process failed (pg_begin_write): a pooler gave another client's session */
	if (strcmp(pg->sqlstate, "26000") == 0 || strcmp(pg->sqlstate, "42P05") == 0 || strstr(line, SESSION_NOT_KEPT))
		return err_set(_("%s: the connection pooler does not keep gopy's session (transaction pooling?); "
		                 "gopy needs session pooling (pgbouncer: pool_mode = session)"),
		               pg_path(st));
	return err_set(_("%s: %s failed: %s"), pg_path(st), doing, line);
}

int64_t pg_changes(struct store *st) { return st->pg->changes; }
void pg_note_changes(struct store *st, int64_t n) { st->pg->changes = n; }
bool pg_in_transaction(struct store *st) { return PQtransactionStatus(st->pg->conn) != PQTRANS_IDLE; }
int pg_last_fault(struct store *st) { return st->pg->fault; }
void pg_exec_quiet(struct store *st, const char *sql) { PQclear(PQexec(st->pg->conn, sql)); }

int pg_exec(struct store *st, const char *sql)
{
	if (pg_bulk_pending(st) && strstr(sql, "comment") && pg_bulk_flush(st) != 0)
		return -1;
	PGresult *r = PQexec(st->pg->conn, sql);
	ExecStatusType s = PQresultStatus(r);
	int rc = 0;
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
		rc = pg_error(st, r, N_("running SQL"));
	PQclear(r);
	return rc;
}

/* One integer from a query without parameters; -1 with err_set on failure. */
static int query_int(struct store *st, const char *sql, int64_t *v)
{
	PGresult *r = PQexec(st->pg->conn, sql);
	int rc = 0;
	if (PQresultStatus(r) != PGRES_TUPLES_OK)
		rc = pg_error(st, r, N_("reading the database"));
	else
		*v = PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? (*PQgetvalue(r, 0, 0) == 't' ? 1 : strtoll(PQgetvalue(r, 0, 0), NULL, 10)) : 0;
	PQclear(r);
	return rc;
}

static void ignore_notice(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* ---- transactions -------------------------------------------------------------------- */

#define LOCK_SQL "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK ")"

const char *db_lock_statement(struct store *st)
{
	if (!st->pg || !st->pg->lock_pending)
		return NULL;
	st->pg->lock_pending = false;
	return LOCK_SQL;
}

bool db_lock_pending(const struct store *st) { return st->pg && st->pg->lock_pending; }

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Wait until the connection's next result is in, without blocking: while the server keeps
 * this session in a lock's queue (first come, first served), the store's wait function hears
 * every tenth of a second how long it has waited since start, as SQLite's busy handler tells
 * it. When it says stop, the statement is cancelled (*stopped; the caller reports the
 * cancellation as a lock: pg_waited). -1 when the connection failed. */
int pg_wait_busy(struct store *st, double start, bool *stopped)
{
	struct pgstate *pg = st->pg;
	if (!st->wait_fn)
		return 0; /* PQgetResult blocks */
	while (PQisBusy(pg->conn)) {
		struct pollfd p = {.fd = PQsocket(pg->conn), .events = POLLIN};
		int n = poll(&p, 1, 100);
		if ((n < 0 && errno != EINTR) || (n > 0 && !PQconsumeInput(pg->conn)))
			return -1;
		if (n == 0 && !*stopped && !st->wait_fn(st->wait_ctx, (int)(monotonic() - start))) {
			PGcancel *k = PQgetCancel(pg->conn);
			char why[256];
			if (k) {
				PQcancel(k, why, (int)sizeof why);
				PQfreeCancel(k);
			}
			*stopped = true;
		}
	}
	return 0;
}

double pg_now(void) { return monotonic(); }

int pg_waited(struct store *st, int rc, bool stopped)
{
	if (rc != 0 && stopped && strcmp(st->pg->sqlstate, "57014") == 0) { /* cancelled: still locked */
		snprintf(st->pg->sqlstate, sizeof st->pg->sqlstate, "55P03");
		rc = pg_describe(st, N_("running SQL"));
	}
	return rc;
}

/* SQL that may wait for a lock (the write lock), sent without blocking (pg_wait_busy). */
static int exec_waiting(struct store *st, const char *sql)
{
	struct pgstate *pg = st->pg;
	if (!st->wait_fn)
		return pg_exec(st, sql);
	if (!PQsendQuery(pg->conn, sql))
		return pg_error(st, NULL, N_("running SQL"));
	bool stopped = false;
	int rc = pg_wait_busy(st, monotonic(), &stopped) != 0 ? pg_error(st, NULL, N_("running SQL")) : 0;
	for (PGresult *r; (r = PQgetResult(pg->conn)) != NULL; PQclear(r)) {
		ExecStatusType s = PQresultStatus(r);
		if (rc == 0 && s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
			rc = pg_error(st, r, N_("running SQL"));
	}
	return pg_waited(st, rc, stopped);
}

int pg_begin_write(struct store *st, const char **begin)
{
	struct pgstate *pg = st->pg;
	begin[0] = NULL;
	if (pg_alive(st) != 0)
		return -1;
	/* the transaction, how long to wait for the lock, the lock: sent with the first statement;
	 * every write tells the others' live views, at its commit (a rollback tells nobody): the
	 * lock's timeout and the NOTIFY in one statement */
	int timeout = st->wait_limit < 0 ? 0 : st->wait_limit * 1000 + 1;
	if (pg->pooled) /* through a pooler: the transaction must run in this session's own process,
		or it ends at once (a pooler in transaction mode hands each transaction to any) */
		snprintf(pg->lock_timeout, sizeof pg->lock_timeout,
		         "SELECT set_config('lock_timeout', CASE pg_backend_pid() WHEN %d THEN '%d' ELSE '" SESSION_NOT_KEPT
		         "' END, true), pg_notify('" PG_CHANNEL "', '')",
		         pg->pid, timeout);
	else
		snprintf(pg->lock_timeout, sizeof pg->lock_timeout,
		         "SELECT set_config('lock_timeout', '%d', true), pg_notify('" PG_CHANNEL "', '')", timeout);
	int n = 0;
	if (pg->implicit) { /* a list's cursor holds a transaction: the write joins it, under the same
		lock as any other (its statements see what others committed: pg_stream_begin) */
		st->lock_late = false;
		begin[n++] = "SAVEPOINT gopy_write";
		begin[n++] = pg->lock_timeout;
		begin[n++] = LOCK_SQL;
		begin[n] = NULL;
		return 0;
	}
	begin[n++] = "BEGIN";
	begin[n++] = pg->lock_timeout;
	/* (a new session's first write compiles comment's triggers under the lock, once: a warm-up
	 * before the lock, a comment inserted and taken back, cost a new session more of the
	 * server's time than it saved the writers waiting; tests/bench/PG.md, "Writers, sixth round") */
	pg->lock_pending = st->lock_late; /* taken later, with the statement that needs it */
	st->lock_late = false;
	if (!pg->lock_pending)
		begin[n++] = LOCK_SQL;
	begin[n] = NULL;
	return 0;
}

/* A write transaction of the engine's own (schema changes): opened at once. */
static int begin_now(struct store *st)
{
	const char *begin[PG_BEFORE_MAX + 1];
	if (pg_begin_write(st, begin) != 0)
		return -1;
	for (int i = 0; begin[i]; i++)
		if (exec_waiting(st, begin[i]) != 0) {
			pg_rollback(st);
			return -1;
		}
	return 0;
}

bool pg_commit_statements(struct store *st, const char *last, const char **end, bool unlocked)
{
	if (st->pg->implicit)
		return false;
	int n = 0;
	if (unlocked) /* (the disk is waited for below, by a transaction that holds no lock) */
		end[n++] = "SET LOCAL synchronous_commit = off";
	if (last)
		end[n++] = last;
	end[n++] = "COMMIT";
	/* A commit that writes the log waits for it to be on disk, up to its end: a statement that
	 * writes the log and leaves nothing behind (no row another writer would read past: the
	 * sequence of migration 13), in a transaction of its own that the round trip's end commits. */
	if (unlocked)
		end[n++] = "SELECT setval('flush_mark', 1)";
	end[n] = NULL;
	return true;
}

void pg_committed(struct store *st)
{
	st->pg->lock_pending = false;
	st->pg->commits++;
}

int pg_commit(struct store *st, const char *last)
{
	struct pgstate *pg = st->pg;
	struct buf sql = {0};
	if (last)
		buf_printf(&sql, "%s; ", last);
	buf_puts(&sql, pg->implicit && pg->streams > 0 ? "RELEASE SAVEPOINT gopy_write" : "COMMIT");
	int rc = pg_exec(st, sql.data);
	buf_free(&sql);
	if (rc == 0) /* (a commit whose answer was lost keeps its number: pg_commit_landed) */
		pg->xid[0] = '\0';
	pg->lock_pending = false;
	pg->commits++;
	if (!(pg->implicit && pg->streams > 0))
		pg->implicit = false;
	return rc;
}

void pg_rollback(struct store *st)
{
	struct pgstate *pg = st->pg;
	pg->lock_pending = false;
	if (pg->implicit && pg->streams > 0) {
		pg_exec(st, "ROLLBACK TO SAVEPOINT gopy_write");
		return;
	}
	PQclear(PQexec(pg->conn, "ROLLBACK"));
	pg->implicit = false;
}

int pg_stream_begin(struct store *st, const char **begin)
{
	struct pgstate *pg = st->pg;
	*begin = NULL;
	/* READ COMMITTED: each cursor reads from its DECLARE's snapshot, and a write made while one
	 * is open (pg_begin_write) sees, once it holds the write lock, every comment committed
	 * meanwhile, as it would outside the list; an older snapshot would place it where another
	 * writer's comment already is */
	if (PQtransactionStatus(pg->conn) == PQTRANS_IDLE) {
		*begin = "BEGIN ISOLATION LEVEL READ COMMITTED";
		pg->implicit = true;
	}
	return ++pg->streams;
}

int pg_stream_end(struct store *st, const char *close_sql)
{
	struct pgstate *pg = st->pg;
	int rc = 0;
	if (pg->streams > 0)
		pg->streams--;
	bool in = PQtransactionStatus(pg->conn) == PQTRANS_INTRANS;
	if (pg->streams == 0 && pg->implicit) { /* the end of the transaction closes the cursor */
		if (PQtransactionStatus(pg->conn) != PQTRANS_IDLE && pg_exec(st, in ? "COMMIT" : "ROLLBACK") != 0)
			rc = -1;
		pg->implicit = false;
	} else if (in) {
		rc = pg_exec(st, close_sql);
	}
	return rc;
}

/* ---- search vectors ------------------------------------------------------------------ */

/* text as an element of an array literal: "…" with \ and " escaped */
static void array_item(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}


/* Rows of seq and body: their seqs and folded bodies as two array literals. */
static void fold_batch(const PGresult *r, struct buf *seqs, struct buf *words)
{
	buf_putc(seqs, '{');
	buf_putc(words, '{');
	for (int i = 0; i < PQntuples(r); i++) {
		if (i) {
			buf_putc(seqs, ',');
			buf_putc(words, ',');
		}
		buf_puts(seqs, PQgetvalue(r, i, 0));
		char *folded = text_fold(PQgetvalue(r, i, 1), (size_t)PQgetlength(r, i, 1));
		array_item(words, folded);
		free(folded);
	}
	buf_putc(seqs, '}');
	buf_putc(words, '}');
}

#define BATCH_ROWS 500
#define BATCH_LIMIT " LIMIT 500"

/* Run sql (a query of seq, body: the next batch after $1, at most BATCH_ROWS) and then, on
 * its rows folded, per_batch ($1 the seqs, $2 the folded bodies), until a batch comes back empty. found(ctx,
 * row) is told each row per_batch returns. */
static int each_batch(struct store *st, const char *sql, const char *per_batch, const char *doing,
                      void (*found)(void *ctx, const PGresult *r, int row), void *ctx)
{
	char last[24] = "0";
	for (;;) {
		const char *v1[1] = {last};
		PGresult *r = PQexecParams(st->pg->conn, sql, 1, NULL, v1, NULL, NULL, 0);
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			int rc = pg_error(st, r, doing);
			PQclear(r);
			return rc;
		}
		int n = PQntuples(r);
		if (n == 0) {
			PQclear(r);
			return 0;
		}
		snprintf(last, sizeof last, "%s", PQgetvalue(r, n - 1, 0));
		struct buf seqs = {0}, words = {0};
		fold_batch(r, &seqs, &words);
		PQclear(r);
		const char *values[2] = {seqs.data, words.data};
		r = PQexecParams(st->pg->conn, per_batch, 2, NULL, values, NULL, NULL, 0);
		buf_free(&seqs);
		buf_free(&words);
		ExecStatusType s = PQresultStatus(r);
		int rc = s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? 0 : pg_error(st, r, doing);
		for (int i = 0; rc == 0 && found && i < PQntuples(r); i++)
			found(ctx, r, i);
		PQclear(r);
		if (rc != 0 || n < BATCH_ROWS) /* a short batch was the last */
			return rc;
	}
}

int pg_index_pending(struct store *st, int64_t since_seq)
{
	(void)since_seq;
	return each_batch(st,
	                  "SELECT seq, body FROM comment WHERE search IS NULL AND seq > $1::bigint ORDER BY seq" BATCH_LIMIT,
	                  "UPDATE comment c SET search = to_tsvector('simple', v.words) "
	                  "FROM unnest($1::bigint[], $2::text[]) AS v(seq, words) WHERE c.seq = v.seq",
	                  N_("indexing comments for search"), NULL, NULL);
}

struct check_ctx {
	struct buf *report;
	int problems;
};

static void search_mismatch(void *ctx, const PGresult *r, int row)
{
	struct check_ctx *c = ctx;
	if (c->problems++ < 20)
		buf_printf(c->report, _("search: comment %s is not indexed as its text reads (it is indexed again at the "
		                        "next write)\n"), PQgetvalue(r, row, 0));
}

int pg_search_check(struct store *st, struct buf *report)
{
	struct check_ctx c = {report, 0};
	if (each_batch(st, "SELECT seq, body FROM comment WHERE seq > $1::bigint ORDER BY seq" BATCH_LIMIT,
	               "SELECT c.id FROM unnest($1::bigint[], $2::text[]) AS v(seq, words) JOIN comment c ON c.seq = v.seq "
	               "WHERE c.search IS DISTINCT FROM to_tsvector('simple', v.words) ORDER BY c.seq",
	               N_("checking the search index"), search_mismatch, &c) != 0)
		return -1;
	return c.problems;
}

/* ---- the connection: live view, and connecting again ------------------------------------ */

/* The session's settings, on a new connection and on one made again, and which server process
 * runs it (pg->pid, pg->started, pg->pooled); then, in the same round trip and the same row,
 * the columns (and what they join) of the query whose result the caller wants in *out, from
 * its column 2 on (NULL when it wants none). */
#define SESSION_SETTINGS "SET search_path = " PG_SCHEMA "; SET client_min_messages = warning; " \
	"SET standard_conforming_strings = on; SET jit = off; " /* gopy's queries are small or read in batches:
	compiling one (JIT) costs more than it saves */ \
	"SET gopy.at = ''; SET gopy.os_user = ''; SET gopy.delegate_id = ''" /* who writes a comment, for
	comment_added: only ever set by gopy's own insert for its transaction (WITH_SESSION), never a
	default of the database, the role or the connection's options (then an import's comments would
	be logged, and a reply's audit_session row read past for someone else) */

static int session_settings(struct store *st, const char *columns, const char *join, PGresult **out)
{
	struct pgstate *pg = st->pg;
	/* the connection asked for UTF-8 (pg_connect): no round trip when the server agreed */
	if (strcmp(pg_encoding_to_char(PQclientEncoding(pg->conn)), "UTF8") != 0 &&
	    PQsetClientEncoding(pg->conn, "UTF8") != 0)
		return err_set(_("%s: the server cannot speak UTF-8"), pg_path(st));
	struct buf sql = {0};
	buf_printf(&sql, "%s; SELECT a.pid, extract(epoch FROM a.backend_start)%s%s "
	           "FROM pg_stat_get_activity(pg_backend_pid()) AS a %s",
	           SESSION_SETTINGS, columns ? ", " : "", columns ? columns : "", join ? join : "");
	PGresult *r = PQexec(pg->conn, sql.data);
	buf_free(&sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 || PQgetisnull(r, 0, 0)) {
		int rc = pg_error(st, r, N_("reading the database"));
		PQclear(r);
		return rc;
	}
	pg->pid = atoi(PQgetvalue(r, 0, 0));
	snprintf(pg->started, sizeof pg->started, "%s", PQgetvalue(r, 0, 1));
	pg->pooled = pg->pid != PQbackendPID(pg->conn);
	if (out)
		*out = r;
	else
		PQclear(r);
	return 0;
}

int pg_alive(struct store *st)
{
	struct pgstate *pg = st->pg;
	/* a server that went away while the session was idle closed its end: reading what is
	 * waiting (no round trip) finds that out, so this write reconnects instead of failing */
	if (PQstatus(pg->conn) == CONNECTION_OK && PQconsumeInput(pg->conn) && PQstatus(pg->conn) == CONNECTION_OK)
		return 0;
	/* no more than one attempt a second: one asked sooner waits for the rest of the second and
	 * tries (a writer's next comment, a save just after the live view's try: refusing it would
	 * lose it even when the server is back by then) */
	double now = monotonic();
	if (pg->last_attempt > 0 && now - pg->last_attempt < 1.0) {
		double rest = 1.0 - (now - pg->last_attempt);
		struct timespec ts = {0, (long)(rest * 1e9)};
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		now = monotonic();
	}
	pg->last_attempt = now;
	if (!pg->lost_pid) { /* (a failed attempt leaves no session behind) */
		pg->lost_pid = pg->pid;
		memcpy(pg->lost_started, pg->started, sizeof pg->started);
	}
	pg->pid = 0;
	PQreset(pg->conn);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		char line[512];
		snprintf(line, sizeof line, "%s", PQerrorMessage(pg->conn));
		line[strcspn(line, "\n")] = '\0';
		return err_set(_("%s: the database server is not answering (%s); gopy connects again when it is back"),
		               pg_path(st), line);
	}
	/* a new session: what the old one prepared, opened and set is gone */
	strmap_free(&pg->prepared);
	pg->conflicts_at = -1;
	pg->streams = 0;
	pg->implicit = false;
	if (session_settings(st, NULL, NULL, NULL) != 0 ||
	    (st->readonly && pg_exec(st, "SET default_transaction_read_only = on") != 0) ||
	    (pg->listening && pg_exec(st, "LISTEN " PG_CHANNEL) != 0))
		return -1;
	pg->reconnects++;
	return 0;
}

bool pg_connection_lost(struct store *st) { return PQstatus(st->pg->conn) != CONNECTION_OK; }

int pg_end_lost_session(struct store *st)
{
	struct pgstate *pg = st->pg;
	if (pg_alive(st) != 0)
		return -1;
	if (!pg->lost_pid)
		return 0;
	/* that session: the same role's process of that number that started when it did (not a
	 * later one given the number, nor, behind a pooler, another client's: the number is the
	 * server's own, pg_backend_pid), ended; waited for up to a minute */
	char pid[16];
	snprintf(pid, sizeof pid, "%d", pg->lost_pid);
	const char *v[2] = {pid, pg->lost_started};
	PGresult *r = PQexecParams(pg->conn,
	                           "SELECT pg_terminate_backend(a.pid, 60000) FROM pg_stat_get_activity($1::integer) AS a "
	                           "WHERE a.usesysid = (SELECT oid FROM pg_roles WHERE rolname = session_user) "
	                           "AND extract(epoch FROM a.backend_start) = $2::numeric",
	                           2, NULL, v, NULL, NULL, 0);
	int rc = PQresultStatus(r) == PGRES_TUPLES_OK ? 0 : pg_error(st, r, N_("ending the lost session"));
	PQclear(r);
	if (rc == 0)
		pg->lost_pid = 0;
	return rc;
}

int pg_track_commit(struct store *st)
{
	PGresult *r = PQexec(st->pg->conn, "SELECT pg_current_xact_id()");
	int rc = 0;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		rc = pg_error(st, r, N_("reading the transaction's number"));
	else
		snprintf(st->pg->xid, sizeof st->pg->xid, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return rc;
}

bool pg_commit_tracked(const struct store *st) { return st->pg->xid[0] != '\0'; }

void pg_forget_commit(struct store *st) { st->pg->xid[0] = '\0'; }

int pg_commit_landed(struct store *st)
{
	struct pgstate *pg = st->pg;
	if (!pg->xid[0])
		return err_set(_("%s: no commit to look for"), pg_path(st));
	if (pg_end_lost_session(st) != 0)
		return -1;
	const char *v[1] = {pg->xid};
	PGresult *r = PQexecParams(pg->conn, "SELECT pg_xact_status($1::xid8)", 1, NULL, v, NULL, NULL, 0);
	int rc;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1)
		rc = pg_error(st, r, N_("reading the transaction's number"));
	else if (strcmp(PQgetvalue(r, 0, 0), "committed") == 0)
		rc = 1;
	else if (strcmp(PQgetvalue(r, 0, 0), "aborted") == 0)
		rc = 0;
	else /* too old to know (NULL), or still running: the session was ended, so not that */
		rc = err_set(_("%s: the server no longer knows whether the change was committed"), pg_path(st));
	PQclear(r);
	if (rc >= 0)
		pg->xid[0] = '\0';
	return rc;
}

int pg_notify_fd(struct store *st)
{
	return PQstatus(st->pg->conn) == CONNECTION_OK && st->pg->listening ? PQsocket(st->pg->conn) : -1;
}

int64_t pg_data_version(struct store *st)
{
	struct pgstate *pg = st->pg;
	if (pg_alive(st) != 0)
		return -1;
	if (!pg->listening) {
		if (pg_exec(st, "LISTEN " PG_CHANNEL) != 0)
			return -1;
		pg->listening = true;
	}
	/* no query: only what the server sent (notifications of others' commits) is read */
	if (!PQconsumeInput(pg->conn)) {
		pg_error(st, NULL, N_("reading the server's news"));
		return -1;
	}
	for (PGnotify *n; (n = PQnotifies(pg->conn)) != NULL; PQfreemem(n))
		if (n->be_pid != pg->pid) /* (the server's number of the writer's process) */
			pg->notified++;
	return pg->notified + (pg->reconnects << 32);
}

int pg_conflicts_of(struct store *st, int64_t comment_id, int64_t *n)
{
	struct pgstate *pg = st->pg;
	if (!pg->listening)
		return 1; /* no news of others' writes here: the caller asks the server */
	int64_t at = pg_data_version(st);
	if (at < 0)
		return -1;
	at += pg->commits << 40;
	if (at != pg->conflicts_at) {
		PGresult *r = PQexec(pg->conn, "SELECT comment_id, count(*) FROM conflict WHERE settled_at IS NULL "
		                               "AND comment_id IS NOT NULL GROUP BY comment_id");
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			int rc = pg_error(st, r, N_("reading the conflicts"));
			PQclear(r);
			return rc;
		}
		strmap_free(&pg->conflicts);
		memset(&pg->conflicts, 0, sizeof pg->conflicts);
		for (int i = 0; i < PQntuples(r); i++) {
			int64_t id = strtoll(PQgetvalue(r, i, 0), NULL, 10);
			strmap_put(&pg->conflicts, (const char *)&id, sizeof id, strtoll(PQgetvalue(r, i, 1), NULL, 10));
		}
		PQclear(r);
		pg->conflicts_at = at;
	}
	if (!strmap_get(&pg->conflicts, (const char *)&comment_id, sizeof comment_id, n))
		*n = 0;
	return 0;
}

bool store_on_server(const struct store *st) { return st->pg != NULL; }

int store_server_access(struct store *st, bool *owner, bool *personal)
{
	*owner = st->pg->owner; /* read as the review was opened (setup) */
	*personal = st->pg->personal;
	return 0;
}

/* ---- open ---------------------------------------------------------------------------- */

static int migrate(struct store *st, int from)
{
	for (int v = from; v < pg_n_migrations; v++)
		for (const char *const *step = pg_migrations[v]; *step; step++)
			if (pg_exec(st, *step) != 0)
				return err_prefix(_("migration %d"), v + 1);
	char sql[128];
	snprintf(sql, sizeof sql, "DELETE FROM meta; INSERT INTO meta VALUES (%d, %d)", GOPY_APPLICATION_ID,
	         pg_n_migrations);
	return pg_exec(st, sql);
}

/* Who may use the review (store_server_access): the role owns the schema; and nobody else
 * may use it. */
#define ACCESS_SQL "SELECT pg_has_role(n.nspowner, 'USAGE') AS owner, NOT EXISTS (SELECT 1 FROM pg_roles o " \
	"WHERE o.rolcanlogin AND NOT o.rolsuper AND NOT pg_has_role(o.oid, n.nspowner, 'USAGE') AND " \
	"has_schema_privilege(o.oid, n.oid, 'USAGE')) AS personal FROM pg_namespace n WHERE n.nspname = '" PG_SCHEMA "'"

static int read_access(struct store *st)
{
	PGresult *r = PQexec(st->pg->conn, ACCESS_SQL);
	int rc = 0;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		rc = pg_error(st, r, N_("reading who may use the review"));
	} else {
		st->pg->owner = *PQgetvalue(r, 0, 0) == 't';
		st->pg->personal = st->pg->owner && *PQgetvalue(r, 0, 1) == 't';
	}
	PQclear(r);
	return rc;
}

static int setup(struct store *st, int flags)
{
	/* one round trip for the settings and what the schema is (and may this role write) */
	PGresult *r;
	if (session_settings(st,
	                     "EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '" PG_SCHEMA "'), "
	                     "to_regclass('" PG_SCHEMA ".meta') IS NOT NULL, "
	                     "coalesce(has_table_privilege(to_regclass('" PG_SCHEMA ".comment'), 'INSERT'), true), "
	                     "acc.owner, acc.personal", "LEFT JOIN (" ACCESS_SQL ") AS acc ON true", &r) != 0)
		return -1;
	bool has_schema = *PQgetvalue(r, 0, 2) == 't', has_meta = *PQgetvalue(r, 0, 3) == 't';
	bool can_write = *PQgetvalue(r, 0, 4) == 't';
	st->pg->owner = *PQgetvalue(r, 0, 5) == 't';
	st->pg->personal = st->pg->owner && *PQgetvalue(r, 0, 6) == 't';
	PQclear(r);
	if (flags & STORE_CREATE) {
		if (has_schema)
			return err_set(_("%s already holds a gopy review (schema %s); not overwriting it"), pg_path(st),
			               PG_SCHEMA);
		if (begin_now(st) != 0)
			return -1;
		if (pg_exec(st, "CREATE SCHEMA " PG_SCHEMA) != 0 || migrate(st, 0) != 0) {
			char keep[1024];
			snprintf(keep, sizeof keep, "%s", err_msg());
			pg_rollback(st);
			return err_set(_("%s: cannot create the review: %s"), pg_path(st), keep);
		}
		if (flags & STORE_CREATE_HELD) { /* the caller's transaction now (store_commit ends it) */
			st->tx_depth = 1;
			st->writes++;
			return read_access(st);
		}
		return pg_commit(st, NULL) != 0 ? -1 : read_access(st);
	}
	if (!has_schema)
		return err_set(_("%s: no such database (create one with 'gopy init %s')"), pg_path(st), pg_path(st));
	int64_t app = 0, ver = 0;
	if (has_meta) {
		r = PQexec(st->pg->conn, "SELECT application_id, schema_version FROM meta");
		if (PQresultStatus(r) != PGRES_TUPLES_OK) {
			int rc = pg_error(st, r, N_("reading the database"));
			PQclear(r);
			return rc;
		}
		if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) && !PQgetisnull(r, 0, 1)) {
			app = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
			ver = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
		}
		PQclear(r);
	}
	if (!has_meta || app != GOPY_APPLICATION_ID)
		return err_set(_("%s: not a gopy database (a PostgreSQL schema %s of another program)"), pg_path(st),
		               PG_SCHEMA);
	if (ver <= 0)
		return err_set(_("%s: damaged or not a gopy schema (schema version %lld); the file was not changed"),
		               pg_path(st), (long long)ver);
	if (ver > pg_n_migrations)
		return err_set(_("%s was written by a newer gopy (schema %lld; this gopy knows up to %d); upgrade gopy"),
		               pg_path(st), (long long)ver, pg_n_migrations);
	/* a role that may not write opens the review read-only */
	if (!can_write)
		st->readonly = true;
	if (ver < pg_n_migrations) {
		if (st->readonly)
			return err_set(_("%s needs upgrading to schema %d; open it once with write access"), pg_path(st),
			               pg_n_migrations);
		if (begin_now(st) != 0)
			return -1;
		/* another gopy may have migrated it while this one waited for the lock */
		if (query_int(st, "SELECT schema_version FROM meta", &ver) != 0 || migrate(st, (int)ver) != 0) {
			char keep[1024];
			snprintf(keep, sizeof keep, "%s", err_msg());
			pg_rollback(st);
			return err_set(_("cannot upgrade the database: %s"), keep);
		}
		if (pg_commit(st, NULL) != 0)
			return -1;
	}
	return 0;
}

static int pg_connect(struct store *st, const char *url)
{
	st->pg = xcalloc(1, sizeof *st->pg);
	st->pg->conflicts_at = -1;
	/* a password written into the URL was taken out of it as gopy started (dburl.h): libpq
	 * gets it beside the URL, never in text that could be shown */
	const char *keys[] = {"dbname", "password", "client_encoding", NULL};
	const char *values[] = {url, dburl_password(url), "UTF8", NULL};
	st->pg->conn = PQconnectdbParams(keys, values, 1);
	if (!st->pg->conn)
		return err_set(_("%s: cannot connect: out of memory"), pg_path(st));
	PQsetNoticeProcessor(st->pg->conn, ignore_notice, NULL);
	if (PQstatus(st->pg->conn) != CONNECTION_OK) {
		char line[512];
		snprintf(line, sizeof line, "%s", PQerrorMessage(st->pg->conn));
		line[strcspn(line, "\n")] = '\0';
		return err_set(_("%s: cannot connect to the database server: %s"), pg_path(st), line);
	}
	return 0; /* the session's settings and its process: setup (session_settings) */
}

int pg_open(struct store *st, const char *url, int flags)
{
	st->wait_limit = STORE_DEFAULT_WAIT;
	st->readonly = (flags & STORE_READONLY) != 0;
	if (pg_connect(st, url) != 0 || setup(st, flags) != 0)
		return -1;
	if (st->readonly)
		return pg_exec(st, "SET default_transaction_read_only = on");
	return 0;
}

int pg_probe(const char *url)
{
	struct store st = {0};
	st.path = dburl_redact(url);
	int rc = -1;
	if (pg_connect(&st, url) == 0) {
		int64_t n;
		if (query_int(&st, "SELECT count(*) FROM pg_namespace WHERE nspname = '" PG_SCHEMA "'", &n) == 0)
			rc = n > 0;
	}
	pg_close(&st);
	free(st.path);
	return rc;
}

bool pg_server_away(const char *url)
{
	const char *keys[] = {"dbname", "password", NULL};
	const char *values[] = {url, dburl_password(url), NULL};
	PGPing p = PQpingParams(keys, values, 1);
	return p == PQPING_NO_RESPONSE || p == PQPING_REJECT;
}

void pg_close(struct store *st)
{
	if (!st->pg)
		return;
	if (st->pg->conn) {
		if (PQtransactionStatus(st->pg->conn) != PQTRANS_IDLE)
			PQclear(PQexec(st->pg->conn, "ROLLBACK"));
		/* no news may reach the session once gopy has left it: a pooler (pgbouncer 1.18, session
		 * pooling) that gets a notification for a client gone hands the next client an answer
		 * that is not its own */
		if (st->pg->listening && PQstatus(st->pg->conn) == CONNECTION_OK)
			PQclear(PQexec(st->pg->conn, "UNLISTEN *"));
		PQfinish(st->pg->conn);
	}
	strmap_free(&st->pg->prepared);
	strmap_free(&st->pg->conflicts);
	free(st->pg);
	st->pg = NULL;
}
