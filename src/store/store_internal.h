/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_internal.h — what the store*.c and db.c files share: the store structure, the
 * statement helpers and the search-index maintenance. Not for other layers. */
#ifndef GOPY_STORE_INTERNAL_H
#define GOPY_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include "gopy/store.h"
#include "dbq.h"
#include "gopy/buf.h"
#include "gopy/strmap.h"

#define GOPY_APPLICATION_ID 0x474F5059 /* "GOPY" */
#define STMT_CACHE 64
#define STORE_KEPT_MAX 8 /* at least PG_BEFORE_MAX (pg.h) */

struct pgstate;

struct store {
	sqlite3 *db;                /* the SQLite connection; NULL when the store is on a server */
	struct pgstate *pg;         /* the PostgreSQL connection (pg.c); NULL for a file */
	struct pg_bulk *pg_bulk;    /* a bulk import's staged comments on a server (pg_bulk.c) */
	bool lock_late;             /* server: the next write transaction takes the write lock only
	                               when asked (db_lock_statement), not as it begins */
	bool search_ready;          /* server: the transaction wrote only comments with their search
	                               vectors: no need to look for unindexed ones at the commit */
	bool committed;             /* server: the commit went with the transaction's last statement */
	bool commit_recovered;      /* server: the last commit's answer was lost, and it was committed
	                               (store_commit_recovered) */
	bool earlier_not_saved;     /* a write found the change before it not committed
	                               (store_earlier_not_saved) */
	bool commit_unknown;        /* server: the last commit's answer was lost and the server could
	                               not be asked (store_commit_unknown) */
	bool one_trip;              /* server: the next comment (in a transaction of its own) is placed,
	                               inserted and committed in one round trip (insert_placed) */
	bool keep_begin;            /* server: the next write transaction keeps its first statements
	                               (and the audit session's row) to send with its comment */
	bool begin_kept;            /* server: so kept, not yet sent (store_begin_send, insert_comment) */
	const char *kept[STORE_KEPT_MAX + 1]; /* those statements, NULL-ended */
	char *path;
	bool readonly;
	bool world_writable;        /* the file's mode lets every user write it */
	int tx_depth;               /* store_begin nesting */
	int64_t writes;             /* write transactions begun (store_own_writes) */
	bool tx_failed;             /* an inner step failed: the outermost commit rolls back */
	struct section_index *sections; /* folded labels of one document (store_section_find) */
	struct group_cache *groups; /* the last walk's groups while the review is unchanged (store_comment.c) */
	int view_version;           /* sections read and found from this version; 0: the newest */
	bool bulk_indexes_dropped;  /* store_bulk_begin dropped the secondary comment indexes */
	struct bulk *bulk;          /* store_bulk.c: what a bulk write keeps in memory; NULL outside one */
	bool (*stop)(void *ctx);    /* store_set_stop */
	void *stop_ctx;
	bool stopped;
	char *os_user;              /* the system login of this process (audit log) */
	gid actor;                  /* the delegate acting (audit log), 0 if none */
	char *bulk_source;          /* the file a bulk import reads (audit log), NULL if not said */
	const char *bulk_kind;      /* the audit log kind of a bulk write: "import" (NULL) or "merge" */
	int wait_limit;             /* seconds a write waits for another's lock; < 0: no limit */
	store_wait_fn wait_fn;      /* told how long it has waited; false stops waiting */
	void *wait_ctx;
	store_wait_fn server_wait_fn; /* store_set_server_wait */
	void *server_wait_ctx;
	double wait_start;          /* monotonic seconds when the current wait began */
	/* A WAL file in a folder this user cannot write (db.c): no -shm can be made, so the
	 * connection reads the others' -shm read-only, or the file as immutable when no -wal
	 * exists; the files are watched and the connection opened again when they change. */
	int open_flags;
	bool created;               /* db_open made the file (STORE_CREATE): removed if setup fails */
	bool watch_files;
	int64_t file_sig[8];        /* inode, size, time of the file, its -wal and -shm */
	int64_t reopens;            /* added (<< 32) to data_version: a new connection is a change */
	struct {
		const char *sql;        /* static SQL text (cache key by pointer) */
		struct dbq *q;
	} cache[STMT_CACHE];
};

/* A write transaction whose first statements were kept (st->keep_begin): send them now, with
 * the audit session's row, before a statement that needs the transaction open; 0 when none
 * were kept. */
int store_begin_send(struct store *st);
/* Bind the audit session's values (who, the delegate acting, now) to q's parameters i, i+1,
 * i+2: for a statement that makes the session's row itself (the comment kept begin with). */
void store_session_bind(struct store *st, struct dbq *q, int i);

/* SQL that differs between the engines: the SQLite form or the PostgreSQL one. Both are
 * static text, so a cached query keys on the chosen pointer. */
