/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_store_rows.c — a review as rows (store.h, "whole tables"): the list of tables and
 * columns is the whole schema (a migration that adds a table or a column fails here until the
 * list has it); rows read back as stored, types included; a restore writes them exactly,
 * with no trigger adding anything, refuses a store that holds a row, needs its own
 * transaction, and leaves nothing (and the triggers in place) when it is rolled back or a
 * reference is broken. */
#include "test_store_fixture.h"

/* Tables of an SQLite file that hold no data of the review of their own. */
static bool derived(const char *name)
{
	return strncmp(name, "comment_fts", 11) == 0 || strcmp(name, "sqlite_sequence") == 0 ||
	       strcmp(name, "search_paused") == 0 || strcmp(name, "audit_session") == 0;
}

static bool listed(const char *name)
{
	for (const char *const *t = store_tables(); *t; t++)
		if (strcmp(*t, name) == 0)
			return true;
	return false;
}

static void test_every_table_and_column(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "schema");
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), "SELECT name FROM sqlite_master WHERE type = 'table'", -1,
	                                     &s, NULL), SQLITE_OK);
	int tables = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		if (derived(name))
			continue;
		if (!listed(name))
			fail_msg("table %s is not in store_tables(): add it to src/store/store_rows.c", name);
		tables++;
		/* its columns, every one listed */
		char sql[200];
		snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s')", name);
		sqlite3_stmt *c;
		assert_int_equal(sqlite3_prepare_v2(store_sqlite(st), sql, -1, &c, NULL), SQLITE_OK);
		int n = 0;
		while (sqlite3_step(c) == SQLITE_ROW) {
			const char *col = (const char *)sqlite3_column_text(c, 0);
			bool found = false;
			for (int i = 0; store_table_column(name, i); i++)
				found = found || strcmp(store_table_column(name, i), col) == 0;
			if (!found)
				fail_msg("column %s.%s is not in src/store/store_rows.c", name, col);
			n++;
		}
		sqlite3_finalize(c);
		assert_int_equal(n, store_table_width(name));
	}
	sqlite3_finalize(s);
	int n = 0;
	while (store_tables()[n])
		n++;
	assert_int_equal(tables, n);
	assert_int_equal(store_table_width("no_such_table"), 0);
	assert_null(store_table_column("comment", 99));
	store_close(st);
}

/* A review with a thread, an edit, a disposition and a hostile text. */
static struct store *small_review(char *path)
{
	struct store *st = fx_create(path, "src");
	gid a = fx_delegate(st, "A", "Nguyễn Văn An", "Sở", NULL, NULL);
	gid d = fx_document(st, "D", "Đề án");
	gid s = fx_section(st, d, 0, 1, 1, 0, "Điều 1", "Điều 1", "Phạm vi", "Nội dung");
	gid c = fx_comment(st, d, s, 0, a, "gốc '); DROP TABLE comment;--", "2024-03-01T08:00:00Z");
	fx_comment(st, d, s, c, a, "trả lời", "2024-03-01T08:01:00Z");
	fx_sqlf(st, "UPDATE comment SET disposition = 2, response = 'Tiếp thu' WHERE id = %lld", (long long)c);
	fx_sqlf(st, "UPDATE comment SET body = 'sửa' WHERE id = %lld", (long long)c);
	return st;
}

struct rows {
	struct buf text;           /* every row of every table, one line each */
	int64_t n;
};

static int dump_row(void *ctx, const struct store_cell *cells, int n)
{
	struct rows *r = ctx;
	for (int i = 0; i < n; i++) {
		const struct store_cell *c = &cells[i];
		switch (c->type) {
		case CELL_NULL: buf_puts(&r->text, "|N"); break;
		case CELL_INT: buf_printf(&r->text, "|i%lld", (long long)c->i); break;
		case CELL_TEXT: buf_printf(&r->text, "|t%.*s", c->len, (const char *)c->p); break;
		case CELL_BLOB:
			buf_puts(&r->text, "|b");
			for (int k = 0; k < c->len; k++)
				buf_printf(&r->text, "%02x", ((const unsigned char *)c->p)[k]);
			break;
		}
	}
	buf_putc(&r->text, '\n');
	r->n++;
	return 0;
}

static char *dump(struct store *st)
{
	struct rows r = {0};
	for (const char *const *t = store_tables(); *t; t++) {
		buf_printf(&r.text, "== %s\n", *t);
		assert_int_equal(store_rows_each(st, *t, dump_row, &r), 0);
	}
	return buf_take(&r.text);
}

struct into {
	struct store *dst;
	const char *table;
};

