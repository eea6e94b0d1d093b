/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.c — the synthesis report (bản tổng hợp, tiếp thu, giải trình ý kiến góp ý): the
 * layout model every format renders (see report_priv.h), the streaming of comments from the
 * store, the atomic file output. The formats live in report_<format>.c.
 *
 * Streaming: comments come from store_comment_each in ORDER_SECTION (general comments first,
 * then sections in document order, each thread root followed by its replies). A row is a
 * thread root (or, when the root was deleted, the first surviving reply of that thread); the
 * filters (--pending, --section, --unit) decide on the row, and the replies of a row follow
 * it whatever their own state. Only the current thread is held in memory, except with
 * --group-same, which holds one section's rows at a time to find identical points (one
 * section's comments are bounded in practice; the memory of a whole-document export is not
 * affected by the number of sections or comments). */
#include "report_priv.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "gopy/anchor.h"
#include "gopy/consult.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/round.h"
#include "gopy/text.h"
#include "gopy/util.h"

/* ---- formats ------------------------------------------------------------------------ */

static const char *const format_names[REPORT_FORMAT_COUNT] = { "txt", "md", "csv", "html", "json", "docx", "xlsx" };

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
	case REPORT_DOCX: return &report_docx_writer;
	case REPORT_XLSX: return &report_xlsx_writer;
	default: return NULL;
	}
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
	e->quote_now = xstrdup("");
	e->created_at = san(c->created_at);
	e->edited_at = san(c->edited_at);
	e->response = san_lines(c->response);
	e->handler = san(c->handled_by_name);
	e->handled_at = san(c->handled_at);
	e->entered_by = c->entered_by && c->entered_by_name ? san(c->entered_by_name) : xstrdup("");
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
	free(e->quote_now);
	free(e->created_at);
	free(e->edited_at);
	free(e->response);
	free(e->handler);
	free(e->handled_at);
	free(e->entered_by);
	free(e->section_label);
	memset(e, 0, sizeof *e);
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

/* Conflicts between merged copies not yet settled (merge.h): said in the header, after the
 * filter note, until a person settles them. */
static int conflict_note(struct store *st, struct report_ctx *ctx)
{
	int64_t n;
	if (store_conflict_count(st, ctx->doc.id, &n) != 0)
		return -1;
	if (n == 0)
		return 0;
	struct buf b = {0};
	buf_printf(&b, "%s%s(Còn %lld xung đột giữa các bản được gộp chưa giải quyết.)", ctx->filter_note,
	           *ctx->filter_note ? " " : "", (long long)n);
	free((char *)ctx->filter_note);
	ctx->filter_note = buf_take(&b);
	return 0;
}

/* ---- the layout model: the wording of the form -------------------------------------------- */

/* Relative column widths (per mille): STT, section, who, comment, disposition. */
static const int col_width[LAY_COLS] = { 50, 130, 170, 370, 280 };

/* s with its first letter in capitals, as the form writes dispositions ("Tiếp thu") and
 * cited labels ("Khoản 1 Điều 2"); Vietnamese letters are precomposed after sanitising. */
static void cap_first(struct buf *b, const char *s)
{
	size_t len = strlen(s);
	if (!len) {
		buf_puts(b, "");
		return;
	}
	int32_t cp;
	size_t k = text_decode(s, len, &cp);
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
	buf_append(b, (const char *)enc, m > 0 ? (size_t)m : 0);
	buf_puts(b, s + k);
}

static void emit_para(struct report_ctx *ctx, enum lay_para_kind kind, int64_t number, const char *text)
{
	struct lay_para p = { .kind = kind, .number = number, .text = text };
	if (ctx->w->para)
		ctx->w->para(ctx, &p);
}

/* ---- what compare.c shares ------------------------------------------------------------------ */

char *report_san(const char *s) { return san(s); }
char *report_san_lines(const char *s) { return san_lines(s); }
char *report_upper(const char *s) { return upper(s); }
void report_cap_first(struct buf *b, const char *s) { cap_first(b, s); }
void report_para(struct report_ctx *ctx, enum lay_para_kind kind, int64_t number, const char *text)
{
	emit_para(ctx, kind, number, text);
}

