/* SPDX-License-Identifier: GPL-3.0-or-later */
/* form_xlsx.c — spreadsheets people fill and gopy reads back, written with libxlsxwriter:
 * the comment form (phiếu góp ý) a unit fills, one row per section with its citation and
 * the beginning of its text and input columns for the comment, the unit and the person; and
 * the dispositions table the drafting team fills, one row per comment with its id and stamp
 * and input columns for the disposition (a list to pick from) and the response. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "gopy/buf.h"
#include "gopy/err.h"
#include "gopy/form.h"
#include "gopy/i18n.h"
#include "gopy/outline.h"
#include "gopy/text.h"

#define EXCERPT_BYTES 300
#define HEADER_ROW 3

struct form {
	lxw_worksheet *ws;
	lxw_format *title, *note, *header, *label, *input;
	const char *code;
	lxw_row_t row;
	lxw_col_t first_input, ncols; /* the input columns are first_input .. ncols-1 */
	lxw_error error;
};

/* Sanitised text (no control characters, NFC) for a cell, always a string cell. */
static void put_text(struct form *f, lxw_col_t col, const char *s, lxw_format *fmt)
{
	char *clean = text_sanitize_lines(s ? s : "", s ? strlen(s) : 0);
	lxw_error e = worksheet_write_string(f->ws, f->row, col, clean, fmt);
	if (e != LXW_NO_ERROR && f->error == LXW_NO_ERROR)
		f->error = e;
	free(clean);
}

/* The input cells of the current row: blank, unlocked, wrapped. */
static void put_inputs(struct form *f)
{
	for (lxw_col_t c = f->first_input; c < f->ncols; c++)
		worksheet_write_blank(f->ws, f->row, c, f->input);
}

/* The sheet, its formats and column widths, the title, the instruction and the header
 * row; f->row is left on the first data row. */
