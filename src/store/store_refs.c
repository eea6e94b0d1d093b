/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_refs.c — the ids a file gives its rows (any text: "c17", an exported id) mapped to
 * the ids the store gave them, for an import of any size in bounded memory: the latest
 * REFS_IN_MEMORY entries in a hash map, older ones in a temporary table on disk, written in
 * key order one batch at a time (sorted inserts touch each page of the table once per batch
 * instead of once per row). A reply almost always names a recent comment: it is found in
 * memory; an older one costs one look-up on disk.
 *
 * The checking pass of an import uses a map of recent entries only (store_refs_recent): two
 * generations in memory, the older dropped when the newer is full, nothing on disk. What it
 * no longer remembers it says it does not know (2), and the writing pass, whose map is exact,
 * decides: writing every id to disk twice cost a tenth of an import. */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/strmap.h"

#define REFS_IN_MEMORY (1 << 19)

struct store_refs {
	struct store *st;
	struct strmap mem;
	size_t in_memory; /* REFS_IN_MEMORY; tests lower it (GOPY_TEST_REFS_IN_MEMORY) */
	bool on_disk;     /* the temporary table holds older entries */
	bool recent;      /* store_refs_recent: old holds the generation before mem, nothing on disk */
	struct strmap old;
	bool forgot;      /* a generation was dropped */
};

struct store_refs *store_refs_new(struct store *st)
{
	struct store_refs *r = xcalloc(1, sizeof *r);
	r->st = st;
	const char *t = getenv("GOPY_TEST_REFS_IN_MEMORY");
	r->in_memory = t && atoi(t) > 0 ? (size_t)atoi(t) : REFS_IN_MEMORY;
	return r;
}

struct store_refs *store_refs_recent(void)
{
	struct store_refs *r = store_refs_new(NULL);
	r->recent = true;
	return r;
}

void store_refs_free(struct store_refs *r)
{
	if (!r)
		return;
	if (r->on_disk)
		db_exec_quiet(r->st, "DROP TABLE IF EXISTS import_ref");
	strmap_free(&r->mem);
	strmap_free(&r->old);
	free(r);
}

struct entry {
	const char *key; /* length-prefixed, as the strmap keeps it */
	int64_t value;
};

static size_t key_len(const char *k)
{
	size_t n;
	memcpy(&n, k, sizeof n);
	return n;
}

/* memcmp order, then the shorter first: SQLite's order for text (BINARY collation) */
static int by_key(const void *a, const void *b)
{
	const char *x = ((const struct entry *)a)->key, *y = ((const struct entry *)b)->key;
	size_t nx = key_len(x), ny = key_len(y);
	int c = memcmp(x + sizeof nx, y + sizeof ny, nx < ny ? nx : ny);
	return c ? c : (nx > ny) - (nx < ny);
}

static int used_twice(const char *ref, size_t len)
{
	char *k = xmalloc(len + 1);
	memcpy(k, ref, len);
	k[len] = '\0';
	err_set(_("id '%s' is used twice"), k);
	free(k);
	return -1;
}

/* The entries in memory to the table, in key order; the map empties. A key already on disk
 * is the file's id used twice. */
static int spill(struct store_refs *r)
{
	struct store *st = r->st;
	if (!r->on_disk) {
		/* on disk, not in memory: the table grows with the file (changing temp_store is
		 * refused only inside a transaction that already uses temporary tables) */
		if (!st->pg && !db_in_transaction(st))
			db_exec_quiet(st, "PRAGMA temp_store = FILE");
		if (db_exec(st, DB_SQL(st, "CREATE TEMP TABLE IF NOT EXISTS import_ref(ref TEXT PRIMARY KEY, id INTEGER NOT NULL) "
		                           "WITHOUT ROWID",
		                       "CREATE TEMP TABLE IF NOT EXISTS import_ref(ref text COLLATE \"C\" PRIMARY KEY, "
		                       "id bigint NOT NULL)")) != 0 ||
		    db_exec(st, "DELETE FROM import_ref") != 0)
			return -1;
		r->on_disk = true;
	}
	struct entry *all = xmalloc((r->mem.n ? r->mem.n : 1) * sizeof *all);
	size_t n = 0;
	for (size_t i = 0; i < r->mem.cap; i++)
		if (r->mem.keys[i])
			all[n++] = (struct entry){r->mem.keys[i], r->mem.values[i]};
	if (n > 1)
		qsort(all, n, sizeof *all, by_key);
	struct dbq *q = db_cached(st, "INSERT INTO import_ref(ref, id) VALUES (?, ?)");
	int rc = q ? 0 : -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		size_t len = key_len(all[i].key);
		dbq_bind_text(q, 1, all[i].key + sizeof len, (int)len);
		dbq_bind_int64(q, 2, all[i].value);
		int step = dbq_step(q);
		dbq_reset(q);
		if (step != DBQ_DONE && (db_last_fault(st) == DB_FAULT_PRIMARY_KEY || db_last_fault(st) == DB_FAULT_UNIQUE))
			rc = used_twice(all[i].key + sizeof len, len);
		else if (step != DBQ_DONE)
			rc = db_error(st, N_("keeping the file's ids"));
	}
	free(all);
	strmap_free(&r->mem);
	memset(&r->mem, 0, sizeof r->mem);
	return rc;
}

int store_refs_get(struct store_refs *r, const char *ref, size_t len, gid *id)
{
	int64_t v;
	if (strmap_get(&r->mem, ref, len, &v) || strmap_get(&r->old, ref, len, &v)) {
		*id = v;
		return 1;
	}
	if (!r->on_disk)
		return r->forgot ? 2 : 0;
	struct dbq *q = db_cached(r->st, "SELECT id FROM import_ref WHERE ref = ?");
	if (!q)
		return -1;
	dbq_bind_text(q, 1, ref, (int)len);
	int step = dbq_step(q);
	if (step == DBQ_ROW)
		*id = dbq_column_int64(q, 0);
	dbq_reset(q);
	if (step != DBQ_ROW && step != DBQ_DONE)
		return db_error(r->st, N_("reading the file's ids"));
	return step == DBQ_ROW;
}

int store_refs_put(struct store_refs *r, const char *ref, size_t len, gid id)
{
	int64_t old;
	if (strmap_get(&r->old, ref, len, &old))
		return used_twice(ref, len);
	bool full = r->mem.n >= (r->recent ? r->in_memory / 2 : r->in_memory);
	if (full && strmap_get(&r->mem, ref, len, &old))
		return used_twice(ref, len);
	if (full && r->recent) { /* the older generation goes */
		r->forgot |= r->old.n > 0;
		strmap_free(&r->old);
		r->old = r->mem;
		memset(&r->mem, 0, sizeof r->mem);
	} else if (full && spill(r) != 0) {
		return -1;
	}
	return strmap_add(&r->mem, ref, len, id) ? 0 : used_twice(ref, len);
}

int store_refs_check(struct store_refs *r)
{
	return r->on_disk && r->mem.n ? spill(r) : 0;
}
