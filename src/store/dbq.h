/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dbq.h — one prepared query, run on the store's database engine.
 *
 * Every statement of the store goes through these calls, never through an engine's own
 * library, so that a second engine can sit beside SQLite behind the same store code. The
 * calls mirror SQLite's statement interface: parameters are numbered from 1, columns from 0.
 * Text and blobs bound are copied (the caller's buffer may go right after the call); column
 * values are borrowed from the query and valid until its next step, reset or finalize.
 * Connection-level work (opening, migrations, the engine's error codes) stays with each
 * engine's own file: db.c for SQLite. Private to src/store/. */
#ifndef GOPY_DBQ_H
#define GOPY_DBQ_H

#include <stdbool.h>
#include <stdint.h>

struct store;
struct dbq; /* owned by the store's statement cache (db_cached) or by the caller (db_prepare) */

/* What dbq_step returns besides an engine error code: a row is ready, or the query ended. */
enum { DBQ_ROW = 100, DBQ_DONE = 101 };

/* A fresh query the caller releases with dbq_finalize (for loops that call back). NULL with
 * err_set on failure. */
struct dbq *db_prepare(struct store *st, const char *sql);
/* A cached query for static SQL text (the cache keys on the pointer), reset and with its
 * bindings cleared. Use only for queries stepped to completion (or reset) before any other
 * store call can run: never across a callback. NULL with err_set on failure. */
struct dbq *db_cached(struct store *st, const char *sql);

/* DBQ_ROW, DBQ_DONE, or an engine error code (then db_error describes it). */
int dbq_step(struct dbq *q);
/* The first step, with the statements before[] (NULL-ended, no parameters) run first: on a
 * server in the same round trip. */
int dbq_step_after(struct dbq *q, const char *const *before);
/* The first step, and when it succeeds the statements after[] (NULL-ended, no parameters): on
 * a server in the same round trip. */
int dbq_step_then(struct dbq *q, const char *const *after);
/* Both: before[], the first step, and after[] when it succeeds; on a server in one round trip. */
int dbq_step_around(struct dbq *q, const char *const *before, const char *const *after);
/* How many rows the caller means to read (before its first step): on a server, the rows the
 * first round trip of a list brings (n <= 0: every row). Only a hint: more may be read. */
void dbq_expect_rows(struct dbq *q, int64_t n);
/* The caller reads every row and they are few (the documents, a draft's sections, a page under
 * its LIMIT): on a server the whole result in one round trip, without a cursor and the
 * transaction around it, by a statement prepared once for the session; or, plan_each_run (a
 * page: how many rows its values select varies), planned for the values at every run, as a
 * cursor's query is. Before the first step. */
void dbq_read_whole(struct dbq *q, bool plan_each_run);
/* Back to before the first step; bindings stay. */
void dbq_reset(struct dbq *q);
/* Release a query from db_prepare (NULL is ignored). Never on a cached one. */
void dbq_finalize(struct dbq *q);

int dbq_bind_int64(struct dbq *q, int i, int64_t v);
int dbq_bind_int(struct dbq *q, int i, int v);
/* len < 0: up to the terminating NUL. */
int dbq_bind_text(struct dbq *q, int i, const char *v, int len);
int dbq_bind_blob(struct dbq *q, int i, const void *v, int len);
int dbq_bind_null(struct dbq *q, int i);
/* The number of a named parameter (":name", "?3"), 0 when the query has none by that name. */
int dbq_bind_index(struct dbq *q, const char *name);
/* The number of parameters of the query. */
int dbq_bind_count(struct dbq *q);

int64_t dbq_column_int64(struct dbq *q, int i);
int dbq_column_int(struct dbq *q, int i);
/* NULL for SQL NULL. */
const char *dbq_column_text(struct dbq *q, int i);
const void *dbq_column_blob(struct dbq *q, int i);
/* Bytes of a text or blob column. */
int dbq_column_bytes(struct dbq *q, int i);
bool dbq_column_is_null(struct dbq *q, int i);

/* Rows changed by the connection's INSERTs, UPDATEs and DELETEs since it opened (a file; 0 on
 * a server, whose writes store_begin counts). */
int64_t db_total_changes(struct store *st);
/* Rows changed by the connection's last INSERT, UPDATE or DELETE. */
int64_t db_changes(struct store *st);
/* What the connection's last failed step was, as far as the store tells them apart. */
enum db_fault { DB_FAULT_OTHER, DB_FAULT_UNIQUE, DB_FAULT_PRIMARY_KEY, DB_FAULT_FOREIGN_KEY };
enum db_fault db_last_fault(struct store *st);
/* Inside a transaction (the caller's or the store's)? */
bool db_in_transaction(struct store *st);
/* Run SQL, ignoring any error and keeping err_msg as it was (rolling back after a failure). */
void db_exec_quiet(struct store *st, const char *sql);

#endif