/* Part I, the figures, and the heading of part II. */
static void emit_figures(struct report_ctx *ctx)
{
	const struct report_figures *g = &ctx->fig;
	struct buf b = {0};
	emit_para(ctx, LAY_HEADING, 0, "I. TÌNH HÌNH LẤY Ý KIẾN");
	if (g->listed)
		buf_printf(&b, "Tổng số cơ quan, đơn vị, đại biểu được lấy ý kiến: %lld, thuộc %lld đơn vị.",
		           (long long)g->listed, (long long)g->units);
	else
		buf_printf(&b, "Tổng số đại biểu, cơ quan, đơn vị được lấy ý kiến: %lld đại biểu thuộc %lld đơn vị.",
		           (long long)g->delegates, (long long)g->units);
	emit_para(ctx, LAY_NUMBERED, 1, b.data);
	buf_reset(&b);
	buf_printf(&b, "Tổng số ý kiến nhận được: %lld ý kiến (và %lld ý kiến trao đổi, trả lời) của %lld đại biểu.",
	           (long long)g->roots, (long long)g->replies, (long long)g->authors);
	emit_para(ctx, LAY_NUMBERED, 2, b.data);
	buf_reset(&b);
	buf_printf(&b, "Số đơn vị có ý kiến góp ý: %lld.", (long long)g->units_commented);
	emit_para(ctx, LAY_NUMBERED, 3, b.data);
	buf_reset(&b);
	int64_t item = 4;
	if (g->listed) {
		buf_printf(&b, "Số cơ quan, đơn vị, đại biểu trả lời nhất trí, không có ý kiến: %lld.",
		           (long long)g->no_comments);
		emit_para(ctx, LAY_NUMBERED, item++, b.data);
		buf_reset(&b);
	}
	if (g->listed && ctx->silent_units && ctx->silent_units[0])
		buf_printf(&b, "Số đơn vị được lấy ý kiến nhưng không có ý kiến: %lld (%s).", (long long)g->units_silent,
		           ctx->silent_units);
	else
		buf_printf(&b, "Số đơn vị được lấy ý kiến nhưng không có ý kiến: %lld.", (long long)g->units_silent);
	emit_para(ctx, LAY_NUMBERED, item, b.data);
	buf_free(&b);
	emit_para(ctx, LAY_HEADING, 0, "II. NỘI DUNG GÓP Ý VÀ TIẾP THU, GIẢI TRÌNH");
}

/* Dispositions in the order the summary lists them: handled ones first, pending last. */
static const int count_order[DISP_COUNT] = {
	DISP_ACCEPTED, DISP_PARTLY, DISP_EXPLAINED, DISP_NOTED, DISP_ESCALATED, DISP_PENDING
};

/* Part III, the comments by disposition. */
/* The counts by disposition and, with a consultation list, who answered: as charts. */
static void emit_charts(struct report_ctx *ctx)
{
	if (!ctx->w->chart)
		return;
	char *labels[DISP_COUNT];
	int64_t values[DISP_COUNT];
	struct buf b = {0};
	for (int i = 0; i < DISP_COUNT; i++) {
		cap_first(&b, disposition_official(count_order[i]));
		labels[i] = buf_take(&b);
		values[i] = ctx->counts[count_order[i]];
	}
	struct lay_chart c = { .title = "Biểu đồ kết quả xử lý ý kiến", .n = DISP_COUNT,
	                       .labels = (const char *const *)labels, .values = values };
	ctx->w->chart(ctx, &c);
	for (int i = 0; i < DISP_COUNT; i++)
		free(labels[i]);
	const struct report_figures *g = &ctx->fig;
	if (g->listed) {
		const char *who[] = { "Có ý kiến góp ý", "Nhất trí, không có ý kiến", "Chưa trả lời" };
		int64_t n[] = { g->commented, g->no_comments, g->listed - g->commented - g->no_comments };
		struct lay_chart k = { .title = "Biểu đồ tình hình trả lời của các cơ quan, đơn vị được lấy ý kiến",
		                       .n = 3, .labels = who, .values = n };
		ctx->w->chart(ctx, &k);
	}
}

static void emit_counts(struct report_ctx *ctx)
{
	struct buf b = {0};
	emit_para(ctx, LAY_HEADING, 0, "III. KẾT QUẢ XỬ LÝ Ý KIẾN");
	for (int i = 0; i < DISP_COUNT; i++) {
		cap_first(&b, disposition_official(count_order[i]));
		buf_printf(&b, ": %lld", (long long)ctx->counts[count_order[i]]);
		emit_para(ctx, LAY_BULLET, 0, b.data);
		buf_reset(&b);
	}
	buf_printf(&b, "Tổng cộng: %lld ý kiến.", (long long)ctx->n_shown);
	emit_para(ctx, LAY_BULLET, 0, b.data);
	buf_free(&b);
	emit_charts(ctx);
}

static void emit_table_begin(struct report_ctx *ctx)
{
	const char *heads[LAY_COLS] = { "STT", "NHÓM VẤN ĐỀ / ĐIỀU, KHOẢN", "CHỦ THỂ GÓP Ý",
	                                "NỘI DUNG GÓP Ý", "NỘI DUNG TIẾP THU, GIẢI TRÌNH" };
	struct lay_table t = { .ncols = LAY_COLS, .heads = heads, .width = col_width, .num_cols = 1,
	                       .comment_rows = true };
	ctx->ncols = LAY_COLS;
	ctx->num_cols = t.num_cols;
	if (ctx->w->table_begin)
		ctx->w->table_begin(ctx, &t);
}

