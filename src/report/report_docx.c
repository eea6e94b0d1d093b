/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_docx.c — the report as a Word document (Office Open XML, ISO/IEC 29500) laid out
 * as Decree 30/2020/NĐ-CP asks of an administrative document: A4 landscape throughout (the
 * table needs the width), margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New
 * Roman 13 pt; the title block in two columns (left the issuing body over a short rule, then
 * "Số: …/BC"; right the national motto with its underline, then the place and date in
 * italics), the title in bold capitals;
 * the table's heading row repeated on every page; page numbers centred in the top margin from
 * the second page on.
 *
 * Memory stays flat: word/document.xml is written as a stream to a temporary file while the
 * rows arrive, then libzip adds it (zip_source_file) beside the small fixed parts and the
 * finished package is copied to the output.
 *
 * Safety: data is only ever character data of <w:t> elements, escaped (& < >), never an
 * attribute; no field (fldSimple, instrText) or hyperlink is built from data (the only field
 * is the page number in header1.xml, the program's own). The data reaching here is
 * sanitised; the escaper also drops anything XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF). */
#include "report_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "gopy/i18n.h"

#define PAGE_W 16838   /* A4 landscape, twentieths of a point */
#define PAGE_H 11906
#define MARGIN_TOP 1134    /* 20 mm */
#define MARGIN_BOTTOM 1134 /* 20 mm */
#define MARGIN_LEFT 1701   /* 30 mm */
#define MARGIN_RIGHT 851   /* 15 mm */
#define TEXT_W (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)

struct docx {
	FILE *doc;                 /* word/document.xml being written */
	char *doc_path;
	int grid[LAY_COLS];        /* column widths in twips */
};

/* Append s as XML character data. */
static void xml_text(struct buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		default:
			if (*p < 0x20 && *p != '\t')
				break;
			if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
				p += 2;
				break;
			}
			buf_putc(b, (char)*p);
		}
	}
}

/* Run properties for the styles a block uses. */
enum { B = 1, I = 2, U = 4, BIG = 8, STRIKE = 16 };

static void run(struct buf *b, int style, const char *text, size_t len)
{
	buf_puts(b, "<w:r>");
	if (style) {
		buf_puts(b, "<w:rPr>");
		if (style & B)
			buf_puts(b, "<w:b/>");
		if (style & I)
			buf_puts(b, "<w:i/>");
		if (style & STRIKE)
			buf_puts(b, "<w:strike/>");
		/* In the order the schema (CT_RPr) requires: sz before u. */
		if (style & BIG)
			buf_puts(b, "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>");
		if (style & U)
			buf_puts(b, "<w:u w:val=\"single\"/>");
		buf_puts(b, "</w:rPr>");
	}
	buf_puts(b, "<w:t xml:space=\"preserve\">");
	char *one = strndup(text, len);
	if (one)
		xml_text(b, one);
	free(one);
	buf_puts(b, "</w:t></w:r>");
}

/* One paragraph per line of text (LF separates them), aligned `jc`, in `style`. */
static void paras(struct buf *b, const char *jc, int style, const char *text)
{
	const char *s = text;
	do {
		const char *nl = strchr(s, '\n');
		size_t len = nl ? (size_t)(nl - s) : strlen(s);
		buf_printf(b, "<w:p><w:pPr><w:jc w:val=\"%s\"/></w:pPr>", jc);
		if (len)
			run(b, style, s, len);
		buf_puts(b, "</w:p>");
		s = nl ? nl + 1 : NULL;
	} while (s);
}

static void flush(struct report_ctx *ctx)
{
	struct docx *d = ctx->wstate;
	if (ctx->wbuf.len && fwrite(ctx->wbuf.data, 1, ctx->wbuf.len, d->doc) != ctx->wbuf.len)
		report_writer_fail(ctx, _("cannot write a temporary file: %s"), strerror(errno));
	buf_reset(&ctx->wbuf);
}

static void cell_open(struct buf *b, int width, const char *extra)
{
	buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>%s</w:tcPr>", width, extra);
}

/* A table without borders: the title block, the signature. */
static void plain_table_open(struct buf *b, int left)
{
	buf_printf(b, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/>"
	              "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>"
	              "<w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>"
	              "<w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"%d\"/><w:gridCol w:w=\"%d\"/></w:tblGrid>",
	           TEXT_W, left, TEXT_W - left);
}

