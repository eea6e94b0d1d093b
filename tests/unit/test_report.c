/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_report.c — the synthesis report model through the store: rows, replies, deleted and
 * pending comments, filters, --group-same, figures and counts, every format's invariants
 * that need no outside parser (the shell tests in tests/report/ run the real parsers), the
 * atomic file output and determinism. */
/* engines: both (tests/run.sh runs it again on PostgreSQL: tests/unit/test_store_fixture.h) */
#include "test_store_fixture.h"

#include "gopy/report.h"

struct fx {
	char dir[64];
	char path[300];
	struct store *st;
	gid doc, s1, s11, s2;      /* Điều 1, its khoản 1, Điều 2 */
	gid a, b, c, sec;          /* delegates: three units and a secretary */
	gid r1, r2, r3, g1, del, rep1, rep2;
};

static gid add_delegate(struct store *st, const char *code, const char *name, const char *unit, const char *role)
{
	struct delegate d = { .code = (char *)code, .name = (char *)name, .unit = (char *)unit, .role = (char *)role };
	assert_int_equal(store_delegate_add(st, &d), 0);
	return d.id;
}

static gid add_section(struct store *st, gid doc, gid parent, int64_t pos, int level, int depth, const char *label,
                       const char *full, const char *heading)
{
	struct section s = { .doc_id = doc, .parent_id = parent, .position = pos, .level = level, .depth = depth,
	                     .label = (char *)label, .full_label = (char *)full, .heading = (char *)heading,
	                     .body = (char *)"" };
	assert_int_equal(store_section_add(st, &s), 0);
	return s.id;
}