static int begin_sheet(lxw_workbook *wb, struct form *f, const char *sheet, const char *title,
                       const char *instruction, const char *const *captions, const double *widths)
{
	f->ws = workbook_add_worksheet(wb, sheet);
	if (!f->ws)
		return err_set(_("cannot make the worksheet"));
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->note = workbook_add_format(wb);
	format_set_italic(f->note);
	f->header = workbook_add_format(wb);
	format_set_bold(f->header);
	format_set_text_wrap(f->header);
	format_set_align(f->header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(f->header, LXW_BORDER_THIN);
	format_set_bg_color(f->header, 0xD9E1F2);
	f->label = workbook_add_format(wb);
	format_set_text_wrap(f->label);
	format_set_align(f->label, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(f->label, LXW_BORDER_THIN);
	format_set_bg_color(f->label, 0xF2F2F2);
	f->input = workbook_add_format(wb);
	format_set_unlocked(f->input);
	format_set_text_wrap(f->input);
	format_set_align(f->input, LXW_ALIGN_VERTICAL_TOP);
	/* the input columns are unlocked down the sheet, so rows may be added below */
	for (lxw_col_t c = 0; c < f->ncols; c++)
		worksheet_set_column(f->ws, c, c, widths[c], c >= f->first_input ? f->input : f->label);
	f->row = 0;
	put_text(f, 0, title, f->title);
	f->row = 1;
	put_text(f, 0, instruction, f->note);
	f->row = HEADER_ROW;
	for (lxw_col_t c = 0; c < f->ncols; c++)
		put_text(f, c, captions[c], f->header);
	worksheet_set_row(f->ws, HEADER_ROW, 32, NULL);
	worksheet_freeze_panes(f->ws, HEADER_ROW + 1, 0);
	f->row = HEADER_ROW + 1;
	return 0;
}

/* Protect the sheet (no password: it guards against slips, not people). */
static int end_sheet(struct form *f)
{
	lxw_protection prot = {.format_columns = 1, .format_rows = 1};
	worksheet_protect(f->ws, NULL, &prot);
	if (f->error != LXW_NO_ERROR)
		return err_set(_("cannot write the form: %s"), lxw_strerror(f->error));
	return 0;
}

/* ---- the comment form ------------------------------------------------------------------ */

/* The heading and the beginning of the body, on one line, cut at a character. */
static char *excerpt(const struct section *s)
{
	struct buf b = {0};
	if (s->heading && *s->heading)
		buf_puts(&b, s->heading);
	if (s->body && *s->body) {
		if (b.len)
			buf_putc(&b, ' ');
		buf_puts(&b, s->body);
	}
	for (size_t i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\r' || b.data[i] == '\t')
			b.data[i] = ' ';
	if (b.len > EXCERPT_BYTES) {
		size_t n = EXCERPT_BYTES;
		while (n > 0 && ((unsigned char)b.data[n] & 0xC0) == 0x80)
			n--;
		b.len = n;
		b.data[n] = '\0';
		buf_puts(&b, "…");
	}
	return buf_take(&b);
}

static int section_row(void *ctx, const struct section *s)
{
	struct form *f = ctx;
	if (s->level == LEVEL_PREAMBLE || !s->full_label || !*s->full_label)
		return 0;
	char *ex = excerpt(s);
	put_text(f, 0, f->code, f->label);
	put_text(f, 1, s->full_label, f->label);
	put_text(f, 2, ex, f->label);
	put_inputs(f);
	free(ex);
	f->row++;
	return 0;
}

static int write_form(lxw_workbook *wb, struct store *st, const struct document *d)
{
	struct form f = {.code = d->code, .first_input = 3, .ncols = 6};
	const char *captions[] = {_("Draft (doc)"), _("Article, clause, point (section)"), _("Text of the draft (excerpt)"),
	                          _("Comment (body)"), _("Unit (unit)"), _("Commenter (author)")};
	static const double widths[] = {14, 24, 60, 60, 26, 26};
	struct buf title = {0}, note = {0};
	buf_printf(&title, _("COMMENT FORM: %s"), d->title ? d->title : d->code);
	buf_printf(&note, _("Draft %s. Write each comment in the Comment column of the row it is about (the first row for "
	                    "comments on the whole draft), with your unit and your name."),
	           d->code);
	int rc = begin_sheet(wb, &f, _("Comments"), title.data, note.data, captions, widths);
	buf_free(&title);
	buf_free(&note);
	if (rc != 0)
		return -1;
	put_text(&f, 0, d->code, f.label);
	put_text(&f, 1, "", f.label);
	put_text(&f, 2, _("General comments on the whole draft"), f.label);
	put_inputs(&f);
	f.row++;
	if (store_section_each(st, d->id, section_row, &f) != 0)
		return -1;
	return end_sheet(&f);
}

/* ---- the dispositions table ----------------------------------------------------------- */

static int comment_row(void *ctx, const struct comment *c)
{
	struct form *f = ctx;
	char id[24], stamp[18];
	snprintf(id, sizeof id, "%lld", (long long)c->id);
	comment_stamp(c->edited_at, c->handled_at, stamp);
	struct buf who = {0}, body = {0};
	buf_puts(&who, c->author_name ? c->author_name : "");
	if (c->author_unit && *c->author_unit)
		buf_printf(&who, " (%s)", c->author_unit);
	for (int i = 0; i < c->depth && i < 12; i++)
		buf_puts(&body, "↳ ");
	buf_puts(&body, c->body ? c->body : "");
	put_text(f, 0, id, f->label); /* a text cell: all 19 digits stay */
	put_text(f, 1, stamp, f->label);
	put_text(f, 2, c->section_label && *c->section_label ? c->section_label : _("General"), f->label);
	put_text(f, 3, who.data, f->label);
	put_text(f, 4, body.data, f->label);
	put_text(f, 5, disposition_official(c->disposition), f->input); /* the form's Vietnamese names */
	put_text(f, 6, c->response ? c->response : "", f->input);
	buf_free(&who);
	buf_free(&body);
	f->row++;
	return 0;
}

static int write_dispositions(lxw_workbook *wb, struct store *st, const struct document *d)
{
	struct form f = {.code = d->code, .first_input = 5, .ncols = 7};
	const char *captions[] = {_("Comment id (id)"), _("Version (stamp)"), _("Article, clause, point (section)"),
	                          _("Commenter (author)"), _("Comment (body)"), _("Disposition (disposition_label)"),
	                          _("Response (response)")};
	static const double widths[] = {21, 19, 22, 28, 60, 20, 60};
	struct buf title = {0};
	buf_printf(&title, _("DISPOSITIONS: %s"), d->title ? d->title : d->code);
	int rc = begin_sheet(wb, &f, _("Dispositions"), title.data,
	                     _("Pick a disposition and write the response in the last two columns; bring the file back "
	                       "with gopy import-dispositions. Do not change the id and version columns."),
	                     captions, widths);
	buf_free(&title);
	if (rc != 0)
		return -1;
	struct comment_query q = {.doc_id = d->id, .scope = SCOPE_DOCUMENT, .order = ORDER_SECTION};
	comment_filter_init(&q.filter);
	lxw_row_t first = f.row;
	if (store_comment_each(st, &q, comment_row, &f) != 0)
		return -1;
	if (f.row > first) {
		const char *labels[DISP_COUNT + 1];
		for (int i = 0; i < DISP_COUNT; i++)
			labels[i] = disposition_official(i);
		labels[DISP_COUNT] = NULL;
		lxw_data_validation v = {
			.validate = LXW_VALIDATION_TYPE_LIST,
			.value_list = (char **)labels, /* read only, whatever the type says */
			.error_title = (char *)_("Disposition"),
			.error_message = (char *)_("Pick one of the dispositions in the list."),
		};
		worksheet_data_validation_range(f.ws, first, 5, f.row - 1, 5, &v);
	}
	return end_sheet(&f);
}

/* ---- the file -------------------------------------------------------------------------- */

/* Write the workbook beside path and rename it into place: whole or not at all. */
static int write_book(struct store *st, const char *doc_code, const char *path,
                      int (*fill)(lxw_workbook *, struct store *, const struct document *))
{
	struct document d;
	int rc = store_document_get(st, doc_code, &d);
	if (rc == 1)
		return err_set(_("no document with code '%s'"), doc_code);
	if (rc != 0)
		return -1;
	struct buf tmp = {0};
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
	lxw_workbook *wb = workbook_new_opt(tmp.data, &opt);
	if (!wb) {
		document_clear(&d);
		buf_free(&tmp);
		return err_set(_("cannot write %s"), path);
	}
	rc = fill(wb, st, &d);
	lxw_error e = workbook_close(wb);
	if (rc == 0 && e != LXW_NO_ERROR)
		rc = err_set(_("cannot write %s: %s"), path, lxw_strerror(e));
	if (rc == 0 && rename(tmp.data, path) != 0)
		rc = err_set(_("cannot write %s: %s"), path, strerror(errno));
	if (rc != 0)
		unlink(tmp.data);
	document_clear(&d);
	buf_free(&tmp);
	return rc;
}

int form_write_xlsx(struct store *st, const char *doc_code, const char *path)
{
	return write_book(st, doc_code, path, write_form);
}

int form_write_dispositions_xlsx(struct store *st, const char *doc_code, const char *path)
{
	return write_book(st, doc_code, path, write_dispositions);
}
