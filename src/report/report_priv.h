/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_priv.h — what report.c (the model and the streaming) shares with the writers
 * report_txt.c, report_md.c, report_csv.c, report_html.c and report_json.c. Not for other
 * layers.
 *
 * report.c reads the document, its figures and its comments, and drives one writer through
 * a fixed sequence of calls:
 *
 *     begin  (group  (row  reply*  row_end)+  group_end)*  end
 *
 * Every string a writer receives is already sanitised (text_sanitize for one-line fields,
 * text_sanitize_lines for bodies and responses, which keep LF as the only control), so a
 * writer only has to apply its own format's escaping. Writers print to ctx->f and do not
 * check each write: report.c checks ferror() at the end. */
#ifndef GOPY_REPORT_PRIV_H
#define GOPY_REPORT_PRIV_H

#include <stdint.h>
#include <stdio.h>
#include "gopy/buf.h"
#include "gopy/report.h"
#include "gopy/store.h"

/* One comment, an owned and sanitised copy of the store's record. */
struct report_entry {
	gid id, section_id, parent_id, root_id;
	int depth;                 /* 0 for a thread root */
	int disposition;           /* enum disposition */
	char *author_code, *author_name, *author_unit; /* unit "" when none */
	char *body;                /* multi-line (LF) */
	char *quote;               /* "" when none */
	char *created_at, *edited_at; /* edited_at "" when never edited */
	char *response;            /* "" when none; multi-line */
	char *handler, *handled_at; /* "" when never handled */
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

/* Figures of the whole document (not affected by the filters). */
struct report_figures {
	int64_t delegates;         /* persons consulted: delegates other than secretaries/editors */
	int64_t units;             /* distinct units of those */
	int64_t roots;             /* comments received (thread roots, not deleted) */
	int64_t replies;           /* replies, not deleted */
	int64_t authors;           /* distinct persons who commented */
	int64_t units_commented;   /* distinct units that commented */
	int64_t units_silent;      /* units consulted that did not comment */
};

struct report_ctx {
	const struct report_options *o;
	FILE *f;
	struct document doc;       /* owned, sanitised */
	const char *doc_title_upper; /* the title in capitals, for the heading */
	const char *issuer;        /* sanitised: option, document, or a placeholder */
	const char *place;         /* sanitised: option, document, or a placeholder */
	char date[11];             /* YYYY-MM-DD */
	const char *date_line;     /* "<place>, ngày DD tháng MM năm YYYY" */
	const char *filter_note;   /* "" when no filter, else a one-line description */
	struct report_figures fig;
	/* Filled while streaming, final in end(): */
	int64_t counts[DISP_COUNT]; /* rows' comments (thread roots) by disposition */
	int64_t n_rows, n_shown;   /* rows written, thread roots in them */
	int64_t n_replies_shown;
	/* Scratch state of the writer (report.c frees the buffers): */
	struct buf wbuf;           /* working text */
	struct buf wcell;          /* a cell kept for row_end (md, html) */
	int64_t wrow;              /* number of the current row */
	int64_t wn;                /* items written in the current list (json) */
	int wcol[4];               /* column widths (txt) */
};

struct report_writer {
	void (*begin)(struct report_ctx *ctx);
	void (*group)(struct report_ctx *ctx, const struct report_group *g);
	void (*row)(struct report_ctx *ctx, const struct report_row *r);
	/* A reply under the current row, in thread order; e->depth >= 1 (1 = direct reply). */
	void (*reply)(struct report_ctx *ctx, const struct report_entry *e);
	void (*row_end)(struct report_ctx *ctx);
	void (*group_end)(struct report_ctx *ctx);
	void (*end)(struct report_ctx *ctx);
};

extern const struct report_writer report_txt_writer;
extern const struct report_writer report_md_writer;
extern const struct report_writer report_csv_writer;
extern const struct report_writer report_html_writer;
extern const struct report_writer report_json_writer;

/* ---- fixed texts of the form, shared by every writer ----------------------------------- */

const char *report_motto1(void);      /* CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM */
const char *report_motto2(void);      /* Độc lập - Tự do - Hạnh phúc */
const char *report_title1(void);      /* BẢN TỔNG HỢP, GIẢI TRÌNH, TIẾP THU Ý KIẾN GÓP Ý */
/* "ĐỐI VỚI DỰ THẢO <TITLE>" into b. */
void report_title2(const struct report_ctx *ctx, struct buf *b);
const char *report_number_line(void); /* "Số:      /BC" for the issuer's side */
/* The column headings, i = 0..3. */
const char *report_column(int i);
/* Section headings of the report body: 0 figures, 1 table, 2 counts. */
const char *report_part(int i);
/* The figures as lines of text (without list markers), appended to *lines as n strings
 * (caller frees each and the array). */
size_t report_figure_lines(const struct report_ctx *ctx, char ***lines);
/* The disposition summary lines ("Tiếp thu: 3"), DISP_ACCEPTED.. first, pending last, then
 * the total; same ownership as report_figure_lines. */
size_t report_count_lines(const struct report_ctx *ctx, char ***lines);
void report_free_lines(char **lines, size_t n);
const char *report_sign1(void);       /* ĐẠI DIỆN CƠ QUAN CHỦ TRÌ */
const char *report_sign2(void);       /* (Ký tên, đóng dấu) */

/* "Tên (Đơn vị)" or "Tên" into b. */
void report_who(struct buf *b, const struct report_entry *e);
/* The disposition cell of a row as plain text lines into b (LF-separated): for a single
 * comment "<disposition label>" then the response, then "(handler, date)"; for a merged
 * row whose members differ, one block per member, attributed. */
void report_disposition_text(struct buf *b, const struct report_row *r);
/* True when every member of the row has the same disposition and response. */
bool report_row_uniform(const struct report_row *r);
/* The text of a comment: the body, preceded by "Trích: “quote”" on its own line when the
 * comment quotes the draft. */
void report_body_text(struct buf *b, const struct report_entry *e);
/* The inline text of a reply without its author: the body, then " [label: response]" when
 * the reply itself was handled. */
void report_reply_text(struct buf *b, const struct report_entry *e);
/* The arrow prefix of a reply: two spaces per level below the first, then "↳ "; past
 * REPORT_MAX_INDENT levels the indentation stays and the level is written "(N) ". */
#define REPORT_MAX_INDENT 12
void report_reply_prefix(struct buf *b, int depth);

#endif
