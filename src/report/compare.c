/* SPDX-License-Identifier: GPL-3.0-or-later */
/* compare.c — the comparison table that accompanies a revised draft (bản so sánh, thuyết
 * minh): `gopy export DB --doc CODE --compare [FROM] [TO]`. It fills the report's layout model
 * (report_priv.h), so every format's writer renders it as it renders the synthesis report.
 *
 * From the stored alignment of two consecutive versions (store_align_each), one row per
 * change: a section edited, renumbered, moved, new or removed; the parts of a split section in
 * one row, the sections merged into one in one row. Each row: the old text, the new text with
 * the changed words marked (spans SPAN_DEL / SPAN_INS), and the explanation — the kind of
 * change in the official wording, the drafting team's note (align_note), and the comments the
 * change absorbed (accepted on the old section, or citing the new one) with their responses.
 * Unchanged sections are summed up in one paragraph. The wording is the official Vietnamese
 * of the form in every locale, as the synthesis report's. */
#include "report_priv.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/align.h"
#include "gopy/diff.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/round.h"
#include "gopy/text.h"

#define CMP_COLS 4 /* STT, old, new, explanation */

/* Relative widths (per mille): STT, old text, new text, explanation. */
static const int cmp_width[CMP_COLS] = { 50, 330, 330, 290 };

struct link {
	int kind;
	gid old_id, new_id;
};

struct links {
	struct link *v;
	size_t n, cap;
};

static int link_add(void *vctx, const struct align_row *r)
{
	struct links *l = vctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = (struct link){ .kind = r->kind, .old_id = r->old_id, .new_id = r->new_id };
	return 0;
}

struct labels {
	int from, to;
	char *from_label, *to_label; /* sanitised, "" when none */
};

static int version_label(void *vctx, const struct version *v)
{
	struct labels *l = vctx;
	if (v->number == l->from)
		l->from_label = report_san(v->label);
	if (v->number == l->to)
		l->to_label = report_san(v->label);
	return 0;
}

/* ---- cells --------------------------------------------------------------------------------- */

/* "Điều 4. Heading" then the body: a section as the table shows it (sanitised). */
static void section_text(struct buf *b, const struct section *s)
{
	char *label = report_san(s->full_label && s->full_label[0] ? s->full_label : s->label);
	char *heading = report_san(s->heading), *body = report_san_lines(s->body);
	report_cap_first(b, label);
	if (heading[0])
		buf_printf(b, ". %s", heading);
	if (body[0])
		buf_printf(b, "\n%s", body);
	free(label);
	free(heading);
	free(body);
}

/* The label of section id as cited ("khoản 2 Điều 3"), sanitised, appended to b. */
static int cite_label(struct store *st, gid id, struct buf *b)
{
	struct section s;
	int rc = store_section_get(st, id, &s);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	char *l = report_san(s.full_label && s.full_label[0] ? s.full_label : s.label);
	buf_puts(b, l);
	free(l);
	section_clear(&s);
	return 0;
}

/* Append the texts of sections ids[0..n) to b, a blank line between them. */
static int texts(struct store *st, const gid *ids, size_t n, struct buf *b)
{
	buf_puts(b, "");
	for (size_t i = 0; i < n; i++) {
		struct section s;
		int rc = store_section_get(st, ids[i], &s);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		if (b->len)
			buf_puts(b, "\n\n");
		section_text(b, &s);
		section_clear(&s);
	}
	return 0;
}

/* ---- word changes --------------------------------------------------------------------------- */

/* The changed words between the old cell and the new one (text_diff, diff.h): the cells
 * become the texts in storage form the offsets refer to, removed runs marked in cell 1 and
 * inserted ones in cell 2 (*v owned, in cell then offset order). */
