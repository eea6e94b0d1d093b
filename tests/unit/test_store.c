/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_store.c — the store layer, part one: opening and its refusals (file left byte for
 * byte unchanged), migrations, delegates (Vietnamese order, lookups, the picker match),
 * documents and sections (label lookup), comments (thread keys, replies, edit, soft delete,
 * handling), the maintained counters, transactions, read-only stores, data_version, rows
 * written by other tools through plain SQL and store_check.
 * Paging, filters and search are in test_store_page.c. */
/* engines: both (tests/run.sh runs it again on PostgreSQL: tests/unit/test_store_fixture.h) */
#include "test_store_fixture.h"

/* ---- opening ---------------------------------------------------------------------------- */

/* store_open must fail with a one-line message and leave the file exactly as it was. */
static void expect_refused(const char *path, int flags, const char *msg_part)
{
	size_t n0 = 0, n1 = 0;
	char *before = fx_slurp(path, &n0);
	struct stat sb0;
	bool existed = stat(path, &sb0) == 0;
	struct store *st = (struct store *)1;
	err_clear();
	assert_int_equal(store_open(path, flags, &st), -1);
	assert_null(st);
	const char *m = err_msg();
	assert_true(*m);
	assert_null(strchr(m, '\n'));
	if (msg_part && !strstr(m, msg_part)) {
		print_error("message '%s' lacks '%s'\n", m, msg_part);
		fail();
	}
	struct stat sb1;
	assert_int_equal(stat(path, &sb1) == 0, existed);
	if (existed && S_ISREG(sb0.st_mode)) {
		char *after = fx_slurp(path, &n1);
		assert_int_equal(n0, n1);
		assert_true(n0 == 0 || memcmp(before, after, n0) == 0);
		free(after);
	}
	free(before);
	/* no journal or WAL left behind (a read-only SQLite connection cannot remove the WAL
	 * it finds in a WAL-mode file: SQLite's own behaviour, not checked then) */
	if (flags & STORE_READONLY)
		return;
	char side[600];
	snprintf(side, sizeof side, "%s-wal", path);
	if (access(side, F_OK) == 0)
		print_error("%s left behind\n", side);
	assert_int_not_equal(access(side, F_OK), 0);
	snprintf(side, sizeof side, "%s-journal", path);
	assert_int_not_equal(access(side, F_OK), 0);
}

/* Make an SQLite file with raw SQL (another program's database). */
static void make_sqlite_file(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		print_error("%s\n", msg ? msg : "?");
	sqlite3_free(msg);
	assert_int_equal(rc, SQLITE_OK);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static int64_t raw_pragma(const char *path, const char *pragma)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_stmt *s = NULL;
	assert_int_equal(sqlite3_prepare_v2(db, pragma, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int64_t v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

static void test_open_refusals(void **state)
{
	(void)state;
	char path[300];

	/* a gopy file exists: STORE_CREATE refuses to overwrite it */
	struct store *st = fx_create(path, "exists");
	gid d = fx_delegate(st, "A1", "Nguyễn Văn A", "", NULL, NULL);
	store_close(st);
	expect_refused(path, STORE_CREATE, path);
	st = fx_open(path, 0); /* still intact and usable */
	struct delegate got;
	assert_int_equal(store_delegate_get(st, "A1", false, &got), 0);
	assert_int_equal(got.id, d);
	delegate_clear(&got);
	store_close(st);

	/* any existing file, even an empty one, is not overwritten by STORE_CREATE */
	char p2[300];
	fx_path(p2, sizeof p2, "create-over-empty");
	fx_write_file(p2, "", 0);
	expect_refused(p2, STORE_CREATE, NULL);

	/* missing file: refused, not created */
	fx_path(p2, sizeof p2, "missing");
	expect_refused(p2, 0, NULL);
	expect_refused(p2, STORE_READONLY, NULL);
	assert_int_not_equal(access(p2, F_OK), 0);

	/* a text file, a short file, an empty file */
	fx_path(p2, sizeof p2, "text");
	const char *txt = "Đây là một tệp văn bản, không phải cơ sở dữ liệu.\nDòng thứ hai dài hơn mười sáu byte.\n";
	fx_write_file(p2, txt, strlen(txt));
	expect_refused(p2, 0, NULL);
	expect_refused(p2, STORE_READONLY, NULL);
	fx_path(p2, sizeof p2, "short");
	fx_write_file(p2, "SQLite", 6);
	expect_refused(p2, 0, NULL);
	fx_path(p2, sizeof p2, "empty");
	fx_write_file(p2, "", 0);
	expect_refused(p2, 0, NULL);
	size_t n;
	char *b = fx_slurp(p2, &n);
	assert_int_equal(n, 0);
	free(b);

	/* an SQLite header followed by garbage */
	fx_path(p2, sizeof p2, "damaged");
	char junk[4096];
	memset(junk, 0x5a, sizeof junk);
	memcpy(junk, "SQLite format 3", 16);
	fx_write_file(p2, junk, sizeof junk);
	expect_refused(p2, 0, NULL);

	/* SQLite files of other programs: with an application id, without one, empty */
	fx_path(p2, sizeof p2, "foreign-app");
	make_sqlite_file(p2, "PRAGMA application_id = 1234; CREATE TABLE t(x); INSERT INTO t VALUES (1);");
	expect_refused(p2, 0, NULL);
	expect_refused(p2, STORE_READONLY, NULL);
	fx_path(p2, sizeof p2, "foreign-noid");
	make_sqlite_file(p2, "CREATE TABLE delegate(id INTEGER PRIMARY KEY, code TEXT);");
	expect_refused(p2, 0, NULL);
	fx_path(p2, sizeof p2, "foreign-wal");
	make_sqlite_file(p2, "PRAGMA journal_mode = WAL; CREATE TABLE t(x); INSERT INTO t VALUES (2);");
	expect_refused(p2, 0, NULL);
	fx_path(p2, sizeof p2, "sqlite-empty");
	make_sqlite_file(p2, "PRAGMA user_version = 0; CREATE TABLE t(x); DROP TABLE t;");
	expect_refused(p2, 0, NULL);

	/* a gopy file from a newer gopy */
	st = fx_create(path, "newer");
	store_close(st);
	char sql[80];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d;", store_schema_version() + 1);
	make_sqlite_file(path, sql);
	expect_refused(path, 0, "newer");
	expect_refused(path, STORE_READONLY, "newer");

	/* a directory */
	expect_refused(fx_dir, 0, NULL);
}

static void test_migrations(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "migr");
	assert_string_equal(store_path(st), path);
	assert_true(store_schema_version() >= 1);
	assert_int_equal(fx_int(st, "PRAGMA application_id"), 0x474F5059);
	assert_int_equal(fx_int(st, "PRAGMA user_version"), store_schema_version());
	assert_int_equal(fx_int(st, "SELECT count(*) FROM sqlite_schema WHERE name IN "
	                            "('delegate','document','section','comment','comment_fts')"), 5);
	store_close(st);
	/* as seen by another program after close */
	assert_int_equal(raw_pragma(path, "PRAGMA application_id"), 0x474F5059);
	assert_int_equal(raw_pragma(path, "PRAGMA user_version"), store_schema_version());
	/* reopening does not migrate again (a second run of CREATE TABLE would fail) */
	st = fx_open(path, 0);
	assert_int_equal(fx_int(st, "PRAGMA user_version"), store_schema_version());
	/* a healthy file adds nothing to the report, and what the caller had stays */
	struct buf rep = {0};
	buf_puts(&rep, "before\n");
	assert_int_equal(store_check(st, &rep), 0);
	assert_string_equal(rep.data, "before\n");
	buf_free(&rep);
	store_close(st);
	st = fx_open(path, STORE_READONLY);
	assert_int_equal(store_check(st, &rep), 0);
	assert_int_equal(rep.len, 0);
	buf_free(&rep);
	store_close(st);
	/* creating in a missing directory fails cleanly */
	char bad[400];
	snprintf(bad, sizeof bad, "%s/no-such-dir/x.db", fx_dir);
	assert_int_equal(store_open(bad, STORE_CREATE, &st), -1);
	assert_null(st);
	assert_null(strchr(err_msg(), '\n'));
}

/* ---- delegates --------------------------------------------------------------------------- */

static int collect_delegate_name(void *ctx, const struct delegate *d)
{
	struct buf *b = ctx;
	buf_puts(b, d->name);
	buf_putc(b, '|');
	return 0;
}

static void test_delegates(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "deleg");
	/* added out of order; TEXT.md: "Dương" < "đa" < "Đà Nẵng" < "đường" */
	gid d1 = fx_delegate(st, "D-04", "đường", "", NULL, NULL);
	gid d2 = fx_delegate(st, "D-02", "đa", "Sở Tư pháp", "secretary", "thuky");
	gid d3 = fx_delegate(st, "D-01", "Dương", "", "editor", NULL);
	gid d4 = fx_delegate(st, "D-03", "Đà Nẵng", "", "chair", "chutoa");
	/* NFD input is stored as NFC; surrounding space trimmed */
	gid d5 = fx_delegate(st, "  VN-1 ", "  Vie\xcc\xa3\xcc\x82t  ", "  Đoàn ĐBQH  ", "delegate", NULL);

	struct buf names = {0};
	assert_int_equal(store_delegate_each(st, collect_delegate_name, &names), 0);
	/* by given name (the last word): Dương, đa, đường, (Đà) Nẵng, Việt */
	assert_string_equal(names.data, "Dương|đa|đường|Đà Nẵng|Việt|");
	buf_free(&names);

	/* stop early */
	struct ids l = {0};
	assert_int_equal(store_delegate_each(st, collect_delegate_id, &l), 0);
	assert_int_equal(l.n, 5);
	assert_int_equal(l.v[0], d3);
	assert_int_equal(l.v[1], d2);
	assert_int_equal(l.v[2], d1);
	assert_int_equal(l.v[3], d4);
	assert_int_equal(l.v[4], d5);
	ids_free(&l);

	struct delegate g;
	assert_int_equal(store_delegate_get(st, "VN-1", false, &g), 0);
	assert_int_equal(g.id, d5);
	assert_string_equal(g.name, "Việt");
	assert_string_equal(g.unit, "Đoàn ĐBQH");
	assert_string_equal(g.role, "delegate");
	assert_null(g.login);
	delegate_clear(&g);
	assert_int_equal(store_delegate_get(st, "vn-1", false, &g), 0); /* case-insensitive */
	assert_int_equal(g.id, d5);
	delegate_clear(&g);
	assert_int_equal(store_delegate_get(st, "d-02", false, &g), 0);
	assert_int_equal(g.id, d2);
	assert_string_equal(g.login, "thuky");
	assert_true(delegate_can_record_for_others(&g));
	assert_false(delegate_can_handle(&g));
	delegate_clear(&g);
	assert_int_equal(store_delegate_get(st, "chutoa", true, &g), 0);
	assert_int_equal(g.id, d4);
	assert_true(delegate_can_handle(&g));
	assert_true(delegate_can_record_for_others(&g));
	delegate_clear(&g);
	assert_int_equal(store_delegate_get(st, "D-01", false, &g), 0);
	assert_true(delegate_can_handle(&g));
	assert_false(delegate_can_record_for_others(&g));
	delegate_clear(&g);
	err_clear();
	assert_int_equal(store_delegate_get(st, "nobody", true, &g), 1);
	assert_int_equal(store_delegate_get(st, "D-99", false, &g), 1);
	assert_int_equal(store_delegate_get(st, "thuky", false, &g), 1); /* a login is not a code */
	assert_string_equal(err_msg(), "");
	assert_int_equal(store_delegate_get_id(st, d1, &g), 0);
	assert_string_equal(g.code, "D-04");
	delegate_clear(&g);
	assert_int_equal(store_delegate_get_id(st, 12345, &g), 1);
	assert_int_equal(store_delegate_find_name(st, "đa", "Sở Tư pháp", &g), 0);
	assert_int_equal(g.id, d2);
	delegate_clear(&g);
	assert_int_equal(store_delegate_find_name(st, "Vie\xcc\xa3\xcc\x82t", " Đoàn ĐBQH", &g), 0);
	assert_int_equal(g.id, d5);
	delegate_clear(&g);
	assert_int_equal(store_delegate_find_name(st, "đa", "", &g), 1);

	/* refusals: nothing is added */
	int64_t before = fx_int(st, "SELECT count(*) FROM delegate");
	struct delegate bad = {.code = "D-01", .name = "Trùng Mã"};
	assert_int_equal(store_delegate_add(st, &bad), -1);
	assert_non_null(strstr(err_msg(), "D-01"));
	bad = (struct delegate){.code = "X-9", .name = "Trùng Login", .login = "thuky"};
	assert_int_equal(store_delegate_add(st, &bad), -1);
	bad = (struct delegate){.code = "X-1", .name = "Vai Sai", .role = "boss"};
	assert_int_equal(store_delegate_add(st, &bad), -1);
	assert_non_null(strstr(err_msg(), "boss"));
	bad = (struct delegate){.code = "X 1", .name = "Mã Có Dấu Cách"};
	assert_int_equal(store_delegate_add(st, &bad), -1);
	bad = (struct delegate){.code = "", .name = "Không Mã"};
	assert_int_equal(store_delegate_add(st, &bad), -1);
	bad = (struct delegate){.code = "X-2", .name = "   "};
	assert_int_equal(store_delegate_add(st, &bad), -1);
	assert_int_equal(bad.id, 0);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM delegate"), before);
	assert_null(strchr(err_msg(), '\n'));
	store_close(st);
}

static int collect_delegate_code(void *ctx, const struct delegate *d)
{
	struct buf *b = ctx;
	buf_puts(b, d->code);
	buf_putc(b, '|');
	return 0;
}

static char *match_codes(struct store *st, const char *q, int limit)
{
	struct buf b = {0};
	assert_int_equal(store_delegate_match(st, q, limit, collect_delegate_code, &b), 0);
	return buf_take(&b);
}

static bool list_has(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; (p = strstr(p, code)) != NULL; p++)
		if ((p == list || p[-1] == '|') && p[n] == '|')
			return true;
	return false;
}

