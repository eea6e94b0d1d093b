/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pg.h — the PostgreSQL engine of the store (libpq), private to src/store/: the connection
 * and its open sequence (pg.c), the schema's migrations (pg_schema.c) and prepared queries
 * (pgq.c) that the dbq layer dispatches to when a store is on a server. */
#ifndef GOPY_STORE_PG_H
#define GOPY_STORE_PG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libpq-fe.h>

#include "gopy/util.h"

struct store;
struct pgq;
struct buf;

/* The advisory lock every write transaction takes (as BEGIN IMMEDIATE does in SQLite): one
 * writer at a time, so thread keys, tallies and the audit log's numbers never race. */
#define PG_WRITE_LOCK "1196380249" /* 0x474F5059, "GOPY" */
/* The schema gopy's tables live in, inside the server's database. */
#define PG_SCHEMA "gopy"

extern const char *const *const pg_migrations[]; /* each a NULL-ended list of statements */
extern const int pg_n_migrations;
/* The tallies and counters of the comments a bulk import added (seq >= search_paused's
 * since_seq), which the triggers leave out while it runs (migration 10 for the counters): run
 * by store_bulk_end (store_bulk.c counts them in one read of those rows in a file). */
extern const char pg_tally_catch_up[];

/* The channel every write transaction notifies at its commit, and live views listen on. */
#define PG_CHANNEL "gopy_changes"
/* store_data_version on a server: the number of other sessions' commits seen (their
 * notifications, read from the socket with no query sent), plus the number of reconnections
 * << 32; -1 with err_set while the server cannot be reached. The first call LISTENs. */
int64_t pg_data_version(struct store *st);
/* 0 when the connection is up, or after connecting again to a server that went away (at most
 * one attempt a second; the session is set up again, prepared statements made anew);
 * -1 with a message saying gopy connects again when the server is back. */
int pg_alive(struct store *st);
/* The open conflicts of a comment (store_conflict_count_comment) for a session that listens
 * for others' writes: all of them read in one query, again only after a write (another's, seen
 * by pg_data_version, or this session's own). 0, or 1 when the session does not listen (the
 * caller asks the server), -1 on error. */
int pg_conflicts_of(struct store *st, int64_t comment_id, int64_t *n);
/* The connection is down (store_connection_lost). */
bool pg_connection_lost(struct store *st);
/* After connecting again: end the session the lost connection had, if it still runs (its
 * transaction, if not yet committed, is rolled back), waiting until it is gone; 0 or -1. */
int pg_end_lost_session(struct store *st);
/* store_track_commit and store_commit_landed on a server (the transaction's xid8). */
int pg_track_commit(struct store *st);
int pg_commit_landed(struct store *st);
/* A transaction's number is kept (tracked, and not yet committed or looked up). */
bool pg_commit_tracked(const struct store *st);
/* Forget the number kept (a transaction rolled back on a connection still up). */
void pg_forget_commit(struct store *st);
/* The connection's socket while it is up, else -1 (store_notify_fd). */
int pg_notify_fd(struct store *st);

/* Waiting for a lock (pg.c): pg_wait_busy waits until the connection's next result is in,
 * telling the store's wait function (store_set_wait) every tenth of a second how long since
 * start (pg_now) and cancelling the statement when it says stop (*stopped); -1 when the
 * connection failed. pg_waited turns rc, the outcome of a statement so cancelled, into the
 * store's "locked" message. */
int pg_wait_busy(struct store *st, double start, bool *stopped);
double pg_now(void);
int pg_waited(struct store *st, int rc, bool stopped);

/* Connect, refuse a database of another application or of a newer gopy, create the schema
 * (STORE_CREATE) or apply migrations. st->path is already the display form. */
