/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pgq.c — prepared queries on a PostgreSQL connection, the engine side of the dbq layer.
 *
 * The store's SQL is written once with SQLite's placeholders (?, ?N, :name); here they
 * become $N with SQLite's numbering rules. A statement is prepared on the server
 * (PQprepare) the first time it runs with a given set of parameter types, and kept per
 * connection by its SQL text: integers are sent as int8, blobs as bytea in binary format,
 * text and NULL with no type, so the server infers it from the context as it does for a
 * literal. Results come in text format; bytea is decoded from its hex form.
 *
 * Two ways of reading rows: a small query (every cached one, stepped to completion before
 * any other store call) reads its one result whole; a streaming query (a list that calls
 * back into the store while it runs) reads through a cursor, FETCH by FETCH, inside the
 * open transaction or one it opens and commits when the list ends, so a list of a million
 * comments never sits in memory and other queries can run between its rows. A list of few
 * rows that is read to its end (dbq_read_whole) is one result, as a small query's. */
#include "pg.h"
#include "store_internal.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "gopy/err.h"
#include "gopy/i18n.h"

#define INT8OID 20
#define BYTEAOID 17
#define TEXTOID 25
#define FETCH_ROWS 64        /* a cursor's first batch: a screen's worth and more */
#define FETCH_MAX 16384      /* batches grow fourfold up to this: long lists in few round trips */
#define MAX_PARAMS 64

struct pgq {
	struct store *st;
	char *sql;                  /* translated: $N placeholders */
	bool stream;                /* a SELECT read through a cursor */
	bool plan_each;             /* not prepared: planned for its values at each run */
	int nparams;
	char *names[MAX_PARAMS + 1];     /* names[i]: ":name" of $i, NULL if numbered */
	char *values[MAX_PARAMS + 1];    /* owned copies; NULL: SQL NULL */
	int lengths[MAX_PARAMS + 1];
	int formats[MAX_PARAMS + 1];
	unsigned types[MAX_PARAMS + 1];  /* Oid: INT8OID, BYTEAOID or 0 (inferred) */
	bool used[MAX_PARAMS + 1];       /* $i appears in the SQL (SQLite allows gaps: ?2 alone) */
	PGresult *res;              /* the current result (or batch) */
	int row;                    /* current row in res */
	bool started, done;
	int cursor;                 /* stream: its cursor's number, 0 when none is open */
	int batch;                  /* stream: the rows the last FETCH asked for */
	int first_batch;            /* stream: the rows its first FETCH asks for (0: FETCH_ROWS) */
	int64_t changes;
	struct pgq_blob {           /* each bytea column decoded (valid until the next row, as */
		unsigned char *p;       /* SQLite's: two blobs of one row are read side by side) */
		size_t cap;
	} *blobs;
	int n_blobs;
};

/* ---- placeholders ------------------------------------------------------------------ */

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* SQLite's rules: ?N is parameter N; ? is one past the largest so far; :name, @name and
 * $name take the next number at their first use and keep it. Quoted text, quoted names
 * and comments are copied as they are; "::" (a cast) is not a parameter. */
