/* SPDX-License-Identifier: GPL-3.0-or-later */
/* xlsx.c — the first worksheet of an .xlsx as rows of text cells (see office.h): shared
 * strings, inline strings, cached formula results (formulas are never evaluated), numbers
 * and dates written as a spreadsheet shows them. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/office.h"
#include "zipxml.h"

#define MAX_COLS 16384
#define MAX_ROWS 1048576

struct xlsx {
	/* workbook */
	char *sheet_rid;
	char *sheet_path;
	bool date1904;
	/* shared strings */
	char **sst;
	size_t *sst_len;
	size_t nsst;
	/* styles: whether each cell format shows a date (1) or date and time (2) */
	int *xf_date;
	size_t nxf;
	struct { int id; int kind; } *fmts;
	size_t nfmts;
	bool in_cellxfs;
	/* reading */
	struct buf text;
	bool in_t, in_rph, in_v, in_is, in_si;
	long row;                /* current row number */
	size_t col;              /* next cell's column */
	long next_row;
	char type[16];
	int style;
	size_t cur_col;
	struct buf v;            /* the <v> text or inline string of the current cell */
	struct xlsx_sheet *out;
	struct xlsx_row *cur;
	int error;
};

/* ---- workbook and relationships ----------------------------------------------------- */

static void wb_start(void *ud, enum xns ns, const char *name, const char **attrs)
{
	struct xlsx *x = ud;
	if (ns == XNS_S && strcmp(name, "sheet") == 0 && !x->sheet_rid) {
		const char *rid = xml_attr(attrs, XNS_R, "id");
		if (rid)
			x->sheet_rid = xstrdup(rid);
	} else if (ns == XNS_S && strcmp(name, "workbookPr") == 0) {
		const char *d = xml_attr(attrs, XNS_NONE, "date1904");
		x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	}
}

static void rels_start(void *ud, enum xns ns, const char *name, const char **attrs)
{
	struct xlsx *x = ud;
	if (ns != XNS_RELS || strcmp(name, "Relationship") != 0 || x->sheet_path || !x->sheet_rid)
		return;
	const char *id = xml_attr(attrs, XNS_NONE, "Id"), *target = xml_attr(attrs, XNS_NONE, "Target");
	if (!id || !target || strcmp(id, x->sheet_rid) != 0)
		return;
	struct buf b = {0};
	if (target[0] == '/')
		buf_puts(&b, target + 1);
	else
		buf_printf(&b, "xl/%s", target);
	x->sheet_path = buf_take(&b);
}

/* ---- shared strings ---------------------------------------------------------------- */

static void sst_start(void *ud, enum xns ns, const char *name, const char **attrs)
{
	(void)attrs;
	struct xlsx *x = ud;
	if (ns != XNS_S)
		return;
	if (strcmp(name, "si") == 0) {
		x->in_si = true;
		buf_reset(&x->text);
	} else if (strcmp(name, "rPh") == 0) {
		x->in_rph = true;
	} else if (strcmp(name, "t") == 0) {
		x->in_t = true;
	}
}

static void sst_end(void *ud, enum xns ns, const char *name)
{
	struct xlsx *x = ud;
	if (ns != XNS_S)
		return;
	if (strcmp(name, "si") == 0 && x->in_si) {
		x->in_si = false;
		x->sst = xrealloc(x->sst, (x->nsst + 1) * sizeof *x->sst);
		x->sst_len = xrealloc(x->sst_len, (x->nsst + 1) * sizeof *x->sst_len);
		x->sst_len[x->nsst] = x->text.len;
		x->sst[x->nsst++] = buf_take(&x->text);
	} else if (strcmp(name, "rPh") == 0) {
		x->in_rph = false;
	} else if (strcmp(name, "t") == 0) {
		x->in_t = false;
	}
}

static void text_chars(void *ud, const char *s, int len)
{
	struct xlsx *x = ud;
	if (x->in_t && !x->in_rph)
		buf_append(&x->text, s, (size_t)len);
	else if (x->in_v)
		buf_append(&x->v, s, (size_t)len);
}

