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
	return h;
}

static bool same(const char *stored, const char *key, size_t len)
{
	size_t n;
	memcpy(&n, stored, sizeof n);
	return n == len && memcmp(stored + sizeof n, key, len) == 0;
}

static size_t slot(const struct strmap *m, const char *key, size_t len)
{
	size_t i = (size_t)hash(key, len) & (m->cap - 1);
	while (m->keys[i] && !same(m->keys[i], key, len))
		i = (i + 1) & (m->cap - 1);
	return i;
}

bool strmap_get(const struct strmap *m, const char *key, size_t len, int64_t *value)
{
	if (!m->cap)
		return false;
	size_t i = slot(m, key, len);
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
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t n;
		memcpy(&n, m->keys[i], sizeof n);
		size_t j = slot(&bigger, m->keys[i] + sizeof n, n);
		bigger.keys[j] = m->keys[i];
		bigger.values[j] = m->values[i];
		bigger.n++;
	}
	free(m->keys);
	free(m->values);
	*m = bigger;
}

void strmap_put(struct strmap *m, const char *key, size_t len, int64_t value)
{
	if ((m->n + 1) * 4 > m->cap * 3)
		grow(m);
	size_t i = slot(m, key, len);
	if (!m->keys[i]) {
		char *k = xmalloc(sizeof len + len);
		memcpy(k, &len, sizeof len);
		memcpy(k + sizeof len, key, len);
		m->keys[i] = k;
		m->n++;
	}
	m->values[i] = value;
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->values);
	memset(m, 0, sizeof *m);
}
