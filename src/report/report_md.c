/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_md.c — the report as GitHub-flavoured Markdown (renders with `cmark-gfm -e table`).
 *
 * Renders the layout model (report_priv.h): one table per group under a "###" heading.
 * Data is escaped so it can neither break a table row nor become markup: the characters
 * \ ` * _ [ ] < > | ~ & # ! get a backslash (so no raw HTML, link, image or emphasis comes
 * from data, and a pipe never splits a cell). A table row must stay on one line and raw HTML
 * such as <br> is not used, so line breaks inside a cell are written as " / ". Every line
 * starts with text of the program, never with data, so data cannot start a list, heading or
 * code block either. */
#include "report_priv.h"

#include <stdlib.h>
#include <string.h>

/* Append s escaped for a Markdown inline context; LF becomes " / ". */
static void md_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n') {
			buf_puts(b, " / ");
			continue;
		}
		if (strchr("\\`*_[]<>|~&#!", *s))
			buf_putc(b, '\\');
		buf_putc(b, *s);
	}
}

/* Append "<mark>text<mark>LF" with text escaped. */
static void md_line(struct buf *b, const char *mark, const char *text, const char *end)
{
	buf_puts(b, mark);
	md_text(b, text);
	buf_puts(b, end);
}

static void md_begin(struct report_ctx *ctx, const struct lay_head *h)
{
	struct buf *b = &ctx->wbuf;
	md_line(b, "**", h->issuer, "**  \n");
	md_line(b, "", h->number, "\n\n");
	md_line(b, "**", h->motto1, "**  \n");
	md_line(b, "**", h->motto2, "**\n\n");
	md_line(b, "*", h->date_line, "*\n\n");
	md_line(b, "# ", h->title1, "\n\n");
	md_line(b, "## ", h->title2, "\n");
	if (h->note[0])
		md_line(b, "\n*", h->note, "*\n");
	report_flush(ctx, b);
}

static void md_para(struct report_ctx *ctx, const struct lay_para *p)
{
	struct buf *b = &ctx->wbuf;
	if (p->kind == LAY_HEADING) {
		md_line(b, "\n## ", p->text, "\n\n");
	} else if (p->kind == LAY_NUMBERED) {
		buf_printf(b, "%lld. ", (long long)p->number);
		md_line(b, "", p->text, "\n");
	} else {
		md_line(b, "- ", p->text, "\n");
	}
	report_flush(ctx, b);
}

/* The column headings are kept for the table of each group. */
static void md_table_begin(struct report_ctx *ctx, const struct lay_table *t)
{
	struct buf *b = &ctx->wbuf;
	buf_puts(b, "|");
	for (int i = 0; i < t->ncols; i++)
		md_line(b, " ", t->heads[i], " |");
	buf_puts(b, "\n|");
	for (int i = 0; i < t->ncols; i++)
		buf_puts(b, " --- |");
	buf_puts(b, "\n");
	ctx->wstate = buf_take(b);
}

static void md_group(struct report_ctx *ctx, const struct lay_group *g)
{
	struct buf *b = &ctx->wbuf;
	md_line(b, "\n### ", g->text, "\n\n");
	buf_puts(b, ctx->wstate);
	report_flush(ctx, b);
}

/* A piece of a cell: a removed run struck through (~~), an inserted one in bold (**), the
 * markers inside the spaces around the run so that they take effect. */
static void md_piece(void *pctx, const char *s, size_t len, const struct lay_span *sp)
{
	struct buf *b = pctx;
	const char *mark = sp && sp->kind == SPAN_DEL ? "~~" : sp && sp->kind == SPAN_INS ? "**" : NULL;
	size_t lead = 0, trail = 0;
	while (mark && lead < len && (s[lead] == ' ' || s[lead] == '\n'))
		lead++;
	while (mark && trail < len - lead && (s[len - 1 - trail] == ' ' || s[len - 1 - trail] == '\n'))
		trail++;
	char *t = xstrndup(s, lead);
	md_text(b, t);
	free(t);
	if (mark && lead < len)
		buf_puts(b, mark);
	t = xstrndup(s + lead, len - lead - trail);
	md_text(b, t);
	free(t);
	if (mark && lead < len)
		buf_puts(b, mark);
	t = xstrndup(s + len - trail, trail);
	md_text(b, t);
	free(t);
}

static void md_row(struct report_ctx *ctx, const struct lay_row *r)
{
	struct buf *b = &ctx->wbuf;
	buf_puts(b, "|");
	for (int i = 0; i < ctx->ncols; i++) {
		buf_puts(b, " ");
		report_cell_walk(r, i, md_piece, b);
		buf_puts(b, " |");
	}
	buf_puts(b, "\n");
	report_flush(ctx, b);
}

static void md_table_end(struct report_ctx *ctx, const char *empty)
{
	if (empty)
		md_line(&ctx->wbuf, "\n*", empty, "*\n");
	report_flush(ctx, &ctx->wbuf);
}

static void md_discard(struct report_ctx *ctx)
{
	free(ctx->wstate);
	ctx->wstate = NULL;
}

static void md_end(struct report_ctx *ctx, const struct lay_sign *s)
{
	struct buf *b = &ctx->wbuf;
	md_line(b, "\n**", s->title, "**  \n");
	md_line(b, "*", s->note, "*\n");
	report_flush(ctx, b);
	md_discard(ctx);
}

const struct report_writer report_md_writer = {
	.begin = md_begin,
	.para = md_para,
	.table_begin = md_table_begin,
	.group = md_group,
	.row = md_row,
	.table_end = md_table_end,
	.end = md_end,
	.discard = md_discard,
};