static gid add_comment(struct fx *f, gid section, gid parent, gid author, const char *body, const char *when)
{
	struct comment_new c = { .doc_id = f->doc, .section_id = section, .parent_id = parent, .author_id = author,
	                         .body = body, .created_at = when };
	gid id = 0;
	assert_int_equal(store_comment_add(f->st, &c, &id), 0);
	return id;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	setenv("GOPY_SEED", "7", 1);
	setenv("GOPY_NOW", "2026-05-04T08:30:00Z", 1);
	strcpy(f->dir, "/tmp/gopy-report-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	if (fx_on_server())
		fx_path(f->path, sizeof f->path, "report");
	else
		snprintf(f->path, sizeof f->path, "%s/r.db", f->dir);
	assert_int_equal(store_open(f->path, STORE_CREATE, &f->st), 0);
	struct store *st = f->st;
	f->a = add_delegate(st, "A", "Nguyễn Văn An", "Sở Tài chính", "delegate");
	f->b = add_delegate(st, "B", "Trần Thị Bình", "Sở Tư pháp", "delegate");
	f->c = add_delegate(st, "C", "Lê Văn Cường", "UBND huyện Tam Đảo", "delegate");
	add_delegate(st, "D", "Phạm Thị Dung", "Sở Y tế", "delegate"); /* consulted, silent */
	f->sec = add_delegate(st, "TK", "Thư Ký", "Văn phòng", "secretary");
	struct document d = { .code = "NQ-01", .title = "Nghị quyết về chuyển đổi số", .issuer = "Sở Thông tin và Truyền thông",
	                      .place = "Vĩnh Yên" };
	assert_int_equal(store_document_add(st, &d), 0);
	f->doc = d.id;
	assert_int_equal(store_begin(st), 0);
	f->s1 = add_section(st, f->doc, 0, 0, LEVEL_ARTICLE, 0, "Điều 1", "Điều 1", "Phạm vi");
	f->s11 = add_section(st, f->doc, f->s1, 1, LEVEL_CLAUSE, 1, "Khoản 1", "khoản 1 Điều 1", "");
	f->s2 = add_section(st, f->doc, 0, 2, LEVEL_ARTICLE, 0, "Điều 2", "Điều 2", "Đối tượng");
	assert_int_equal(store_commit(st), 0);
	/* Điều 2 first in time: the report must still put Điều 1 first. */
	f->r3 = add_comment(f, f->s2, 0, f->c, "Bổ sung đối tượng doanh nghiệp.", "2026-05-01T09:00:00Z");
	f->r1 = add_comment(f, f->s1, 0, f->a, "Làm rõ phạm vi.", "2026-05-01T10:00:00Z");
	f->rep1 = add_comment(f, 0, f->r1, f->b, "Đồng ý với ý kiến trên.", "2026-05-01T10:05:00Z");
	f->rep2 = add_comment(f, 0, f->rep1, f->a, "Cảm ơn.", "2026-05-01T10:06:00Z");
	f->r2 = add_comment(f, f->s11, 0, f->b, "LÀM RÕ phạm vi!", "2026-05-01T11:00:00Z");
	f->g1 = add_comment(f, 0, 0, f->c, "Dự thảo cần ngắn gọn hơn.", "2026-05-01T08:00:00Z");
	f->del = add_comment(f, f->s1, 0, f->c, "BỊ XÓA", "2026-05-01T12:00:00Z");
	assert_int_equal(store_comment_delete(st, f->del), 0);
	assert_int_equal(store_comment_handle(st, f->r1, DISP_ACCEPTED, "Đã sửa Điều 1.", f->sec), 0);
	assert_int_equal(store_comment_handle(st, f->r3, DISP_EXPLAINED, "Đã có ở Điều 3.", f->sec), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	store_close(f->st);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

/* The report as a malloc'd string; rc in *rc. */
static char *render(struct fx *f, struct report_options *o, int *rc)
{
	char *data = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&data, &len);
	assert_non_null(m);
	if (!o->doc_code)
		o->doc_code = "NQ-01";
	if (!o->date)
		o->date = "2026-05-04";
	*rc = report_write(f->st, o, m);
	assert_int_equal(fclose(m), 0);
	return data;
}

static char *render_ok(struct fx *f, struct report_options *o)
{
	int rc;
	char *s = render(f, o, &rc);
	if (rc != 0)
		fail_msg("report_write: %s", err_msg());
	return s;
}

static const char *after(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);
	if (!p)
		fail_msg("missing '%s'", needle);
	return p + strlen(needle);
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void test_txt_structure(void **state)
{
	struct fx *f = *state;
	struct report_options o = { .format = REPORT_TXT };
	char *s = render_ok(f, &o);
	/* Header, title, date with the leading-zero rule (day 04, month 5). */
	const char *p = after(s, "SỞ THÔNG TIN VÀ TRUYỀN THÔNG");
	p = after(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	p = after(p, "Độc lập - Tự do - Hạnh phúc");
	p = after(p, "Vĩnh Yên, ngày 04 tháng 5 năm 2026");
	p = after(p, "BẢN TỔNG HỢP, GIẢI TRÌNH, TIẾP THU Ý KIẾN GÓP Ý");
	p = after(p, "ĐỐI VỚI DỰ THẢO NGHỊ QUYẾT VỀ CHUYỂN ĐỔI SỐ");
	/* Figures: 4 delegates (the secretary is not consulted) of 4 units; 4 comments
	 * (thread roots) and 2 replies of 3 persons; 3 units commented, 1 did not. */
	p = after(p, "4 đại biểu thuộc 4 đơn vị");
	p = after(p, "4 ý kiến (và 2 ý kiến trao đổi, trả lời) của 3 đại biểu");
	p = after(p, "Số đơn vị có ý kiến góp ý: 3.");
	p = after(p, "không có ý kiến: 1.");
	/* Groups in document order: general, Điều 1, khoản 1 Điều 1, Điều 2; an STT for every
	 * comment row; labels as cited, capitalised; replies in the comment cell. */
	p = after(p, "| STT ");
	p = after(p, "| Góp ý chung về dự thảo");
	p = after(p, "| 1     | Chung");
	p = after(p, "Dự thảo cần ngắn gọn hơn.");
	p = after(p, "| Điều 1 — Phạm vi");
	p = after(p, "| 2     | Điều 1");
	p = after(p, "Làm rõ phạm vi.");
	p = after(p, "| ↳ Trần Thị Bình (Sở Tư pháp):");
	p = after(p, "Đồng ý với");
	p = after(p, "|   ↳ Nguyễn Văn An (Sở Tài chính):");
	p = after(p, "| Khoản 1 Điều 1");
	p = after(p, "| 3     | Khoản 1 Điều 1");
	p = after(p, "LÀM RÕ phạm vi!");
	p = after(p, "| Điều 2 — Đối tượng");
	p = after(p, "| 4     | Điều 2");
	p = after(p, "Giải trình");
	p = after(p, "Đã có ở Điều 3.");
	/* Counts by disposition of the 4 rows, then the signature. */
	p = after(p, "Tiếp thu: 1");
	p = after(p, "Giải trình: 1");
	p = after(p, "Chưa xử lý: 2");
	p = after(p, "Tổng cộng: 4 ý kiến.");
	p = after(p, "ĐẠI DIỆN CƠ QUAN CHỦ TRÌ");
	after(p, "(Ký tên, đóng dấu)");
	assert_null(strstr(s, "BỊ XÓA"));
	assert_int_equal(count(s, "Chưa xử lý"), 3); /* the two pending rows and their count */
	assert_null(strstr(s, "trong 4 dòng")); /* no self-check sentence */
	/* Every table line has the same display width: 132 columns by default. */
	int lines = 0;
	for (char *line = s; *line;) {
		char *nl = strchr(line, '\n');
		assert_non_null(nl);
		if (*line == '|' || *line == '+') {
			assert_int_equal(text_width(line, (size_t)(nl - line)), 132);
			lines++;
		}
		line = nl + 1;
	}
	assert_true(lines > 20);
	free(s);
}

static void test_txt_width_and_hostile(void **state)
{
	struct fx *f = *state;
	add_comment(f, f->s2, 0, f->a,
	            "\x1b]0;owned\x07 \x1b[2J \xc2\x9d""52;c;x\xc2\x9c OK\b\b\b\b\u202eevil\nline2\t| 中文字 😀",
	            "2026-05-02T00:00:00Z");
	struct report_options o = { .format = REPORT_TXT, .width = 60 };
	char *s = render_ok(f, &o);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		assert_true(*p == '\n' || (*p >= 0x20 && *p != 0x7f));
	assert_null(strstr(s, "\xc2\x9d"));
	assert_null(strstr(s, "\u202e"));
	for (char *line = s; *line;) {
		char *nl = strchr(line, '\n');
		if (*line == '|' || *line == '+')
			assert_int_equal(text_width(line, (size_t)(nl - line)), 60);
		line = nl + 1;
	}
	free(s);
	o.width = 59;
	int rc;
	s = render(f, &o, &rc);
	assert_int_equal(rc, -1);
	free(s);
}

static void test_filters(void **state)
{
	struct fx *f = *state;
	struct report_options o = { .format = REPORT_JSON, .pending_only = true };
	char *s = render_ok(f, &o);
	assert_non_null(strstr(s, "Dự thảo cần ngắn gọn hơn."));
	assert_non_null(strstr(s, "LÀM RÕ phạm vi!"));
	assert_null(strstr(s, "Làm rõ phạm vi."));
	assert_null(strstr(s, "Bổ sung đối tượng"));
	assert_non_null(strstr(s, "\"pending\": 2, \"accepted\": 0"));
	free(s);

	/* Section Điều 1 includes its khoản; replies follow their root. */
	struct report_options o2 = { .format = REPORT_JSON, .section = "dieu 1" };
	s = render_ok(f, &o2);
	assert_non_null(strstr(s, "Làm rõ phạm vi."));
	assert_non_null(strstr(s, "Cảm ơn."));
	assert_non_null(strstr(s, "LÀM RÕ phạm vi!"));
	assert_null(strstr(s, "Dự thảo cần ngắn gọn hơn."));
	assert_null(strstr(s, "Bổ sung đối tượng"));
	assert_non_null(strstr(s, "chỉ các ý kiến về Điều 1"));
	free(s);

	/* Unit, folded: "tu phap" matches "Sở Tư pháp" only. */
	struct report_options o3 = { .format = REPORT_CSV, .unit = "tu phap" };
	s = render_ok(f, &o3);
	assert_non_null(strstr(s, "LÀM RÕ phạm vi!"));
	assert_null(strstr(s, "Làm rõ phạm vi."));
	assert_null(strstr(s, "Đồng ý với ý kiến trên.")); /* a reply of a row not shown */
	free(s);

	struct report_options o4 = { .format = REPORT_TXT, .section = "Điều 9" };
	int rc;
	s = render(f, &o4, &rc);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err_msg(), "Điều 9"));
	free(s);
}

static void test_group_same(void **state)
{
	struct fx *f = *state;
	/* Same point (folded: case and marks ignored) from two units on khoản 1, plus the
	 * existing "LÀM RÕ phạm vi!" there. */
	gid x = add_comment(f, f->s11, 0, f->a, "Làm rõ phạm vi", "2026-05-03T00:00:00Z");
	add_comment(f, f->s11, 0, f->c, "Đề nghị khác.", "2026-05-03T01:00:00Z");
	add_comment(f, 0, x, f->b, "Trả lời ý kiến gộp.", "2026-05-03T02:00:00Z");
	struct report_options o = { .format = REPORT_JSON, .group_same = true };
	char *s = render_ok(f, &o);
	/* khoản 1 has 3 roots, 2 merged: 2 rows there; Điều 1's own "Làm rõ phạm vi." is in another
	 * section and stays apart. Rows: Chung 1 + Điều 1 1 + khoản 1 2 + Điều 2 1 = 5. */
	assert_non_null(strstr(s, "\"comments\": 6, \"rows\": 5"));
	const char *p = after(s, "\"label\": \"khoản 1 Điều 1\"");
	p = after(p, "\"members\": ["); /* in the order of names: An, then Bình */
	p = after(p, "\"body\": \"Làm rõ phạm vi\"");
	p = after(p, "LÀM RÕ phạm vi!");
	p = after(p, "\"replies\": [");
	p = after(p, "Trả lời ý kiến gộp.");
	after(p, "Đề nghị khác.");
	free(s);
	struct report_options t = { .format = REPORT_TXT, .group_same = true };
	s = render_ok(f, &t);
	p = after(s, "Nguyễn Văn An (Sở Tài chính)");
	after(p, "Trần Thị Bình (Sở Tư pháp)");
	free(s);
}

static void test_unknown_doc_and_determinism(void **state)
{
	struct fx *f = *state;
	for (int fmt = 0; fmt < REPORT_FORMAT_COUNT; fmt++) {
		struct report_options o = { .format = (enum report_format)fmt, .doc_code = "NOPE" };
		int rc;
		char *s = render(f, &o, &rc);
		assert_int_equal(rc, -1);
		assert_non_null(strstr(err_msg(), "NOPE"));
		assert_int_equal(strlen(s), 0); /* nothing written */
		free(s);
		struct report_options a = { .format = (enum report_format)fmt };
		struct report_options b = a;
		char *x = render_ok(f, &a), *y = render_ok(f, &b);
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	/* The read transaction ends with the report, also after an error... */
	assert_false(fx_in_transaction(f->st));
	/* ...and a caller's open transaction is joined, not ended. */
	assert_int_equal(store_begin(f->st), 0);
	struct report_options in_tx = { .format = REPORT_CSV };
	char *x = render_ok(f, &in_tx);
	assert_true(fx_in_transaction(f->st));
	assert_int_equal(store_commit(f->st), 0);
	assert_non_null(strstr(x, "Làm rõ phạm vi."));
	free(x);
	assert_int_equal(report_format_parse("html"), REPORT_HTML);
	assert_int_equal(report_format_parse("pdf"), -1);
	assert_string_equal(report_format_name(REPORT_MD), "md");
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct buf b = {0};
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, fp)) > 0)
		buf_append(&b, tmp, n);
	fclose(fp);
	return buf_take(&b);
}

