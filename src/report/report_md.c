/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_md.c — the report as GitHub-flavoured Markdown (renders with `cmark-gfm -e table`).
 *
 * One table per group (general comments first, then each section), under a "###" heading.
 * Data is escaped so it can neither break a table row nor become markup: the characters
 * \ ` * _ [ ] < > | ~ & # ! get a backslash (so no raw HTML, link, image or emphasis comes
 * from data, and a pipe never splits a cell). A table row must stay on one line and raw HTML
 * such as <br> is not used, so line breaks inside a cell are written as " / "; a reply
 * follows its root in the same cell as " / ↳ Name (Unit): text". Several authors of a merged
 * row are separated by "; ". Every line starts with text of the program, never with data,
 * so data cannot start a list, heading or code block either. */
#include "report_priv.h"

#include <string.h>

#include "gopy/i18n.h"

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

static void md_out(struct report_ctx *ctx)
{
	if (ctx->wbuf.len)
		fwrite(ctx->wbuf.data, 1, ctx->wbuf.len, ctx->f);
	buf_reset(&ctx->wbuf);
}

static void md_begin(struct report_ctx *ctx)
{
	struct buf *b = &ctx->wbuf;
	buf_reset(b);
	buf_puts(b, "**");
	md_text(b, ctx->issuer);
	buf_puts(b, "**  \n");
	md_text(b, report_number_line());
	buf_puts(b, "\n\n**");
	md_text(b, report_motto1());
	buf_puts(b, "**  \n**");
	md_text(b, report_motto2());
	buf_puts(b, "**\n\n*");
	md_text(b, ctx->date_line);
	buf_puts(b, "*\n\n# ");
	md_text(b, report_title1());
	buf_puts(b, "\n\n## ");
	struct buf t = {0};
	report_title2(ctx, &t);
	md_text(b, t.data);
	buf_free(&t);
	buf_puts(b, "\n\n");
	if (ctx->filter_note[0]) {
		buf_puts(b, "*");
		md_text(b, ctx->filter_note);
		buf_puts(b, "*\n\n");
	}
	buf_puts(b, "## ");
	md_text(b, report_part(0));
	buf_puts(b, "\n\n");
	char **lines;
	size_t n = report_figure_lines(ctx, &lines);
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "%zu. ", i + 1);
		md_text(b, lines[i]);
		buf_puts(b, "\n");
	}
	report_free_lines(lines, n);
	buf_puts(b, "\n## ");
	md_text(b, report_part(1));
	buf_puts(b, "\n");
	md_out(ctx);
}

static void md_group(struct report_ctx *ctx, const struct report_group *g)
{
	struct buf *b = &ctx->wbuf;
	buf_printf(b, "\n### %lld. ", (long long)g->number);
	md_text(b, g->label);
	if (g->heading[0]) {
		buf_puts(b, " — ");
		md_text(b, g->heading);
	}
	buf_puts(b, "\n\n|");
	for (int i = 0; i < 4; i++) {
		buf_putc(b, ' ');
		md_text(b, report_column(i));
		buf_puts(b, " |");
	}
	buf_puts(b, "\n| --- | --- | --- | --- |\n");
	md_out(ctx);
}

static void md_row(struct report_ctx *ctx, const struct report_row *r)
{
	struct buf *b = &ctx->wbuf, t = {0};
	buf_puts(b, "| ");
	md_text(b, r->m[0].section_label);
	buf_puts(b, " | ");
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			buf_puts(b, "; ");
		report_who(&t, &r->m[i]);
		md_text(b, t.data);
		buf_reset(&t);
	}
	buf_puts(b, " | ");
	report_body_text(&t, &r->m[0]);
	md_text(b, t.data);
	buf_free(&t);
	md_out(ctx);
	/* The disposition cell comes after the replies: keep it until row_end. */
	buf_reset(&ctx->wcell);
	buf_puts(&ctx->wcell, "");
	report_disposition_text(&ctx->wcell, r);
}

static void md_reply(struct report_ctx *ctx, const struct report_entry *e)
{
	struct buf *b = &ctx->wbuf, t = {0};
	buf_puts(b, " / ");
	report_reply_prefix(&t, e->depth);
	report_who(&t, e);
	buf_puts(&t, ": ");
	report_reply_text(&t, e);
	md_text(b, t.data);
	buf_free(&t);
	md_out(ctx);
}

static void md_row_end(struct report_ctx *ctx)
{
	struct buf *b = &ctx->wbuf;
	buf_puts(b, " | ");
	md_text(b, ctx->wcell.data ? ctx->wcell.data : "");
	buf_puts(b, " |\n");
	md_out(ctx);
}

static void md_group_end(struct report_ctx *ctx)
{
	(void)ctx;
}

static void md_end(struct report_ctx *ctx)
{
	struct buf *b = &ctx->wbuf;
	if (ctx->n_rows == 0) {
		buf_puts(b, "\n*");
		md_text(b, "Không có ý kiến nào.");
		buf_puts(b, "*\n");
	}
	buf_puts(b, "\n## ");
	md_text(b, report_part(2));
	buf_puts(b, "\n\n");
	char **lines;
	size_t n = report_count_lines(ctx, &lines);
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, "- ");
		md_text(b, lines[i]);
		buf_puts(b, "\n");
	}
	report_free_lines(lines, n);
	buf_puts(b, "\n**");
	md_text(b, report_sign1());
	buf_puts(b, "**  \n*");
	md_text(b, report_sign2());
	buf_puts(b, "*\n");
	md_out(ctx);
}

const struct report_writer report_md_writer = {
	.begin = md_begin,
	.group = md_group,
	.row = md_row,
	.reply = md_reply,
	.row_end = md_row_end,
	.group_end = md_group_end,
	.end = md_end,
};
