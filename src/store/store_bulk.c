/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_bulk.c — bulk writes (imports, merges): one transaction that adds many comments.
 *
 * For its length (store_bulk_begin … store_bulk_end), in a file:
 * - the triggers that fire on every new comment are set aside and put back at the end with
 *   the SQL the file had: four of them do nothing for the bulk's rows anyway (the search
 *   index is caught up in one pass at the end, the audit log gets one entry, the tallies and
 *   the days are counted in memory as the rows are added: bulk_tally, bulk_day), and the
 *   counters' one
 *   (comment_inserted) is done here instead: the documents' and sections' counts are added
 *   up in memory (bulk_count) and written once at the end;
 * - nothing at the end reads the new rows back but what must (the search index, the index
 *   builds): until the commit every page of the bulk is in the WAL, where finding one costs a
 *   probe in every 4,096 frames written since (sqlite3WalFindFrame), which grows with the
 *   import (a new file's 16 KiB pages, db.c, make the frames four times fewer);
 * - the secondary comment indexes are dropped and built again at the end when the bulk adds
 *   more comments than the file holds;
 * - a window of the comments it added (their thread position and last reply), the last root
 *   of each document and the document of each section, so that placing a comment in its
 *   thread needs no query when its parent is recent (bulk_thread_*): the parent of a reply
 *   is almost always a comment added shortly before.
 * Everything it changes in the schema is inside the transaction: a rollback puts it back. */
#include "store_internal.h"
#include "pg.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/strmap.h"

/* the triggers on a new comment that a bulk write runs without (see above) */
static const char *const set_aside[] = {"comment_inserted", "comment_indexed", "audit_comment_added",
                                        "tally_inserted", "comment_day_added"};
#define ASIDE_DAYS 4 /* comment_day_added: the days are kept in memory (bulk_day), written at the end */
#define N_ASIDE (sizeof set_aside / sizeof *set_aside)

#define WINDOW (1u << 16) /* comments kept as parents: a direct-mapped cache by id */
#define SECTIONS (1u << 12)
#define MAX_ROOT_DOCS 64

struct doc_count {
	gid id;
	bool section;
	int64_t live, pending;
};

struct tally {
	gid doc, author;           /* author 0: the disposition's row */
	int disposition;
	int64_t n, n_roots, n_handled;
};

/* tally rows by (document, author, disposition) */
struct tallies {
	struct strmap at;          /* key → index in t */
	struct tally *t;
	size_t n, cap;
};

struct bulk {
	char *triggers[N_ASIDE];   /* their SQL, to put back; NULL: the file has no such trigger */
	bool counting;             /* comment_inserted is set aside: bulk_count keeps its counts */
	struct strmap count_at;    /* (kind, id) → index in counts */
	struct doc_count *counts;
	size_t n_counts, cap_counts;
	bool no_window;            /* comments were added behind the window's back (bulk_forget) */
	struct bulk_thread *window;
	struct {
		gid section, doc;
	} sections[SECTIONS];
	struct {
		gid doc;
		uint32_t last;
	} roots[MAX_ROOT_DOCS];
	size_t n_roots;
	struct tallies tallies;    /* of the comments insert_comment added (bulk_tally) */
	struct days days;          /* their days (bulk_day) */
};

void store_bulk_source(struct store *st, const char *source)
{
	free(st->bulk_source);
	st->bulk_source = source ? xstrdup(source) : NULL;
}

static void bulk_free(struct bulk *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < N_ASIDE; i++)
		free(b->triggers[i]);
	strmap_free(&b->count_at);
	free(b->counts);
	free(b->window);
	strmap_free(&b->tallies.at);
	free(b->tallies.t);
	days_free(&b->days);
	free(b);
}

void store_bulk_discard(struct store *st)
{
	bulk_free(st->bulk);
	st->bulk = NULL;
	pg_bulk_stop(st);
}