/* ---- styles: which cell formats show dates ---------------------------------------- */

/* 0 not a date, 1 a date, 2 a date and a time, from a number format code. */
static int code_kind(const char *code)
{
	bool date = false, time = false, quoted = false, bracket = false;
	for (const char *p = code; *p; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '[')
			bracket = true;
		else if (*p == ']')
			bracket = false;
		else if (bracket)
			continue;
		else if (*p == '\\' && p[1])
			p++;
		else if (*p == 'y' || *p == 'Y' || *p == 'd' || *p == 'D')
			date = true;
		else if (*p == 'h' || *p == 'H' || *p == 's' || *p == 'S')
			time = true;
	}
	return date ? (time ? 2 : 1) : 0;
}

static int builtin_kind(int id)
{
	if ((id >= 14 && id <= 17) || id == 22)
		return id == 22 ? 2 : 1;
	return 0;
}

static void styles_start(void *ud, enum xns ns, const char *name, const char **attrs)
{
	struct xlsx *x = ud;
	if (ns != XNS_S)
		return;
	if (strcmp(name, "numFmt") == 0) {
		const char *id = xml_attr(attrs, XNS_NONE, "numFmtId"), *code = xml_attr(attrs, XNS_NONE, "formatCode");
		if (id && code) {
			x->fmts = xrealloc(x->fmts, (x->nfmts + 1) * sizeof *x->fmts);
			x->fmts[x->nfmts].id = atoi(id);
			x->fmts[x->nfmts++].kind = code_kind(code);
		}
	} else if (strcmp(name, "cellXfs") == 0) {
		x->in_cellxfs = true;
	} else if (strcmp(name, "xf") == 0 && x->in_cellxfs) {
		const char *id = xml_attr(attrs, XNS_NONE, "numFmtId");
		int fid = id ? atoi(id) : 0, kind = builtin_kind(fid);
		for (size_t i = 0; i < x->nfmts; i++)
			if (x->fmts[i].id == fid)
				kind = x->fmts[i].kind;
		x->xf_date = xrealloc(x->xf_date, (x->nxf + 1) * sizeof *x->xf_date);
		x->xf_date[x->nxf++] = kind;
	}
}

static void styles_end(void *ud, enum xns ns, const char *name)
{
	struct xlsx *x = ud;
	if (ns == XNS_S && strcmp(name, "cellXfs") == 0)
		x->in_cellxfs = false;
}

/* ---- the sheet ------------------------------------------------------------------------ */

/* "BC12" → column 54 (0-based), -1 when the reference has no letters. */
static long ref_col(const char *r)
{
	long c = 0;
	int n = 0;
	for (; *r >= 'A' && *r <= 'Z' && n < 4; r++, n++)
		c = c * 26 + (*r - 'A' + 1);
	return n ? c - 1 : -1;
}

/* Days since 1970-01-01 → year, month, day (Howard Hinnant's civil_from_days). */
static void civil(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void put_number(struct xlsx *x, struct buf *b, const char *s, int kind)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !isfinite(v)) {
		buf_puts(b, s);
		return;
	}
	if (kind && v >= 0 && v < 2958466) {
		/* serial days since 1899-12-30 (1900 system; Excel's phantom 1900-02-29 below 61) */
		double day = floor(v);
		int64_t days = (int64_t)day - (x->date1904 ? 24107 : 25569);
		if (!x->date1904 && day < 61)
			days += 1;
		int y, m, d;
		civil(days, &y, &m, &d);
		long secs = lround((v - day) * 86400.0);
		if (secs >= 86400)
			secs = 86399;
		if (kind == 1 || secs == 0)
			buf_printf(b, "%04d-%02d-%02d", y, m, d);
		else
			buf_printf(b, "%04d-%02d-%02dT%02ld:%02ld:%02ldZ", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
		return;
	}
	if (v == floor(v) && fabs(v) < 1e15)
		buf_printf(b, "%.0f", v);
	else
		buf_printf(b, "%.15g", v);
}