static void emit_group(struct report_ctx *ctx, const struct report_group *g)
{
	struct buf b = {0};
	if (g->section_id == 0) {
		buf_puts(&b, "Góp ý chung về dự thảo");
	} else {
		cap_first(&b, g->label);
		if (g->heading[0])
			buf_printf(&b, " — %s", g->heading);
	}
	struct lay_group lg = { .text = b.data, .data = g };
	if (ctx->w->group)
		ctx->w->group(ctx, &lg);
	buf_free(&b);
}

/* "Tên (Đơn vị)" or "Tên". */
static void who(struct buf *b, const struct report_entry *e)
{
	buf_puts(b, e->author_name);
	if (e->author_unit[0])
		buf_printf(b, " (%s)", e->author_unit);
}

static bool row_uniform(const struct report_row *r)
{
	for (size_t i = 1; i < r->n; i++)
		if (r->m[i].disposition != r->m[0].disposition || strcmp(r->m[i].response, r->m[0].response) != 0)
			return false;
	return true;
}

/* The spans of a row being built. */
struct spans {
	struct lay_span *v;
	size_t n, cap;
};

static void span_add(struct spans *sp, int cell, size_t off, size_t len, enum lay_span_kind kind, gid target)
{
	if (sp->n == sp->cap) {
		sp->cap = sp->cap ? 2 * sp->cap : 4;
		sp->v = xrealloc(sp->v, sp->cap * sizeof *sp->v);
	}
	sp->v[sp->n++] = (struct lay_span){ .cell = cell, .off = off, .len = len, .kind = kind, .target = target };
}

static int cite_cmp(const void *key, const void *elem)
{
	gid k = *(const gid *)key, m = ((const struct report_cite *)elem)->comment_id;
	return k < m ? -1 : k > m;
}

/* Remember that a row links to section id (the appendix lists each once). */
static void cited_use(struct report_ctx *ctx, gid id)
{
	for (size_t i = 0; i < ctx->ncited; i++)
		if (ctx->cited[i] == id)
			return;
	if (ctx->ncited == ctx->capcited) {
		ctx->capcited = ctx->capcited ? 2 * ctx->capcited : 8;
		ctx->cited = xrealloc(ctx->cited, ctx->capcited * sizeof *ctx->cited);
	}
	ctx->cited[ctx->ncited++] = id;
}

/* "Tiếp thu", then the response, then where it went ("Đã tiếp thu tại khoản 2 Điều 8 dự thảo
 * lần 3.", the citation a link of cell `cell`); with --audit "(handler, date)" too. */
static void disposition_one(struct report_ctx *ctx, struct buf *b, const struct report_entry *e, struct spans *sp,
                            int cell)
{
	cap_first(b, disposition_official(e->disposition));
	if (e->response[0])
		buf_printf(b, "\n%s", e->response);
	const struct report_cite *c = ctx->ncites ? bsearch(&e->id, ctx->cites, ctx->ncites, sizeof *ctx->cites, cite_cmp)
	                                          : NULL;
	if (c) {
		buf_puts(b, e->disposition == DISP_ACCEPTED ? "\nĐã tiếp thu tại "
		            : e->disposition == DISP_PARTLY ? "\nĐã tiếp thu một phần tại " : "\nXem ");
		span_add(sp, cell, b->len, strlen(c->where), SPAN_LINK, c->section_id);
		buf_printf(b, "%s.", c->where);
		cited_use(ctx, c->section_id);
	}
	if (ctx->o->audit && e->handler[0])
		buf_printf(b, "\n(%s, %.10s)", e->handler, e->handled_at);
}

/* "Trích: “quote”", and for a comment of an earlier version where the phrase is now. */
static void quote_line(struct buf *b, const struct report_entry *e)
{
	if (!e->quote[0])
		return;
	buf_printf(b, "Trích: “%s”", e->quote);
	if (e->quote_now[0])
		buf_printf(b, " (%s)", e->quote_now);
	buf_putc(b, '\n');
}

/* The comment cell: "Trích: “quote”", the body, then each reply on its own line(s),
 * "↳ Name (Unit): text [Label: response]", indented two spaces a level below the first. */