static void test_delegate_match(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "match");
	fx_delegate(st, "NVA", "Nguyễn Văn A", "Sở Tư pháp", NULL, NULL);
	fx_delegate(st, "NVANH", "Nguyễn Văn Anh", "UBND tỉnh", NULL, NULL);
	fx_delegate(st, "TTB", "Trần Thị Bình", "Sở Thông tin và Truyền thông", NULL, NULL);
	fx_delegate(st, "STTTT-01", "Lê Hoàng", "Văn phòng", NULL, NULL);
	fx_delegate(st, "STTTT-02", "Phạm Đức", "Văn phòng", NULL, NULL);

	char *r = match_codes(st, "nguyen van a", 0);
	assert_true(strncmp(r, "NVA|", 4) == 0); /* a whole-word match beats a prefix */
	assert_false(list_has(r, "TTB"));
	free(r);
	r = match_codes(st, "Nguyễn Văn A", 0); /* with diacritics works the same */
	assert_true(strncmp(r, "NVA|", 4) == 0);
	free(r);
	r = match_codes(st, "so tt", 0);
	assert_true(list_has(r, "TTB"));
	assert_false(list_has(r, "NVA"));
	free(r);
	r = match_codes(st, "sttt", 0); /* a code prefix; equals by given name: (Phạm) Đức, (Lê) Hoàng */
	assert_string_equal(r, "STTTT-02|STTTT-01|");
	free(r);
	r = match_codes(st, "stttt-02", 0); /* the exact code first */
	assert_true(strncmp(r, "STTTT-02|", 9) == 0);
	free(r);
	r = match_codes(st, "duc", 0);
	assert_string_equal(r, "STTTT-02|");
	free(r);
	r = match_codes(st, "nguyen", 1); /* limit */
	assert_int_equal(strlen(r) > 0, 1);
	assert_null(strchr(strchr(r, '|') + 1, '|'));
	free(r);
	r = match_codes(st, "zzz", 0);
	assert_string_equal(r, "");
	free(r);
	r = match_codes(st, "", 0); /* empty query: everyone */
	assert_true(list_has(r, "NVA") && list_has(r, "NVANH") && list_has(r, "TTB") && list_has(r, "STTTT-01") &&
	            list_has(r, "STTTT-02"));
	free(r);
	store_close(st);
}

/* ---- documents and sections --------------------------------------------------------------- */

static int collect_doc_code(void *ctx, const struct document *d)
{
	struct buf *b = ctx;
	buf_puts(b, d->code);
	buf_putc(b, '|');
	return 0;
}

static int collect_section_label(void *ctx, const struct section *s)
{
	struct buf *b = ctx;
	buf_printf(b, "%lld:%s|", (long long)s->position, s->full_label);
	return 0;
}

struct sections {
	gid ch1, d1, d2, d3, d3k1, d3k2, d3k2a, d4, d4k1;
};