int pg_open(struct store *st, const char *url, int flags);
void pg_close(struct store *st);
/* store_probe on a server: 1 the database has the schema gopy, 0 not, -1 no connection. */
int pg_probe(const char *url);
/* store_server_away on a server's URL. */
bool pg_server_away(const char *url);
/* Run SQL (one or more statements, no parameters, no rows wanted). */
int pg_exec(struct store *st, const char *sql);
/* err_set from the connection's last failure (a PGresult's, or the connection's), in the
 * engine-independent words of db_error when the SQLSTATE has a counterpart. Returns -1. */
int pg_error(struct store *st, const void *pgresult, const char *doing);

/* Transactions: store_begin/commit/rollback. pg_begin_write fills begin[] (PG_BEFORE_MAX + 1)
 * with the statements that open the write transaction, for the caller to send with its first
 * statement (dbq_step_after; begin[0] is NULL when it joined a list's transaction at once);
 * pg_commit runs the statement last (or NULL) and the commit in one round trip. */
int pg_begin_write(struct store *st, const char **begin);
int pg_commit(struct store *st, const char *last);
/* The commit sent with the transaction's last statement (dbq_step_then): the statements that
 * end it (last, then the commit; NULL-ended in end[PG_BEFORE_MAX + 1]) when it is a transaction
 * of its own, else false; and, once they ran, pg_committed to tell the session. unlocked: the
 * transaction took the write lock in this same round trip; its commit then releases the lock
 * without waiting for the disk, and a second transaction's commit waits for both (the log is
 * written in order): the caller hears of the commit once it is on disk, as before, but no other
 * writer waits for the disk under the lock. */
bool pg_commit_statements(struct store *st, const char *last, const char **end, bool unlocked);
void pg_committed(struct store *st);
void pg_rollback(struct store *st);

/* Fold and index for search the comments whose search vector is missing (written by another
 * program, or by a bulk import). since_seq > 0: only those rows (from a bulk import). */
int pg_index_pending(struct store *st, int64_t since_seq);
/* db_run_check on a server (pg_check.c). */
int pg_run_check(struct store *st, struct buf *report, void (*step)(void *ctx, int done, int total, const char *what),
                 void *ctx);
/* search_check on a server: every comment's search vector is that of its folded body.
 * Appends a line per finding; returns the number of problems or -1. */
int pg_search_check(struct store *st, struct buf *report);

/* The connection facts dbq.h reports (see there). */
int64_t pg_changes(struct store *st);
bool pg_in_transaction(struct store *st);
int pg_last_fault(struct store *st); /* enum db_fault */
void pg_exec_quiet(struct store *st, const char *sql);
/* err_set for the last failure again, saying what was being done (db_error). */
int pg_describe(struct store *st, const char *doing);

/* For pgq.c: the connection, its prepared statements ("types\nSQL" → number), the rows the
 * last statement changed, and cursors: pg_stream_begin returns the new cursor's number and in
 * *begin the statement that opens a transaction for it when none is open (NULL when one is:
 * the caller sends it with the cursor's first statements); pg_stream_end runs close_sql, or
 * commits that transaction when its last cursor closes (which closes the cursor too). */
PGconn *pg_connection(struct store *st);
bool pg_prepared_get(struct store *st, const char *key, size_t len, int64_t *n);
void pg_prepared_put(struct store *st, const char *key, size_t len, int64_t n);
int64_t pg_prepared_next(struct store *st);
/* The server-side name of this connection's prepared statement number n. */
#define PG_NAME_MAX 48
void pg_statement_name(struct store *st, int64_t n, char name[PG_NAME_MAX]);
void pg_note_changes(struct store *st, int64_t n);
int pg_stream_begin(struct store *st, const char **begin);
int pg_stream_end(struct store *st, const char *close_sql);

/* ---- bulk imports (pg_bulk.c) -------------------------------------------------------- */

/* Between store_bulk_begin and store_bulk_end on a server, comments added without an id of
 * their own are staged (pg_bulk_add) and sent in batches. pg_bulk_stop forgets the rows not
 * sent (a rollback follows), so flush first to keep them. Every statement that reads comments
 * must come after pg_bulk_flush when pg_bulk_pending (pgq.c and pg_exec see to it). */
