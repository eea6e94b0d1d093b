/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c — the synthesis report (bản tổng hợp, tiếp thu, giải trình ý kiến góp ý): the
 * model shared by every format, the streaming of comments from the store, the atomic file
 * output. The formats themselves live in report_<format>.c (see report_priv.h).
 *
 * Streaming: comments come from store_comment_each in ORDER_SECTION (general comments first,
 * then sections in document order, each thread root followed by its replies). A row is a
 * thread root (or, when the root was deleted, the first surviving reply of that thread); the
 * filters (--pending, --section, --unit) decide on the row, and the replies of a row follow
 * it whatever their own state. Only the current row is held in memory, except with
 * --group-same, which holds one section's rows at a time to find identical points (one
 * section's comments are bounded in practice; the memory of a whole-document export is not
 * affected by the number of sections). */
#include "report_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"
#include "gopy/util.h"

/* ---- formats ------------------------------------------------------------------------ */

static const char *const format_names[REPORT_FORMAT_COUNT] = { "txt", "md", "csv", "html", "json" };

int report_format_parse(const char *s)
{
	for (int i = 0; s && i < REPORT_FORMAT_COUNT; i++)
		if (strcmp(s, format_names[i]) == 0)
			return i;
	return -1;
}

const char *report_format_name(enum report_format f)
{
	return (unsigned)f < REPORT_FORMAT_COUNT ? format_names[f] : "?";
}

static const struct report_writer *writer_for(enum report_format f)
{
	switch (f) {
	case REPORT_TXT: return &report_txt_writer;
	case REPORT_MD: return &report_md_writer;
	case REPORT_CSV: return &report_csv_writer;
	case REPORT_HTML: return &report_html_writer;
	case REPORT_JSON: return &report_json_writer;
	default: return NULL;
	}
}

/* ---- fixed texts of the form ---------------------------------------------------------- */

const char *report_motto1(void) { return "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"; }
const char *report_motto2(void) { return "Độc lập - Tự do - Hạnh phúc"; }
const char *report_title1(void) { return "BẢN TỔNG HỢP, GIẢI TRÌNH, TIẾP THU Ý KIẾN GÓP Ý"; }
const char *report_number_line(void) { return "Số:        /BC"; }
const char *report_sign1(void) { return "ĐẠI DIỆN CƠ QUAN CHỦ TRÌ"; }
const char *report_sign2(void) { return "(Ký tên, đóng dấu)"; }

void report_title2(const struct report_ctx *ctx, struct buf *b)
{
	buf_printf(b, "ĐỐI VỚI DỰ THẢO %s", ctx->doc_title_upper);
}

const char *report_column(int i)
{
	switch (i) {
	case 0: return "NHÓM VẤN ĐỀ / ĐIỀU, KHOẢN";
	case 1: return "CHỦ THỂ GÓP Ý";
	case 2: return "NỘI DUNG GÓP Ý";
	default: return "NỘI DUNG TIẾP THU, GIẢI TRÌNH";
	}
}

const char *report_part(int i)
{
	switch (i) {
	case 0: return "I. TÌNH HÌNH LẤY Ý KIẾN";
	case 1: return "II. NỘI DUNG GÓP Ý VÀ TIẾP THU, GIẢI TRÌNH";
	default: return "III. KẾT QUẢ XỬ LÝ Ý KIẾN";
	}
}

static void lines_add(char ***lines, size_t *n, struct buf *b)
{
	*lines = xrealloc(*lines, (*n + 1) * sizeof **lines);
	(*lines)[(*n)++] = buf_take(b);
}

size_t report_figure_lines(const struct report_ctx *ctx, char ***lines)
{
	const struct report_figures *g = &ctx->fig;
	struct buf b = {0};
	size_t n = 0;
	*lines = NULL;
	buf_printf(&b, "Tổng số đại biểu, cơ quan, đơn vị được lấy ý kiến: %lld đại biểu thuộc %lld đơn vị.",
	           (long long)g->delegates, (long long)g->units);
	lines_add(lines, &n, &b);
	buf_printf(&b, "Tổng số ý kiến nhận được: %lld ý kiến (và %lld ý kiến trao đổi, trả lời) của %lld đại biểu.",
	           (long long)g->roots, (long long)g->replies, (long long)g->authors);
	lines_add(lines, &n, &b);
	buf_printf(&b, "Số đơn vị có ý kiến góp ý: %lld.", (long long)g->units_commented);
	lines_add(lines, &n, &b);
	buf_printf(&b, "Số đơn vị được lấy ý kiến nhưng không có ý kiến: %lld.", (long long)g->units_silent);
	lines_add(lines, &n, &b);
	return n;
}

