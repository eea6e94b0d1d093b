/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_merge.c — merging offline copies of a review (merge.h).
 *
 * Each source is read through its own read-only connection, row by row, and what this copy
 * lacks is written here, all in one transaction:
 *   delegates by code, documents by id (or by code when their text is the same), versions,
 *   sections and alignments by id; comments by id. A comment both copies have is reconciled
 *   field by field: a side whose earlier values (its audit log) include the other side's
 *   current value is newer and wins; otherwise it is a conflict, kept with both versions.
 *   New comments are staged in a temporary table (merge_stage, with the replies that waited
 *   in held_comment) and placed at the end in one pass by depth, parents first and siblings
 *   in (created_at, id) order, so that the thread order does not depend on the order of the
 *   merges; a reply whose parent is nowhere goes to held_comment until its parent arrives.
 *   The audit log entries of the sources join audit_copy.
 * Memory stays flat: the sources are opened one at a time, the page cache is bounded, the
 * staging table and the sorts live in temporary files, and the audit entries of a source
 * are compared with this copy's one time (one second) at a time.
 * The choice of the version shown in a conflict depends only on the two versions (the later
 * one; for delegates the row with the smaller id), never on which side merges into which. */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/merge.h"
#include "gopy/strmap.h"
#include "merge_internal.h"

#define KEY_STEP 4
/* equal, NULL equal to NULL, on both engines */
#define SAME "IS NOT DISTINCT FROM"

enum { MAP_DELEGATE = 1, MAP_DOCUMENT = 2, MAP_SECTION = 3 };

struct group {
	gid doc, parent;
};

struct mctx {
	struct store *st;
	struct merge_src *src;
	struct merge_stats *stats;
	struct group *rekey;        /* sibling groups whose order must be rebuilt */
	size_t n_rekey, cap_rekey;
	int64_t staged;             /* comments in merge_stage */
};

/* ---- small helpers -------------------------------------------------------------------- */

static int src_error(struct merge_src *src) { return db_error(src->st, N_("reading a copy")); }

static struct dbq *src_prepare(struct merge_src *src, const char *sql) { return db_prepare(src->st, sql); }

void merge_copy(struct dbq *dst, int di, struct dbq *src, int sc, const char *kinds)
{
	for (; *kinds; kinds++, di++, sc++) {
		if (dbq_column_is_null(src, sc))
			dbq_bind_null(dst, di);
		else if (*kinds == 'i')
			dbq_bind_int64(dst, di, dbq_column_int64(src, sc));
		else if (*kinds == 'b')
			dbq_bind_blob(dst, di, dbq_column_blob(src, sc), dbq_column_bytes(src, sc));
		else
			dbq_bind_text(dst, di, dbq_column_text(src, sc), dbq_column_bytes(src, sc));
	}
}

/* A number in the audit log's old_value or new_value: an integer in SQLite's untyped column,
 * its digits in PostgreSQL's text column. */
static void bind_number(struct store *st, struct dbq *q, int i, int64_t n)
{
	if (!st->pg) {
		dbq_bind_int64(q, i, n);
		return;
	}
	char digits[24];
	snprintf(digits, sizeof digits, "%lld", (long long)n);
	dbq_bind_text(q, i, digits, -1);
}

/* A value of the audit log's old_value or new_value, which hold numbers (dispositions) or
 * text: the source's query reads each as two columns, the number and the text. */
static void copy_any(struct store *st, struct dbq *dst, int di, struct dbq *src, int sc)
{
	if (!dbq_column_is_null(src, sc))
		bind_number(st, dst, di, dbq_column_int64(src, sc));
	else
		merge_copy(dst, di, src, sc + 1, "t");
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static char *col_dup(struct dbq *s, int i) { return db_col_strdup(s, i, false); }

/* One value of a row: a SELECT of one column with ?1 (and ?2) bound to ids. */
static int lookup_id(struct store *st, const char *sql, gid a, gid b, gid *out)
{
	struct dbq *s = db_cached(st, sql);
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, a);
	if (dbq_bind_count(s) >= 2)
		dbq_bind_int64(s, 2, b);
	int rc = dbq_step(s);
	*out = rc == DBQ_ROW ? dbq_column_int64(s, 0) : 0;
	dbq_reset(s);
	if (rc != DBQ_ROW && rc != DBQ_DONE)
		return db_error(st, N_("merging"));
	return rc == DBQ_ROW ? 1 : 0;
}

static int map_set(struct store *st, int kind, gid from, gid into)
{
	struct dbq *s = db_cached(st, "INSERT INTO merge_map(kind, from_id, into_id) VALUES (?, ?, ?) "
	                              "ON CONFLICT (kind, from_id) DO UPDATE SET into_id = excluded.into_id");
	if (!s)
		return -1;
	dbq_bind_int(s, 1, kind);
	dbq_bind_int64(s, 2, from);
	dbq_bind_int64(s, 3, into);
	return db_step_done(st, s, N_("merging"));
}

/* The id here of a source's delegate, document or section (the same id unless mapped). */
static int map_get(struct store *st, int kind, gid from, gid *into)
{
	*into = from;
	if (!from)
		return 0;
	gid v;
	int rc = lookup_id(st, "SELECT into_id FROM merge_map WHERE kind = ?1 AND from_id = ?2", kind, from, &v);
	if (rc < 0)
		return -1;
	if (rc == 1)
		*into = v;
	return 0;
}

static void now_iso(char out[21]) { clock_now_iso(out); }

/* ---- conflicts ------------------------------------------------------------------------ */

struct version_pair {
	const char *text, *extra, *at;
	int64_t n;
};

/* Record a conflict unless one with the same two versions (either way round) exists already,
 * settled or not (a settled conflict is not raised again by merging the same copy twice).
 * 1 when it was new, 0 when known, -1 on error. */
