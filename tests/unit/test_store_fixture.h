/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_store_fixture.h — helpers shared by the store unit tests (test_store*.c): a scratch
 * directory, fresh databases, short ways to add rows, raw SQL on the store's connection,
 * comment copies for paging cursors and id lists collected from callbacks. */
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
#include <sqlite3.h>

#include "gopy/buf.h"
#include "gopy/err.h"
#include "gopy/outline.h"
#include "gopy/store.h"
#include "gopy/text.h"
#include "gopy/util.h"

#define FX_UNUSED __attribute__((unused))

static char fx_dir[256];
static int fx_seq;

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
	return 0;
}

/* A fresh path in the scratch directory (not created). */
static FX_UNUSED void fx_path(char *out, size_t n, const char *name)
{
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

/* Run SQL on the store's own connection; must succeed. */
static FX_UNUSED void fx_sql(struct store *st, const char *sql)
{
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
