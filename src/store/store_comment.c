/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_comment.c — comments: adding with a materialized thread key, editing, soft
 * deleting, handling (disposition and response), and the keyset-paged queries that every
 * view and export reads through.
 *
 * Thread key: 4 big-endian bytes per level, the position among siblings (1, 2, ...).
 * A comment's key is its parent's key plus its own 4 bytes, so ordering a document's
 * comments by (document_id, thread_key) gives the flattened tree, a subtree is one key
 * range [key, successor(key)), and paging is a range scan from the last key shown. */
#include "pg.h"
#include "store_internal.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

#define KEY_STEP 4
#define MAX_BODY (1 << 20)

void comment_filter_init(struct comment_filter *f)
{
	memset(f, 0, sizeof *f);
	f->disposition = -1;
}

bool comment_filter_active(const struct comment_filter *f)
{
	return (f->author && *f->author) || (f->unit && *f->unit) || f->disposition >= 0 || f->pending_only ||
	       (f->text && *f->text) || (f->text_also && *f->text_also) || (f->since && *f->since) ||
	       (f->until && *f->until) || f->author_id;
}

void comment_clear(struct comment *c)
{
	free((void *)c->key);
	char *f[] = {c->author_code, c->author_name, c->author_unit, c->entered_by_name, c->body, c->quote,
	             c->created_at, c->edited_at, c->deleted_at, c->response, c->handled_by_name, c->handled_at,
	             c->section_label};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		free(f[i]);
	memset(c, 0, sizeof *c);
}

/* ---- reading rows ------------------------------------------------------------------ */

#define COMMENT_COLS \
	"c.id, c.document_id, c.section_id, c.parent_id, c.root_id, c.depth, c.thread_key, c.author_id, a.code, " \
	"a.name, a.unit, c.entered_by, e.name, c.body, c.quote, c.created_at, c.edited_at, c.deleted_at, " \
	"c.disposition, c.response, c.handled_by, h.name, c.handled_at, s.full_label, s.position"
/* LEFT JOINs keep comment as the outer loop, so the planner walks comment's index in order. */
#define COMMENT_FROM \
	" FROM comment c LEFT JOIN delegate a ON a.id = c.author_id LEFT JOIN delegate e ON e.id = c.entered_by " \
	"LEFT JOIN delegate h ON h.id = c.handled_by LEFT JOIN section s ON s.id = c.section_id "
/* The same columns looked up row by row (a page on a server, in an order of comment's own
 * columns): a new server session plans a five-way join in about three times the time of one
 * table with lookups (the planner weighs every order of the joins), and a page is a few
 * dozen rows. The same values: a lookup finds the one row the join would, or none (NULL). */
#define LOOKUP(col, table, id) "(SELECT " col " FROM " table " WHERE " table ".id = c." id ")"
#define COMMENT_COLS_LOOKUP \
	"c.id, c.document_id, c.section_id, c.parent_id, c.root_id, c.depth, c.thread_key, c.author_id, " \
	LOOKUP("code", "delegate", "author_id") ", " LOOKUP("name", "delegate", "author_id") ", " \
	LOOKUP("unit", "delegate", "author_id") ", c.entered_by, " LOOKUP("name", "delegate", "entered_by") ", " \
	"c.body, c.quote, c.created_at, c.edited_at, c.deleted_at, c.disposition, c.response, c.handled_by, " \
	LOOKUP("name", "delegate", "handled_by") ", c.handled_at, " LOOKUP("full_label", "section", "section_id") ", " \
	LOOKUP("position", "section", "section_id")
#define COMMENT_FROM_LOOKUP " FROM comment c "

static void comment_from_row(struct dbq *s, struct comment *c, bool copy, bool with_replies)
{
	memset(c, 0, sizeof *c);
	c->id = dbq_column_int64(s, 0);
	c->doc_id = dbq_column_int64(s, 1);
	c->section_id = dbq_column_int64(s, 2);
	c->parent_id = dbq_column_int64(s, 3);
	c->root_id = dbq_column_int64(s, 4);
	c->depth = dbq_column_int(s, 5);
	const void *key = dbq_column_blob(s, 6);
	c->key_len = (size_t)dbq_column_bytes(s, 6);
	if (copy) {
		unsigned char *k = xmalloc(c->key_len + 1);
		if (c->key_len)
			memcpy(k, key, c->key_len);
		c->key = k;
	} else {
		c->key = key;
	}
	c->author_id = dbq_column_int64(s, 7);
	c->entered_by = dbq_column_int64(s, 11);
	c->disposition = dbq_column_int(s, 18);
	c->handled_by = dbq_column_int64(s, 20);
	c->section_position = dbq_column_is_null(s, 24) ? -1 : dbq_column_int64(s, 24);
	c->n_replies = with_replies ? dbq_column_int64(s, 25) : -1;
	struct {
		char **dst;
		int col;
		bool empty;
	} f[] = {
		{&c->author_code, 8, true}, {&c->author_name, 9, true}, {&c->author_unit, 10, true},
		{&c->entered_by_name, 12, false}, {&c->body, 13, true}, {&c->quote, 14, false},
		{&c->created_at, 15, true}, {&c->edited_at, 16, false}, {&c->deleted_at, 17, false},
		{&c->response, 19, false}, {&c->handled_by_name, 21, false}, {&c->handled_at, 22, false},
		{&c->section_label, 23, true},
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		if (copy) {
			*f[i].dst = db_col_strdup(s, f[i].col, f[i].empty);
		} else {
			const char *t = db_col_text(s, f[i].col);
			*f[i].dst = (char *)(t ? t : f[i].empty ? "" : NULL);
		}
	}
}

int store_comment_get(struct store *st, gid id, struct comment *out)
{
	memset(out, 0, sizeof *out);
	struct dbq *s = db_cached(st, "SELECT " COMMENT_COLS ", (SELECT count(*) FROM comment r WHERE r.parent_id = c.id)"
	                                COMMENT_FROM "WHERE c.id = ?");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, id);
	int rc = dbq_step(s);
	if (rc == DBQ_ROW)
		comment_from_row(s, out, true, true);
	dbq_reset(s);
	if (rc == DBQ_ROW)
		return 0;
	return rc == DBQ_DONE ? 1 : db_error(st, N_("reading a comment"));
}

/* ---- thread keys ------------------------------------------------------------------- */

uint32_t key_component(const unsigned char *k)
{
	return (uint32_t)k[0] << 24 | (uint32_t)k[1] << 16 | (uint32_t)k[2] << 8 | (uint32_t)k[3];
}

void put_component(unsigned char *k, uint32_t v)
{
	k[0] = (unsigned char)(v >> 24);
	k[1] = (unsigned char)(v >> 16);
	k[2] = (unsigned char)(v >> 8);
	k[3] = (unsigned char)v;
}

size_t key_successor(const unsigned char *k, size_t len, unsigned char *out)
{
	memcpy(out, k, len);
	while (len > 0) {
		if (out[len - 1] != 0xFF) {
			out[len - 1]++;
			return len;
		}
		len--;
	}
	return 0;
}

int store_comment_descendants(struct store *st, const struct comment *c, int64_t *n)
{
	unsigned char succ[512];
	*n = 0;
	if (c->key_len > sizeof succ)
		return err_set(_("the thread is too deep (at most %d levels)"), (int)(sizeof succ / KEY_STEP) - 1);
	size_t slen = key_successor(c->key, c->key_len, succ);
	/* the subtree is one range of the (document_id, thread_key) index */
	struct dbq *s = slen ? db_cached(st, "SELECT count(*) FROM comment WHERE document_id = ?1 AND thread_key > ?2 "
	                                       "AND thread_key < ?3")
	                       : db_cached(st, "SELECT count(*) FROM comment WHERE document_id = ?1 AND thread_key > ?2");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, c->doc_id);
	dbq_bind_blob(s, 2, c->key, (int)c->key_len);
	if (slen)
		dbq_bind_blob(s, 3, succ, (int)slen);
	int rc = dbq_step(s);
	if (rc == DBQ_ROW)
		*n = dbq_column_int64(s, 0);
	dbq_reset(s);
	return rc == DBQ_ROW ? 0 : db_error(st, "counting replies");
}

/* Next free child position under parent key pk (NULL: a root) in doc. */
static int next_component(struct store *st, gid doc, const unsigned char *pk, size_t plen, bool parent_staged,
                          uint32_t *comp)
{
	struct dbq *s;
	uint32_t last;
	if (st->pg_bulk && pg_bulk_last_child(st, doc, pk, plen, parent_staged, &last)) { /* a bulk write's rows */
		if (last == UINT32_MAX)
			return err_set(_("too many replies in one thread"));
		*comp = last + 1;
		return 0;
	}
	unsigned char succ[STORE_MAX_THREAD_DEPTH * KEY_STEP];
	size_t slen = 0;
	if (pk) {
		if (plen + KEY_STEP > sizeof succ)
			return err_set(_("the thread is too deep (at most %d levels)"), STORE_MAX_THREAD_DEPTH);
		slen = key_successor(pk, plen, succ);
		/* the last key of the parent's subtree: one seek from the range's upper end (the
		 * bound must be a plain comparison, or the index range is not bounded) */
		s = slen ? db_cached(st, "SELECT thread_key FROM comment WHERE document_id = ?1 AND thread_key > ?2 "
		                         "AND thread_key < ?3 ORDER BY thread_key DESC LIMIT 1")
		         : db_cached(st, "SELECT thread_key FROM comment WHERE document_id = ?1 AND thread_key > ?2 "
		                         "ORDER BY thread_key DESC LIMIT 1");
		if (!s)
			return -1;
		dbq_bind_blob(s, 2, pk, (int)plen);
		if (slen)
			dbq_bind_blob(s, 3, succ, (int)slen);
	} else {
		s = db_cached(st, "SELECT thread_key FROM comment WHERE document_id = ?1 ORDER BY thread_key DESC LIMIT 1");
		if (!s)
			return -1;
	}
	dbq_bind_int64(s, 1, doc);
	const char *lock[2] = {db_lock_statement(st), NULL}; /* the siblings must not change from here on */
	int rc = dbq_step_after(s, lock);
	*comp = 1;
	if (rc == DBQ_ROW) {
		const unsigned char *k = dbq_column_blob(s, 0);
		size_t n = (size_t)dbq_column_bytes(s, 0);
		if (k && n >= plen + KEY_STEP) {
			uint32_t last = key_component(k + plen);
			if (last == UINT32_MAX) {
				dbq_reset(s);
				return err_set(_("too many replies in one thread"));
			}
			*comp = last + 1;
		}
	}
	dbq_reset(s);
	if (rc != DBQ_ROW && rc != DBQ_DONE)
		return db_error(st, N_("finding the thread position"));
	return 0;
}

/* ---- writing ----------------------------------------------------------------------- */

/* Normalised body, trailing blank space removed. NULL with an error when empty or huge. */
static char *clean_body(const char *body)
{
	size_t len = body ? strlen(body) : 0;
	if (db_require_utf8(N_("the comment"), body) != 0)
		return NULL;
	if (len > MAX_BODY) {
		err_set(_("the comment is too long (%zu bytes; at most %d)"), len, MAX_BODY);
		return NULL;
	}
	char *n = text_normalize(body ? body : "", len);
	size_t l = strlen(n);
	while (l > 0 && (n[l - 1] == ' ' || n[l - 1] == '\n' || n[l - 1] == '\t'))
		n[--l] = '\0';
	size_t lead = strspn(n, " \n\t");
	if (!n[lead]) {
		free(n);
		err_set(_("the comment is empty"));
		return NULL;
	}
	return n;
}

/* 1 when a comment has id, 0 when none, -1 on error. */
static int id_taken(struct store *st, gid id)
{
	struct dbq *s = db_cached(st, "SELECT 1 FROM comment WHERE id = ?");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, id);
	int rc = dbq_step(s);
	dbq_reset(s);
	if (rc != DBQ_ROW && rc != DBQ_DONE)
		return db_error(st, N_("choosing an id"));
	return rc == DBQ_ROW;
}

/* A random id no comment has yet (ids are unique across copies by chance; here we make
 * sure within this file, which also covers the reproducible ids of tests). */
static int fresh_comment_id(struct store *st, gid *out)
{
	for (int tries = 0; tries < 1000; tries++) {
		gid id = id_new();
		int taken = id_taken(st, id);
		if (taken < 0)
			return -1;
		if (!taken) {
			*out = id;
			return 0;
		}
	}
	return err_set(_("cannot find a free comment id"));
}

/* In a bulk write, what the next reply to comment id (0: a root of doc) needs: the window of
 * store_bulk.c keeps it (key, key_len: the comment's thread key; last: its last reply's
 * position). w: the comment's place in the window if it has one. */
static void keep_position(struct store *st, gid id, struct bulk_thread *w, gid doc, gid section, gid root, int depth,
                          const unsigned char *key, size_t key_len, uint32_t last)
{
	if (!id) {
		bulk_root_set(st, doc, last);
		return;
	}
	if (!w && !(w = bulk_thread_keep(st, id, key_len)))
		return;
	*w = (struct bulk_thread){.id = id, .doc = doc, .section = section, .root = root ? root : id,
	                          .depth = depth - 1, .last_child = last, .key_len = key_len};
	memcpy(w->key, key, key_len);
}