static void mark_changes(struct buf *old, struct buf *new_, struct lay_span **v, size_t *n)
{
	struct diff *d = text_diff(old->data, old->len, new_->data, new_->len);
	*v = xcalloc(d->n_runs + 1, sizeof **v);
	*n = 0;
	for (int cell = 1; cell <= 2; cell++)
		for (size_t i = 0; i < d->n_runs; i++) {
			const struct diff_run *r = &d->runs[i];
			if (cell == 1 && r->op == DIFF_DELETE && r->old_len)
				(*v)[(*n)++] = (struct lay_span){ .cell = 1, .off = r->old_off, .len = r->old_len, .kind = SPAN_DEL };
			else if (cell == 2 && r->op == DIFF_INSERT && r->new_len)
				(*v)[(*n)++] = (struct lay_span){ .cell = 2, .off = r->new_off, .len = r->new_len, .kind = SPAN_INS };
		}
	buf_reset(old);
	buf_append(old, d->old, d->old_len);
	buf_reset(new_);
	buf_append(new_, d->new_, d->new_len);
	diff_free(d);
}

/* ---- the explanation ------------------------------------------------------------------------ */

struct absorbed_ctx {
	struct buf *b;
	gid *seen;
	size_t n, cap;
};

static int absorbed_row(void *vctx, const struct absorbed *a)
{
	struct absorbed_ctx *x = vctx;
	for (size_t i = 0; i < x->n; i++)
		if (x->seen[i] == a->id)
			return 0;
	if (x->n == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 8;
		x->seen = xrealloc(x->seen, x->cap * sizeof *x->seen);
	}
	x->seen[x->n++] = a->id;
	struct buf *b = x->b;
	char *name = report_san(a->author_name), *unit = report_san(a->author_unit);
	char *body = report_san_lines(a->body), *resp = report_san_lines(a->response);
	if (x->n == 1)
		buf_puts(b, "\nTiếp thu ý kiến góp ý:");
	buf_printf(b, "\n- %s%s%s%s: “%s”", name, unit[0] ? " (" : "", unit, unit[0] ? ")" : "", body);
	buf_puts(b, " — ");
	report_cap_first(b, disposition_official(a->disposition));
	if (resp[0])
		buf_printf(b, ": %s", resp);
	free(name);
	free(unit);
	free(body);
	free(resp);
	return 0;
}

/* The kind of change in the official wording, with the labels it concerns. */
static int kind_line(struct store *st, int kind, const gid *olds, size_t no, const gid *news, size_t nn,
                     struct buf *b)
{
	const gid *list = kind == ALIGN_SPLIT ? news : olds;
	size_t n = kind == ALIGN_SPLIT ? nn : no;
	switch (kind) {
	case ALIGN_EDITED: buf_puts(b, "Sửa đổi, bổ sung."); return 0;
	case ALIGN_RENUMBERED: buf_puts(b, "Giữ nguyên nội dung, đánh số lại: "); break;
	case ALIGN_MOVED: buf_puts(b, "Giữ nguyên nội dung, chuyển vị trí: "); break;
	case ALIGN_SPLIT: buf_puts(b, "Tách thành "); break;
	case ALIGN_MERGED: buf_puts(b, "Gộp "); break;
	case ALIGN_NEW: buf_puts(b, "Bổ sung mới."); return 0;
	case ALIGN_REMOVED: buf_puts(b, "Bỏ."); return 0;
	default: return 0;
	}
	if (kind == ALIGN_RENUMBERED || kind == ALIGN_MOVED) {
		if (cite_label(st, olds[0], b) < 0)
			return -1;
		buf_puts(b, " thành ");
		if (cite_label(st, news[0], b) < 0)
			return -1;
	} else {
		for (size_t i = 0; i < n; i++) {
			buf_puts(b, i == 0 ? "" : i + 1 == n ? " và " : ", ");
			if (cite_label(st, list[i], b) < 0)
				return -1;
		}
		if (kind == ALIGN_MERGED) {
			buf_puts(b, " thành ");
			if (cite_label(st, news[0], b) < 0)
				return -1;
		}
	}
	buf_putc(b, '.');
	return 0;
}

/* ---- rows ----------------------------------------------------------------------------------- */