static int translate(struct pgq *q, const char *in)
{
	struct buf b = {0};
	int max = 0;
	const char *p = in;
	while (*p) {
		char c = *p;
		if (c == '\'' || c == '"') {
			const char *e = p + 1;
			while (*e && !(*e == c && e[1] != c))
				e += *e == c ? 2 : 1;
			if (*e)
				e++;
			buf_append(&b, p, (size_t)(e - p));
			p = e;
		} else if (c == '-' && p[1] == '-') {
			const char *e = strchr(p, '\n');
			e = e ? e : p + strlen(p);
			buf_append(&b, p, (size_t)(e - p));
			p = e;
		} else if (c == ':' && p[1] == ':') {
			buf_puts(&b, "::");
			p += 2;
		} else if (c == '?') {
			int n;
			p++;
			if (*p >= '0' && *p <= '9') {
				n = (int)strtol(p, (char **)&p, 10);
			} else {
				n = max + 1;
			}
			if (n <= 0 || n > MAX_PARAMS) {
				buf_free(&b);
				return err_set("SQL parameter ?%d out of range", n);
			}
			if (n > max)
				max = n;
			q->used[n] = true;
			buf_printf(&b, "$%d", n);
		} else if ((c == ':' || c == '@' || (c == '$' && !(p[1] >= '0' && p[1] <= '9'))) &&
		           name_char(p[1]) && !(p[1] >= '0' && p[1] <= '9')) {
			const char *e = p + 1;
			while (name_char(*e))
				e++;
			int n = 0;
			for (int i = 1; i <= max; i++)
				if (q->names[i] && strlen(q->names[i]) == (size_t)(e - p) && memcmp(q->names[i], p, (size_t)(e - p)) == 0)
					n = i;
			if (!n) {
				if (max >= MAX_PARAMS) {
					buf_free(&b);
					return err_set("too many SQL parameters");
				}
				n = ++max;
				q->names[n] = xstrndup(p, (size_t)(e - p));
			}
			q->used[n] = true;
			buf_printf(&b, "$%d", n);
			p = e;
		} else {
			buf_putc(&b, c);
			p++;
		}
	}
	q->sql = buf_take(&b);
	q->nparams = max;
	return 0;
}

/* A SELECT (or WITH … SELECT) can be read through a cursor. */
static bool is_select(const char *sql)
{
	while (*sql == ' ' || *sql == '\n' || *sql == '\t' || *sql == '(')
		sql++;
	return strncasecmp(sql, "SELECT", 6) == 0 || strncasecmp(sql, "WITH", 4) == 0 ||
	       strncasecmp(sql, "VALUES", 6) == 0;
}

struct pgq *pgq_new(struct store *st, const char *sql, bool stream)
{
	struct pgq *q = xcalloc(1, sizeof *q);
	q->st = st;
	if (translate(q, sql) != 0) {
		pgq_free(q);
		return NULL;
	}
	q->stream = stream && is_select(q->sql);
	pgq_clear_bindings(q);
	return q;
}

static void end_run(struct pgq *q)
{
	PQclear(q->res);
	q->res = NULL;
	if (q->cursor) {
		char sql[48];
		snprintf(sql, sizeof sql, "CLOSE gopy_c%d", q->cursor);
		pg_stream_end(q->st, sql);
		q->cursor = 0;
	}
	q->started = q->done = false;
	q->row = 0;
}

void pgq_reset(struct pgq *q)
{
	if (q)
		end_run(q);
}

void pgq_clear_bindings(struct pgq *q)
{
	for (int i = 1; i <= MAX_PARAMS; i++) {
		free(q->values[i]);
		q->values[i] = NULL;
		q->lengths[i] = q->formats[i] = 0;
		q->types[i] = q->used[i] ? 0 : TEXTOID; /* a number the SQL skips: no type to infer */
	}
}

void pgq_free(struct pgq *q)
{
	if (!q)
		return;
	end_run(q);
	pgq_clear_bindings(q);
	for (int i = 0; i <= MAX_PARAMS; i++)
		free(q->names[i]);
	free(q->sql);
	for (int i = 0; i < q->n_blobs; i++)
		free(q->blobs[i].p);
	free(q->blobs);
	free(q);
}

static int set_param(struct pgq *q, int i, char *v, int len, int format, unsigned type)
{
	if (i < 1 || i > MAX_PARAMS) {
		free(v);
		return -1;
	}
	if (!type && !q->used[i])
		type = TEXTOID;
	free(q->values[i]);
	q->values[i] = v;
	q->lengths[i] = len;
	q->formats[i] = format;
	q->types[i] = type;
	return 0;
}

int pgq_bind_int64(struct pgq *q, int i, int64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)v);
	return set_param(q, i, xstrdup(num), 0, 0, INT8OID);
}

int pgq_bind_text(struct pgq *q, int i, const char *s, int len)
{
	if (!s)
		return pgq_bind_null(q, i);
	return set_param(q, i, len < 0 ? xstrdup(s) : xstrndup(s, (size_t)len), 0, 0, 0);
}