static void sheet_start(void *ud, enum xns ns, const char *name, const char **attrs)
{
	struct xlsx *x = ud;
	if (ns != XNS_S || x->error)
		return;
	if (strcmp(name, "row") == 0) {
		const char *r = xml_attr(attrs, XNS_NONE, "r");
		long n = r ? atol(r) : x->next_row;
		if (n < x->next_row || n > MAX_ROWS) {
			x->error = 1;
			return;
		}
		x->row = n;
		x->next_row = n + 1;
		x->col = 0;
		x->cur = NULL;
	} else if (strcmp(name, "c") == 0) {
		const char *r = xml_attr(attrs, XNS_NONE, "r"), *t = xml_attr(attrs, XNS_NONE, "t"),
		           *s = xml_attr(attrs, XNS_NONE, "s");
		long c = r ? ref_col(r) : (long)x->col;
		if (c < 0 || c >= MAX_COLS) {
			x->error = 2;
			return;
		}
		x->cur_col = (size_t)c;
		x->col = (size_t)c + 1;
		snprintf(x->type, sizeof x->type, "%s", t ? t : "n");
		x->style = s ? atoi(s) : 0;
		buf_reset(&x->v);
		buf_reset(&x->text);
	} else if (strcmp(name, "v") == 0) {
		x->in_v = true;
	} else if (strcmp(name, "is") == 0) {
		x->in_is = true;
	} else if (strcmp(name, "rPh") == 0) {
		x->in_rph = true;
	} else if (strcmp(name, "t") == 0 && x->in_is) {
		x->in_t = true;
	}
}

static void add_cell(struct xlsx *x, const char *s, size_t len)
{
	if (!len)
		return;
	if (!x->cur) {
		struct xlsx_sheet *o = x->out;
		o->rows = xrealloc(o->rows, (o->n + 1) * sizeof *o->rows);
		x->cur = &o->rows[o->n++];
		*x->cur = (struct xlsx_row){.number = x->row};
	}
	struct xlsx_row *r = x->cur;
	if (x->cur_col < r->n) {
		free(r->cells[x->cur_col]); /* the same cell twice: the last one counts */
	} else {
		r->cells = xrealloc(r->cells, (x->cur_col + 1) * sizeof *r->cells);
		r->lens = xrealloc(r->lens, (x->cur_col + 1) * sizeof *r->lens);
		for (size_t i = r->n; i < x->cur_col; i++) {
			r->cells[i] = xstrdup("");
			r->lens[i] = 0;
		}
		r->n = x->cur_col + 1;
	}
	r->cells[x->cur_col] = xstrndup(s, len);
	r->lens[x->cur_col] = len;
}

static void sheet_end(void *ud, enum xns ns, const char *name)
{
	struct xlsx *x = ud;
	if (ns != XNS_S || x->error)
		return;
	if (strcmp(name, "v") == 0) {
		x->in_v = false;
	} else if (strcmp(name, "is") == 0) {
		x->in_is = false;
	} else if (strcmp(name, "rPh") == 0) {
		x->in_rph = false;
	} else if (strcmp(name, "t") == 0) {
		x->in_t = false;
	} else if (strcmp(name, "c") == 0) {
		const char *v = x->v.data ? x->v.data : "";
		struct buf out = {0};
		if (strcmp(x->type, "s") == 0) {
			char *end;
			unsigned long i = strtoul(v, &end, 10);
			if (end == v || *end || i >= x->nsst) {
				x->error = 3;
				return;
			}
			add_cell(x, x->sst[i], x->sst_len[i]);
		} else if (strcmp(x->type, "inlineStr") == 0) {
			add_cell(x, x->text.data ? x->text.data : "", x->text.len);
		} else if (strcmp(x->type, "b") == 0) {
			if (x->v.len)
				add_cell(x, strcmp(v, "1") == 0 ? "TRUE" : "FALSE", strcmp(v, "1") == 0 ? 4 : 5);
		} else if (strcmp(x->type, "n") == 0 && x->v.len) {
			int kind = x->style >= 0 && (size_t)x->style < x->nxf ? x->xf_date[x->style] : 0;
			put_number(x, &out, v, kind);
			add_cell(x, out.data, out.len);
		} else {
			add_cell(x, v, x->v.len); /* str (a formula's text result), e (an error), d (ISO date) */
		}
		buf_free(&out);
	}
}

