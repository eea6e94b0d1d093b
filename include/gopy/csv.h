/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv.h — RFC 4180 CSV: a streaming reader (quoted fields, embedded newlines, CRLF or LF,
 * optional UTF-8 BOM) and field writing with spreadsheet formula neutralising. */
#ifndef GOPY_CSV_H
#define GOPY_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "gopy/buf.h"

struct csv_reader;

/* Start reading f (not closed by the reader). Never NULL (aborts on OOM). A UTF-8 BOM at
 * the very start of the input is skipped. */
struct csv_reader *csv_reader_new(FILE *f);
void csv_reader_free(struct csv_reader *r);

/* Read the next record. Returns 1 and fills the fields (valid until the next call), 0 at end
 * of input, -1 on a syntax or read error (err_set: "line N: ...", N = the line where the
 * record starts); after -1 every later call returns -1.
 * Records end at LF, CRLF or a lone CR, or at the end of input (no final newline needed);
 * empty lines between records are skipped. Each field is NUL-terminated and (*lens)[i] is
 * its length in bytes (a field may contain NUL bytes, CR and LF). Fields may be of any
 * length. A quoted field may hold , CR LF and "" (one quote); a quote inside an unquoted
 * field, anything but , or a record end after a closing quote, and a quote that is never
 * closed are errors. Bytes are passed through unchanged (no UTF-8 check). */
int csv_next(struct csv_reader *r, size_t *nfields, char ***fields, size_t **lens);
/* Line number (1-based) where the record last returned by csv_next starts. */
long csv_line(const struct csv_reader *r);

/* Append one field to b (s NULL counts as ""), quoted when needed (comma, quote, CR, LF,
 * leading/trailing space or TAB), quotes doubled. With `neutralize`, a field starting with
 * TAB or CR, or with = + - @ after any blanks (space, TAB, CR, LF), gets a leading apostrophe (inside the quotes when quoted) so that
 * spreadsheet programs do not run it as a formula. The record separator is the caller's
 * (write "\r\n" after the last field of a record). */
void csv_field(struct buf *b, const char *s, bool neutralize);

#endif