/* Drop the triggers of set_aside, keeping their SQL in b. */
static int triggers_aside(struct store *st, struct bulk *b)
{
	struct dbq *s = db_prepare(st, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
	if (!s)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < N_ASIDE; i++) {
		dbq_bind_text(s, 1, set_aside[i], -1);
		int step = dbq_step(s);
		if (step == DBQ_ROW)
			b->triggers[i] = db_col_strdup(s, 0, true);
		else if (step != DBQ_DONE)
			rc = db_error(st, N_("reading the triggers"));
		dbq_reset(s);
		if (rc == 0 && b->triggers[i]) {
			char sql[96];
			snprintf(sql, sizeof sql, "DROP TRIGGER %s", set_aside[i]);
			rc = db_exec(st, sql);
		}
	}
	dbq_finalize(s);
	b->counting = rc == 0 && b->triggers[0];
	return rc;
}

static int triggers_back(struct store *st, struct bulk *b)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < N_ASIDE; i++)
		if (b->triggers[i])
			rc = db_exec(st, b->triggers[i]);
	return rc;
}

void bulk_count(struct store *st, gid doc, gid section, bool live, bool pending)
{
	struct bulk *b = st->bulk;
	if (!b || !b->counting || !live)
		return;
	for (int k = 0; k < 2; k++) {
		gid id = k ? section : doc;
		if (!id)
			continue;
		char key[1 + sizeof id];
		key[0] = (char)k;
		memcpy(key + 1, &id, sizeof id);
		int64_t at;
		if (!strmap_get(&b->count_at, key, sizeof key, &at)) {
			if (b->n_counts == b->cap_counts) {
				b->cap_counts = b->cap_counts ? 2 * b->cap_counts : 64;
				b->counts = xrealloc(b->counts, b->cap_counts * sizeof *b->counts);
			}
			at = (int64_t)b->n_counts++;
			b->counts[at] = (struct doc_count){.id = id, .section = k};
			strmap_put(&b->count_at, key, sizeof key, at);
		}
		b->counts[at].live++;
		b->counts[at].pending += pending;
	}
}

/* What comment_inserted would have added, row by row, in one UPDATE a document or section. */
static int counts_write(struct store *st, struct bulk *b)
{
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < b->n_counts; i++) {
		const struct doc_count *c = &b->counts[i];
		struct dbq *u = db_cached(st, c->section ? "UPDATE section SET n_comments = n_comments + ?1, "
		                                           "n_pending = n_pending + ?2 WHERE id = ?3"
		                                         : "UPDATE document SET n_comments = n_comments + ?1, "
		                                           "n_pending = n_pending + ?2 WHERE id = ?3");
		if (!u)
			return -1;
		dbq_bind_int64(u, 1, c->live);
		dbq_bind_int64(u, 2, c->pending);
		dbq_bind_int64(u, 3, c->id);
		rc = db_step_done(st, u, N_("counting comments"));
	}
	return rc;
}

/* ---- the tallies ------------------------------------------------------------------------- */

/* One live comment in the tallies: its author's row and its disposition's row. */
static void tally_add(struct tallies *ts, gid doc, gid author, int disposition, bool is_root)
{
	for (int k = 0; k < 2; k++) {
		struct tally want = {.doc = doc, .author = k ? author : 0, .disposition = k ? -1 : disposition};
		char key[sizeof want.doc + sizeof want.author + sizeof want.disposition];
		memcpy(key, &want.doc, sizeof want.doc);
		memcpy(key + sizeof want.doc, &want.author, sizeof want.author);
		memcpy(key + sizeof want.doc + sizeof want.author, &want.disposition, sizeof want.disposition);
		int64_t i;
		if (!strmap_get(&ts->at, key, sizeof key, &i)) {
			if (ts->n == ts->cap) {
				ts->cap = ts->cap ? 2 * ts->cap : 256;
				ts->t = xrealloc(ts->t, ts->cap * sizeof *ts->t);
			}
			ts->t[ts->n] = want;
			i = (int64_t)ts->n++;
			strmap_put(&ts->at, key, sizeof key, i);
		}
		ts->t[i].n++;
		ts->t[i].n_roots += is_root;
		ts->t[i].n_handled += disposition != 0;
	}
}