struct pg_bulk_row {
	gid id, doc, section, parent, root;
	int depth;
	const unsigned char *key;
	size_t klen;
	gid author, entered_by;
	const char *body, *quote, *created_at;
	int disposition;
	const char *response;
	gid handled_by;
	const char *handled_at;
};
void pg_bulk_start(struct store *st);
void pg_bulk_stop(struct store *st);
int pg_bulk_flush(struct store *st);
bool pg_bulk_pending(const struct store *st);
size_t pg_bulk_rows(const struct store *st); /* comments staged so far (0: not a bulk import) */
int pg_bulk_add(struct store *st, const struct pg_bulk_row *r);
/* A comment this import staged: 1 and its place (key: at least STORE_MAX_THREAD_DEPTH * 4
 * bytes), 0 when it is not one. */
int pg_bulk_parent(struct store *st, gid id, gid *doc, gid *section, gid *root, int *depth, unsigned char *key,
                   size_t *klen);
/* The last child component under a parent key (pk, plen; none: the roots) given in this
 * import, or none when the parent is one it staged (then 0); false when the server must say. */
bool pg_bulk_last_child(struct store *st, gid doc, const unsigned char *pk, size_t plen, bool parent_staged,
                        uint32_t *last);
void pg_bulk_note_child(struct store *st, gid doc, const unsigned char *pk, size_t plen, uint32_t comp);

/* ---- prepared queries ------------------------------------------------------------- */

/* A query: SQL with SQLite's placeholders (?, ?N, :name, @name, $name) translated to $N.
 * stream: rows are fetched through a cursor in batches (for loops that call back into the
 * store); otherwise one result is read whole (small queries stepped to completion). */
struct pgq *pgq_new(struct store *st, const char *sql, bool stream);
void pgq_free(struct pgq *q);
/* End the current execution (results freed, cursor closed); bindings kept. */
void pgq_reset(struct pgq *q);
void pgq_clear_bindings(struct pgq *q);
int pgq_bind_int64(struct pgq *q, int i, int64_t v);
int pgq_bind_text(struct pgq *q, int i, const char *s, int len);
int pgq_bind_blob(struct pgq *q, int i, const void *p, int len);
int pgq_bind_null(struct pgq *q, int i);
/* Index of a named parameter (":name", as written), 0 when the SQL has none. */
int pgq_bind_index(struct pgq *q, const char *name);
int pgq_param_count(struct pgq *q);
/* 1 a row, 0 done, -1 error (err_set, and the SQLSTATE kept for pgq_sqlstate). */
int pgq_step(struct pgq *q);
/* The rows a list's first FETCH asks for (dbq_expect_rows). */
void pgq_expect_rows(struct pgq *q, int64_t n);
/* Read the result whole, not through a cursor (dbq_read_whole). */
void pgq_read_whole(struct pgq *q, bool plan_each_run);
/* The first step of a query with the statements before[] (NULL-ended, at most PG_BEFORE_MAX,
 * no parameters) sent first and after[] (as before[]) after it, in one round trip; after[]
 * run only when it succeeds (a write: its changes, then a commit). Either may be NULL. */
#define PG_BEFORE_MAX 8
int pgq_step_around(struct pgq *q, const char *const *before, const char *const *after);
int pgq_column_count(struct pgq *q);
bool pgq_column_is_null(struct pgq *q, int i);
int64_t pgq_column_int64(struct pgq *q, int i);
double pgq_column_double(struct pgq *q, int i);
/* Borrowed until the next step or reset; NULL for SQL NULL. Blobs (bytea) are decoded. */
const char *pgq_column_text(struct pgq *q, int i);
const void *pgq_column_blob(struct pgq *q, int i);
int pgq_column_bytes(struct pgq *q, int i);
/* Rows changed by the last INSERT/UPDATE/DELETE this query ran. */
int64_t pgq_changes(struct pgq *q);
/* The SQLSTATE of the store's last failed statement ("" when none). */
const char *pg_sqlstate(const struct store *st);

#endif
