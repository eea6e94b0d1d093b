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
	if (strcmp(pg->sqlstate, "53100") == 0)
		return err_set(_("%s: the disk is full; nothing was saved"), pg_path(st));
	return err_set(_("%s: %s failed: %s"), pg_path(st), doing, line);
}

int64_t pg_changes(struct store *st) { return st->pg->changes; }
void pg_note_changes(struct store *st, int64_t n) { st->pg->changes = n; }
bool pg_in_transaction(struct store *st) { return PQtransactionStatus(st->pg->conn) != PQTRANS_IDLE; }
int pg_last_fault(struct store *st) { return st->pg->fault; }
void pg_exec_quiet(struct store *st, const char *sql) { PQclear(PQexec(st->pg->conn, sql)); }

int pg_exec(struct store *st, const char *sql)
{
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

static int lock_timeout(struct store *st)
{
	char sql[64];
	snprintf(sql, sizeof sql, "SET LOCAL lock_timeout = %d", st->wait_limit < 0 ? 0 : st->wait_limit * 1000 + 1);
	return pg_exec(st, sql);
}

static double monotonic_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* SQL that may wait for a lock (the write lock), sent without blocking: while the server keeps
 * this session in the lock's queue (first come, first served), the store's wait function hears
 * every tenth of a second how long it has waited, as SQLite's busy handler tells it. When it
 * says stop, the statement is cancelled and the wait reported as a lock (lock_timeout, the
 * store's limit, ends it on the server's side). Without a wait function: pg_exec. */
static int exec_waiting(struct store *st, const char *sql)
{
	struct pgstate *pg = st->pg;
	if (!st->wait_fn)
		return pg_exec(st, sql);
	if (!PQsendQuery(pg->conn, sql))
		return pg_error(st, NULL, N_("running SQL"));
	double start = monotonic_now();
	bool stopped = false, lost = false;
	while (PQisBusy(pg->conn)) {
		struct pollfd p = {.fd = PQsocket(pg->conn), .events = POLLIN};
		int n = poll(&p, 1, 100);
		if ((n < 0 && errno != EINTR) || (n > 0 && !PQconsumeInput(pg->conn))) {
			lost = true;
			break;
		}
		if (n == 0 && !stopped && !st->wait_fn(st->wait_ctx, (int)(monotonic_now() - start))) {
			PGcancel *k = PQgetCancel(pg->conn);
			char why[256];
			if (k) {
				PQcancel(k, why, (int)sizeof why);
				PQfreeCancel(k);
			}
			stopped = true;
		}
	}
	int rc = lost ? pg_error(st, NULL, N_("running SQL")) : 0;
	for (PGresult *r; (r = PQgetResult(pg->conn)) != NULL; PQclear(r)) {
		ExecStatusType s = PQresultStatus(r);
		if (rc == 0 && s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK && s != PGRES_EMPTY_QUERY)
			rc = pg_error(st, r, N_("running SQL"));
	}
	if (rc != 0 && stopped && strcmp(pg->sqlstate, "57014") == 0) { /* cancelled: still locked */
		snprintf(pg->sqlstate, sizeof pg->sqlstate, "55P03");
		rc = pg_describe(st, N_("running SQL"));
	}
	return rc;
}

int pg_begin_write(struct store *st)
{
	struct pgstate *pg = st->pg;
	if (pg_alive(st) != 0)
		return -1;
	/* every write tells the others' live views, at its commit (a rollback tells nobody) */
	if (pg->implicit) /* a list's cursor holds a transaction: the write joins it */
		return pg_exec(st, "SAVEPOINT gopy_write; NOTIFY " PG_CHANNEL);
	if (pg_exec(st, "BEGIN") != 0)
		return -1;
	if (lock_timeout(st) != 0 ||
	    exec_waiting(st, "SELECT pg_advisory_xact_lock(" PG_WRITE_LOCK "); NOTIFY " PG_CHANNEL) != 0) {
		pg_rollback(st);
		return -1;
	}
	return 0;
}

int pg_commit(struct store *st)
{
	struct pgstate *pg = st->pg;
	if (pg->implicit && pg->streams > 0)
		return pg_exec(st, "RELEASE SAVEPOINT gopy_write");
	int rc = pg_exec(st, "COMMIT");
	pg->implicit = false;
	return rc;
}

void pg_rollback(struct store *st)
{
	struct pgstate *pg = st->pg;
	if (pg->implicit && pg->streams > 0) {
		pg_exec(st, "ROLLBACK TO SAVEPOINT gopy_write");
		return;
	}
	PQclear(PQexec(pg->conn, "ROLLBACK"));
	pg->implicit = false;
}

int pg_stream_begin(struct store *st)
{
	struct pgstate *pg = st->pg;
	if (PQtransactionStatus(pg->conn) == PQTRANS_IDLE) {
		if (pg_exec(st, "BEGIN ISOLATION LEVEL REPEATABLE READ") != 0)
			return -1;
		pg->implicit = true;
	}
	return ++pg->streams;
}

int pg_stream_end(struct store *st, const char *close_sql)
{
	struct pgstate *pg = st->pg;
	int rc = 0;
	if (PQtransactionStatus(pg->conn) == PQTRANS_INTRANS)
		rc = pg_exec(st, close_sql);
	if (pg->streams > 0)
		pg->streams--;
	if (pg->streams == 0 && pg->implicit) {
		if (pg_exec(st, PQtransactionStatus(pg->conn) == PQTRANS_INTRANS ? "COMMIT" : "ROLLBACK") != 0)
			rc = -1;
		pg->implicit = false;
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


int pg_index_needed(struct store *st)
{
	int64_t v;
	if (query_int(st, "SELECT EXISTS (SELECT 1 FROM comment WHERE search IS NULL)", &v) != 0)
		return -1;
	return v != 0;
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

/* Run sql (a query of seq, body: the next batch after $1) and then, on its rows folded,
 * per_batch ($1 the seqs, $2 the folded bodies), until a batch comes back empty. found(ctx,
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
		if (rc != 0)
			return rc;
	}
}

int pg_index_pending(struct store *st, int64_t since_seq)
{
	(void)since_seq;
	return each_batch(st,
	                  "SELECT seq, body FROM comment WHERE search IS NULL AND seq > $1::bigint ORDER BY seq LIMIT 500",
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
	if (each_batch(st, "SELECT seq, body FROM comment WHERE seq > $1::bigint ORDER BY seq LIMIT 500",
	               "SELECT c.id FROM unnest($1::bigint[], $2::text[]) AS v(seq, words) JOIN comment c ON c.seq = v.seq "
	               "WHERE c.search IS DISTINCT FROM to_tsvector('simple', v.words) ORDER BY c.seq",
	               N_("checking the search index"), search_mismatch, &c) != 0)
		return -1;
	return c.problems;
}

/* ---- the connection: live view, and connecting again ------------------------------------ */

/* The session's settings: on a new connection, and on one made again. */
static int session_settings(struct store *st)
{
	if (PQsetClientEncoding(st->pg->conn, "UTF8") != 0)
		return err_set(_("%s: the server cannot speak UTF-8"), pg_path(st));
	return pg_exec(st, "SET search_path = " PG_SCHEMA "; SET client_min_messages = warning; "
	                   "SET standard_conforming_strings = on");
}

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int pg_alive(struct store *st)
{
	struct pgstate *pg = st->pg;
	if (PQstatus(pg->conn) == CONNECTION_OK)
		return 0;
	/* no more than one attempt a second: the interface asks every second, a command once */
	double now = monotonic();
	if (pg->last_attempt > 0 && now - pg->last_attempt < 1.0)
		return err_set(_("%s: the database server is not answering; gopy connects again when it is back"),
		               pg_path(st));
	pg->last_attempt = now;
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
	pg->streams = 0;
	pg->implicit = false;
	if (session_settings(st) != 0 ||
	    (st->readonly && pg_exec(st, "SET default_transaction_read_only = on") != 0) ||
	    (pg->listening && pg_exec(st, "LISTEN " PG_CHANNEL) != 0))
		return -1;
	pg->reconnects++;
	return 0;
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
		if (n->be_pid != PQbackendPID(pg->conn))
			pg->notified++;
	return pg->notified + (pg->reconnects << 32);
}

bool store_on_server(const struct store *st) { return st->pg != NULL; }

int store_server_access(struct store *st, bool *owner, bool *personal)
{
	PGresult *r = PQexec(st->pg->conn,
		"SELECT pg_has_role(n.nspowner, 'USAGE'), NOT EXISTS (SELECT 1 FROM pg_roles o WHERE o.rolcanlogin AND NOT o.rolsuper "
		"AND NOT pg_has_role(o.oid, n.nspowner, 'USAGE') AND has_schema_privilege(o.oid, n.oid, 'USAGE')) "
		"FROM pg_namespace n WHERE n.nspname = '" PG_SCHEMA "'");
	int rc = 0;
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		rc = pg_error(st, r, N_("reading who may use the review"));
	} else {
		*owner = *PQgetvalue(r, 0, 0) == 't';
		*personal = *owner && *PQgetvalue(r, 0, 1) == 't';
	}
	PQclear(r);
	return rc;
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

static int setup(struct store *st, int flags)
{
	int64_t has_schema, has_meta;
	if (session_settings(st) != 0 ||
	    query_int(st, "SELECT count(*) FROM pg_namespace WHERE nspname = '" PG_SCHEMA "'", &has_schema) != 0 ||
	    query_int(st, "SELECT to_regclass('" PG_SCHEMA ".meta') IS NOT NULL", &has_meta) != 0)
		return -1;
	if (flags & STORE_CREATE) {
		if (has_schema)
			return err_set(_("%s already holds a gopy review (schema %s); not overwriting it"), pg_path(st),
			               PG_SCHEMA);
		if (pg_begin_write(st) != 0)
			return -1;
		if (pg_exec(st, "CREATE SCHEMA " PG_SCHEMA) != 0 || migrate(st, 0) != 0) {
			char keep[1024];
			snprintf(keep, sizeof keep, "%s", err_msg());
			pg_rollback(st);
			return err_set(_("%s: cannot create the review: %s"), pg_path(st), keep);
		}
		return pg_commit(st);
	}
	if (!has_schema)
		return err_set(_("%s: no such database (create one with 'gopy init %s')"), pg_path(st), pg_path(st));
	int64_t app = 0, ver = 0;
	if (has_meta && (query_int(st, "SELECT application_id FROM meta", &app) != 0 ||
	                 query_int(st, "SELECT schema_version FROM meta", &ver) != 0))
		return -1;
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
	int64_t can_write;
	if (query_int(st, "SELECT has_table_privilege('" PG_SCHEMA ".comment', 'INSERT')", &can_write) != 0)
		return -1;
	if (!can_write)
		st->readonly = true;
	if (ver < pg_n_migrations) {
		if (st->readonly)
			return err_set(_("%s needs upgrading to schema %d; open it once with write access"), pg_path(st),
			               pg_n_migrations);
		if (pg_begin_write(st) != 0)
			return -1;
		/* another gopy may have migrated it while this one waited for the lock */
		if (query_int(st, "SELECT schema_version FROM meta", &ver) != 0 || migrate(st, (int)ver) != 0) {
			char keep[1024];
			snprintf(keep, sizeof keep, "%s", err_msg());
			pg_rollback(st);
			return err_set(_("cannot upgrade the database: %s"), keep);
		}
		if (pg_commit(st) != 0)
			return -1;
	}
	return 0;
}

static int pg_connect(struct store *st, const char *url)
{
	st->pg = xcalloc(1, sizeof *st->pg);
	/* a password written into the URL was taken out of it as gopy started (dburl.h): libpq
	 * gets it beside the URL, never in text that could be shown */
	const char *keys[] = {"dbname", "password", NULL};
	const char *values[] = {url, dburl_password(url), NULL};
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
	return 0; /* the session's settings: setup (session_settings) */
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

void pg_close(struct store *st)
{
	if (!st->pg)
		return;
	if (st->pg->conn) {
		if (PQtransactionStatus(st->pg->conn) != PQTRANS_IDLE)
			PQclear(PQexec(st->pg->conn, "ROLLBACK"));
		PQfinish(st->pg->conn);
	}
	strmap_free(&st->pg->prepared);
	free(st->pg);
	st->pg = NULL;
}