/* A comment placed by its INSERT on a server (a transaction of its own): ?7 is the parent's
 * key (empty for a root), the new key that plus one past the last sibling's component
 * (4 bytes, big-endian, as put_component); ?18 the parent key's successor, the upper bound of
 * its subtree (`upper`: "AND thread_key < ?18", or "" when it has none). Nothing is inserted
 * when the id is taken or the thread full (the caller then goes the long way, which says so). */
#define INSERT_PLACED(with, upper, join) \
	with "INSERT INTO comment(id, document_id, section_id, parent_id, root_id, depth, thread_key, author_id, " \
	"entered_by, body, quote, created_at, disposition, response, handled_by, handled_at, search) " \
	"SELECT ?1, ?2, CAST(?3 AS bigint), CAST(?4 AS bigint), ?5, ?6, " \
	"?7 || substring(int8send(p.last + 1) FROM 5 FOR 4), ?8, CAST(?9 AS bigint), CAST(?10 AS text), " \
	"CAST(?11 AS text), CAST(?12 AS text), ?13, CAST(?14 AS text), CAST(?15 AS bigint), CAST(?16 AS text), " \
	"to_tsvector('simple', ?17) " \
	"FROM (SELECT coalesce((SELECT CASE WHEN octet_length(k) >= octet_length(?7) + 4 THEN " \
	"(get_byte(k, octet_length(?7))::bigint << 24) | (get_byte(k, octet_length(?7) + 1) << 16) | " \
	"(get_byte(k, octet_length(?7) + 2) << 8) | get_byte(k, octet_length(?7) + 3) ELSE 0 END " \
	"FROM (SELECT thread_key AS k FROM comment WHERE document_id = ?2 AND thread_key > ?7 " upper \
	" ORDER BY thread_key DESC LIMIT 1) AS l), 0) AS last) AS p " join \
	"WHERE p.last < 4294967295 AND NOT EXISTS (SELECT 1 FROM comment WHERE id = ?1) RETURNING thread_key"
/* ...and, when its transaction's first statements go with it (st->begin_kept), who writes it
 * and when (?19–?21, store_session_bind) set by the same statement for its transaction alone,
 * where the insert's trigger reads them (migration 14): one round trip for the whole comment,
 * and no row of audit_session written and removed, which every writer's trigger and removal
 * read past until a vacuum. */
#define WITH_SESSION \
	"WITH s AS (SELECT set_config('gopy.os_user', CAST(?19 AS text), true), " \
	"set_config('gopy.delegate_id', CAST(CAST(?20 AS bigint) AS text), true), " \
	"set_config('gopy.at', CAST(?21 AS text), true)) "
#define JOIN_SESSION "CROSS JOIN s "