struct cmp {
	struct store *st;
	struct report_ctx *ctx;
	int from, to;
	int64_t number;             /* rows written */
	int64_t by_kind[ALIGN_KINDS]; /* rows (changes) by kind; unchanged: sections */
	struct buf unchanged;       /* their labels, "; "-separated */
};

/* One row: the old sections olds[0..no), the new ones news[0..nn), of one kind. */
static int emit_change(struct cmp *c, int kind, const gid *olds, size_t no, const gid *news, size_t nn)
{
	struct buf cell[CMP_COLS] = {{0}};
	int rc = 0;
	buf_printf(&cell[0], "%lld", (long long)++c->number);
	if (texts(c->st, olds, no, &cell[1]) < 0 || texts(c->st, news, nn, &cell[2]) < 0 ||
	    kind_line(c->st, kind, olds, no, news, nn, &cell[3]) < 0)
		rc = -1;
	/* the drafting team's notes: on the new sections, then on the old ones (--note-old) */
	for (size_t i = 0; rc == 0 && i < nn + no; i++) {
		char *note = store_align_note_get(c->st, c->ctx->doc.id, c->to, i < nn ? news[i] : olds[i - nn]);
		if (!note) {
			rc = -1;
			break;
		}
		char *clean = report_san_lines(note);
		if (clean[0])
			buf_printf(&cell[3], "\n%s", clean);
		free(clean);
		free(note);
	}
	struct absorbed_ctx ab = { .b = &cell[3] };
	for (size_t i = 0; rc == 0 && i < (no ? no : 1); i++)
		for (size_t k = 0; rc == 0 && k < (nn ? nn : 1); k++)
			rc = store_absorbed_each(c->st, no ? olds[i] : 0, nn ? news[k] : 0, absorbed_row, &ab);
	free(ab.seen);
	if (rc == 0) {
		struct lay_span *spans = NULL;
		size_t nspans = 0;
		if (no && nn)
			mark_changes(&cell[1], &cell[2], &spans, &nspans);
		const char *cells[CMP_COLS];
		for (int i = 0; i < CMP_COLS; i++)
			cells[i] = cell[i].data;
		struct lay_row r = { .cells = cells, .spans = spans, .nspans = nspans, .status = "" };
		if (c->ctx->w->row)
			c->ctx->w->row(c->ctx, &r);
		free(spans);
		c->by_kind[kind]++;
	}
	for (int i = 0; i < CMP_COLS; i++)
		buf_free(&cell[i]);
	return rc;
}

/* Walk the links in the new version's order: a run of links from one old section (split) or
 * into one new section (merged) is one row. */
static int emit_rows(struct cmp *c, const struct links *l)
{
	gid *olds = xcalloc(l->n + 1, sizeof *olds), *news = xcalloc(l->n + 1, sizeof *news);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < l->n;) {
		const struct link *k = &l->v[i];
		size_t j = i + 1, no = 0, nn = 0;
		if (k->kind == ALIGN_UNCHANGED) {
			c->by_kind[ALIGN_UNCHANGED]++;
			if (c->unchanged.len)
				buf_puts(&c->unchanged, ", ");
			rc = cite_label(c->st, k->new_id, &c->unchanged);
			i = j;
			continue;
		}
		if (k->kind == ALIGN_SPLIT)
			while (j < l->n && l->v[j].kind == ALIGN_SPLIT && l->v[j].old_id == k->old_id)
				j++;
		else if (k->kind == ALIGN_MERGED)
			while (j < l->n && l->v[j].kind == ALIGN_MERGED && l->v[j].new_id == k->new_id)
				j++;
		for (size_t t = i; t < j; t++) {
			if (l->v[t].old_id && (t == i || k->kind != ALIGN_SPLIT))
				olds[no++] = l->v[t].old_id;
			if (l->v[t].new_id && (t == i || k->kind != ALIGN_MERGED))
				news[nn++] = l->v[t].new_id;
		}
		rc = emit_change(c, k->kind, olds, no, news, nn);
		i = j;
	}
	free(olds);
	free(news);
	return rc;
}