static void add_sections(struct store *st, gid doc, struct sections *s)
{
	assert_int_equal(store_begin(st), 0);
	s->ch1 = fx_section(st, doc, 0, 0, LEVEL_CHAPTER, 0, "Chương I", NULL, "Quy định chung", "");
	s->d1 = fx_section(st, doc, s->ch1, 1, LEVEL_ARTICLE, 1, "Điều 1", "Điều 1", "Phạm vi điều chỉnh",
	                   "Nghị quyết này quy định về chuyển đổi số.");
	s->d2 = fx_section(st, doc, s->ch1, 2, LEVEL_ARTICLE, 1, "Điều 2", "Điều 2", "Đối tượng áp dụng", "");
	s->d3 = fx_section(st, doc, s->ch1, 3, LEVEL_ARTICLE, 1, "Điều 3", "Điều 3", "Giải thích từ ngữ", "");
	s->d3k1 = fx_section(st, doc, s->d3, 4, LEVEL_CLAUSE, 2, "Khoản 1", "khoản 1 Điều 3", "", "Dữ liệu số là ...");
	s->d3k2 = fx_section(st, doc, s->d3, 5, LEVEL_CLAUSE, 2, "Khoản 2", "khoản 2 Điều 3", "", "");
	s->d3k2a = fx_section(st, doc, s->d3k2, 6, LEVEL_POINT, 3, "Điểm a", "điểm a khoản 2 Điều 3", "", "");
	s->d4 = fx_section(st, doc, s->ch1, 7, LEVEL_ARTICLE, 1, "Điều 4", "Điều 4", "Hiệu lực", "");
	s->d4k1 = fx_section(st, doc, s->d4, 8, LEVEL_CLAUSE, 2, "Khoản 1", "khoản 1 Điều 4", "", "");
	assert_int_equal(store_commit(st), 0);
}

static void expect_find(struct store *st, gid doc, const char *label, gid want)
{
	struct section s;
	int rc = store_section_find(st, doc, label, &s);
	if (rc != 0 || s.id != want)
		print_error("store_section_find('%s') = %d, id %lld (want %lld): %s\n", label, rc, (long long)s.id,
		            (long long)want, err_msg());
	assert_int_equal(rc, 0);
	assert_int_equal(s.id, want);
	section_clear(&s);
}

static void test_documents_sections(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "docs");
	struct document d = {.code = "NQ-01", .title = "Nghị quyết về chuyển đổi số", .kind = "Nghị quyết",
	                     .deadline = "2024-04-30", .issuer = "HĐND tỉnh"};
	assert_int_equal(store_document_add(st, &d), 0);
	gid doc = d.id;
	setenv("GOPY_NOW", "2024-03-01T08:00:01Z", 1);
	gid doc2 = fx_document(st, "QD-02", "Quyết định");
	setenv("GOPY_NOW", "2024-03-01T08:00:00Z", 1);

	struct document g;
	assert_int_equal(store_document_get(st, "NQ-01", &g), 0);
	assert_int_equal(g.id, doc);
	assert_string_equal(g.title, "Nghị quyết về chuyển đổi số");
	assert_string_equal(g.deadline, "2024-04-30");
	assert_string_equal(g.issuer, "HĐND tỉnh");
	assert_string_equal(g.version, ""); /* NULL fields stored as "" */
	assert_string_equal(g.place, "");
	assert_string_equal(g.created_at, "2024-03-01T08:00:00Z");
	assert_int_equal(g.n_sections, 0);
	document_clear(&g);
	assert_int_equal(store_document_get(st, "nq-01", &g), 0);
	assert_int_equal(g.id, doc);
	document_clear(&g);
	assert_int_equal(store_document_get(st, "NQ-99", &g), 1);
	assert_int_equal(store_document_get_id(st, doc2, &g), 0);
	assert_string_equal(g.code, "QD-02");
	document_clear(&g);

	/* refusals */
	struct document bad = {.code = "NQ-01"};
	assert_int_equal(store_document_add(st, &bad), -1);
	assert_non_null(strstr(err_msg(), "NQ-01"));
	bad = (struct document){.code = "NQ 3"};
	assert_int_equal(store_document_add(st, &bad), -1);
	bad = (struct document){.code = "NQ-3", .deadline = "30/04/2024"};
	assert_int_equal(store_document_add(st, &bad), -1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM document"), 2);

	struct buf codes = {0};
	assert_int_equal(store_document_each(st, collect_doc_code, &codes), 0);
	assert_string_equal(codes.data, "NQ-01|QD-02|");
	buf_free(&codes);

	struct sections s;
	add_sections(st, doc, &s);
	fx_section(st, doc2, 0, 0, LEVEL_ARTICLE, 0, "Điều 3", NULL, "Khác", "");
	assert_int_equal(store_document_get_id(st, doc, &g), 0);
	assert_int_equal(g.n_sections, 9);
	document_clear(&g);

	struct buf labels = {0};
	assert_int_equal(store_section_each(st, doc, collect_section_label, &labels), 0);
	assert_string_equal(labels.data, "0:Chương I|1:Điều 1|2:Điều 2|3:Điều 3|4:khoản 1 Điều 3|5:khoản 2 Điều 3|"
	                                 "6:điểm a khoản 2 Điều 3|7:Điều 4|8:khoản 1 Điều 4|");
	buf_free(&labels);

	struct section x;
	assert_int_equal(store_section_get(st, s.d3k1, &x), 0);
	assert_int_equal(x.doc_id, doc);
	assert_int_equal(x.parent_id, s.d3);
	assert_int_equal(x.level, LEVEL_CLAUSE);
	assert_int_equal(x.depth, 2);
	assert_string_equal(x.label, "Khoản 1");
	assert_string_equal(x.body, "Dữ liệu số là ...");
	section_clear(&x);
	assert_int_equal(store_section_get(st, s.ch1, &x), 0);
	assert_int_equal(x.parent_id, 0);
	assert_string_equal(x.full_label, "Chương I"); /* defaults to the label */
	section_clear(&x);

	expect_find(st, doc, "Điều 3", s.d3);
	expect_find(st, doc, "dieu 3", s.d3);
	expect_find(st, doc, "ĐIỀU 3", s.d3);
	expect_find(st, doc, "Điều 3 khoản 1", s.d3k1);
	expect_find(st, doc, "khoản 1 Điều 3", s.d3k1);
	expect_find(st, doc, "khoan 1 dieu 4", s.d4k1);
	expect_find(st, doc, "Điều 3/Khoản 1", s.d3k1);
	expect_find(st, doc, "Điều 4 khoản 1", s.d4k1);
	expect_find(st, doc, "Khoản 2", s.d3k2); /* unique */
	expect_find(st, doc, "điểm a", s.d3k2a);
	expect_find(st, doc, "Điều 3 khoản 2 điểm a", s.d3k2a);
	expect_find(st, doc, "chuong i dieu 3", s.d3);
	expect_find(st, doc2, "Điều 3", fx_int(st, "SELECT id FROM section WHERE document_id = %lld", (long long)doc2));
	err_clear();
	assert_int_equal(store_section_find(st, doc, "Khoản 1", &x), -1);
	assert_non_null(strstr(err_msg(), "khoản 1 Điều 3"));
	assert_non_null(strstr(err_msg(), "khoản 1 Điều 4"));
	assert_null(strchr(err_msg(), '\n'));
	err_clear();
	assert_int_equal(store_section_find(st, doc, "Điều 9", &x), 1);
	assert_int_equal(store_section_find(st, doc, "Điều", &x), 1); /* a label word alone is no label */
	assert_int_equal(store_section_find(st, doc, "", &x), 1);
	assert_int_equal(store_section_find(st, doc, "Điều 33", &x), 1);
	assert_string_equal(err_msg(), "");
	store_close(st);
}

/* A part is found by any of its numbers (ordinal, Roman, arabic); a "-N" ("+N") path step
 * is only a dash (plus) item. */
