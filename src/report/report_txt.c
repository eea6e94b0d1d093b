/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_txt.c — the report as plain text: a fixed-width table aligned by display width
 * (Vietnamese letters, wide CJK and emoji alike), cells word-wrapped to their column, lines
 * of --width columns (default 132). Safe to print on a terminal: the data reaching here is
 * sanitised (no control byte but LF) and the writer adds only LF and printable text.
 *
 * Every table line — borders, header, group lines and cell lines — has exactly the table's
 * width: each cell segment goes through text_fit(), which pads or truncates to the column.
 * Renders the layout model (report_priv.h): the title block in two centred columns, items
 * wrapped with a hanging indent, group rows across the table. */
#include "report_priv.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/text.h"

#define TXT_DEFAULT_WIDTH 132

struct seg {
	size_t off, len;
};

static int total_width(const struct report_ctx *ctx)
{
	return ctx->o->width > 0 ? ctx->o->width : TXT_DEFAULT_WIDTH;
}

/* Split s into the lines of a column `width` wide; returns their number (>= 1), *out owned. */
static size_t wrap(const char *s, int width, struct seg **out)
{
	size_t len = strlen(s), off = 0, n = 0, cap = 8;
	struct seg *v = xmalloc(cap * sizeof *v);
	while (off < len) {
		size_t next = 0;
		size_t l = text_wrap_line(s + off, len - off, width, &next);
		if (next == 0)
			break; /* no progress: cannot happen by contract, but never loop */
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof *v);
		v[n++] = (struct seg){ off, l };
		off += next;
	}
	if (n == 0)
		v[n++] = (struct seg){ 0, 0 };
	*out = v;
	return n;
}

/* Write s[0..len) fitted to exactly `width` columns. */
static void put_fit(struct buf *b, const char *s, size_t len, int width)
{
	char *f = text_fit(s, len, width);
	buf_puts(b, f);
	free(f);
}

static void free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static void put_spaces(struct buf *b, int n)
{
	for (int i = 0; i < n; i++)
		buf_putc(b, ' ');
}

static void out(struct report_ctx *ctx)
{
	report_flush(ctx, &ctx->wbuf);
}

/* s centred in a field of `width` columns (wrapped when longer), each line padded to the
 * field; appends the lines to *lines / *n. */
static void centre_lines(const char *s, int width, char ***lines, size_t *n)
{
	struct seg *v;
	size_t k = wrap(s, width, &v);
	for (size_t i = 0; i < k; i++) {
		int w = text_width(s + v[i].off, v[i].len);
		struct buf b = {0};
		int left = w < width ? (width - w) / 2 : 0;
		put_spaces(&b, left);
		put_fit(&b, s + v[i].off, v[i].len, width - left);
		*lines = xrealloc(*lines, (*n + 1) * sizeof **lines);
		(*lines)[(*n)++] = buf_take(&b);
	}
	free(v);
}

