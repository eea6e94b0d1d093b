/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_priv.h — what report.c shares with the writers report_<format>.c. Not for other
 * layers.
 *
 * One layout model, many renderers (as mandoc or lowdown do): report.c reads the document,
 * its figures and its comments and turns them into a stream of layout events — a title
 * block, paragraphs (headings, numbered and bulleted items), a table of text cells with
 * group rows, a signature block — in this fixed sequence:
 *
 *     begin  para*  table_begin  (group | row)*  table_end  para*  end
 *
 * A writer only renders and escapes what it is given: it chooses no wording and no order,
 * so txt, md, html, docx and xlsx cannot drift apart. Every string is already sanitised
 * (text_sanitize for one-line fields, text_sanitize_lines for cells, which keep LF as the
 * only control: a writer turns LF into its own line break). The data formats (csv, json)
 * read the comments a row carries (lay_row.data, .replies) and ignore the layout.
 *
 * Streaming: a row is emitted when its thread is complete, so a writer holds at most one
 * row; the whole table is never in memory. Writers print to ctx->f and do not check each
 * write: report.c checks ferror() at the end; a writer whose own library fails calls
 * report_writer_fail() (the report then fails with that message). */
#ifndef GOPY_REPORT_PRIV_H
#define GOPY_REPORT_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "gopy/buf.h"
#include "gopy/merge.h"
#include "gopy/report.h"
#include "gopy/store.h"

#define LAY_COLS 5             /* STT, section, who, comment, disposition */

/* One comment, an owned and sanitised copy of the store's record. */
struct report_entry {
	gid id, section_id, parent_id, root_id;
	int depth;                 /* 0 for a thread root */
	int disposition;           /* enum disposition */
	char *author_code, *author_name, *author_unit; /* unit "" when none */
	char *body;                /* multi-line (LF) */
	char *quote;               /* "" when none */
	char *quote_now;           /* a comment of an earlier version: where its quote is in the
	                              newest version, in the report's Vietnamese; "" otherwise */
	char *created_at, *edited_at; /* edited_at "" when never edited */
	char *response;            /* "" when none; multi-line */
	char *handler, *handled_at; /* "" when never handled */
	char *entered_by;          /* who typed it for the author (a secretary), "" when the author did */
	char *section_label;       /* "Chung" (translated) for general comments */
	int64_t section_position;  /* -1 for general comments */
};

/* A row of the table: a thread root, or with --group-same several roots of one section whose
 * folded text is identical (m[0] is the first of them, the one whose text is shown). */
struct report_row {
	size_t n;                  /* >= 1 */
	const struct report_entry *m;
	int64_t number;            /* 1, 2, 3 ... across the whole table */
};

/* A group of the table: general comments ("Chung") or one section. */
struct report_group {
	gid section_id;            /* 0 for the general group */
	const char *label;         /* "Chung" or the cited label ("khoản 1 Điều 3") */
	const char *heading;       /* the section heading, "" when none */
	int64_t number;            /* 1, 2, 3 ... */
};

struct report_writer;

/* A citation of the report (round.h): where a comment's handling went, sorted by comment id. */
struct report_cite {
	gid comment_id, section_id;
	char *where;               /* sanitised: "khoản 2 Điều 8 dự thảo lần 3" */
};

