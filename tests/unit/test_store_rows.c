/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_store_rows.c — a review as rows (store.h, "whole tables"): the list of tables and
 * columns is the whole schema (a migration that adds a table or a column fails here until the
 * list has it); rows read back as stored, types included; a restore writes them exactly,
 * with no trigger adding anything, refuses a store that holds a row, needs its own
 * transaction, and leaves nothing (and the triggers in place) when it is rolled back or a
 * reference is broken. */
/* engines: both (tests/run.sh runs it again on PostgreSQL: tests/unit/test_store_fixture.h) */
#include "test_store_fixture.h"

/* Tables that hold no data of the review of their own: an SQLite file's search index and
 * sequences, a server's row of application id and schema version; on either, the markers of
 * a paused index and of the session writing. */
static bool derived(const char *name)
{
	return strncmp(name, "comment_fts", 11) == 0 || strcmp(name, "sqlite_sequence") == 0 ||
	       strcmp(name, "meta") == 0 || strcmp(name, "search_paused") == 0 || strcmp(name, "audit_session") == 0;
}

/* Columns that hold no data of their own: a server's search vector, made from the text. */
static bool derived_column(const char *table, const char *col)
{
	return fx_on_server() && strcmp(table, "comment") == 0 && strcmp(col, "search") == 0;
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
	struct buf names = {0};
	fx_lines(st, &names, fx_on_server() ? "SELECT table_name FROM information_schema.tables WHERE table_schema = "
	                                      "'gopy' AND table_type = 'BASE TABLE'"
	                                    : "SELECT name FROM sqlite_master WHERE type = 'table'");
	int tables = 0;
	for (char *name = names.data, *end; name && (end = strchr(name, '\n')); name = end + 1) {
		*end = 0;
		if (derived(name))
			continue;
		if (!listed(name))
			fail_msg("table %s is not in store_tables(): add it to src/store/store_rows.c", name);
		tables++;
		/* its columns, every one listed */
		char sql[200];
		if (fx_on_server())
			snprintf(sql, sizeof sql, "SELECT column_name FROM information_schema.columns WHERE table_schema = "
			                          "'gopy' AND table_name = '%s'", name);
		else
			snprintf(sql, sizeof sql, "SELECT name FROM pragma_table_info('%s')", name);
		struct buf cols = {0};
		fx_lines(st, &cols, sql);
		int n = 0;
		for (char *col = cols.data, *e; col && (e = strchr(col, '\n')); col = e + 1) {
			*e = 0;
			if (derived_column(name, col))
				continue;
			bool found = false;
			for (int i = 0; store_table_column(name, i); i++)
				found = found || strcmp(store_table_column(name, i), col) == 0;
			if (!found)
				fail_msg("column %s.%s is not in src/store/store_rows.c", name, col);
			n++;
		}
		buf_free(&cols);
		assert_int_equal(n, store_table_width(name));
	}
	buf_free(&names);
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

/* The triggers in force: a restore drops a file's (and makes them again at its end) and
 * disables a server's. */
static int64_t triggers_of(struct store *st)
{
	return fx_on_server() ? fx_int(st, "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
	                                   "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'gopy' "
	                                   "AND NOT t.tgisinternal AND t.tgenabled <> 'D'")
	                      : fx_int(st, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'");
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
	assert_int_equal(triggers_of(dst),
	                 triggers_of(src));
	struct ids hits = fx_search(dst, "tra loi", SEARCH_FOLD, 0, 0, NULL);
	assert_int_equal(hits.n, 1);
	ids_free(&hits);
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
	int64_t triggers = triggers_of(dst);
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
	assert_int_equal(triggers_of(dst), 0);
	assert_int_equal(store_restore_end(dst, false), 0);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM delegate"), 0);
	assert_int_equal(triggers_of(dst), triggers);

	/* a broken reference (a comment without its author) fails the whole restore at the end */
	fx_sql(src, fx_on_server() ? "SET session_replication_role = replica" : "PRAGMA foreign_keys = OFF");
	fx_sql(src, "DELETE FROM tally_author; UPDATE comment SET author_id = 12345 WHERE parent_id IS NOT NULL");
	if (fx_on_server())
		fx_sql(src, "SET session_replication_role = DEFAULT");
	assert_int_equal(restore_all(src, dst), -1);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM comment"), 0);
	assert_int_equal(fx_int(dst, "SELECT count(*) FROM delegate"), 0);
	assert_int_equal(triggers_of(dst), triggers);
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
