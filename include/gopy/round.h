/* round.h — the store's side of the documents of a draft round (src/store/store_round.c):
 * where the response to a comment went (a section of a later version, kept by id so it
 * survives relabelling), the drafting team's note on each change between two versions, and
 * the reads the comparison table needs (the comments a change absorbed). */
#ifndef GOPY_ROUND_H
#define GOPY_ROUND_H

#include <stdbool.h>
#include <stdint.h>
#include "gopy/store.h"

/* ---- where a comment went ------------------------------------------------------------ */

/* A comment's cited section. Borrowed strings in callbacks; owned by citation_clear after
 * store_citation_get. */
struct citation {
	gid comment_id;
	gid section_id;
	int version;                /* the version the section belongs to */
	char *label;                /* the section as cited: "khoản 2 Điều 8" */
	char *version_label;        /* that version's label ("Dự thảo lần 3"), "" when none */
};
void citation_clear(struct citation *c);

/* Cite section_id (0: remove the citation) as where comment_id's handling went, in one write
 * transaction (or the caller's). The section must be of the comment's document and of a
 * version no older than the comment's own section. 0, or -1 with err_set. */
int store_citation_set(struct store *st, gid comment_id, gid section_id);
/* 0 found (*out owned), 1 the comment cites nothing, -1 error. */
int store_citation_get(struct store *st, gid comment_id, struct citation *out);
/* The citations of a document's comments, by comment id ascending. cb returns nonzero to
 * stop; the struct's strings are borrowed for the call. */
int store_citation_each(struct store *st, gid doc_id, int (*cb)(void *ctx, const struct citation *c), void *ctx);

/* The section of version `version` that continues section_id through the stored alignments
 * (the first in document order when it was split): 0 with *out set (0 when none: removed, or
 * not aligned) and *changed true when any step on the way was not "unchanged"; -1 error. */
int store_section_successor(struct store *st, gid section_id, int version, gid *out, bool *changed);

/* ---- the drafting team's notes on a revision ------------------------------------------ */

/* Set (note "" removes) the note on the change to section_id between version new_version - 1
 * and new_version of doc_id: section_id is a section of new_version, or of new_version - 1
 * for a removed one. 0, or -1 with err_set (a section of neither version). */
int store_align_note_set(struct store *st, gid doc_id, int new_version, gid section_id, const char *note);
/* The note on section_id in that pair: owned string, "" when none; NULL with err_set on error. */
char *store_align_note_get(struct store *st, gid doc_id, int new_version, gid section_id);

/* ---- the comments a change absorbed --------------------------------------------------- */

/* A comment shown in the comparison table's explanation. Borrowed in callbacks. */
struct absorbed {
	gid id;
	int disposition;            /* DISP_ACCEPTED or DISP_PARTLY, or any for a cited one */
	const char *author_name, *author_unit; /* unit "" when none */
	const char *body;
	const char *response;       /* "" when none */
};
/* The thread roots, not deleted, that the change from old_section to new_section absorbed:
 * those on old_section accepted or partly accepted, and those (of any version) whose response
 * cites new_section, once each, oldest first. Either id may be 0. */
int store_absorbed_each(struct store *st, gid old_section, gid new_section,
                        int (*cb)(void *ctx, const struct absorbed *a), void *ctx);

#endif