void bulk_tally(struct store *st, gid doc, gid author, int disposition, bool is_root)
{
	struct bulk *b = st->bulk;
	if (b && !b->no_window && !st->pg)
		tally_add(&b->tallies, doc, author, disposition, is_root);
}

void bulk_day(struct store *st, gid doc, const char *created_at, const unsigned char *key, size_t len)
{
	struct bulk *b = st->bulk;
	if (b && !b->no_window && b->triggers[ASIDE_DAYS])
		days_add(&b->days, doc, created_at, key, len);
}

/* The days of the comments the bulk added, which comment_day_added (set aside) left out: as
 * insert_comment added them, or, when other code added comments too (bulk_forget), from one
 * read of the new rows; then one upsert a day. */
static int days_catch_up(struct store *st, struct bulk *b)
{
	if (!b->triggers[ASIDE_DAYS])
		return 0;
	return b->no_window ? days_fill(st, true) : days_write(st, &b->days);
}

/* The tallies of the comments the bulk added (seq >= since), which the tally triggers leave
 * out while it runs: counted in memory as insert_comment added them (a document has a few
 * thousand authors at most), or, when other code added comments too (bulk_forget), by one
 * read of those rows; then one upsert per tally row. SQL's two GROUP BYs read the rows twice
 * and sort each time. */
static int tallies_catch_up(struct store *st, struct bulk *b)
{
	struct tallies scanned = {0}, *ts = b ? &b->tallies : &scanned;
	int rc = 0;
	if (!b || b->no_window) {
		ts = &scanned;
		struct dbq *s = db_prepare(st, "SELECT document_id, author_id, disposition, parent_id IS NULL FROM comment "
		                               "WHERE seq >= (SELECT min(since_seq) FROM search_paused) AND deleted_at IS NULL");
		if (!s)
			return -1;
		int step;
		while ((step = dbq_step(s)) == DBQ_ROW)
			tally_add(ts, dbq_column_int64(s, 0), dbq_column_int64(s, 1), dbq_column_int(s, 2),
			          dbq_column_int(s, 3) != 0);
		dbq_finalize(s);
		rc = step == DBQ_DONE ? 0 : db_error(st, N_("counting comments"));
	}
	const struct tally *t = ts->t;
	for (size_t i = 0; rc == 0 && i < ts->n; i++) {
		struct dbq *u = t[i].author
			? db_cached(st, "INSERT INTO tally_author(document_id, author_id, n, n_roots, n_handled) "
			                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO UPDATE SET n = n + excluded.n, "
			                "n_roots = n_roots + excluded.n_roots, n_handled = n_handled + excluded.n_handled")
			: db_cached(st, "INSERT INTO tally_disposition(document_id, disposition, n) VALUES (?1, ?2, ?3) "
			                "ON CONFLICT DO UPDATE SET n = n + excluded.n");
		if (!u) {
			rc = -1;
			break;
		}
		dbq_bind_int64(u, 1, t[i].doc);
		dbq_bind_int64(u, 2, t[i].author ? t[i].author : t[i].disposition);
		dbq_bind_int64(u, 3, t[i].n);
		if (t[i].author) {
			dbq_bind_int64(u, 4, t[i].n_roots);
			dbq_bind_int64(u, 5, t[i].n_handled);
		}
		rc = db_step_done(st, u, N_("counting comments"));
	}
	strmap_free(&scanned.at);
	free(scanned.t);
	return rc;
}

/* ---- the window of recent comments ----------------------------------------------------- */

static size_t window_slot(gid id)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 48) & (WINDOW - 1);
}

struct bulk_thread *bulk_thread_find(struct store *st, gid id)
{
	struct bulk *b = st->bulk;
	if (!b || b->no_window || !b->window || !id)
		return NULL;
	struct bulk_thread *t = &b->window[window_slot(id)];
	return t->id == id ? t : NULL;
}

