/* csv.h — RFC 4180 CSV: a streaming reader (quoted fields, embedded newlines, CRLF or LF,
 * optional UTF-8 BOM) and field writing with spreadsheet formula neutralising. */
#ifndef GOPY_CSV_H
#define GOPY_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "gopy/buf.h"

struct csv_reader;

/* Start reading f (not closed by the reader). Never NULL (aborts on OOM). */
struct csv_reader *csv_reader_new(FILE *f);
void csv_reader_free(struct csv_reader *r);

/* Read the next record. Returns 1 and fills the fields (valid until the next call), 0 at end
 * of input, -1 on a syntax error (err_set: "line N: ..."). */
int csv_next(struct csv_reader *r, size_t *nfields, char ***fields, size_t **lens);
/* Line number (1-based) where the record last returned by csv_next starts. */
long csv_line(const struct csv_reader *r);

/* Append one field to b, quoted when needed (comma, quote, CR, LF, leading/trailing space).
 * With `neutralize`, a field starting with = + - @ TAB or CR gets a leading apostrophe. */
void csv_field(struct buf *b, const char *s, bool neutralize);

#endif
