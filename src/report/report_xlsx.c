/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_xlsx.c — the report's comment table as a spreadsheet (Office Open XML, written by
 * libxlsxwriter) for the drafting team to sort, filter and fill: one sheet, the heading row
 * frozen and filtered, column widths set, every cell wrapped and top-aligned, Times New Roman
 * 13 pt. The table's columns, then "KẾT QUẢ XỬ LÝ" (the disposition as the form writes it,
 * for the filter) and "MÃ Ý KIẾN" (the ids of the row's comments, as text: a spreadsheet
 * would round 63-bit numbers). Group rows are left out: every row names its section.
 *
 * Memory stays flat: libxlsxwriter's constant_memory mode writes each row to a temporary
 * file as soon as the next one starts; the workbook is then copied to the output.
 *
 * Safety: data is written with worksheet_write_string only, so a text starting with "="
 * (or "+", "-", "@") stays a string and is never a formula; libxlsxwriter escapes the XML.
 * Only the STT is a number. */
#include "report_priv.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "gopy/i18n.h"

#define XLSX_COLS (LAY_COLS + 2)

struct xlsx {
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *head, *cell, *num, *emph;
	lxw_format *del, *ins;     /* fonts of removed and inserted runs (rich strings) */
	bool extras;               /* the result and ids columns (rows that carry comments) */
	char *path;
	lxw_row_t row;             /* the next row to write */
	struct buf ids;
};

/* Widths in characters of the default font: STT, section, who, comment, disposition,
 * result, ids. */
static const double widths[XLSX_COLS] = { 6, 18, 24, 60, 45, 16, 22 };

