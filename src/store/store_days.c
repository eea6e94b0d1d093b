/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_days.c — comment_day (migration 12): each document's days, with the number of comment
 * rows created that day and the smallest and largest thread key among them. A span of dates
 * reads from a few of its rows the range of thread keys its comments lie in, and its size.
 *
 * The bounds only have to contain the day's keys: a soft deletion leaves them (the row is still
 * there), a purge or a move lowers n but leaves the bounds, and a key changed by a merge widens
 * them; every reader still filters the rows it walks by their dates, so a loose bound costs
 * time, never a wrong row. n is exact (deleted rows included), and `gopy check` verifies both.
 *
 * Kept by triggers on both engines (db.c, pg_schema.c) and, for the rows of a bulk write, at
 * its end (store_bulk.c): from what insert_comment added (days_add), or by one read of the
 * new rows (days_scan). Here: that tally, the one pass of the upgrade, and the check. */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"

#define DAY_LEN 10 /* "YYYY-MM-DD", the start of created_at */

struct day_bound {
	gid doc;
	char day[DAY_LEN + 1];
	int64_t n;
	unsigned char *lo, *hi; /* owned */
	size_t lo_len, hi_len;
	bool matched;           /* the check: the table has this day */
};

int thread_key_cmp(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int c = n ? memcmp(a, b, n) : 0;
	return c ? c : (alen > blen) - (alen < blen);
}

static void key_set(unsigned char **k, size_t *len, const unsigned char *v, size_t n)
{
	*k = xrealloc(*k, n + 1);
	if (n)
		memcpy(*k, v, n);
	*len = n;
}

void days_add(struct days *ds, gid doc, const char *created_at, const unsigned char *key, size_t len)
{
	char k[sizeof doc + DAY_LEN];
	size_t dl = created_at ? strnlen(created_at, DAY_LEN) : 0;
	memcpy(k, &doc, sizeof doc);
	if (dl)
		memcpy(k + sizeof doc, created_at, dl);
	int64_t i;
	if (!strmap_get(&ds->at, k, sizeof doc + dl, &i)) {
		if (ds->n == ds->cap) {
			ds->cap = ds->cap ? 2 * ds->cap : 64;
			ds->d = xrealloc(ds->d, ds->cap * sizeof *ds->d);
		}
		struct day_bound *d = &ds->d[ds->n];
		memset(d, 0, sizeof *d);
		d->doc = doc;
		if (dl)
			memcpy(d->day, created_at, dl);
		key_set(&d->lo, &d->lo_len, key, len);
		key_set(&d->hi, &d->hi_len, key, len);
		i = (int64_t)ds->n++;
		strmap_put(&ds->at, k, sizeof doc + dl, i);
	}
	struct day_bound *d = &ds->d[i];
	d->n++;
	if (thread_key_cmp(key, len, d->lo, d->lo_len) < 0)
		key_set(&d->lo, &d->lo_len, key, len);
	if (thread_key_cmp(key, len, d->hi, d->hi_len) > 0)
		key_set(&d->hi, &d->hi_len, key, len);
}

void days_free(struct days *ds)
{
	for (size_t i = 0; i < ds->n; i++) {
		free(ds->d[i].lo);
		free(ds->d[i].hi);
	}
	free(ds->d);
	strmap_free(&ds->at);
	memset(ds, 0, sizeof *ds);
}

int days_scan(struct store *st, bool since_paused, struct days *ds)
{
	/* in the table's order: one pass, the day's rows found in memory (no sort of the table) */
	struct dbq *s = db_prepare(st, since_paused ? "SELECT document_id, created_at, thread_key FROM comment "
	                                              "WHERE seq >= (SELECT min(since_seq) FROM search_paused)"
	                                            : "SELECT document_id, created_at, thread_key FROM comment");
	if (!s)
		return -1;
	int step;
	while ((step = dbq_step(s)) == DBQ_ROW)
		days_add(ds, dbq_column_int64(s, 0), db_col_text(s, 1), dbq_column_blob(s, 2),
		         (size_t)dbq_column_bytes(s, 2));
	dbq_finalize(s);
	return step == DBQ_DONE ? 0 : db_error(st, N_("reading the comments' days"));
}

int days_write(struct store *st, const struct days *ds)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < ds->n; i++) {
		const struct day_bound *d = &ds->d[i];
		struct dbq *u = db_cached(st, DB_SQL(st,
			"INSERT INTO comment_day(document_id, day, n, min_key, max_key) VALUES (?1, ?2, ?3, ?4, ?5) "
			"ON CONFLICT (document_id, day) DO UPDATE SET n = n + excluded.n, "
			"min_key = min(min_key, excluded.min_key), max_key = max(max_key, excluded.max_key)",
			"INSERT INTO comment_day AS t (document_id, day, n, min_key, max_key) VALUES (?1, ?2, ?3, ?4, ?5) "
			"ON CONFLICT (document_id, day) DO UPDATE SET n = t.n + excluded.n, "
			"min_key = least(t.min_key, excluded.min_key), max_key = greatest(t.max_key, excluded.max_key)"));
		if (!u)
			return -1;
		dbq_bind_int64(u, 1, d->doc);
		dbq_bind_text(u, 2, d->day, -1);
		dbq_bind_int64(u, 3, d->n);
		dbq_bind_blob(u, 4, d->lo, (int)d->lo_len);
		dbq_bind_blob(u, 5, d->hi, (int)d->hi_len);
		rc = db_step_done(st, u, N_("keeping the comments' days"));
	}
	return rc;
}