static void test_section_part_numbers(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "parts");
	gid doc = fx_document(st, "DA-01", "Đề án");
	assert_int_equal(store_begin(st), 0);
	gid p4 = fx_section(st, doc, 0, 0, LEVEL_PART, 0, "Phần IV", "Phần IV", "", "");
	gid k1 = fx_section(st, doc, p4, 1, LEVEL_CLAUSE, 1, "Khoản 1", "khoản 1 Phần IV", "", "");
	gid g1 = fx_section(st, doc, k1, 2, LEVEL_DASH, 2, "Gạch đầu dòng 1",
	                    "gạch đầu dòng thứ nhất khoản 1 Phần IV", "", "");
	gid c1 = fx_section(st, doc, g1, 3, LEVEL_PLUS, 3, "Dấu cộng 1",
	                    "dấu cộng thứ nhất gạch đầu dòng thứ nhất khoản 1 Phần IV", "", "");
	gid p10 = fx_section(st, doc, 0, 4, LEVEL_PART, 0, "Phần thứ mười", "Phần thứ mười", "", "");
	gid p15 = fx_section(st, doc, 0, 5, LEVEL_PART, 0, "Phần thứ mười lăm", "Phần thứ mười lăm", "", "");
	gid p21 = fx_section(st, doc, 0, 6, LEVEL_PART, 0, "Phần XXI", "Phần XXI", "", "");
	gid pc = fx_section(st, doc, 0, 7, LEVEL_PART, 0, "Phần C", "Phần C", "", "");
	assert_int_equal(store_commit(st), 0);

	expect_find(st, doc, "Phần thứ tư", p4);
	expect_find(st, doc, "phan thu bon", p4);
	expect_find(st, doc, "Phần 4", p4);
	expect_find(st, doc, "khoản 1 Phần thứ tư", k1);
	expect_find(st, doc, "Phần thứ tư/1/-1/+1", c1);
	expect_find(st, doc, "Phần 4/1/1", g1);
	expect_find(st, doc, "Phần X", p10);
	expect_find(st, doc, "phan 10", p10);
	expect_find(st, doc, "Phần XV", p15);
	expect_find(st, doc, "phan thu muoi lam", p15);
	expect_find(st, doc, "Phần thứ hai mươi mốt", p21);
	expect_find(st, doc, "phan thu hai muoi mot", p21);
	expect_find(st, doc, "Phần 21", p21);
	expect_find(st, doc, "Phần C", pc);
	struct section x;
	const char *none[] = {"Phần thứ ba", "Phần 100", "Phần IIII", "Phần thứ", "Phần 4/-1", "Phần 4/+1",
	                      "Phần 4/1/+1", "Phần 4/1/-1/-1", "Phần 4/1/-1/1/-1"};
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		int rc = store_section_find(st, doc, none[i], &x);
		if (rc != 1)
			print_error("store_section_find('%s') = %d, want 1 (none)\n", none[i], rc);
		assert_int_equal(rc, 1);
	}
	store_close(st);
}

/* ---- comments ------------------------------------------------------------------------------ */

/* Doc and section counters and store_comment_count for every scope, against plain SQL. */
static void check_counters(struct store *st, gid doc)
{
	struct document d;
	assert_int_equal(store_document_get_id(st, doc, &d), 0);
	int64_t n = fx_int(st, "SELECT count(*) FROM comment WHERE document_id = %lld AND deleted_at IS NULL",
	                   (long long)doc);
	int64_t p = fx_int(st, "SELECT count(*) FROM comment WHERE document_id = %lld AND deleted_at IS NULL "
	                       "AND disposition = 0", (long long)doc);
	assert_int_equal(d.n_comments, n);
	assert_int_equal(d.n_pending, p);
	document_clear(&d);
	struct comment_query q = {.doc_id = doc, .scope = SCOPE_DOCUMENT};
	comment_filter_init(&q.filter);
	int64_t cn, cp;
	assert_int_equal(store_comment_count(st, &q, &cn, &cp), 0);
	assert_int_equal(cn, n);
	assert_int_equal(cp, p);
	q.scope = SCOPE_GENERAL;
	assert_int_equal(store_comment_count(st, &q, &cn, &cp), 0);
	assert_int_equal(cn, fx_int(st, "SELECT count(*) FROM comment WHERE document_id = %lld AND deleted_at IS NULL "
	                                "AND section_id IS NULL", (long long)doc));
	assert_int_equal(cp, fx_int(st, "SELECT count(*) FROM comment WHERE document_id = %lld AND deleted_at IS NULL "
	                                "AND section_id IS NULL AND disposition = 0", (long long)doc));
	struct ids secs = fx_ids(st, "SELECT id FROM section WHERE document_id = %lld", (long long)doc);
	for (size_t i = 0; i < secs.n; i++) {
		struct section x;
		assert_int_equal(store_section_get(st, secs.v[i], &x), 0);
		n = fx_int(st, "SELECT count(*) FROM comment WHERE section_id = %lld AND deleted_at IS NULL",
		           (long long)secs.v[i]);
		p = fx_int(st, "SELECT count(*) FROM comment WHERE section_id = %lld AND deleted_at IS NULL "
		               "AND disposition = 0", (long long)secs.v[i]);
		assert_int_equal(x.n_comments, n);
		assert_int_equal(x.n_pending, p);
		section_clear(&x);
		q.scope = SCOPE_SECTION;
		q.section_id = secs.v[i];
		assert_int_equal(store_comment_count(st, &q, &cn, &cp), 0);
		assert_int_equal(cn, n);
		assert_int_equal(cp, p);
		/* the scanning path (an always-true filter) agrees with the counters */
		q.filter.since = "1900-01-01";
		assert_int_equal(store_comment_count(st, &q, &cn, &cp), 0);
		assert_int_equal(cn, n);
		assert_int_equal(cp, p);
		q.filter.since = NULL;
	}
	ids_free(&secs);
}

static const unsigned char K1[] = {0, 0, 0, 1}, K2[] = {0, 0, 0, 2}, K3[] = {0, 0, 0, 3};

static void expect_key(const struct comment *c, const unsigned char *a, const unsigned char *b,
                       const unsigned char *d)
{
	size_t n = 4 * (size_t)(1 + (b != NULL) + (d != NULL));
	assert_int_equal(c->key_len, n);
	assert_memory_equal(c->key, a, 4);
	if (b)
		assert_memory_equal(c->key + 4, b, 4);
	if (d)
		assert_memory_equal(c->key + 8, d, 4);
}

