/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dbq.c — the query layer on SQLite: prepared statements, their cache, binding and reading
 * columns, and the few connection facts the store code asks for (see dbq.h). A store on a
 * PostgreSQL server runs the same calls through pgq.c. */
#include "store_internal.h"
#include "pg.h"

#include <stdlib.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/util.h"

struct dbq {
	sqlite3_stmt *lite;
	struct pgq *pg;             /* instead of lite on a PostgreSQL store */
};

/* On PostgreSQL a query from db_prepare streams its rows through a cursor (it is read in a
 * loop that calls back into the store); a cached one reads its result at once. */
static struct dbq *prepare_pg(struct store *st, const char *sql, bool stream)
{
	struct pgq *p = pgq_new(st, sql, stream);
	if (!p)
		return NULL;
	struct dbq *q = xcalloc(1, sizeof *q);
	q->pg = p;
	return q;
}

static struct dbq *prepare(struct store *st, const char *sql, unsigned flags)
{
	sqlite3_stmt *s = NULL;
	if (st->pg)
		return prepare_pg(st, sql, flags == 0);
	if (!st->db) {
		err_set(_("%s: the database could not be opened again"), st->path);
		return NULL;
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, flags, &s, NULL) != SQLITE_OK) {
		db_error(st, N_("preparing a query"));
		sqlite3_finalize(s);
		return NULL;
	}
	struct dbq *q = xcalloc(1, sizeof *q);
	q->lite = s;
	return q;
}

struct dbq *db_prepare(struct store *st, const char *sql) { return prepare(st, sql, 0); }

struct dbq *db_cached(struct store *st, const char *sql)
{
	if (!st->db && !st->pg)
		return db_prepare(st, sql);
	unsigned h = (unsigned)(((uintptr_t)sql >> 3) % STMT_CACHE);
	for (unsigned i = 0; i < STMT_CACHE; i++) {
		unsigned j = (h + i) % STMT_CACHE;
		if (st->cache[j].sql == sql && st->cache[j].q->pg) {
			pgq_reset(st->cache[j].q->pg);
			pgq_clear_bindings(st->cache[j].q->pg);
			return st->cache[j].q;
		}
		if (st->cache[j].sql == sql) {
			sqlite3_reset(st->cache[j].q->lite);
			sqlite3_clear_bindings(st->cache[j].q->lite);
			return st->cache[j].q;
		}
		if (!st->cache[j].sql) {
			struct dbq *q = prepare(st, sql, SQLITE_PREPARE_PERSISTENT);
			if (!q)
				return NULL;
			st->cache[j].sql = sql;
			st->cache[j].q = q;
			return q;
		}
	}
	return db_prepare(st, sql); /* cache full: never happens with the fixed query set */
}

void db_cache_clear(struct store *st)
{
	for (int i = 0; i < STMT_CACHE; i++) {
		dbq_finalize(st->cache[i].q);
		st->cache[i].q = NULL;
		st->cache[i].sql = NULL;
	}
}

int dbq_step(struct dbq *q)
{
	if (q->pg) {
		int rc = pgq_step(q->pg);
		return rc > 0 ? DBQ_ROW : rc == 0 ? DBQ_DONE : SQLITE_ERROR;
	}
	return sqlite3_step(q->lite);
}

int dbq_step_around(struct dbq *q, const char *const *before, const char *const *after)
{
	if (q->pg) {
		int rc = pgq_step_around(q->pg, before, after);
		return rc > 0 ? DBQ_ROW : rc == 0 ? DBQ_DONE : SQLITE_ERROR;
	}
	for (; before && *before; before++) {
		int rc = sqlite3_exec(sqlite3_db_handle(q->lite), *before, NULL, NULL, NULL);
		if (rc != SQLITE_OK)
			return rc;
	}
	int rc = sqlite3_step(q->lite);
	for (; (rc == SQLITE_DONE || rc == SQLITE_ROW) && after && *after; after++) {
		int e = sqlite3_exec(sqlite3_db_handle(q->lite), *after, NULL, NULL, NULL);
		if (e != SQLITE_OK)
			return e;
	}
	return rc;
}

int dbq_step_after(struct dbq *q, const char *const *before) { return dbq_step_around(q, before, NULL); }

int dbq_step_then(struct dbq *q, const char *const *after) { return dbq_step_around(q, NULL, after); }