/* Dispositions in the order the summary lists them: handled ones first, pending last. */
static const int count_order[DISP_COUNT] = {
	DISP_ACCEPTED, DISP_PARTLY, DISP_EXPLAINED, DISP_NOTED, DISP_ESCALATED, DISP_PENDING
};

size_t report_count_lines(const struct report_ctx *ctx, char ***lines)
{
	struct buf b = {0};
	size_t n = 0;
	*lines = NULL;
	for (int i = 0; i < DISP_COUNT; i++) {
		const char *label = disposition_official(count_order[i]);
		/* Capitalise the first letter of the label (all labels start with an ASCII letter
		 * or a precomposed one that utf8proc maps). */
		int32_t cp;
		size_t k = text_decode(label, strlen(label), &cp);
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
		buf_append(&b, (const char *)enc, m > 0 ? (size_t)m : 0);
		buf_printf(&b, "%s: %lld", label + k, (long long)ctx->counts[count_order[i]]);
		lines_add(lines, &n, &b);
	}
	buf_printf(&b, "Tổng cộng: %lld ý kiến trong %lld dòng của bảng.", (long long)ctx->n_shown,
	           (long long)ctx->n_rows);
	lines_add(lines, &n, &b);
	return n;
}

void report_free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

void report_who(struct buf *b, const struct report_entry *e)
{
	buf_puts(b, e->author_name);
	if (e->author_unit[0])
		buf_printf(b, " (%s)", e->author_unit);
}

bool report_row_uniform(const struct report_row *r)
{
	for (size_t i = 1; i < r->n; i++)
		if (r->m[i].disposition != r->m[0].disposition || strcmp(r->m[i].response, r->m[0].response) != 0)
			return false;
	return true;
}

/* "tiếp thu" then the response and "(handler, date)" for one comment. */
static void disposition_one(struct buf *b, const struct report_entry *e)
{
	buf_puts(b, disposition_official(e->disposition));
	if (e->response[0])
		buf_printf(b, "\n%s", e->response);
	if (e->handler[0])
		buf_printf(b, "\n(%s, %.10s)", e->handler, e->handled_at);
}

void report_disposition_text(struct buf *b, const struct report_row *r)
{
	if (report_row_uniform(r)) {
		disposition_one(b, &r->m[0]);
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			buf_puts(b, "\n");
		buf_printf(b, "%s: ", r->m[i].author_name);
		disposition_one(b, &r->m[i]);
	}
}

void report_body_text(struct buf *b, const struct report_entry *e)
{
	if (e->quote[0])
		buf_printf(b, "Trích: “%s”\n", e->quote);
	buf_puts(b, e->body);
}

void report_reply_text(struct buf *b, const struct report_entry *e)
{
	report_body_text(b, e);
	if (e->disposition != DISP_PENDING || e->response[0]) {
		buf_printf(b, " [%s", disposition_official(e->disposition));
		if (e->response[0])
			buf_printf(b, ": %s", e->response);
		buf_puts(b, "]");
	}
}

void report_reply_prefix(struct buf *b, int depth)
{
	/* indentation stops growing at REPORT_MAX_INDENT levels: a chain thousands deep (made
	 * with other tools) would otherwise grow the report with the square of its length */
	int shown = depth < REPORT_MAX_INDENT ? depth : REPORT_MAX_INDENT;
	for (int i = 1; i < shown; i++)
		buf_puts(b, "  ");
	if (depth > REPORT_MAX_INDENT)
		buf_printf(b, "(%d) ", depth);
	buf_puts(b, "↳ ");
}

/* ---- small text helpers ----------------------------------------------------------------- */

/* True when s is printable ASCII only (and LF when lines is set): sanitising changes
 * nothing then, and ids, codes and times skip the Unicode pipeline. */