int pgq_bind_blob(struct pgq *q, int i, const void *p, int len)
{
	if (!p)
		return pgq_bind_null(q, i);
	char *copy = xmalloc(len > 0 ? (size_t)len : 1);
	if (len > 0)
		memcpy(copy, p, (size_t)len);
	return set_param(q, i, copy, len, 1, BYTEAOID);
}

int pgq_bind_null(struct pgq *q, int i) { return set_param(q, i, NULL, 0, 0, 0); }

int pgq_bind_index(struct pgq *q, const char *name)
{
	for (int i = 1; i <= q->nparams; i++)
		if (q->names[i] && strcmp(q->names[i], name) == 0)
			return i;
	return 0;
}

int pgq_param_count(struct pgq *q) { return q->nparams; }

/* ---- round trips ------------------------------------------------------------------- */

/* Each message to the server and its answer is a round trip over the socket, the price of a
 * server beside a file; the commands that go together are sent at once in libpq's pipeline
 * mode and their results read after: a statement's first run is prepared and executed in one
 * round trip, a cursor is opened and its first rows fetched in one. */
struct step {
	enum { STEP_SQL, STEP_PREPARE, STEP_PREPARED } kind;
	const char *sql_or_name;    /* SQL (STEP_SQL, STEP_PREPARE) or the statement's name */
	const char *sql;            /* STEP_PREPARE: the SQL (STEP_PREPARED: the SQL, or NULL) */
	const struct pgq *q;        /* its parameters (NULL: none) */
	const unsigned *types;      /* STEP_PREPARE: the parameter types, [1..nparams] */
};

static bool send_step(PGconn *c, const struct step *s)
{
	const struct pgq *q = s->q;
	int n = q ? q->nparams : 0;
	const char *const *values = q ? (const char *const *)q->values + 1 : NULL;
	const int *lengths = q ? q->lengths + 1 : NULL, *formats = q ? q->formats + 1 : NULL;
	switch (s->kind) {
	case STEP_SQL: return PQsendQueryParams(c, s->sql_or_name, n, q ? q->types + 1 : NULL, values, lengths, formats, 0);
	case STEP_PREPARE: return PQsendPrepare(c, s->sql_or_name, s->sql, n, s->types + 1);
	case STEP_PREPARED: return PQsendQueryPrepared(c, s->sql_or_name, n, values, lengths, formats, 0);
	}
	return 0;
}

/* Send the steps at once and read their results into res[] (each owned by the caller; a
 * step skipped after an earlier one failed gets PGRES_PIPELINE_ABORTED). -1 with err_set
 * when the connection failed (the steps not answered then have a NULL result). */
static int pipeline(struct store *st, const struct step *steps, int n, PGresult **res)
{
	PGconn *c = pg_connection(st);
	for (int i = 0; i < n; i++)
		res[i] = NULL;
	if (!PQenterPipelineMode(c))
		return pg_error(st, NULL, N_("sending a query"));
	int sent = 0;
	while (sent < n && send_step(c, &steps[sent]) == 1)
		sent++;
	int rc = PQpipelineSync(c) == 1 && sent == n ? 0 : -1;
	/* a step that waits for the write lock: the store's wait function hears of it */
	bool locks = false;
	for (int i = 0; i < sent; i++) {
		const char *sql = steps[i].kind == STEP_SQL        ? steps[i].sql_or_name
		                  : steps[i].kind == STEP_PREPARED ? steps[i].sql
		                                                   : NULL;
		locks |= sql && strstr(sql, "pg_advisory_xact_lock");
	}
	double start = pg_now();
	bool stopped = false;
	for (int i = 0; i < sent; i++) {
		if (locks && pg_wait_busy(st, start, &stopped) != 0)
			rc = -1;
		res[i] = PQgetResult(c);
		if (!res[i])
			break;
		for (PGresult *more; (more = PQgetResult(c)) != NULL;) /* the NULL that ends a step's results */
			PQclear(more);
	}
	PGresult *sync = PQgetResult(c);
	if (PQresultStatus(sync) != PGRES_PIPELINE_SYNC)
		rc = -1;
	PQclear(sync);
	if (!PQexitPipelineMode(c))
		rc = -1;
	if (rc != 0)
		return pg_error(st, NULL, N_("sending a query"));
	/* a step cancelled by the wait function failed for the lock it waited for */
	for (int i = 0; stopped && i < sent; i++)
		if (res[i] && PQresultStatus(res[i]) == PGRES_FATAL_ERROR) {
			pg_error(st, res[i], N_("running a query"));
			return pg_waited(st, -1, true);
		}
	return 0;
}

