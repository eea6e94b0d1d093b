/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_html.c — the report as one self-contained HTML page, printable on landscape A4
 * (print CSS), in Times New Roman 13 pt as Decree 30/2020/NĐ-CP expects.
 *
 * Safety: a charset meta and a Content-Security-Policy meta that allows nothing but the
 * inline style (no script, image, font or network access); no script at all; every piece of
 * data escaped (& < > " ' become entities, LF becomes <br>) and only ever placed in element
 * content, never in an attribute; user text isolated for bidi (<bdi> inline, dir="auto" on
 * blocks) so a right-to-left name cannot reorder the text around it. */
#include "report_priv.h"

#include <string.h>

#include "gopy/i18n.h"

/* Append s escaped as HTML text; LF becomes <br>. */
static void html_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		case '\'': buf_puts(b, "&#39;"); break;
		case '\n': buf_puts(b, "<br>"); break;
		default: buf_putc(b, *s);
		}
	}
}

/* One <li> per line that make() gives (the figures, the counts by disposition). */
static void list_items(struct buf *b, size_t (*make)(const struct report_ctx *, char ***),
                       const struct report_ctx *ctx)
{
	char **lines;
	size_t n = make(ctx, &lines);
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, "<li>");
		html_text(b, lines[i]);
		buf_puts(b, "</li>\n");
	}
	report_free_lines(lines, n);
}

static void html_out(struct report_ctx *ctx)
{
	if (ctx->wbuf.len)
		fwrite(ctx->wbuf.data, 1, ctx->wbuf.len, ctx->f);
	buf_reset(&ctx->wbuf);
}

/* <bdi>Name</bdi> (<bdi>Unit</bdi>) */
static void html_who(struct buf *b, const struct report_entry *e)
{
	buf_puts(b, "<bdi>");
	html_text(b, e->author_name);
	buf_puts(b, "</bdi>");
	if (e->author_unit[0]) {
		buf_puts(b, " (<bdi>");
		html_text(b, e->author_unit);
		buf_puts(b, "</bdi>)");
	}
}