static int insert_comment(struct store *st, const struct comment_new *c, const char *body, gid *id_out)
{
	gid doc = c->doc_id, section = c->section_id, root = 0;
	int depth = 0;
	unsigned char key[STORE_MAX_THREAD_DEPTH * KEY_STEP];
	size_t klen = 0;
	char created[21];

	if (c->created_at) {
		if (!time_parse_iso(c->created_at, created))
			return err_set(_("'%s' is not a time (YYYY-MM-DDTHH:MM:SSZ)"), c->created_at);
	} else {
		clock_now_iso(created);
	}
	/* in a bulk write, a recent parent, the last root and a section's document are known
	 * without a query (store_bulk.c) */
	struct bulk_thread *pw = c->parent_id ? bulk_thread_find(st, c->parent_id) : NULL;
	uint32_t last = 0;
	bool last_known = false, staged = false;
	gid pdoc;
	/* on a server, a comment in a transaction of its own is placed by the INSERT itself; its
	 * transaction's first statements, when kept, go with it, unless a lookup comes first */
	bool placed = st->one_trip && st->pg && !c->id && !st->bulk && !st->pg_bulk;
	if ((!placed || c->parent_id || section) && store_begin_send(st) != 0)
		return -1;
	if (pw) {
		if (doc && doc != pw->doc)
			return err_set(_("comment %lld belongs to another document"), (long long)c->parent_id);
		doc = pw->doc;
		section = pw->section;
		root = pw->root;
		depth = pw->depth + 1;
		klen = pw->key_len;
		memcpy(key, pw->key, klen);
		last = pw->last_child;
		last_known = true;
	} else if (c->parent_id && st->pg_bulk &&
	           pg_bulk_parent(st, c->parent_id, &pdoc, &section, &root, &depth, key, &klen)) {
		staged = true; /* a comment this bulk write staged on a server, outside the window */
		depth++;
		if (klen + KEY_STEP > sizeof key)
			return err_set(_("the thread is too deep (at most %d levels)"), STORE_MAX_THREAD_DEPTH);
		if (doc && doc != pdoc)
			return err_set(_("comment %lld belongs to another document"), (long long)c->parent_id);
		doc = pdoc;
	} else if (c->parent_id) {
		struct dbq *s = db_cached(st, "SELECT document_id, section_id, root_id, depth, thread_key FROM comment "
		                                "WHERE id = ?");
		if (!s)
			return -1;
		dbq_bind_int64(s, 1, c->parent_id);
		int rc = dbq_step(s);
		if (rc == DBQ_ROW) {
			pdoc = dbq_column_int64(s, 0);
			section = dbq_column_int64(s, 1);
			root = dbq_column_int64(s, 2);
			depth = dbq_column_int(s, 3) + 1;
			klen = (size_t)dbq_column_bytes(s, 4);
			if (klen + KEY_STEP > sizeof key) {
				dbq_reset(s);
				return err_set(_("the thread is too deep (at most %d levels)"), STORE_MAX_THREAD_DEPTH);
			}
			if (klen)
				memcpy(key, dbq_column_blob(s, 4), klen);
			if (doc && doc != pdoc) {
				dbq_reset(s);
				return err_set(_("comment %lld belongs to another document"), (long long)c->parent_id);
			}
			doc = pdoc;
		}
		dbq_reset(s);
		if (rc == DBQ_DONE)
			return err_set(_("no comment with id %lld to reply to"), (long long)c->parent_id);
		if (rc != DBQ_ROW)
			return db_error(st, N_("reading the parent comment"));
	} else if (section) {
		gid sdoc = 0;
		if (!bulk_section_doc(st, section, &sdoc)) {
			struct dbq *s = db_cached(st, "SELECT document_id FROM section WHERE id = ?");
			if (!s)
				return -1;
			dbq_bind_int64(s, 1, section);
			int rc = dbq_step(s);
			sdoc = rc == DBQ_ROW ? dbq_column_int64(s, 0) : 0;
			dbq_reset(s);
			if (rc != DBQ_ROW && rc != DBQ_DONE)
				return db_error(st, N_("reading the section"));
			if (sdoc)
				bulk_section_doc(st, section, &sdoc);
		}
		if (!sdoc || (doc && sdoc != doc))
			return err_set(_("the section does not belong to this document"));
		doc = sdoc;
	}
	if (!doc)
		return err_set(_("a comment needs a document"));

	uint32_t comp = 0;
	if (!c->parent_id && !placed)
		last_known = bulk_root_last(st, doc, &last);
	if (placed) {
		/* (its thread position and free id are found by the server under the lock) */
	} else if (!last_known) {
		if (next_component(st, doc, c->parent_id ? key : NULL, klen, staged, &comp) != 0)
			return -1;
	} else if (last == UINT32_MAX) {
		return err_set(_("too many replies in one thread"));
	} else {
		comp = last + 1;
	}
	/* The id: in a bulk write not looked up first (the insert refuses one that is taken);
	 * otherwise checked free after the thread position, which took the write lock: two writers
	 * on a server must not both find one id free (the reproducible ids of tests draw alike). */
	gid id = c->id;
	if (!id && !st->bulk && !placed && fresh_comment_id(st, &id) != 0)
		return -1;
	if (!id)
		id = id_new();
	if (id_out) /* known before it is sent (store_comment_landed) */
		*id_out = id;
	size_t plen = klen;
	if (!placed) {
		put_component(key + klen, comp);
		klen += KEY_STEP;
	}

	if (!root)
		root = id;
	bool handled = c->disposition != DISP_PENDING || (c->response && *c->response);
	char handled_at[21];
	if (c->disposition < 0 || c->disposition >= DISP_COUNT)
		return err_set(_("unknown disposition %d"), c->disposition);
	if (handled && (!c->handled_at || !time_parse_iso(c->handled_at, handled_at)))
		clock_now_iso(handled_at);
	char *quote = c->quote && *c->quote ? text_normalize(c->quote, strlen(c->quote)) : NULL;
	char *resp = c->response && *c->response ? text_normalize(c->response, strlen(c->response)) : NULL;
	if (st->pg_bulk && !c->id) { /* a bulk write on a server: staged, sent with the others (pg_bulk.c) */
		struct pg_bulk_row r = {id, doc, section, c->parent_id, root, depth, key, klen, c->author_id,
		                        c->entered_by != c->author_id ? c->entered_by : 0, body, quote, created,
		                        c->disposition, resp, handled ? c->handled_by : 0, handled ? handled_at : NULL};
		int rc = pg_bulk_add(st, &r);
		free(resp);
		free(quote);
		if (rc != 0)
			return -1;
		keep_position(st, c->parent_id, pw, doc, section, root, depth, key, plen, comp);
		keep_position(st, id, NULL, doc, section, root, depth + 1, key, klen, 0);
		if (id_out)
			*id_out = id;
		return 0;
	}
	/* on a server the search vector comes with the row (not a second statement at the commit) */
	unsigned char succ[sizeof key];
	size_t slen = placed ? key_successor(key, klen, succ) : 0;
	/* a comment in a transaction of its own on a server: the commit goes with the insert (and
	 * when placed by it, the write lock before it: held only while the server runs the three;
	 * before the lock, the transaction's first statements when they were kept for it) */
	const char *end[PG_BEFORE_MAX + 1];
	bool session_kept = placed && st->begin_kept; /* (then no audit_session row to remove) */
	bool with_commit = st->search_ready && st->tx_depth == 1 &&
	                   pg_commit_statements(st, session_kept ? NULL : "DELETE FROM audit_session", end, placed);
	if (!with_commit && store_begin_send(st) != 0) {
		free(resp);
		free(quote);
		return -1;
	}
	bool with_session = placed && st->begin_kept;
	struct dbq *s = with_session ? db_cached(st, slen ? INSERT_PLACED(WITH_SESSION, "AND thread_key < ?18", JOIN_SESSION)
	                                                : INSERT_PLACED(WITH_SESSION, "", JOIN_SESSION))
	                : placed ? db_cached(st, slen ? INSERT_PLACED("", "AND thread_key < ?18", "") : INSERT_PLACED("", "", ""))
	                       : db_cached(st, DB_SQL(st, "INSERT INTO comment(id, document_id, section_id, parent_id, root_id, depth, "
	                                         "thread_key, author_id, entered_by, body, quote, created_at, disposition, "
	                                         "response, handled_by, handled_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	                                     "INSERT INTO comment(id, document_id, section_id, parent_id, root_id, depth, "
	                                         "thread_key, author_id, entered_by, body, quote, created_at, disposition, "
	                                         "response, handled_by, handled_at, search) "
	                                         "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?, to_tsvector('simple', ?17))"));
	if (!s) {
		free(resp);
		free(quote);
		return -1;
	}
	if (st->pg) {
		char *folded = text_fold(body, strlen(body));
		dbq_bind_text(s, 17, folded, -1);
		free(folded);
	}
	dbq_bind_int64(s, 1, id);
	dbq_bind_int64(s, 2, doc);
	db_bind_id(s, 3, section);
	db_bind_id(s, 4, c->parent_id);
	dbq_bind_int64(s, 5, root);
	dbq_bind_int(s, 6, depth);
	dbq_bind_blob(s, 7, key, (int)klen);
	dbq_bind_int64(s, 8, c->author_id);
	db_bind_id(s, 9, c->entered_by != c->author_id ? c->entered_by : 0);
	dbq_bind_text(s, 10, body, -1);
	db_bind_text(s, 11, quote);
	db_bind_text(s, 12, created);
	dbq_bind_int(s, 13, c->disposition);
	db_bind_text(s, 14, resp);
	db_bind_id(s, 15, handled ? c->handled_by : 0);
	db_bind_text(s, 16, handled ? handled_at : NULL);
	if (slen)
		dbq_bind_blob(s, 18, succ, (int)slen);
	const char *before[PG_BEFORE_MAX + 1] = {NULL};
	int nb = 0;
	if (with_session) {
		store_session_bind(st, s, 19);
		for (; st->kept[nb] && nb < PG_BEFORE_MAX - 1; nb++)
			before[nb] = st->kept[nb];
		st->begin_kept = false;
	}
	before[nb] = placed ? db_lock_statement(st) : NULL;
	before[nb + 1] = NULL;
	int rc = with_commit ? dbq_step_around(s, before, end) : dbq_step(s);
	bool none = false; /* placed: nothing inserted (its id was taken, or the thread is full) */
	if (placed && rc == DBQ_ROW) { /* the key the server gave it */
		size_t n = (size_t)dbq_column_bytes(s, 0);
		if (n == plen + KEY_STEP && n <= sizeof key) {
			memcpy(key, dbq_column_blob(s, 0), n);
			comp = key_component(key + plen);
			klen = n;
		}
		rc = DBQ_DONE;
	} else if (placed && rc == DBQ_DONE) {
		none = true;
	}
	if (with_commit && rc == DBQ_DONE) {
		st->committed = true;
		pg_committed(st);
	}
	dbq_reset(s);
	if (none) {
		free(resp);
		free(quote);
		return 1; /* the transaction committed nothing: store_comment_add goes the long way */
	}
	for (int tries = 0; rc != DBQ_DONE && !c->id && st->bulk && tries < 1000 && id_taken(st, id) == 1; tries++) {
		gid again = id_new(); /* a fresh id that another copy's comment has: draw again */
		if (root == id) /* a root is its own thread's root */
			dbq_bind_int64(s, 5, root = again);
		dbq_bind_int64(s, 1, id = again);
		rc = dbq_step(s);
		dbq_reset(s);
	}
	free(resp);
	free(quote);
	if (rc != DBQ_DONE) {
		enum db_fault fault = db_last_fault(st);
		if (fault == DB_FAULT_FOREIGN_KEY)
			return err_set(_("unknown author or section for the comment"));
		if (fault == DB_FAULT_UNIQUE && c->id)
			return err_set(_("a comment with id %lld already exists"), (long long)c->id);
		return db_error(st, N_("adding a comment"));
	}
	bulk_count(st, doc, section, true, c->disposition == DISP_PENDING);
	bulk_tally(st, doc, c->author_id, c->disposition, !c->parent_id);
	bulk_day(st, doc, created, key, klen);
	keep_position(st, c->parent_id, pw, doc, section, root, depth, key, plen, comp);
	keep_position(st, id, NULL, doc, section, root, depth + 1, key, klen, 0);
	if (id_out)
		*id_out = id;
	return 0;
}

int store_comment_add(struct store *st, const struct comment_new *c, gid *id_out)
{
	if (db_require_utf8(N_("the quoted text"), c->quote) != 0 || db_require_utf8(N_("the response"), c->response) != 0)
		return -1;
	char *body = clean_body(c->body);
	if (!body)
		return -1;
	/* On a server, a comment added in a transaction of its own takes the write lock only to
	 * find its thread position (next_component): the lookups and the id come before it. */
	bool own = st->pg && st->tx_depth == 0;
	int rc;
	for (int tries = 0;; tries++) {
		st->lock_late = own;
		st->keep_begin = own && tries == 0; /* (sent with the comment: one round trip) */
		rc = store_write_begin(st);
		st->lock_late = st->keep_begin = false;
		st->search_ready = own && rc == 0; /* the row carries its search vector */
		/* the first try: placed, inserted and committed in one round trip with the lock */
		st->one_trip = st->search_ready && tries == 0 && db_lock_pending(st);
		if (rc != 0)
			break;
		rc = insert_comment(st, c, body, id_out);
		st->one_trip = false;
		if (rc != 1 || tries > 0) {
			rc = store_write_end(st, rc);
			break;
		}
		store_write_end(st, 0); /* (committed nothing): again, the thread position first */
	}
	free(body);
	return rc;
}

int store_comment_landed(struct store *st, gid id, const struct comment_new *c)
{
	if (!id)
		return 0;
	/* a session that lost its connection may still be running its transaction: ended first */
	if (st->pg && pg_end_lost_session(st) != 0)
		return -1;
	char *body = clean_body(c->body);
	if (!body)
		return -1;
	struct dbq *s = db_cached(st, "SELECT count(*) FROM comment WHERE id = ? AND author_id = ? AND body = ?");
	int rc = -1;
	if (s) {
		dbq_bind_int64(s, 1, id);
		dbq_bind_int64(s, 2, c->author_id);
		dbq_bind_text(s, 3, body, -1);
		rc = dbq_step(s) == DBQ_ROW ? dbq_column_int64(s, 0) > 0 : db_error(st, N_("looking for a comment"));
		dbq_reset(s);
	}
	free(body);
	return rc;
}

/* Run one UPDATE on a live comment in its own (or the caller's) transaction. */
static int update_comment(struct store *st, const char *sql, gid id, const char *a, const char *at, gid who,
                          int disp)
{
	if (store_write_begin(st) != 0)
		return -1;
	struct dbq *s = db_cached(st, sql);
	int rc = -1;
	if (s) {
		char now[21];
		if (!at || !time_parse_iso(at, now))
			clock_now_iso(now);
		dbq_bind_int64(s, dbq_bind_index(s, ":id"), id);
		db_bind_text(s, dbq_bind_index(s, ":now"), now);
		if (dbq_bind_index(s, ":a"))
			db_bind_text(s, dbq_bind_index(s, ":a"), a);
		if (dbq_bind_index(s, ":who"))
			db_bind_id(s, dbq_bind_index(s, ":who"), who);
		if (dbq_bind_index(s, ":disp")) {
			if (disp >= 0)
				dbq_bind_int(s, dbq_bind_index(s, ":disp"), disp);
		}
		if (db_step_done(st, s, N_("updating a comment")) == 0)
			rc = db_changes(st) > 0 ? 0 : err_set(_("no comment with id %lld (or it was deleted)"),
			                                               (long long)id);
	}
	return store_write_end(st, rc);
}

int store_comment_edit(struct store *st, gid id, const char *body)
{
	char *b = clean_body(body);
	if (!b)
		return -1;
	int rc = update_comment(st, "UPDATE comment SET body = :a, edited_at = :now WHERE id = :id AND deleted_at IS NULL",
	                        id, b, NULL, 0, -1);
	free(b);
	return rc;
}

int store_comment_delete(struct store *st, gid id)
{
	return update_comment(st, "UPDATE comment SET deleted_at = :now WHERE id = :id AND deleted_at IS NULL", id, NULL,
	                      NULL, 0, -1);
}

int store_comment_handle(struct store *st, gid id, int disposition, const char *response, gid handler)
{
	return store_comment_handle_at(st, id, disposition, response, handler, NULL);
}

int store_comment_handle_at(struct store *st, gid id, int disposition, const char *response, gid handler,
                            const char *at)
{
	if (at && !time_parse_iso(at, NULL))
		return err_set(_("'%s' is not a time (YYYY-MM-DDTHH:MM:SSZ)"), at);
	if (disposition >= DISP_COUNT)
		return err_set(_("unknown disposition %d"), disposition);
	if (db_require_utf8(N_("the response"), response) != 0)
		return -1;
	char *resp = NULL;
	if (response) {
		resp = text_normalize(response, strlen(response));
		size_t l = strlen(resp);
		while (l > 0 && (resp[l - 1] == ' ' || resp[l - 1] == '\n'))
			resp[--l] = '\0';
	}
	int rc = update_comment(st,
	                        "UPDATE comment SET disposition = coalesce(:disp, disposition), "
	                        "response = CASE WHEN :a IS NULL THEN response WHEN :a = '' THEN NULL ELSE :a END, "
	                        "handled_by = :who, handled_at = :now WHERE id = :id AND deleted_at IS NULL",
	                        id, resp, at, handler, disposition);
	free(resp);
	return rc;
}

/* ---- queries ----------------------------------------------------------------------- */

/* One text query of a filter, as the SQL and the checks in C need it. */
struct text_filter {
	char *match;            /* the search index's expression (bound by name) */
	char *fold;             /* the query folded (text_fold) */
	char *casefold;         /* the query with its marks, when it has any: checked in C */
};

static void text_filter_free(struct text_filter *t)
{
	free(t->match);
	free(t->fold);
	free(t->casefold);
}

/* A query under construction: SQL text plus the values to bind, by name. */
struct qbuild {
	struct buf sql;
	gid author_id;          /* resolved exact author code, 0 if none */
	char *author_fold;      /* author name substring (checked in C), NULL if none */
	char *unit_fold;        /* unit substring (checked in C), NULL if none */
	struct text_filter text, text_also; /* filter.text and filter.text_also */
	unsigned char *cur_key; /* cursor's sort key for ORDER_AUTHOR */
	size_t cur_key_len;
	unsigned char succ[STORE_MAX_THREAD_DEPTH * KEY_STEP];
	size_t succ_len;
	size_t where_at, order_at; /* where the conditions and the ORDER BY start in sql */
	struct buf keys;           /* a span's keys sorted alone: the query of their rows' seq, in order */
};


static void qbuild_free(struct qbuild *q)
{
	buf_free(&q->sql);
	buf_free(&q->keys);
	free(q->author_fold);
	free(q->unit_fold);
	text_filter_free(&q->text);
	text_filter_free(&q->text_also);
	free(q->cur_key);
}

static const char *order_columns(const struct store *st, enum comment_order o)
{
	switch (o) {
	case ORDER_TIME:
		return "c.created_at, c.id";
	case ORDER_SECTION:
		return "coalesce(s.position, -1), c.thread_key";
	case ORDER_AUTHOR:
		return DB_SQL(st, "coalesce(a.sort_key, x''), c.author_id, c.created_at, c.id",
		              "coalesce(a.sort_key, '\\x'::bytea), c.author_id, c.created_at, c.id");
	case ORDER_THREAD:
	default:
		return "c.thread_key";
	}
}

static const char *order_binds(enum comment_order o)
{
	switch (o) {
	case ORDER_TIME:
		return ":k_time, :k_id";
	case ORDER_SECTION:
		return ":k_pos, :k_key";
	case ORDER_AUTHOR:
		return ":k_akey, :k_aid, :k_time, :k_id";
	case ORDER_THREAD:
	default:
		return ":k_key";
	}
}

/* " AND c.author_id IN (...)": the delegates whose folded name (by_name) or unit contains
 * fold, so that a limit by a part of a name or a unit reads the comment_author index ranges
 * of those authors instead of scanning the document (the C check stays, for exactness). */
static int author_ids_in(struct store *st, const char *fold, bool by_name, struct buf *sql)
{
	struct dbq *s = db_cached(st, "SELECT id, name, unit FROM delegate");
	if (!s)
		return -1;
	int rc, n = 0;
	buf_puts(sql, " AND c.author_id IN (");
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		const char *v = db_col_text(s, by_name ? 1 : 2);
		char *f = text_fold(v ? v : "", v ? strlen(v) : 0);
		if (strstr(f, fold))
			buf_printf(sql, "%s%lld", n++ ? ", " : "", (long long)dbq_column_int64(s, 0));
		free(f);
	}
	dbq_reset(s);
	buf_puts(sql, n ? ")" : "NULL)"); /* IN () is SQLite's alone */
	return rc == DBQ_DONE ? 0 : db_error(st, "reading delegates");
}

/* While the sections are walked in order under a limit by a unit or a part of a name
 * (run_grouped), its authors, found once for the walk: each section's merge of its authors'
 * ranges (run_merged, comment_author_section) takes them instead of reading and folding every
 * delegate again, which was most of a section's cost (their IN list in one query instead made
 * the planner read the whole section through comment_section). */
#define WALK_MAX_AUTHORS 64
struct walk_authors {
	const char *author, *unit; /* the filter's strings this list is for */
	gid ids[WALK_MAX_AUTHORS];
	size_t n;
};
static const struct walk_authors *walk_authors; /* set for the length of one walk */

static bool walking_authors_of(const struct comment_filter *f)
{
	return walk_authors && walk_authors->author == f->author && walk_authors->unit == f->unit;
}

/* While the sections are walked in order under a span of dates (run_grouped), the range of
 * thread keys the span's comments lie in (comment_day, migration 12): each section is read in
 * thread order between its bounds only, not from its start or end to the span (a span at the
 * start of a long consultation: the last section's comments after it, and every section's,
 * were read to find that none is in it). The bounds contain every key of the span's days
 * (store_days.c), and the dates are still checked on each row. */
struct walk_span {
	const char *since, *until; /* the filter's strings this range is for */
	struct day_span keys;
};
static const struct walk_span *walk_span; /* set for the length of one walk */

static bool walking_span_of(const struct comment_query *q)
{
	return walk_span && walk_span->since == q->filter.since && walk_span->until == q->filter.until &&
	       q->order == ORDER_THREAD && q->scope != SCOPE_DOCUMENT;
}

/* While the days are walked in order for the time order inside a section (run_days), the day
 * read now: its comments of the section lie between its bounds on thread keys (comment_day). */
struct walk_day {
	char day[11];           /* substr(created_at, 1, 10) */
	unsigned char *lo, *hi; /* owned by the walk */
	size_t lo_len, hi_len;
};
static const struct walk_day *walk_day; /* set for one day's query of the walk */

static bool walking_day_of(const struct comment_query *q)
{
	return walk_day && q->order == ORDER_TIME && q->scope != SCOPE_DOCUMENT;
}

/* A limit by dates that holds few comments (DATES_FEW) is read through the time index and
 * sorted into the view's order: the same few comments at any size of file; a wider one is
 * walked in the view's order within its keys' range (run_dated) or read in it and filtered. */
#define DATES_FEW 50000
/* DATES_FEW, or what tests set (GOPY_TEST_DATES_FEW, also the window of run_dated below) */
static int64_t dates_tuned(int64_t v)
{
	const char *t = getenv("GOPY_TEST_DATES_FEW");
	return t && atoi(t) > 0 ? atoi(t) : v;
}