static bool plain_ascii(const char *s, bool lines)
{
	for (; *s; s++)
		if ((*s < 0x20 || *s > 0x7E) && !(lines && *s == '\n'))
			return false;
	return true;
}

static char *san(const char *s)
{
	if (!s)
		return xstrdup("");
	return plain_ascii(s, false) ? xstrdup(s) : text_sanitize(s, strlen(s));
}

static char *san_lines(const char *s)
{
	if (!s)
		return xstrdup("");
	return plain_ascii(s, true) ? xstrdup(s) : text_sanitize_lines(s, strlen(s));
}

/* Upper-case a UTF-8 string (Vietnamese letters are precomposed after sanitising). */
static char *upper(const char *s)
{
	struct buf b = {0};
	size_t len = strlen(s), i = 0;
	buf_puts(&b, "");
	while (i < len) {
		int32_t cp;
		size_t k = text_decode(s + i, len - i, &cp);
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
		if (m > 0)
			buf_append(&b, (const char *)enc, (size_t)m);
		i += k;
	}
	return buf_take(&b);
}

/* ---- entries ---------------------------------------------------------------------------- */

static void entry_from(struct report_entry *e, const struct comment *c)
{
	e->id = c->id;
	e->section_id = c->section_id;
	e->parent_id = c->parent_id;
	e->root_id = c->root_id;
	e->depth = c->depth;
	e->section_position = c->section_id ? c->section_position : -1;
	e->disposition = (c->disposition >= 0 && c->disposition < DISP_COUNT) ? c->disposition : DISP_PENDING;
	e->author_code = san(c->author_code);
	e->author_name = san(c->author_name);
	e->author_unit = san(c->author_unit);
	e->body = san_lines(c->body);
	e->quote = san_lines(c->quote);
	e->created_at = san(c->created_at);
	e->edited_at = san(c->edited_at);
	e->response = san_lines(c->response);
	e->handler = san(c->handled_by_name);
	e->handled_at = san(c->handled_at);
	e->section_label = c->section_id && c->section_label && c->section_label[0] ? san(c->section_label)
	                                                                           : xstrdup("Chung");
}

static void entry_free(struct report_entry *e)
{
	free(e->author_code);
	free(e->author_name);
	free(e->author_unit);
	free(e->body);
	free(e->quote);
	free(e->created_at);
	free(e->edited_at);
	free(e->response);
	free(e->handler);
	free(e->handled_at);
	free(e->section_label);
	memset(e, 0, sizeof *e);
}

/* ---- figures: the one place with report SQL ----------------------------------------------- */

/* One integer from a query with the document id bound to ?1. */
static int sql_count(struct store *st, const char *sql, gid doc_id, int64_t *out)
{
	sqlite3 *db = store_sqlite(st);
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return err_set(_("cannot compute the report figures: %s"), sqlite3_errmsg(db));
	if (sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_int64(s, 1, doc_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else
		*out = 0;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		err_set(_("cannot compute the report figures: %s"), sqlite3_errmsg(db));
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return 0;
}

/* Those who commented are the authors of thread roots: replies are discussion (often the
 * drafting team's), not comments received. Persons consulted are the delegates who are not
 * secretaries or editors (those record or handle comments, they are not consulted), plus
 * anyone who commented. A unit is compared by its exact stored text. */
#define COMMENTERS                                                                          \
	"SELECT DISTINCT d.id, d.unit FROM comment c JOIN delegate d ON d.id = c.author_id " \
	"WHERE c.document_id = ?1 AND c.deleted_at IS NULL AND c.parent_id IS NULL"
#define CONSULTED \
	"SELECT id, unit FROM delegate WHERE role NOT IN ('secretary', 'editor') UNION " COMMENTERS

static int load_figures(struct store *st, gid doc_id, struct report_figures *g)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM (" CONSULTED ")",
		"SELECT count(DISTINCT unit) FROM (" CONSULTED ") WHERE unit <> ''",
		"SELECT count(*) FROM comment WHERE document_id = ?1 AND deleted_at IS NULL AND parent_id IS NULL",
		/* replies: the live comments the counters know, less the roots (comment_roots index) */
		"SELECT n_comments - (SELECT count(*) FROM comment WHERE document_id = ?1 AND deleted_at IS NULL AND "
		"parent_id IS NULL) FROM document WHERE id = ?1",
		"SELECT count(*) FROM (" COMMENTERS ")",
		"SELECT count(DISTINCT unit) FROM (" COMMENTERS ") WHERE unit <> ''",
		"SELECT count(DISTINCT unit) FROM (" CONSULTED ") WHERE unit <> '' AND unit NOT IN "
		"(SELECT unit FROM (" COMMENTERS "))",
	};
	int64_t *out[] = { &g->delegates, &g->units, &g->roots, &g->replies, &g->authors, &g->units_commented,
	                   &g->units_silent };
	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
		if (sql_count(st, sql[i], doc_id, out[i]) < 0)
			return -1;
	return 0;
}