#define REPORT_MAX_INDENT 12
static void comment_cell(struct buf *b, const struct report_entry *e, const struct report_entry *rep, size_t nrep)
{
	quote_line(b, e);
	buf_puts(b, e->body);
	for (size_t i = 0; i < nrep; i++) {
		const struct report_entry *r = &rep[i];
		buf_putc(b, '\n');
		/* Indentation stops growing at REPORT_MAX_INDENT levels: a chain thousands deep
		 * (made with other tools) would otherwise grow the report with the square of its
		 * length. Deeper replies say their level: "(N) ↳". */
		int shown = r->depth < REPORT_MAX_INDENT ? r->depth : REPORT_MAX_INDENT;
		for (int d = 1; d < shown; d++)
			buf_puts(b, "  ");
		if (r->depth > REPORT_MAX_INDENT)
			buf_printf(b, "(%d) ", r->depth);
		buf_puts(b, "↳ ");
		who(b, r);
		buf_puts(b, ": ");
		quote_line(b, r);
		buf_puts(b, r->body);
		if (r->disposition != DISP_PENDING || r->response[0]) {
			buf_puts(b, " [");
			cap_first(b, disposition_official(r->disposition));
			if (r->response[0])
				buf_printf(b, ": %s", r->response);
			buf_puts(b, "]");
		}
	}
}

static void emit_row(struct report_ctx *ctx, const struct report_row *r, const struct report_entry *rep,
                     size_t nrep)
{
	struct buf c[LAY_COLS] = {{0}};
	const struct report_entry *e = &r->m[0];
	buf_printf(&c[0], "%lld", (long long)r->number);
	if (e->section_id)
		cap_first(&c[1], e->section_label);
	else
		buf_puts(&c[1], e->section_label);
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			buf_putc(&c[2], '\n');
		who(&c[2], &r->m[i]);
	}
	comment_cell(&c[3], e, rep, nrep);
	bool uniform = row_uniform(r);
	struct spans sp = {0};
	buf_puts(&c[4], "");
	for (size_t i = 0; i < (uniform ? 1 : r->n); i++) {
		if (i)
			buf_putc(&c[4], '\n');
		if (!uniform)
			buf_printf(&c[4], "%s: ", r->m[i].author_name);
		disposition_one(ctx, &c[4], &r->m[i], &sp, 4);
	}
	struct buf status = {0};
	for (size_t i = 0; i < (uniform ? 1 : r->n); i++) {
		if (i)
			buf_puts(&status, "; ");
		cap_first(&status, disposition_official(r->m[i].disposition));
	}
	const char *cells[LAY_COLS];
	for (int i = 0; i < LAY_COLS; i++)
		cells[i] = c[i].data;
	struct lay_row lr = { .cells = cells, .emph = uniform && e->disposition == DISP_PENDING ? 1u << 4 : 0,
	                      .status = status.data, .data = r, .replies = rep, .nreplies = nrep,
	                      .spans = sp.v, .nspans = sp.n };
	if (ctx->w->row)
		ctx->w->row(ctx, &lr);
	free(sp.v);
	for (int i = 0; i < LAY_COLS; i++)
		buf_free(&c[i]);
	buf_free(&status);
}

/* ---- services for the writers ------------------------------------------------------------ */

void report_writer_fail(struct report_ctx *ctx, const char *fmt, ...)
{
	if (ctx->wfail)
		return;
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ctx->wfail = buf_take(&b);
}

void report_flush(struct report_ctx *ctx, struct buf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, ctx->f);
	buf_reset(b);
}

FILE *report_tmpfile(struct report_ctx *ctx, char **path)
{
	const char *dir = getenv("TMPDIR");
	struct buf b = {0};
	buf_printf(&b, "%s/gopy-report.XXXXXX", dir && dir[0] ? dir : "/tmp");
	int fd = mkstemp(b.data);
	FILE *f = fd >= 0 ? fdopen(fd, "w+") : NULL;
	if (!f) {
		report_writer_fail(ctx, _("cannot create a temporary file in %s: %s"), dir && dir[0] ? dir : "/tmp",
		                   strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(b.data);
		}
		buf_free(&b);
		*path = NULL;
		return NULL;
	}
	*path = buf_take(&b);
	return f;
}

void report_copy_file(struct report_ctx *ctx, const char *path)
{
	FILE *in = fopen(path, "rb");
	if (!in) {
		report_writer_fail(ctx, _("cannot read '%s': %s"), path, strerror(errno));
		return;
	}
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		if (fwrite(chunk, 1, n, ctx->f) != n)
			break;
	if (ferror(in))
		report_writer_fail(ctx, _("cannot read '%s': %s"), path, strerror(errno));
	fclose(in);
}