static void docx_begin(struct report_ctx *ctx, const struct lay_head *h)
{
	struct docx *d = xcalloc(1, sizeof *d);
	ctx->wstate = d;
	d->doc = report_tmpfile(ctx, &d->doc_path);
	if (!d->doc)
		return;
	struct buf *b = &ctx->wbuf;
	int left = TEXT_W * 2 / 5;
	buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
	            "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>");
	plain_table_open(b, left);
	buf_puts(b, "<w:tr>");
	cell_open(b, left, "");
	paras(b, "center", B, h->issuer);
	/* The short rule under the issuing body: a third of its column, centred. */
	buf_printf(b, "<w:p><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/>"
	              "</w:pBdr><w:spacing w:after=\"120\" w:line=\"60\" w:lineRule=\"exact\"/>"
	              "<w:ind w:left=\"%d\" w:right=\"%d\"/></w:pPr></w:p>",
	           left / 3, left / 3);
	paras(b, "center", 0, h->number);
	buf_puts(b, "</w:tc>");
	cell_open(b, TEXT_W - left, "");
	paras(b, "center", B, h->motto1);
	paras(b, "center", B | U | BIG, h->motto2);
	buf_puts(b, "<w:p/>");
	paras(b, "center", I | BIG, h->date_line);
	buf_puts(b, "</w:tc></w:tr></w:tbl><w:p/>");
	paras(b, "center", B | BIG, h->title1);
	paras(b, "center", B | BIG, h->title2);
	if (h->note[0])
		paras(b, "center", I, h->note);
	flush(ctx);
}

static void docx_para(struct report_ctx *ctx, const struct lay_para *p)
{
	struct docx *d = ctx->wstate;
	if (!d->doc)
		return;
	struct buf *b = &ctx->wbuf;
	if (p->kind == LAY_HEADING) {
		buf_puts(b, "<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"120\"/></w:pPr>");
		run(b, B, p->text, strlen(p->text));
		buf_puts(b, "</w:p>");
	} else {
		char mark[32];
		if (p->kind == LAY_NUMBERED)
			snprintf(mark, sizeof mark, "%lld. ", (long long)p->number);
		else
			snprintf(mark, sizeof mark, "- ");
		/* First-line indent of the body text, as typed administrative documents have it. */
		buf_puts(b, "<w:p><w:pPr><w:spacing w:after=\"60\"/><w:ind w:firstLine=\"567\"/><w:jc w:val=\"both\"/></w:pPr>");
		run(b, 0, mark, strlen(mark));
		run(b, 0, p->text, strlen(p->text));
		buf_puts(b, "</w:p>");
	}
	flush(ctx);
}

static void docx_table_begin(struct report_ctx *ctx, const struct lay_table *t)
{
	struct docx *d = ctx->wstate;
	if (!d->doc)
		return;
	struct buf *b = &ctx->wbuf;
	int used = 0;
	for (int i = 0; i < t->ncols; i++) {
		d->grid[i] = i + 1 < t->ncols ? TEXT_W * t->width[i] / 1000 : TEXT_W - used;
		used += d->grid[i];
	}
	/* tblPr children in the schema's order (CT_TblPr): width, borders, layout, margins. */
	buf_printf(b, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/>"
	              "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>"
	              "<w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>"
	              "<w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders>"
	              "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar>"
	              "</w:tblPr><w:tblGrid>",
	           TEXT_W);
	for (int i = 0; i < t->ncols; i++)
		buf_printf(b, "<w:gridCol w:w=\"%d\"/>", d->grid[i]);
	/* The heading row repeats at the top of every page (tblHeader) and is never split. */
	buf_puts(b, "</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
	for (int i = 0; i < t->ncols; i++) {
		cell_open(b, d->grid[i], "<w:vAlign w:val=\"center\"/>");
		paras(b, "center", B, t->heads[i]);
		buf_puts(b, "</w:tc>");
	}
	buf_puts(b, "</w:tr>");
	flush(ctx);
}

static void wide_row(struct report_ctx *ctx, const char *text, int style)
{
	struct buf *b = &ctx->wbuf;
	char extra[64];
	snprintf(extra, sizeof extra, "<w:gridSpan w:val=\"%d\"/>", ctx->ncols);
	buf_puts(b, "<w:tr><w:trPr><w:cantSplit/></w:trPr>");
	cell_open(b, TEXT_W, extra);
	paras(b, "left", style, text);
	buf_puts(b, "</w:tc></w:tr>");
	flush(ctx);
}

static void docx_group(struct report_ctx *ctx, const struct lay_group *g)
{
	struct docx *d = ctx->wstate;
	if (d->doc)
		wide_row(ctx, g->text, B);
}

/* A cell whose text has marked runs: paragraphs per line as paras() makes them, a removed run
 * struck through, an inserted one underlined (a citation is plain text). */
struct cell_state {
	struct buf *b;
	const char *jc;
	int style;
};

static void docx_piece(void *pctx, const char *s, size_t len, const struct lay_span *sp)
{
	struct cell_state *c = pctx;
	int style = c->style | (sp && sp->kind == SPAN_DEL ? STRIKE : sp && sp->kind == SPAN_INS ? U : 0);
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (s + i)) : len - i;
		if (n)
			run(c->b, style, s + i, n);
		i += n;
		if (nl) {
			buf_printf(c->b, "</w:p><w:p><w:pPr><w:jc w:val=\"%s\"/></w:pPr>", c->jc);
			i++;
		}
	}
}