/* ---- the header ---------------------------------------------------------------------------- */

/* "ngày 04 tháng 5 năm 2026": days below 10 and months below 3 take a leading zero
 * (Decree 30/2020/NĐ-CP, appendix I). */
static char *date_line(const char *place, const char *date)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		y = m = d = 0;
	struct buf b = {0};
	buf_printf(&b, "%s, ngày %02d tháng %0*d năm %04d", place, d, m < 3 ? 2 : 1, m, y);
	return buf_take(&b);
}

static char *filter_note(struct report_ctx *ctx, const char *section_label)
{
	const struct report_options *o = ctx->o;
	struct buf b = {0};
	buf_puts(&b, "");
	if (o->pending_only)
		buf_printf(&b, "%s%s", b.len ? "; " : "", "chỉ các ý kiến chưa xử lý");
	if (section_label) {
		char *s = san(section_label);
		buf_printf(&b, "%s", b.len ? "; " : "");
		buf_printf(&b, "chỉ các ý kiến về %s", s);
		free(s);
	}
	if (o->unit && o->unit[0]) {
		char *s = san(o->unit);
		buf_printf(&b, "%s", b.len ? "; " : "");
		buf_printf(&b, "chỉ các ý kiến của đơn vị có tên chứa “%s”", s);
		free(s);
	}
	if (!b.len)
		return buf_take(&b);
	struct buf n = {0};
	buf_printf(&n, "(Bản trích: %s.)", b.data);
	buf_free(&b);
	return buf_take(&n);
}

/* ---- sections --------------------------------------------------------------------------- */

struct sec {
	gid id;
	int64_t position;
	int depth;
	char *label, *heading; /* sanitised */
};

struct secs {
	struct sec *v;
	size_t n, cap;
};

static int sec_add(void *ctx, const struct section *s)
{
	struct secs *ss = ctx;
	if (ss->n == ss->cap) {
		ss->cap = ss->cap ? ss->cap * 2 : 64;
		ss->v = xrealloc(ss->v, ss->cap * sizeof *ss->v);
	}
	struct sec *x = &ss->v[ss->n++];
	x->id = s->id;
	x->position = s->position;
	x->depth = s->depth;
	x->label = san(s->full_label && s->full_label[0] ? s->full_label : s->label);
	x->heading = san(s->heading);
	return 0;
}

static void secs_free(struct secs *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		free(ss->v[i].label);
		free(ss->v[i].heading);
	}
	free(ss->v);
}

static int sec_by_position(const void *key, const void *elem)
{
	int64_t p = *(const int64_t *)key, q = ((const struct sec *)elem)->position;
	return p < q ? -1 : p > q;
}

static int sec_sort(const void *a, const void *b)
{
	int64_t p = ((const struct sec *)a)->position, q = ((const struct sec *)b)->position;
	return p < q ? -1 : p > q;
}

/* ---- streaming -------------------------------------------------------------------------- */

struct pend {                   /* --group-same: a buffered row head and its replies */
	struct report_entry e;
	bool head;
	char *key;                  /* heads only: the grouping key */
	size_t k;                   /* heads only: index among the section's heads */
};

