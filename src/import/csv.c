/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv.c — RFC 4180 CSV reader and field writer (see csv.h).
 *
 * The reader pulls 256 KiB blocks with fread() and scans them in place; the bytes of the
 * current record's fields are collected in one growing buffer (each field NUL-terminated)
 * and the field pointers are built when the record is complete. */
#include "gopy/csv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"

#define CSV_BLOCK (256 * 1024)

struct csv_reader {
	FILE *f;            /* input, not owned */
	char *blk;          /* current block of input */
	size_t pos, end;    /* unread bytes are blk[pos..end) */
	bool eof;           /* fread() reported end of file (or an error, see failed) */
	bool failed;        /* a read error or a syntax error was reported; stays failed */
	bool started;       /* the BOM check was done */
	long line;          /* current line number (1-based) of the scanner */
	long rec_line;      /* line where the last returned record starts */
	struct buf data;    /* the fields' bytes, each followed by a NUL */
	size_t *starts;     /* offset of each field in data */
	size_t nf, capf;    /* fields in the current record, capacity of starts/ptrs/lens */
	char **ptrs;        /* field pointers handed out by csv_next */
	size_t *lens;       /* field lengths handed out by csv_next */
};

struct csv_reader *csv_reader_new(FILE *f)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->f = f;
	r->blk = xmalloc(CSV_BLOCK);
	r->line = 1;
	return r;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	free(r->blk);
	buf_free(&r->data);
	free(r->starts);
	free(r->ptrs);
	free(r->lens);
	free(r);
}

long csv_line(const struct csv_reader *r) { return r->rec_line; }

/* Make at least one unread byte available. Returns true if there is one, false at end of
 * input or on a read error (then failed is set and the error recorded). */
static bool fill(struct csv_reader *r)
{
	if (r->pos < r->end)
		return true;
	if (r->eof)
		return false;
	r->pos = r->end = 0;
	size_t got = fread(r->blk, 1, CSV_BLOCK, r->f);
	r->end = got;
	if (got < CSV_BLOCK) {
		r->eof = true;
		if (ferror(r->f)) {
			r->failed = true;
			err_set(_("line %ld: read error: %s"), r->line, strerror(errno ? errno : EIO));
			return false;
		}
	}
	return got > 0;
}

/* Start a new field at the end of data. */
static void field_begin(struct csv_reader *r)
{
	if (r->nf == r->capf) {
		r->capf = r->capf ? r->capf * 2 : 16;
		r->starts = xrealloc(r->starts, r->capf * sizeof *r->starts);
		r->ptrs = xrealloc(r->ptrs, r->capf * sizeof *r->ptrs);
		r->lens = xrealloc(r->lens, r->capf * sizeof *r->lens);
	}
	r->starts[r->nf++] = r->data.len;
}

/* Close the current field: record its length and terminate it. */
static void field_end(struct csv_reader *r)
{
	r->lens[r->nf - 1] = r->data.len - r->starts[r->nf - 1];
	buf_putc(&r->data, '\0');
}

/* Consume a record end (LF, CRLF or a lone CR) at pos; the caller saw CR or LF there. */
static void eat_newline(struct csv_reader *r)
{
	char c = r->blk[r->pos++];
	if (c == '\r' && fill(r) && r->blk[r->pos] == '\n')
		r->pos++;
	r->line++;
}

/* Read a quoted field; pos is just after the opening quote. Returns 0 at the end of the
 * field (pos at the separator, record end or end of input), -1 on error. */
static int read_quoted(struct csv_reader *r)
{
	for (;;) {
		if (!fill(r)) {
			if (!r->failed)
				err_set(_("line %ld: quoted field is not closed (missing \")"), r->rec_line);
			r->failed = true;
			return -1;
		}
		const char *p = r->blk + r->pos, *e = r->blk + r->end;
		const char *q = memchr(p, '"', (size_t)(e - p));
		const char *stop = q ? q : e;
		for (const char *s = p; s < stop; s++) /* count lines inside the field */
			if (*s == '\n')
				r->line++;
		buf_append(&r->data, p, (size_t)(stop - p));
		r->pos = (size_t)(stop - r->blk);
		if (!q)
			continue;
		r->pos++; /* the quote */
		if (!fill(r))
			return r->failed ? -1 : 0;
		char c = r->blk[r->pos];
		if (c == '"') {
			buf_putc(&r->data, '"');
			r->pos++;
		} else if (c == ',' || c == '\n' || c == '\r') {
			return 0;
		} else {
			r->failed = true;
			return err_set(_("line %ld: unexpected character after a closing quote "
			                 "(a quote inside a quoted field must be doubled)"), r->rec_line);
		}
	}
}

