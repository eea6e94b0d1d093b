/* SPDX-License-Identifier: GPL-3.0-or-later */
/* consult.h — the consultation list of a document (who was asked for comments, by when, who
 * answered) and the overview's figures, read from summary tables that triggers keep up to date
 * (tally_disposition, tally_author; see db.c), so they cost the same at ten comments as at ten
 * million.
 *
 * Same conventions as store.h: 0 on success, -1 with err_set() on failure; in callbacks the
 * record's pointers are borrowed and valid only during the call. */
#ifndef GOPY_CONSULT_H
#define GOPY_CONSULT_H

#include <stdbool.h>
#include <stdint.h>
#include "gopy/store.h"

/* ---- the consultation list ----------------------------------------------------------- */

enum consult_state {
	CONSULT_WAITING = 0,   /* no answer yet */
	CONSULT_COMMENTED,     /* sent at least one comment (a thread root, not deleted) */
	CONSULT_NO_COMMENTS,   /* answered that it has no comments (nhất trí, không có ý kiến) */
};

struct consultee {
	gid id, doc_id;
	gid delegate_id;            /* 0: the unit as a whole was asked */
	const char *delegate_code;  /* NULL for a unit */
	const char *delegate_name;  /* NULL for a unit */
	const char *unit;           /* the unit asked, or the delegate's unit ("" if none) */
	const char *asked_on;       /* YYYY-MM-DD */
	const char *deadline;       /* YYYY-MM-DD, "" when none */
	const char *no_comments_on; /* YYYY-MM-DD of a "no comments" answer, NULL when none */
	const char *reference;      /* that answer's reference number, "" when none */
	int64_t n_comments;         /* comments received from it (thread roots, not deleted) */
	int state;                  /* enum consult_state: comments count before "no comments" */
};

/* Who is asked: a delegate (delegate_id != 0), or else a unit by name. */
struct consult_who {
	gid delegate_id;
	const char *unit;           /* used when delegate_id is 0 */
};

/* Put `who` on doc's consultation list, asked on `asked_on` (YYYY-MM-DD; NULL: today) with
 * `deadline` (YYYY-MM-DD; NULL: keep the one it has, "" none). Returns 0 when added, 1 when
 * it was on the list already (its deadline then updated when one is given), -1 on error.
 * A unit's name is matched against the units of the delegates, ignoring case and diacritics,
 * and takes their spelling, so that the comments of its delegates count as its answer. */
int store_consult_add(struct store *st, gid doc_id, const struct consult_who *who, const char *asked_on,
                      const char *deadline);
/* Record that `who` answered it has no comments, on `on` (NULL: today), with an optional
 * reference number (NULL: none); with undo, take such an answer back. 0 done, 1 not on the
 * list (no error set), -1 on error. */
int store_consult_no_comments(struct store *st, gid doc_id, const struct consult_who *who, const char *on,
                              const char *reference, bool undo);
/* Take `who` off the list: 0 done, 1 not on it, -1 error. */
int store_consult_remove(struct store *st, gid doc_id, const struct consult_who *who);

/* The list in order of deadline (none last), then unit and name; with waiting_only, only who
 * has not answered. cb returns non-zero to stop. */
int store_consult_each(struct store *st, gid doc_id, bool waiting_only,
                       int (*cb)(void *ctx, const struct consultee *c), void *ctx);

struct consult_totals {
	int64_t asked;              /* entries on the list */
	int64_t commented;          /* answered by comments */
	int64_t no_comments;        /* answered "no comments" (and sent none) */
	int64_t waiting;            /* not answered */
	int64_t overdue;            /* not answered and past the deadline (deadline < today) */
	int64_t units;              /* distinct units on the list (a delegate counts for their unit) */
	int64_t units_silent;       /* of which not one entry answered */
};
/* Totals of doc's list; today is YYYY-MM-DD. All zero when the list is empty. */
int store_consult_totals(struct store *st, gid doc_id, const char *today, struct consult_totals *t);
/* The units on doc's list of which not one entry answered, in order of name. */
int store_consult_silent_units(struct store *st, gid doc_id, int (*cb)(void *ctx, const char *unit), void *ctx);

/* ---- the overview's tallies ---------------------------------------------------------- */

/* Live comments of the document by disposition (roots and replies, as the counters). */
int store_tally_dispositions(struct store *st, gid doc_id, int64_t out[DISP_COUNT]);

struct unit_tally {
	const char *unit;           /* "" for delegates without a unit */
	int64_t sent;               /* live comments (roots and replies) */
	int64_t roots;              /* of which thread roots */
	int64_t handled;            /* of which handled */
};
/* Per unit of the authors, most comments first (then by name). */
int store_tally_units(struct store *st, gid doc_id, int (*cb)(void *ctx, const struct unit_tally *u), void *ctx);

#endif