struct stream {
	struct report_ctx *ctx;
	const struct report_writer *w;
	struct secs secs;
	char *unit_fold;            /* --unit, folded; NULL when not filtering */
	bool by_section;
	int64_t sec_lo, sec_hi;     /* --section: positions [lo, hi) */
	bool have_thread;
	gid thread;                 /* root id of the current thread */
	bool included;              /* the current thread's row is in the report */
	bool row_open;
	struct report_entry head;   /* the open row (streaming mode) */
	bool group_open;
	gid group_section;
	int64_t n_groups;
	struct pend *pend;          /* --group-same buffer of one section */
	size_t npend, cappend;
	gid pend_section;
	int64_t done, total;
};

static void progress(struct stream *s, bool final)
{
	const struct report_options *o = s->ctx->o;
	if (o->progress && (final || s->done % 1000 == 0))
		o->progress(o->progress_ctx, s->done, s->total);
}

static bool row_passes(struct stream *s, const struct comment *c)
{
	const struct report_options *o = s->ctx->o;
	if (o->pending_only && c->disposition != DISP_PENDING)
		return false;
	if (s->by_section && (c->section_id == 0 || c->section_position < s->sec_lo || c->section_position >= s->sec_hi))
		return false;
	if (s->unit_fold) {
		const char *u = c->author_unit ? c->author_unit : "";
		char *f = text_fold(u, strlen(u));
		bool hit = strstr(f, s->unit_fold) != NULL;
		free(f);
		if (!hit)
			return false;
	}
	return true;
}

/* Open the group of section_id (closing the previous one) when it is not the current one. */
static void enter_group(struct stream *s, gid section_id, int64_t position, const char *fallback_label)
{
	if (s->group_open && s->group_section == section_id)
		return;
	if (s->group_open)
		s->w->group_end(s->ctx);
	struct report_group g = { .section_id = section_id, .number = ++s->n_groups };
	if (section_id == 0) {
		g.label = "Chung";
		g.heading = "Góp ý chung về dự thảo";
	} else {
		const struct sec *x = bsearch(&position, s->secs.v, s->secs.n, sizeof *s->secs.v, sec_by_position);
		if (x && x->id == section_id) {
			g.label = x->label;
			g.heading = x->heading;
		} else {
			g.label = fallback_label;
			g.heading = "";
		}
	}
	s->w->group(s->ctx, &g);
	s->group_open = true;
	s->group_section = section_id;
}

static void count_row(struct stream *s, const struct report_row *r)
{
	for (size_t i = 0; i < r->n; i++)
		s->ctx->counts[r->m[i].disposition]++;
	s->ctx->n_shown += (int64_t)r->n;
	s->ctx->n_rows++;
}

static void close_row(struct stream *s)
{
	if (!s->row_open)
		return;
	s->w->row_end(s->ctx);
	entry_free(&s->head);
	s->row_open = false;
}

/* --group-same: write the buffered section, merging heads with the same key. */
static int key_cmp(const void *a, const void *b)
{
	const struct pend *const *x = a, *const *y = b;
	int c = strcmp((*x)->key, (*y)->key);
	return c ? c : ((*x)->k > (*y)->k) - ((*x)->k < (*y)->k);
}

/* The authors of one merged row in the Vietnamese order of names. */
static int author_cmp(const void *a, const void *b)
{
	const struct pend *const *x = a, *const *y = b;
	int c = text_name_cmp((*x)->e.author_name, (*y)->e.author_name);
	return c ? c : ((*x)->k > (*y)->k) - ((*x)->k < (*y)->k);
}