static int dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void test_write_file_atomic(void **state)
{
	struct fx *f = *state;
	char out[160], sub[128];
	snprintf(sub, sizeof sub, "%s/out", f->dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(out, sizeof out, "%s/report.html", sub);
	FILE *fp = fopen(out, "w");
	assert_non_null(fp);
	fputs("OLD", fp);
	assert_int_equal(fclose(fp), 0);

	struct report_options bad = { .format = REPORT_HTML, .doc_code = "NOPE", .date = "2026-05-04" };
	assert_int_equal(report_write_file(f->st, &bad, out), -1);
	char *s = slurp(out);
	assert_string_equal(s, "OLD");
	free(s);
	assert_int_equal(dir_entries(sub), 1); /* no temporary file left behind */

	char missing[200];
	snprintf(missing, sizeof missing, "%s/no/such/dir/r.txt", f->dir);
	assert_int_equal(report_write_file(f->st, &bad, missing), -1);

	struct report_options good = { .format = REPORT_HTML, .doc_code = "NQ-01", .date = "2026-05-04" };
	assert_int_equal(report_write_file(f->st, &good, out), 0);
	s = slurp(out);
	assert_non_null(strstr(s, "<!DOCTYPE html>"));
	assert_non_null(strstr(s, "</html>\n"));
	char *again = render_ok(f, &good);
	assert_string_equal(s, again); /* the file holds exactly the stream */
	free(again);
	free(s);
	assert_int_equal(dir_entries(sub), 1);
	struct stat sb;
	assert_int_equal(stat(out, &sb), 0);
	mode_t mask = umask(0);
	umask(mask);
	assert_int_equal(sb.st_mode & 0777, 0666 & ~mask); /* an ordinary document, not 0600 */
}

static void progress_cb(void *ctx, int64_t done, int64_t total)
{
	int64_t *last = ctx;
	assert_true(done >= *last);
	assert_true(done <= total);
	*last = done;
}

static void test_many_comments_progress(void **state)
{
	struct fx *f = *state;
	assert_int_equal(store_begin(f->st), 0);
	for (int i = 0; i < 5000; i++) {
		char body[64];
		snprintf(body, sizeof body, "Ý kiến số %d", i);
		add_comment(f, i % 2 ? f->s2 : 0, 0, i % 3 ? f->a : f->b, body, "2026-05-02T00:00:00Z");
	}
	assert_int_equal(store_commit(f->st), 0);
	int64_t last = 0;
	struct report_options o = { .format = REPORT_CSV, .progress = progress_cb, .progress_ctx = &last };
	char *s = render_ok(f, &o);
	assert_int_equal(last, 5000 + 6); /* every comment not deleted was streamed */
	/* BOM, header, one CRLF-ended record per comment: 5000 + 4 roots + 2 replies. */
	assert_memory_equal(s, "\xEF\xBB\xBFrow,id,doc,", 11);
	assert_int_equal(count(s, "\r\n"), 1 + 5006);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_txt_structure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_txt_width_and_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_same, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_doc_and_determinism, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_file_atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many_comments_progress, setup, teardown),
	};
	/* (the group's scratch folder stays empty: each test has a folder of its own) */
	return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
