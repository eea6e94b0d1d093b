/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_html.c — the report as one self-contained HTML page, printable on landscape A4
 * (print CSS), in Times New Roman 13 pt as Decree 30/2020/NĐ-CP expects.
 *
 * Safety: a charset meta and a Content-Security-Policy meta that allows nothing but the
 * inline style (no script, image, font or network access); no script at all; every piece of
 * data escaped (& < > " ' become entities, LF becomes <br>) and only ever placed in element
 * content, never in an attribute; user text isolated for bidi (<bdi> inline, dir="auto" on
 * blocks) so a right-to-left name cannot reorder the text around it. Renders the layout
 * model (report_priv.h): a cell's lines become <br>-separated <bdi> runs. */
#include "report_priv.h"

#include <stdlib.h>
#include <string.h>


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

/* Each line of s in its own <bdi> (isolated for bidi), lines joined by <br>. */
static void html_lines(struct buf *b, const char *s)
{
	buf_puts(b, "<bdi>");
	for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1) {
		char *line = xstrndup(s, (size_t)(nl - s));
		html_text(b, line);
		free(line);
		buf_puts(b, "</bdi><br><bdi>");
	}
	html_text(b, s);
	buf_puts(b, "</bdi>");
}

static const char style[] =
	"@page { size: A4 landscape; margin: 20mm 15mm 20mm 30mm; }\n"
	"body { font-family: \"Times New Roman\", Times, serif; font-size: 13pt; line-height: 1.3;"
	" margin: 1em auto; max-width: 267mm; color: #000; background: #fff; }\n"
	"@media print { body { margin: 0; max-width: none; } }\n"
	"table.head, table.sign { width: 100%; border-collapse: collapse; }\n"
	"table.head td, table.sign td { text-align: center; vertical-align: top; padding: 0; }\n"
	"table.head td.issuer { width: 40%; font-weight: bold; }\n"
	".number { font-weight: normal; white-space: pre; }\n"
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
	"table.report td.num { text-align: center; }\n"
	"p.item { margin: 0 0 3pt; }\n"
	"del { color: #900; }\n"
	"ins { color: #060; }\n"
	".pending { font-style: italic; font-weight: bold; }\n"
	"table.sign { margin-top: 24pt; }\n"
	"table.sign td { width: 50%; }\n"
	".sign1 { font-weight: bold; }\n"
	".sign2 { font-style: italic; }\n";

static void html_begin(struct report_ctx *ctx, const struct lay_head *h)
{
	struct buf *b = &ctx->wbuf;
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	            "style-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width\">\n"
	            "<title>");
	html_text(b, h->title1);
	buf_puts(b, " — ");
	html_text(b, ctx->doc.code);
	buf_puts(b, "</title>\n<style>\n");
	buf_puts(b, style);
	buf_puts(b, "</style>\n</head>\n<body>\n<table class=\"head\">\n<tr><td class=\"issuer\"><bdi>");
	html_text(b, h->issuer);
	buf_puts(b, "</bdi><br><span class=\"number\">");
	html_text(b, h->number);
	buf_puts(b, "</span></td>\n<td><span class=\"motto1\">");
	html_text(b, h->motto1);
	buf_puts(b, "</span><br><span class=\"motto2\">");
	html_text(b, h->motto2);
	buf_puts(b, "</span><div class=\"date\" dir=\"auto\">");
	html_text(b, h->date_line);
	buf_puts(b, "</div></td></tr>\n</table>\n<h1>");
	html_text(b, h->title1);
	buf_puts(b, "</h1>\n<h2 dir=\"auto\">");
	html_text(b, h->title2);
	buf_puts(b, "</h2>\n");
	if (h->note[0]) {
		buf_puts(b, "<p class=\"note\" dir=\"auto\">");
		html_text(b, h->note);
		buf_puts(b, "</p>\n");
	}
	report_flush(ctx, b);
}

/* Items are <p> with their marker as text, so one paragraph is one event. */
static void html_para(struct report_ctx *ctx, const struct lay_para *p)
{
	struct buf *b = &ctx->wbuf;
	if (p->kind == LAY_HEADING) {
		buf_puts(b, "<h3>");
		html_text(b, p->text);
		buf_puts(b, "</h3>\n");
	} else {
		buf_puts(b, "<p class=\"item\" dir=\"auto\"");
		if (p->anchor)
			buf_printf(b, " id=\"s%lld\"", (long long)p->anchor);
		buf_puts(b, ">");
		if (p->kind == LAY_NUMBERED)
			buf_printf(b, "%lld. ", (long long)p->number);
		else
			buf_puts(b, "- ");
		html_text(b, p->text);
		buf_puts(b, "</p>\n");
	}
	report_flush(ctx, b);
}

static void html_table_begin(struct report_ctx *ctx, const struct lay_table *t)
{
	struct buf *b = &ctx->wbuf;
	buf_puts(b, "<table class=\"report\">\n<colgroup>");
	for (int i = 0; i < t->ncols; i++)
		buf_printf(b, "<col style=\"width:%d.%d%%\">", t->width[i] / 10, t->width[i] % 10);
	buf_puts(b, "</colgroup>\n<thead><tr>");
	for (int i = 0; i < t->ncols; i++) {
		buf_puts(b, "<th>");
		html_text(b, t->heads[i]);
		buf_puts(b, "</th>");
	}
	buf_puts(b, "</tr></thead>\n<tbody>\n");
	report_flush(ctx, b);
}

