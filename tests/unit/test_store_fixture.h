/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_store_fixture.h — helpers shared by the store unit tests (test_store*.c): a scratch
 * directory, fresh databases, short ways to add rows, raw SQL on the store's database,
 * comment copies for paging cursors and id lists collected from callbacks.
 *
 * Engines: a fresh database is an SQLite file in the scratch directory or, with
 * GOPY_TEST_ENGINE=pg (the second pass of tests/run.sh), a new database on the PostgreSQL test
 * server it shares through GOPY_TEST_PGHOST/GOPY_TEST_PGPORT (tests/pg/server.bash), dropped at
 * the group's end. fx_sql and fx_int run their SQL on the store's own connection on either
 * engine (on a server in gopy's schema, inside the store's transaction when one is open):
 * write it in the dialect both engines share (src/store/MIGRATIONS.md), or choose it by
 * fx_on_server(). A test that reads the SQLite file itself runs on files only. */
#ifndef TEST_STORE_FIXTURE_H
#define TEST_STORE_FIXTURE_H

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include "gopy/buf.h"
#include "gopy/err.h"
#include "gopy/outline.h"
#include "gopy/store.h"
#include "gopy/text.h"
#include "gopy/util.h"

/* The store's connection to a server (src/store/pg.h), as store_sqlite is a file's. */
PGconn *pg_connection(struct store *st);

#define FX_UNUSED __attribute__((unused))

static char fx_dir[256];
static int fx_seq;

/* ---- the engine ---------------------------------------------------------------------- */

static FX_UNUSED bool fx_on_server(void)
{
	const char *e = getenv("GOPY_TEST_ENGINE");
	return e && strcmp(e, "pg") == 0;
}

static char fx_dbs[64][64]; /* the server's databases made by this test program */
static int fx_n_dbs;

/* A connection to the server's database of administration, as its superuser. */
static PGconn *fx_pg_connect(void)
{
	const char *host = getenv("GOPY_TEST_PGHOST"), *port = getenv("GOPY_TEST_PGPORT");
	if (!host || !*host)
		fail_msg("GOPY_TEST_ENGINE=pg needs the test server: run through tests/run.sh (GOPY_TEST_PGHOST)");
	const char *kw[] = {"host", "port", "user", "dbname", "options", NULL};
	const char *val[] = {host, port && *port ? port : "5432", "postgres", "postgres", "-c client_min_messages=warning",
	                     NULL};
	PGconn *c = PQconnectdbParams(kw, val, 0);
	if (PQstatus(c) != CONNECTION_OK)
		fail_msg("connecting to the test server: %s", PQerrorMessage(c));
	return c;
}

/* Run SQL on conn; must succeed. The result, when rows are wanted (else NULL). */
static PGresult *fx_pg_exec(PGconn *conn, const char *sql, bool rows)
{
	PGresult *r = PQexec(conn, sql);
	ExecStatusType want = rows ? PGRES_TUPLES_OK : PGRES_COMMAND_OK;
	ExecStatusType got = PQresultStatus(r);
	if (got != want && !(got == PGRES_TUPLES_OK && !rows))
		fail_msg("SQL failed: %s  %s", PQresultErrorMessage(r), sql);
	if (!rows) {
		PQclear(r);
		return NULL;
	}
	return r;
}

static void fx_pg_admin(const char *sql)
{
	PGconn *c = fx_pg_connect();
	fx_pg_exec(c, sql, false);
	PQfinish(c);
}