/* Run the query as a statement prepared on the server for these parameter types: prepared
 * and run in one round trip the first time, then run by its name; the result in q->res. */
/* The name of q's statement prepared for its parameters' types (true), or the name to prepare
 * it under (false; its key in *key, to record with pg_prepared_put once prepared). */
static bool sql_prepared_name(struct store *st, const char *sql, const struct pgq *q, struct buf *key, char name[PG_NAME_MAX],
                              int64_t *n)
{
	for (int i = 1; q && i <= q->nparams; i++)
		buf_putc(key, q->types[i] == INT8OID ? 'i' : q->types[i] == BYTEAOID ? 'b' : q->types[i] == TEXTOID ? 't' : 'u');
	buf_putc(key, '\n');
	buf_puts(key, sql);
	bool known = pg_prepared_get(st, key->data, key->len, n);
	if (!known)
		*n = pg_prepared_next(st);
	pg_statement_name(st, *n, name);
	return known;
}

static bool prepared_name(struct pgq *q, struct buf *key, char name[PG_NAME_MAX], int64_t *n)
{
	return sql_prepared_name(q->st, q->sql, q, key, name, n);
}

static int run_prepared(struct pgq *q)
{
	struct buf key = {0};
	PGconn *conn = pg_connection(q->st);
	char name[PG_NAME_MAX];
	int64_t n;
	if (prepared_name(q, &key, name, &n)) {
		buf_free(&key);
		q->res = PQexecPrepared(conn, name, q->nparams, (const char *const *)q->values + 1, q->lengths + 1,
		                        q->formats + 1, 0);
		return 0;
	}
	/* a failed prepare would spoil the open transaction: there it runs under a savepoint */
	bool guard = PQtransactionStatus(conn) == PQTRANS_INTRANS;
	unsigned types[MAX_PARAMS + 1];
	memcpy(types, q->types, sizeof types);
	int rc = 0;
	for (;;) {
		struct step steps[4];
		int k = 0, prep;
		if (guard)
			steps[k++] = (struct step){STEP_SQL, "SAVEPOINT gopy_prepare", NULL, NULL, NULL};
		prep = k;
		steps[k++] = (struct step){STEP_PREPARE, name, q->sql, q, types};
		if (guard)
			steps[k++] = (struct step){STEP_SQL, "RELEASE SAVEPOINT gopy_prepare", NULL, NULL, NULL};
		steps[k++] = (struct step){STEP_PREPARED, name, NULL, q, NULL};
		PGresult *res[4];
		rc = pipeline(q->st, steps, k, res);
		PGresult *pr = res[prep];
		q->res = res[k - 1];
		for (int i = 0; i < k - 1; i++)
			if (i != prep)
				PQclear(res[i]);
		if (rc != 0) {
			PQclear(pr);
			break;
		}
		if (PQresultStatus(pr) == PGRES_COMMAND_OK) {
			PQclear(pr);
			pg_prepared_put(q->st, key.data, key.len, n);
			break;
		}
		PQclear(q->res);
		q->res = NULL;
		if (guard)
			PQclear(PQexec(conn, "ROLLBACK TO SAVEPOINT gopy_prepare"));
		/* A parameter whose type nothing in the SQL tells ("CASE WHEN ?1 IS NULL …" with ?1
		 * bound to NULL or text): the server names it; text, as SQLite would take it. */
		const char *state = PQresultErrorField(pr, PG_DIAG_SQLSTATE);
		const char *msg = PQresultErrorField(pr, PG_DIAG_MESSAGE_PRIMARY);
		const char *dollar = msg ? strchr(msg, '$') : NULL;
		int p = dollar ? atoi(dollar + 1) : 0;
		if (!state || (strcmp(state, "42P18") && strcmp(state, "42P08")) || p < 1 || p > q->nparams || types[p] != 0) {
			rc = pg_error(q->st, pr, N_("preparing a query"));
			PQclear(pr);
			break;
		}
		PQclear(pr);
		types[p] = TEXTOID;
	}
	buf_free(&key);
	return rc;
}