/* From comment_day (migration 12): the span's comments counted at once, deleted ones too (an
 * estimate from the document's span of time took the dates as evenly spread). */
static bool dates_few(struct store *st, const struct comment_query *q)
{
	const struct comment_filter *f = &q->filter;
	if (!(f->since && *f->since) && !(f->until && *f->until))
		return false;
	struct day_span span;
	bool few = days_span(st, q->doc_id, f->since, f->until, &span) == 0 && span.n <= dates_tuned(DATES_FEW);
	day_span_clear(&span);
	return few;
}

/* t for text: its folded form, the search index's expression (SQLite's), its marks if it has
 * any; 0, or -1 without letters or digits. */
static int text_probe_init(const char *text, struct text_filter *t)
{
	t->fold = text_fold(text, strlen(text));
	t->match = search_match_expr(t->fold);
	t->casefold = text_has_diacritics(text, strlen(text)) ? text_casefold(text, strlen(text)) : NULL;
	return t->match ? 0 : err_set(_("the text filter has no letters or digits"));
}

/* The clause of one text query (the search index's phrase, named `name` for binding), its
 * parts kept in *t for binding and for the checks in C; appended to sql. */
static int add_text_filter(struct store *st, const char *text, struct text_filter *t, const char *name,
                           struct buf *sql)
{
	if (text_probe_init(text, t) != 0)
		return -1;
	if (st->pg) { /* the server's index holds the folded words: the phrase is the folded text */
		free(t->match);
		t->match = xstrdup(t->fold);
	}
	/* a deleted comment's text is gone for readers: it never matches */
	buf_printf(sql, DB_SQL(st, " AND c.deleted_at IS NULL AND c.seq IN (SELECT rowid FROM comment_fts WHERE "
	                           "comment_fts MATCH %s)",
	                       " AND c.deleted_at IS NULL AND c.search @@ phraseto_tsquery('simple', %s)"),
	           name);
	return 0;
}

/* A limit up to this is a page (a screen and more) read at once; past it a whole read. */
#define PAGE_ROWS_MAX 1024

/* limit: the rows the caller reads at most (0: every row). */
static int build_query(struct store *st, const struct comment_query *q, enum page_from from, int64_t limit,
                       bool with_replies, bool dates_sorted, struct qbuild *b)
{
	memset(b, 0, sizeof *b);
	const struct comment_filter *f = &q->filter;
	/* (a whole read, an export, keeps the joins: the planner may then hash them) */
	bool lookup = st->pg && limit > 0 && limit <= PAGE_ROWS_MAX && (q->order == ORDER_THREAD || q->order == ORDER_TIME);
	buf_puts(&b->sql, lookup ? "SELECT " COMMENT_COLS_LOOKUP : "SELECT " COMMENT_COLS);
	buf_puts(&b->sql, with_replies ? ", (SELECT count(*) FROM comment r WHERE r.parent_id = c.id)" : ", 0");
	buf_puts(&b->sql, ", c.seq"); /* column PROBE_SEQ_COL: the row of the search index */
	buf_puts(&b->sql, lookup ? COMMENT_FROM_LOOKUP "WHERE " : COMMENT_FROM "WHERE ");
	size_t where_at = b->where_at = b->sql.len;
	buf_puts(&b->sql, "c.document_id = :doc");
	if (q->scope == SCOPE_SECTION)
		buf_puts(&b->sql, " AND c.section_id = :sec");
	else if (q->scope == SCOPE_GENERAL)
		buf_puts(&b->sql, " AND c.section_id IS NULL");
	if (!f->include_deleted)
		buf_puts(&b->sql, " AND c.deleted_at IS NULL");
	/* Which index finds the rows: an author's (a unit's authors'), a section's, a short span
	 * of time, else the document in the view's order. The other terms are written so that
	 * the planner cannot read their index ('+'): a disposition matches a sixth of a document
	 * or more, and walking it in order to find one author's comments reads most of it. */
	bool few = (f->author && *f->author) || (f->unit && *f->unit) || f->author_id || q->scope != SCOPE_DOCUMENT;
	bool by_time = !few && (dates_sorted || dates_few(st, q));
	/* in time order the span is a range of the time index whatever it holds: the rows come in
	 * order, and the end of the span ends the read (filtering the index's order instead read
	 * every comment after the span to find that there is none) */
	bool time_range = by_time || (!few && q->order == ORDER_TIME);
	const char *disp = few || time_range ? "+c.disposition" : "c.disposition";
	if (f->disposition >= 0)
		buf_printf(&b->sql, " AND %s = :disp", disp);
	if (f->pending_only)
		buf_printf(&b->sql, " AND %s = 0", disp);
	/* in time order a cursor is the span's bound on its side: the other term only filters, or
	 * the planner read the span from its start to the cursor */
	bool after = q->order == ORDER_TIME && (from == PAGE_AFTER || from == PAGE_AT);
	bool before = q->order == ORDER_TIME && from == PAGE_BEFORE;
	if (f->since && *f->since) /* (PostgreSQL has no unary + on text: its planner has statistics) */
		buf_puts(&b->sql, (time_range && !after) || st->pg ? " AND c.created_at >= :since" : " AND +c.created_at >= :since");
	if (f->until && *f->until) /* the day's last second sorts before until + "U" ("…T23:59:59Z") */
		buf_puts(&b->sql, !time_range ? " AND substr(c.created_at, 1, 10) <= :until"
		                  : before && !st->pg ? " AND +c.created_at < :until_end" : " AND c.created_at < :until_end");
	if (walking_day_of(q))
		buf_puts(&b->sql, " AND substr(c.created_at, 1, 10) = :wday AND c.thread_key >= :wday_lo AND "
		                  "c.thread_key <= :wday_hi");
	if (walking_span_of(q)) { /* (after a cursor the cursor is the lower bound, before it the upper) */
		if (from != PAGE_AFTER && from != PAGE_AT && from != PAGE_AFTER_SUBTREE)
			buf_puts(&b->sql, " AND c.thread_key >= :span_lo");
		if (from != PAGE_BEFORE)
			buf_puts(&b->sql, " AND c.thread_key <= :span_hi");
	}
	if (f->author_id)
		buf_puts(&b->sql, " AND c.author_id = :author_id");
	if (f->author && *f->author) {
		struct delegate d;
		int rc = store_delegate_get(st, f->author, false, &d);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			b->author_id = d.id;
			delegate_clear(&d);
			buf_puts(&b->sql, " AND c.author_id = :author");
		} else {
			b->author_fold = text_fold(f->author, strlen(f->author));
			if (author_ids_in(st, b->author_fold, true, &b->sql) != 0)
				return -1;
		}
	}
	if (f->unit && *f->unit) {
		b->unit_fold = text_fold(f->unit, strlen(f->unit));
		if (author_ids_in(st, b->unit_fold, false, &b->sql) != 0)
			return -1;
	}
	if (f->text && *f->text && add_text_filter(st, f->text, &b->text, ":match", &b->sql) != 0)
		return -1;
	if (f->text_also && *f->text_also && add_text_filter(st, f->text_also, &b->text_also, ":match_also", &b->sql) != 0)
		return -1;
	const char *cols = order_columns(st, q->order), *binds = order_binds(q->order);
	/* one author's comments of a section in time order (the author order's walk): the section's
	 * range of comment_author_section, sorted, not every comment of the author in time order
	 * through comment_author_time, which the planner takes for the order alone; one day's of a
	 * section (the days' walk): a range of comment_section, not the document's in time order */
	if (q->order == ORDER_TIME && (f->author_id || walking_day_of(q)) && q->scope != SCOPE_DOCUMENT && !st->pg)
		cols = "+c.created_at, c.id";
	/* the keys of a span of dates sorted alone: the cursor must not make the thread key's index
	 * the planner's choice (it would read the document in order to find the span) */
	const char *kcols = by_time && q->order == ORDER_THREAD && !st->pg ? "+c.thread_key" : cols;
	switch (from) {
	case PAGE_AFTER:
		buf_printf(&b->sql, " AND (%s) > (%s)", kcols, binds);
		break;
	case PAGE_AT:
		buf_printf(&b->sql, " AND (%s) >= (%s)", kcols, binds);
		break;
	case PAGE_BEFORE:
		buf_printf(&b->sql, " AND (%s) < (%s)", kcols, binds);
		break;
	case PAGE_AFTER_SUBTREE:
		if (q->order != ORDER_THREAD)
			return err_set(_("PAGE_AFTER_SUBTREE needs ORDER_THREAD"));
		buf_puts(&b->sql, " AND c.thread_key >= :succ");
		break;
	default:
		break;
	}
	size_t order_at = b->order_at = b->sql.len;
	bool desc = from == PAGE_LAST || from == PAGE_BEFORE;
	if (desc) {
		/* every column descending (split at top-level commas: "coalesce(x, -1)" is one) */
		buf_puts(&b->sql, " ORDER BY ");
		int depth = 0;
		for (const char *p = cols; *p; p++) {
			if (*p == '(')
				depth++;
			else if (*p == ')')
				depth--;
			if (*p == ',' && depth == 0)
				buf_puts(&b->sql, " DESC");
			buf_putc(&b->sql, *p);
		}
		buf_puts(&b->sql, " DESC");
	} else {
		buf_printf(&b->sql, " ORDER BY %s", cols);
	}
	/* A few comments read by time and sorted into thread order, or one author's sorted into
	 * the sections' order: sort their keys alone, then read the page's rows (sorting whole rows
	 * computed every row's joins first). Not when a filter in C follows (the LIMIT would cut
	 * before it). */
	bool by_section = q->order == ORDER_SECTION && few && !st->pg && !b->author_fold && !b->unit_fold;
	if (((by_time && (q->order == ORDER_THREAD || q->order == ORDER_TIME)) || by_section) && !b->text.casefold && !b->text_also.casefold) {
		struct buf k = {0};
		buf_append(&k, b->sql.data, where_at);
		buf_puts(&k, by_section ? "c.seq IN (SELECT c.seq FROM comment c LEFT JOIN section s ON s.id = c.section_id WHERE "
		                        : "c.seq IN (SELECT c.seq FROM comment c WHERE ");
		buf_append(&k, b->sql.data + where_at, b->sql.len - where_at);
		buf_puts(&k, " LIMIT :lim)");
		buf_append(&k, b->sql.data + order_at, b->sql.len - order_at);
		if (!by_section) {
			buf_puts(&b->keys, "SELECT c.seq FROM comment c WHERE ");
			buf_append(&b->keys, b->sql.data + where_at, b->sql.len - where_at);
			buf_puts(&b->keys, " LIMIT :lim");
		}
		buf_free(&b->sql);
		b->sql = k;
	}
	return 0;
}

static void bind_named(struct dbq *s, const char *name, int kind, int64_t i, const void *p, size_t n)
{
	int idx = dbq_bind_index(s, name);
	if (!idx)
		return;
	if (kind == 0)
		dbq_bind_int64(s, idx, i);
	else if (kind == 1)
		dbq_bind_text(s, idx, p, (int)n);
	else
		dbq_bind_blob(s, idx, p ? p : "", (int)n);
}

static int bind_query(const struct comment_query *q, enum page_from from, const struct comment *cur,
                      struct qbuild *b, struct dbq *s)
{
	const struct comment_filter *f = &q->filter;
	bind_named(s, ":doc", 0, q->doc_id, NULL, 0);
	bind_named(s, ":sec", 0, q->section_id, NULL, 0);
	bind_named(s, ":disp", 0, f->disposition, NULL, 0);
	if (f->since)
		bind_named(s, ":since", 1, 0, f->since, strlen(f->since));
	if (f->until) {
		char end[32];
		snprintf(end, sizeof end, "%.10sU", f->until);
		bind_named(s, ":until", 1, 0, f->until, strlen(f->until));
		bind_named(s, ":until_end", 1, 0, end, strlen(end));
	}
	bind_named(s, ":author", 0, b->author_id, NULL, 0);
	bind_named(s, ":author_id", 0, f->author_id, NULL, 0);
	if (walk_day) {
		bind_named(s, ":wday", 1, 0, walk_day->day, strlen(walk_day->day));
		bind_named(s, ":wday_lo", 2, 0, walk_day->lo, walk_day->lo_len);
		bind_named(s, ":wday_hi", 2, 0, walk_day->hi, walk_day->hi_len);
	}
	if (walk_span) {
		bind_named(s, ":span_lo", 2, 0, walk_span->keys.lo, walk_span->keys.lo_len);
		bind_named(s, ":span_hi", 2, 0, walk_span->keys.hi, walk_span->keys.hi_len);
	}
	if (b->text.match)
		bind_named(s, ":match", 1, 0, b->text.match, strlen(b->text.match));
	if (b->text_also.match)
		bind_named(s, ":match_also", 1, 0, b->text_also.match, strlen(b->text_also.match));
	if (from == PAGE_FIRST || from == PAGE_LAST)
		return 0;
	if (!cur)
		return err_set(_("paging needs a cursor"));
	bind_named(s, ":k_key", 2, 0, cur->key, cur->key_len);
	bind_named(s, ":k_id", 0, cur->id, NULL, 0);
	bind_named(s, ":k_aid", 0, cur->author_id, NULL, 0);
	bind_named(s, ":k_pos", 0, cur->section_position, NULL, 0);
	if (cur->created_at)
		bind_named(s, ":k_time", 1, 0, cur->created_at, strlen(cur->created_at));
	if (q->order == ORDER_AUTHOR) {
		const char *name = cur->author_name ? cur->author_name : "";
		b->cur_key_len = text_name_sort_key(name, strlen(name), &b->cur_key);
		bind_named(s, ":k_akey", 2, 0, b->cur_key, b->cur_key_len);
	}
	if (from == PAGE_AFTER_SUBTREE) {
		if (cur->key_len > sizeof b->succ)
			return err_set(_("thread key too long"));
		b->succ_len = key_successor(cur->key, cur->key_len, b->succ);
		if (b->succ_len)
			bind_named(s, ":succ", 2, 0, b->succ, b->succ_len);
		else
			bind_named(s, ":succ", 2, 0, "\xff\xff\xff\xff\xff", 5); /* nothing after */
	}
	return 0;
}