static void docx_row(struct report_ctx *ctx, const struct lay_row *r)
{
	struct docx *d = ctx->wstate;
	if (!d->doc)
		return;
	struct buf *b = &ctx->wbuf;
	buf_puts(b, "<w:tr>");
	for (int i = 0; i < ctx->ncols; i++) {
		cell_open(b, d->grid[i], "");
		struct cell_state c = { .b = b, .jc = i < ctx->num_cols ? "center" : "left",
		                        .style = (r->emph & (1u << i)) ? B | I : 0 };
		if (r->nspans) {
			buf_printf(b, "<w:p><w:pPr><w:jc w:val=\"%s\"/></w:pPr>", c.jc);
			report_cell_walk(r, i, docx_piece, &c);
			buf_puts(b, "</w:p>");
		} else {
			paras(b, c.jc, c.style, r->cells[i]);
		}
		buf_puts(b, "</w:tc>");
	}
	buf_puts(b, "</w:tr>");
	flush(ctx);
}

static void docx_table_end(struct report_ctx *ctx, const char *empty)
{
	struct docx *d = ctx->wstate;
	if (!d->doc)
		return;
	if (empty)
		wide_row(ctx, empty, I);
	buf_puts(&ctx->wbuf, "</w:tbl>");
	flush(ctx);
}

/* ---- the package ---------------------------------------------------------------------- */

/* A chart as a table of two columns, the figure and its number, under its title. */
static void docx_chart(struct report_ctx *ctx, const struct lay_chart *c)
{
	struct docx *d = ctx->wstate;
	if (!d->doc)
		return;
	struct buf *b = &ctx->wbuf;
	int left = TEXT_W / 3, right = TEXT_W / 8;
	buf_puts(b, "<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"60\"/></w:pPr>");
	run(b, I, c->title, strlen(c->title));
	buf_puts(b, "</w:p>");
	buf_printf(b, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/>"
	              "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>"
	              "<w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>"
	              "<w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders>"
	              "<w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"%d\"/><w:gridCol w:w=\"%d\"/></w:tblGrid>",
	           left + right, left, right);
	for (size_t i = 0; i < c->n; i++) {
		char num[24];
		int len = snprintf(num, sizeof num, "%lld", (long long)c->values[i]);
		buf_puts(b, "<w:tr>");
		cell_open(b, left, "");
		buf_puts(b, "<w:p>");
		run(b, 0, c->labels[i], strlen(c->labels[i]));
		buf_puts(b, "</w:p></w:tc>");
		cell_open(b, right, "");
		buf_puts(b, "<w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr>");
		run(b, 0, num, (size_t)len);
		buf_puts(b, "</w:p></w:tc></w:tr>");
	}
	buf_puts(b, "</w:tbl><w:p/>");
	flush(ctx);
}

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/word/settings.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
	"<Override PartName=\"/word/header1.xml\" "
	"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>"
	"</Types>";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" "
	"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
	"Target=\"word/document.xml\"/></Relationships>";

static const char document_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
	"Target=\"styles.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" "
	"Target=\"settings.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" "
	"Target=\"header1.xml\"/></Relationships>";

/* Times New Roman 13 pt for every script (Vietnamese is Latin with marks), single spacing. */
static const char styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
	"w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/>"
	"<w:lang w:val=\"vi-VN\"/></w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>"
	"</w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
	"<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
	"<w:tblPr><w:tblCellMar><w:left w:w=\"108\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>"
	"</w:tblCellMar></w:tblPr></w:style>"
	"</w:styles>";