/* ---- the table ------------------------------------------------------------------------------ */

/* "Dự thảo lần 2" for a column heading, in capitals. */
static char *column_head(int version, const char *label)
{
	char *p = report_version_phrase(version, label);
	char *u = report_upper(p);
	free(p);
	return u;
}

static void emit_summary(struct cmp *c, const char *from, const char *to)
{
	struct buf b = {0};
	report_para(c->ctx, LAY_HEADING, 0, "I. TỔNG HỢP CÁC THAY ĐỔI");
	buf_printf(&b, "So với %s, %s có:", from, to);
	report_para(c->ctx, LAY_NUMBERED, 1, b.data);
	static const struct {
		int kind;
		const char *what;
	} kinds[] = {
		{ ALIGN_EDITED, "điều, khoản sửa đổi, bổ sung" },   { ALIGN_NEW, "điều, khoản bổ sung mới" },
		{ ALIGN_REMOVED, "điều, khoản bỏ" },                { ALIGN_SPLIT, "điều, khoản được tách" },
		{ ALIGN_MERGED, "điều, khoản gộp từ nhiều điều, khoản" },
		{ ALIGN_RENUMBERED, "điều, khoản giữ nguyên nội dung, đánh số lại" },
		{ ALIGN_MOVED, "điều, khoản giữ nguyên nội dung, chuyển vị trí" },
		{ ALIGN_UNCHANGED, "điều, khoản giữ nguyên" },
	};
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		buf_reset(&b);
		buf_printf(&b, "%lld %s;", (long long)c->by_kind[kinds[i].kind], kinds[i].what);
		if (i + 1 == sizeof kinds / sizeof *kinds)
			b.data[b.len - 1] = '.';
		report_para(c->ctx, LAY_BULLET, 0, b.data);
	}
	buf_free(&b);
	report_para(c->ctx, LAY_HEADING, 0, "II. NỘI DUNG SO SÁNH, THUYẾT MINH");
}