struct bulk_thread *bulk_thread_keep(struct store *st, gid id, size_t key_len)
{
	struct bulk *b = st->bulk;
	if (!b || b->no_window || !id)
		return NULL;
	if (!b->window)
		b->window = xcalloc(WINDOW, sizeof *b->window);
	struct bulk_thread *t = &b->window[window_slot(id)];
	if (key_len > sizeof t->key) {
		if (t->id == id)
			t->id = 0;
		return NULL;
	}
	memset(t, 0, sizeof *t);
	t->id = id;
	return t;
}

bool bulk_root_last(struct store *st, gid doc, uint32_t *last)
{
	struct bulk *b = st->bulk;
	for (size_t i = 0; b && !b->no_window && i < b->n_roots; i++)
		if (b->roots[i].doc == doc) {
			*last = b->roots[i].last;
			return true;
		}
	return false;
}

void bulk_root_set(struct store *st, gid doc, uint32_t last)
{
	struct bulk *b = st->bulk;
	if (!b || b->no_window)
		return;
	size_t i = 0;
	while (i < b->n_roots && b->roots[i].doc != doc)
		i++;
	if (i == MAX_ROOT_DOCS)
		return;
	if (i == b->n_roots)
		b->n_roots++;
	b->roots[i].doc = doc;
	b->roots[i].last = last;
}

bool bulk_section_doc(struct store *st, gid section, gid *doc)
{
	struct bulk *b = st->bulk;
	if (!b || !section)
		return false;
	size_t i = (size_t)((uint64_t)section * 0x9E3779B97F4A7C15ull >> 52) & (SECTIONS - 1);
	if (*doc) { /* keep it */
		b->sections[i].section = section;
		b->sections[i].doc = *doc;
		return true;
	}
	if (b->sections[i].section != section)
		return false;
	*doc = b->sections[i].doc;
	return true;
}

void bulk_forget(struct store *st)
{
	if (st->bulk)
		st->bulk->no_window = true;
}

/* ---- the search index ------------------------------------------------------------------ */

/* An FTS5 option of comment_fts (automerge, crisismerge) as the file has it, or def (FTS5's
 * default) when it has none. */
static int fts_option(struct store *st, const char *name, int def, int *value)
{
	struct dbq *s = db_prepare(st, "SELECT v FROM comment_fts_config WHERE k = ?");
	if (!s)
		return -1;
	dbq_bind_text(s, 1, name, -1);
	int step = dbq_step(s);
	*value = step == DBQ_ROW ? dbq_column_int(s, 0) : def;
	dbq_finalize(s);
	return step == DBQ_ROW || step == DBQ_DONE ? 0 : db_error(st, N_("reading the search index's settings"));
}

static int fts_set(struct store *st, const char *name, int value)
{
	char sql[96];
	snprintf(sql, sizeof sql, "INSERT INTO comment_fts(comment_fts, rank) VALUES ('%s', %d)", name, value);
	return db_exec(st, sql);
}

/* The bulk's comments into the search index in one pass. FTS5 writes what it has gathered as
 * a new segment each time its buffer fills, and by default merges every 4 segments of a level
 * into one, so each posting is written again at every level: in a bulk that adds at least as
 * many comments as the file held (whole, when the secondary indexes were dropped) the
 * merging waits (automerge 0; a level is merged only at 256 segments, which bounds the
 * segments a merge reads at once) and the whole index is merged into one segment at the end
 * (optimize), which writes each posting about once more and leaves the index that answers
 * queries fastest. The file's own settings are put back (as rows of comment_fts_config, FTS5's
 * defaults where it had none: the table is FTS5's to write). */
