/* SPDX-License-Identifier: GPL-3.0-or-later */
/* merge.h — offline copies of a review brought together: merging copies and changes files
 * into a review, writing a changes file, and the conflicts people settle.
 *
 * A copy is a gopy database filled apart (a laptop in a meeting room, a district's file);
 * ids are random, so merging is a union of rows plus the conflicts where two copies changed
 * the same thing differently. Both versions of a conflict are kept: the review shows one
 * (chosen the same way whatever the order of the merges) and the conflict table keeps the
 * other until a person settles it. A changes file is the part of a copy that changed since a
 * base copy, checksummed, merged like a copy. */
#ifndef GOPY_MERGE_H
#define GOPY_MERGE_H

#include <stdbool.h>
#include <stdint.h>

#include "gopy/store.h"

struct merge_stats {
	int64_t delegates;   /* delegates added */
	int64_t documents;   /* documents added */
	int64_t versions;    /* versions added to documents already here */
	int64_t sections;    /* sections added */
	int64_t comments;    /* comments added */
	int64_t changed;     /* comments here changed (edits, deletions, dispositions, responses) */
	int64_t conflicts;   /* conflicts found (new ones only) */
	int64_t held;        /* comments held: their parent or document is not placed yet */
	int64_t audit;       /* audit log entries of other copies added */
};

/* Bring into st everything each source has that st lacks, in one transaction (all sources or
 * nothing). A source is a gopy database (opened read-only, never written) or a changes file
 * (store_changes_write). Merging is idempotent and its result does not depend on the order of
 * the sources or of the merges. Conflicts are recorded, not settled. */
int store_merge(struct store *st, const char *const *sources, int n_sources, struct merge_stats *out);

/* Write to out_path the rows of the database at db_path that differ from those of the copy at
 * base_path (an earlier copy of the same review): a changes file, checksummed (SHA-256), which
 * store_merge refuses whole when damaged or cut. Neither database is written. stats (may be
 * NULL) counts what it holds (comments: new or changed). */
int store_changes_write(const char *db_path, const char *base_path, const char *out_path, struct merge_stats *stats);

/* True when the file at path starts like a changes file. */
bool store_is_changes_file(const char *path);

/* ---- conflicts (store_conflict.c) ---------------------------------------------------- */

struct conflict {
	gid id;
	const char *kind;        /* "edit", "handling", "delete", "delegate", "document" */
	gid document_id;         /* 0: none (a delegate) */
	const char *document_code; /* NULL when none */
	gid comment_id;          /* 0: not about a comment */
	const char *code;        /* delegate or document code; NULL otherwise */
	const char *shown, *other;             /* see the conflict table (db.c, migration 7) */
	const char *shown_extra, *other_extra;
	int64_t shown_n, other_n;
	const char *shown_at, *other_at;
	const char *source;
	const char *found_at;
	const char *settled_at;  /* NULL: open */
	const char *kept;        /* "mine", "theirs", "version"; NULL while open */
};

/* Conflicts in the order found: of one document (doc_id; 0: all), open ones only unless
 * all. Borrowed in the callback; cb returns nonzero to stop. */
int store_conflict_each(struct store *st, gid doc_id, bool all, int (*cb)(void *ctx, const struct conflict *c),
                        void *ctx);
/* Open conflicts of a document (0: of the whole review) in *n. */
int store_conflict_count(struct store *st, gid doc_id, int64_t *n);
/* Open conflicts about one comment in *n (the thread view's marker). */
int store_conflict_count_comment(struct store *st, gid comment_id, int64_t *n);
/* Settle conflict id keeping "mine" (what the review shows), "theirs" (the other version) or,
 * for a document, "version" (its other text imported as the document's next version, the
 * comments made on it carried there; "mine" puts them on the sections of the same label).
 * One transaction, logged in the audit log. 1 when no open conflict has that id. */
int store_conflict_resolve(struct store *st, gid id, const char *keep);

#endif
