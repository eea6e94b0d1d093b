/* SPDX-License-Identifier: GPL-3.0-or-later */
/* overview.h — the consultation at a glance: one document's figures (comments by disposition,
 * by chapter and article, by unit; the consultation list's answers) gathered from the store's
 * counters and tallies, and laid out as lines of text with bars of block characters at a given
 * width. `gopy stats` prints the layout, the TUI's overview screen shows the same lines. */
#ifndef GOPY_OVERVIEW_H
#define GOPY_OVERVIEW_H

#include <stdbool.h>
#include <stdint.h>
#include "gopy/buf.h"
#include "gopy/consult.h"
#include "gopy/store.h"

struct overview_section {
	gid id;
	int level, depth;           /* enum section_level; depth in the tree */
	char *label;                /* sanitised: "Chương I", "Điều 3", "Mục II" */
	char *citation;             /* sanitised, unique in the document: "Điều 3", "mục II Phần thứ hai" */
	char *heading;              /* sanitised, "" when none */
	int64_t n, pending;         /* live comments on it and everything under it */
	int64_t earlier;            /* comments of earlier rounds on the sections it and everything
	                               under it continue, each once */
};

/* One earlier round of a revised draft: its comments, each once, by whether the newest
 * version still has their section (carried over) or not (removed). */
struct overview_round {
	int version;
	char *label;                /* sanitised: "Dự thảo lần 2", or "" */
	int64_t n_carried, pending_carried, n_removed, pending_removed;
};

struct overview_unit {
	char *unit;                 /* sanitised; "" for delegates without a unit */
	int64_t sent, roots, handled;
};

struct overview_waiting {       /* an entry of the consultation list that has not answered */
	char *who;                  /* sanitised: the unit, or "Name (unit)" for a delegate */
	char *code;                 /* the delegate's code, or "" for a unit */
	char deadline[11];          /* YYYY-MM-DD, "" when none */
	int64_t days_left;          /* deadline - today in days (< 0: overdue); 0 without deadline */
};

struct overview {
	struct document doc;        /* owned */
	char today[11];             /* YYYY-MM-DD (GOPY_NOW in tests) */
	int64_t disp[DISP_COUNT];   /* live comments by disposition */
	int64_t total;              /* their sum (= doc.n_comments) */
	int64_t general;            /* live comments on no section */
	struct overview_round *rounds; /* a revised draft's earlier rounds, oldest first; the
	                               sections below are of the newest version */
	size_t n_rounds;
	struct overview_section *secs; /* parts, chapters, sections, articles and headings in order */
	size_t n_secs;
	struct overview_unit *units; /* most comments first */
	size_t n_units;
	struct consult_totals consult;
	struct overview_waiting *waiting; /* deadline order (none last) */
	size_t n_waiting;
};

/* Gather doc's figures; never scans the comments. On error -1 (err_set) with *ov cleared. */
int overview_load(struct store *st, const struct document *doc, struct overview *ov);
void overview_clear(struct overview *ov);

/* Append a bar of exactly `width` columns to b: value/max of it filled with █ and the eighths
 * ▏▎▍▌▋▊▉, the rest spaces. A non-zero value always shows at least ▏. */
void overview_bar(struct buf *b, int64_t value, int64_t max, int width);

/* Days from today to date (both YYYY-MM-DD); negative when date is past. */
int64_t overview_days_until(const char *today, const char *date);
/* "2021-05-07, 3 days left", "…, 2 days overdue", "…, due today" or "no deadline" into t; the
 * date (YYYY-MM-DD) in the language's form (time_show: "07/05/2021" in Vietnamese). */
void overview_deadline_text(struct buf *t, const char *deadline, int64_t days_left);

/* One line of the layout. */
struct overview_line {
	char *text;                 /* exactly the layout's width in columns (trailing spaces kept) */
	gid section_id;             /* a chapter or article row: the section (Enter opens it), else 0 */
	bool heading;               /* a heading of the layout (drawn bold where possible) */
};
struct overview_lines {
	struct overview_line *v;
	size_t n;
};
/* Lay ov out at `width` columns (at least 30). The caller frees with overview_lines_free. */
void overview_layout(const struct overview *ov, int width, struct overview_lines *out);
void overview_lines_free(struct overview_lines *l);

#endif
