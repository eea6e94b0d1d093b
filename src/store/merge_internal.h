/* SPDX-License-Identifier: GPL-3.0-or-later */
/* merge_internal.h — a source of a merge (store_merge.c): a gopy database opened read-only,
 * or a changes file checked and opened in memory (store_changes.c). Not for other layers. */
#ifndef GOPY_MERGE_INTERNAL_H
#define GOPY_MERGE_INTERNAL_H

#include <stdbool.h>

struct store;
struct dbq;

struct merge_src {
	struct store *st;     /* read through it only (a changes file: a store over its image) */
	char *label;          /* the file's name, for messages, conflicts and the audit log */
	bool partial;         /* a changes file: only what changed since its base */
};

/* Open path as a source: a changes file when it starts like one (refused whole when its
 * checksum or length is wrong), else a gopy database opened read-only. */
int merge_src_open(struct merge_src *src, const char *path);
void merge_src_close(struct merge_src *src);

/* Place the held comments whose parent (or whose thread) is here now, in thread order,
 * inside the caller's transaction (store_merge.c). */
int merge_place(struct store *st);

/* Bind columns sc, sc+1 … of src to parameters di, di+1 … of dst, one for each letter of
 * kinds: 'i' a number, 't' text, 'b' a blob; NULL stays NULL. */
void merge_copy(struct dbq *dst, int di, struct dbq *src, int sc, const char *kinds);

#endif