/* A deep copy of c into k (comment_clear frees it): a row's strings are its query's until the
 * query's next step. */
static void comment_copy(struct comment *k, const struct comment *c)
{
	*k = *c;
	unsigned char *key = xmalloc(c->key_len + 1);
	if (c->key_len)
		memcpy(key, c->key, c->key_len);
	k->key = key;
	char **f[] = {&k->author_code, &k->author_name, &k->author_unit, &k->entered_by_name, &k->body, &k->quote,
	              &k->created_at, &k->edited_at, &k->deleted_at, &k->response, &k->handled_by_name,
	              &k->handled_at, &k->section_label};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		*f[i] = *f[i] ? xstrdup(*f[i]) : NULL;
}

/* Filters that SQL cannot express on the stored columns (folded substrings, exact marks). */
static bool passes_c_filters(const struct qbuild *b, const struct comment *c)
{
	if (b->author_fold) {
		char *n = text_fold(c->author_name, strlen(c->author_name));
		bool ok = strstr(n, b->author_fold) != NULL;
		free(n);
		if (!ok)
			return false;
	}
	if (b->unit_fold) {
		char *u = text_fold(c->author_unit, strlen(c->author_unit));
		bool ok = strstr(u, b->unit_fold) != NULL;
		free(u);
		if (!ok)
			return false;
	}
	if (b->text.casefold && !search_exact_match(c->body, b->text.fold, b->text.casefold))
		return false;
	if (b->text_also.casefold && !search_exact_match(c->body, b->text_also.fold, b->text_also.casefold))
		return false;
	return true;
}

static int run_set_query(struct store *st, const struct comment_query *q, enum page_from from,
                         const struct comment *cursor, int64_t limit, bool with_replies, comment_cb cb, void *ctx);
static int run_set_query_ex(struct store *st, const struct comment_query *q, enum page_from from,
                            const struct comment *cursor, int64_t limit, bool with_replies, bool dates_sorted,
                            comment_cb cb, void *ctx);
static int run_query(struct store *st, const struct comment_query *q, enum page_from from,
                     const struct comment *cursor, int64_t limit, bool with_replies, comment_cb cb, void *ctx);

/* A page under a text filter, read by probing: the next PROBE_WINDOW comments in the view's
 * order, each whose folded text holds every word of the query looked up in the search index
 * by its row (the index decides, as everywhere else), instead of gathering every match in
 * the document first and taking the first in order (a common word matches millions of
 * comments at 26 million). Dense matches are found at once; when the window holds fewer
 * than asked for, the rest comes from the gathering query after the last comment probed:
 * the matches are then few, or far. Pages (a screen, a step of n), and whole reads in an
 * index's order (PROBE_ALL_WINDOW). */
#define PROBE_WINDOW 5000
#define PROBE_MAX_LIMIT 200
/* A whole read (a count) probes this many rows before gathering: a count in a small scope (a
 * section, an author's comments) then reads that scope only, not every match in the document. */
#define PROBE_ALL_WINDOW 20000
#define PROBE_SEQ_COL 26

/* Whether body may match the folded query: each of its words is in the folded body (a
 * superset of the search index's answer, which folds letters as text_fold does). */
static bool may_match(const char *body, const char *fold)
{
	char *fb = text_fold(body, strlen(body));
	bool all = true;
	for (const char *w = fold; all && *w;) {
		while (*w == ' ')
			w++;
		size_t n = strcspn(w, " ");
		if (!n)
			break;
		char word[128];
		if (n >= sizeof word) /* a very long word: let the index decide */
			break;
		memcpy(word, w, n);
		word[n] = '\0';
		all = strstr(fb, word) != NULL;
		w += n;
	}
	free(fb);
	return all;
}

/* One text query probed row by row: 1 when the row (its body, its row of the search index)
 * matches it, 0 when not, -1 on an error. */
static int probe_text(struct store *st, struct dbq *probe, const struct text_filter *t, const char *body, int64_t seq)
{
	if (!may_match(body, t->fold))
		return 0;
	dbq_bind_text(probe, 1, t->match, -1);
	dbq_bind_int64(probe, 2, seq);
	int hit = dbq_step(probe);
	dbq_reset(probe);
	if (hit != DBQ_ROW && hit != DBQ_DONE)
		return db_error(st, N_("searching comments"));
	return hit == DBQ_ROW && (!t->casefold || search_exact_match(body, t->fold, t->casefold));
}

static int run_probed(struct store *st, const struct comment_query *q, enum page_from from,
                      const struct comment *cursor, int64_t limit, bool with_replies, comment_cb cb, void *ctx)
{
	/* both text queries (a limit's and a search's within it) probed: in the plain query, a text
	 * gathers every match of the document before the first row */
	struct comment_query plain = *q;
	plain.filter.text = plain.filter.text_also = NULL;
	plain.filter.include_deleted = false; /* a deleted comment's text never matches */
	struct text_filter texts[2] = {{0}};
	bool also = q->filter.text_also && *q->filter.text_also;
	struct qbuild b;
	memset(&b, 0, sizeof b);
	struct dbq *s = NULL, *probe = NULL;
	int rc = text_probe_init(q->filter.text, &texts[0]);
	if (rc == 0 && also)
		rc = text_probe_init(q->filter.text_also, &texts[1]);
	if (rc == 0)
		rc = build_query(st, &plain, from, 0, with_replies, false, &b);
	if (rc == 0 && !(s = db_prepare(st, b.sql.data)))
		rc = -1;
	if (rc == 0 && !(probe = db_cached(st, "SELECT 1 FROM comment_fts WHERE comment_fts MATCH ?1 AND rowid = ?2")))
		rc = -1;
	if (rc == 0)
		rc = bind_query(&plain, from, cursor, &b, s);
	if (rc == 0) /* a few comments' keys sorted alone (a short span of dates): all of them */
		bind_named(s, ":lim", 0, INT64_MAX, NULL, 0);
	int64_t n = 0, seen = 0;
	struct comment last = {0};
	bool more = false, stopped = false;
	int64_t window = limit > 0 && limit <= PROBE_MAX_LIMIT ? PROBE_WINDOW : PROBE_ALL_WINDOW;
	while (rc == 0 && (limit <= 0 || n < limit)) {
		int step = dbq_step(s);
		if (step == DBQ_DONE)
			break;
		if (step != DBQ_ROW) {
			rc = db_error(st, N_("reading comments"));
			break;
		}
		if (seen++ == window) {
			more = true;
			break;
		}
		struct comment c;
		comment_from_row(s, &c, false, with_replies);
		comment_clear(&last);
		comment_from_row(s, &last, true, with_replies);
		if (!passes_c_filters(&b, &c))
			continue;
		int hit = 1;
		for (int t = 0; t < (also ? 2 : 1) && hit == 1; t++)
			hit = probe_text(st, probe, &texts[t], c.body, dbq_column_int64(s, PROBE_SEQ_COL));
		if (hit < 0)
			rc = -1;
		if (hit != 1)
			continue;
		n++;
		if (cb(ctx, &c)) {
			stopped = true;
			break;
		}
	}
	dbq_finalize(s);
	qbuild_free(&b);
	text_filter_free(&texts[0]);
	text_filter_free(&texts[1]);
	if (rc == 0 && more && !stopped && (limit <= 0 || n < limit)) {
		bool back = from == PAGE_LAST || from == PAGE_BEFORE;
		rc = run_set_query(st, q, back ? PAGE_BEFORE : PAGE_AFTER, &last, limit > 0 ? limit - n : 0, with_replies,
		                   cb, ctx);
	}
	comment_clear(&last);
	return rc;
}

/* ORDER_SECTION and ORDER_AUTHOR, a page at a time without sorting the document: their
 * groups are walked in order (the general comments, then the sections by position; the
 * authors by name) and each group is read through an index in its own order (a section's
 * comments in thread order; an author's in time order), from the cursor's group on. A sort
 * of the whole document under these orders took seconds at a million comments. */
struct group_list {
	gid *ids;
	size_t n, cap;
};

static void group_add(struct group_list *g, gid id)
{
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 256;
		g->ids = xrealloc(g->ids, g->cap * sizeof *g->ids);
	}
	g->ids[g->n++] = id;
}

static int read_groups(struct store *st, struct dbq *s, struct group_list *g)
{
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW)
		group_add(g, dbq_column_int64(s, 0));
	return rc == DBQ_DONE ? 0 : db_error(st, N_("reading comments"));
}

static int limit_authors(struct store *st, const struct comment_filter *f, gid *ids, size_t max, size_t *n);
static bool is_delegate_code(struct store *st, const char *s);
#define MERGE_MAX_AUTHORS 64

/* The authors a limit by author or unit names, in the author order, when they are few: 1 when
 * there is no such limit or they are many. */
static int limit_author_groups(struct store *st, const struct comment_query *q, struct group_list *g)
{
	const struct comment_filter *f = &q->filter;
	if (!(f->author && *f->author) && !(f->unit && *f->unit))
		return 1;
	gid ids[MERGE_MAX_AUTHORS];
	size_t n = 0;
	struct delegate d;
	int rc = f->author && *f->author ? store_delegate_get(st, f->author, false, &d) : 1;
	if (rc < 0)
		return -1;
	if (rc == 0) { /* a delegate's code: one author */
		ids[n++] = d.id;
		delegate_clear(&d);
	} else if (limit_authors(st, f, ids, MERGE_MAX_AUTHORS, &n) != 0) {
		return -1;
	} else if (n > MERGE_MAX_AUTHORS) {
		return 1;
	}
	struct buf sql = {0};
	buf_puts(&sql, "SELECT id FROM delegate WHERE id IN (NULL");
	for (size_t i = 0; i < n; i++)
		buf_printf(&sql, ", %lld", (long long)ids[i]);
	buf_puts(&sql, DB_SQL(st, ") ORDER BY coalesce(sort_key, x''), id", ") ORDER BY coalesce(sort_key, '\\x'::bytea), id"));
	struct dbq *s = db_prepare(st, sql.data);
	buf_free(&sql);
	if (!s)
		return -1;
	rc = read_groups(st, s, g);
	dbq_finalize(s);
	return rc;
}

/* The authors of a section's comments (or of the general comments), in the author order: the
 * document's authors, each kept when it has a comment there, which one probe of
 * comment_author_section (migration 11) tells from the index alone. Then each author's comments
 * of the section are one range of it too, instead of the whole section sorted by author for
 * each page (it grows with the file: a section of 30,000 comments at 26 million). */
static int scope_author_groups(struct store *st, const struct comment_query *q, struct group_list *g)
{
	bool general = q->scope == SCOPE_GENERAL;
	struct buf sql = {0};
	/* every delegate when deleted comments are shown (as groups_of), else the tally's */
	buf_puts(&sql, q->filter.include_deleted ? "SELECT a.id FROM delegate a WHERE "
	                                         : "SELECT a.id FROM tally_author t JOIN delegate a ON a.id = t.author_id "
	                                           "WHERE t.document_id = ?1 AND t.n > 0 AND ");
	buf_printf(&sql, "EXISTS (SELECT 1 FROM comment c WHERE c.document_id = ?1 AND c.author_id = a.id AND %s) "
	                 "ORDER BY coalesce(a.sort_key, %s), a.id",
	           general ? "c.section_id IS NULL" : "c.section_id = ?2", DB_SQL(st, "x''", "'\\x'::bytea"));
	struct dbq *s = db_prepare(st, sql.data);
	buf_free(&sql);
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, q->doc_id);
	if (!general)
		dbq_bind_int64(s, 2, q->section_id);
	int rc = read_groups(st, s, g);
	dbq_finalize(s);
	return rc;
}