/* A new empty database on the server; its URL in out. */
static void fx_pg_newdb(char *out, size_t n, const char *name)
{
	assert_true(fx_n_dbs < (int)(sizeof fx_dbs / sizeof fx_dbs[0]));
	char *db = fx_dbs[fx_n_dbs++];
	snprintf(db, sizeof fx_dbs[0], "u%ld_%s_%d", (long)getpid(), name, ++fx_seq);
	char sql[200];
	snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%.63s\" WITH (FORCE)", db);
	fx_pg_admin(sql);
	snprintf(sql, sizeof sql, "CREATE DATABASE \"%.63s\" TEMPLATE template0 ENCODING 'UTF8'", db);
	fx_pg_admin(sql);
	const char *port = getenv("GOPY_TEST_PGPORT");
	snprintf(out, n, "postgresql:///%s?host=%s&port=%s&user=postgres", db, getenv("GOPY_TEST_PGHOST"),
	         port && *port ? port : "5432");
}

/* The server's databases of this program, dropped (at the group's end). */
static void fx_pg_dropall(void)
{
	for (int i = 0; i < fx_n_dbs; i++) {
		char sql[200];
		snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS \"%.63s\" WITH (FORCE)", fx_dbs[i]);
		fx_pg_admin(sql);
	}
	fx_n_dbs = 0;
}

/* A blob literal of the bytes in hex, in the engine's SQL (into out). */
static FX_UNUSED const char *fx_blob(char *out, size_t n, const char *hex)
{
	snprintf(out, n, fx_on_server() ? "'\\x%s'::bytea" : "x'%s'", hex);
	return out;
}