static int search_catch_up(struct store *st, bool whole)
{
	static const char *const catch_up = "INSERT INTO comment_fts(rowid, body) SELECT seq, body FROM comment "
	                                    "WHERE seq >= (SELECT min(since_seq) FROM search_paused); "
	                                    "DELETE FROM search_paused";
	if (!whole)
		return db_exec(st, catch_up);
	int automerge, crisismerge;
	if (fts_option(st, "automerge", 4, &automerge) != 0 || fts_option(st, "crisismerge", 16, &crisismerge) != 0 ||
	    fts_set(st, "automerge", 0) != 0 || fts_set(st, "crisismerge", 256) != 0 || db_exec(st, catch_up) != 0 ||
	    db_exec(st, "INSERT INTO comment_fts(comment_fts) VALUES ('optimize')") != 0)
		return -1;
	return fts_set(st, "automerge", automerge) != 0 || fts_set(st, "crisismerge", crisismerge) != 0 ? -1 : 0;
}

/* ---- begin and end ------------------------------------------------------------------------ */

/* Tests: the process killed outright at a named point of the bulk's end (GOPY_TEST_KILL_AT:
 * "rows" once the rows are written, "indexes" after the first secondary index is built,
 * "commit" just before the commit), as kill -9 would; and a smaller page cache
 * (GOPY_TEST_BULK_CACHE_KIB), so that a small import spills pages to the WAL as a large one
 * does (tests/cli/import_kill.sh). */
static void test_kill_at(const char *point)
{
	const char *at = getenv("GOPY_TEST_KILL_AT");
	if (at && strcmp(at, point) == 0)
		raise(SIGKILL);
}

static int bulk_cache(struct store *st, int kib)
{
	const char *t = getenv("GOPY_TEST_BULK_CACHE_KIB");
	if (t && atoi(t) > 0)
		kib = atoi(t);
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib);
	return db_exec(st, sql);
}

int store_bulk_begin(struct store *st, int64_t expected_rows)
{
	if (st->tx_depth <= 0)
		return err_set(_("store_bulk_begin outside a transaction"));
	store_bulk_discard(st);
	/* Memory stays flat whatever the size of the file: a bounded page cache (new rows go
	 * to the ends of their indexes, ids included: util.h), and sorts and temporary data
	 * in files rather than in memory (with temp_store = MEMORY, building an index sorts
	 * all of its rows in memory). */
	if (!st->pg && bulk_cache(st, 65536) != 0)
		return -1;
	if (!st->pg) /* refused inside a transaction that already uses temporary tables: then as it is */
		db_exec_quiet(st, "PRAGMA temp_store = FILE");
	if (db_exec(st, "INSERT INTO search_paused(since_seq) SELECT coalesce(max(seq), 0) + 1 FROM comment") != 0 ||
	    db_exec(st, "UPDATE audit_session SET importing = 1") != 0)
		return -1;
	st->bulk = xcalloc(1, sizeof *st->bulk);
	/* on a server the triggers stay: they are the table's, for every session */
	if (!st->pg && triggers_aside(st, st->bulk) != 0)
		return -1;
	st->bulk_indexes_dropped = false;
	/* on a server, dropping an index would lock readers out for the import's length; the
	 * comments are staged and sent in batches instead (pg_bulk.c) */
	if (st->pg)
		pg_bulk_start(st);
	if (expected_rows <= 0 || st->pg)
		return 0;
	struct dbq *s = db_prepare(st, "SELECT coalesce(sum(n_comments), 0) FROM document");
	if (!s)
		return -1;
	int64_t have = dbq_step(s) == DBQ_ROW ? dbq_column_int64(s, 0) : INT64_MAX;
	dbq_finalize(s);
	if (expected_rows <= have)
		return 0;
	for (int i = 0; db_comment_indexes[i][0]; i++) {
		char sql[128];
		snprintf(sql, sizeof sql, "DROP INDEX %s", db_comment_indexes[i][0]);
		if (db_exec(st, sql) != 0)
			return -1;
	}
	st->bulk_indexes_dropped = true;
	return 0;
}