static void html_group(struct report_ctx *ctx, const struct lay_group *g)
{
	struct buf *b = &ctx->wbuf;
	buf_printf(b, "<tr class=\"group\"><th colspan=\"%d\" dir=\"auto\">", ctx->ncols);
	html_lines(b, g->text);
	buf_puts(b, "</th></tr>\n");
	report_flush(ctx, b);
}

/* A piece of a cell: a removed run in <del>, an inserted one in <ins>, a citation a link to
 * its anchor; each line of a marked run is marked on its own (tags never span a <br>). */
static void html_piece(void *pctx, const char *s, size_t len, const struct lay_span *sp)
{
	struct buf *b = pctx;
	char open[40] = "", close[8] = "";
	if (sp && sp->kind == SPAN_DEL)
		strcpy(open, "<del>"), strcpy(close, "</del>");
	else if (sp && sp->kind == SPAN_INS)
		strcpy(open, "<ins>"), strcpy(close, "</ins>");
	else if (sp && sp->kind == SPAN_LINK)
		snprintf(open, sizeof open, "<a href=\"#s%lld\">", (long long)sp->target), strcpy(close, "</a>");
	for (size_t i = 0; i <= len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (s + i)) : len - i;
		if (n) {
			char *line = xstrndup(s + i, n);
			buf_puts(b, open);
			html_text(b, line);
			buf_puts(b, close);
			free(line);
		}
		i += n + 1;
		if (nl)
			buf_puts(b, "</bdi><br><bdi>");
	}
}

static void html_row(struct report_ctx *ctx, const struct lay_row *r)
{
	struct buf *b = &ctx->wbuf;
	buf_puts(b, "<tr>");
	for (int i = 0; i < ctx->ncols; i++) {
		buf_puts(b, "<td");
		if (i < ctx->num_cols)
			buf_puts(b, " class=\"num\"");
		else if (r->emph & (1u << i))
			buf_puts(b, " class=\"pending\"");
		buf_puts(b, " dir=\"auto\"><bdi>");
		report_cell_walk(r, i, html_piece, b);
		buf_puts(b, "</bdi></td>");
	}
	buf_puts(b, "</tr>\n");
	report_flush(ctx, b);
}

static void html_table_end(struct report_ctx *ctx, const char *empty)
{
	struct buf *b = &ctx->wbuf;
	if (empty) {
		buf_printf(b, "<tr><td colspan=\"%d\">", ctx->ncols);
		html_text(b, empty);
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody>\n</table>\n");
	report_flush(ctx, b);
}

/* A horizontal bar chart as inline SVG (no script, no outside file): a row per figure, its
 * label, a bar as long as its share of the largest, and its number. */
static void html_chart(struct report_ctx *ctx, const struct lay_chart *c)
{
	enum { LABEL_W = 260, BAR_W = 300, ROW_H = 22, NUM_W = 60 };
	struct buf *b = &ctx->wbuf;
	int64_t max = 0;
	for (size_t i = 0; i < c->n; i++)
		if (c->values[i] > max)
			max = c->values[i];
	int h = (int)c->n * ROW_H + 4;
	buf_puts(b, "<figure class=\"chart\"><figcaption>");
	html_text(b, c->title);
	buf_printf(b, "</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	              "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
	           LABEL_W + BAR_W + NUM_W, h, LABEL_W + BAR_W + NUM_W, h);
	html_text(b, c->title);
	buf_puts(b, "\" font-family=\"Times New Roman, serif\" font-size=\"14\">\n");
	for (size_t i = 0; i < c->n; i++) {
		int y = (int)i * ROW_H + 2;
		int w = max > 0 ? (int)(c->values[i] * BAR_W / max) : 0;
		if (c->values[i] > 0 && w < 1)
			w = 1;
		buf_printf(b, "<text x=\"0\" y=\"%d\">", y + 15);
		html_text(b, c->labels[i]);
		buf_printf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#555\"/>"
		              "<text x=\"%d\" y=\"%d\">%lld</text>\n",
		           LABEL_W, y + 2, w, LABEL_W + w + 6, y + 15, (long long)c->values[i]);
	}
	buf_puts(b, "</svg></figure>\n");
	report_flush(ctx, b);
}

static void html_end(struct report_ctx *ctx, const struct lay_sign *s)
{
	struct buf *b = &ctx->wbuf;
	buf_puts(b, "<table class=\"sign\"><tr><td></td><td><span class=\"sign1\">");
	html_text(b, s->title);
	buf_puts(b, "</span><br><span class=\"sign2\">");
	html_text(b, s->note);
	buf_puts(b, "</span></td></tr></table>\n</body>\n</html>\n");
	report_flush(ctx, b);
}

const struct report_writer report_html_writer = {
	.begin = html_begin,
	.para = html_para,
	.table_begin = html_table_begin,
	.group = html_group,
	.row = html_row,
	.table_end = html_table_end,
	.chart = html_chart,
	.end = html_end,
};