/* Remove trailing spaces of the line being built (from `from` on) and end it. */
static void end_line(struct buf *b, size_t from)
{
	while (b->len > from && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	buf_putc(b, '\n');
}

/* Write text wrapped to the page width, with a first-line prefix and a hanging indent. */
static void paragraph(struct report_ctx *ctx, const char *prefix, const char *s)
{
	struct buf *b = &ctx->wbuf;
	int pw = text_width(prefix, strlen(prefix)), width = total_width(ctx) - pw;
	struct seg *v;
	size_t k = wrap(s, width, &v);
	for (size_t i = 0; i < k; i++) {
		size_t from = b->len;
		if (i == 0)
			buf_puts(b, prefix);
		else
			put_spaces(b, pw);
		put_fit(b, s + v[i].off, v[i].len, width);
		end_line(b, from);
	}
	free(v);
}

/* Two blocks side by side (issuer | motto, or nothing | signature), each line centred. */
static void two_columns(struct report_ctx *ctx, const char *const *left, size_t nl, const char *const *right,
                        size_t nr)
{
	int w = total_width(ctx), lw = w * 2 / 5, rw = w - lw;
	char **l = NULL, **r = NULL;
	size_t ln = 0, rn = 0;
	for (size_t i = 0; i < nl; i++)
		centre_lines(left[i], lw, &l, &ln);
	for (size_t i = 0; i < nr; i++)
		centre_lines(right[i], rw, &r, &rn);
	struct buf *b = &ctx->wbuf;
	for (size_t i = 0; i < ln || i < rn; i++) {
		size_t from = b->len;
		if (i < ln) {
			buf_puts(b, l[i]);
			put_spaces(b, lw - text_width(l[i], strlen(l[i])));
		} else {
			put_spaces(b, lw);
		}
		if (i < rn)
			buf_puts(b, r[i]);
		end_line(b, from);
	}
	free_lines(l, ln);
	free_lines(r, rn);
}

/* A centred block (title lines), wrapped with a margin so every line looks centred. */
static void centred(struct report_ctx *ctx, const char *s)
{
	char **l = NULL;
	size_t n = 0;
	int w = total_width(ctx), inner = w * 4 / 5;
	centre_lines(s, inner, &l, &n);
	for (size_t i = 0; i < n; i++) {
		char *line = l[i];
		struct buf b = {0};
		put_spaces(&b, (w - inner) / 2);
		buf_puts(&b, line);
		free(line);
		l[i] = buf_take(&b);
	}
	for (size_t i = 0; i < n; i++) {
		size_t from = ctx->wbuf.len;
		buf_puts(&ctx->wbuf, l[i]);
		end_line(&ctx->wbuf, from);
	}
	free_lines(l, n);
}

/* ---- the table -------------------------------------------------------------------------- */

static void rule(struct report_ctx *ctx, char c)
{
	struct buf *b = &ctx->wbuf;
	buf_putc(b, '+');
	for (int i = 0; i < ctx->ncols; i++) {
		for (int j = 0; j < ctx->wcol[i] + 2; j++)
			buf_putc(b, c);
		buf_putc(b, '+');
	}
	buf_putc(b, '\n');
}

/* One block of the table: the cells side by side, each wrapped to its column. */
static void cells(struct report_ctx *ctx, const char *const *cell)
{
	struct seg *v[LAY_COLS];
	size_t n[LAY_COLS], rows = 0;
	for (int i = 0; i < ctx->ncols; i++) {
		n[i] = wrap(cell[i], ctx->wcol[i], &v[i]);
		if (n[i] > rows)
			rows = n[i];
	}
	struct buf *b = &ctx->wbuf;
	for (size_t r = 0; r < rows; r++) {
		buf_putc(b, '|');
		for (int i = 0; i < ctx->ncols; i++) {
			buf_putc(b, ' ');
			if (r < n[i])
				put_fit(b, cell[i] + v[i][r].off, v[i][r].len, ctx->wcol[i]);
			else
				put_spaces(b, ctx->wcol[i]);
			buf_puts(b, " |");
		}
		buf_putc(b, '\n');
	}
	for (int i = 0; i < ctx->ncols; i++)
		free(v[i]);
}

/* A line across the whole table (group rows, "no comments"). */
static void wide(struct report_ctx *ctx, const char *s)
{
	int inner = 3 * (ctx->ncols - 1);
	for (int i = 0; i < ctx->ncols; i++)
		inner += ctx->wcol[i];
	struct seg *v;
	size_t k = wrap(s, inner, &v);
	struct buf *b = &ctx->wbuf;
	for (size_t i = 0; i < k; i++) {
		buf_puts(b, "| ");
		put_fit(b, s + v[i].off, v[i].len, inner);
		buf_puts(b, " |\n");
	}
	free(v);
}

static void txt_begin(struct report_ctx *ctx, const struct lay_head *h)
{
	const char *left[] = { h->issuer, h->number };
	const char *right[] = { h->motto1, h->motto2, "", h->date_line };
	two_columns(ctx, left, 2, right, 4);
	buf_putc(&ctx->wbuf, '\n');
	centred(ctx, h->title1);
	centred(ctx, h->title2);
	if (h->note[0])
		centred(ctx, h->note);
	out(ctx);
}

static void txt_para(struct report_ctx *ctx, const struct lay_para *p)
{
	char prefix[32] = "";
	if (p->kind == LAY_HEADING)
		buf_putc(&ctx->wbuf, '\n');
	else if (p->kind == LAY_NUMBERED)
		snprintf(prefix, sizeof prefix, "%lld. ", (long long)p->number);
	else
		snprintf(prefix, sizeof prefix, "- ");
	paragraph(ctx, prefix, p->text);
	out(ctx);
}

/* Column widths from the model's proportions; the first column fits its heading. */
static void txt_table_begin(struct report_ctx *ctx, const struct lay_table *t)
{
	int inner = total_width(ctx) - (3 * t->ncols + 1), used = 0;
	for (int i = 0; i < t->ncols; i++) {
		int w = i + 1 < t->ncols ? inner * t->width[i] / 1000 : inner - used;
		int min = i < t->num_cols ? text_width(t->heads[i], strlen(t->heads[i])) : 8;
		ctx->wcol[i] = w < min ? min : w;
		used += ctx->wcol[i];
	}
	if (used > inner) /* the minimums pushed the last column: take it back from there */
		ctx->wcol[t->ncols - 1] -= used - inner;
	rule(ctx, '-');
	cells(ctx, t->heads);
	rule(ctx, '=');
	out(ctx);
}

static void txt_group(struct report_ctx *ctx, const struct lay_group *g)
{
	wide(ctx, g->text);
	rule(ctx, '-');
	out(ctx);
}

/* Word changes as wdiff writes them: "[-removed-]", "{+inserted+}". */
static void txt_row(struct report_ctx *ctx, const struct lay_row *r)
{
	if (r->nspans) {
		char *marked[LAY_COLS];
		for (int i = 0; i < ctx->ncols; i++)
			marked[i] = report_cell_marked(r, i, "[-", "-]", "{+", "+}");
		cells(ctx, (const char *const *)marked);
		for (int i = 0; i < ctx->ncols; i++)
			free(marked[i]);
	} else {
		cells(ctx, r->cells);
	}
	rule(ctx, '-');
	out(ctx);
}

static void txt_table_end(struct report_ctx *ctx, const char *empty)
{
	if (empty) {
		wide(ctx, empty);
		rule(ctx, '-');
	}
	out(ctx);
}

static void txt_end(struct report_ctx *ctx, const struct lay_sign *s)
{
	buf_putc(&ctx->wbuf, '\n');
	const char *right[] = { s->title, s->note };
	two_columns(ctx, NULL, 0, right, 2);
	out(ctx);
}

const struct report_writer report_txt_writer = {
	.begin = txt_begin,
	.para = txt_para,
	.table_begin = txt_table_begin,
	.group = txt_group,
	.row = txt_row,
	.table_end = txt_table_end,
	.end = txt_end,
};