static const char settings[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:defaultTabStop w:val=\"720\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" "
	"w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>";

/* The page number, centred in the top margin (shown from the second page on: titlePg). */
static const char header1[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
	"<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:fldSimple w:instr=\" PAGE \"><w:r><w:t>2</w:t></w:r>"
	"</w:fldSimple></w:p></w:hdr>";

static void docx_discard(struct report_ctx *ctx)
{
	struct docx *d = ctx->wstate;
	if (!d)
		return;
	if (d->doc)
		fclose(d->doc);
	if (d->doc_path)
		unlink(d->doc_path);
	free(d->doc_path);
	free(d);
	ctx->wstate = NULL;
}

/* The package's entries carry the report's date, so the same report gives the same bytes. */
static time_t report_time(const struct report_ctx *ctx)
{
	struct tm tm = {0};
	if (sscanf(ctx->date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static int add_part(struct report_ctx *ctx, zip_t *z, const char *name, zip_source_t *src)
{
	if (!src) {
		report_writer_fail(ctx, _("cannot build the Word document: %s"), zip_error_strerror(zip_get_error(z)));
		return -1;
	}
	zip_int64_t i = zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(src);
		report_writer_fail(ctx, _("cannot build the Word document: %s"), zip_error_strerror(zip_get_error(z)));
		return -1;
	}
	zip_file_set_mtime(z, (zip_uint64_t)i, report_time(ctx), 0);
	return 0;
}

static void package(struct report_ctx *ctx, struct docx *d)
{
	char *zpath = NULL;
	FILE *zf = report_tmpfile(ctx, &zpath);
	if (!zf)
		return;
	fclose(zf);
	int zerr = 0;
	zip_t *z = zip_open(zpath, ZIP_TRUNCATE, &zerr);
	if (!z) {
		zip_error_t e;
		zip_error_init_with_code(&e, zerr);
		report_writer_fail(ctx, _("cannot build the Word document: %s"), zip_error_strerror(&e));
		zip_error_fini(&e);
		unlink(zpath);
		free(zpath);
		return;
	}
	static const struct {
		const char *name, *text;
	} parts[] = {
		{ "[Content_Types].xml", content_types }, { "_rels/.rels", package_rels },
		{ "word/_rels/document.xml.rels", document_rels }, { "word/styles.xml", styles },
		{ "word/settings.xml", settings }, { "word/header1.xml", header1 },
	};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < sizeof parts / sizeof *parts; i++)
		rc = add_part(ctx, z, parts[i].name, zip_source_buffer(z, parts[i].text, strlen(parts[i].text), 0));
	if (rc == 0)
		rc = add_part(ctx, z, "word/document.xml", zip_source_file(z, d->doc_path, 0, -1));
	if (rc == 0 && zip_close(z) != 0) {
		report_writer_fail(ctx, _("cannot build the Word document: %s"), zip_error_strerror(zip_get_error(z)));
		rc = -1;
	}
	if (rc != 0)
		zip_discard(z);
	else
		report_copy_file(ctx, zpath);
	unlink(zpath);
	free(zpath);
}

static void docx_end(struct report_ctx *ctx, const struct lay_sign *s)
{
	struct docx *d = ctx->wstate;
	if (d->doc) {
		struct buf *b = &ctx->wbuf;
		int left = TEXT_W / 2;
		buf_puts(b, "<w:p/>");
		plain_table_open(b, left);
		buf_puts(b, "<w:tr>");
		cell_open(b, left, "");
		buf_puts(b, "<w:p/></w:tc>");
		cell_open(b, TEXT_W - left, "");
		paras(b, "center", B, s->title);
		paras(b, "center", I, s->note);
		/* A paragraph closes the body: Word wants one after a table before the section. */
		buf_puts(b, "</w:tc></w:tr></w:tbl><w:p/>");
		buf_printf(b, "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/>"
		              "<w:pgSz w:w=\"%d\" w:h=\"%d\" w:orient=\"landscape\"/>"
		              "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\" w:header=\"567\" "
		              "w:footer=\"567\" w:gutter=\"0\"/><w:titlePg/></w:sectPr></w:body></w:document>\n",
		           PAGE_W, PAGE_H, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT);
		flush(ctx);
		if (fclose(d->doc) != 0)
			report_writer_fail(ctx, _("cannot write a temporary file: %s"), strerror(errno));
		d->doc = NULL;
		if (!ctx->wfail)
			package(ctx, d);
	}
	docx_discard(ctx);
}

const struct report_writer report_docx_writer = {
	.begin = docx_begin,
	.para = docx_para,
	.table_begin = docx_table_begin,
	.group = docx_group,
	.row = docx_row,
	.table_end = docx_table_end,
	.chart = docx_chart,
	.end = docx_end,
	.discard = docx_discard,
};