static void flush_pending(struct stream *s)
{
	if (!s->npend)
		return;
	size_t nheads = 0;
	for (size_t i = 0; i < s->npend; i++)
		if (s->pend[i].head)
			nheads++;
	struct pend **sorted = xcalloc(nheads, sizeof *sorted);
	size_t *start = xcalloc(s->npend, sizeof *start); /* pend index → index of its run in sorted */
	for (size_t i = 0, k = 0; i < s->npend; i++)
		if (s->pend[i].head)
			sorted[k++] = &s->pend[i];
	qsort(sorted, nheads, sizeof *sorted, key_cmp);
	/* For each head, where its run of equal keys starts in `sorted`; the row is written where
	 * its earliest comment stands, its authors in the order of names. */
	bool *earliest = xcalloc(s->npend, sizeof *earliest);
	for (size_t i = 0; i < nheads;) {
		size_t j = i;
		while (j < nheads && strcmp(sorted[j]->key, sorted[i]->key) == 0)
			j++;
		earliest[sorted[i] - s->pend] = true;
		qsort(sorted + i, j - i, sizeof *sorted, author_cmp);
		for (size_t t = i; t < j; t++)
			start[sorted[t] - s->pend] = i;
		i = j;
	}
	struct report_entry *members = xcalloc(nheads, sizeof *members);
	for (size_t i = 0; i < s->npend; i++) {
		if (!s->pend[i].head)
			continue;
		size_t r0 = start[i];
		if (!earliest[i])
			continue; /* not the earliest of its run: written with it */
		size_t n = 0;
		for (size_t t = r0; t < nheads && strcmp(sorted[t]->key, sorted[r0]->key) == 0; t++)
			members[n++] = sorted[t]->e;
		const struct report_entry *h = &s->pend[i].e;
		enter_group(s, h->section_id, h->section_position, h->section_label);
		struct report_row row = { .n = n, .m = members, .number = s->ctx->n_rows + 1 };
		count_row(s, &row);
		s->w->row(s->ctx, &row);
		for (size_t t = r0; t < r0 + n; t++)
			for (struct pend *p = sorted[t] + 1; p < s->pend + s->npend && !p->head; p++) {
				s->w->reply(s->ctx, &p->e);
				s->ctx->n_replies_shown++;
			}
		s->w->row_end(s->ctx);
	}
	free(members);
	free(earliest);
	free(start);
	free(sorted);
	for (size_t i = 0; i < s->npend; i++) {
		entry_free(&s->pend[i].e);
		free(s->pend[i].key);
	}
	s->npend = 0;
}

static struct pend *pend_add(struct stream *s, const struct comment *c, bool head)
{
	if (s->npend == s->cappend) {
		s->cappend = s->cappend ? s->cappend * 2 : 64;
		s->pend = xrealloc(s->pend, s->cappend * sizeof *s->pend);
	}
	struct pend *p = &s->pend[s->npend++];
	memset(p, 0, sizeof *p);
	entry_from(&p->e, c);
	p->head = head;
	if (head) {
		char *f = text_fold(p->e.body, strlen(p->e.body));
		struct buf k = {0};
		/* Text with no letters or digits folds to "": group it by its exact form instead. */
		buf_printf(&k, "%c%s", f[0] ? 'f' : 'x', f[0] ? f : p->e.body);
		free(f);
		p->key = buf_take(&k);
		size_t heads = 0;
		for (size_t i = 0; i + 1 < s->npend; i++)
			heads += s->pend[i].head;
		p->k = heads;
	}
	return p;
}

static int on_comment(void *vs, const struct comment *c)
{
	struct stream *s = vs;
	const struct report_options *o = s->ctx->o;
	s->done++;
	progress(s, false);
	bool new_thread = !s->have_thread || c->root_id != s->thread;
	if (new_thread) {
		close_row(s);
		s->have_thread = true;
		s->thread = c->root_id;
		s->included = row_passes(s, c);
		if (!s->included)
			return 0;
		if (o->group_same) {
			if (s->npend && s->pend_section != c->section_id)
				flush_pending(s);
			s->pend_section = c->section_id;
			pend_add(s, c, true);
			return 0;
		}
		entry_from(&s->head, c);
		enter_group(s, c->section_id, c->section_position, s->head.section_label);
		struct report_row row = { .n = 1, .m = &s->head, .number = s->ctx->n_rows + 1 };
		count_row(s, &row);
		s->w->row(s->ctx, &row);
		s->row_open = true;
		return 0;
	}
	if (!s->included)
		return 0;
	if (o->group_same) {
		pend_add(s, c, false);
		return 0;
	}
	struct report_entry e;
	entry_from(&e, c);
	s->w->reply(s->ctx, &e);
	s->ctx->n_replies_shown++;
	entry_free(&e);
	return 0;
}

/* ---- the report ------------------------------------------------------------------------- */

static void ctx_free(struct report_ctx *ctx)
{
	document_clear(&ctx->doc);
	free((char *)ctx->doc_title_upper);
	free((char *)ctx->issuer);
	free((char *)ctx->place);
	free((char *)ctx->date_line);
	free((char *)ctx->filter_note);
	buf_free(&ctx->wbuf);
	buf_free(&ctx->wcell);
}