void report_cell_walk(const struct lay_row *r, int cell, void (*piece)(void *pctx, const char *s, size_t len,
                                                                           const struct lay_span *sp),
                      void *pctx)
{
	const char *s = r->cells[cell];
	size_t len = strlen(s), at = 0;
	for (size_t i = 0; i < r->nspans; i++) {
		const struct lay_span *sp = &r->spans[i];
		if (sp->cell != cell || sp->off < at || sp->off + sp->len > len)
			continue; /* (another cell's, or out of order: shown unmarked) */
		if (sp->off > at)
			piece(pctx, s + at, sp->off - at, NULL);
		piece(pctx, s + sp->off, sp->len, sp);
		at = sp->off + sp->len;
	}
	if (at < len || len == 0)
		piece(pctx, s + at, len - at, NULL);
}

struct marked {
	struct buf b;
	const char *mark[4];
};

static void marked_piece(void *pctx, const char *s, size_t len, const struct lay_span *sp)
{
	struct marked *m = pctx;
	int k = sp && sp->kind == SPAN_DEL ? 0 : sp && sp->kind == SPAN_INS ? 2 : -1;
	if (k >= 0)
		buf_puts(&m->b, m->mark[k]);
	buf_append(&m->b, s, len);
	if (k >= 0)
		buf_puts(&m->b, m->mark[k + 1]);
}

char *report_cell_marked(const struct lay_row *r, int cell, const char *del_open, const char *del_close,
                         const char *ins_open, const char *ins_close)
{
	struct marked m = { .mark = { del_open, del_close, ins_open, ins_close } };
	buf_puts(&m.b, "");
	report_cell_walk(r, cell, marked_piece, &m);
	return buf_take(&m.b);
}

/* ---- citations ---------------------------------------------------------------------------- */

/* "dự thảo lần 3": the version's label as a phrase after a section's ("khoản 2 Điều 8 dự thảo
 * lần 3"), its first letter small when it is the usual "Dự thảo …"; "dự thảo lần N" without one. */
char *report_version_phrase(int version, const char *label)
{
	struct buf b = {0};
	char *l = san(label);
	char *f = text_fold(l, strlen(l));
	if (!l[0]) {
		buf_printf(&b, "dự thảo lần %d", version);
	} else if (strncmp(f, "du thao", 7) == 0) {
		int32_t cp;
		size_t k = text_decode(l, strlen(l), &cp);
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
		buf_append(&b, (const char *)enc, m > 0 ? (size_t)m : 0);
		buf_puts(&b, l + k);
	} else {
		buf_puts(&b, l);
	}
	free(f);
	free(l);
	return buf_take(&b);
}

static int cite_add(void *vctx, const struct citation *c)
{
	struct report_ctx *ctx = vctx;
	if ((ctx->ncites & (ctx->ncites - 1)) == 0) /* 0, 1, 2, 4 …: grow to the next power of two */
		ctx->cites = xrealloc(ctx->cites, (ctx->ncites ? 2 * ctx->ncites : 1) * sizeof *ctx->cites);
	struct report_cite *x = &ctx->cites[ctx->ncites++];
	x->comment_id = c->comment_id;
	x->section_id = c->section_id;
	char *label = san(c->label), *ver = report_version_phrase(c->version, c->version_label);
	struct buf b = {0};
	buf_printf(&b, "%s %s", label, ver);
	x->where = buf_take(&b);
	free(label);
	free(ver);
	return 0;
}

/* Part IV: the text of each section the rows cite, the target of their links. */
static int emit_cited(struct store *st, struct report_ctx *ctx)
{
	if (!ctx->ncited)
		return 0;
	emit_para(ctx, LAY_HEADING, 0, "IV. NỘI DUNG CÁC ĐIỀU, KHOẢN ĐƯỢC DẪN CHIẾU TRONG PHẦN TIẾP THU");
	struct buf b = {0};
	for (size_t i = 0; i < ctx->ncited; i++) {
		struct section sec;
		int rc = store_section_get(st, ctx->cited[i], &sec);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue; /* (gone: gopy check reports it) */
		const char *where = "";
		for (size_t k = 0; k < ctx->ncites; k++)
			if (ctx->cites[k].section_id == sec.id) {
				where = ctx->cites[k].where;
				break;
			}
		cap_first(&b, where);
		char *text = san(sec.heading), *body = san_lines(sec.body);
		for (char *p = body; *p; p++)
			if (*p == '\n')
				*p = ' ';
		buf_printf(&b, ": %s%s%s", text, text[0] && body[0] ? ". " : "", body);
		struct lay_para p = { .kind = LAY_BULLET, .text = b.data, .anchor = sec.id };
		if (ctx->w->para)
			ctx->w->para(ctx, &p);
		free(text);
		free(body);
		section_clear(&sec);
		buf_reset(&b);
	}
	buf_free(&b);
	return 0;
}

/* ---- sections --------------------------------------------------------------------------- */

struct sec {
	gid id;
	int64_t position;
	int depth;
	int version;
	char *label, *heading; /* sanitised */
};