static const char style[] =
	"@page { size: A4 landscape; margin: 20mm 15mm 20mm 30mm; }\n"
	"body { font-family: \"Times New Roman\", Times, serif; font-size: 13pt; line-height: 1.3;"
	" margin: 1em auto; max-width: 267mm; color: #000; background: #fff; }\n"
	"@media print { body { margin: 0; max-width: none; } }\n"
	"table.head, table.sign { width: 100%; border-collapse: collapse; }\n"
	"table.head td, table.sign td { text-align: center; vertical-align: top; padding: 0; }\n"
	"table.head td.issuer { width: 40%; font-weight: bold; }\n"
	".motto1 { font-weight: bold; }\n"
	".motto2 { font-weight: bold; text-decoration: underline; }\n"
	".date { font-style: italic; padding-top: 6pt; }\n"
	"h1, h2 { text-align: center; font-size: 14pt; margin: 0; }\n"
	"h1 { margin-top: 18pt; }\n"
	"h2 { margin-bottom: 12pt; }\n"
	"h3 { font-size: 13pt; margin: 12pt 0 6pt; }\n"
	".note { text-align: center; font-style: italic; }\n"
	"table.report { width: 100%; border-collapse: collapse; }\n"
	"table.report th, table.report td { border: 1px solid #000; padding: 3pt 5pt; vertical-align: top;"
	" text-align: left; }\n"
	"table.report thead th { text-align: center; }\n"
	"thead { display: table-header-group; }\n"
	"tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"tr.group th { background: #eee; }\n"
	".reply { margin-top: 4pt; padding-left: 1em; }\n"
	".pending { font-style: italic; font-weight: bold; }\n"
	"table.sign { margin-top: 24pt; }\n"
	"table.sign td { width: 50%; }\n"
	".sign1 { font-weight: bold; }\n"
	".sign2 { font-style: italic; }\n";

static void html_begin(struct report_ctx *ctx)
{
	struct buf *b = &ctx->wbuf, t = {0};
	report_title2(ctx, &t);
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	            "style-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width\">\n"
	            "<title>");
	html_text(b, report_title1());
	buf_puts(b, " — ");
	html_text(b, ctx->doc.code);
	buf_puts(b, "</title>\n<style>\n");
	buf_puts(b, style);
	buf_puts(b, "</style>\n</head>\n<body>\n<table class=\"head\">\n<tr><td class=\"issuer\"><bdi>");
	html_text(b, ctx->issuer);
	buf_puts(b, "</bdi><br>");
	html_text(b, report_number_line());
	buf_puts(b, "</td>\n<td><span class=\"motto1\">");
	html_text(b, report_motto1());
	buf_puts(b, "</span><br><span class=\"motto2\">");
	html_text(b, report_motto2());
	buf_puts(b, "</span><div class=\"date\" dir=\"auto\">");
	html_text(b, ctx->date_line);
	buf_puts(b, "</div></td></tr>\n</table>\n<h1>");
	html_text(b, report_title1());
	buf_puts(b, "</h1>\n<h2 dir=\"auto\">");
	html_text(b, t.data);
	buf_free(&t);
	buf_puts(b, "</h2>\n");
	if (ctx->filter_note[0]) {
		buf_puts(b, "<p class=\"note\" dir=\"auto\">");
		html_text(b, ctx->filter_note);
		buf_puts(b, "</p>\n");
	}
	buf_puts(b, "<h3>");
	html_text(b, report_part(0));
	buf_puts(b, "</h3>\n<ol>\n");
	list_items(b, report_figure_lines, ctx);
	buf_puts(b, "</ol>\n<h3>");
	html_text(b, report_part(1));
	buf_puts(b, "</h3>\n<table class=\"report\">\n<colgroup><col style=\"width:13%\"><col style=\"width:17%\">"
	            "<col style=\"width:40%\"><col style=\"width:30%\"></colgroup>\n<thead><tr>");
	for (int i = 0; i < 4; i++) {
		buf_puts(b, "<th>");
		html_text(b, report_column(i));
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	html_out(ctx);
}

static void html_group(struct report_ctx *ctx, const struct report_group *g)
{
	struct buf *b = &ctx->wbuf;
	buf_printf(b, "<tr class=\"group\"><th colspan=\"4\" dir=\"auto\">%lld. ", (long long)g->number);
	html_text(b, g->label);
	if (g->heading[0]) {
		buf_puts(b, " — ");
		html_text(b, g->heading);
	}
	buf_puts(b, "</th></tr>\n");
	html_out(ctx);
}

static void html_row(struct report_ctx *ctx, const struct report_row *r)
{
	struct buf *b = &ctx->wbuf, t = {0};
	buf_puts(b, "<tr><td dir=\"auto\">");
	html_text(b, r->m[0].section_label);
	buf_puts(b, "</td><td>");
	for (size_t i = 0; i < r->n; i++) {
		if (i)
			buf_puts(b, "<br>");
		html_who(b, &r->m[i]);
	}
	buf_puts(b, "</td><td><div dir=\"auto\">");
	report_body_text(&t, &r->m[0]);
	html_text(b, t.data);
	buf_free(&t);
	buf_puts(b, "</div>");
	html_out(ctx);
	/* The disposition cell follows the replies: prepare it now, write it in row_end. */
	struct buf *c = &ctx->wcell;
	buf_reset(c);
	bool pending = report_row_uniform(r) && r->m[0].disposition == DISP_PENDING;
	buf_printf(c, "<td dir=\"auto\"%s>", pending ? " class=\"pending\"" : "");
	report_disposition_text(&t, r);
	html_text(c, t.data);
	buf_free(&t);
	buf_puts(c, "</td>");
}

static void html_reply(struct report_ctx *ctx, const struct report_entry *e)
{
	struct buf *b = &ctx->wbuf, t = {0};
	/* Deeper replies are indented by the style, not by spaces (HTML collapses them). */
	buf_printf(b, "<div class=\"reply\" style=\"padding-left:%dem\" dir=\"auto\">", e->depth < 8 ? e->depth : 8);
	report_reply_prefix(&t, 1);
	html_text(b, t.data);
	buf_reset(&t);
	html_who(b, e);
	buf_puts(b, ": ");
	report_reply_text(&t, e);
	html_text(b, t.data);
	buf_free(&t);
	buf_puts(b, "</div>");
	html_out(ctx);
}

static void html_row_end(struct report_ctx *ctx)
{
	struct buf *b = &ctx->wbuf;
	buf_puts(b, "</td>");
	if (ctx->wcell.len)
		buf_append(b, ctx->wcell.data, ctx->wcell.len);
	buf_puts(b, "</tr>\n");
	html_out(ctx);
}

static void html_group_end(struct report_ctx *ctx)
{
	(void)ctx;
}

static void html_end(struct report_ctx *ctx)
{
	struct buf *b = &ctx->wbuf;
	if (ctx->n_rows == 0) {
		buf_puts(b, "<tr><td colspan=\"4\">");
		html_text(b, "Không có ý kiến nào.");
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n<h3>");
	html_text(b, report_part(2));
	buf_puts(b, "</h3>\n<ul>\n");
	list_items(b, report_count_lines, ctx);
	buf_puts(b, "</ul>\n<table class=\"sign\"><tr><td></td><td><span class=\"sign1\">");
	html_text(b, report_sign1());
	buf_puts(b, "</span><br><span class=\"sign2\">");
	html_text(b, report_sign2());
	buf_puts(b, "</span></td></tr></table>\n</body>\n</html>\n");
	html_out(ctx);
}

const struct report_writer report_html_writer = {
	.begin = html_begin,
	.group = html_group,
	.row = html_row,
	.reply = html_reply,
	.row_end = html_row_end,
	.group_end = html_group_end,
	.end = html_end,
};
