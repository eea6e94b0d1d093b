/* SPDX-License-Identifier: GPL-3.0-or-later */
/* form_xlsx.c — the comment form (phiếu góp ý) as an .xlsx for a unit to fill: one row per
 * section with its citation and the beginning of its text, input columns for the comment,
 * the unit and the person; written with libxlsxwriter. */
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
	lxw_format *label, *input;
	const char *code;
	lxw_row_t row;
	lxw_error error;
};

/* Sanitised text (no control characters, NFC) for a cell. */
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
	for (lxw_col_t c = 3; c < 6; c++)
		worksheet_write_blank(f->ws, f->row, c, f->input);
}

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
	lxw_worksheet *ws = workbook_add_worksheet(wb, _("Comments"));
	if (!ws)
		return err_set(_("cannot make the worksheet"));
	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 14);
	lxw_format *header = workbook_add_format(wb);
	format_set_bold(header);
	format_set_text_wrap(header);
	format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
	format_set_border(header, LXW_BORDER_THIN);
	format_set_bg_color(header, 0xD9E1F2);
	lxw_format *label = workbook_add_format(wb);
	format_set_text_wrap(label);
	format_set_align(label, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(label, LXW_BORDER_THIN);
	format_set_bg_color(label, 0xF2F2F2);
	lxw_format *input = workbook_add_format(wb);
	format_set_unlocked(input);
	format_set_text_wrap(input);
	format_set_align(input, LXW_ALIGN_VERTICAL_TOP);
	lxw_format *note = workbook_add_format(wb);
	format_set_italic(note);

	struct form f = {.ws = ws, .label = label, .input = input, .code = d->code};
	/* the input columns are unlocked down the sheet, so a unit may add rows of its own */
	worksheet_set_column(ws, 0, 0, 14, label);
	worksheet_set_column(ws, 1, 1, 24, label);
	worksheet_set_column(ws, 2, 2, 60, label);
	worksheet_set_column(ws, 3, 3, 60, input);
	worksheet_set_column(ws, 4, 5, 26, input);

	f.row = 0;
	struct buf b = {0};
	buf_printf(&b, _("COMMENT FORM: %s"), d->title ? d->title : d->code);
	put_text(&f, 0, b.data, title);
	buf_reset(&b);
	f.row = 1;
	buf_printf(&b, _("Draft %s. Write each comment in the Comment column of the row it is about (the first row for "
	                 "comments on the whole draft), with your unit and your name."),
	           d->code);
	put_text(&f, 0, b.data, note);
	buf_free(&b);
	f.row = HEADER_ROW;
	const char *captions[] = {_("Draft (doc)"), _("Article, clause, point (section)"), _("Text of the draft (excerpt)"),
	                          _("Comment (body)"), _("Unit (unit)"), _("Commenter (author)")};
	for (lxw_col_t c = 0; c < 6; c++)
		put_text(&f, c, captions[c], header);
	worksheet_set_row(ws, HEADER_ROW, 32, NULL);
	worksheet_freeze_panes(ws, HEADER_ROW + 1, 0);
	f.row = HEADER_ROW + 1;
	put_text(&f, 0, d->code, label);
	put_text(&f, 1, "", label);
	put_text(&f, 2, _("General comments on the whole draft"), label);
	put_inputs(&f);
	f.row++;
	if (store_section_each(st, d->id, section_row, &f) != 0)
		return -1;
	lxw_protection prot = {.format_columns = 1, .format_rows = 1};
	worksheet_protect(ws, NULL, &prot);
	if (f.error != LXW_NO_ERROR)
		return err_set(_("cannot write the form: %s"), lxw_strerror(f.error));
	return 0;
}

int form_write_xlsx(struct store *st, const char *doc_code, const char *path)
{
	struct document d;
	int rc = store_document_get(st, doc_code, &d);
	if (rc == 1)
		return err_set(_("no document with code '%s'"), doc_code);
	if (rc != 0)
		return -1;
	struct buf tmp = {0};
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	lxw_workbook *wb = workbook_new(tmp.data);
	if (!wb) {
		document_clear(&d);
		buf_free(&tmp);
		return err_set(_("cannot write %s"), path);
	}
	rc = write_form(wb, st, &d);
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