static lxw_format *format(lxw_workbook *wb, bool bold, bool italic, bool centre)
{
	lxw_format *f = workbook_add_format(wb);
	format_set_font_name(f, "Times New Roman");
	format_set_font_size(f, 13);
	format_set_text_wrap(f);
	format_set_align(f, centre ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(f, LXW_BORDER_THIN);
	if (bold)
		format_set_bold(f);
	if (italic)
		format_set_italic(f);
	return f;
}

static void xlsx_discard(struct report_ctx *ctx)
{
	struct xlsx *x = ctx->wstate;
	if (!x)
		return;
	if (x->wb)
		workbook_close(x->wb); /* frees it; the file is removed below */
	if (x->path)
		unlink(x->path);
	free(x->path);
	buf_free(&x->ids);
	free(x);
	ctx->wstate = NULL;
}

static void xlsx_begin(struct report_ctx *ctx, const struct lay_head *h)
{
	(void)h;
	struct xlsx *x = xcalloc(1, sizeof *x);
	ctx->wstate = x;
	FILE *f = report_tmpfile(ctx, &x->path);
	if (!f)
		return;
	fclose(f);
	const char *dir = getenv("TMPDIR");
	/* ZIP64 only when the sheet may pass 4 GiB: older Excel versions refuse it otherwise. */
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = (char *)(dir && dir[0] ? dir : "/tmp"),
	                             .use_zip64 = ctx->doc.n_comments > 200000 ? LXW_TRUE : LXW_FALSE };
	x->wb = workbook_new_opt(x->path, &opt);
	if (!x->wb) {
		report_writer_fail(ctx, _("cannot create the spreadsheet"));
		return;
	}
	x->ws = workbook_add_worksheet(x->wb, h->sheet ? h->sheet : "Tổng hợp góp ý");
	x->head = format(x->wb, true, false, true);
	x->cell = format(x->wb, false, false, false);
	x->num = format(x->wb, false, false, true);
	x->emph = format(x->wb, true, true, false);
	x->del = format(x->wb, false, false, false);
	format_set_font_strikeout(x->del);
	x->ins = format(x->wb, false, false, false);
	format_set_underline(x->ins, LXW_UNDERLINE_SINGLE);
	/* The same report gives the same bytes: the workbook is dated by the report. */
	struct tm tm = {0};
	if (sscanf(ctx->date, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		tm.tm_hour = 12;
		lxw_doc_properties props = { .title = (char *)h->title1, .created = timegm(&tm) };
		workbook_set_properties(x->wb, &props);
	}
}

static void xlsx_table_begin(struct report_ctx *ctx, const struct lay_table *t)
{
	struct xlsx *x = ctx->wstate;
	if (!x->ws)
		return;
	x->extras = t->comment_rows;
	/* Another table than the report's: widths from its proportions, of about 170 characters. */
	for (int i = 0; i < (x->extras ? XLSX_COLS : t->ncols); i++)
		worksheet_set_column(x->ws, (lxw_col_t)i, (lxw_col_t)i, x->extras ? widths[i] : 170.0 * t->width[i] / 1000,
		                     NULL);
	for (int i = 0; i < t->ncols; i++)
		worksheet_write_string(x->ws, 0, (lxw_col_t)i, t->heads[i], x->head);
	if (x->extras) {
		worksheet_write_string(x->ws, 0, LAY_COLS, "KẾT QUẢ XỬ LÝ", x->head);
		worksheet_write_string(x->ws, 0, LAY_COLS + 1, "MÃ Ý KIẾN", x->head);
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	x->row = 1;
}

/* A cell with marked runs as a rich string: removed runs struck through, inserted ones
 * underlined. 0, or -1 when it cannot be one (a single run: then it is written plain). */
struct rich {
	struct xlsx *x;
	lxw_rich_string_tuple *v;
	size_t n, cap;
};

static void rich_piece(void *pctx, const char *s, size_t len, const struct lay_span *sp)
{
	struct rich *r = pctx;
	if (!len)
		return;
	if (r->n + 1 >= r->cap) {
		r->cap = r->cap ? 2 * r->cap : 8;
		r->v = xrealloc(r->v, r->cap * sizeof *r->v);
	}
	r->v[r->n++] = (lxw_rich_string_tuple){
		.format = sp && sp->kind == SPAN_DEL ? r->x->del : sp && sp->kind == SPAN_INS ? r->x->ins : r->x->cell,
		.string = xstrndup(s, len),
	};
}

static int write_rich(struct xlsx *x, lxw_row_t y, int col, const struct lay_row *r)
{
	struct rich rs = { .x = x };
	report_cell_walk(r, col, rich_piece, &rs);
	int rc = -1;
	if (rs.n >= 2) {
		lxw_rich_string_tuple **p = xcalloc(rs.n + 1, sizeof *p);
		for (size_t i = 0; i < rs.n; i++)
			p[i] = &rs.v[i];
		rc = worksheet_write_rich_string(x->ws, y, (lxw_col_t)col, p, x->cell) == LXW_NO_ERROR ? 0 : -1;
		free(p);
	}
	for (size_t i = 0; i < rs.n; i++)
		free(rs.v[i].string);
	free(rs.v);
	return rc;
}

static void xlsx_row(struct report_ctx *ctx, const struct lay_row *r)
{
	struct xlsx *x = ctx->wstate;
	if (!x->ws)
		return;
	if (x->row >= LXW_ROW_MAX) {
		report_writer_fail(ctx, _("the table has more rows than a spreadsheet holds (%d); export part of it with "
		                          "--section or --unit"), LXW_ROW_MAX - 1);
		return;
	}
	lxw_row_t y = x->row++;
	for (int i = 0; i < ctx->ncols; i++) {
		if (i < ctx->num_cols)
			worksheet_write_number(x->ws, y, (lxw_col_t)i, r->data ? (double)r->data->number : strtod(r->cells[i], NULL),
			                       x->num);
		else if (!r->nspans || write_rich(x, y, i, r) != 0)
			worksheet_write_string(x->ws, y, (lxw_col_t)i, r->cells[i], (r->emph & (1u << i)) ? x->emph : x->cell);
	}
	if (!x->extras)
		return;
	worksheet_write_string(x->ws, y, LAY_COLS, r->status, x->cell);
	buf_reset(&x->ids);
	buf_puts(&x->ids, "");
	for (size_t i = 0; i < r->data->n; i++)
		buf_printf(&x->ids, "%s%lld", i ? "\n" : "", (long long)r->data->m[i].id);
	worksheet_write_string(x->ws, y, LAY_COLS + 1, x->ids.data, x->cell);
}

static void xlsx_end(struct report_ctx *ctx, const struct lay_sign *s)
{
	(void)s;
	struct xlsx *x = ctx->wstate;
	if (x->ws) {
		worksheet_autofilter(x->ws, 0, 0, x->row - 1, x->extras ? XLSX_COLS - 1 : (lxw_col_t)(ctx->ncols - 1));
		lxw_error e = workbook_close(x->wb);
		x->wb = NULL;
		if (e != LXW_NO_ERROR)
			report_writer_fail(ctx, _("cannot write the spreadsheet: %s"), lxw_strerror(e));
		else
			report_copy_file(ctx, x->path);
	}
	xlsx_discard(ctx);
}

const struct report_writer report_xlsx_writer = {
	.begin = xlsx_begin,
	.table_begin = xlsx_table_begin,
	.row = xlsx_row,
	.end = xlsx_end,
	.discard = xlsx_discard,
};