struct report_ctx {
	const struct report_options *o;
	const struct report_writer *w;
	FILE *f;
	struct document doc;       /* owned, sanitised */
	const char *doc_title_upper; /* the title in capitals, for the heading */
	const char *issuer;        /* sanitised: option, document, or a placeholder */
	const char *place;         /* sanitised: option, document, or a placeholder */
	char date[11];             /* YYYY-MM-DD */
	const char *date_line;     /* "<place>, ngày DD tháng MM năm YYYY" */
	const char *filter_note;   /* "" when no filter, else a one-line description */
	struct report_figures fig;
	char *silent_units;        /* sanitised "A; B": the listed units that did not answer; "" */
	/* Filled while streaming, final in end(): */
	int64_t counts[DISP_COUNT]; /* rows' comments (thread roots) by disposition */
	int64_t n_rows, n_shown;   /* rows written, thread roots in them */
	int64_t n_replies_shown;
	/* Scratch state of the writer (report.c frees the buffers and wfail): */
	struct buf wbuf;           /* working text */
	int64_t wrow;              /* rows or groups written (json) */
	int64_t wn;                /* items written in the current list (json) */
	int ncols;                 /* columns of the table (from table_begin) */
	int num_cols;              /* the first num_cols columns hold numbers (STT) */
	int wcol[LAY_COLS];        /* column widths (txt) */
	void *wstate;              /* a writer's own state (docx, xlsx), freed by its end() */
	char *wfail;               /* report_writer_fail's message */
	/* Citations (round.h) of the document's comments, and the cited sections the rows shown
	 * link to, in order of first use (the appendix lists them). */
	struct report_cite *cites;
	size_t ncites;
	gid *cited;
	size_t ncited, capcited;
};

/* ---- the layout model ------------------------------------------------------------------ */

/* The title block of the form (Decree 30/2020/NĐ-CP): two columns, then the title. */
struct lay_head {
	const char *issuer;        /* left, bold capitals */
	const char *number;        /* left, "Số:      /BC" */
	const char *motto1;        /* right, bold capitals */
	const char *motto2;        /* right, bold, underlined */
	const char *date_line;     /* right, italic: "<place>, ngày DD tháng MM năm YYYY" */
	const char *title1, *title2; /* centred, bold capitals */
	const char *note;          /* centred, italic: what an extract holds; "" for none */
	const char *sheet;         /* xlsx: the sheet's name */
};

enum lay_para_kind {
	LAY_HEADING,               /* a part heading: "I. TÌNH HÌNH LẤY Ý KIẾN" (bold) */
	LAY_NUMBERED,              /* an item "N. text" */
	LAY_BULLET,                /* an item "- text" */
};

struct lay_para {
	enum lay_para_kind kind;
	int64_t number;            /* LAY_NUMBERED: 1, 2, 3 ... */
	const char *text;
	gid anchor;                /* nonzero: a target of links (html: id="s<anchor>") */
};

struct lay_table {
	int ncols;
	const char *const *heads;  /* ncols column headings */
	const int *width;          /* ncols relative widths, per mille of the table */
	int num_cols;              /* the first num_cols columns hold numbers (STT: centred); the
	                              others text (wrapped, left-aligned) */
	bool comment_rows;         /* rows carry comments (lay_row.data): xlsx adds the result and
	                              the ids columns */
};

/* A row across the whole table: a group of comments ("Góp ý chung", a section). */
struct lay_group {
	const char *text;
	const struct report_group *data;
};

/* A marked run of a cell's text: a change between two versions, or a link to an anchor. */
enum lay_span_kind {
	SPAN_DEL,                  /* text removed (html <del>, docx strike, txt "[-…-]") */
	SPAN_INS,                  /* text inserted (html <ins>, docx underline, txt "{+…+}") */
	SPAN_LINK,                 /* a citation: html links it to the paragraph with that anchor */
};

struct lay_span {
	int cell;
	size_t off, len;           /* bytes of the cell's text; never across a LF for a link */
	enum lay_span_kind kind;
	gid target;                /* SPAN_LINK: the anchor */
};

struct lay_row {
	const char *const *cells;  /* ncols cells, lines separated by LF */
	const struct lay_span *spans; /* sorted by cell then offset, not overlapping; may be NULL */
	size_t nspans;
	unsigned emph;             /* bit i: cell i stands out (a comment not yet handled) */
	const char *status;        /* the row's disposition as the form writes it ("Tiếp thu"; one
	                              per member, "; "-separated, when a merged row's differ) */
	const struct report_row *data; /* the row's thread roots */
	const struct report_entry *replies; /* their replies in thread order */
	size_t nreplies;
};