static int fetch(struct pgq *q)
{
	char sql[64];
	q->batch = q->batch * 4 < FETCH_MAX ? q->batch * 4 : FETCH_MAX;
	snprintf(sql, sizeof sql, "FETCH %d FROM gopy_c%d", q->batch, q->cursor);
	PQclear(q->res);
	q->res = PQexec(pg_connection(q->st), sql);
	q->row = -1;
	if (PQresultStatus(q->res) != PGRES_TUPLES_OK)
		return pg_error(q->st, q->res, N_("reading rows"));
	return 0;
}

/* The result of a run just sent (q->res): rows to read, or the rows a write changed. */
static int took(struct pgq *q)
{
	ExecStatusType s = PQresultStatus(q->res);
	if (s == PGRES_COMMAND_OK) {
		q->changes = strtoll(PQcmdTuples(q->res), NULL, 10);
		pg_note_changes(q->st, q->changes);
		q->done = true;
		return 0;
	}
	if (s != PGRES_TUPLES_OK)
		return pg_error(q->st, q->res, N_("running a query"));
	q->changes = PQntuples(q->res);
	return 0;
}

static int start(struct pgq *q)
{
	/* a bulk import's staged comments go first to whatever reads comments */
	if (pg_bulk_pending(q->st) && strstr(q->sql, "comment") && pg_bulk_flush(q->st) != 0)
		return -1;
	q->started = true;
	q->changes = 0;
	q->row = -1;
	if (q->stream) { /* the transaction (if none is open), the cursor and its first rows at once */
		const char *begin;
		int n = pg_stream_begin(q->st, &begin);
		q->cursor = n;
		struct buf decl = {0}, first = {0};
		buf_printf(&decl, "DECLARE gopy_c%d NO SCROLL CURSOR FOR %s", n, q->sql);
		q->batch = q->first_batch > 0 ? q->first_batch : FETCH_ROWS;
		buf_printf(&first, "FETCH %d FROM gopy_c%d", q->batch, n);
		struct step steps[3];
		int k = 0;
		if (begin)
			steps[k++] = (struct step){STEP_SQL, begin, NULL, NULL, NULL};
		steps[k++] = (struct step){STEP_SQL, decl.data, NULL, q, NULL};
		steps[k++] = (struct step){STEP_SQL, first.data, NULL, NULL, NULL};
		PGresult *res[3];
		int rc = pipeline(q->st, steps, k, res);
		buf_free(&decl);
		buf_free(&first);
		for (int i = 0; i < k - 1; i++) {
			if (rc == 0 && PQresultStatus(res[i]) != PGRES_COMMAND_OK)
				rc = pg_error(q->st, res[i], N_("reading rows"));
			PQclear(res[i]);
		}
		q->res = res[k - 1];
		if (rc == 0 && PQresultStatus(q->res) != PGRES_TUPLES_OK)
			rc = pg_error(q->st, q->res, N_("reading rows"));
		return rc;
	}
	if (q->plan_each) { /* parsed, planned for these values and run: one round trip */
		q->res = PQexecParams(pg_connection(q->st), q->sql, q->nparams, q->types + 1,
		                      (const char *const *)q->values + 1, q->lengths + 1, q->formats + 1, 0);
		return took(q);
	}
	return run_prepared(q) != 0 ? -1 : took(q);
}

/* A statement of step_around's (q's own, or without parameters when q is NULL) prepared for
 * the session: its steps (prepare, when it is new, then run) added to steps[] at *k; a prepare
 * is noted in prep[] to be recorded once the server has answered it. */
struct prep {
	int at;          /* the prepare's step */
	struct buf key;  /* its key in the session's map */
	int64_t n;       /* its number */
};