static int groups_of(struct store *st, const struct comment_query *q, struct group_list *g)
{
	const char *sql;
	if (q->order == ORDER_AUTHOR) { /* under a limit by author names or a unit: its authors only */
		int rc = limit_author_groups(st, q, g);
		if (rc <= 0)
			return rc;
	}
	if (q->order == ORDER_SECTION) {
		group_add(g, 0); /* the general comments come first (position -1) */
		sql = "SELECT id FROM section WHERE document_id = ?1 ORDER BY position";
	} else if (q->scope != SCOPE_DOCUMENT) { /* the authors of one section's (or the general) comments */
		return scope_author_groups(st, q, g);
	} else if (q->filter.include_deleted) {
		sql = DB_SQL(st, "SELECT id FROM delegate ORDER BY coalesce(sort_key, x''), id",
		             "SELECT id FROM delegate ORDER BY coalesce(sort_key, '\\x'::bytea), id");
	} else { /* the authors of live comments of the document (the overview's tally) */
		sql = DB_SQL(st,
		             "SELECT t.author_id FROM tally_author t JOIN delegate a ON a.id = t.author_id "
		             "WHERE t.document_id = ?1 AND t.n > 0 ORDER BY coalesce(a.sort_key, x''), t.author_id",
		             "SELECT t.author_id FROM tally_author t JOIN delegate a ON a.id = t.author_id "
		             "WHERE t.document_id = ?1 AND t.n > 0 ORDER BY coalesce(a.sort_key, '\\x'::bytea), t.author_id");
	}
	struct dbq *s = db_prepare(st, sql);
	if (!s)
		return -1;
	if (dbq_bind_count(s) > 0)
		dbq_bind_int64(s, 1, q->doc_id);
	int rc = read_groups(st, s, g);
	dbq_finalize(s);
	return rc;
}

/* The last walk's groups on a file, kept while the review is unchanged (db_data_version,
 * store_own_writes): each page of the author order read the document's authors again (4,300
 * sorted by name, 2-8 ms at a million comments), in a section with a probe of each (8-12 ms),
 * and a key reads two or three pages. */
struct group_cache {
	int64_t version, writes;
	struct comment_query q; /* its filter's author and unit copied */
	struct group_list g;
};

void group_cache_free(struct group_cache *c)
{
	if (!c)
		return;
	free((char *)c->q.filter.author);
	free((char *)c->q.filter.unit);
	free(c->g.ids);
	free(c);
}

static bool same_text(const char *a, const char *b) { return (a ? a : "")[0] ? b && !strcmp(a, b) : !(b && *b); }

static bool same_groups(const struct comment_query *a, const struct comment_query *b)
{
	return a->doc_id == b->doc_id && a->order == b->order && a->scope == b->scope && a->section_id == b->section_id &&
	       a->filter.include_deleted == b->filter.include_deleted && same_text(a->filter.author, b->filter.author) &&
	       same_text(a->filter.unit, b->filter.unit);
}

static int cached_groups(struct store *st, const struct comment_query *q, struct group_list *g)
{
	if (st->pg) /* a server's notices of others' commits may come late */
		return groups_of(st, q, g);
	int64_t version = db_data_version(st), writes = store_own_writes(st);
	struct group_cache *c = st->groups;
	if (c && version >= 0 && c->version == version && c->writes == writes && same_groups(&c->q, q)) {
		g->n = g->cap = c->g.n;
		g->ids = xmalloc((g->n ? g->n : 1) * sizeof *g->ids);
		if (g->n)
			memcpy(g->ids, c->g.ids, g->n * sizeof *g->ids);
		return 0;
	}
	if (groups_of(st, q, g) != 0)
		return -1;
	group_cache_free(st->groups);
	st->groups = NULL;
	if (version < 0)
		return 0;
	c = xcalloc(1, sizeof *c);
	c->version = version;
	c->writes = writes;
	c->q = *q;
	c->q.filter.author = q->filter.author ? xstrdup(q->filter.author) : NULL;
	c->q.filter.unit = q->filter.unit ? xstrdup(q->filter.unit) : NULL;
	c->g.n = c->g.cap = g->n;
	c->g.ids = xmalloc((g->n ? g->n : 1) * sizeof *g->ids);
	if (g->n)
		memcpy(c->g.ids, g->ids, g->n * sizeof *g->ids);
	st->groups = c;
	return 0;
}

/* A walk's query, prepared once: in a walk of a section's authors every author's but the first
 * is the same query with another author bound (a prepare cost as much as reading a few rows). */
static struct walk_query {
	bool on, busy;          /* in a walk (run_grouped, on a file); stepping it now */
	char *sql;
	struct dbq *q;
} walk_query;

/* The query of sql: the walk's (reset) when it is the same text and free, else a new one. */
static struct dbq *walk_prepare(struct store *st, const char *sql)
{
	struct walk_query *w = &walk_query;
	if (!w->on || w->busy)
		return db_prepare(st, sql);
	if (w->q && strcmp(w->sql, sql) == 0) {
		dbq_reset(w->q);
		w->busy = true;
		return w->q;
	}
	struct dbq *q = db_prepare(st, sql);
	if (q) {
		dbq_finalize(w->q);
		free(w->sql);
		w->sql = xstrdup(sql);
		w->q = q;
		w->busy = true;
	}
	return q;
}

static void walk_release(struct dbq *q)
{
	if (q && q == walk_query.q)
		walk_query.busy = false;
	else
		dbq_finalize(q);
}

struct group_relay {
	comment_cb cb;
	void *ctx;
	int64_t n;
	bool stopped;
};

static int group_relay_cb(void *ctx, const struct comment *c)
{
	struct group_relay *r = ctx;
	r->n++;
	if (r->cb(r->ctx, c))
		r->stopped = true;
	return r->stopped;
}

/* The walk's query prepared once from here on (on a file): true for the walk that began it. */
static bool walk_query_begin(struct store *st)
{
	bool owner = !walk_query.on && !st->pg;
	walk_query.on = walk_query.on || owner;
	return owner;
}

static void walk_query_end(bool owner)
{
	if (!owner)
		return;
	dbq_finalize(walk_query.q);
	free(walk_query.sql);
	walk_query = (struct walk_query){0};
}

static void walk_days_free(struct walk_day *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].lo);
		free(d[i].hi);
	}
	free(d);
}

/* The document's days of the filter's span, in order (comment_day). */
static int days_of(struct store *st, const struct comment_query *q, struct walk_day **out, size_t *n)
{
	const struct comment_filter *f = &q->filter;
	char lo[11] = "", hi[11] = "9999-99-99";
	if (f->since && *f->since)
		snprintf(lo, sizeof lo, "%.10s", f->since);
	if (f->until && *f->until)
		snprintf(hi, sizeof hi, "%.10s", f->until);
	struct dbq *s = db_prepare(st, "SELECT day, min_key, max_key FROM comment_day WHERE document_id = ?1 AND "
	                               "day >= ?2 AND day <= ?3 ORDER BY day");
	*out = NULL;
	*n = 0;
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, q->doc_id);
	dbq_bind_text(s, 2, lo, -1);
	dbq_bind_text(s, 3, hi, -1);
	size_t cap = 0;
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct walk_day *d = &(*out)[(*n)++];
		const char *day = db_col_text(s, 0);
		snprintf(d->day, sizeof d->day, "%s", day ? day : "");
		d->lo = db_col_blobdup(s, 1, &d->lo_len);
		d->hi = db_col_blobdup(s, 2, &d->hi_len);
	}
	dbq_finalize(s);
	return rc == DBQ_DONE ? 0 : db_error(st, N_("reading comments"));
}

/* Time order inside a section (or among the general comments) on a file: the document's days
 * walked in order (comment_day, migration 12), each day's comments of the section read from
 * comment_section between the day's bounds on thread keys and sorted by time (a few), instead of
 * the document read in time order through comment_time with each row looked up for its section
 * (a section is a small part of the document: under a disposition, 124,000 rows for a screen).
 * The bounds contain every key of the day (store_days.c), and the day is checked on each row. */
static bool days_wanted(struct store *st, const struct comment_query *q, enum page_from from, int64_t limit)
{
	const struct comment_filter *f = &q->filter;
	return !st->pg && q->order == ORDER_TIME && q->scope != SCOPE_DOCUMENT && limit > 0 && !walk_day &&
	       from != PAGE_AFTER_SUBTREE && !f->author_id && !(f->author && *f->author) && !(f->unit && *f->unit) &&
	       !(f->text && *f->text) && !(f->text_also && *f->text_also);
}

static int run_days(struct store *st, const struct comment_query *q, enum page_from from,
                    const struct comment *cursor, int64_t limit, bool with_replies, comment_cb cb, void *ctx)
{
	bool at_cursor = from != PAGE_FIRST && from != PAGE_LAST;
	if (at_cursor && !cursor)
		return err_set(_("paging needs a cursor"));
	struct walk_day *days;
	size_t n;
	if (days_of(st, q, &days, &n) != 0)
		return -1;
	bool back = from == PAGE_LAST || from == PAGE_BEFORE;
	/* from the cursor's day on (the first day after it, or before it going back, when it has none) */
	size_t start = back ? n - 1 : 0;
	if (at_cursor) {
		char cd[11];
		snprintf(cd, sizeof cd, "%.10s", cursor->created_at ? cursor->created_at : "");
		for (start = 0; start < n && strcmp(days[start].day, cd) < (back ? 1 : 0); start++)
			;
		if (back)
			start--; /* the last day not after the cursor's (SIZE_MAX: none) */
	}
	struct group_relay r = {cb, ctx, 0, false};
	bool owner = walk_query_begin(st);
	int rc = 0;
	for (size_t i = start; rc == 0 && i < n && !r.stopped && r.n < limit; i += back ? -1 : 1) {
		enum page_from df = i == start && at_cursor ? from : back ? PAGE_LAST : PAGE_FIRST;
		walk_day = &days[i];
		rc = run_set_query(st, q, df, df == from ? cursor : NULL, limit - r.n, with_replies, group_relay_cb, &r);
		walk_day = NULL;
		if (back && i == 0)
			break;
	}
	walk_query_end(owner);
	walk_days_free(days, n);
	return rc;
}

static int run_grouped(struct store *st, const struct comment_query *q, enum page_from from,
                       const struct comment *cursor, int64_t limit, bool with_replies, comment_cb cb, void *ctx)
{
	struct group_list g = {0};
	if (cached_groups(st, q, &g) != 0) {
		free(g.ids);
		return -1;
	}
	bool back = from == PAGE_LAST || from == PAGE_BEFORE, by_section = q->order == ORDER_SECTION;
	size_t start = back ? g.n - 1 : 0;
	if (from != PAGE_FIRST && from != PAGE_LAST) {
		if (!cursor) {
			free(g.ids);
			return err_set(_("paging needs a cursor"));
		}
		gid at = by_section ? cursor->section_id : cursor->author_id;
		for (start = 0; start < g.n && g.ids[start] != at; start++)
			;
	}
	struct group_relay r = {cb, ctx, 0, false};
	struct comment_query sub = *q;
	sub.order = by_section ? ORDER_THREAD : ORDER_TIME;
	const struct comment_filter *f = &q->filter;
	struct walk_authors wa = {.author = f->author, .unit = f->unit};
	int rc = 0;
	struct walk_span ws = {.since = f->since, .until = f->until};
	if (by_section && !walk_span && ((f->since && *f->since) || (f->until && *f->until))) {
		rc = days_span(st, q->doc_id, f->since, f->until, &ws.keys);
		if (rc == 0 && !ws.keys.known) /* no comment on those days */
			g.n = 0;
		else if (rc == 0)
			walk_span = &ws;
	}
	if (by_section && !walk_authors && ((f->unit && *f->unit) || (f->author && *f->author && !is_delegate_code(st, f->author)))) {
		size_t n;
		rc = limit_authors(st, f, wa.ids, WALK_MAX_AUTHORS, &n);
		wa.n = n;
		if (rc == 0 && n <= WALK_MAX_AUTHORS)
			walk_authors = &wa;
	}
	bool walk_owner = walk_query_begin(st);
	for (size_t i = start; rc == 0 && i < g.n && !r.stopped && (limit <= 0 || r.n < limit); i += back ? -1 : 1) {
		if (by_section) {
			sub.scope = g.ids[i] ? SCOPE_SECTION : SCOPE_GENERAL;
			sub.section_id = g.ids[i];
		} else {
			sub.filter.author_id = g.ids[i];
		}
		enum page_from gf = i == start && from != PAGE_FIRST && from != PAGE_LAST ? from : back ? PAGE_LAST : PAGE_FIRST;
		rc = run_query(st, &sub, gf, gf == from ? cursor : NULL, limit > 0 ? limit - r.n : 0, with_replies,
		               group_relay_cb, &r);
		if (back && i == 0)
			break;
	}
	if (walk_authors == &wa)
		walk_authors = NULL;
	if (walk_span == &ws)
		walk_span = NULL;
	day_span_clear(&ws.keys);
	walk_query_end(walk_owner);
	free(g.ids);
	return rc;
}

/* A limit by a unit or a part of a name: its authors' comments, a page at a time, merged
 * from each author's index range in the view's order (at most `limit` rows from each), instead
 * of sorting every comment of those authors for each page (MERGE_MAX_AUTHORS at most). */

struct merged {
	struct comment *rows;
	size_t n, cap;
	enum comment_order order;
	bool desc;
};

static int merged_keep(void *ctx, const struct comment *c)
{
	struct merged *m = ctx;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->rows = xrealloc(m->rows, m->cap * sizeof *m->rows);
	}
	comment_copy(&m->rows[m->n++], c);
	return 0;
}

static struct merged *merged_sorting; /* qsort has no context argument */