static void test_comments(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "comments");
	gid doc = fx_document(st, "NQ-01", "Nghị quyết");
	gid doc2 = fx_document(st, "NQ-02", "Khác");
	struct sections s;
	add_sections(st, doc, &s);
	gid other_sec = fx_section(st, doc2, 0, 0, LEVEL_ARTICLE, 0, "Điều 1", NULL, "", "");
	gid a = fx_delegate(st, "A", "Nguyễn Văn A", "Sở Tư pháp", NULL, NULL);
	gid b = fx_delegate(st, "B", "Trần Thị B", "UBND tỉnh", NULL, NULL);
	gid sec = fx_delegate(st, "TK", "Lê Thư Ký", "Văn phòng", "secretary", NULL);
	gid ed = fx_delegate(st, "BT", "Phạm Biên Tập", "Ban soạn thảo", "editor", NULL);
	check_counters(st, doc);

	/* a root on Điều 3, typed by the secretary, with a quote; body given NFD with spaces */
	struct comment_new cn = {.doc_id = doc, .section_id = s.d3, .author_id = a, .entered_by = sec,
	                         .body = "Đề nghị làm rõ khái niệm \"dữ lie\xcc\xa3\xcc\x82u số\".  \n\n",
	                         .quote = "Giải thích từ ngữ"};
	gid r1;
	assert_int_equal(store_comment_add(st, &cn, &r1), 0);
	check_counters(st, doc);
	struct comment c;
	assert_int_equal(store_comment_get(st, r1, &c), 0);
	assert_int_equal(c.id, r1);
	assert_int_equal(c.doc_id, doc);
	assert_int_equal(c.section_id, s.d3);
	assert_int_equal(c.parent_id, 0);
	assert_int_equal(c.root_id, r1);
	assert_int_equal(c.depth, 0);
	expect_key(&c, K1, NULL, NULL);
	assert_string_equal(c.body, "Đề nghị làm rõ khái niệm \"dữ liệu số\".");
	assert_string_equal(c.quote, "Giải thích từ ngữ");
	assert_string_equal(c.author_code, "A");
	assert_string_equal(c.author_name, "Nguyễn Văn A");
	assert_string_equal(c.author_unit, "Sở Tư pháp");
	assert_int_equal(c.entered_by, sec);
	assert_string_equal(c.entered_by_name, "Lê Thư Ký");
	assert_string_equal(c.created_at, "2024-03-01T08:00:00Z");
	assert_null(c.edited_at);
	assert_null(c.deleted_at);
	assert_int_equal(c.disposition, DISP_PENDING);
	assert_null(c.response);
	assert_int_equal(c.handled_by, 0);
	assert_null(c.handled_by_name);
	assert_null(c.handled_at);
	assert_string_equal(c.section_label, "Điều 3");
	assert_int_equal(c.section_position, 3);
	assert_int_equal(c.n_replies, 0);
	comment_clear(&c);

	/* a general root; a root on another section; the key counts roots of the document */
	gid g1 = fx_comment(st, doc, 0, 0, b, "Ý kiến chung về dự thảo.", "2024-02-28 10:00:00");
	gid r3 = fx_comment(st, doc, s.d3k1, 0, b, "Khoản 1 cần bổ sung ví dụ.", NULL);
	/* the first root of another document starts again at 1 */
	gid o1 = fx_comment(st, doc2, other_sec, 0, a, "Ở văn bản khác.", NULL);
	assert_int_equal(store_comment_get(st, o1, &c), 0);
	expect_key(&c, K1, NULL, NULL);
	comment_clear(&c);
	assert_int_equal(store_comment_get(st, g1, &c), 0);
	expect_key(&c, K2, NULL, NULL);
	assert_int_equal(c.section_id, 0);
	assert_string_equal(c.section_label, "");
	assert_int_equal(c.section_position, -1);
	assert_string_equal(c.created_at, "2024-02-28T10:00:00Z");
	assert_int_equal(c.entered_by, 0);
	assert_null(c.entered_by_name);
	assert_null(c.quote);
	comment_clear(&c);
	assert_int_equal(store_comment_get(st, r3, &c), 0);
	expect_key(&c, K3, NULL, NULL);
	comment_clear(&c);

	/* replies: inherit the root's section whatever the caller says; doc may be 0 */
	cn = (struct comment_new){.doc_id = 0, .section_id = s.d1, .parent_id = r1, .author_id = b, .entered_by = b,
	                          .body = "Đồng ý với ý kiến trên."};
	gid rep1;
	assert_int_equal(store_comment_add(st, &cn, &rep1), 0);
	gid rep2 = fx_comment(st, doc, 0, r1, ed, "Ban soạn thảo tiếp thu.", NULL);
	gid rep11 = fx_comment(st, doc, 0, rep1, a, "Cảm ơn.", NULL);
	check_counters(st, doc);
	assert_int_equal(store_comment_get(st, rep1, &c), 0);
	expect_key(&c, K1, K1, NULL);
	assert_int_equal(c.parent_id, r1);
	assert_int_equal(c.root_id, r1);
	assert_int_equal(c.depth, 1);
	assert_int_equal(c.section_id, s.d3);
	assert_int_equal(c.doc_id, doc);
	assert_int_equal(c.entered_by, 0); /* entered_by == author is stored as none */
	assert_int_equal(c.n_replies, 1);
	comment_clear(&c);
	assert_int_equal(store_comment_get(st, rep2, &c), 0);
	expect_key(&c, K1, K2, NULL);
	assert_int_equal(c.section_id, s.d3);
	comment_clear(&c);
	assert_int_equal(store_comment_get(st, rep11, &c), 0);
	expect_key(&c, K1, K1, K1);
	assert_int_equal(c.parent_id, rep1);
	assert_int_equal(c.root_id, r1);
	assert_int_equal(c.depth, 2);
	assert_int_equal(c.section_id, s.d3);
	comment_clear(&c);
	assert_int_equal(store_comment_get(st, r1, &c), 0);
	assert_int_equal(c.n_replies, 2);
	comment_clear(&c);
	/* a reply to the general root stays general */
	gid grep = fx_comment(st, doc, s.d2, g1, a, "Trả lời ý kiến chung.", NULL);
	assert_int_equal(store_comment_get(st, grep, &c), 0);
	assert_int_equal(c.section_id, 0);
	expect_key(&c, K2, K1, NULL);
	comment_clear(&c);
	/* a new root after replies still gets the next root number */
	gid r4 = fx_comment(st, doc, s.d4, 0, a, "Hiệu lực từ ngày ký.", NULL);
	assert_int_equal(store_comment_get(st, r4, &c), 0);
	expect_key(&c, (const unsigned char[]){0, 0, 0, 4}, NULL, NULL);
	comment_clear(&c);
	check_counters(st, doc);

	/* refusals leave nothing behind */
	int64_t total = fx_int(st, "SELECT count(*) FROM comment");
	cn = (struct comment_new){.doc_id = doc, .author_id = a, .body = " \n\t "};
	assert_int_equal(store_comment_add(st, &cn, NULL), -1);
	cn = (struct comment_new){.doc_id = doc, .author_id = a, .body = NULL};
	assert_int_equal(store_comment_add(st, &cn, NULL), -1);
	cn = (struct comment_new){.doc_id = doc, .author_id = 987654321, .body = "Tác giả lạ"};
	assert_int_equal(store_comment_add(st, &cn, NULL), -1);
	cn = (struct comment_new){.doc_id = doc, .parent_id = 987654321, .author_id = a, .body = "Không có cha"};
	assert_int_equal(store_comment_add(st, &cn, NULL), -1);
	cn = (struct comment_new){.doc_id = doc2, .parent_id = r1, .author_id = a, .body = "Sai văn bản"};
	assert_int_equal(store_comment_add(st, &cn, NULL), -1);
	cn = (struct comment_new){.doc_id = doc, .section_id = other_sec, .author_id = a, .body = "Sai điều"};
	assert_int_equal(store_comment_add(st, &cn, NULL), -1);
	cn = (struct comment_new){.doc_id = 0, .author_id = a, .body = "Không văn bản"};
	assert_int_equal(store_comment_add(st, &cn, NULL), -1);
	cn = (struct comment_new){.doc_id = doc, .author_id = a, .body = "Giờ sai", .created_at = "hôm qua"};
	assert_int_equal(store_comment_add(st, &cn, NULL), -1);
	cn = (struct comment_new){.doc_id = doc, .author_id = a, .body = "Nhập sai", .entered_by = 987654321};
	assert_int_equal(store_comment_add(st, &cn, NULL), -1);
	assert_null(strchr(err_msg(), '\n'));
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment"), total);
	check_counters(st, doc);

	/* a given id is used, and never silently replaced */
	cn = (struct comment_new){.doc_id = doc, .author_id = a, .body = "Mã cho trước", .id = 777};
	gid got = 0;
	assert_int_equal(store_comment_add(st, &cn, &got), 0);
	assert_int_equal(got, 777);
	cn.body = "Lần hai";
	assert_int_equal(store_comment_add(st, &cn, &got), -1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment WHERE id = 777"), 1);
	check_counters(st, doc);

	/* handle: disposition, response, handler, time; counters follow */
	setenv("GOPY_NOW", "2024-03-05T09:00:00Z", 1);
	assert_int_equal(store_comment_handle(st, r1, DISP_ACCEPTED, "Tiếp thu, sẽ sửa.  \n", ed), 0);
	check_counters(st, doc);
	assert_int_equal(store_comment_get(st, r1, &c), 0);
	assert_int_equal(c.disposition, DISP_ACCEPTED);
	assert_string_equal(c.response, "Tiếp thu, sẽ sửa.");
	assert_int_equal(c.handled_by, ed);
	assert_string_equal(c.handled_by_name, "Phạm Biên Tập");
	assert_string_equal(c.handled_at, "2024-03-05T09:00:00Z");
	comment_clear(&c);
	/* -1 and NULL leave things as they are */
	assert_int_equal(store_comment_handle(st, r1, -1, NULL, ed), 0);
	assert_int_equal(store_comment_get(st, r1, &c), 0);
	assert_int_equal(c.disposition, DISP_ACCEPTED);
	assert_string_equal(c.response, "Tiếp thu, sẽ sửa.");
	comment_clear(&c);
	/* a response alone; "" clears it */
	assert_int_equal(store_comment_handle(st, r3, -1, "Sẽ xem xét", ed), 0);
	assert_int_equal(store_comment_get(st, r3, &c), 0);
	assert_int_equal(c.disposition, DISP_PENDING);
	assert_string_equal(c.response, "Sẽ xem xét");
	comment_clear(&c);
	assert_int_equal(store_comment_handle(st, r3, -1, "", ed), 0);
	assert_int_equal(store_comment_get(st, r3, &c), 0);
	assert_null(c.response);
	assert_int_equal(c.disposition, DISP_PENDING);
	comment_clear(&c);
	assert_int_equal(store_comment_handle_at(st, rep2, DISP_EXPLAINED, "Giải trình", ed, "2024-05-01"), 0);
	assert_int_equal(store_comment_get(st, rep2, &c), 0);
	assert_int_equal(c.disposition, DISP_EXPLAINED);
	assert_string_equal(c.handled_at, "2024-05-01T00:00:00Z");
	comment_clear(&c);
	check_counters(st, doc);
	/* back to pending */
	assert_int_equal(store_comment_handle(st, rep2, DISP_PENDING, NULL, ed), 0);
	check_counters(st, doc);
	assert_int_equal(store_comment_get(st, rep2, &c), 0);
	assert_int_equal(c.disposition, DISP_PENDING);
	assert_string_equal(c.response, "Giải trình");
	comment_clear(&c);
	assert_int_equal(store_comment_handle(st, rep2, DISP_COUNT, NULL, ed), -1);
	assert_int_equal(store_comment_handle_at(st, rep2, DISP_NOTED, NULL, ed, "mai"), -1);
	assert_int_equal(store_comment_handle(st, 987654321, DISP_NOTED, NULL, ed), -1);
	assert_int_equal(fx_int(st, "SELECT disposition FROM comment WHERE id = %lld", (long long)rep2), 0);

	/* edit: body replaced, edited_at set, created_at kept, search follows */
	setenv("GOPY_NOW", "2024-03-06T10:30:00Z", 1);
	struct ids hits = fx_search(st, "khai niem", SEARCH_FOLD, doc, 0, NULL);
	assert_true(ids_has(&hits, r1));
	ids_free(&hits);
	assert_int_equal(store_comment_edit(st, r1, "Đề nghị định nghĩa rõ thuật ngữ nền tảng số.\n"), 0);
	assert_int_equal(store_comment_get(st, r1, &c), 0);
	assert_string_equal(c.body, "Đề nghị định nghĩa rõ thuật ngữ nền tảng số.");
	assert_string_equal(c.edited_at, "2024-03-06T10:30:00Z");
	assert_string_equal(c.created_at, "2024-03-01T08:00:00Z");
	assert_int_equal(c.disposition, DISP_ACCEPTED);
	comment_clear(&c);
	hits = fx_search(st, "khai niem", SEARCH_FOLD, doc, 0, NULL);
	assert_false(ids_has(&hits, r1));
	ids_free(&hits);
	hits = fx_search(st, "nen tang so", SEARCH_FOLD, doc, 0, NULL);
	assert_int_equal(hits.n, 1);
	assert_int_equal(hits.v[0], r1);
	ids_free(&hits);
	assert_int_equal(store_comment_edit(st, r1, "   "), -1);
	assert_int_equal(store_comment_edit(st, 987654321, "Không có"), -1);
	check_counters(st, doc);

	/* soft delete of a reply that has a reply */
	setenv("GOPY_NOW", "2024-03-07T11:00:00Z", 1);
	hits = fx_search(st, "dong y", SEARCH_FOLD, doc, 0, NULL);
	assert_int_equal(hits.n, 1);
	ids_free(&hits);
	assert_int_equal(store_comment_delete(st, rep1), 0);
	check_counters(st, doc);
	assert_int_equal(store_comment_get(st, rep1, &c), 0);
	assert_string_equal(c.deleted_at, "2024-03-07T11:00:00Z");
	assert_int_equal(c.n_replies, 1);
	comment_clear(&c);
	assert_int_equal(store_comment_get(st, r1, &c), 0);
	assert_int_equal(c.n_replies, 2); /* deleted replies still count */
	comment_clear(&c);
	hits = fx_search(st, "dong y", SEARCH_FOLD, doc, 0, NULL);
	assert_int_equal(hits.n, 0);
	ids_free(&hits);
	struct comment_query q = {.doc_id = doc, .scope = SCOPE_SECTION, .section_id = s.d3, .order = ORDER_THREAD};
	comment_filter_init(&q.filter);
	struct ids l = fx_each(st, &q);
	assert_int_equal(l.n, 3); /* r1, rep11, rep2: the reply of the deleted one stays */
	assert_int_equal(l.v[0], r1);
	assert_int_equal(l.v[1], rep11);
	assert_int_equal(l.v[2], rep2);
	ids_free(&l);
	q.filter.include_deleted = true;
	l = fx_each(st, &q);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.v[0], r1);
	assert_int_equal(l.v[1], rep1);
	assert_int_equal(l.v[2], rep11);
	assert_int_equal(l.v[3], rep2);
	ids_free(&l);
	int64_t n, p;
	assert_int_equal(store_comment_count(st, &q, &n, &p), 0);
	assert_int_equal(n, 3); /* counts never include the deleted one */
	assert_int_equal(p, 2); /* rep2 and rep11 */
	/* a deleted comment cannot be deleted, edited or handled again */
	assert_int_equal(store_comment_delete(st, rep1), -1);
	assert_int_equal(store_comment_edit(st, rep1, "Sửa lại"), -1);
	assert_int_equal(store_comment_handle(st, rep1, DISP_NOTED, NULL, ed), -1);
	/* replying to a deleted comment is allowed (its thread stays) */
	gid late = fx_comment(st, doc, 0, rep1, b, "Trả lời muộn.", NULL);
	assert_int_equal(store_comment_get(st, late, &c), 0);
	expect_key(&c, K1, K1, K2);
	comment_clear(&c);
	/* delete a pending root, then a handled one */
	assert_int_equal(store_comment_delete(st, r3), 0);
	check_counters(st, doc);
	assert_int_equal(store_comment_delete(st, r1), 0);
	check_counters(st, doc);
	struct buf rep = {0};
	assert_int_equal(store_check(st, &rep), 0);
	buf_free(&rep);
	setenv("GOPY_NOW", "2024-03-01T08:00:00Z", 1);
	store_close(st);
}

