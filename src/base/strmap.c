/* SPDX-License-Identifier: GPL-3.0-or-later */
/* strmap.c — string → integer hash map with linear probing (see strmap.h). Keys are stored
 * with a length prefix so that they may contain NUL bytes. */
#include "gopy/strmap.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"

static uint64_t hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	return h ^ (h >> 29); /* FNV-1a's low bits alone cluster on keys that differ at the end */
}

static bool same(const char *stored, const char *key, size_t len)
{
	size_t n;
	memcpy(&n, stored, sizeof n);
	return n == len && memcmp(stored + sizeof n, key, len) == 0;
}

/* The slot of key (hash h): its own, or the empty one where it would go. The hashes are
 * compared first: a probe reads the stored key only when they match. */
static size_t slot(const struct strmap *m, const char *key, size_t len, uint64_t h)
{
	size_t i = (size_t)h & (m->cap - 1);
	while (m->keys[i] && (m->hashes[i] != h || !same(m->keys[i], key, len)))
		i = (i + 1) & (m->cap - 1);
	return i;
}

bool strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *value)
{
	if (!m->cap)
		return false;
	size_t i = slot(m, key, len, hash(key, len));
	if (!m->keys[i])
		return false;
	*value = m->values[i];
	return true;
}

static void grow(struct strmap *m)
{
	struct strmap bigger = {0};
	bigger.cap = m->cap ? m->cap * 2 : 64;
	bigger.keys = xcalloc(bigger.cap, sizeof *bigger.keys);
	bigger.values = xcalloc(bigger.cap, sizeof *bigger.values);
	bigger.hashes = xcalloc(bigger.cap, sizeof *bigger.hashes);
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = (size_t)m->hashes[i] & (bigger.cap - 1);
		while (bigger.keys[j]) /* every key is distinct: the first empty slot */
			j = (j + 1) & (bigger.cap - 1);
		bigger.keys[j] = m->keys[i];
		bigger.values[j] = m->values[i];
		bigger.hashes[j] = m->hashes[i];
		bigger.n++;
	}
	free(m->keys);
	free(m->values);
	free(m->hashes);
	*m = bigger;
}

/* The slot of key, made for it when it is new (*fresh then true). */
static size_t place(struct strmap *m, const char *key, size_t len, bool *fresh)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	uint64_t h = hash(key, len);
	size_t i = slot(m, key, len, h);
	*fresh = !m->keys[i];
	if (*fresh) {
		char *k = xmalloc(sizeof len + len);
		memcpy(k, &len, sizeof len);
		memcpy(k + sizeof len, key, len);
		m->keys[i] = k;
		m->hashes[i] = h;
		m->n++;
	}
	return i;
}

void strmap_put(struct strmap *m, const char *key, size_t len, int64_t value)
{
	bool fresh;
	size_t i = place(m, key, len, &fresh); /* before m->values is read: place may grow it */
	m->values[i] = value;
}

bool strmap_add(struct strmap *m, const char *key, size_t len, int64_t value)
{
	bool fresh;
	size_t i = place(m, key, len, &fresh);
	if (fresh)
		m->values[i] = value;
	return fresh;
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->values);
	free(m->hashes);
	memset(m, 0, sizeof *m);
}