int report_write(struct store *st, const struct report_options *o, FILE *f)
{
	const struct report_writer *w = writer_for(o->format);
	if (!w)
		return err_set(_("unknown report format"));
	if (!o->doc_code || !o->doc_code[0])
		return err_set(_("no document given for the report"));
	if (o->format == REPORT_TXT && o->width != 0 && (o->width < REPORT_MIN_WIDTH || o->width > REPORT_MAX_WIDTH))
		return err_set(_("report width must be between %d and %d columns"), REPORT_MIN_WIDTH, REPORT_MAX_WIDTH);
	char norm[21];
	if (o->date && (strlen(o->date) != 10 || !time_parse_iso(o->date, norm)))
		return err_set(_("invalid date '%s' (expected YYYY-MM-DD)"), o->date);

	struct report_ctx ctx = { .o = o, .f = f };
	struct stream s = { .ctx = &ctx, .w = w };
	struct section sec = {0};
	bool have_sec = false;
	int rc = -1;

	/* One read transaction: the figures, the table and the counts come from one snapshot
	 * even while others write. Joins the caller's transaction if one is open. */
	sqlite3 *db = store_sqlite(st);
	bool own_tx = sqlite3_get_autocommit(db) != 0;
	if (own_tx && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return err_set(_("cannot read the database: %s"), sqlite3_errmsg(db));

	struct document raw = {0};
	int found = store_document_get(st, o->doc_code, &raw);
	if (found < 0)
		goto out;
	if (found > 0) {
		char *code = san(o->doc_code);
		err_set(_("no document with code '%s'"), code);
		free(code);
		goto out;
	}
	ctx.doc = raw;
	ctx.doc.code = san(raw.code);
	ctx.doc.title = san(raw.title);
	ctx.doc.kind = san(raw.kind);
	ctx.doc.version = san(raw.version);
	ctx.doc.status = san(raw.status);
	ctx.doc.deadline = san(raw.deadline);
	ctx.doc.issuer = san(raw.issuer);
	ctx.doc.place = san(raw.place);
	ctx.doc.created_at = san(raw.created_at);
	/* The sanitised copies replace the originals, which are freed here. */
	free(raw.code), free(raw.title), free(raw.kind), free(raw.version), free(raw.status);
	free(raw.deadline), free(raw.issuer), free(raw.place), free(raw.created_at);

	ctx.doc_title_upper = upper(ctx.doc.title);
	const char *issuer = o->issuer ? o->issuer : ctx.doc.issuer;
	const char *place = o->place ? o->place : ctx.doc.place;
	char *t = san(issuer);
	ctx.issuer = t[0] ? upper(t) : xstrdup("……………………");
	free(t);
	t = san(place);
	ctx.place = t[0] ? t : (free(t), xstrdup("……………"));
	if (o->date) {
		memcpy(ctx.date, o->date, 10);
	} else {
		clock_today_local(ctx.date); /* the signer's calendar day, not UTC's */
	}
	ctx.date[10] = '\0';
	ctx.date_line = date_line(ctx.place, ctx.date);

	if (store_section_each(st, ctx.doc.id, sec_add, &s.secs) < 0)
		goto out;
	qsort(s.secs.v, s.secs.n, sizeof *s.secs.v, sec_sort);
	if (o->section) {
		int r = store_section_find(st, ctx.doc.id, o->section, &sec);
		if (r < 0)
			goto out;
		if (r > 0) {
			char *l = san(o->section);
			err_set(_("no section '%s' in document '%s'"), l, ctx.doc.code);
			free(l);
			goto out;
		}
		have_sec = true;
		s.by_section = true;
		s.sec_lo = sec.position;
		s.sec_hi = INT64_MAX;
		for (size_t i = 0; i < s.secs.n; i++)
			if (s.secs.v[i].position > sec.position && s.secs.v[i].depth <= sec.depth) {
				s.sec_hi = s.secs.v[i].position;
				break;
			}
	}
	if (o->unit && o->unit[0])
		s.unit_fold = text_fold(o->unit, strlen(o->unit));
	ctx.filter_note = filter_note(&ctx, have_sec ? (sec.full_label && sec.full_label[0] ? sec.full_label : sec.label)
	                                             : NULL);
	if (load_figures(st, ctx.doc.id, &ctx.fig) < 0)
		goto out;
	s.total = ctx.doc.n_comments;

	w->begin(&ctx);
	struct comment_query q = { .doc_id = ctx.doc.id, .scope = SCOPE_DOCUMENT, .order = ORDER_SECTION };
	comment_filter_init(&q.filter);
	if (store_comment_each(st, &q, on_comment, &s) < 0) {
		close_row(&s);
		goto out;
	}
	close_row(&s);
	flush_pending(&s);
	if (s.group_open)
		w->group_end(&ctx);
	w->end(&ctx);
	progress(&s, true);
	if (fflush(f) != 0 || ferror(f)) {
		err_set(_("cannot write the report: %s"), strerror(errno ? errno : EIO));
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; i < s.npend; i++) {
		entry_free(&s.pend[i].e);
		free(s.pend[i].key);
	}
	free(s.pend);
	free(s.unit_fold);
	secs_free(&s.secs);
	if (have_sec)
		section_clear(&sec);
	ctx_free(&ctx);
	/* Only reads happened: ending the transaction cannot lose anything. */
	if (own_tx && !sqlite3_get_autocommit(db) && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* ---- atomic file output ----------------------------------------------------------------- */

/* A device or pipe (/dev/null, /dev/stdout, a fifo) is written in place: renaming a file
 * over it would replace the device itself. */
static int write_in_place(struct store *st, const struct report_options *o, const char *path)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return err_set(_("cannot write '%s': %s"), path, strerror(errno));
	int rc = report_write(st, o, f);
	if (fclose(f) != 0 && rc == 0)
		rc = err_set(_("cannot write '%s': %s"), path, strerror(errno));
	return rc;
}

int report_write_file(struct store *st, const struct report_options *o, const char *path)
{
	struct stat sb;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return err_set(_("'%s' is a directory"), path);
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return write_in_place(st, o, path);
	/* Replace the file a symbolic link points to, not the link. */
	char *real = lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) ? realpath(path, NULL) : NULL;
	if (real)
		path = real;
	struct buf tmp = {0};
	buf_printf(&tmp, "%s.XXXXXX", path);
	int fd = mkstemp(tmp.data);
	if (fd < 0) {
		err_set(_("cannot create a file next to '%s': %s"), path, strerror(errno));
		buf_free(&tmp);
		return -1;
	}
	/* mkstemp makes the file 0600; a report is an ordinary document: honour the umask. */
	mode_t mask = umask(0);
	umask(mask);
	FILE *f = NULL;
	int rc = -1;
	if (fchmod(fd, 0666 & ~mask) != 0) {
		err_set(_("cannot write '%s': %s"), path, strerror(errno));
		close(fd);
		goto out;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err_set(_("cannot write '%s': %s"), path, strerror(errno));
		close(fd);
		goto out;
	}
	if (report_write(st, o, f) < 0) {
		fclose(f);
		goto out;
	}
	if (fflush(f) != 0 || fsync(fileno(f)) != 0) {
		err_set(_("cannot write '%s': %s"), path, strerror(errno));
		fclose(f);
		goto out;
	}
	if (fclose(f) != 0) {
		err_set(_("cannot write '%s': %s"), path, strerror(errno));
		goto out;
	}
	if (rename(tmp.data, path) != 0) {
		err_set(_("cannot write '%s': %s"), path, strerror(errno));
		goto out;
	}
	rc = 0;
	/* Make the rename itself durable; a failure here does not undo a complete report. */
	{
		char *dir = xstrdup(path);
		char *slash = strrchr(dir, '/');
		if (slash)
			*(slash == dir ? slash + 1 : slash) = '\0';
		int dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY);
		if (dfd >= 0) {
			if (fsync(dfd) != 0) {
				/* Not fatal: the file is complete and in place. */
			}
			close(dfd);
		}
		free(dir);
	}
out:
	if (rc != 0 && unlink(tmp.data) != 0 && errno != ENOENT) {
		/* The error already set is the one worth reporting. */
	}
	buf_free(&tmp);
	free(real);
	return rc;
}