void dbq_expect_rows(struct dbq *q, int64_t n)
{
	if (q->pg)
		pgq_expect_rows(q->pg, n);
}

void dbq_read_whole(struct dbq *q, bool plan_each_run)
{
	if (q->pg)
		pgq_read_whole(q->pg, plan_each_run);
}

void dbq_reset(struct dbq *q)
{
	if (q->pg)
		pgq_reset(q->pg);
	else
		sqlite3_reset(q->lite);
}

void dbq_finalize(struct dbq *q)
{
	if (!q)
		return;
	if (q->pg)
		pgq_free(q->pg);
	else
		sqlite3_finalize(q->lite);
	free(q);
}

int dbq_bind_int64(struct dbq *q, int i, int64_t v)
{
	return q->pg ? pgq_bind_int64(q->pg, i, v) : sqlite3_bind_int64(q->lite, i, v);
}
int dbq_bind_int(struct dbq *q, int i, int v)
{
	return q->pg ? pgq_bind_int64(q->pg, i, v) : sqlite3_bind_int(q->lite, i, v);
}
int dbq_bind_null(struct dbq *q, int i) { return q->pg ? pgq_bind_null(q->pg, i) : sqlite3_bind_null(q->lite, i); }

int dbq_bind_text(struct dbq *q, int i, const char *v, int len)
{
	return q->pg ? pgq_bind_text(q->pg, i, v, len) : sqlite3_bind_text(q->lite, i, v, len, SQLITE_TRANSIENT);
}

int dbq_bind_blob(struct dbq *q, int i, const void *v, int len)
{
	return q->pg ? pgq_bind_blob(q->pg, i, v, len) : sqlite3_bind_blob(q->lite, i, v, len, SQLITE_TRANSIENT);
}

int dbq_bind_index(struct dbq *q, const char *name)
{
	return q->pg ? pgq_bind_index(q->pg, name) : sqlite3_bind_parameter_index(q->lite, name);
}
int dbq_bind_count(struct dbq *q) { return q->pg ? pgq_param_count(q->pg) : sqlite3_bind_parameter_count(q->lite); }

int64_t dbq_column_int64(struct dbq *q, int i)
{
	return q->pg ? pgq_column_int64(q->pg, i) : sqlite3_column_int64(q->lite, i);
}
int dbq_column_int(struct dbq *q, int i) { return q->pg ? (int)pgq_column_int64(q->pg, i) : sqlite3_column_int(q->lite, i); }
const char *dbq_column_text(struct dbq *q, int i)
{
	return q->pg ? pgq_column_text(q->pg, i) : (const char *)sqlite3_column_text(q->lite, i);
}
const void *dbq_column_blob(struct dbq *q, int i)
{
	return q->pg ? pgq_column_blob(q->pg, i) : sqlite3_column_blob(q->lite, i);
}
int dbq_column_bytes(struct dbq *q, int i) { return q->pg ? pgq_column_bytes(q->pg, i) : sqlite3_column_bytes(q->lite, i); }
bool dbq_column_is_null(struct dbq *q, int i)
{
	return q->pg ? pgq_column_is_null(q->pg, i) : sqlite3_column_type(q->lite, i) == SQLITE_NULL;
}

int64_t db_total_changes(struct store *st)
{
	return !st->pg && st->db ? sqlite3_total_changes64(st->db) : 0;
}

int64_t db_changes(struct store *st)
{
	if (st->pg)
		return pg_changes(st);
	return st->db ? sqlite3_changes64(st->db) : 0;
}

enum db_fault db_last_fault(struct store *st)
{
	if (st->pg)
		return pg_last_fault(st);
	switch (st->db ? sqlite3_extended_errcode(st->db) : SQLITE_ERROR) {
	case SQLITE_CONSTRAINT_UNIQUE: return DB_FAULT_UNIQUE;
	case SQLITE_CONSTRAINT_PRIMARYKEY: return DB_FAULT_PRIMARY_KEY;
	case SQLITE_CONSTRAINT_FOREIGNKEY: return DB_FAULT_FOREIGN_KEY;
	default: return DB_FAULT_OTHER;
	}
}

bool db_in_transaction(struct store *st)
{
	if (st->pg)
		return pg_in_transaction(st);
	return st->db && !sqlite3_get_autocommit(st->db);
}

void db_exec_quiet(struct store *st, const char *sql)
{
	if (st->pg) {
		pg_exec_quiet(st, sql);
		return;
	}
	if (st->db)
		sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}