static int audit_import(struct store *st)
{
	/* in a file the bulk's rows are the seqs from since_seq to the last, without a gap (the
	 * write lock is held, nothing is deleted, seq is the rowid): two seeks instead of a
	 * count that read every new row back from the WAL */
	struct dbq *s = db_cached(st, DB_SQL(st,
		"INSERT INTO audit(at, kind, os_user, delegate_id, first_seq, last_seq, count, detail) "
		"SELECT a.at, coalesce(?2, 'import'), a.os_user, a.delegate_id, r.lo, r.hi, coalesce(r.hi - r.lo + 1, 0), ?1 "
		"FROM audit_session a, (SELECT (SELECT min(seq) FROM comment WHERE seq >= p.since) AS lo, "
		"(SELECT max(seq) FROM comment WHERE seq >= p.since) AS hi FROM (SELECT min(since_seq) AS since FROM search_paused) p) r "
		"GROUP BY a.at, a.os_user, a.delegate_id",
		"INSERT INTO audit(at, kind, os_user, delegate_id, first_seq, last_seq, count, detail) "
		"SELECT a.at, coalesce(?2, 'import'), a.os_user, a.delegate_id, min(c.seq), max(c.seq), count(c.seq), ?1 "
		"FROM audit_session a LEFT JOIN comment c ON c.seq >= (SELECT min(since_seq) FROM search_paused) "
		"GROUP BY a.at, a.os_user, a.delegate_id"));
	if (!s)
		return -1;
	db_bind_text(s, 1, st->bulk_source);
	db_bind_text(s, 2, st->bulk_kind);
	if (db_step_done(st, s, "logging the import") != 0)
		return -1;
	return db_exec(st, "UPDATE audit_session SET importing = 0");
}

int store_bulk_end(struct store *st, bool index)
{
	/* on a server: the staged comments sent; after a large import the planner's figures of
	 * comment follow at the commit (until autovacuum's next pass, every query would be planned
	 * for the table as it was) */
	if (index)
		test_kill_at("rows");
	int rc = index ? pg_bulk_flush(st) : 0;
	if (rc == 0 && index && pg_bulk_rows(st) >= 10000)
		rc = db_exec(st, "ANALYZE comment");
	pg_bulk_stop(st);
	struct bulk *b = st->bulk;
	st->bulk = NULL;
	if (index && b && b->counting)
		rc = counts_write(st, b);
	if (rc == 0 && index) /* the import in the audit log: one entry for the comments it added */
		rc = audit_import(st);
	if (rc == 0 && index)
		rc = st->pg ? db_exec(st, pg_tally_catch_up) : tallies_catch_up(st, b);
	if (rc == 0 && index && b && !st->pg) /* (on a server, pg_tally_catch_up's last statement) */
		rc = days_catch_up(st, b);
	/* on a server, the new comments are indexed for search before the commit (tx_commit) */
	if (rc == 0 && index)
		rc = st->pg ? db_exec(st, "DELETE FROM search_paused") : search_catch_up(st, st->bulk_indexes_dropped);
	/* the triggers and indexes come back with the SQL they had (a rollback restores them
	 * anyway when the import fails) */
	if (b && !st->pg) {
		int back = triggers_back(st, b);
		if (rc == 0 && index)
			rc = back;
	}
	/* an index build sorts in runs of up to the page cache's size, written to a temporary
	 * file and merged: runs of 8 MiB cost about a fifth less processor time than runs of 16
	 * or 32 (the sort of a long run is mostly waiting for memory: tests/bench/SCALE.md), and
	 * the build reads the table and writes its index in order, which a small cache serves as
	 * well as a large one */
	if (rc == 0 && index && st->bulk_indexes_dropped && !st->pg)
		rc = bulk_cache(st, 8192);
	for (int i = 0; rc == 0 && index && st->bulk_indexes_dropped && db_comment_indexes[i][0]; i++) {
		rc = db_exec(st, db_comment_indexes[i][1]);
		if (i == 0)
			test_kill_at("indexes");
	}
	st->bulk_indexes_dropped = false;
	bulk_free(b);
	if (rc == 0 && index)
		test_kill_at("commit");
	if (!st->pg) {
		db_exec(st, "PRAGMA cache_size = -2048");
		db_exec_quiet(st, "PRAGMA temp_store = MEMORY");
	}
	return rc;
}
