/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report.h — the synthesis report (bản tổng hợp, tiếp thu, giải trình ý kiến góp ý) for one
 * document, in seven formats (see ../shared/REPORT.md for the form).
 *
 * Content: header (issuer and "Số: …/BC", national motto, "<place>, ngày DD tháng MM năm
 * YYYY"), title, part I the figures of the whole document, part II the table — general
 * comments ("Góp ý chung") first and then each section in document order, one row per thread
 * root with an STT, the section as cited ("Khoản 1 Điều 2"), who commented, the comment with
 * its replies beneath it ("↳ Name (Unit): text"), the disposition as the form writes it
 * ("Tiếp thu", "Giải trình"...) and the response — part III the counts by disposition, and
 * the signature block. Deleted comments never appear; pending ones show "Chưa xử lý". Every
 * string from the database is sanitised (text_sanitize / text_sanitize_lines) and then
 * escaped for the format. txt, md, html, docx and xlsx render one layout model; csv and json
 * carry every field of every comment (see src/report/report_priv.h).
 *
 * Streams from the store (store_comment_each, ORDER_SECTION): memory does not grow with the
 * number of comments (with group_same, it is bounded by the comments of one section; docx and
 * xlsx write their parts to temporary files in $TMPDIR). The same data and options give the
 * same bytes. */
#ifndef GOPY_REPORT_H
#define GOPY_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "gopy/store.h"

#define REPORT_MIN_WIDTH 60
#define REPORT_MAX_WIDTH 1000

enum report_format { REPORT_TXT, REPORT_MD, REPORT_CSV, REPORT_HTML, REPORT_JSON, REPORT_DOCX, REPORT_XLSX,
                     REPORT_FORMAT_COUNT };

struct report_options {
	const char *doc_code;      /* required */
	enum report_format format;
	const char *date;          /* "YYYY-MM-DD" for the header; NULL: today (clock_now_iso,
	                              so GOPY_NOW fixes it) */
	const char *issuer;        /* NULL: the document's issuer, else a dotted placeholder */
	const char *place;         /* NULL: the document's place, else a dotted placeholder */
	/* Filters decide on table rows (thread roots); a row's replies follow it. The figures
	 * describe the whole document; a filtered report says it is an extract. */
	bool pending_only;         /* only rows not yet handled (disposition pending) */
	const char *section;       /* only this section (label, as store_section_find) and the
	                              sections inside it; general comments excluded */
	const char *unit;          /* only rows whose author's unit contains this (folded) */
	bool group_same;           /* merge roots of one section with identical folded text into one
	                              row listing every author (csv: they share the "row" number) */
	int version;               /* 0: comments of every version; N: only those on version N's text
	                              (and general ones), sections as in version N */
	bool audit;                /* the response cell also says who handled the comment and when */
	/* The comparison table of two versions (bản so sánh) instead of the report: for each
	 * section changed between version compare_from and compare_to, the old text, the new text
	 * (word changes marked) and the explanation (the comments absorbed, the drafting team's
	 * note); unchanged ones summed up. 0: the version before compare_to; the newest. Only
	 * the date, issuer, place and width options apply. Not in csv or json. */
	bool compare;
	int compare_from, compare_to;
	int width;                 /* txt: total line width in columns (0: 132), else
	                              REPORT_MIN_WIDTH..REPORT_MAX_WIDTH */
	/* Called every 1000 comments read and once at the end with the number of comments read
	 * so far and the document's comment count; may be NULL. It runs inside the report's
	 * read transaction: it may draw, but must not write to the database. */
	void (*progress)(void *ctx, int64_t done, int64_t total);
	void *progress_ctx;
	/* Asked (with progress_ctx) after each progress call: true stops the report, which then
	 * fails with "export cancelled" (report_write_file leaves no file). May be NULL. */
	bool (*cancel)(void *ctx);
};

/* Parse "txt", "md", "csv", "html", "json", "docx", "xlsx"; -1 if unknown. */
int report_format_parse(const char *s);
const char *report_format_name(enum report_format f);

/* Write the report to f (flushed; a write error is reported), reading one snapshot of the
 * database (a read transaction, unless the caller has one open). Returns 0, or -1 with err_set:
 * unknown document ("no document with code 'X'"), unknown section, bad date or width, a
 * database or write error. Nothing is written when the document, section or options are
 * wrong; a database or write error may leave a partial report in f. */
int report_write(struct store *st, const struct report_options *o, FILE *f);
/* Write the report to path atomically (temporary file in the same directory, fsync, rename;
 * the file gets mode 0666 & ~umask): a failure leaves no partial or temporary file and an
 * existing file untouched. Returns 0 or -1 with err_set. */
int report_write_file(struct store *st, const struct report_options *o, const char *path);

#endif
