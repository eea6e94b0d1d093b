/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_merge.c — merging offline copies (merge.h): three copies of one review filled apart
 * (one secretary edits a comment another deletes, two set different dispositions, one adds a
 * delegate, one adds a comment dated before the others) merge in every order, one at a time or
 * all at once, into the same review (its JSON report byte for byte) with the same conflicts;
 * merging again changes nothing; the sources are never written; a reply whose parent is not
 * there waits and is attached when the parent comes; conflicts are settled (mine, theirs, a
 * document's other text as a new version) with the log and check in step; a changes file
 * carries only what changed and applies once. */
/* engines: both (tests/run.sh runs it again on PostgreSQL: tests/unit/test_store_fixture.h) */
#include "test_store_fixture.h"

#include "gopy/merge.h"
#include "gopy/report.h"

static char base_path[300], paths[4][300];
static gid s1, s2, c1, c2, c3, a1;


static void edit(struct store *st, gid id, const char *body) { assert_int_equal(store_comment_edit(st, id, body), 0); }

/* The base review and three copies filled apart (paths[0..2]); paths[3]: a copy of the first
 * with a reply to its new comment. */
static int setup(void **state)
{
	(void)state;
	struct store *st = fx_create(base_path, "base");
	gid d1 = fx_delegate(st, "D1", "Nguyễn Văn An", "Sở Tư pháp", NULL, NULL);
	fx_delegate(st, "TK", "Lê Thư Ký", "", "secretary", NULL);
	gid doc = fx_document(st, "DT1", "Dự thảo nghị quyết");
	assert_int_equal(store_begin(st), 0);
	s1 = fx_section(st, doc, 0, 0, 4, 0, "Điều 1", "Điều 1", "Phạm vi", "Nội dung một.");
	s2 = fx_section(st, doc, 0, 1, 4, 0, "Điều 2", "Điều 2", "Đối tượng", "Nội dung hai.");
	assert_int_equal(store_commit(st), 0);
	c1 = fx_comment(st, doc, s1, 0, d1, "Góp ý về phạm vi", "2024-02-20T08:00:00Z");
	c2 = fx_comment(st, doc, s2, 0, d1, "Góp ý về đối tượng", "2024-02-20T08:05:00Z");
	c3 = fx_comment(st, doc, s1, c1, d1, "Trả lời góp ý", "2024-02-20T08:10:00Z");
	store_close(st);
	for (int i = 0; i < 3; i++) {
		char name[16];
		snprintf(name, sizeof name, "copy%d", i);
		fx_copy(base_path, paths[i], name);
	}
	/* A: edits c1, adds a comment, accepts c2 */
	st = fx_open(paths[0], 0);
	edit(st, c1, "Góp ý về phạm vi, đã sửa ở bản A");
	a1 = fx_comment(st, doc, s2, 0, d1, "Ý kiến mới ở bản A", "2024-03-01T09:00:00Z");
	assert_int_equal(store_comment_handle(st, c2, DISP_ACCEPTED, "Tiếp thu ở bản A", d1), 0);
	store_close(st);
	fx_copy(paths[0], paths[3], "copy3");
	st = fx_open(paths[3], 0);
	fx_comment(st, doc, 0, a1, d1, "Trả lời ý kiến mới", "2024-03-01T10:00:00Z");
	store_close(st);
	/* B: deletes c1, adds a delegate and her comment, replies to c3 */
	st = fx_open(paths[1], 0);
	assert_int_equal(store_comment_delete(st, c1), 0);
	gid d2 = fx_delegate(st, "D2", "Trần Thị Bình", "Sở Xây dựng", NULL, NULL);
	fx_comment(st, doc, s1, 0, d2, "Ý kiến của đại biểu mới", "2024-03-01T08:30:00Z");
	fx_comment(st, doc, 0, c3, d2, "Trả lời sâu hơn", "2024-03-01T08:40:00Z");
	store_close(st);
	/* C: explains c2 instead, and a comment written down before the others */
	st = fx_open(paths[2], 0);
	assert_int_equal(store_comment_handle(st, c2, DISP_EXPLAINED, "Giải trình ở bản C", d1), 0);
	fx_comment(st, doc, s1, 0, d1, "Ý kiến ghi sớm", "2024-02-19T07:00:00Z");
	store_close(st);
	return 0;
}

static char *report_json(struct store *st)
{
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_non_null(f);
	struct report_options o = {.doc_code = "DT1", .format = REPORT_JSON, .date = "2024-03-02"};
	int rc = report_write(st, &o, f);
	if (rc != 0)
		print_error("report: %s\n", err_msg());
	assert_int_equal(rc, 0);
	assert_int_equal(fclose(f), 0);
	return out;
}

static void store_ok(struct store *st)
{
	struct buf rep = {0};
	int rc = store_check(st, &rep);
	if (rc != 0)
		print_error("check: %s\n", rep.data ? rep.data : "?");
	assert_int_equal(rc, 0);
	buf_free(&rep);
}

static int count_conflict(void *ctx, const struct conflict *c)
{
	(void)c;
	(*(int *)ctx)++;
	return 0;
}

/* Merge the copies in the order given (one merge each, or all in one) into a fresh copy of
 * the base; its report and its conflicts (kind:comment, sorted). */
static char *merged(const int *order, bool at_once, char *conflicts, size_t cn)
{
	char path[300];
	fx_copy(base_path, path, "target");
	struct store *st = fx_open(path, 0);
	struct merge_stats s;
	if (at_once) {
		const char *src[3] = {paths[order[0]], paths[order[1]], paths[order[2]]};
		assert_int_equal(store_merge(st, src, 3, &s), 0);
	} else {
		for (int i = 0; i < 3; i++) {
			const char *src[1] = {paths[order[i]]};
			int rc = store_merge(st, src, 1, &s);
			if (rc != 0)
				print_error("merge: %s\n", err_msg());
			assert_int_equal(rc, 0);
		}
	}
	store_ok(st);
	char *json = report_json(st);
	struct buf b = {0};
	fx_lines(st, &b, "SELECT kind || ':' || coalesce(CAST(comment_id AS text), code) || ':' || coalesce(shown, '') || "
	                 "'|' || coalesce(other, '') FROM conflict ORDER BY 1");
	snprintf(conflicts, cn, "%s", b.data ? b.data : "");
	buf_free(&b);
	store_close(st);
	return json;
}

static void test_any_order(void **state)
{
	(void)state;
	size_t n0[3];
	char *before[3];
	for (int i = 0; i < 3; i++)
		before[i] = fx_contents(paths[i], &n0[i]);
	static const int orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
	char first_conf[4096], conf[4096];
	char *first = merged(orders[0], false, first_conf, sizeof first_conf);
	/* the conflicts: c1 deleted on B and edited on A, c2 handled differently on A and C */
	assert_non_null(strstr(first_conf, "delete:"));
	assert_non_null(strstr(first_conf, "handling:"));
	if (strstr(first_conf, "edit:"))
		print_error("%s", first_conf);
	assert_null(strstr(first_conf, "edit:"));
	/* the review shows the edited c1 (not deleted), the new delegate's comments, the early one first */
	assert_non_null(strstr(first, "đã sửa ở bản A"));
	assert_non_null(strstr(first, "Trần Thị Bình"));
	assert_non_null(strstr(first, "Trả lời sâu hơn"));
	char *early = strstr(first, "Ý kiến ghi sớm"), *c1text = strstr(first, "đã sửa ở bản A");
	assert_true(early && c1text && early < c1text);
	for (int k = 0; k < 6; k++)
		for (int once = 0; once < 2; once++) {
			char *j = merged(orders[k], once, conf, sizeof conf);
			if (strcmp(j, first) != 0 || strcmp(conf, first_conf) != 0) {
				print_error("order %d%d%d (%s) differs\n", orders[k][0], orders[k][1], orders[k][2],
				            once ? "at once" : "one by one");
				fx_write_file("/tmp/merge-a.json", first, strlen(first));
				fx_write_file("/tmp/merge-b.json", j, strlen(j));
				print_error("%s---\n%s", first_conf, conf);
			}
			assert_string_equal(j, first);
			assert_string_equal(conf, first_conf);
			free(j);
		}
	free(first);
	/* the sources were never written */
	for (int i = 0; i < 3; i++) {
		size_t n1;
		char *after = fx_contents(paths[i], &n1);
		assert_int_equal(n0[i], n1);
		assert_memory_equal(before[i], after, n1);
		free(after);
		free(before[i]);
	}
}

static void test_idempotent_and_settle(void **state)
{
	(void)state;
	char path[300];
	fx_copy(base_path, path, "settle");
	struct store *st = fx_open(path, 0);
	const char *all[3] = {paths[0], paths[1], paths[2]};
	struct merge_stats s;
	assert_int_equal(store_merge(st, all, 3, &s), 0);
	assert_int_equal(s.conflicts, 2);
	assert_int_equal(s.delegates, 1);
	assert_int_equal(s.comments, 4);
	store_close(st);
	/* again: nothing changes, not a byte (a server database: not a row) */
	size_t n0, n1;
	char *before = fx_contents(path, &n0);
	st = fx_open(path, 0);
	assert_int_equal(store_merge(st, all, 3, &s), 0);
	assert_int_equal(s.comments + s.changed + s.conflicts + s.audit, 0);
	store_close(st);
	char *after = fx_contents(path, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(before, after, n0);
	free(before);
	free(after);
	/* settle: the deletion wins (theirs), the disposition shown stays (mine) */
	st = fx_open(path, 0);
	int64_t open;
	assert_int_equal(store_conflict_count(st, 0, &open), 0);
	assert_int_equal(open, 2);
	assert_int_equal(store_conflict_count_comment(st, c1, &open), 0);
	assert_int_equal(open, 1);
	gid del = fx_int(st, "SELECT id FROM conflict WHERE kind = 'delete'");
	gid han = fx_int(st, "SELECT id FROM conflict WHERE kind = 'handling'");
	int shown = (int)fx_int(st, "SELECT disposition FROM comment WHERE id = %lld", (long long)c2);
	assert_int_equal(store_conflict_resolve(st, del, "theirs"), 0);
	assert_int_equal(store_conflict_resolve(st, del, "theirs"), 1); /* settled already */
	assert_int_equal(store_conflict_resolve(st, han, "version"), -1); /* only for documents */
	assert_int_equal(store_conflict_resolve(st, han, "mine"), 0);
	assert_true(fx_int(st, "SELECT deleted_at IS NOT NULL FROM comment WHERE id = %lld", (long long)c1));
	assert_int_equal(fx_int(st, "SELECT disposition FROM comment WHERE id = %lld", (long long)c2), shown);
	assert_int_equal(store_conflict_count(st, 0, &open), 0);
	assert_int_equal(open, 0);
	int listed = 0;
	assert_int_equal(store_conflict_each(st, 0, false, count_conflict, &listed), 0);
	assert_int_equal(listed, 0);
	assert_int_equal(store_conflict_each(st, 0, true, count_conflict, &listed), 0);
	assert_int_equal(listed, 2);
	/* both settlements are in the log; merging the copies again raises nothing again */
	assert_int_equal(fx_int(st, "SELECT count(*) FROM audit WHERE kind = 'merge' AND detail LIKE 'conflict %%'"), 2);
	assert_int_equal(store_merge(st, all, 3, &s), 0);
	assert_int_equal(s.conflicts, 0);
	assert_true(fx_int(st, "SELECT deleted_at IS NOT NULL FROM comment WHERE id = %lld", (long long)c1));
	store_ok(st);
	store_close(st);
}

static void test_reply_waits_for_parent(void **state)
{
	(void)state;
	char path[300];
	fx_copy(base_path, path, "held");
	struct store *st = fx_open(path, 0);
	/* copy 3 holds a1 and its reply; brought as a changes file without a1, the reply waits */
	char changes[300];
	fx_file(changes, sizeof changes, "reply.gopy");
	struct merge_stats s;
	char copy3[300], copy0[300];
	fx_as_file(paths[3], copy3, "copy3");
	fx_as_file(paths[0], copy0, "copy0");
	assert_int_equal(store_changes_write(copy3, copy0, changes, &s), 0);
	assert_int_equal(s.comments, 1);
	const char *src[1] = {changes};
	assert_int_equal(store_merge(st, src, 1, &s), 0);
	assert_int_equal(s.held, 1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment WHERE body = 'Trả lời ý kiến mới'"), 0);
	store_ok(st);
	/* the parent arrives: the reply is attached under it */
	src[0] = paths[0];
	assert_int_equal(store_merge(st, src, 1, &s), 0);
	assert_int_equal(s.held, 0);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM comment WHERE body = 'Trả lời ý kiến mới' AND parent_id = %lld",
	                        (long long)a1), 1);
	assert_int_equal(fx_int(st, "SELECT count(*) FROM held_comment"), 0);
	store_ok(st);
	/* the changes file once more: already there, nothing changes */
	src[0] = changes;
	assert_int_equal(store_merge(st, src, 1, &s), 0);
	assert_int_equal(s.comments + s.changed + s.held, 0);
	/* a damaged changes file is refused whole */
	size_t n;
	char *bytes = fx_slurp(changes, &n);
	bytes[n / 2] ^= 0x20;
	fx_write_file(changes, bytes, n);
	err_clear();
	assert_int_equal(store_merge(st, src, 1, &s), -1);
	assert_non_null(strstr(err_msg(), "checksum"));
	fx_write_file(changes, bytes, n / 2);
	assert_int_equal(store_merge(st, src, 1, &s), -1);
	assert_non_null(strstr(err_msg(), "cut short"));
	free(bytes);
	store_close(st);
}

/* Two copies that imported a draft under one code with different texts: a conflict that
 * holds the other text and its comments, settled by importing it as the next version. */
static void test_document_conflict(void **state)
{
	(void)state;
	char p1[300], p2[300];
	struct store *a = fx_create(p1, "doca");
	struct store *b = fx_create(p2, "docb");
	gid da = fx_document(a, "NQ", "Nghị quyết");
	gid db = fx_document(b, "NQ", "Nghị quyết (bản khác)");
	gid who_a = fx_delegate(a, "D1", "An", "", NULL, NULL);
	gid who_b = fx_delegate(b, "D1", "An", "", NULL, NULL);
	assert_int_equal(store_begin(a), 0);
	fx_section(a, da, 0, 0, 4, 0, "Điều 1", "Điều 1", "", "Văn bản thứ nhất.");
	assert_int_equal(store_commit(a), 0);
	assert_int_equal(store_begin(b), 0);
	gid sb = fx_section(b, db, 0, 0, 4, 0, "Điều 1", "Điều 1", "", "Văn bản thứ hai, khác.");
	assert_int_equal(store_commit(b), 0);
	fx_comment(a, da, 0, 0, who_a, "Ý kiến bản A", NULL);
	fx_comment(b, db, sb, 0, who_b, "Ý kiến về văn bản khác", NULL);
	store_close(b);
	const char *src[1] = {p2};
	struct merge_stats s;
	assert_int_equal(store_merge(a, src, 1, &s), 0);
	assert_int_equal(s.conflicts, 1);
	assert_int_equal(fx_int(a, "SELECT count(*) FROM held_comment WHERE conflict_id IS NOT NULL"), 1);
	int64_t open;
	assert_int_equal(store_conflict_count(a, da, &open), 0);
	assert_int_equal(open, 1);
	store_ok(a);
	gid id = fx_int(a, "SELECT id FROM conflict WHERE kind = 'document'");
	assert_int_equal(store_conflict_resolve(a, id, "version"), 0);
	assert_int_equal(fx_int(a, "SELECT n_versions FROM document WHERE id = %lld", (long long)da), 2);
	assert_int_equal(fx_int(a, "SELECT count(*) FROM comment c JOIN section s ON s.id = c.section_id "
	                           "WHERE c.body = 'Ý kiến về văn bản khác' AND s.version = 2 AND s.body = 'Văn bản thứ hai, khác.'"),
	                 1);
	assert_int_equal(fx_int(a, "SELECT count(*) FROM held_comment"), 0);
	store_ok(a);
	/* merging the other copy again: its document is known as settled, its comment is here */
	assert_int_equal(store_merge(a, src, 1, &s), 0);
	assert_int_equal(s.conflicts, 0);
	store_ok(a);
	store_close(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_any_order),
		cmocka_unit_test(test_idempotent_and_settle),
		cmocka_unit_test(test_reply_waits_for_parent),
		cmocka_unit_test(test_document_conflict),
	};
	int rc = fx_group_setup(NULL);
	/* copies filled apart draw their ids apart: random, as in use (the tests' seeded ids
	 * would repeat in every copy opened with the same number of rows) */
	unsetenv("GOPY_SEED");
	if (rc == 0)
		rc = setup(NULL);
	if (rc != 0)
		return 1;
	rc = cmocka_run_group_tests_name("merge", tests, NULL, fx_group_teardown);
	return rc;
}