/* ---- the whole file -------------------------------------------------------------------- */

static int parse(struct zx *z, const char *part, bool required, const struct xml_handler *h)
{
	char *data = NULL;
	size_t len = 0;
	int rc = zx_read(z, part, &data, &len);
	if (rc == 1)
		return required ? err_set(_("the file has no %s part (not an Excel workbook, or damaged)"), part) : 0;
	if (rc == 0)
		rc = xml_parse(data, len, part, h);
	free(data);
	return rc;
}

void xlsx_free(struct xlsx_sheet *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		for (size_t k = 0; k < s->rows[i].n; k++)
			free(s->rows[i].cells[k]);
		free(s->rows[i].cells);
		free(s->rows[i].lens);
	}
	free(s->rows);
	*s = (struct xlsx_sheet){0};
}

int xlsx_read(const void *data, size_t len, struct xlsx_sheet *out)
{
	*out = (struct xlsx_sheet){0};
	struct zx *z = zx_open(data, len, ".xlsx");
	if (!z)
		return -1;
	struct xlsx x = {.out = out, .next_row = 1};
	int rc = 0;
	if (!zx_has(z, "xl/workbook.xml")) {
		rc = zx_has(z, "word/document.xml") || zx_has(z, "content.xml")
		         ? err_set(_("this is a text document, not a spreadsheet (save the table as .xlsx or .csv)"))
		         : err_set(_("not an Excel workbook (no xl/workbook.xml)"));
	}
	struct xml_handler wb = {.ud = &x, .start = wb_start};
	struct xml_handler rels = {.ud = &x, .start = rels_start};
	struct xml_handler sst = {.ud = &x, .start = sst_start, .end = sst_end, .text = text_chars};
	struct xml_handler styles = {.ud = &x, .start = styles_start, .end = styles_end};
	struct xml_handler sheet = {.ud = &x, .start = sheet_start, .end = sheet_end, .text = text_chars};
	if (rc == 0)
		rc = parse(z, "xl/workbook.xml", true, &wb);
	if (rc == 0)
		rc = parse(z, "xl/_rels/workbook.xml.rels", false, &rels);
	if (rc == 0 && !x.sheet_path)
		x.sheet_path = xstrdup("xl/worksheets/sheet1.xml");
	if (rc == 0)
		rc = parse(z, "xl/sharedStrings.xml", false, &sst);
	if (rc == 0)
		rc = parse(z, "xl/styles.xml", false, &styles);
	x.in_t = x.in_rph = false;
	if (rc == 0)
		rc = parse(z, x.sheet_path, true, &sheet);
	if (rc == 0 && x.error == 1)
		rc = err_set(_("the sheet's rows are out of order or beyond row %d"), MAX_ROWS);
	else if (rc == 0 && x.error == 2)
		rc = err_set(_("a cell reference of the sheet is not valid (more than %d columns?)"), MAX_COLS);
	else if (rc == 0 && x.error)
		rc = err_set(_("a cell refers to a shared string that does not exist"));
	for (size_t i = 0; i < x.nsst; i++)
		free(x.sst[i]);
	free(x.sst);
	free(x.sst_len);
	free(x.xf_date);
	free(x.fmts);
	free(x.sheet_rid);
	free(x.sheet_path);
	buf_free(&x.text);
	buf_free(&x.v);
	zx_close(z);
	if (rc != 0)
		xlsx_free(out);
	return rc;
}