int days_fill(struct store *st, bool since_paused)
{
	struct days ds = {0};
	int rc = days_scan(st, since_paused, &ds);
	if (rc == 0)
		rc = days_write(st, &ds);
	days_free(&ds);
	return rc;
}

int days_check(struct store *st, struct buf *report)
{
	struct days ds = {0};
	int problems = 0;
	const char *what = _("days");
	if (days_scan(st, false, &ds) != 0) {
		days_free(&ds);
		return -1;
	}
	struct dbq *s = db_prepare(st, "SELECT document_id, day, n, min_key, max_key FROM comment_day");
	int step = DBQ_DONE;
	while (s && (step = dbq_step(s)) == DBQ_ROW) {
		gid doc = dbq_column_int64(s, 0);
		const char *day = db_col_text(s, 1);
		day = day ? day : "";
		size_t dl = strnlen(day, DAY_LEN + 1);
		char k[sizeof doc + DAY_LEN];
		memcpy(k, &doc, sizeof doc);
		int64_t i = -1;
		if (dl <= DAY_LEN) {
			memcpy(k + sizeof doc, day, dl);
			if (!strmap_get(&ds.at, k, sizeof doc + dl, &i))
				i = -1;
		}
		const unsigned char *lo = dbq_column_blob(s, 3), *hi = dbq_column_blob(s, 4);
		size_t lo_len = (size_t)dbq_column_bytes(s, 3), hi_len = (size_t)dbq_column_bytes(s, 4);
		struct day_bound *d = i >= 0 ? &ds.d[i] : NULL;
		if (d)
			d->matched = true;
		bool bad = !d || d->n != dbq_column_int64(s, 2) || thread_key_cmp(lo, lo_len, d->lo, d->lo_len) > 0 ||
		           thread_key_cmp(hi, hi_len, d->hi, d->hi_len) < 0;
		if (bad && problems++ < 20)
			buf_printf(report, "%s: document %lld, %s: the table says %lld comments, they are %lld%s\n", what,
			           (long long)doc, day, (long long)dbq_column_int64(s, 2), d ? (long long)d->n : 0LL,
			           d && d->n == dbq_column_int64(s, 2) ? " (thread keys out of its bounds)" : "");
	}
	if (s)
		dbq_finalize(s);
	int rc = !s ? -1 : step == DBQ_DONE ? 0 : db_error(st, what);
	for (size_t i = 0; rc == 0 && i < ds.n; i++)
		if (!ds.d[i].matched && problems++ < 20)
			buf_printf(report, "%s: document %lld, %s: the table says 0 comments, they are %lld\n", what,
			           (long long)ds.d[i].doc, ds.d[i].day, (long long)ds.d[i].n);
	if (rc == 0 && problems > 20)
		buf_printf(report, ngettext("%s: %d problem in all\n", "%s: %d problems in all\n", (unsigned long)problems),
		           what, problems);
	days_free(&ds);
	return rc == 0 ? problems : -1;
}

int days_span(struct store *st, gid doc, const char *since, const char *until, struct day_span *out)
{
	memset(out, 0, sizeof *out);
	char lo[DAY_LEN + 1] = "", hi[DAY_LEN + 1] = "9999-99-99";
	if (since && *since)
		snprintf(lo, sizeof lo, "%.10s", since);
	if (until && *until)
		snprintf(hi, sizeof hi, "%.10s", until);
	struct dbq *s = db_cached(st, DB_SQL(st,
		"SELECT count(*), sum(n), min(min_key), max(max_key) FROM comment_day "
		"WHERE document_id = ?1 AND day >= ?2 AND day <= ?3",
		"SELECT count(*), sum(n), decode(min(encode(min_key, 'hex') COLLATE \"C\"), 'hex'), "
		"decode(max(encode(max_key, 'hex') COLLATE \"C\"), 'hex') "
		"FROM comment_day WHERE document_id = ?1 AND day >= ?2 AND day <= ?3"));
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc);
	dbq_bind_text(s, 2, lo, -1);
	dbq_bind_text(s, 3, hi, -1);
	int rc = dbq_step(s);
	if (rc == DBQ_ROW && dbq_column_int64(s, 0) > 0) {
		out->n = dbq_column_int64(s, 1);
		out->lo = db_col_blobdup(s, 2, &out->lo_len);
		out->hi = db_col_blobdup(s, 3, &out->hi_len);
		out->known = true;
	}
	dbq_reset(s);
	return rc == DBQ_ROW || rc == DBQ_DONE ? 0 : db_error(st, N_("reading the comments' days"));
}

void day_span_clear(struct day_span *s)
{
	free(s->lo);
	free(s->hi);
	memset(s, 0, sizeof *s);
}