/* Read an unquoted field up to the separator, record end or end of input. */
static int read_plain(struct csv_reader *r)
{
	while (fill(r)) {
		const char *p = r->blk + r->pos, *e = r->blk + r->end, *s = p;
		while (s < e && *s != ',' && *s != '\n' && *s != '\r' && *s != '"')
			s++;
		buf_append(&r->data, p, (size_t)(s - p));
		r->pos = (size_t)(s - r->blk);
		if (s == e)
			continue;
		if (*s == '"') {
			r->failed = true;
			return err_set(_("line %ld: quote in the middle of an unquoted field "
			                 "(quote the whole field and double the quote)"), r->rec_line);
		}
		return 0;
	}
	return r->failed ? -1 : 0;
}

int csv_next(struct csv_reader *r, size_t *nfields, char ***fields, size_t **lens)
{
	*nfields = 0;
	*fields = NULL;
	*lens = NULL;
	if (r->failed)
		return -1;
	if (!r->started) {
		r->started = true;
		/* fread() fills the first block unless the input is shorter: a BOM is never split */
		if (fill(r) && r->end - r->pos >= 3 && memcmp(r->blk + r->pos, "\xEF\xBB\xBF", 3) == 0)
			r->pos += 3;
		if (r->failed)
			return -1;
	}
	/* skip blank lines between records */
	while (fill(r) && (r->blk[r->pos] == '\n' || r->blk[r->pos] == '\r'))
		eat_newline(r);
	if (r->failed)
		return -1;
	if (r->pos >= r->end)
		return 0;

	r->rec_line = r->line;
	buf_reset(&r->data);
	r->nf = 0;
	for (;;) {
		field_begin(r);
		int rc;
		if (fill(r) && r->blk[r->pos] == '"') {
			r->pos++;
			rc = read_quoted(r);
		} else {
			rc = r->failed ? -1 : read_plain(r);
		}
		if (rc < 0)
			return -1;
		field_end(r);
		if (!fill(r))
			break; /* end of input ends the record */
		char c = r->blk[r->pos];
		if (c == ',') {
			r->pos++;
			continue;
		}
		eat_newline(r); /* read_* stop only at ',', CR, LF or the end */
		break;
	}
	if (r->failed)
		return -1;
	for (size_t i = 0; i < r->nf; i++)
		r->ptrs[i] = r->data.data + r->starts[i];
	*nfields = r->nf;
	*fields = r->ptrs;
	*lens = r->lens;
	return 1;
}

void csv_field(struct buf *b, const char *s, bool neutralize)
{
	if (!s)
		s = "";
	size_t n = strlen(s);
	/* Spreadsheets skip blanks before a formula: look past them (a tab or CR alone is enough) */
	size_t blank = strspn(s, " \t\r\n");
	bool prefix = neutralize && n > 0 && (strchr("\t\r", s[0]) || (s[blank] && strchr("=+-@", s[blank])));
	bool quote = strpbrk(s, ",\"\r\n") != NULL ||
	             (n > 0 && (s[0] == ' ' || s[n - 1] == ' ' || s[0] == '\t' || s[n - 1] == '\t'));
	if (!quote && !prefix) {
		buf_append(b, s, n);
		return;
	}
	buf_reserve(b, n + 4);
	if (quote)
		buf_putc(b, '"');
	if (prefix)
		buf_putc(b, '\'');
	for (const char *p = s;;) {
		const char *q = quote ? strchr(p, '"') : NULL;
		if (!q) {
			buf_puts(b, p);
			break;
		}
		buf_append(b, p, (size_t)(q - p) + 1);
		buf_putc(b, '"'); /* double the quote */
		p = q + 1;
	}
	if (quote)
		buf_putc(b, '"');
}