#define DB_SQL(st, lite_sql, pg_sql) ((st)->pg ? (pg_sql) : (lite_sql))
/* In a transaction begun with lock_late on a server: the statement that takes the write lock,
 * once (to send before the first statement that needs it, dbq_step_after); NULL otherwise. */
const char *db_lock_statement(struct store *st);
/* Whether that statement is still to be sent. */
bool db_lock_pending(const struct store *st);

struct section_index;
void section_index_free(struct section_index *x);
/* store_data_version of a file without looking whether its files changed (db_refresh, which
 * may open the connection again: never while a query of the store is being read). */
int64_t db_data_version(struct store *st);
struct group_cache;
void group_cache_free(struct group_cache *c);

/* Finalize every cached query (closing or reopening the connection). */
void db_cache_clear(struct store *st);
/* Run SQL with no result rows. */
int db_exec(struct store *st, const char *sql);
/* err_set from the connection's last error, with a short description of what was being
 * done; maps BUSY, READONLY, FULL, CORRUPT, NOTADB to clear sentences. Returns -1. */
int db_error(struct store *st, const char *doing);
/* Step a statement expected to finish (no rows); resets it. */
int db_step_done(struct store *st, struct dbq *s, const char *doing);
/* Step an INSERT whose new id (*id) is bound at parameter 1 (and, when also_idx > 0, at
 * that parameter too). If the id is taken (PRIMARY KEY conflict: likely only with the
 * seeded test generator, whose every process draws the same sequence), draw another id,
 * rebind and retry. Resets the statement; returns the last dbq_step result and leaves
 * the id used in *id. */
int db_step_insert(struct store *st, struct dbq *s, gid *id, int also_idx);
/* -1 with "WHAT is not valid UTF-8" unless s is NULL or valid UTF-8 (what: an N_() message id,
 * translated only then): text from outside is refused, never silently turned into U+FFFD. */
int db_require_utf8(const char *what, const char *s);
/* Bind helpers: text (NULL → NULL), id (0 → NULL). */
int db_bind_text(struct dbq *s, int i, const char *v);
int db_bind_id(struct dbq *s, int i, gid v);
/* Column as malloc'd string ("" for NULL when empty_for_null, else NULL). */
char *db_col_strdup(struct dbq *s, int i, bool empty_for_null);
/* Column as a malloc'd copy of its bytes (never NULL; an empty or NULL blob gives *len 0). */
unsigned char *db_col_blobdup(struct dbq *s, int i, size_t *len);
/* Borrowed column text, NULL for SQL NULL. */
const char *db_col_text(struct dbq *s, int i);

/* Thread keys (store_comment.c): 4 big-endian bytes a level. The component at k, the same
 * written at k, and the smallest key greater than every key that starts with k ("plus one"
 * with carry) in out, returning its length, 0 when there is none (k is all 0xFF). */
uint32_t key_component(const unsigned char *k);
void put_component(unsigned char *k, uint32_t v);
size_t key_successor(const unsigned char *k, size_t len, unsigned char *out);

/* comment_day (store_days.c, migration 12): each document's days, their comments' number and
 * bounds on their thread keys. A tally of rows in memory (days_add), filled by one read of the
 * comment table (days_scan: every row, or those of the bulk write under way), written by upserts
 * (days_write: n added, bounds widened). */
struct day_bound;
struct days {
	struct strmap at;       /* (document, day) → index in d */
	struct day_bound *d;
	size_t n, cap;
};
void days_add(struct days *ds, gid doc, const char *created_at, const unsigned char *key, size_t len);
int days_scan(struct store *st, bool since_paused, struct days *ds);
int days_write(struct store *st, const struct days *ds);
void days_free(struct days *ds);
/* days_scan then days_write: the migration's fill from every comment, or a bulk write's
 * catch-up from its rows (since_paused). */
int days_fill(struct store *st, bool since_paused);
/* `gopy check`: the table against one pass over the comments (n equal, bounds containing);
 * the number of problems, written to report, or -1. */
int days_check(struct store *st, struct buf *report);
/* A span of dates of a document (since, until: "YYYY-MM-DD…", NULL or "" open): its comment
 * rows (deleted ones too) and the range [lo, hi] their thread keys lie in; known is false when
 * the span has no day in the table (no comment). */
struct day_span {
	bool known;
	int64_t n;
	unsigned char *lo, *hi; /* owned */
	size_t lo_len, hi_len;
};
int days_span(struct store *st, gid doc, const char *since, const char *until, struct day_span *out);
void day_span_clear(struct day_span *s);
/* Two thread keys in the engines' order of blobs (bytes, then the shorter first): <0, 0, >0. */
int thread_key_cmp(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen);

/* Bulk writes (store_bulk.c). During one, comment_inserted (the counters' trigger) is set
 * aside in a file: whatever adds a comment calls bulk_count with its state as added (live: not
 * deleted; pending: live and disposition 0), which does nothing outside a bulk write. */