static void test_dispositions(void **state)
{
	(void)state;
	const char *codes[] = {"pending", "accepted", "partly", "explained", "noted", "escalated"};
	for (int d = 0; d < DISP_COUNT; d++) {
		assert_string_equal(disposition_code(d), codes[d]);
		assert_int_equal(disposition_parse(codes[d]), d);
		assert_int_equal(disposition_parse(disposition_label(d)), d);
		char num[16];
		snprintf(num, sizeof num, "%d", d);
		assert_int_equal(disposition_parse(num), d);
	}
	assert_int_equal(disposition_parse("tiep thu"), DISP_ACCEPTED);
	assert_int_equal(disposition_parse("Tiếp thu một phần"), DISP_PARTLY);
	assert_int_equal(disposition_parse("GIẢI TRÌNH"), DISP_EXPLAINED);
	assert_int_equal(disposition_parse("chua xu ly"), DISP_PENDING);
	assert_int_equal(disposition_parse("6"), -1);
	assert_int_equal(disposition_parse("xyz"), -1);
	assert_int_equal(disposition_parse(""), -1);
	assert_int_equal(disposition_parse(NULL), -1);
	assert_string_equal(disposition_code(DISP_COUNT), "?");
	assert_string_equal(disposition_code(-1), "?");
}

/* ---- transactions, read-only, data_version ------------------------------------------------ */