struct secs {
	struct sec *v;
	size_t n, cap;
	const char *suffix;    /* after each label: the version of an older version's sections */
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
	x->version = s->version;
	x->label = san(s->full_label && s->full_label[0] ? s->full_label : s->label);
	if (ss->suffix) {
		struct buf b = {0};
		buf_printf(&b, "%s (%s)", x->label, ss->suffix);
		free(x->label);
		x->label = buf_take(&b);
	}
	x->heading = san(s->heading);
	return 0;
}

struct version_labels {
	int n;
	char **v;              /* v[k]: version k + 1 as a phrase ("dự thảo lần 1") */
};

static int version_label(void *ctx, const struct version *v)
{
	struct version_labels *l = ctx;
	if (v->number >= 1 && v->number <= l->n)
		l->v[v->number - 1] = report_version_phrase(v->number, v->label);
	return 0;
}

/* The sections the report's groups name: of version `version`, or with 0 of every version of a
 * revised draft, an older version's labelled with it ("Điều 1 (dự thảo lần 1)") so that its
 * group cannot be taken for the newest version's section of the same number. */
static int load_sections(struct store *st, const struct document *d, int version, struct secs *ss)
{
	if (version || d->n_versions < 2)
		return store_section_each(st, d->id, sec_add, ss);
	struct version_labels l = { .n = d->n_versions, .v = xcalloc((size_t)d->n_versions, sizeof(char *)) };
	int rc = store_version_each(st, d->id, version_label, &l);
	for (int k = 1; rc == 0 && k <= d->n_versions; k++) {
		store_set_version(st, k);
		ss->suffix = k < d->n_versions ? (l.v[k - 1] ? l.v[k - 1] : "") : NULL;
		rc = store_section_each(st, d->id, sec_add, ss);
	}
	store_set_version(st, 0);
	ss->suffix = NULL;
	for (int k = 0; k < l.n; k++)
		free(l.v[k]);
	free(l.v);
	return rc;
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
	struct secs secs;
	char *unit_fold;            /* --unit, folded; NULL when not filtering */
	bool by_section;
	int64_t sec_lo, sec_hi;     /* --section: positions [lo, hi) */
	bool by_version;
	int64_t ver_lo, ver_hi;     /* --version: that version's positions [lo, hi) (general comments pass) */
	bool have_thread;
	gid thread;                 /* root id of the current thread */
	bool included;              /* the current thread's row is in the report */
	bool row_open;
	struct report_entry head;   /* the open row (streaming mode) */
	struct report_entry *rep;   /* its replies so far */
	size_t nrep, caprep;
	int64_t head_number;
	bool group_open;
	gid group_section;
	int64_t n_groups;
	struct pend *pend;          /* --group-same buffer of one section */
	size_t npend, cappend;
	gid pend_section;
	int64_t done, total;
	bool cancelled;             /* options' cancel() said stop */
	struct store *st;
	int newest;                 /* a revised draft reported whole: its newest version, where the
	                               quotes of earlier versions' comments are looked for; else 0 */
	int64_t newest_lo;          /* the newest version's first position */
	bool failed;                /* a store error while streaming (err_set) */
};

/* Where an earlier version's comment's quoted phrase is in the newest version (carry.h). */
static void entry_quote_now(struct stream *s, struct report_entry *e, const struct comment *c)
{
	if (!s->newest || !c->quote || !c->quote[0] || !c->section_id || c->section_position >= s->newest_lo)
		return;
	struct quote_place p;
	if (store_quote_place(s->st, c->section_id, c->quote, s->newest, 0, &p) != 0) {
		s->failed = true;
		return;
	}
	struct buf b = {0};
	if (p.how == ANCHOR_GONE)
		buf_printf(&b, "đoạn trích không còn trong dự thảo lần %d", s->newest);
	else if (p.how == ANCHOR_EXACT)
		buf_printf(&b, "nay tại %s dự thảo lần %d", p.label, s->newest);
	else
		buf_printf(&b, "nay tại %s dự thảo lần %d: “%s”", p.label, s->newest, p.text);
	free(e->quote_now);
	e->quote_now = san(b.data);
	buf_free(&b);
	quote_place_clear(&p);
}

/* Report progress; false when the user cancelled (the caller stops). */
static bool progress(struct stream *s, bool final)
{
	const struct report_options *o = s->ctx->o;
	if (final || s->done % 1000 == 0) {
		if (o->progress)
			o->progress(o->progress_ctx, s->done, s->total);
		if (o->cancel && o->cancel(o->progress_ctx))
			s->cancelled = true;
	}
	return !s->cancelled;
}

