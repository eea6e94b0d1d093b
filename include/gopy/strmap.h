/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strmap.h — a string → 64-bit integer hash map (open addressing, FNV-1a), for the caches
 * of bulk imports. Keys are copied. Allocation failure aborts (buf.h). */
#ifndef GOPY_STRMAP_H
#define GOPY_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strmap {
	char **keys;      /* NULL for an empty slot */
	int64_t *values;
	uint64_t *hashes;  /* of each key */
	size_t n, cap;    /* entries used, slots (a power of two) */
};

/* Look up key (len bytes); true and *value when present. */
bool strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *value);
/* Insert or replace. */
void strmap_put(struct strmap *m, const char *key, size_t len, int64_t value);
/* Insert when absent (true); false, and the map unchanged, when key is there: one probe
 * where a get and a put take two. */
bool strmap_add(struct strmap *m, const char *key, size_t len, int64_t value);
void strmap_free(struct strmap *m);

#endif