static void test_transactions(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "tx");
	gid doc = fx_document(st, "NQ-01", "Nghị quyết");
	gid a = fx_delegate(st, "A", "Nguyễn Văn A", "", NULL, NULL);
	int64_t dv = store_data_version(st);
	assert_true(dv >= 0);

	/* rollback leaves nothing: rows, counters, search index */
	assert_int_equal(store_begin(st), 0);
	fx_comment(st, doc, 0, 0, a, "Bình luận tạm một", NULL);
	gid c2 = fx_comment(st, doc, 0, 0, a, "Bình luận tạm hai", NULL);
	fx_comment(st, doc, 0, c2, a, "Trả lời tạm", NULL);
	fx_delegate(st, "B", "Trần Thị B", "", NULL, NULL);
	assert_int_equal(fx_int(st, "SELECT n_comments FROM document"), 3);
	store_rollback(st);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment"), 0);
	assert_int_equal(fx_int(st, "SELECT n_comments FROM document"), 0);
	if (!fx_on_server()) /* a file's search index is a table of its own (a server's, a column of comment) */
		assert_int_equal(fx_int(st, "SELECT count(*) FROM comment_fts WHERE comment_fts MATCH 'tam'"), 0);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM delegate"), 1);
	struct ids hits = fx_search(st, "binh luan tam", SEARCH_FOLD, 0, 0, NULL);
	assert_int_equal(hits.n, 0);
	ids_free(&hits);
	/* after a rollback the next write works, and keys start again at 1 */
	gid k = fx_comment(st, doc, 0, 0, a, "Sau khi hủy", NULL);
	struct comment c;
	assert_int_equal(store_comment_get(st, k, &c), 0);
	expect_key(&c, K1, NULL, NULL);
	comment_clear(&c);

	/* nested: only the outermost commit commits; another connection sees nothing before */
	struct store *other = fx_open(path, 0);
	assert_int_equal(store_begin(st), 0);
	assert_int_equal(store_begin(st), 0);
	fx_comment(st, doc, 0, 0, a, "Lồng trong", NULL);
	assert_int_equal(store_commit(st), 0);
	fx_comment(st, doc, 0, 0, a, "Lồng ngoài", NULL);
	assert_int_equal(fx_int(other, "SELECT count(*) FROM comment"), 1);
	assert_int_equal(store_commit(st), 0);
	assert_int_equal(fx_int(other, "SELECT count(*) FROM comment"), 3);
	assert_int_equal(store_commit(st), -1); /* no transaction open */

	/* an inner rollback dooms the outer transaction */
	assert_int_equal(store_begin(st), 0);
	fx_comment(st, doc, 0, 0, a, "Sẽ mất một", NULL);
	assert_int_equal(store_begin(st), 0);
	fx_comment(st, doc, 0, 0, a, "Sẽ mất hai", NULL);
	store_rollback(st);
	assert_int_equal(store_commit(st), -1);
	assert_true(*err_msg());
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment"), 3);
	/* so does a failed write inside the caller's transaction */
	assert_int_equal(store_begin(st), 0);
	fx_comment(st, doc, 0, 0, a, "Cũng sẽ mất", NULL);
	struct delegate dup = {.code = "A", .name = "Trùng"};
	assert_int_equal(store_delegate_add(st, &dup), -1);
	assert_int_equal(store_commit(st), -1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment"), 3);
	/* and the store is usable again */
	fx_comment(st, doc, 0, 0, a, "Bình thường", NULL);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment"), 4);
	check_counters(st, doc);

	/* data_version: unchanged by nothing, changed by another connection's commit */
	int64_t v0 = store_data_version(st);
	assert_int_equal(store_data_version(st), v0);
	fx_comment(other, doc, 0, 0, a, "Từ kết nối khác", NULL);
	int64_t v1 = store_data_version(st);
	/* a server's news of another session's commit comes through the socket: soon, not at once */
	for (int i = 0; fx_on_server() && v1 == v0 && i < 500; i++) {
		usleep(10000);
		v1 = store_data_version(st);
	}
	assert_true(v1 >= 0);
	assert_int_not_equal(v1, v0);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment"), 5);
	assert_int_equal(store_data_version(st), v1);
	(void)dv;

	/* a read-only store refuses writes cleanly and keeps reading */
	store_close(other);
	store_close(st);
	size_t n0, n1;
	char *before = fx_contents(path, &n0);
	assert_non_null(before);
	struct store *ro = fx_open(path, STORE_READONLY);
	err_clear();
	struct comment_new cn = {.doc_id = doc, .author_id = a, .body = "Không được ghi"};
	assert_int_equal(store_comment_add(ro, &cn, NULL), -1);
	assert_non_null(strstr(err_msg(), "read-only"));
	assert_null(strchr(err_msg(), '\n'));
	assert_int_equal(store_begin(ro), -1);
	assert_int_equal(store_commit(ro), -1); /* the failed begin left no transaction */
	struct delegate nd = {.code = "Z", .name = "Không Ghi"};
	assert_int_equal(store_delegate_add(ro, &nd), -1);
	struct document ndoc = {.code = "Z-1"};
	assert_int_equal(store_document_add(ro, &ndoc), -1);
	assert_int_equal(store_comment_handle(ro, k, DISP_NOTED, NULL, a), -1);
	assert_int_equal(store_comment_delete(ro, k), -1);
	assert_int_equal(store_comment_edit(ro, k, "Sửa"), -1);
	struct section sx = {.doc_id = doc, .position = 0, .label = "Điều 1"};
	assert_int_equal(store_section_add(ro, &sx), -1);
	assert_int_equal(fx_int(ro, "SELECT count(*) FROM comment"), 5);
	hits = fx_search(ro, "binh thuong", SEARCH_AUTO, 0, 0, NULL);
	assert_int_equal(hits.n, 1);
	ids_free(&hits);
	struct buf rep = {0};
	assert_int_equal(store_check(ro, &rep), 0);
	buf_free(&rep);
	assert_true(store_data_version(ro) >= 0);
	store_close(ro);
	char *after = fx_contents(path, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	free(before);
	free(after);
}

/* ---- plain SQL from other tools; store_check ------------------------------------------------ */

#define expect_store_check(st, want, part) expect_store_check_at(st, want, part, __LINE__)
static void expect_store_check_at(struct store *st, int want, const char *part, int line)
{
	struct buf rep = {0};
	int rc = store_check(st, &rep);
	if (rc != want || (part && (!rep.data || !strstr(rep.data, part))))
		print_error("line %d: store_check = %d (want %d, '%s'), report:\n%s\n", line, rc, want, part ? part : "", rep.data ? rep.data : "");
	assert_int_equal(rc, want);
	if (part)
		assert_non_null(strstr(rep.data, part));
	buf_free(&rep);
}

static void test_plain_sql_and_check(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "plain");
	gid doc = fx_document(st, "NQ-01", "Nghị quyết");
	gid sec = fx_section(st, doc, 0, 0, LEVEL_ARTICLE, 0, "Điều 1", NULL, "Phạm vi", "Quy định chung.");
	gid a = fx_delegate(st, "A", "Nguyễn Văn A", "", NULL, NULL);
	gid r1 = fx_comment(st, doc, sec, 0, a, "Đề án chuyển đổi số", NULL);
	gid r2 = fx_comment(st, doc, 0, 0, a, "Ý kiến về thời hạn", NULL);
	gid r3 = fx_comment(st, doc, 0, 0, a, "Sẽ bị xoá bằng SQL", NULL);
	expect_store_check(st, 0, NULL);

	/* another tool inserts, updates, deletes and soft-deletes with plain SQL */
	fx_sqlf(st, "INSERT INTO delegate(id, code, name) VALUES (501, 'EXT', 'Đặng Văn Ngoài')");
	char key[40];
	fx_sqlf(st, "INSERT INTO comment(id, document_id, section_id, parent_id, root_id, depth, thread_key, author_id, "
	            "body, created_at) VALUES (9001, %lld, %lld, %lld, %lld, 1, %s, 501, "
	            "'Ý kiến nhập từ công cụ khác về quản trị dữ liệu', '2024-03-02T00:00:00Z')",
	        (long long)doc, (long long)sec, (long long)r1, (long long)r1, fx_blob(key, sizeof key, "0000000100000001"));
	fx_sqlf(st, "UPDATE comment SET body = 'Ý kiến về lộ trình thực hiện' WHERE id = %lld", (long long)r2);
	fx_sqlf(st, "DELETE FROM comment WHERE id = %lld", (long long)r3);
	fx_sqlf(st, "UPDATE comment SET deleted_at = '2024-03-03T00:00:00Z' WHERE id = %lld", (long long)r1);
	fx_sqlf(st, "INSERT INTO section(id, document_id, position, level, label, full_label, heading, body) "
	            "VALUES (601, %lld, 1, %d, 'Điều 2', 'Điều 2', 'Bảo mật thông tin', '')",
	        (long long)doc, LEVEL_ARTICLE);
	/* counters were kept by the triggers at once */
	check_counters(st, doc);
	if (fx_on_server()) {
		/* a server's search vectors are gopy's own work (its folding of the text): rows another
		 * tool wrote are indexed at gopy's next open or write, and check says so until then */
		expect_store_check(st, 1, "search");
		store_close(st);
		st = fx_open(path, 0);
	}
	expect_store_check(st, 0, NULL);

	/* the index follows the table at once (triggers), also after reopening */
	struct ids h = fx_search(st, "quan tri du lieu", SEARCH_FOLD, doc, 0, NULL);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.v[0], 9001);
	ids_free(&h);
	store_close(st);
	st = fx_open(path, 0);
	h = fx_search(st, "lo trinh thuc hien", SEARCH_FOLD, doc, 0, NULL);
	assert_int_equal(h.n, 1);
	assert_int_equal(h.v[0], r2);
	ids_free(&h);
	h = fx_search(st, "thoi han", SEARCH_FOLD, doc, 0, NULL);
	assert_int_equal(h.n, 0); /* the old text of r2 is gone from the index */
	ids_free(&h);

	/* damage, one at a time, each found and then repaired */
	fx_sqlf(st, "UPDATE document SET n_comments = n_comments + 1 WHERE id = %lld", (long long)doc);
	expect_store_check(st, 1, "counters");
	fx_sqlf(st, "UPDATE document SET n_comments = n_comments - 1 WHERE id = %lld", (long long)doc);
	expect_store_check(st, 0, NULL);
	fx_sqlf(st, "UPDATE section SET n_pending = 7 WHERE id = %lld", (long long)sec);
	expect_store_check(st, 1, "counters");
	fx_sqlf(st, "UPDATE section SET n_pending = (SELECT count(*) FROM comment WHERE section_id = %lld AND "
	            "deleted_at IS NULL AND disposition = 0) WHERE id = %lld", (long long)sec, (long long)sec);
	expect_store_check(st, 0, NULL);
	if (!fx_on_server()) { /* the FTS index out of step with its content (a file's own index) */
		fx_sqlf(st, "INSERT INTO comment_fts(comment_fts, rowid, body) SELECT 'delete', seq, body FROM comment "
		            "WHERE id = %lld", (long long)r2);
		expect_store_check(st, 1, "search");
		fx_sqlf(st, "INSERT INTO comment_fts(rowid, body) SELECT seq, body FROM comment WHERE id = %lld",
		        (long long)r2);
		expect_store_check(st, 0, NULL);
		/* content changed behind the index's back (triggers dropped and restored) */
		fx_sql(st, "INSERT INTO comment_fts(comment_fts) VALUES ('rebuild')");
		expect_store_check(st, 0, NULL);
	}
	/* a thread key that does not extend its parent's */
	fx_sqlf(st, "UPDATE comment SET thread_key = %s WHERE id = 9001", fx_blob(key, sizeof key, "0000000900000001"));
	expect_store_check(st, 1, "thread");
	fx_sqlf(st, "UPDATE comment SET thread_key = %s WHERE id = 9001", fx_blob(key, sizeof key, "0000000100000001"));
	expect_store_check(st, 0, NULL);
	/* a schema version that is not this gopy's (a file's user_version, a server's meta row) */
	fx_sql(st, fx_on_server() ? "UPDATE meta SET schema_version = 0" : "PRAGMA user_version = 0");
	expect_store_check(st, 1, "schema");
	fx_sqlf(st, fx_on_server() ? "UPDATE meta SET schema_version = %d" : "PRAGMA user_version = %d",
	        store_schema_version());
	expect_store_check(st, 0, NULL);
	store_close(st);
}