static int insert_row(void *ctx, const struct store_cell *cells, int n)
{
	struct into *i = ctx;
	return store_row_insert(i->dst, i->table, cells, n) == 0 ? 0 : -1;
}

static int restore_all(struct store *src, struct store *dst)
{
	if (store_restore_begin(dst) != 0)
		return -1;
	int rc = 0;
	for (const char *const *t = store_tables(); rc == 0 && *t; t++) {
		struct into i = {dst, *t};
		rc = store_rows_each(src, *t, insert_row, &i);
	}
	return store_restore_end(dst, rc == 0) == 0 && rc == 0 ? 0 : -1;
}

static void test_rows_and_restore(void **state)
{
	(void)state;
	char p1[300], p2[300];
	struct store *src = small_review(p1);
	char *before = dump(src);
	/* what was read is what is stored: the disposition's old value a number, a blob key */
	assert_non_null(strstr(before, "|tdisposition|N|"));
	assert_non_null(strstr(before, "|i0|i2|"));
	assert_non_null(strstr(before, "|b00000001|"));

	struct store *dst = fx_create(p2, "dst");
	int64_t audit_before = fx_int(dst, "SELECT count(*) FROM audit");
	assert_int_equal(audit_before, 0);
	assert_int_equal(restore_all(src, dst), 0);
	char *after = dump(dst);
	assert_string_equal(after, before);
	/* the triggers are back: a new comment is counted, logged and searchable */
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"),
	                 fx_int(src, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"));
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM comment_fts WHERE comment_fts MATCH 'tra loi'"), 1);
	gid a = fx_int(dst, "SELECT id FROM delegate"), d = fx_int(dst, "SELECT id FROM document");
	int64_t audit = fx_int(dst, "SELECT count(*) FROM audit");
	fx_comment(dst, d, 0, 0, a, "mới", "2024-03-01T09:00:00Z");
	assert_int_equal(fx_int(dst, "SELECT n_comments FROM document"), 3);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM audit"), audit + 1);
	assert_int_equal(fx_int(dst, "SELECT max(seq) FROM comment"), 3);
	struct buf report = {0};
	assert_int_equal(store_check(dst, &report), 0);
	buf_free(&report);

	/* a store that holds rows is refused, and left as it was */
	char *full = dump(dst);
	assert_int_equal(store_restore_begin(dst), -1);
	assert_non_null(strstr(err_msg(), "is not empty"));
	char *still = dump(dst);
	assert_string_equal(full, still);
	free(full);
	free(still);
	free(before);
	free(after);
	store_close(src);
	store_close(dst);
}

static void test_restore_all_or_nothing(void **state)
{
	(void)state;
	char p1[300], p2[300];
	struct store *src = small_review(p1);
	struct store *dst = fx_create(p2, "dst");
	int64_t triggers = fx_int(dst, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'");
	struct store_cell one = {.type = CELL_INT, .i = 1};
	/* rows only inside a restore, of the table's width, of a known table */
	assert_int_equal(store_row_insert(dst, "delegate", &one, 1), -1);
	assert_int_equal(store_restore_begin(dst), 0);
	assert_int_equal(store_restore_begin(dst), -1);
	assert_int_equal(store_row_insert(dst, "delegate", &one, 1), -1);
	assert_non_null(strstr(err_msg(), "needs 8 values"));
	assert_int_equal(store_row_insert(dst, "nothing", &one, 1), -1);
	assert_int_equal(store_rows_each(dst, "nothing", insert_row, NULL), -1);
	/* rolled back: nothing, and every trigger back */
	struct into i = {dst, "delegate"};
	assert_int_equal(store_rows_each(src, "delegate", insert_row, &i), 0);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), 0);
	assert_int_equal(store_restore_end(dst, false), 0);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM delegate"), 0);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), triggers);

	/* a broken reference (a comment without its author) fails the whole restore at the end */
	fx_sql(src, "PRAGMA foreign_keys = OFF");
	fx_sql(src, "DELETE FROM tally_author; UPDATE comment SET author_id = 12345 WHERE parent_id IS NOT NULL");
	assert_int_equal(restore_all(src, dst), -1);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM comment"), 0);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM delegate"), 0);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"), triggers);
	/* and a good one goes through after it */
	fx_sql(src, "UPDATE comment SET author_id = (SELECT id FROM delegate)");
	assert_int_equal(restore_all(src, dst), 0);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM comment"), 2);
	store_close(src);
	store_close(dst);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_table_and_column),
		cmocka_unit_test(test_rows_and_restore),
		cmocka_unit_test(test_restore_all_or_nothing),
	};
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
