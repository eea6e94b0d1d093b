/* report.h — the synthesis report (bản tổng hợp, tiếp thu, giải trình ý kiến góp ý) for one
 * document, in five formats. Streams from the store: memory does not grow with the number
 * of comments. The same data and options give the same bytes. */
#ifndef GOPY_REPORT_H
#define GOPY_REPORT_H

#include <stdbool.h>
#include <stdio.h>
#include "gopy/store.h"

#define REPORT_MIN_WIDTH 60
#define REPORT_MAX_WIDTH 1000

enum report_format { REPORT_TXT, REPORT_MD, REPORT_CSV, REPORT_HTML, REPORT_JSON, REPORT_FORMAT_COUNT };

struct report_options {
	const char *doc_code;      /* required */
	enum report_format format;
	const char *date;          /* "YYYY-MM-DD" for the header; NULL: today (clock_now_iso) */
	const char *issuer;        /* NULL: the document's issuer, else a placeholder */
	const char *place;         /* NULL: the document's place */
	bool pending_only;         /* only comments not yet handled */
	const char *section;       /* only this section (label, as store_section_find) and below */
	const char *unit;          /* only comments from units matching this (folded substring) */
	bool group_same;           /* merge root comments with identical (folded) text into one row */
	int width;                 /* txt: total line width in columns (0: 132), else
	                              REPORT_MIN_WIDTH..REPORT_MAX_WIDTH */
	/* Called now and then with the number of comments written so far; may be NULL. */
	void (*progress)(void *ctx, int64_t done, int64_t total);
	void *progress_ctx;
};

/* Parse "txt", "md", "csv", "html", "json"; -1 if unknown. */
int report_format_parse(const char *s);
const char *report_format_name(enum report_format f);

/* Write the report to f. */
int report_write(struct store *st, const struct report_options *o, FILE *f);
/* Write the report to path atomically (temporary file in the same directory, fsync, rename):
 * a failure leaves no partial file and an existing file untouched. */
int report_write_file(struct store *st, const struct report_options *o, const char *path);

#endif