static void add_prepare(struct store *st, const char *sql, struct pgq *q, struct step *steps, int *k,
                        struct prep *prep, int *np, char name[PG_NAME_MAX])
{
	struct buf key = {0};
	int64_t n;
	if (!sql_prepared_name(st, sql, q, &key, name, &n)) {
		prep[(*np)++] = (struct prep){*k, key, n};
		steps[(*k)++] = (struct step){STEP_PREPARE, name, sql, q, q ? q->types : NULL};
	} else {
		buf_free(&key);
	}
}

static void add_prepared(struct store *st, const char *sql, struct pgq *q, struct step *steps, int *k,
                         struct prep *prep, int *np, char name[PG_NAME_MAX])
{
	add_prepare(st, sql, q, steps, k, prep, np, name);
	steps[(*k)++] = (struct step){STEP_PREPARED, name, sql, q, NULL};
}

/* The first step of q with the statements before[] sent first and after[] after it (each
 * NULL-ended, or NULL), in one round trip; after[] run only when q succeeds. All are prepared
 * for the session: a writer that stays connected runs them again and again, some under the
 * write lock, where they are now run, not parsed and planned at every run. */
static int step_around(struct pgq *q, const char *const *before, const char *const *after)
{
	int nb = 0, na = 0;
	while (before && before[nb])
		nb++;
	while (after && after[na])
		na++;
	if ((!nb && !na) || q->stream || q->started || nb > PG_BEFORE_MAX || na > PG_BEFORE_MAX)
		return -2;
	if (pg_bulk_pending(q->st) && strstr(q->sql, "comment") && pg_bulk_flush(q->st) != 0)
		return -1;
	enum { MAX_STATEMENTS = 2 * PG_BEFORE_MAX + 1, MAX_STEPS = 2 * MAX_STATEMENTS };
	struct step steps[MAX_STEPS];
	PGresult *res[MAX_STEPS];
	struct prep prep[MAX_STATEMENTS];
	char names[MAX_STATEMENTS][PG_NAME_MAX];
	int k = 0, np = 0;
	/* q is parsed before the write lock is asked for (a new session's first parse of an insert
	 * into the comment table reads the catalogue for a millisecond or more): under the lock,
	 * only run */
	int lock_at = nb;
	for (int i = 0; i < nb && lock_at == nb; i++)
		if (strstr(before[i], "pg_advisory_xact_lock"))
			lock_at = i;
	for (int i = 0; i <= nb; i++) {
		if (i == lock_at)
			add_prepare(q->st, q->sql, q, steps, &k, prep, &np, names[nb]);
		if (i < nb)
			add_prepared(q->st, before[i], NULL, steps, &k, prep, &np, names[i]);
	}
	steps[k++] = (struct step){STEP_PREPARED, names[nb], q->sql, q, NULL};
	int at = k - 1; /* q's own result */
	for (int i = 0; i < na; i++)
		add_prepared(q->st, after[i], NULL, steps, &k, prep, &np, names[nb + 1 + i]);
	q->started = true;
	q->changes = 0;
	q->row = -1;
	int rc = pipeline(q->st, steps, k, res);
	for (int i = 0; i < np; i++) { /* the statements the server now knows by their names */
		if (PQresultStatus(res[prep[i].at]) == PGRES_COMMAND_OK)
			pg_prepared_put(q->st, prep[i].key.data, prep[i].key.len, prep[i].n);
		buf_free(&prep[i].key);
	}
	for (int i = 0; i < at; i++) {
		ExecStatusType s = PQresultStatus(res[i]);
		if (rc == 0 && s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
			rc = pg_error(q->st, res[i], N_("running a query"));
		PQclear(res[i]);
	}
	q->res = res[at];
	if (rc == 0 && took(q) != 0)
		rc = -1;
	for (int i = at + 1; i < k; i++) { /* (skipped, when q failed) */
		ExecStatusType s = PQresultStatus(res[i]);
		if (rc == 0 && s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK)
			rc = pg_error(q->st, res[i], N_("running a query"));
		PQclear(res[i]);
	}
	if (rc != 0) {
		q->done = true;
		return -1;
	}
	return pgq_step(q);
}

int pgq_step_around(struct pgq *q, const char *const *before, const char *const *after)
{
	int rc = step_around(q, before, after);
	return rc == -2 ? pgq_step(q) : rc;
}

int pgq_step(struct pgq *q)
{
	if (!q->started && start(q) != 0) {
		q->done = true;
		return -1;
	}
	if (q->done)
		return 0;
	q->row++;
	if (q->res && q->row < PQntuples(q->res))
		return 1;
	if (q->cursor && PQntuples(q->res) == q->batch) {
		if (fetch(q) != 0) {
			q->done = true;
			return -1;
		}
		q->row = 0;
		if (PQntuples(q->res) > 0)
			return 1;
	}
	q->done = true;
	if (q->cursor) { /* the list is read: its cursor (and the transaction it opened) end now */
		char sql[48];
		snprintf(sql, sizeof sql, "CLOSE gopy_c%d", q->cursor);
		q->cursor = 0;
		if (pg_stream_end(q->st, sql) != 0)
			return -1;
	}
	return 0;
}

void pgq_expect_rows(struct pgq *q, int64_t n)
{
	q->first_batch = n <= 0 || n > FETCH_MAX ? FETCH_MAX : (int)n;
}

void pgq_read_whole(struct pgq *q, bool plan_each_run)
{
	q->stream = false;
	q->plan_each = plan_each_run;
}

static bool have_row(struct pgq *q, int i)
{
	return q->res && q->row >= 0 && q->row < PQntuples(q->res) && i >= 0 && i < PQnfields(q->res);
}

int pgq_column_count(struct pgq *q) { return q->res ? PQnfields(q->res) : 0; }

bool pgq_column_is_null(struct pgq *q, int i) { return !have_row(q, i) || PQgetisnull(q->res, q->row, i); }

int64_t pgq_column_int64(struct pgq *q, int i)
{
	if (pgq_column_is_null(q, i))
		return 0;
	const char *v = PQgetvalue(q->res, q->row, i);
	if (*v == 't')
		return 1;
	if (*v == 'f')
		return 0;
	return strtoll(v, NULL, 10);
}

double pgq_column_double(struct pgq *q, int i)
{
	return pgq_column_is_null(q, i) ? 0 : strtod(PQgetvalue(q->res, q->row, i), NULL);
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

const char *pgq_column_text(struct pgq *q, int i)
{
	if (pgq_column_is_null(q, i))
		return NULL;
	if (PQftype(q->res, i) == BYTEAOID)
		return pgq_column_blob(q, i);
	return PQgetvalue(q->res, q->row, i);
}

/* bytea's text form is "\x" and two hex digits a byte; decoded into the column's buffer
 * (with a NUL after it, so that a blob read as text is a string). */
const void *pgq_column_blob(struct pgq *q, int i)
{
	if (pgq_column_is_null(q, i))
		return NULL;
	const char *v = PQgetvalue(q->res, q->row, i);
	size_t len = (size_t)PQgetlength(q->res, q->row, i);
	if (PQftype(q->res, i) != BYTEAOID || len < 2 || v[0] != '\\' || v[1] != 'x')
		return v;
	size_t n = (len - 2) / 2;
	if (i >= q->n_blobs) {
		q->blobs = xrealloc(q->blobs, (size_t)(i + 1) * sizeof *q->blobs);
		memset(q->blobs + q->n_blobs, 0, (size_t)(i + 1 - q->n_blobs) * sizeof *q->blobs);
		q->n_blobs = i + 1;
	}
	struct pgq_blob *b = &q->blobs[i];
	if (n + 1 > b->cap) {
		b->cap = n + 1;
		b->p = xrealloc(b->p, b->cap);
	}
	for (size_t k = 0; k < n; k++)
		b->p[k] = (unsigned char)(hexval(v[2 + 2 * k]) << 4 | hexval(v[3 + 2 * k]));
	b->p[n] = 0;
	return b->p;
}

int pgq_column_bytes(struct pgq *q, int i)
{
	if (pgq_column_is_null(q, i))
		return 0;
	int len = PQgetlength(q->res, q->row, i);
	if (PQftype(q->res, i) == BYTEAOID && len >= 2)
		return (len - 2) / 2;
	return len;
}

int64_t pgq_changes(struct pgq *q) { return q->changes; }