static int merged_cmp(const void *a, const void *b)
{
	const struct comment *x = a, *y = b;
	int c;
	if (merged_sorting->order == ORDER_TIME) {
		c = strcmp(x->created_at, y->created_at);
		if (!c)
			c = (x->id > y->id) - (x->id < y->id);
	} else {
		size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
		c = memcmp(x->key, y->key, n);
		if (!c)
			c = (x->key_len > y->key_len) - (x->key_len < y->key_len);
	}
	return merged_sorting->desc ? -c : c;
}

/* The authors a limit by name part or unit names, when they are few (else 0 and *n > max). */
static int limit_authors(struct store *st, const struct comment_filter *f, gid *ids, size_t max, size_t *n)
{
	if (walking_authors_of(f) && walk_authors->n <= max) {
		memcpy(ids, walk_authors->ids, walk_authors->n * sizeof *ids);
		*n = walk_authors->n;
		return 0;
	}
	char *name = f->author && *f->author ? text_fold(f->author, strlen(f->author)) : NULL;
	char *unit = f->unit && *f->unit ? text_fold(f->unit, strlen(f->unit)) : NULL;
	struct dbq *s = db_cached(st, "SELECT id, name, unit FROM delegate");
	int rc = s ? 0 : -1;
	*n = 0;
	while (rc == 0 && (rc = dbq_step(s)) == DBQ_ROW) {
		bool ok = true;
		for (int i = 0; i < 2 && ok; i++) {
			const char *want = i ? unit : name, *v = db_col_text(s, i ? 2 : 1);
			if (!want)
				continue;
			char *fv = text_fold(v ? v : "", v ? strlen(v) : 0);
			ok = strstr(fv, want) != NULL;
			free(fv);
		}
		if (ok && (*n)++ < max)
			ids[*n - 1] = dbq_column_int64(s, 0);
		rc = 0;
	}
	if (s)
		dbq_reset(s);
	free(name);
	free(unit);
	return rc == DBQ_DONE || rc == 0 ? 0 : db_error(st, "reading delegates");
}

/* Whether s is a delegate's code (a limit ~a CODE names one author). */
static bool is_delegate_code(struct store *st, const char *s)
{
	struct delegate d;
	int rc = store_delegate_get(st, s, false, &d);
	if (rc == 0)
		delegate_clear(&d);
	return rc == 0;
}

static bool merge_wanted(struct store *st, const struct comment_query *q, int64_t limit)
{
	const struct comment_filter *f = &q->filter;
	if (limit <= 0 || f->author_id || (q->order != ORDER_THREAD && q->order != ORDER_TIME))
		return false;
	if (f->unit && *f->unit)
		return true;
	return f->author && *f->author && !is_delegate_code(st, f->author); /* a code is one author already */
}

static int run_merged(struct store *st, const struct comment_query *q, enum page_from from,
                      const struct comment *cursor, int64_t limit, bool with_replies, comment_cb cb, void *ctx,
                      bool *done)
{
	gid ids[MERGE_MAX_AUTHORS];
	size_t n;
	*done = false;
	if (limit_authors(st, &q->filter, ids, MERGE_MAX_AUTHORS, &n) != 0)
		return -1;
	if (n > MERGE_MAX_AUTHORS)
		return 0; /* many authors: the plain query reads them in order */
	*done = true;
	struct comment_query one = *q;
	one.filter.author = NULL;
	one.filter.unit = NULL;
	struct merged m = {.order = q->order, .desc = from == PAGE_LAST || from == PAGE_BEFORE};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		one.filter.author_id = ids[i];
		rc = run_query(st, &one, from, cursor, limit, with_replies, merged_keep, &m);
	}
	if (rc == 0 && m.n > 1) {
		merged_sorting = &m;
		qsort(m.rows, m.n, sizeof *m.rows, merged_cmp);
		merged_sorting = NULL;
	}
	for (size_t i = 0; rc == 0 && i < m.n && (int64_t)i < limit; i++)
		if (cb(ctx, &m.rows[i]))
			break;
	for (size_t i = 0; i < m.n; i++)
		comment_clear(&m.rows[i]);
	free(m.rows);
	return rc;
}

/* A page of a span of dates in thread order, when the span holds too many comments for their
 * keys to be sorted alone (dates_few): the view is walked in thread order from the cursor, but
 * only within the range of thread keys the span's comments lie in (comment_day: from its first
 * key forwards, from its last backwards for G), reading each row's key and time only and keeping
 * those in the span, which are then read whole. The walk is bounded: when DATES_WINDOW rows of
 * the range hold fewer than asked for (the span's comments scattered among others in thread
 * order), or its first tenth too few to promise as many, the span is sorted after all, from the
 * last comment read. Either way the rows are the
 * same; the range only says where to start and where the span surely ends. (Without the range,
 * a span far from the view's end read the whole window in vain for G, then sorted a million
 * keys at 26 million comments.) */
#define DATES_WINDOW 5000

struct dated {
	const char *since;            /* NULL: from the start */
	char until_end[16];           /* the day after until sorts at or after this; "" none */
	gid *seqs;                    /* the window's rows in the span, in the view's order */
	int64_t n, seen;
	bool gave_up;                 /* the window's first tenth held too few of the span */
	unsigned char *last_key;      /* the key of the last row read (owned) */
	size_t last_len;
};

static bool dated_in(const struct dated *d, const char *t)
{
	t = t ? t : "";
	return !((d->since && strcmp(t, d->since) < 0) || (d->until_end[0] && strcmp(t, d->until_end) >= 0));
}

/* The window: up to `window` rows of the plain view from the cursor within the span's keys,
 * keys and times only. */
static int dated_window(struct store *st, const struct comment_query *plain, enum page_from from,
                        const struct comment *cursor, int64_t window, int64_t limit, struct qbuild *b, struct dated *d,
                        const struct day_span *span)
{
	/* SQLite bounds an index's range by one term a side: a span's bound that the cursor's
	 * already passes would be taken instead of the cursor's, and the read would start at the
	 * span's edge (before the first row of the view: the whole document to the span's end) */
	bool after = from == PAGE_AFTER || from == PAGE_AT, before = from == PAGE_BEFORE;
	bool lo = !(cursor && after && thread_key_cmp(cursor->key, cursor->key_len, span->lo, span->lo_len) >= 0);
	bool hi = !(cursor && before && thread_key_cmp(cursor->key, cursor->key_len, span->hi, span->hi_len) <= 0);
	struct buf w = {0};
	buf_puts(&w, "SELECT c.seq, c.thread_key, c.created_at FROM comment c WHERE ");
	buf_append(&w, b->sql.data + b->where_at, b->order_at - b->where_at);
	if (lo)
		buf_puts(&w, " AND c.thread_key >= :span_lo");
	if (hi)
		buf_puts(&w, " AND c.thread_key <= :span_hi");
	buf_append(&w, b->sql.data + b->order_at, b->sql.len - b->order_at);
	buf_puts(&w, " LIMIT :lim");
	struct dbq *s = db_prepare(st, w.data);
	buf_free(&w);
	if (!s)
		return -1;
	int rc = bind_query(plain, from, cursor, b, s), step = DBQ_DONE;
	if (lo)
		bind_named(s, ":span_lo", 2, 0, span->lo, span->lo_len);
	if (hi)
		bind_named(s, ":span_hi", 2, 0, span->hi, span->hi_len);
	bind_named(s, ":lim", 0, window, NULL, 0);
	while (rc == 0 && d->n < limit && (step = dbq_step(s)) == DBQ_ROW) {
		/* a tenth of the window read: at the rate found so far, would it fill the page? If not,
		 * the span is scattered here and the sort is sooner (each row read is a lookup) */
		if (d->seen >= window / 10 && d->n * window < limit * d->seen) {
			d->gave_up = true;
			break;
		}
		d->seen++;
		free(d->last_key);
		d->last_key = db_col_blobdup(s, 1, &d->last_len);
		if (dated_in(d, db_col_text(s, 2)))
			d->seqs[d->n++] = dbq_column_int64(s, 0);
	}
	if (rc == 0 && step != DBQ_ROW && step != DBQ_DONE)
		rc = db_error(st, N_("reading comments"));
	dbq_finalize(s);
	return rc;
}

/* The window's rows in the span, read whole in the view's order; *stopped when cb stopped. */
static int dated_rows(struct store *st, struct qbuild *b, const struct dated *d, bool with_replies, comment_cb cb,
                      void *ctx, bool *stopped)
{
	struct buf r = {0};
	buf_append(&r, b->sql.data, b->where_at);
	buf_puts(&r, "c.seq IN (NULL");
	for (int64_t i = 0; i < d->n; i++)
		buf_printf(&r, ", %lld", (long long)d->seqs[i]);
	buf_puts(&r, ")");
	buf_append(&r, b->sql.data + b->order_at, b->sql.len - b->order_at);
	struct dbq *s = db_prepare(st, r.data);
	buf_free(&r);
	if (!s)
		return -1;
	int step;
	while ((step = dbq_step(s)) == DBQ_ROW) {
		struct comment c;
		comment_from_row(s, &c, false, with_replies);
		if (cb(ctx, &c)) {
			*stopped = true;
			break;
		}
	}
	dbq_finalize(s);
	return step == DBQ_ROW || step == DBQ_DONE ? 0 : db_error(st, N_("reading comments"));
}

static bool dated_wanted(struct store *st, const struct comment_query *q, enum page_from from, int64_t limit)
{
	const struct comment_filter *f = &q->filter;
	if (st->pg || limit <= 0 || limit > PROBE_MAX_LIMIT || q->order != ORDER_THREAD || q->scope != SCOPE_DOCUMENT ||
	    from == PAGE_AFTER_SUBTREE || (f->text && *f->text) || (f->text_also && *f->text_also) || f->author_id || (f->author && *f->author) ||
	    (f->unit && *f->unit))
		return false;
	return ((f->since && *f->since) || (f->until && *f->until)) && !dates_few(st, q);
}

static int run_dated(struct store *st, const struct comment_query *q, enum page_from from,
                     const struct comment *cursor, int64_t limit, bool with_replies, comment_cb cb, void *ctx)
{
	const struct comment_filter *f = &q->filter;
	struct dated d = {.since = f->since && *f->since ? f->since : NULL};
	if (f->until && *f->until)
		snprintf(d.until_end, sizeof d.until_end, "%.10sU", f->until);
	d.seqs = xmalloc((size_t)limit * sizeof *d.seqs);
	struct comment_query plain = *q;
	plain.filter.since = plain.filter.until = NULL;
	int64_t window = dates_tuned(DATES_WINDOW);
	struct qbuild b;
	struct day_span span;
	bool stopped = false;
	int rc = days_span(st, q->doc_id, f->since, f->until, &span);
	if (rc == 0 && span.known)
		rc = build_query(st, &plain, from, 0, with_replies, false, &b);
	else
		memset(&b, 0, sizeof b); /* no comment in the span */
	if (rc == 0 && span.known)
		rc = dated_window(st, &plain, from, cursor, window, limit, &b, &d, &span);
	if (rc == 0 && d.n > 0)
		rc = dated_rows(st, &b, &d, with_replies, cb, ctx, &stopped);
	qbuild_free(&b);
	day_span_clear(&span);
	/* the window ended before its budget: no row of the span is left on this side */
	if (rc == 0 && !stopped && d.n < limit && (d.seen == window || d.gave_up)) {
		bool back = from == PAGE_LAST || from == PAGE_BEFORE;
		struct comment last = {.key = d.last_key, .key_len = d.last_len};
		rc = run_set_query_ex(st, q, back ? PAGE_BEFORE : PAGE_AFTER, &last, limit - d.n, with_replies, true, cb,
		                      ctx);
	}
	free(d.seqs);
	free(d.last_key);
	return rc;
}

/* A page under a text filter and a wide span of dates in thread order: the rows probed come
 * from the span's own read (run_dated: a window of the view, else the span's keys sorted), not
 * from the view filtered by dates, which read every comment before the span (after it, for G)
 * to find the span's first PROBE_WINDOW rows. */
struct probed {
	comment_cb cb;
	void *ctx;
	struct store *st;
	struct dbq *probe;          /* the search index's row of a comment id (?2) */
	struct text_filter text;
	int64_t limit, n, seen;
	unsigned char *last_key; /* the key of the last row read (owned) */
	size_t last_len;
	int rc;
	bool stopped;
};

static int probed_cb(void *ctx, const struct comment *c)
{
	struct probed *p = ctx;
	p->seen++;
	free(p->last_key);
	p->last_key = xmalloc(c->key_len + 1);
	if (c->key_len)
		memcpy(p->last_key, c->key, c->key_len);
	p->last_len = c->key_len;
	int hit = probe_text(p->st, p->probe, &p->text, c->body, c->id);
	if (hit < 0) {
		p->rc = -1;
		return 1;
	}
	if (!hit)
		return 0;
	p->n++;
	if (p->cb(p->ctx, c))
		p->stopped = true;
	return p->stopped || p->n >= p->limit;
}