void bulk_count(struct store *st, gid doc, gid section, bool live, bool pending);
/* The tallies (per author, per disposition) of a live comment a bulk write added, counted in
 * memory as it is added; used at the end unless bulk_forget was called meanwhile (then the
 * new rows are read back and counted). Only insert_comment calls it. */
void bulk_tally(struct store *st, gid doc, gid author, int disposition, bool is_root);
/* The day of a comment a bulk write added (comment_day), kept in memory the same way. */
void bulk_day(struct store *st, gid doc, const char *created_at, const unsigned char *key, size_t len);
/* Forget the bulk state without writing it (store_close; a new bulk). */
void store_bulk_discard(struct store *st);
/* A comment a bulk write added, kept as the parent of replies to come: its thread position,
 * and the position of its last reply (0: none). Exact as long as comments are added only by
 * store_comment.c's insert_comment, which keeps it; any other code that adds comments during
 * a bulk write calls bulk_forget, and the window is not used again until its end. */
struct bulk_thread {
	gid id, doc, section, root;
	int depth;
	uint32_t last_child;
	size_t key_len;
	unsigned char key[32];
};
/* The comment id of the window, or NULL (not kept, or no bulk write). */
struct bulk_thread *bulk_thread_find(struct store *st, gid id);
/* The window's place for comment id (cleared, id set), which may push another out; NULL when
 * there is no bulk write or a key of key_len bytes is too long to keep. */
struct bulk_thread *bulk_thread_keep(struct store *st, gid id, size_t key_len);
/* The position of the last root of doc, when the bulk write knows it; bulk_root_set tells it. */
bool bulk_root_last(struct store *st, gid doc, uint32_t *last);
void bulk_root_set(struct store *st, gid doc, uint32_t last);
/* The document of a section: with *doc == 0, true and *doc when known; with *doc set, keeps it. */
bool bulk_section_doc(struct store *st, gid section, gid *doc);
void bulk_forget(struct store *st);

/* The comment table's secondary indexes: {name, CREATE statement}, ending with {NULL, NULL}. */
extern const char *const db_comment_indexes[][2];

/* Open sequence, pragmas and migrations (db.c). */
int db_open(struct store *st, const char *path, int flags);
/* The same on a copy of a database file's bytes, in memory (sqlite3_deserialize). */
int db_open_image(struct store *st, const void *data, size_t len);
/* For watched files (watch_files): open the connection again when the file, its -wal or
 * its -shm changed since the last look. 1 when it did, 0 when nothing changed, -1 on error. */
int db_refresh(struct store *st);
/* One check of store_check: each row of sql (one text column) is a problem, reported as
 * "what: row" (the first 20). The number of problems, or -1. */
int db_check_rows(struct store *st, struct buf *report, const char *sql, const char *what);
/* store_check's list: the schema version against the one expected, each check (step(ctx,
 * done, total) before each, may be NULL), then the search index (search_check). The number of
 * problems, or -1. */
struct db_check {
	const char *sql, *what;     /* rows of one text column, each a problem; what: N_() label.
	                               "@integrity" and "@counters" name the passes of db_check.c */
};
int db_check_list(struct store *st, struct buf *report, int64_t version, int expected, const struct db_check *checks,
                  size_t n_checks, store_check_step_fn step, void *ctx);
/* step: see store_check_steps (may be NULL). */
int db_run_check(struct store *st, struct buf *report, store_check_step_fn step, void *ctx);
/* db_check.c: the indexes against their tables (after quick_check), and the counters against one
 * pass over the comments; the problems found (appended to report), or -1. */
int db_check_integrity(struct store *st, struct buf *report);
int db_check_counters(struct store *st, struct buf *report);

/* Give delegates added by other tools (sort_key NULL) their Vietnamese sort key. Must be
 * called inside a write transaction. */
int delegate_fill_sort_keys(struct store *st);
/* FTS5 MATCH expression for folded text: the words as one phrase (as many phrases, joined
 * by OR, as there are spellings of its d's: d, đ, ð), whole words only (a prefix query makes
 * FTS5 merge every term with that prefix before the first hit). NULL when there is no word. */
char *search_match_expr(const char *folded);
/* True when text holds the folded query's words as whole words, with the marks of casefold
 * (text_casefold of the query) when it is not NULL: the check after the index matched. */
bool search_exact_match(const char *text, const char *folded, const char *casefold);
/* Check search index consistency; appends findings. Returns number of problems or -1. */
int search_check(struct store *st, struct buf *report);

/* A one-line field as stored: normalised, tabs and line breaks as spaces, trimmed (owned). */
char *clean_field(const char *s);

/* Write transaction helpers used by every mutating store function: begin (or join the
 * caller's), then end with ok = (rc == 0): commit, or roll back and keep the error. */
int store_write_begin(struct store *st);
int store_write_end(struct store *st, int rc);

#endif