/* Threads nest up to 128 levels (512-byte keys); the next reply is refused cleanly. */
/* A reply written while a list of comments is being read (inside store_comment_each's callback,
 * its cursor open), after another connection replied in the same thread since that read began.
 * On a server the write takes the write lock, as every other write does, and finds its place
 * among the comments committed meanwhile: without the lock, or placed from the list's view of
 * the thread as it began, both replies would take the same position and the second would be
 * refused. A file cannot write from a read that another writer has overtaken (SQLite's
 * snapshot): the write is refused as locked, nothing half-done, and goes through once the list
 * has been read. */
struct reply_during_read {
	struct store *st, *other;
	gid doc, root, author, mine, theirs;
	int rows, rc;
	char msg[512];
};

static int reply_during_read_cb(void *ctx, const struct comment *c)
{
	(void)c;
	struct reply_during_read *x = ctx;
	if (x->rows++ > 0)
		return 0;
	x->theirs = fx_comment(x->other, x->doc, 0, x->root, x->author, "Trả lời từ phiên khác", NULL);
	struct comment_new n = {.doc_id = x->doc, .parent_id = x->root, .author_id = x->author,
	                        .body = "Trả lời trong lúc đọc"};
	x->rc = store_comment_add(x->st, &n, &x->mine);
	snprintf(x->msg, sizeof x->msg, "%s", x->rc ? err_msg() : "");
	return 0;
}

static int held_lock_cb(void *ctx, const struct comment *c)
{
	(void)c;
	struct reply_during_read *x = ctx;
	if (x->rows++ > 0)
		return 0;
	struct comment_new n = {.doc_id = x->doc, .parent_id = x->root, .author_id = x->author, .body = "Chờ khóa"};
	gid id;
	x->rc = store_comment_add(x->st, &n, &id);
	snprintf(x->msg, sizeof x->msg, "%s", x->rc ? err_msg() : "");
	return 0;
}

static void test_write_during_read(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "during_read");
	struct reply_during_read x = {.st = st, .doc = fx_document(st, "NQ-02", "Nghị quyết")};
	x.author = fx_delegate(st, "A", "Nguyễn Văn A", "", NULL, NULL);
	x.root = fx_comment(st, x.doc, 0, 0, x.author, "Góp ý gốc", NULL);
	fx_comment(st, x.doc, 0, 0, x.author, "Góp ý thứ hai", NULL);
	x.other = fx_open(path, 0);
	struct comment_query q = {.doc_id = x.doc, .order = ORDER_THREAD};
	assert_int_equal(store_comment_each(st, &q, reply_during_read_cb, &x), 0);
	assert_true(x.rows >= 2);
	if (fx_on_server()) {
		if (x.rc != 0)
			print_error("the reply during the read: %s\n", x.msg);
		assert_int_equal(x.rc, 0);
	} else {
		assert_int_equal(x.rc, -1);
		assert_non_null(strstr(x.msg, "locked"));
		assert_int_equal(fx_int(st, "SELECT count(*) FROM comment"), 3);
		x.mine = fx_comment(st, x.doc, 0, x.root, x.author, "Trả lời trong lúc đọc", NULL);
	}
	assert_true(x.mine > 0 && x.theirs > 0 && x.mine != x.theirs);
	struct comment a, b;
	assert_int_equal(store_comment_get(st, x.theirs, &a), 0);
	assert_int_equal(store_comment_get(st, x.mine, &b), 0);
	expect_key(&a, K1, K1, NULL);
	expect_key(&b, K1, K2, NULL);
	comment_clear(&a);
	comment_clear(&b);
	assert_int_equal(fx_int(x.other, "SELECT count(*) FROM comment"), 4);

	/* the same write waits for a writer that holds the lock (here: refused at once, as told) */
	assert_int_equal(store_begin(x.other), 0);
	store_set_wait(st, 0, NULL, NULL);
	x.rows = 0;
	assert_int_equal(store_comment_each(st, &q, held_lock_cb, &x), 0);
	assert_int_equal(x.rc, -1);
	assert_non_null(strstr(x.msg, "locked"));
	store_rollback(x.other);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment"), 4);
	struct buf rep = {0};
	assert_int_equal(store_check(st, &rep), 0);
	buf_free(&rep);
	store_close(x.other);
	store_close(st);
}

static void test_deep_thread(void **state)
{
	(void)state;
	char path[300];
	struct store *st = fx_create(path, "deep");
	gid doc = fx_document(st, "NQ-01", "Nghị quyết");
	gid a = fx_delegate(st, "A", "Nguyễn Văn A", "", NULL, NULL);
	gid parent = 0, first = 0;
	int depth = 0;
	for (;; depth++) {
		struct comment_new cn = {.doc_id = doc, .parent_id = parent, .author_id = a, .body = "Trả lời sâu"};
		gid id;
		if (store_comment_add(st, &cn, &id) != 0)
			break;
		if (!first)
			first = id;
		parent = id;
		assert_true(depth < 200);
	}
	assert_int_equal(depth, 128);
	assert_non_null(strstr(err_msg(), "deep"));
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment"), 128);
	assert_int_equal(fx_int(st, "SELECT max(length(thread_key)) FROM comment"), 512);
	struct comment c;
	assert_int_equal(store_comment_get(st, parent, &c), 0);
	assert_int_equal(c.depth, 127);
	assert_int_equal(c.root_id, first);
	/* the deepest comment pages like any other */
	struct comment_query q = {.doc_id = doc, .order = ORDER_THREAD};
	comment_filter_init(&q.filter);
	struct ids l = {0};
	assert_int_equal(store_comment_page(st, &q, PAGE_AT, &c, 5, collect_comment_id, &l), 0);
	assert_int_equal(l.n, 1);
	ids_free(&l);
	assert_int_equal(store_comment_page(st, &q, PAGE_BEFORE, &c, 200, collect_comment_id, &l), 0);
	assert_int_equal(l.n, 127);
	assert_int_equal(l.v[126], first);
	ids_free(&l);
	comment_clear(&c);
	assert_int_equal(store_comment_get(st, first, &c), 0);
	assert_int_equal(store_comment_page(st, &q, PAGE_AFTER_SUBTREE, &c, 5, collect_comment_id, &l), 0);
	assert_int_equal(l.n, 0);
	comment_clear(&c);
	struct buf rep = {0};
	assert_int_equal(store_check(st, &rep), 0);
	buf_free(&rep);
	store_close(st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delegates),
		cmocka_unit_test(test_delegate_match),
		cmocka_unit_test(test_documents_sections),
		cmocka_unit_test(test_section_part_numbers),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_dispositions),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_plain_sql_and_check),
		cmocka_unit_test(test_deep_thread),
		cmocka_unit_test(test_write_during_read),
	};
	/* the SQLite file itself: other files refused, its pragmas (a server's open, refusals and
	 * migrations: tests/pg/harness.sh, roles.sh) */
	const struct CMUnitTest file_tests[] = {
		cmocka_unit_test(test_open_refusals),
		cmocka_unit_test(test_migrations),
	};
	int rc = cmocka_run_group_tests_name("store", tests, fx_group_setup, fx_group_teardown);
	if (!fx_on_server())
		rc += cmocka_run_group_tests_name("store_file", file_tests, fx_group_setup, fx_group_teardown);
	return rc;
}