/* Figures drawn as a small bar chart (html: inline SVG; docx: a table), after the paragraphs
 * that give the same numbers in words; writers without a chart skip it. */
struct lay_chart {
	const char *title;
	size_t n;
	const char *const *labels; /* n labels */
	const int64_t *values;     /* n values, >= 0 */
};

struct lay_sign {
	const char *title;         /* bold: ĐẠI DIỆN CƠ QUAN CHỦ TRÌ */
	const char *note;          /* italic: (Ký tên, đóng dấu) */
};

/* Any member may be NULL (the writer has nothing to do for that event). */
struct report_writer {
	void (*begin)(struct report_ctx *ctx, const struct lay_head *h);
	void (*para)(struct report_ctx *ctx, const struct lay_para *p);
	void (*table_begin)(struct report_ctx *ctx, const struct lay_table *t);
	void (*group)(struct report_ctx *ctx, const struct lay_group *g);
	void (*row)(struct report_ctx *ctx, const struct lay_row *r);
	/* empty: the sentence for a table without rows, NULL when it has rows. */
	void (*table_end)(struct report_ctx *ctx, const char *empty);
	void (*chart)(struct report_ctx *ctx, const struct lay_chart *c);
	/* The last event: finish the output and release the writer's state. */
	void (*end)(struct report_ctx *ctx, const struct lay_sign *s);
	/* The report failed after begin (a database error): release the writer's state and
	 * temporary files; end() will not be called. */
	void (*discard)(struct report_ctx *ctx);
};

/* A writer's library failed: keep the first message; report_write then fails with it. */
void report_writer_fail(struct report_ctx *ctx, const char *fmt, ...);
/* Write buffer b to ctx->f and empty it. */
void report_flush(struct report_ctx *ctx, struct buf *b);
/* A temporary file in $TMPDIR (or /tmp), opened "w+" and already unlinked from nothing:
 * *path (owned) names it so a library can read it; the caller unlinks and frees it. */
FILE *report_tmpfile(struct report_ctx *ctx, char **path);
/* Copy the file at path to ctx->f. */
void report_copy_file(struct report_ctx *ctx, const char *path);
/* Walk cell `cell` of row r as pieces: piece() gets each run of text with the span that marks
 * it, or NULL for unmarked text. */
void report_cell_walk(const struct lay_row *r, int cell, void (*piece)(void *pctx, const char *s, size_t len,
                                                                           const struct lay_span *sp),
                      void *pctx);
/* Cell `cell` of row r with the changes marked by the given texts around them (links left
 * unmarked); owned. */
char *report_cell_marked(const struct lay_row *r, int cell, const char *del_open, const char *del_close,
                         const char *ins_open, const char *ins_close);

/* report.c's text helpers: sanitised copies of one-line (san) and multi-line (san_lines)
 * fields, capitals, the first letter in capitals, and a paragraph event. */
char *report_san(const char *s);
char *report_san_lines(const char *s);
char *report_upper(const char *s);
void report_cap_first(struct buf *b, const char *s);
void report_para(struct report_ctx *ctx, enum lay_para_kind kind, int64_t number, const char *text);
/* "dự thảo lần 3": a version's label as a phrase after a section's label (owned). */
char *report_version_phrase(int version, const char *label);
/* The comparison table (compare.c): the layout model of `gopy export --compare`, from begin()
 * to end() (a writer's state is released whatever happens). 0, or -1 with err_set. */
int report_compare(struct store *st, struct report_ctx *ctx);

extern const struct report_writer report_txt_writer;
extern const struct report_writer report_md_writer;
extern const struct report_writer report_csv_writer;
extern const struct report_writer report_html_writer;
extern const struct report_writer report_json_writer;
extern const struct report_writer report_docx_writer;
extern const struct report_writer report_xlsx_writer;

#endif