static int conflict_add(struct mctx *m, const char *kind, gid doc, gid comment, const char *code,
                        const struct version_pair *shown, const struct version_pair *other, gid *id_out)
{
	struct store *st = m->st;
	struct dbq *s = db_cached(
		st, "SELECT id FROM conflict WHERE kind = ?1 AND comment_id " SAME " ?2 AND code " SAME " ?3 AND (\n"
		    " (shown " SAME " ?4 AND shown_extra " SAME " ?5 AND shown_n " SAME " ?6 AND other " SAME " ?7\n"
		    "  AND other_extra " SAME " ?8 AND other_n " SAME " ?9)\n"
		    " OR (shown " SAME " ?7 AND shown_extra " SAME " ?8 AND shown_n " SAME " ?9 AND other " SAME " ?4\n"
		    "  AND other_extra " SAME " ?5 AND other_n " SAME " ?6))");
	if (!s)
		return -1;
	dbq_bind_text(s, 1, kind, -1);
	db_bind_id(s, 2, comment);
	db_bind_text(s, 3, code);
	db_bind_text(s, 4, shown->text);
	db_bind_text(s, 5, shown->extra);
	dbq_bind_int64(s, 6, shown->n);
	db_bind_text(s, 7, other->text);
	db_bind_text(s, 8, other->extra);
	dbq_bind_int64(s, 9, other->n);
	int rc = dbq_step(s);
	gid known = rc == DBQ_ROW ? dbq_column_int64(s, 0) : 0;
	dbq_reset(s);
	if (rc != DBQ_ROW && rc != DBQ_DONE)
		return db_error(st, N_("merging"));
	if (known) {
		if (id_out)
			*id_out = known;
		return 0;
	}
	s = db_cached(st, "INSERT INTO conflict(id, kind, document_id, comment_id, code, shown, other, shown_extra, "
	                  "other_extra, shown_n, other_n, shown_at, other_at, source, found_at) "
	                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
	if (!s)
		return -1;
	gid id = id_new();
	char now[21];
	now_iso(now);
	dbq_bind_int64(s, 1, id);
	dbq_bind_text(s, 2, kind, -1);
	db_bind_id(s, 3, doc);
	db_bind_id(s, 4, comment);
	db_bind_text(s, 5, code);
	db_bind_text(s, 6, shown->text);
	db_bind_text(s, 7, other->text);
	db_bind_text(s, 8, shown->extra);
	db_bind_text(s, 9, other->extra);
	dbq_bind_int64(s, 10, shown->n);
	dbq_bind_int64(s, 11, other->n);
	db_bind_text(s, 12, shown->at);
	db_bind_text(s, 13, other->at);
	db_bind_text(s, 14, m->src->label);
	db_bind_text(s, 15, now);
	if (db_step_insert(st, s, &id, 0) != DBQ_DONE)
		return db_error(st, N_("recording a conflict"));
	m->stats->conflicts++;
	if (id_out)
		*id_out = id;
	return 1;
}

/* ---- delegates ------------------------------------------------------------------------ */

static int merge_delegates(struct mctx *m)
{
	struct store *st = m->st;
	struct dbq *s = src_prepare(m->src, "SELECT id, code, name, unit, role, login, sort_key, created_at FROM delegate");
	if (!s)
		return -1;
	int rc = 0, step;
	while (rc == 0 && (step = dbq_step(s)) == DBQ_ROW) {
		gid id = dbq_column_int64(s, 0);
		const char *code = db_col_text(s, 1), *name = db_col_text(s, 2), *unit = db_col_text(s, 3);
		if (!code || !name || db_require_utf8(N_("a delegate"), code) || db_require_utf8(N_("a delegate"), name) ||
		    db_require_utf8(N_("a delegate"), unit)) {
			rc = err_set(_("%s: a delegate row is damaged"), m->src->label);
			break;
		}
		struct dbq *q = db_cached(st, "SELECT id, name, unit FROM delegate WHERE code = ?");
		if (!q) {
			rc = -1;
			break;
		}
		db_bind_text(q, 1, code);
		int found = dbq_step(q);
		gid here = 0;
		char *hname = NULL, *hunit = NULL;
		if (found == DBQ_ROW) {
			here = dbq_column_int64(q, 0);
			hname = col_dup(q, 1);
			hunit = col_dup(q, 2);
		}
		dbq_reset(q);
		if (found != DBQ_ROW && found != DBQ_DONE) {
			rc = db_error(st, N_("merging"));
			break;
		}
		if (here) {
			if (here != id)
				rc = map_set(st, MAP_DELEGATE, id, here);
			if (rc == 0 && (!same_text(hname, name) || !same_text(hunit, unit ? unit : ""))) {
				/* the same code, another name or unit: the row with the smaller id is shown */
				struct version_pair mine = {hname, hunit, NULL, 0}, theirs = {name, unit ? unit : "", NULL, 0};
				bool take = id < here;
				int c = conflict_add(m, "delegate", 0, 0, code, take ? &theirs : &mine, take ? &mine : &theirs, NULL);
				if (c < 0)
					rc = -1;
				else if (c == 1 && take) {
					struct dbq *u = db_cached(st, "UPDATE delegate SET name = ?2, unit = ?3, sort_key = ?4 WHERE id = ?1");
					if (!u)
						rc = -1;
					else {
						dbq_bind_int64(u, 1, here);
						db_bind_text(u, 2, name);
						db_bind_text(u, 3, unit ? unit : "");
						merge_copy(u, 4, s, 6, "b");
						rc = db_step_done(st, u, N_("merging"));
					}
				}
			}
		} else {
			/* a new delegate: its id unless taken, its login unless another has it */
			gid taken;
			rc = lookup_id(st, "SELECT 1 FROM delegate WHERE id = ?1", id, 0, &taken) < 0 ? -1 : 0;
			gid newid = rc == 0 && taken ? id_new() : id;
			struct dbq *i = rc == 0 ? db_cached(st, "INSERT INTO delegate(id, code, name, unit, role, login, sort_key, "
			                                          "created_at) VALUES (?1, ?2, ?3, ?4, ?5, "
			                                          "(SELECT CAST(?6 AS TEXT) WHERE NOT EXISTS (SELECT 1 FROM delegate WHERE login = ?6)), "
			                                          "?7, coalesce(?8, ?9))")
			                          : NULL;
			if (!i)
				rc = -1;
			else {
				dbq_bind_int64(i, 1, newid);
				db_bind_text(i, 2, code);
				db_bind_text(i, 3, name);
				db_bind_text(i, 4, unit ? unit : "");
				db_bind_text(i, 5, db_col_text(s, 4) ? db_col_text(s, 4) : "delegate");
				db_bind_text(i, 6, db_col_text(s, 5));
				merge_copy(i, 7, s, 6, "b");
				db_bind_text(i, 8, db_col_text(s, 7));
				char now[21];
				now_iso(now);
				db_bind_text(i, 9, now);
				if (db_step_insert(st, i, &newid, 0) != DBQ_DONE)
					rc = db_error(st, N_("adding a delegate"));
				else {
					m->stats->delegates++;
					if (newid != id)
						rc = map_set(st, MAP_DELEGATE, id, newid);
				}
			}
		}
		free(hname);
		free(hunit);
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = src_error(m->src);
	dbq_finalize(s);
	return rc;
}

/* ---- documents, versions, sections, alignments --------------------------------------- */

#define SECTION_COLS "id, parent_id, position, level, depth, label, full_label, heading, body, version"

static int insert_section(struct mctx *m, gid doc, struct dbq *r)
{
	struct dbq *i = db_cached(m->st, "INSERT INTO section(id, document_id, parent_id, position, level, depth, label, "
	                                   "full_label, heading, body, version) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
	if (!i)
		return -1;
	dbq_bind_int64(i, 1, dbq_column_int64(r, 0));
	dbq_bind_int64(i, 2, doc);
	merge_copy(i, 3, r, 1, "iiiittttti");
	if (dbq_step(i) != DBQ_DONE) {
		dbq_reset(i);
		return db_error(m->st, N_("adding a section"));
	}
	dbq_reset(i);
	m->stats->sections++;
	return 0;
}

/* The versions (and their sections and alignments) of the source's document doc that this
 * copy lacks: numbers after its newest. A section of a version both have that is not here
 * means both copies made that version apart: refused, with what to do instead. */
static int merge_versions(struct mctx *m, gid doc, const char *code, bool new_doc)
{
	struct store *st = m->st;
	gid have = 0;
	if (!new_doc && lookup_id(st, "SELECT n_versions FROM document WHERE id = ?1", doc, 0, &have) < 0)
		return -1;
	struct dbq *v = src_prepare(m->src, "SELECT number, label, created_at FROM version WHERE document_id = ?1 "
	                                      "AND number > ?2 ORDER BY number");
	struct dbq *s = src_prepare(m->src, "SELECT " SECTION_COLS " FROM section WHERE document_id = ?1 AND version = ?2 "
	                                      "ORDER BY position");
	struct dbq *a = src_prepare(m->src, "SELECT new_version, new_section, old_section, kind, by_hand FROM alignment "
	                                      "WHERE document_id = ?1 AND new_version > ?2");
	struct dbq *old = src_prepare(m->src, "SELECT id, version FROM section WHERE document_id = ?1 AND version <= ?2");
	int rc = v && s && a && old ? 0 : -1, step;
	if (rc == 0) {
		/* sections of versions both have must all be here */
		dbq_bind_int64(old, 1, doc);
		dbq_bind_int64(old, 2, have);
		while (rc == 0 && (step = dbq_step(old)) == DBQ_ROW) {
			gid there;
			int f = lookup_id(st, "SELECT 1 FROM section WHERE id = ?1", dbq_column_int64(old, 0), 0, &there);
			if (f < 0)
				rc = -1;
			else if (f == 0)
				rc = err_set(_("%s: both copies made version %d of %s apart; merge without it and import its "
				               "text with 'gopy import --revision'"),
				             m->src->label, dbq_column_int(old, 1), code);
		}
		if (rc == 0 && step != DBQ_DONE)
			rc = src_error(m->src);
	}
	if (rc == 0) {
		dbq_bind_int64(v, 1, doc);
		dbq_bind_int64(v, 2, have);
	}
	while (rc == 0 && (step = dbq_step(v)) == DBQ_ROW) {
		int number = dbq_column_int(v, 0);
		struct dbq *u = db_cached(st, "UPDATE document SET n_versions = ?2, n_sections = 0 WHERE id = ?1");
		struct dbq *i = db_cached(st, "INSERT INTO version(document_id, number, label, created_at) VALUES (?1, ?2, "
		                                "coalesce(?3, ''), coalesce(?4, ?5)) ON CONFLICT (document_id, number) "
		                                "DO UPDATE SET label = excluded.label, created_at = excluded.created_at");
		if (!u || !i) {
			rc = -1;
			break;
		}
		dbq_bind_int64(u, 1, doc);
		dbq_bind_int(u, 2, number);
		dbq_bind_int64(i, 1, doc);
		dbq_bind_int(i, 2, number);
		db_bind_text(i, 3, db_col_text(v, 1));
		db_bind_text(i, 4, db_col_text(v, 2));
		char now[21];
		now_iso(now);
		db_bind_text(i, 5, now);
		if (number > 1 && db_step_done(st, u, N_("merging")) != 0)
			rc = -1;
		else if (db_step_done(st, i, N_("merging")) != 0)
			rc = -1;
		if (number > 1 && rc == 0 && !new_doc)
			m->stats->versions++;
		dbq_reset(s);
		dbq_bind_int64(s, 1, doc);
		dbq_bind_int(s, 2, number);
		int ss;
		while (rc == 0 && (ss = dbq_step(s)) == DBQ_ROW)
			rc = insert_section(m, doc, s);
		if (rc == 0 && ss != DBQ_DONE)
			rc = src_error(m->src);
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = src_error(m->src);
	if (rc == 0) {
		dbq_bind_int64(a, 1, doc);
		dbq_bind_int64(a, 2, have);
	}
	while (rc == 0 && (step = dbq_step(a)) == DBQ_ROW) {
		struct dbq *i = db_cached(st, "INSERT INTO alignment(document_id, new_version, new_section, old_section, kind, "
		                                "by_hand) VALUES (?, ?, ?, ?, ?, ?)");
		if (!i) {
			rc = -1;
			break;
		}
		dbq_bind_int64(i, 1, doc);
		merge_copy(i, 2, a, 0, "iiiii");
		rc = db_step_done(st, i, N_("merging"));
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = src_error(m->src);
	dbq_finalize(v);
	dbq_finalize(s);
	dbq_finalize(a);
	dbq_finalize(old);
	return rc;
}

/* The text of a document as one string (every version's sections in order), to compare. */
static int doc_text_src(struct merge_src *src, gid doc, struct buf *out)
{
	struct dbq *s = src_prepare(src, "SELECT version, level, label, heading, body FROM section WHERE document_id = ? "
	                                   "ORDER BY version, position");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc);
	int step;
	while ((step = dbq_step(s)) == DBQ_ROW)
		for (int c = 0; c < 5; c++)
			buf_printf(out, "%s%c", db_col_text(s, c) ? db_col_text(s, c) : "", c == 4 ? '\n' : '\t');
	dbq_finalize(s);
	return step == DBQ_DONE ? 0 : src_error(src);
}

/* A document both copies have under one code but different ids: with the same text, the
 * source's ids are mapped to this copy's; with another text, a conflict holds its text and
 * (in merge_comments) its comments. */
static int merge_same_code(struct mctx *m, gid from, gid here, const char *code, const char *title)
{
	struct store *st = m->st;
	struct merge_src self = {.st = st, .label = st->path};
	struct buf a = {0}, b = {0};
	int rc = doc_text_src(m->src, from, &a);
	if (rc == 0)
		rc = doc_text_src(&self, here, &b);
	bool same = rc == 0 && a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0);
	buf_free(&a);
	buf_free(&b);
	if (rc != 0)
		return rc;
	struct dbq *s = src_prepare(m->src, "SELECT " SECTION_COLS " FROM section WHERE document_id = ? "
	                                      "ORDER BY version, position");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, from);
	gid conflict = 0;
	if (same) {
		rc = map_set(st, MAP_DOCUMENT, from, here);
	} else {
		struct dbq *t = db_cached(st, "SELECT title FROM document WHERE id = ?");
		char *mine = NULL;
		if (!t)
			rc = -1;
		else {
			dbq_bind_int64(t, 1, here);
			if (dbq_step(t) == DBQ_ROW)
				mine = col_dup(t, 0);
			dbq_reset(t);
		}
		struct version_pair shown = {mine, NULL, NULL, 0}, other = {title, NULL, NULL, 0};
		/* the other text's identity: its document id (a second merge finds the same conflict) */
		other.n = from;
		int c = rc == 0 ? conflict_add(m, "document", here, 0, code, &shown, &other, &conflict) : -1;
		free(mine);
		if (c < 0)
			rc = -1;
		if (rc == 0)
			rc = map_set(st, MAP_DOCUMENT, from, -conflict);
		if (c == 0) { /* known: its text is held already */
			dbq_finalize(s);
			return rc;
		}
	}
	/* sections: mapped in order (the same text), or held with the conflict */
	struct dbq *here_s = same ? db_prepare(st, "SELECT id FROM section WHERE document_id = ? ORDER BY version, position")
	                            : NULL;
	if (same && !here_s)
		rc = -1;
	if (here_s)
		dbq_bind_int64(here_s, 1, here);
	int step;
	while (rc == 0 && (step = dbq_step(s)) == DBQ_ROW) {
		if (same) {
			if (dbq_step(here_s) != DBQ_ROW) {
				rc = db_error(st, N_("merging"));
				break;
			}
			rc = map_set(st, MAP_SECTION, dbq_column_int64(s, 0), dbq_column_int64(here_s, 0));
			continue;
		}
		struct dbq *i = db_cached(st, "INSERT INTO held_section(conflict_id, id, parent_id, position, level, depth, label, "
		                                "full_label, heading, body) VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING");
		if (!i) {
			rc = -1;
			break;
		}
		dbq_bind_int64(i, 1, conflict);
		merge_copy(i, 2, s, 0, "iiiiitttt");
		rc = db_step_done(st, i, N_("merging"));
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = src_error(m->src);
	dbq_finalize(s);
	dbq_finalize(here_s);
	return rc;
}

static int insert_document(struct mctx *m, struct dbq *d)
{
	struct store *st = m->st;
	gid id = dbq_column_int64(d, 0);
	struct dbq *i = db_cached(st, "INSERT INTO document(id, code, title, kind, version, status, deadline, issuer, place, "
	                                "created_at, n_versions) VALUES (?,?,?,?,?,?,?,?,?,?,1)");
	if (!i)
		return -1;
	merge_copy(i, 1, d, 0, "ittttttttt");
	if (dbq_step(i) != DBQ_DONE) {
		dbq_reset(i);
		return db_error(st, N_("adding a document"));
	}
	dbq_reset(i);
	m->stats->documents++;
	/* its versions from the first (whose row the trigger made), sections and alignments */
	return merge_versions(m, id, db_col_text(d, 1), true);
}

static int merge_documents(struct mctx *m)
{
	struct store *st = m->st;
	struct dbq *d = src_prepare(m->src, "SELECT id, code, title, kind, version, status, deadline, issuer, place, "
	                                      "created_at, n_versions FROM document ORDER BY created_at, id");
	if (!d)
		return -1;
	int rc = 0, step;
	while (rc == 0 && (step = dbq_step(d)) == DBQ_ROW) {
		gid id = dbq_column_int64(d, 0);
		const char *code = db_col_text(d, 1);
		if (!code) {
			rc = err_set(_("%s: a document row is damaged"), m->src->label);
			break;
		}
		gid here;
		struct dbq *q = db_cached(st, "SELECT id FROM document WHERE code = ?");
		if (!q) {
			rc = -1;
			break;
		}
		db_bind_text(q, 1, code);
		int found = dbq_step(q);
		here = found == DBQ_ROW ? dbq_column_int64(q, 0) : 0;
		dbq_reset(q);
		if (found != DBQ_ROW && found != DBQ_DONE) {
			rc = db_error(st, N_("merging"));
			break;
		}
		if (here == id)
			rc = merge_versions(m, id, code, false);
		else if (here)
			rc = merge_same_code(m, id, here, code, db_col_text(d, 2));
		else
			rc = insert_document(m, d);
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = src_error(m->src);
	dbq_finalize(d);
	if (rc != 0)
		return rc;
	/* the consultation lists: entries this copy lacks (by id, and by unit or delegate) */
	struct dbq *c = src_prepare(m->src, "SELECT id, document_id, delegate_id, unit, asked_on, deadline, "
	                                      "no_comments_on, reference FROM consultee");
	if (!c)
		return -1;
	while (rc == 0 && (step = dbq_step(c)) == DBQ_ROW) {
		gid doc, del;
		if (map_get(st, MAP_DOCUMENT, dbq_column_int64(c, 1), &doc) != 0 ||
		    map_get(st, MAP_DELEGATE, dbq_column_int64(c, 2), &del) != 0) {
			rc = -1;
			break;
		}
		if (doc < 0)
			continue;
		struct dbq *i = db_cached(st, "INSERT INTO consultee(id, document_id, delegate_id, unit, asked_on, deadline, "
		                                "no_comments_on, reference) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING");
		if (!i) {
			rc = -1;
			break;
		}
		dbq_bind_int64(i, 1, dbq_column_int64(c, 0));
		dbq_bind_int64(i, 2, doc);
		db_bind_id(i, 3, del);
		merge_copy(i, 4, c, 3, "ttttt");
		rc = db_step_done(st, i, N_("merging"));
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = src_error(m->src);
	dbq_finalize(c);
	return rc;
}

/* ---- comments ------------------------------------------------------------------------- */

struct crow {
	gid id, doc, section, parent, author, entered, handled_by;
	const char *body, *quote, *created, *edited, *deleted, *response, *handled_at;
	int disp;
	int depth; /* in the copy it came from; -1 unknown (it waited there for its parent) */
};

#define CROW_COLS \
	"id, document_id, section_id, parent_id, author_id, entered_by, body, quote, created_at, edited_at, deleted_at, " \
	"disposition, response, handled_by, handled_at"

static void crow_read(struct dbq *s, struct crow *r, bool copy)
{
	memset(r, 0, sizeof *r);
	r->id = dbq_column_int64(s, 0);
	r->doc = dbq_column_int64(s, 1);
	r->section = dbq_column_int64(s, 2);
	r->parent = dbq_column_int64(s, 3);
	r->author = dbq_column_int64(s, 4);
	r->entered = dbq_column_int64(s, 5);
	r->disp = dbq_column_int(s, 11);
	r->handled_by = dbq_column_int64(s, 13);
	const char **f[] = {&r->body, &r->quote, &r->created, &r->edited, &r->deleted, &r->response, &r->handled_at};
	int cols[] = {6, 7, 8, 9, 10, 12, 14};
	for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
		*f[i] = copy ? col_dup(s, cols[i]) : db_col_text(s, cols[i]);
}

static void crow_free(struct crow *r)
{
	free((void *)r->body);
	free((void *)r->quote);
	free((void *)r->created);
	free((void *)r->edited);
	free((void *)r->deleted);
	free((void *)r->response);
	free((void *)r->handled_at);
}

/* Had comment id once the value v as its `kind` ('edit': text, 'response', 'disposition')
 * before a change, by the audit log of db (this copy's and those it merged)? */
static int had_value(struct store *db, gid id, const char *kind, const char *text, int64_t n, bool numeric, bool *out)
{
	static const char sql[] =
		"SELECT 1 FROM audit WHERE comment_id = ?1 AND kind = ?2 AND old_value " SAME " ?3 "
		"UNION ALL SELECT 1 FROM audit_copy WHERE comment_id = ?1 AND kind = ?2 AND old_value " SAME " ?3 LIMIT 1";
	struct dbq *s = db_cached(db, sql);
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, id);
	dbq_bind_text(s, 2, kind, -1);
	if (numeric)
		bind_number(db, s, 3, n);
	else
		db_bind_text(s, 3, text);
	int rc = dbq_step(s);
	*out = rc == DBQ_ROW;
	dbq_reset(s);
	if (rc != DBQ_ROW && rc != DBQ_DONE)
		return db_error(db, N_("reading the audit log"));
	return 0;
}

/* The time of the last restoration of comment id in the log of db (this copy's and those it
 * merged): NULL when none (malloc'd). */
static int last_restore(struct store *db, gid id, char **at)
{
	struct dbq *s = db_cached(db, "SELECT max(at) FROM (SELECT at FROM audit WHERE comment_id = ?1 AND kind = 'restore' "
	                              "UNION ALL SELECT at FROM audit_copy WHERE comment_id = ?1 AND kind = 'restore') r");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, id);
	int rc = dbq_step(s);
	*at = rc == DBQ_ROW ? col_dup(s, 0) : NULL;
	dbq_reset(s);
	return rc == DBQ_ROW || rc == DBQ_DONE ? 0 : db_error(db, N_("reading the audit log"));
}

/* One side has comment id deleted, the other not (theirs_live: the source's is the live
 * one): did the live side restore it after a deletion the deleted side has not seen since
 * (its log lacks that restoration)? *out 1 yes, 0 no. */
static int restored_since(struct mctx *m, gid id, bool theirs_live, int *out)
{
	struct store *live = theirs_live ? m->src->st : m->st, *dead = theirs_live ? m->st : m->src->st;
	char *at = NULL, *seen = NULL;
	*out = 0;
	if (last_restore(live, id, &at) != 0)
		return -1;
	int rc = 0;
	if (at) {
		struct dbq *s = db_cached(dead, "SELECT at FROM audit WHERE comment_id = ?1 AND kind = 'restore' AND at = ?2 "
		                                "UNION ALL SELECT at FROM audit_copy WHERE comment_id = ?1 AND kind = 'restore' "
		                                "AND at = ?2 LIMIT 1");
		if (!s)
			rc = -1;
		else {
			dbq_bind_int64(s, 1, id);
			db_bind_text(s, 2, at);
			int step = dbq_step(s);
			if (step == DBQ_ROW)
				seen = col_dup(s, 0);
			dbq_reset(s);
			if (step != DBQ_ROW && step != DBQ_DONE)
				rc = db_error(dead, N_("reading the audit log"));
		}
		*out = rc == 0 && !seen;
	}
	free(at);
	free(seen);
	return rc;
}

/* Which side is newer for one field: 1 theirs, -1 mine, 0 neither (a conflict). */
static int newer(struct mctx *m, gid id, const char *kind, const char *mine, const char *theirs, int64_t mn,
                 int64_t tn, bool numeric, int *out)
{
	bool t_saw_mine, m_saw_theirs;
	if (had_value(m->src->st, id, kind, mine, mn, numeric, &t_saw_mine) != 0 ||
	    had_value(m->st, id, kind, theirs, tn, numeric, &m_saw_theirs) != 0)
		return -1;
	*out = t_saw_mine && !m_saw_theirs ? 1 : m_saw_theirs && !t_saw_mine ? -1 : 0;
	return 0;
}

/* Later of two times (NULL: never, the earliest); ties broken by the text, so that the
 * choice does not depend on which side is mine. true when b wins. */
static bool later(const char *at_a, const char *text_a, const char *at_b, const char *text_b)
{
	int c = strcmp(at_a ? at_a : "", at_b ? at_b : "");
	if (c == 0)
		c = strcmp(text_a ? text_a : "", text_b ? text_b : "");
	return c < 0;
}

/* Where this copy has a comment: placed, held (with a document in conflict), or staged by
 * this merge (new, or waiting for its parent) — find_here's answer. */
enum { HERE_NONE, HERE_PLACED, HERE_HELD, HERE_STAGED };

/* The statement that changes a comment here, where it is. */
static struct dbq *update_stmt(struct store *st, int where, int which)
{
#define UPDATES(t) \
	{"UPDATE " t " SET body = ?2, edited_at = ?3 WHERE id = ?1", "UPDATE " t " SET deleted_at = ?2 WHERE id = ?1", \
	 "UPDATE " t " SET disposition = ?2, response = ?3, handled_by = ?4, handled_at = ?5 WHERE id = ?1", \
	 "UPDATE " t " SET deleted_at = NULL, body = ?2, edited_at = ?3 WHERE id = ?1"}
	static const char *const sql[3][4] = {UPDATES("comment"), UPDATES("held_comment"), UPDATES("merge_stage")};
#undef UPDATES
	return db_cached(st, sql[where - HERE_PLACED][which]);
}

static int set_body(struct mctx *m, int where, gid id, const char *body, const char *edited, bool restore)
{
	struct dbq *u = update_stmt(m->st, where, restore ? 3 : 0);
	if (!u)
		return -1;
	dbq_bind_int64(u, 1, id);
	db_bind_text(u, 2, body);
	db_bind_text(u, 3, edited);
	return db_step_done(m->st, u, N_("merging"));
}

/* A comment both sides have: bring over what the source changed later, record conflicts. */
static int reconcile(struct mctx *m, int where, const struct crow *mine, const struct crow *t)
{
	struct store *st = m->st;
	gid id = t->id;
	gid doc = where == HERE_HELD ? 0 : t->doc; /* the document of its conflicts */
	int rc = 0, body_side = 2; /* 2: the same text */
	bool changed = false;
	if (!same_text(mine->body, t->body)) {
		if (newer(m, id, "edit", mine->body, t->body, 0, 0, false, &body_side) != 0)
			return -1;
	}
	bool m_del = mine->deleted != NULL, t_del = t->deleted != NULL;
	int restored = 0;
	if (m_del != t_del && restored_since(m, id, !t_del, &restored) != 0)
		return -1;
	if (m_del != t_del && restored) {
		/* the live side restored the comment after a deletion the deleted side made: the
		 * restoration is newer; the text is then decided as for any edit */
		if (m_del) {
			struct dbq *u = update_stmt(st, where, 1);
			if (!u)
				return -1;
			dbq_bind_int64(u, 1, id);
			dbq_bind_null(u, 2);
			rc = db_step_done(st, u, N_("merging"));
			changed = true;
		}
	} else if (m_del != t_del) {
		/* a deletion wins over the text it deleted; against a later edit it is a conflict,
		 * and the review shows the edited comment (not deleted) until a person decides */
		const struct crow *del = t_del ? t : mine, *live = t_del ? mine : t;
		/* the deleting side saw the live side's text: the deletion is newer */
		int side = body_side == 2 ? (t_del ? 1 : -1) : body_side;
		bool deletion_newer = t_del ? side == 1 : side == -1;
		if (deletion_newer) {
			if (t_del) {
				struct dbq *u = update_stmt(st, where, 1);
				if (!u)
					return -1;
				dbq_bind_int64(u, 1, id);
				db_bind_text(u, 2, t->deleted);
				rc = db_step_done(st, u, N_("merging"));
				changed = true;
			}
		} else {
			struct version_pair shown = {live->body, NULL, live->edited, 0};
			struct version_pair other = {del->body, NULL, del->deleted, 1};
			int c = conflict_add(m, "delete", doc, id, NULL, &shown, &other, NULL);
			if (c < 0)
				return -1;
			if (c == 1 && m_del) { /* shown: the live, edited version */
				rc = set_body(m, where, id, t->body, t->edited, true);
				changed = true;
			}
		}
		body_side = 2; /* settled with the deletion */
	}
	if (rc == 0 && (body_side == 1 || body_side == 0)) {
		bool take = body_side == 1;
		if (body_side == 0) {
			take = later(mine->edited, mine->body, t->edited, t->body);
			struct version_pair a = {mine->body, NULL, mine->edited, 0}, b = {t->body, NULL, t->edited, 0};
			int c = conflict_add(m, "edit", doc, id, NULL, take ? &b : &a, take ? &a : &b, NULL);
			if (c < 0)
				return -1;
			if (c == 0)
				take = false; /* known: settled or recorded already */
		}
		if (take) {
			rc = set_body(m, where, id, t->body, t->edited, false);
			changed = true;
		}
	}
	/* disposition and response, as one decision */
	if (rc == 0 && (mine->disp != t->disp || !same_text(mine->response, t->response))) {
		bool m_pending = mine->disp == 0 && !mine->response, t_pending = t->disp == 0 && !t->response;
		int side;
		if (m_pending != t_pending)
			side = m_pending ? 1 : -1;
		else {
			int sd = 2, sr = 2;
			if (mine->disp != t->disp && newer(m, id, "disposition", NULL, NULL, mine->disp, t->disp, true, &sd) != 0)
				return -1;
			if (!same_text(mine->response, t->response) &&
			    newer(m, id, "response", mine->response, t->response, 0, 0, false, &sr) != 0)
				return -1;
			side = (sd == 1 || sd == 2) && (sr == 1 || sr == 2) ? 1 : (sd == -1 || sd == 2) && (sr == -1 || sr == 2) ? -1 : 0;
		}
		bool take = side == 1;
		if (side == 0) {
			char an[8], bn[8];
			snprintf(an, sizeof an, "%d", mine->disp);
			snprintf(bn, sizeof bn, "%d", t->disp);
			take = later(mine->handled_at, mine->response ? mine->response : an, t->handled_at,
			             t->response ? t->response : bn);
			struct version_pair a = {mine->response, NULL, mine->handled_at, mine->disp};
			struct version_pair b = {t->response, NULL, t->handled_at, t->disp};
			int c = conflict_add(m, "handling", doc, id, NULL, take ? &b : &a, take ? &a : &b, NULL);
			if (c < 0)
				return -1;
			if (c == 0)
				take = false;
		}
		if (take) {
			struct dbq *u = update_stmt(st, where, 2);
			if (!u)
				return -1;
			dbq_bind_int64(u, 1, id);
			dbq_bind_int(u, 2, t->disp);
			db_bind_text(u, 3, t->response);
			db_bind_id(u, 4, t->handled_by);
			db_bind_text(u, 5, t->handled_at);
			rc = db_step_done(st, u, N_("merging"));
			changed = true;
		}
	}
	if (rc == 0 && changed)
		m->stats->changed++;
	return rc;
}

/* This copy's version of comment id, and where it is (HERE_*). */
static int find_here(struct store *st, gid id, struct crow *out)
{
	static const char *const sql[] = {
		"SELECT " CROW_COLS " FROM comment WHERE id = ?",
		"SELECT " CROW_COLS " FROM held_comment WHERE id = ?",
		"SELECT " CROW_COLS " FROM merge_stage WHERE id = ?",
	};
	for (int i = 0; i < 3; i++) {
		struct dbq *s = db_cached(st, sql[i]);
		if (!s)
			return -1;
		dbq_bind_int64(s, 1, id);
		int rc = dbq_step(s);
		if (rc == DBQ_ROW)
			crow_read(s, out, true);
		dbq_reset(s);
		if (rc == DBQ_ROW)
			return i + 1;
		if (rc != DBQ_DONE)
			return db_error(st, N_("merging"));
	}
	return 0;
}

/* A new comment: staged to be placed (conflict 0), or held with its document's conflict. */
static int hold(struct mctx *m, const struct crow *r, gid conflict)
{
	struct dbq *i = conflict ? db_cached(m->st, "INSERT INTO held_comment(" CROW_COLS ", conflict_id) "
	                                            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")
	                         : db_cached(m->st, "INSERT INTO merge_stage(" CROW_COLS ", depth) "
	                                            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
	if (!i)
		return -1;
	dbq_bind_int64(i, 1, r->id);
	dbq_bind_int64(i, 2, r->doc);
	db_bind_id(i, 3, r->section);
	db_bind_id(i, 4, r->parent);
	dbq_bind_int64(i, 5, r->author);
	db_bind_id(i, 6, r->entered);
	db_bind_text(i, 7, r->body);
	db_bind_text(i, 8, r->quote);
	db_bind_text(i, 9, r->created);
	db_bind_text(i, 10, r->edited);
	db_bind_text(i, 11, r->deleted);
	dbq_bind_int(i, 12, r->disp);
	db_bind_text(i, 13, r->response);
	db_bind_id(i, 14, r->handled_by);
	db_bind_text(i, 15, r->handled_at);
	if (conflict)
		dbq_bind_int64(i, 16, conflict);
	else if (r->depth >= 0)
		dbq_bind_int(i, 16, r->depth);
	else
		dbq_bind_null(i, 16);
	if (dbq_step(i) != DBQ_DONE) {
		dbq_reset(i);
		return db_error(m->st, N_("adding a comment"));
	}
	dbq_reset(i);
	if (!conflict)
		m->staged++;
	return 0;
}

static int merge_comments(struct mctx *m)
{
	struct store *st = m->st;
	struct dbq *s = src_prepare(m->src, "SELECT " CROW_COLS ", depth FROM comment UNION ALL SELECT " CROW_COLS
	                                      ", -1 FROM held_comment WHERE conflict_id IS NULL");
	if (!s)
		return -1;
	int rc = 0, step;
	while (rc == 0 && (step = dbq_step(s)) == DBQ_ROW) {
		struct crow t;
		crow_read(s, &t, false);
		t.depth = dbq_column_int(s, 15);
		if (!t.body || !t.created || db_require_utf8(N_("a comment"), t.body) || db_require_utf8(N_("a comment"), t.quote) ||
		    db_require_utf8(N_("a response"), t.response) || t.disp < 0 || t.disp >= DISP_COUNT) {
			rc = err_set(_("%s: comment %lld is damaged"), m->src->label, (long long)t.id);
			break;
		}
		gid doc;
		if (map_get(st, MAP_DOCUMENT, t.doc, &doc) != 0 || map_get(st, MAP_SECTION, t.section, &t.section) != 0 ||
		    map_get(st, MAP_DELEGATE, t.author, &t.author) != 0 || map_get(st, MAP_DELEGATE, t.entered, &t.entered) != 0 ||
		    map_get(st, MAP_DELEGATE, t.handled_by, &t.handled_by) != 0) {
			rc = -1;
			break;
		}
		struct crow mine;
		int where = find_here(st, t.id, &mine);
		if (where < 0) {
			rc = -1;
			break;
		}
		if (where == HERE_NONE) {
			if (doc < 0) { /* its document is in conflict: held with it, on the source's ids */
				rc = hold(m, &t, -doc);
			} else {
				t.doc = doc;
				rc = hold(m, &t, 0);
			}
			if (rc == 0)
				m->stats->comments++;
		} else {
			t.doc = doc;
			if (doc > 0)
				rc = reconcile(m, where, &mine, &t);
			crow_free(&mine);
		}
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = src_error(m->src);
	dbq_finalize(s);
	return rc;
}

/* ---- placing the held comments in thread order ----------------------------------------- */

/* The last child of key pk (NULL: the last root) in doc: its component (0: none). */
static int last_child(struct store *st, gid doc, const unsigned char *pk, size_t plen, uint32_t *comp)
{
	unsigned char succ[STORE_MAX_THREAD_DEPTH * KEY_STEP + KEY_STEP];
	size_t slen = pk ? key_successor(pk, plen, succ) : 0;
	struct dbq *s = !pk ? db_cached(st, "SELECT thread_key FROM comment WHERE document_id = ?1 ORDER BY thread_key DESC LIMIT 1")
	                  : slen ? db_cached(st, "SELECT thread_key FROM comment WHERE document_id = ?1 AND thread_key > ?2 "
	                                         "AND thread_key < ?3 ORDER BY thread_key DESC LIMIT 1")
	                         : db_cached(st, "SELECT thread_key FROM comment WHERE document_id = ?1 AND thread_key > ?2 "
	                                         "ORDER BY thread_key DESC LIMIT 1");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc);
	if (pk)
		dbq_bind_blob(s, 2, pk, (int)plen);
	if (slen)
		dbq_bind_blob(s, 3, succ, (int)slen);
	*comp = 0;
	int rc = dbq_step(s);
	if (rc == DBQ_ROW) {
		const unsigned char *k = dbq_column_blob(s, 0);
		size_t n = (size_t)dbq_column_bytes(s, 0);
		if (k && n >= plen + KEY_STEP)
			*comp = key_component(k + plen);
	}
	dbq_reset(s);
	return rc == DBQ_ROW || rc == DBQ_DONE ? 0 : db_error(st, N_("merging"));
}

static void rekey_later(struct mctx *m, gid doc, gid parent)
{
	if (m->n_rekey == m->cap_rekey) {
		m->cap_rekey = m->cap_rekey ? m->cap_rekey * 2 : 16;
		m->rekey = xrealloc(m->rekey, m->cap_rekey * sizeof *m->rekey);
	}
	if (m->n_rekey && m->rekey[m->n_rekey - 1].doc == doc && m->rekey[m->n_rekey - 1].parent == parent)
		return;
	m->rekey[m->n_rekey++] = (struct group){doc, parent};
}

/* One pass over the staged comments, in (document, parent, created_at, id) order, each
 * given the next key of its siblings when its parent is placed (or it is a root); *placed
 * counts them. The first pass reads them by depth first, so that parents are placed before
 * their replies and one pass places them all; the next ones (replies whose depth was not
 * known, or whose parent was nowhere) read only those still waiting. */
static int place_pass(struct mctx *m, bool first, int64_t *placed)
{
	struct store *st = m->st;
	struct dbq *s = first ? db_prepare(st, "SELECT " CROW_COLS " FROM merge_stage "
	                                         "ORDER BY coalesce(depth, 2147483647), document_id, parent_id, created_at, id")
	                      : db_prepare(st, "SELECT " CROW_COLS " FROM merge_stage h "
	                                         "WHERE (parent_id IS NULL OR EXISTS (SELECT 1 FROM comment p WHERE p.id = h.parent_id)) "
	                                         "AND NOT EXISTS (SELECT 1 FROM comment c WHERE c.id = h.id) "
	                                         "ORDER BY document_id, parent_id, created_at, id");
	if (!s)
		return -1;
	gid gdoc = -1, gparent = -1, root = 0, section = 0, checked_section = 0, checked_doc = 0;
	bool waits = false; /* the group's parent is not placed (yet) */
	int depth = 0;
	unsigned char key[STORE_MAX_THREAD_DEPTH * KEY_STEP + KEY_STEP];
	size_t plen = 0;
	uint32_t next = 0;
	int rc = 0, step;
	*placed = 0;
	while (rc == 0 && (step = dbq_step(s)) == DBQ_ROW) {
		struct crow r;
		crow_read(s, &r, false);
		if (r.doc != gdoc || r.parent != gparent) {
			gdoc = r.doc;
			gparent = r.parent;
			plen = 0;
			depth = 0;
			root = 0;
			section = r.section;
			waits = false;
			if (r.parent) {
				struct dbq *p = db_cached(st, "SELECT document_id, section_id, root_id, depth, thread_key FROM comment "
				                                "WHERE id = ?");
				if (!p) {
					rc = -1;
					break;
				}
				dbq_bind_int64(p, 1, r.parent);
				int found = dbq_step(p);
				if (found == DBQ_ROW) {
					gdoc = dbq_column_int64(p, 0);
					section = dbq_column_int64(p, 1);
					root = dbq_column_int64(p, 2);
					depth = dbq_column_int(p, 3) + 1;
					plen = (size_t)dbq_column_bytes(p, 4);
					if (plen + KEY_STEP <= sizeof key && plen)
						memcpy(key, dbq_column_blob(p, 4), plen);
				}
				dbq_reset(p);
				if (found != DBQ_ROW && found != DBQ_DONE) {
					rc = db_error(st, N_("merging"));
					break;
				}
				if ((waits = found == DBQ_DONE))
					continue;
				if (plen + KEY_STEP > sizeof key || depth >= STORE_MAX_THREAD_DEPTH) {
					rc = err_set(_("comment %lld: the thread is too deep (at most %d levels)"), (long long)r.id,
					             STORE_MAX_THREAD_DEPTH);
					break;
				}
			}
			uint32_t last;
			if (last_child(st, gdoc, r.parent ? key : NULL, plen, &last) != 0) {
				rc = -1;
				break;
			}
			/* siblings were here: the group is put in (created_at, id) order at the end, all
			 * of it (those here may have come in another order: added in the same second),
			 * so that the order does not depend on which copy brought which */
			if (last)
				rekey_later(m, gdoc, r.parent);
			if (last == UINT32_MAX) {
				rc = err_set(_("too many replies in one thread"));
				break;
			}
			next = last + 1;
		}
		if (waits)
			continue;
		if (next == 0) {
			rc = err_set(_("too many replies in one thread"));
			break;
		}
		/* roots: each its own section (of their document); replies: their parent's */
		if (!r.parent && (section = r.section) != 0 && (section != checked_section || gdoc != checked_doc)) {
			gid sdoc;
			if (lookup_id(st, "SELECT document_id FROM section WHERE id = ?1", section, 0, &sdoc) < 0) {
				rc = -1;
				break;
			}
			if (sdoc != gdoc) {
				rc = err_set(_("comment %lld names a section of another document"), (long long)r.id);
				break;
			}
			checked_section = section;
			checked_doc = gdoc;
		}
		put_component(key + plen, next++);
		struct dbq *i = db_cached(st, "INSERT INTO comment(id, document_id, section_id, parent_id, root_id, depth, "
		                                "thread_key, author_id, entered_by, body, quote, created_at, edited_at, deleted_at, "
		                                "disposition, response, handled_by, handled_at) "
		                                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
		if (!i) {
			rc = -1;
			break;
		}
		dbq_bind_int64(i, 1, r.id);
		dbq_bind_int64(i, 2, gdoc);
		db_bind_id(i, 3, section);
		db_bind_id(i, 4, r.parent);
		dbq_bind_int64(i, 5, root ? root : r.id);
		dbq_bind_int(i, 6, depth);
		dbq_bind_blob(i, 7, key, (int)(plen + KEY_STEP));
		dbq_bind_int64(i, 8, r.author);
		db_bind_id(i, 9, r.entered);
		merge_copy(i, 10, s, 6, "tttttitit");
		if (dbq_step(i) != DBQ_DONE) {
			enum db_fault fault = db_last_fault(st);
			dbq_reset(i);
			rc = fault == DB_FAULT_FOREIGN_KEY
			         ? err_set(_("comment %lld names an author, document or section that no copy has"), (long long)r.id)
			         : db_error(st, N_("adding a comment"));
			break;
		}
		dbq_reset(i);
		/* the counters' trigger is set aside in a bulk write (store_bulk.c) */
		bool live = dbq_column_is_null(s, 10);
		bulk_count(st, gdoc, section, live, live && dbq_column_int64(s, 11) == DISP_PENDING);
		bulk_forget(st);
		(*placed)++;
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = db_error(st, N_("merging"));
	dbq_finalize(s);
	return rc;
}

/* The staging table of a merge: the new comments, and those that waited in held_comment for
 * their parent, to be placed in thread order. A temporary table: neither written to the
 * review's log nor kept; what cannot be placed goes back to held_comment at the end. Keyed by
 * the comment's id, which a copy's comments take in runs (util.h): appended, not scattered. */
static int stage_open(struct mctx *m)
{
	m->staged = 0;
	int rc = db_exec(m->st, DB_SQL(m->st,
		"CREATE TEMP TABLE IF NOT EXISTS merge_stage(id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL, "
		"section_id INTEGER, parent_id INTEGER, author_id INTEGER NOT NULL, entered_by INTEGER, body TEXT NOT NULL, "
		"quote TEXT, created_at TEXT NOT NULL, edited_at TEXT, deleted_at TEXT, disposition INTEGER NOT NULL, "
		"response TEXT, handled_by INTEGER, handled_at TEXT, depth INTEGER); DELETE FROM merge_stage",
		"CREATE TEMP TABLE IF NOT EXISTS merge_stage(id bigint PRIMARY KEY, document_id bigint NOT NULL, "
		"section_id bigint, parent_id bigint, author_id bigint NOT NULL, entered_by bigint, body text NOT NULL, "
		"quote text, created_at text NOT NULL, edited_at text, deleted_at text, disposition integer NOT NULL, "
		"response text, handled_by bigint, handled_at text, depth integer); DELETE FROM merge_stage"));
	gid waiting = 0;
	if (rc == 0 && lookup_id(m->st, "SELECT count(*) FROM held_comment WHERE conflict_id IS NULL AND ?1 = ?1", 0, 0,
	                         &waiting) < 0)
		rc = -1;
	if (rc == 0 && waiting) {
		rc = db_exec(m->st, "INSERT INTO merge_stage(" CROW_COLS ") SELECT " CROW_COLS " FROM held_comment "
		                    "WHERE conflict_id IS NULL; DELETE FROM held_comment WHERE conflict_id IS NULL");
		m->staged = waiting;
	}
	return rc;
}

/* Place the staged comments; those still waiting for their parent go back to held_comment. */
static int place_staged(struct mctx *m)
{
	int64_t placed, total = 0;
	bool first = true;
	do {
		if (place_pass(m, first, &placed) != 0)
			return -1;
		first = false;
		total += placed;
	} while (placed > 0 && total < m->staged);
	int rc = 0;
	if (total < m->staged)
		rc = db_exec(m->st, "INSERT INTO held_comment(" CROW_COLS ") SELECT " CROW_COLS " FROM merge_stage s "
		                    "WHERE NOT EXISTS (SELECT 1 FROM comment c WHERE c.id = s.id) ORDER BY id");
	m->staged = 0;
	return rc == 0 ? db_exec(m->st, "DELETE FROM merge_stage") : rc; /* (dropped, it would wait for the caller's reads) */
}

/* Rebuild the order of one group of siblings: (created_at, id). Keys that change move, with
 * their subtrees, first out of the way (a 0 component, which no key has) and then to their
 * place, so that no two rows ever share a key. */
static int rekey_group(struct store *st, gid doc, gid parent)
{
	unsigned char pk[STORE_MAX_THREAD_DEPTH * KEY_STEP];
	size_t plen = 0;
	if (parent) {
		struct dbq *p = db_cached(st, "SELECT thread_key FROM comment WHERE id = ?");
		if (!p)
			return -1;
		dbq_bind_int64(p, 1, parent);
		if (dbq_step(p) == DBQ_ROW) {
			plen = (size_t)dbq_column_bytes(p, 0);
			if (plen <= sizeof pk && plen)
				memcpy(pk, dbq_column_blob(p, 0), plen);
		}
		dbq_reset(p);
		if (plen + KEY_STEP > sizeof pk)
			return err_set(_("the thread is too deep (at most %d levels)"), STORE_MAX_THREAD_DEPTH);
	}
	struct dbq *s = parent ? db_prepare(st, "SELECT thread_key FROM comment WHERE parent_id = ?2 ORDER BY created_at, id")
	                         : db_prepare(st, "SELECT thread_key FROM comment WHERE document_id = ?1 AND parent_id IS NULL "
	                                          "ORDER BY created_at, id");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc);
	dbq_bind_int64(s, 2, parent);
	struct moved {
		unsigned char *old;
		uint32_t target;
	} *mv = NULL;
	size_t n = 0, cap = 0;
	uint32_t pos = 0;
	int rc = 0, step;
	while ((step = dbq_step(s)) == DBQ_ROW) {
		pos++;
		const unsigned char *k = dbq_column_blob(s, 0);
		size_t len = (size_t)dbq_column_bytes(s, 0);
		if (!k || len != plen + KEY_STEP || key_component(k + plen) == pos)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			mv = xrealloc(mv, cap * sizeof *mv);
		}
		mv[n].old = xmalloc(len);
		memcpy(mv[n].old, k, len);
		mv[n++].target = pos;
	}
	if (step != DBQ_DONE)
		rc = db_error(st, N_("merging"));
	dbq_finalize(s);
	size_t klen = plen + KEY_STEP;
	unsigned char a[STORE_MAX_THREAD_DEPTH * KEY_STEP + 2 * KEY_STEP], b[sizeof a], nk[sizeof a];
	for (int phase = 0; rc == 0 && phase < 2; phase++) {
		for (size_t i = 0; rc == 0 && i < n; i++) {
			struct dbq *u;
			size_t alen, blen;
			if (phase == 0) {
				memcpy(a, mv[i].old, klen);
				alen = klen;
				u = db_cached(st, DB_SQL(st, "UPDATE comment SET thread_key = CAST(x'00000000' || thread_key AS BLOB) "
				                              "WHERE document_id = ?1 AND thread_key >= ?2 AND thread_key < ?3",
				                              "UPDATE comment SET thread_key = '\\x00000000'::bytea || thread_key "
				                              "WHERE document_id = ?1 AND thread_key >= ?2 AND thread_key < ?3"));
			} else {
				memset(a, 0, KEY_STEP);
				memcpy(a + KEY_STEP, mv[i].old, klen);
				alen = klen + KEY_STEP;
				memcpy(nk, pk, plen);
				put_component(nk + plen, mv[i].target);
				u = db_cached(st, DB_SQL(st, "UPDATE comment SET thread_key = CAST(?4 || substr(thread_key, ?5) AS BLOB) "
				                              "WHERE document_id = ?1 AND thread_key >= ?2 AND thread_key < ?3",
				                              "UPDATE comment SET thread_key = ?4 || substr(thread_key, CAST(?5 AS integer)) "
				                              "WHERE document_id = ?1 AND thread_key >= ?2 AND thread_key < ?3"));
			}
			blen = key_successor(a, alen, b);
			if (!u) {
				rc = -1;
				break;
			}
			dbq_bind_int64(u, 1, doc);
			dbq_bind_blob(u, 2, a, (int)alen);
			if (blen)
				dbq_bind_blob(u, 3, b, (int)blen);
			else
				dbq_bind_blob(u, 3, "\xff\xff\xff\xff\xff", 5);
			if (phase == 1) {
				dbq_bind_blob(u, 4, nk, (int)klen);
				dbq_bind_int64(u, 5, (int64_t)alen + 1);
			}
			rc = db_step_done(st, u, N_("ordering threads"));
		}
	}
	for (size_t i = 0; i < n; i++)
		free(mv[i].old);
	free(mv);
	return rc;
}

int merge_place(struct store *st)
{
	struct merge_stats stats = {0};
	struct mctx m = {.st = st, .stats = &stats};
	int rc = stage_open(&m);
	if (rc == 0)
		rc = place_staged(&m);
	for (size_t i = 0; rc == 0 && i < m.n_rekey; i++)
		rc = rekey_group(st, m.rekey[i].doc, m.rekey[i].parent);
	free(m.rekey);
	return rc;
}

/* ---- citations and the notes on a revision --------------------------------------------- */

/* Does the source have this table? (Changes files made before citations were carried do not.) */
static bool src_has(struct merge_src *src, const char *table)
{
	struct dbq *s = src_prepare(src, DB_SQL(src->st, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
	                                        "SELECT 1 FROM pg_tables WHERE schemaname = 'gopy' AND tablename = ?1"));
	if (!s)
		return false;
	dbq_bind_text(s, 1, table, -1);
	bool has = dbq_step(s) == DBQ_ROW;
	dbq_finalize(s);
	return has;
}

/* The source's citations, kept (on this copy's section ids) until its comments are placed. */
static int merge_citations(struct mctx *m)
{
	if (!src_has(m->src, "citation"))
		return 0;
	struct dbq *s = src_prepare(m->src, "SELECT comment_id, section_id FROM citation");
	if (!s)
		return -1;
	int rc = 0, step;
	while (rc == 0 && (step = dbq_step(s)) == DBQ_ROW) {
		gid section;
		if (map_get(m->st, MAP_SECTION, dbq_column_int64(s, 1), &section) != 0) {
			rc = -1;
			break;
		}
		struct dbq *i = db_cached(m->st, "INSERT INTO merge_cite(comment_id, section_id) VALUES (?, ?)");
		if (!i) {
			rc = -1;
			break;
		}
		dbq_bind_int64(i, 1, dbq_column_int64(s, 0));
		dbq_bind_int64(i, 2, section);
		rc = db_step_done(m->st, i, N_("merging"));
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = src_error(m->src);
	dbq_finalize(s);
	return rc;
}

/* The citations of the copies, once their comments are placed: where this copy cites nothing,
 * theirs; where both cite different sections, the one in the later version of the draft (the
 * later decision), then the larger section id — whichever copy merges into which. */
static int place_citations(struct mctx *m)
{
	struct store *st = m->st;
	struct dbq *s = db_prepare(st, "SELECT m.comment_id, m.section_id, s.version FROM merge_cite m "
	                               "JOIN comment k ON k.id = m.comment_id "
	                               "JOIN section s ON s.id = m.section_id AND s.document_id = k.document_id");
	if (!s)
		return -1;
	int rc = 0, step;
	while (rc == 0 && (step = dbq_step(s)) == DBQ_ROW) {
		gid comment = dbq_column_int64(s, 0), section = dbq_column_int64(s, 1);
		int version = dbq_column_int(s, 2);
		struct dbq *q = db_cached(st, "SELECT c.section_id, s.version FROM citation c JOIN section s ON s.id = c.section_id "
		                              "WHERE c.comment_id = ?");
		if (!q) {
			rc = -1;
			break;
		}
		dbq_bind_int64(q, 1, comment);
		int found = dbq_step(q);
		gid here = found == DBQ_ROW ? dbq_column_int64(q, 0) : 0;
		int here_version = found == DBQ_ROW ? dbq_column_int(q, 1) : 0;
		dbq_reset(q);
		if (found != DBQ_ROW && found != DBQ_DONE) {
			rc = db_error(st, N_("merging"));
			break;
		}
		if (here == section || (here && (here_version > version || (here_version == version && here > section))))
			continue;
		struct dbq *u = db_cached(st, "INSERT INTO citation(comment_id, section_id) VALUES (?1, ?2) "
		                              "ON CONFLICT (comment_id) DO UPDATE SET section_id = excluded.section_id");
		if (!u) {
			rc = -1;
			break;
		}
		dbq_bind_int64(u, 1, comment);
		dbq_bind_int64(u, 2, section);
		rc = db_step_done(st, u, N_("merging"));
		m->stats->changed++;
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = db_error(st, N_("merging"));
	dbq_finalize(s);
	return rc == 0 ? db_exec(st, "DELETE FROM merge_cite") : rc;
}

/* Two notes on the same change, written apart, become one holding each version once (in
 * order of their text, so that the result does not depend on the order of the merges). */
#define NOTE_SEP "\n\n---\n\n"

static int note_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static char *note_union(const char *a, const char *b)
{
	char **part = NULL;
	size_t n = 0, cap = 0;
	const char *texts[2] = {a, b};
	for (int t = 0; t < 2; t++) {
		for (const char *p = texts[t];;) {
			const char *end = strstr(p, NOTE_SEP);
			size_t len = end ? (size_t)(end - p) : strlen(p);
			if (n == cap) {
				cap = cap ? 2 * cap : 8;
				part = xrealloc(part, cap * sizeof *part);
			}
			part[n++] = xstrndup(p, len);
			if (!end)
				break;
			p = end + strlen(NOTE_SEP);
		}
	}
	qsort(part, n, sizeof *part, note_cmp);
	struct buf out = {0};
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(part[i], part[i - 1]) != 0)
			buf_printf(&out, "%s%s", i ? NOTE_SEP : "", part[i]);
	for (size_t i = 0; i < n; i++)
		free(part[i]);
	free(part);
	return buf_take(&out);
}

/* The drafting team's notes on a revision the source has: new ones added, different ones
 * joined (note_union). */
static int merge_notes(struct mctx *m)
{
	if (!src_has(m->src, "align_note"))
		return 0;
	struct store *st = m->st;
	struct dbq *s = src_prepare(m->src, "SELECT document_id, new_version, section_id, note FROM align_note");
	if (!s)
		return -1;
	int rc = 0, step;
	while (rc == 0 && (step = dbq_step(s)) == DBQ_ROW) {
		gid doc, section, there;
		const char *note = db_col_text(s, 3);
		if (!note || db_require_utf8(N_("a note"), note) != 0) {
			rc = err_set(_("%s: a note on a revision is damaged"), m->src->label);
			break;
		}
		if (map_get(st, MAP_DOCUMENT, dbq_column_int64(s, 0), &doc) != 0 ||
		    map_get(st, MAP_SECTION, dbq_column_int64(s, 2), &section) != 0) {
			rc = -1;
			break;
		}
		int f = doc > 0 ? lookup_id(st, "SELECT 1 FROM section WHERE id = ?1 AND document_id = ?2", section, doc, &there)
		                : 0;
		if (f <= 0) { /* its document in conflict, or its section not here (a changes file) */
			rc = f;
			continue;
		}
		struct dbq *q = db_cached(st, "SELECT note FROM align_note WHERE document_id = ? AND new_version = ? "
		                              "AND section_id = ?");
		if (!q) {
			rc = -1;
			break;
		}
		dbq_bind_int64(q, 1, doc);
		dbq_bind_int(q, 2, dbq_column_int(s, 1));
		dbq_bind_int64(q, 3, section);
		int found = dbq_step(q);
		char *here = found == DBQ_ROW ? col_dup(q, 0) : NULL;
		dbq_reset(q);
		if (found != DBQ_ROW && found != DBQ_DONE) {
			free(here);
			rc = db_error(st, N_("merging"));
			break;
		}
		char *joined = here ? note_union(here, note) : xstrdup(note);
		if (!here || strcmp(here, joined) != 0) {
			struct dbq *u = db_cached(st, "INSERT INTO align_note(document_id, new_version, section_id, note) "
			                              "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (document_id, new_version, section_id) "
			                              "DO UPDATE SET note = excluded.note");
			if (!u)
				rc = -1;
			else {
				dbq_bind_int64(u, 1, doc);
				dbq_bind_int(u, 2, dbq_column_int(s, 1));
				dbq_bind_int64(u, 3, section);
				db_bind_text(u, 4, joined);
				rc = db_step_done(st, u, N_("merging"));
				m->stats->changed++;
			}
		}
		free(here);
		free(joined);
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = src_error(m->src);
	dbq_finalize(s);
	return rc;
}

/* ---- audit log entries of the sources --------------------------------------------------- */

/* A source's entry: old and new values each as a number (a disposition's) or a text. A file
 * keeps the number as an integer; a server keeps text, where the kind says which (as
 * store_rows.c reads them). AUDIT_SRC_COLS is the file's form, AUDIT_SRC_COLS_PG the server's. */
#define AUDIT_SRC_COLS_AS(NUM_OLD, NUM_NEW) \
	"at, kind, os_user, delegate_id, document_id, comment_id, " \
	"CASE WHEN " NUM_OLD " THEN old_value END, CASE WHEN NOT (" NUM_OLD ") THEN old_value END, " \
	"CASE WHEN " NUM_NEW " THEN new_value END, CASE WHEN NOT (" NUM_NEW ") THEN new_value END, " \
	"count, detail"
#define AUDIT_SRC_COLS AUDIT_SRC_COLS_AS("typeof(old_value) = 'integer'", "typeof(new_value) = 'integer'")
#define AUDIT_SRC_COLS_PG AUDIT_SRC_COLS_AS("kind = 'disposition'", "kind = 'disposition'")

/* One value of an entry in a key: its length and text, or "-" for NULL. */
static void key_field(struct buf *k, const char *v)
{
	if (v)
		buf_printf(k, "%zu:%s|", strlen(v), v);
	else
		buf_puts(k, "-|");
}

/* The key of a source's entry (AUDIT_SRC_COLS from column 1): kind, system user, values,
 * detail — the numbers as their digits, as both engines read them back here. */
static void src_audit_key(struct buf *k, struct dbq *s)
{
	buf_reset(k);
	key_field(k, db_col_text(s, 2));
	key_field(k, db_col_text(s, 3));
	for (int c = 7; c <= 9; c += 2) {
		char digits[24];
		if (!dbq_column_is_null(s, c)) {
			snprintf(digits, sizeof digits, "%lld", (long long)dbq_column_int64(s, c));
			key_field(k, digits);
		} else {
			key_field(k, db_col_text(s, c + 1));
		}
	}
	key_field(k, db_col_text(s, 12));
}

/* The entries without a comment this copy has (its own and merged ones) made at `at`, as
 * keys: a delegate list imported in one second makes thousands of them, which one lookup
 * each would compare with one another. */
static int known_at(struct store *st, const char *at, struct strmap *known)
{
	strmap_free(known);
	struct dbq *q = db_cached(st, "SELECT kind, os_user, old_value, new_value, detail FROM audit "
	                              "WHERE at = ?1 AND comment_id IS NULL UNION ALL SELECT kind, os_user, old_value, "
	                              "new_value, detail FROM audit_copy WHERE at = ?1 AND comment_id IS NULL");
	if (!q)
		return -1;
	db_bind_text(q, 1, at);
	struct buf k = {0};
	int step;
	while ((step = dbq_step(q)) == DBQ_ROW) {
		buf_reset(&k);
		for (int c = 0; c < 5; c++)
			key_field(&k, db_col_text(q, c));
		strmap_put(known, k.data, k.len, 1);
	}
	dbq_reset(q);
	buf_free(&k);
	return step == DBQ_DONE ? 0 : db_error(st, N_("merging"));
}

/* Is the source's entry about a comment (AUDIT_SRC_COLS from column 1) known here: the same
 * time, comment, kind, person and values? 1 yes, 0 no, -1 on error. */
static int comment_entry_known(struct store *st, struct dbq *s)
{
	struct dbq *q = db_cached(
		st, "SELECT 1 FROM audit WHERE at = ?1 AND comment_id " SAME " ?2 AND kind = ?3 AND os_user " SAME " ?4 "
		    "AND old_value " SAME " ?5 AND new_value " SAME " ?6 AND detail " SAME " ?7 UNION ALL SELECT 1 FROM audit_copy "
		    "WHERE at = ?1 AND comment_id " SAME " ?2 AND kind = ?3 AND os_user " SAME " ?4 AND old_value " SAME " ?5 "
		    "AND new_value " SAME " ?6 AND detail " SAME " ?7 LIMIT 1");
	if (!q)
		return -1;
	merge_copy(q, 1, s, 1, "t");
	merge_copy(q, 2, s, 6, "i");
	merge_copy(q, 3, s, 2, "tt");
	copy_any(st, q, 5, s, 7);
	copy_any(st, q, 6, s, 9);
	merge_copy(q, 7, s, 12, "t");
	int have = dbq_step(q);
	dbq_reset(q);
	if (have != DBQ_ROW && have != DBQ_DONE)
		return db_error(st, N_("merging"));
	return have == DBQ_ROW;
}

static int audit_copy_add(struct mctx *m, struct dbq *s)
{
	struct store *st = m->st;
	gid del, doc;
	if (map_get(st, MAP_DELEGATE, dbq_column_int64(s, 4), &del) != 0 ||
	    map_get(st, MAP_DOCUMENT, dbq_column_int64(s, 5), &doc) != 0)
		return -1;
	struct dbq *i = db_cached(st, "INSERT INTO audit_copy(origin, at, kind, os_user, delegate_id, document_id, "
	                              "comment_id, old_value, new_value, count, detail) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
	if (!i)
		return -1;
	if (db_col_text(s, 0))
		merge_copy(i, 1, s, 0, "t");
	else
		db_bind_text(i, 1, m->src->label);
	merge_copy(i, 2, s, 1, "ttt");
	db_bind_id(i, 5, del);
	db_bind_id(i, 6, doc > 0 ? doc : 0);
	merge_copy(i, 7, s, 6, "i");
	copy_any(st, i, 8, s, 7);
	copy_any(st, i, 9, s, 9);
	merge_copy(i, 10, s, 11, "it");
	if (db_step_done(st, i, N_("merging")) != 0)
		return -1;
	m->stats->audit++;
	return 0;
}

/* The entries without a comment known here at the time of the last one looked at. */
struct known_entries {
	struct strmap keys;
	char *at;
	struct buf key;
};

/* Bring the entries one query of the source reads that this copy lacks. */
static int merge_audit_rows(struct mctx *m, const char *sql, struct known_entries *kn)
{
	struct store *st = m->st;
	struct dbq *s = src_prepare(m->src, sql);
	if (!s)
		return -1;
	int rc = 0, step;
	while (rc == 0 && (step = dbq_step(s)) == DBQ_ROW) {
		const char *at = db_col_text(s, 1);
		if (!at || !db_col_text(s, 2))
			continue;
		int have;
		if (!dbq_column_is_null(s, 6)) {
			have = comment_entry_known(st, s);
		} else {
			if (!kn->at || strcmp(kn->at, at) != 0) {
				free(kn->at);
				kn->at = xstrdup(at);
				if (known_at(st, at, &kn->keys) != 0) {
					rc = -1;
					break;
				}
			}
			int64_t v;
			src_audit_key(&kn->key, s);
			have = strmap_get(&kn->keys, kn->key.data, kn->key.len, &v);
			if (!have)
				strmap_put(&kn->keys, kn->key.data, kn->key.len, 1);
		}
		if (have < 0)
			rc = -1;
		else if (!have)
			rc = audit_copy_add(m, s);
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = src_error(m->src);
	dbq_finalize(s);
	return rc;
}

/* The source's entries (its own and those it merged) this copy lacks join audit_copy: those
 * about a comment looked up one by one, in the copy's order (few share a time and a comment;
 * sorting them would take memory), the others by time. */
static int merge_audit(struct mctx *m)
{
	struct known_entries kn = {0};
#define ABOUT_COMMENTS(COLS) \
	"SELECT NULL, " COLS " FROM audit WHERE comment_id IS NOT NULL " \
	"UNION ALL SELECT origin, " COLS " FROM audit_copy WHERE comment_id IS NOT NULL"
#define THE_OTHERS(COLS) \
	"SELECT NULL, " COLS ", 0 AS t, seq FROM audit WHERE comment_id IS NULL " \
	"UNION ALL SELECT origin, " COLS ", 1, seq FROM audit_copy WHERE comment_id IS NULL ORDER BY at, t, seq"
	struct store *src = m->src->st;
	int rc = merge_audit_rows(m, DB_SQL(src, ABOUT_COMMENTS(AUDIT_SRC_COLS), ABOUT_COMMENTS(AUDIT_SRC_COLS_PG)), &kn);
	if (rc == 0)
		rc = merge_audit_rows(m, DB_SQL(src, THE_OTHERS(AUDIT_SRC_COLS), THE_OTHERS(AUDIT_SRC_COLS_PG)), &kn);
#undef ABOUT_COMMENTS
#undef THE_OTHERS
	strmap_free(&kn.keys);
	free(kn.at);
	buf_free(&kn.key);
	return rc;
}
#undef AUDIT_SRC_COLS
#undef AUDIT_SRC_COLS_PG
#undef AUDIT_SRC_COLS_AS

/* ---- the merge ------------------------------------------------------------------------ */

static int merge_one(struct mctx *m)
{
	int rc = db_exec(m->st, "DELETE FROM merge_map");
	if (rc == 0)
		rc = merge_delegates(m);
	if (rc == 0)
		rc = merge_documents(m);
	if (rc == 0)
		rc = merge_comments(m);
	if (rc == 0)
		rc = merge_citations(m);
	if (rc == 0)
		rc = merge_notes(m);
	if (rc == 0)
		rc = merge_audit(m);
	return rc;
}

static int64_t src_comments(struct merge_src *src)
{
	struct dbq *s = src_prepare(src, "SELECT count(*) FROM comment");
	int64_t n = s && dbq_step(s) == DBQ_ROW ? dbq_column_int64(s, 0) : 0;
	dbq_finalize(s);
	return n;
}

/* One integer from a query, its ?1 (if it has one) bound to k; -1 when it fails. */
static int64_t int_of(struct store *st, const char *sql, int64_t k)
{
	struct dbq *q = db_prepare(st, sql);
	int64_t v = -1;
	if (q && (dbq_bind_count(q) == 0 || dbq_bind_int64(q, 1, k) == 0) && dbq_step(q) == DBQ_ROW)
		v = dbq_column_int64(q, 0);
	dbq_finalize(q);
	return v;
}

/* Is a source on a server the very database being merged into (by another URL: another role,
 * host or spelling)? A session lock taken on the target's connection is refused to the
 * source's only when both are one database of one server. The lock's key holds the target's
 * server process id, which no other session of that machine has. */
static bool same_server_database(struct store *st, struct store *src)
{
	if (!store_on_server(st) || !src || !store_on_server(src))
		return false;
	int64_t pid = int_of(st, "SELECT pg_backend_pid()", 0);
	if (pid < 0)
		return false;
	int64_t key = (int64_t)0x6d657267 << 32 | pid; /* "merg" */
	if (int_of(st, "SELECT CASE WHEN pg_try_advisory_lock(?1) THEN 1 ELSE 0 END", key) != 1)
		return false;
	int64_t free_there = int_of(src, "SELECT CASE WHEN pg_try_advisory_lock(?1) THEN 1 ELSE 0 END", key);
	if (free_there == 1)
		int_of(src, "SELECT CASE WHEN pg_advisory_unlock(?1) THEN 1 ELSE 0 END", key);
	int_of(st, "SELECT CASE WHEN pg_advisory_unlock(?1) THEN 1 ELSE 0 END", key);
	return free_there == 0;
}

int store_merge(struct store *st, const char *const *sources, int n_sources, struct merge_stats *out)
{
	struct merge_stats dummy;
	struct merge_stats *stats = out ? out : &dummy;
	memset(stats, 0, sizeof *stats);
	if (st->readonly)
		return store_readonly_error(st);
	struct merge_src src = {0};
	struct stat self;
	bool have_self = st->path && stat(st->path, &self) == 0;
	int rc = 0;
	int64_t expected = 0;
	struct buf labels = {0};
	for (int i = 0; rc == 0 && i < n_sources; i++) {
		struct stat other;
		if (have_self && stat(sources[i], &other) == 0 && other.st_dev == self.st_dev && other.st_ino == self.st_ino)
			rc = err_set(_("%s: that is the review being merged into"), sources[i]);
		else
			rc = merge_src_open(&src, sources[i]);
		if (rc == 0 && same_server_database(st, src.st))
			rc = err_set(_("%s: that is the review being merged into"), sources[i]);
		if (rc == 0) {
			expected += src_comments(&src);
			buf_printf(&labels, "%s%s", i ? " " : "", src.label);
		}
		/* opened again one at a time to be merged: memory does not grow with their number */
		merge_src_close(&src);
	}
	struct mctx m = {.st = st, .stats = stats};
	if (rc == 0)
		rc = store_begin(st);
	if (rc == 0) {
		/* staging and sorting on disk, not in memory: memory stays flat whatever the size */
		if (!st->pg)
			db_exec(st, "PRAGMA temp_store = FILE");
		rc = db_exec(st, DB_SQL(st, "CREATE TEMP TABLE IF NOT EXISTS merge_map(kind INTEGER NOT NULL, from_id INTEGER "
		                            "NOT NULL, into_id INTEGER NOT NULL, PRIMARY KEY (kind, from_id)) WITHOUT ROWID",
		                            "CREATE TEMP TABLE IF NOT EXISTS merge_map(kind integer NOT NULL, from_id bigint "
		                            "NOT NULL, into_id bigint NOT NULL, PRIMARY KEY (kind, from_id))"));
		if (rc == 0)
			rc = stage_open(&m);
		if (rc == 0)
			rc = db_exec(st, DB_SQL(st, "CREATE TEMP TABLE IF NOT EXISTS merge_cite(comment_id INTEGER NOT NULL, "
			                            "section_id INTEGER NOT NULL); DELETE FROM merge_cite",
			                            "CREATE TEMP TABLE IF NOT EXISTS merge_cite(comment_id bigint NOT NULL, "
			                            "section_id bigint NOT NULL); DELETE FROM merge_cite"));
		if (rc == 0)
			rc = store_bulk_begin(st, expected);
		/* a bounded page cache, smaller than the bulk import's: the sorts (placing, building
		 * the indexes) take as much again; memory stays flat whatever the size */
		if (rc == 0 && !st->pg)
			rc = db_exec(st, "PRAGMA cache_size = -32768");
		store_bulk_source(st, labels.data);
		st->bulk_kind = "merge";
		for (int i = 0; rc == 0 && i < n_sources; i++) {
			m.src = &src;
			rc = merge_src_open(&src, sources[i]);
			if (rc == 0)
				rc = merge_one(&m);
			merge_src_close(&src);
		}
		if (rc == 0)
			rc = place_staged(&m);
		if (rc == 0)
			rc = place_citations(&m);
		if (rc == 0)
			rc = store_bulk_end(st, true);
		else
			store_bulk_end(st, false);
		st->bulk_kind = NULL;
		for (size_t i = 0; rc == 0 && i < m.n_rekey; i++)
			rc = rekey_group(st, m.rekey[i].doc, m.rekey[i].parent);
		gid held;
		if (rc == 0 && lookup_id(st, "SELECT count(*) FROM held_comment WHERE ?1 = ?1", 0, 0, &held) < 0)
			rc = -1;
		stats->held = rc == 0 ? held : 0;
		stats->comments -= stats->held;
		if (stats->comments < 0)
			stats->comments = 0;
		if (rc == 0)
			rc = db_exec(st, "DROP TABLE merge_map");
		bool nothing = !stats->delegates && !stats->documents && !stats->versions && !stats->sections &&
		               !stats->comments && !stats->changed && !stats->conflicts && !stats->audit && !stats->held;
		if (rc == 0 && nothing) /* merging again: the file stays as it was, not even a log entry */
			store_rollback(st);
		else
			rc = store_write_end(st, rc);
		if (!st->pg)
			db_exec(st, "PRAGMA temp_store = MEMORY");
	}
	free(m.rekey);
	buf_free(&labels);
	return rc;
}