static int run_probed_dated(struct store *st, const struct comment_query *q, const struct comment_query *plain,
                            enum page_from from, const struct comment *cursor, int64_t limit, bool with_replies,
                            comment_cb cb, void *ctx)
{
	struct probed p = {.cb = cb, .ctx = ctx, .st = st, .limit = limit};
	int rc = text_probe_init(q->filter.text, &p.text);
	if (rc == 0 && !(p.probe = db_cached(st, "SELECT 1 FROM comment_fts WHERE comment_fts MATCH ?1 AND "
	                                         "rowid = (SELECT seq FROM comment WHERE id = ?2)")))
		rc = -1;
	/* a first batch that a page of dense matches fills (a span's keys sorted to a smaller LIMIT
	 * cost less), then the rest of the window */
	bool back = from == PAGE_LAST || from == PAGE_BEFORE, more = true;
	int64_t batch = limit * 8 > 256 ? limit * 8 : 256;
	while (rc == 0 && more && !p.stopped && p.n < limit && p.seen < PROBE_WINDOW) {
		struct comment last = {.key = p.last_key, .key_len = p.last_len};
		int64_t was = p.seen;
		batch = batch < PROBE_WINDOW - p.seen ? batch : PROBE_WINDOW - p.seen;
		rc = run_dated(st, plain, was ? (back ? PAGE_BEFORE : PAGE_AFTER) : from, was ? &last : cursor, batch,
		               with_replies, probed_cb, &p);
		if (rc == 0)
			rc = p.rc;
		more = p.seen - was == batch;
		batch = PROBE_WINDOW;
	}
	if (rc == 0 && more && !p.stopped && p.n < limit) { /* few matches: gathered */
		struct comment last = {.key = p.last_key, .key_len = p.last_len};
		rc = run_set_query(st, q, back ? PAGE_BEFORE : PAGE_AFTER, &last, limit - p.n, with_replies, cb, ctx);
	}
	free(p.last_key);
	text_filter_free(&p.text);
	return rc;
}

static int run_query(struct store *st, const struct comment_query *q, enum page_from from,
                     const struct comment *cursor, int64_t limit, bool with_replies, comment_cb cb, void *ctx)
{
	if (dated_wanted(st, q, from, limit))
		return run_dated(st, q, from, cursor, limit, with_replies, cb, ctx);
	if (merge_wanted(st, q, limit)) {
		bool done;
		int rc = run_merged(st, q, from, cursor, limit, with_replies, cb, ctx, &done);
		if (rc != 0 || done)
			return rc;
	}
	if (days_wanted(st, q, from, limit))
		return run_days(st, q, from, cursor, limit, with_replies, cb, ctx);
	/* Sections in order, each read in thread order (under a limit to one author, each section's
	 * comments of that author are one range of comment_author_section, migration 11) */
	const struct comment_filter *f = &q->filter;
	/* Authors in order, each one's comments read in time order (in a section, or among the
	 * general comments, one range of comment_author_section each) */
	if ((q->order == ORDER_SECTION || (q->order == ORDER_AUTHOR && !f->author_id)) && limit > 0 &&
	    from != PAGE_AFTER_SUBTREE && (q->scope == SCOPE_DOCUMENT || q->order == ORDER_AUTHOR))
		return run_grouped(st, q, from, cursor, limit, with_replies, cb, ctx);
	if (q->order == ORDER_SECTION && q->scope != SCOPE_DOCUMENT && from != PAGE_AFTER_SUBTREE) {
		/* one group: thread order */
		struct comment_query one = *q;
		one.order = ORDER_THREAD;
		return run_query(st, &one, from, cursor, limit, with_replies, cb, ctx);
	}
	/* pages, and longer reads in an order an index gives (not sorted: probing would sort the scope) */
	if (!st->pg && q->filter.text && *q->filter.text &&
	    ((limit > 0 && limit <= PROBE_MAX_LIMIT) || q->order == ORDER_THREAD || q->order == ORDER_TIME)) {
		struct comment_query plain = *q;
		plain.filter.text = NULL;
		plain.filter.include_deleted = false; /* a deleted comment's text never matches */
		if (limit > 0 && limit <= PROBE_MAX_LIMIT && dated_wanted(st, &plain, from, limit))
			return run_probed_dated(st, q, &plain, from, cursor, limit, with_replies, cb, ctx);
		return run_probed(st, q, from, cursor, limit, with_replies, cb, ctx);
	}
	return run_set_query(st, q, from, cursor, limit, with_replies, cb, ctx);
}

static int run_set_query(struct store *st, const struct comment_query *q, enum page_from from,
                         const struct comment *cursor, int64_t limit, bool with_replies, comment_cb cb, void *ctx)
{
	return run_set_query_ex(st, q, from, cursor, limit, with_replies, false, cb, ctx);
}

/* Many rows of a span whose keys are sorted alone (a text probed in a wide span of dates asks
 * for up to PROBE_WINDOW): the keys sorted first, then each row read whole as the caller takes
 * it, instead of every row of the LIMIT read whole (joins, reply counts) and sorted again before
 * the first one came. */
static int run_sorted_rows(struct store *st, const struct comment_query *q, enum page_from from,
                           const struct comment *cursor, int64_t limit, bool with_replies, struct qbuild *b,
                           comment_cb cb, void *ctx)
{
	struct buf one = {0};
	buf_append(&one, b->sql.data, b->where_at);
	buf_puts(&one, "c.seq = ?1");
	struct dbq *k = db_prepare(st, b->keys.data), *row = k ? db_prepare(st, one.data) : NULL;
	buf_free(&one);
	int rc = row ? bind_query(q, from, cursor, b, k) : -1, step = DBQ_DONE;
	if (rc == 0)
		bind_named(k, ":lim", 0, limit, NULL, 0);
	while (rc == 0 && (step = dbq_step(k)) == DBQ_ROW) {
		dbq_bind_int64(row, 1, dbq_column_int64(k, 0));
		int got = dbq_step(row);
		if (got == DBQ_ROW) {
			struct comment c;
			comment_from_row(row, &c, false, with_replies);
			if (cb(ctx, &c))
				break;
		} else if (got != DBQ_DONE) {
			rc = db_error(st, N_("reading comments"));
		}
		dbq_reset(row);
	}
	if (rc == 0 && step != DBQ_ROW && step != DBQ_DONE)
		rc = db_error(st, N_("reading comments"));
	dbq_finalize(row);
	dbq_finalize(k);
	return rc;
}

static int run_set_query_ex(struct store *st, const struct comment_query *q, enum page_from from,
                            const struct comment *cursor, int64_t limit, bool with_replies, bool dates_sorted,
                            comment_cb cb, void *ctx)
{
	struct qbuild b;
	if (build_query(st, q, from, limit, with_replies, dates_sorted, &b) != 0) {
		qbuild_free(&b);
		return -1;
	}
	if (b.keys.len && limit > PROBE_MAX_LIMIT && !st->pg) {
		int rc = run_sorted_rows(st, q, from, cursor, limit, with_replies, &b, cb, ctx);
		qbuild_free(&b);
		return rc;
	}
	/* A page on a server whose rows need no check in C: its LIMIT in the SQL, read whole in
	 * one round trip (no cursor, no transaction to end after it) */
	bool page = limit > 0 && limit <= PAGE_ROWS_MAX;
	bool whole = st->pg && page && !b.author_fold && !b.unit_fold && !b.text.casefold && !b.text_also.casefold;
	if (whole)
		buf_puts(&b.sql, " LIMIT :lim");
	struct dbq *s = walk_prepare(st, b.sql.data);
	if (!s) {
		qbuild_free(&b);
		return -1;
	}
	int rc = bind_query(q, from, cursor, &b, s);
	bind_named(s, ":lim", 0, limit > 0 ? limit : INT64_MAX, NULL, 0);
	if (whole)
		dbq_read_whole(s, true);
	else if (page) /* its rows in the first round trip */
		dbq_expect_rows(s, limit);
	int64_t n = 0;
	if (rc == 0) {
		int step;
		while ((limit <= 0 || n < limit) && (step = dbq_step(s)) == DBQ_ROW) {
			struct comment c;
			comment_from_row(s, &c, false, with_replies);
			if (!passes_c_filters(&b, &c))
				continue;
			n++;
			if (cb(ctx, &c))
				break;
		}
		if (limit > 0 && n >= limit)
			step = DBQ_DONE;
		if (step != DBQ_ROW && step != DBQ_DONE)
			rc = db_error(st, N_("reading comments"));
	}
	walk_release(s);
	qbuild_free(&b);
	return rc;
}

int store_comment_page(struct store *st, const struct comment_query *q, enum page_from from,
                       const struct comment *cursor, int limit, comment_cb cb, void *ctx)
{
	if (limit <= 0)
		return 0;
	return run_query(st, q, from, cursor, limit, true, cb, ctx);
}

/* ORDER_SECTION streamed without a sort: general comments, then each section in order (of
 * every version of a revised draft, the oldest first: comments stay on the version they were
 * made on), each read through the (document_id, section_id, thread_key) index. */
struct section_list {
	gid *ids;
	size_t n, cap;
};

static int collect_sections(struct store *st, gid doc_id, struct section_list *l)
{
	struct dbq *s = db_prepare(st, "SELECT id FROM section WHERE document_id = ? AND n_comments > 0 ORDER BY position");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		if (l->n == l->cap) {
			l->cap = l->cap ? l->cap * 2 : 64;
			l->ids = xrealloc(l->ids, l->cap * sizeof *l->ids);
		}
		l->ids[l->n++] = dbq_column_int64(s, 0);
	}
	dbq_finalize(s);
	return rc == DBQ_DONE ? 0 : db_error(st, "listing the sections with comments");
}

struct stop_ctx {
	comment_cb cb;
	void *ctx;
	bool stopped;
};

static int stop_relay(void *ctx, const struct comment *c)
{
	struct stop_ctx *s = ctx;
	if (s->cb(s->ctx, c)) {
		s->stopped = true;
		return 1;
	}
	return 0;
}

int store_comment_each(struct store *st, const struct comment_query *q, comment_cb cb, void *ctx)
{
	if (q->order != ORDER_SECTION || q->scope != SCOPE_DOCUMENT || q->filter.include_deleted)
		return run_query(st, q, PAGE_FIRST, NULL, 0, false, cb, ctx);
	struct section_list l = {0};
	struct stop_ctx relay = {cb, ctx, false};
	struct comment_query sub = *q;
	sub.order = ORDER_THREAD;
	sub.scope = SCOPE_GENERAL;
	int rc = run_query(st, &sub, PAGE_FIRST, NULL, 0, false, stop_relay, &relay);
	if (rc == 0 && !relay.stopped)
		rc = collect_sections(st, q->doc_id, &l);
	sub.scope = SCOPE_SECTION;
	for (size_t i = 0; rc == 0 && !relay.stopped && i < l.n; i++) {
		sub.section_id = l.ids[i];
		rc = run_query(st, &sub, PAGE_FIRST, NULL, 0, false, stop_relay, &relay);
	}
	free(l.ids);
	return rc;
}

struct count_ctx {
	int64_t n, pending;
};

static int count_cb(void *ctx, const struct comment *c)
{
	struct count_ctx *k = ctx;
	k->n++;
	if (c->disposition == DISP_PENDING && !c->deleted_at)
		k->pending++;
	return 0;
}

int store_comment_count(struct store *st, const struct comment_query *q, int64_t *n, int64_t *pending)
{
	*n = *pending = 0;
	if (!comment_filter_active(&q->filter)) {
		struct dbq *s;
		if (q->scope == SCOPE_SECTION) {
			s = db_cached(st, "SELECT n_comments, n_pending FROM section WHERE id = ?");
			if (s)
				dbq_bind_int64(s, 1, q->section_id);
		} else if (q->scope == SCOPE_GENERAL) {
			/* one pass over the section table (of every version: a revised draft has several); +:
			 * not through an index, whose every row is a seek by a random id, five times slower */
			s = db_cached(st, "SELECT d.n_comments - coalesce(sum(s.n_comments), 0), d.n_pending - "
			                  "coalesce(sum(s.n_pending), 0) FROM document d LEFT JOIN section s "
			                  "ON +s.document_id = d.id WHERE d.id = ? GROUP BY d.id");
			if (s)
				dbq_bind_int64(s, 1, q->doc_id);
		} else {
			s = db_cached(st, "SELECT n_comments, n_pending FROM document WHERE id = ?");
			if (s)
				dbq_bind_int64(s, 1, q->doc_id);
		}
		if (!s)
			return -1;
		int rc = dbq_step(s);
		if (rc == DBQ_ROW) {
			*n = dbq_column_int64(s, 0);
			*pending = dbq_column_int64(s, 1);
		}
		dbq_reset(s);
		return rc == DBQ_ROW || rc == DBQ_DONE ? 0 : db_error(st, N_("counting comments"));
	}
	struct count_ctx k = {0, 0};
	struct comment_query live = *q;
	live.filter.include_deleted = false;
	int rc = run_query(st, &live, PAGE_FIRST, NULL, 0, false, count_cb, &k);
	*n = k.n;
	*pending = k.pending;
	return rc;
}

void comment_stamp(const char *edited_at, const char *handled_at, char out[18])
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	const char *parts[] = {edited_at ? edited_at : "", "|", handled_at ? handled_at : ""};
	for (size_t i = 0; i < 3; i++)
		for (const unsigned char *p = (const unsigned char *)parts[i]; *p; p++)
			h = (h ^ *p) * 1099511628211ULL;
	snprintf(out, 18, "v%016llx", (unsigned long long)h);
}