/* Group setup: a private scratch directory and a fixed clock and id seed. */
static FX_UNUSED int fx_group_setup(void **state)
{
	(void)state;
	const char *tmp = getenv("TMPDIR");
	snprintf(fx_dir, sizeof fx_dir, "%s/gopy-store-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fx_dir))
		return -1;
	setenv("GOPY_NOW", "2024-03-01T08:00:00Z", 1);
	setenv("GOPY_SEED", "4242", 1);
	setenv("TZ", "UTC", 1);
	return 0;
}

/* Group teardown: remove everything in the scratch directory, then it. */
static FX_UNUSED int fx_group_teardown(void **state)
{
	(void)state;
	DIR *d = opendir(fx_dir);
	if (d) {
		struct dirent *e;
		char p[600];
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(p, sizeof p, "%s/%s", fx_dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(fx_dir);
	if (fx_on_server())
		fx_pg_dropall();
	return 0;
}

/* A fresh database: a path in the scratch directory (no file yet), or the URL of a new
 * empty database on the server. */
static FX_UNUSED void fx_path(char *out, size_t n, const char *name)
{
	if (fx_on_server())
		fx_pg_newdb(out, n, name);
	else
		snprintf(out, n, "%s/%s-%d.db", fx_dir, name, ++fx_seq);
}

/* Create a new database at a fresh path (written to path_out, >= 300 bytes). */
static FX_UNUSED struct store *fx_create(char *path_out, const char *name)
{
	fx_path(path_out, 300, name);
	struct store *st = NULL;
	int rc = store_open(path_out, STORE_CREATE, &st);
	if (rc != 0)
		print_error("store_open(%s): %s\n", path_out, err_msg());
	assert_int_equal(rc, 0);
	assert_non_null(st);
	return st;
}

/* A path in the scratch directory for a file that is no review (a changes file, an export). */
static FX_UNUSED void fx_file(char *out, size_t n, const char *name)
{
	snprintf(out, n, "%s/%s-%d", fx_dir, name, ++fx_seq);
}

static FX_UNUSED struct store *fx_open(const char *path, int flags)
{
	struct store *st = NULL;
	int rc = store_open(path, flags, &st);
	if (rc != 0)
		print_error("store_open(%s): %s\n", path, err_msg());
	assert_int_equal(rc, 0);
	assert_non_null(st);
	return st;
}

/* The whole file, malloc'd (NULL if it cannot be read); *n its size. */
static FX_UNUSED char *fx_slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	*n = 0;
	if (!f)
		return NULL;
	struct buf b = {0};
	char chunk[4096];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, k);
	fclose(f);
	*n = b.len;
	return buf_take(&b);
}

static FX_UNUSED void fx_write_file(const char *path, const char *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	if (n)
		assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* A copy of the review at from (no session open on it) as a fresh database (its path or URL
 * in to, >= 300 bytes): the file's bytes, or the server's CREATE DATABASE … TEMPLATE. */
static FX_UNUSED void fx_copy(const char *from, char *to, const char *name)
{
	fx_path(to, 300, name);
	if (fx_on_server()) {
		char sql[300];
		const char *a = from + strlen("postgresql:///"), *b = to + strlen("postgresql:///");
		snprintf(sql, sizeof sql, "DROP DATABASE \"%.*s\"", (int)strcspn(b, "?"), b);
		fx_pg_admin(sql);
		snprintf(sql, sizeof sql, "CREATE DATABASE \"%.*s\" TEMPLATE \"%.*s\"", (int)strcspn(b, "?"), b,
		         (int)strcspn(a, "?"), a);
		fx_pg_admin(sql);
		return;
	}
	size_t n;
	char *bytes = fx_slurp(from, &n);
	assert_non_null(bytes);
	fx_write_file(to, bytes, n);
	free(bytes);
}

struct fx_restore {
	struct store *dst;
	const char *table;
};

static int fx_put_row(void *ctx, const struct store_cell *cells, int n)
{
	struct fx_restore *r = ctx;
	return store_row_insert(r->dst, r->table, cells, n);
}

/* The review at path (no session open on it) as an SQLite file in the scratch directory (its
 * path in out, >= 300 bytes): a changes file is made from files, so a server's review is
 * copied whole first (as `gopy changes` does). */
static FX_UNUSED void fx_as_file(const char *path, char *out, const char *name)
{
	fx_file(out, 300, name);
	strcat(out, ".db");
	if (!fx_on_server()) {
		size_t n;
		char *bytes = fx_slurp(path, &n);
		assert_non_null(bytes);
		fx_write_file(out, bytes, n);
		free(bytes);
		return;
	}
	struct store *src = fx_open(path, STORE_READONLY), *dst = fx_open(out, STORE_CREATE);
	assert_int_equal(store_restore_begin(dst), 0);
	struct fx_restore r = {.dst = dst};
	for (const char *const *t = store_tables(); *t; t++) {
		r.table = *t;
		int rc = store_rows_each(src, *t, fx_put_row, &r);
		if (rc != 0)
			print_error("copying %s: %s\n", *t, err_msg());
		assert_int_equal(rc, 0);
	}
	assert_int_equal(store_restore_end(dst, true), 0);
	store_close(dst);
	store_close(src);
}

static int fx_dump_row(void *ctx, const struct store_cell *cells, int n)
{
	struct buf *b = ctx;
	for (int i = 0; i < n; i++) {
		buf_printf(b, "|%d:", (int)cells[i].type);
		if (cells[i].type == CELL_INT)
			buf_printf(b, "%lld", (long long)cells[i].i);
		else if (cells[i].p)
			buf_append(b, cells[i].p, (size_t)cells[i].len);
	}
	buf_putc(b, '\n');
	return 0;
}

/* What a review holds, to tell whether it was written: a file's bytes, a server database's
 * rows of every table (read through a store of its own, no session of the caller's open). */
static FX_UNUSED char *fx_contents(const char *path, size_t *n)
{
	if (!fx_on_server())
		return fx_slurp(path, n);
	struct store *st = fx_open(path, STORE_READONLY);
	struct buf b = {0};
	for (const char *const *t = store_tables(); *t; t++) {
		buf_printf(&b, "== %s\n", *t);
		assert_int_equal(store_rows_each(st, *t, fx_dump_row, &b), 0);
	}
	store_close(st);
	*n = b.len;
	return buf_take(&b);
}

static FX_UNUSED gid fx_delegate(struct store *st, const char *code, const char *name, const char *unit,
                                 const char *role, const char *login)
{
	struct delegate d = {.code = (char *)code, .name = (char *)name, .unit = (char *)unit, .role = (char *)role,
	                     .login = (char *)login};
	int rc = store_delegate_add(st, &d);
	if (rc != 0)
		print_error("store_delegate_add(%s): %s\n", code, err_msg());
	assert_int_equal(rc, 0);
	assert_true(d.id > 0);
	return d.id;
}

static FX_UNUSED gid fx_document(struct store *st, const char *code, const char *title)
{
	struct document d = {.code = (char *)code, .title = (char *)title};
	int rc = store_document_add(st, &d);
	if (rc != 0)
		print_error("store_document_add(%s): %s\n", code, err_msg());
	assert_int_equal(rc, 0);
	assert_true(d.id > 0);
	return d.id;
}

static FX_UNUSED gid fx_section(struct store *st, gid doc, gid parent, int64_t pos, int level, int depth,
                                const char *label, const char *full, const char *heading, const char *body)
{
	struct section s = {.doc_id = doc, .parent_id = parent, .position = pos, .level = level, .depth = depth,
	                    .label = (char *)label, .full_label = (char *)full, .heading = (char *)heading,
	                    .body = (char *)body};
	int rc = store_section_add(st, &s);
	if (rc != 0)
		print_error("store_section_add(%s): %s\n", label, err_msg());
	assert_int_equal(rc, 0);
	assert_true(s.id > 0);
	return s.id;
}

static FX_UNUSED gid fx_comment(struct store *st, gid doc, gid section, gid parent, gid author, const char *body,
                                const char *created_at)
{
	struct comment_new c = {.doc_id = doc, .section_id = section, .parent_id = parent, .author_id = author,
	                        .body = body, .created_at = created_at};
	gid id = 0;
	int rc = store_comment_add(st, &c, &id);
	if (rc != 0)
		print_error("store_comment_add(%s): %s\n", body, err_msg());
	assert_int_equal(rc, 0);
	assert_true(id > 0);
	return id;
}

/* Run SQL on the store's database (a file: its own connection); must succeed. */
static FX_UNUSED void fx_sql(struct store *st, const char *sql)
{
	if (fx_on_server()) {
		fx_pg_exec(pg_connection(st), sql, false);
		return;
	}
	char *msg = NULL;
	int rc = sqlite3_exec(store_sqlite(st), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		print_error("SQL failed: %s\n  %s\n", msg ? msg : "?", sql);
	sqlite3_free(msg);
	assert_int_equal(rc, SQLITE_OK);
}

/* printf-style fx_sql. */
static FX_UNUSED void fx_sqlf(struct store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static FX_UNUSED void fx_sqlf(struct store *st, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	fx_sql(st, b.data);
	buf_free(&b);
}

/* The integer of the first column of the first row of a query. */
static FX_UNUSED int64_t fx_int(struct store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static FX_UNUSED int64_t fx_int(struct store *st, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (fx_on_server()) { /* a boolean reads as 1 or 0, as SQLite gives it */
		PGresult *r = fx_pg_exec(pg_connection(st), b.data, true);
		if (PQntuples(r) < 1)
			fail_msg("no row: %s", b.data);
		const char *v = PQgetvalue(r, 0, 0);
		int64_t n = strcmp(v, "t") == 0 ? 1 : strcmp(v, "f") == 0 ? 0 : strtoll(v, NULL, 10);
		PQclear(r);
		buf_free(&b);
		return n;
	}
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(store_sqlite(st), b.data, -1, &s, NULL);
	if (rc != SQLITE_OK)
		print_error("prepare failed: %s\n  %s\n", sqlite3_errmsg(store_sqlite(st)), b.data);
	assert_int_equal(rc, SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	buf_free(&b);
	return v;
}

/* Is a transaction open on the store's connection? */
static FX_UNUSED bool fx_in_transaction(struct store *st)
{
	if (fx_on_server())
		return PQtransactionStatus(pg_connection(st)) != PQTRANS_IDLE;
	return sqlite3_get_autocommit(store_sqlite(st)) == 0;
}

/* Each row's first column of a query, a line each, appended to b (on either engine). */
static FX_UNUSED void fx_lines(struct store *st, struct buf *b, const char *sql)
{
	if (fx_on_server()) {
		PGresult *r = fx_pg_exec(pg_connection(st), sql, true);
		for (int i = 0; i < PQntuples(r); i++)
			buf_printf(b, "%s\n", PQgetvalue(r, i, 0));
		PQclear(r);
		return;
	}
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &s, NULL), SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW)
		buf_printf(b, "%s\n", (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
}

/* ---- id lists ------------------------------------------------------------------------ */

struct ids {
	gid *v;
	size_t n, cap;
};

static FX_UNUSED void ids_push(struct ids *l, gid id)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = id;
}

static FX_UNUSED void ids_free(struct ids *l)
{
	free(l->v);
	memset(l, 0, sizeof *l);
}

static FX_UNUSED bool ids_has(const struct ids *l, gid id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == id)
			return true;
	return false;
}

/* The integers of a query's first column, in its order (the SQL printf-style, on either engine). */
static FX_UNUSED struct ids fx_ids(struct store *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static FX_UNUSED struct ids fx_ids(struct store *st, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	struct ids l = {0};
	if (fx_on_server()) {
		PGresult *r = fx_pg_exec(pg_connection(st), b.data, true);
		for (int i = 0; i < PQntuples(r); i++)
			ids_push(&l, strtoll(PQgetvalue(r, i, 0), NULL, 10));
		PQclear(r);
	} else {
		sqlite3_stmt *s = NULL;
		assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), b.data, -1, &s, NULL), SQLITE_OK);
		while (sqlite3_step(s) == SQLITE_ROW)
			ids_push(&l, sqlite3_column_int64(s, 0));
		sqlite3_finalize(s);
	}
	buf_free(&b);
	return l;
}

static FX_UNUSED int collect_comment_id(void *ctx, const struct comment *c)
{
	ids_push(ctx, c->id);
	return 0;
}

static FX_UNUSED int collect_delegate_id(void *ctx, const struct delegate *d)
{
	ids_push(ctx, d->id);
	return 0;
}

static FX_UNUSED int collect_hit_id(void *ctx, const struct search_hit *h)
{
	ids_push(ctx, h->id);
	return 0;
}

/* Every comment id of a query (store_comment_each). */
static FX_UNUSED struct ids fx_each(struct store *st, const struct comment_query *q)
{
	struct ids l = {0};
	int rc = store_comment_each(st, q, collect_comment_id, &l);
	if (rc != 0)
		print_error("store_comment_each: %s\n", err_msg());
	assert_int_equal(rc, 0);
	return l;
}

/* A search's hit ids. */
static FX_UNUSED struct ids fx_search(struct store *st, const char *query, enum search_mode mode, gid doc,
                                      int64_t limit, enum search_mode *used)
{
	struct ids l = {0};
	int rc = store_search(st, query, mode, doc, limit, collect_hit_id, &l, used);
	if (rc != 0)
		print_error("store_search(%s): %s\n", query, err_msg());
	assert_int_equal(rc, 0);
	return l;
}

/* ---- owned comment copies (cursors) ---------------------------------------------------- */

static FX_UNUSED char *dup_or_null(const char *s) { return s ? xstrdup(s) : NULL; }

static FX_UNUSED void comment_copy(struct comment *dst, const struct comment *src)
{
	*dst = *src;
	unsigned char *k = xmalloc(src->key_len + 1);
	if (src->key_len)
		memcpy(k, src->key, src->key_len);
	dst->key = k;
	char **f[] = {&dst->author_code, &dst->author_name, &dst->author_unit, &dst->entered_by_name, &dst->body,
	              &dst->quote, &dst->created_at, &dst->edited_at, &dst->deleted_at, &dst->response,
	              &dst->handled_by_name, &dst->handled_at, &dst->section_label};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		*f[i] = dup_or_null(*f[i]);
}

#endif