static bool row_passes(struct stream *s, const struct comment *c)
{
	const struct report_options *o = s->ctx->o;
	if (o->pending_only && c->disposition != DISP_PENDING)
		return false;
	if (s->by_section && (c->section_id == 0 || c->section_position < s->sec_lo || c->section_position >= s->sec_hi))
		return false;
	if (s->by_version && c->section_id && (c->section_position < s->ver_lo || c->section_position >= s->ver_hi))
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

/* Open the group of section_id when it is not the current one. */
static void enter_group(struct stream *s, gid section_id, int64_t position, const char *fallback_label)
{
	if (s->group_open && s->group_section == section_id)
		return;
	struct report_group g = { .section_id = section_id, .number = ++s->n_groups };
	if (section_id == 0) {
		g.label = "Chung";
		g.heading = "Góp ý chung về dự thảo";
	} else {
		const struct sec *x = s->secs.n ? bsearch(&position, s->secs.v, s->secs.n, sizeof *s->secs.v, sec_by_position)
		                                   : NULL;
		if (x && x->id == section_id) {
			g.label = x->label;
			g.heading = x->heading;
		} else {
			g.label = fallback_label;
			g.heading = "";
		}
	}
	emit_group(s->ctx, &g);
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

static void free_replies(struct stream *s)
{
	for (size_t i = 0; i < s->nrep; i++)
		entry_free(&s->rep[i]);
	s->nrep = 0;
}

/* The open row's thread is complete: write it. */
static void close_row(struct stream *s)
{
	if (!s->row_open)
		return;
	struct report_row row = { .n = 1, .m = &s->head, .number = s->head_number };
	emit_row(s->ctx, &row, s->rep, s->nrep);
	entry_free(&s->head);
	free_replies(s);
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
	if (nheads > 1)
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
	struct report_entry *reps = xcalloc(s->npend, sizeof *reps); /* borrowed copies */
	for (size_t i = 0; i < s->npend; i++) {
		if (!s->pend[i].head)
			continue;
		size_t r0 = start[i];
		if (!earliest[i])
			continue; /* not the earliest of its run: written with it */
		size_t n = 0, nrep = 0;
		for (size_t t = r0; t < nheads && strcmp(sorted[t]->key, sorted[r0]->key) == 0; t++)
			members[n++] = sorted[t]->e;
		for (size_t t = r0; t < r0 + n; t++)
			for (struct pend *p = sorted[t] + 1; p < s->pend + s->npend && !p->head; p++)
				reps[nrep++] = p->e;
		const struct report_entry *h = &s->pend[i].e;
		enter_group(s, h->section_id, h->section_position, h->section_label);
		struct report_row row = { .n = n, .m = members, .number = s->ctx->n_rows + 1 };
		count_row(s, &row);
		s->ctx->n_replies_shown += (int64_t)nrep;
		emit_row(s->ctx, &row, reps, nrep);
	}
	free(reps);
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
	entry_quote_now(s, &p->e, c);
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
	if (!progress(s, false))
		return 1; /* stop: the report fails as cancelled */
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
		entry_quote_now(s, &s->head, c);
		enter_group(s, c->section_id, c->section_position, s->head.section_label);
		struct report_row row = { .n = 1, .m = &s->head, .number = s->ctx->n_rows + 1 };
		count_row(s, &row);
		s->head_number = row.number;
		s->row_open = true;
		return 0;
	}
	if (!s->included)
		return 0;
	if (o->group_same) {
		pend_add(s, c, false);
		return 0;
	}
	if (s->nrep == s->caprep) {
		s->caprep = s->caprep ? s->caprep * 2 : 8;
		s->rep = xrealloc(s->rep, s->caprep * sizeof *s->rep);
	}
	entry_from(&s->rep[s->nrep], c);
	entry_quote_now(s, &s->rep[s->nrep], c);
	s->nrep++;
	s->ctx->n_replies_shown++;
	return 0;
}

/* ---- the report ------------------------------------------------------------------------- */

static int add_silent(void *ctx, const char *unit)
{
	struct buf *b = ctx;
	char *u = san(unit);
	buf_printf(b, "%s%s", b->len ? "; " : "", u);
	free(u);
	return 0;
}

/* The units of the consultation list that did not answer, named in part I. */
static int silent_units(struct store *st, struct report_ctx *ctx)
{
	struct buf b = {0};
	buf_puts(&b, "");
	int rc = ctx->fig.listed ? store_consult_silent_units(st, ctx->doc.id, add_silent, &b) : 0;
	ctx->silent_units = buf_take(&b);
	return rc;
}

static void ctx_free(struct report_ctx *ctx)
{
	free(ctx->silent_units);
	document_clear(&ctx->doc);
	free((char *)ctx->doc_title_upper);
	free((char *)ctx->issuer);
	free((char *)ctx->place);
	free((char *)ctx->date_line);
	free((char *)ctx->filter_note);
	buf_free(&ctx->wbuf);
	free(ctx->wfail);
	for (size_t i = 0; i < ctx->ncites; i++)
		free(ctx->cites[i].where);
	free(ctx->cites);
	free(ctx->cited);
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

	struct report_ctx ctx = { .o = o, .f = f, .w = w };
	struct stream s = { .ctx = &ctx };
	struct section sec = {0};
	bool have_sec = false, begun = false;
	struct buf title2 = {0};
	int rc = -1;

	/* One read transaction: the figures, the table and the counts come from one snapshot
	 * even while others write. Joins the caller's transaction if one is open. */
	bool own_tx;
	if (store_read_begin(st, &own_tx) < 0)
		return -1;

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
	if (o->compare) {
		rc = report_compare(st, &ctx);
		if (rc == 0)
			goto written;
		goto out;
	}

	if (o->version) {
		if (o->version > ctx.doc.n_versions) {
			err_set(_("document %s has no version %d (it has %d)"), ctx.doc.code, o->version, ctx.doc.n_versions);
			goto out;
		}
		store_set_version(st, o->version);
	}
	if (load_sections(st, &ctx.doc, o->version, &s.secs) < 0)
		goto out;
	if (s.secs.n) /* (a document without sections, made by another tool) */
		qsort(s.secs.v, s.secs.n, sizeof *s.secs.v, sec_sort);
	if (!o->version && ctx.doc.n_versions > 1 && s.secs.n) {
		s.st = st;
		s.newest = ctx.doc.n_versions;
		s.newest_lo = s.secs.v[s.secs.n - 1].position;
		for (size_t i = s.secs.n; i-- > 0 && s.secs.v[i].version == s.newest;) /* the last run */
			s.newest_lo = s.secs.v[i].position;
	}
	if (o->version && s.secs.n) { /* a version's sections are one run of positions */
		s.by_version = true;
		s.ver_lo = s.secs.v[0].position;
		s.ver_hi = s.secs.v[s.secs.n - 1].position + 1;
	}
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
	if (store_report_figures(st, ctx.doc.id, &ctx.fig) < 0 || silent_units(st, &ctx) < 0 ||
	    store_citation_each(st, ctx.doc.id, cite_add, &ctx) < 0)
		goto out;
	if (conflict_note(st, &ctx) < 0)
		goto out;
	s.total = ctx.doc.n_comments;

	buf_printf(&title2, "ĐỐI VỚI DỰ THẢO %s", ctx.doc_title_upper);
	struct lay_head head = {
		.issuer = ctx.issuer,
		.number = "Số:        /BC",
		.motto1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		.motto2 = "Độc lập - Tự do - Hạnh phúc",
		.date_line = ctx.date_line,
		.title1 = "BẢN TỔNG HỢP, GIẢI TRÌNH, TIẾP THU Ý KIẾN GÓP Ý",
		.title2 = title2.data,
		.note = ctx.filter_note,
		.sheet = "Tổng hợp góp ý",
	};
	begun = true;
	if (w->begin)
		w->begin(&ctx, &head);
	emit_figures(&ctx);
	emit_table_begin(&ctx);
	struct comment_query q = { .doc_id = ctx.doc.id, .scope = SCOPE_DOCUMENT, .order = ORDER_SECTION };
	comment_filter_init(&q.filter);
	if (store_comment_each(st, &q, on_comment, &s) < 0 || s.failed)
		goto out;
	if (s.cancelled) {
		err_set("%s", _("export cancelled"));
		goto out;
	}
	close_row(&s);
	flush_pending(&s);
	if (w->table_end)
		w->table_end(&ctx, ctx.n_rows ? NULL : "Không có ý kiến nào.");
	emit_counts(&ctx);
	if (emit_cited(st, &ctx) < 0)
		goto out;
	struct lay_sign sign = { .title = "ĐẠI DIỆN CƠ QUAN CHỦ TRÌ", .note = "(Ký tên, đóng dấu)" };
	begun = false; /* end() releases the writer's state, whatever happens */
	if (w->end)
		w->end(&ctx, &sign);
	if (!progress(&s, true)) {
		err_set("%s", _("export cancelled"));
		goto out;
	}
written:
	if (ctx.wfail) {
		err_set("%s", ctx.wfail);
		goto out;
	}
	if (fflush(f) != 0 || ferror(f)) {
		err_set(_("cannot write the report: %s"), strerror(errno ? errno : EIO));
		goto out;
	}
	rc = 0;
out:
	if (begun && w->discard)
		w->discard(&ctx);
	if (s.row_open)
		entry_free(&s.head);
	free_replies(&s);
	free(s.rep);
	buf_free(&title2);
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
	store_read_end(st, own_tx);
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