int report_compare(struct store *st, struct report_ctx *ctx)
{
	const struct report_options *o = ctx->o;
	if (o->format == REPORT_CSV || o->format == REPORT_JSON)
		return err_set(_("the comparison table is written as txt, md, html, docx or xlsx"));
	int to = o->compare_to ? o->compare_to : ctx->doc.n_versions, from = o->compare_from ? o->compare_from : to - 1;
	if (to > ctx->doc.n_versions || from > ctx->doc.n_versions)
		return err_set(_("document %s has no version %d (it has %d)"), ctx->doc.code,
		               to > ctx->doc.n_versions ? to : from, ctx->doc.n_versions);
	if (ctx->doc.n_versions < 2)
		return err_set(_("document %s has one version: nothing to compare (add one with gopy import --revision)"),
		               ctx->doc.code);
	if (from < 1 || from >= to)
		return err_set(_("compare an older version with a newer one (%d and %d given)"), from, to);
	if (from != to - 1)
		return err_set(_("the comparison table compares a version with the one before it (%d and %d given)"), from,
		               to);

	struct labels lb = { .from = from, .to = to };
	struct links l = {0};
	struct cmp c = { .st = st, .ctx = ctx, .from = from, .to = to };
	int rc = store_version_each(st, ctx->doc.id, version_label, &lb);
	if (rc == 0)
		rc = store_align_each(st, ctx->doc.id, to, link_add, &l);
	char *from_phrase = report_version_phrase(from, lb.from_label ? lb.from_label : "");
	char *to_phrase = report_version_phrase(to, lb.to_label ? lb.to_label : "");
	char *head_from = column_head(from, lb.from_label ? lb.from_label : "");
	char *head_to = column_head(to, lb.to_label ? lb.to_label : "");
	struct buf title2 = {0}, note = {0}, cap_from = {0}, group = {0};
	/* "DỰ THẢO NGHỊ QUYẾT …", once when the title says it already */
	buf_printf(&title2, "%s%s", strncmp(ctx->doc_title_upper, "DỰ THẢO", strlen("DỰ THẢO")) == 0 ? "" : "DỰ THẢO ",
	           ctx->doc_title_upper);
	report_cap_first(&cap_from, from_phrase);
	buf_printf(&note, "(%s và %s)", cap_from.data, to_phrase);
	bool begun = false;
	if (rc == 0) {
		/* counts first: the summary comes before the table */
		struct cmp pre = c;
		for (size_t i = 0; i < l.n; i++) {
			const struct link *k = &l.v[i];
			bool cont = i > 0 && ((k->kind == ALIGN_SPLIT && l.v[i - 1].kind == ALIGN_SPLIT &&
			                       l.v[i - 1].old_id == k->old_id) ||
			                      (k->kind == ALIGN_MERGED && l.v[i - 1].kind == ALIGN_MERGED &&
			                       l.v[i - 1].new_id == k->new_id));
			if (!cont && k->kind >= 0 && k->kind < ALIGN_KINDS)
				pre.by_kind[k->kind]++;
		}
		struct lay_head h = {
			.issuer = ctx->issuer,
			.number = "",
			.motto1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
			.motto2 = "Độc lập - Tự do - Hạnh phúc",
			.date_line = ctx->date_line,
			.title1 = "BẢN SO SÁNH, THUYẾT MINH",
			.title2 = title2.data,
			.note = note.data,
			.sheet = "Bản so sánh",
		};
		begun = true;
		if (ctx->w->begin)
			ctx->w->begin(ctx, &h);
		emit_summary(&pre, cap_from.data, to_phrase);
		const char *heads[CMP_COLS] = { "STT", head_from, head_to, "GIẢI TRÌNH, TIẾP THU" };
		struct lay_table t = { .ncols = CMP_COLS, .heads = heads, .width = cmp_width, .num_cols = 1 };
		ctx->ncols = CMP_COLS;
		ctx->num_cols = 1;
		if (ctx->w->table_begin)
			ctx->w->table_begin(ctx, &t);
		buf_printf(&group, "Các điều, khoản thay đổi");
		struct report_group g = { .label = group.data, .heading = "", .number = 1 };
		struct lay_group lg = { .text = group.data, .data = &g };
		if (ctx->w->group)
			ctx->w->group(ctx, &lg);
		rc = emit_rows(&c, &l);
	}
	if (rc == 0) {
		if (ctx->w->table_end)
			ctx->w->table_end(ctx, c.number ? NULL : "Không có điều, khoản nào thay đổi.");
		report_para(ctx, LAY_HEADING, 0, "III. CÁC ĐIỀU, KHOẢN GIỮ NGUYÊN");
		struct buf b = {0};
		if (c.by_kind[ALIGN_UNCHANGED])
			buf_printf(&b, "Giữ nguyên %lld điều, khoản: %s.", (long long)c.by_kind[ALIGN_UNCHANGED],
			           c.unchanged.data);
		else
			buf_puts(&b, "Không có điều, khoản nào giữ nguyên.");
		report_para(ctx, LAY_BULLET, 0, b.data);
		buf_free(&b);
		struct lay_sign sign = { .title = "ĐẠI DIỆN CƠ QUAN CHỦ TRÌ SOẠN THẢO", .note = "(Ký tên, đóng dấu)" };
		begun = false;
		if (ctx->w->end)
			ctx->w->end(ctx, &sign);
	}
	if (begun && ctx->w->discard)
		ctx->w->discard(ctx);
	free(l.v);
	free(lb.from_label);
	free(lb.to_label);
	free(from_phrase);
	free(to_phrase);
	free(head_from);
	free(head_to);
	buf_free(&title2);
	buf_free(&note);
	buf_free(&cap_from);
	buf_free(&group);
	buf_free(&c.unchanged);
	return rc;
}
