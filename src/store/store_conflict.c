/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_conflict.c — the conflicts merges found (merge.h): listing, counting and settling
 * them. Settling writes the chosen version (the triggers log the change like any other),
 * an audit log entry saying which version was kept, and the conflict's settled time; a
 * document's other text can be imported as its next version with the comments made on it. */
#include "pg.h"
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/merge.h"
#include "gopy/text.h"
#include "merge_internal.h"

#define CONFLICT_COLS \
	"c.id, c.kind, c.document_id, d.code, c.comment_id, c.code, c.shown, c.other, c.shown_extra, c.other_extra, " \
	"c.shown_n, c.other_n, c.shown_at, c.other_at, c.source, c.found_at, c.settled_at, c.kept"

static void conflict_from_row(struct dbq *s, struct conflict *c)
{
	memset(c, 0, sizeof *c);
	c->id = dbq_column_int64(s, 0);
	c->kind = db_col_text(s, 1) ? db_col_text(s, 1) : "";
	c->document_id = dbq_column_int64(s, 2);
	c->document_code = db_col_text(s, 3);
	c->comment_id = dbq_column_int64(s, 4);
	c->code = db_col_text(s, 5);
	c->shown = db_col_text(s, 6);
	c->other = db_col_text(s, 7);
	c->shown_extra = db_col_text(s, 8);
	c->other_extra = db_col_text(s, 9);
	c->shown_n = dbq_column_int64(s, 10);
	c->other_n = dbq_column_int64(s, 11);
	c->shown_at = db_col_text(s, 12);
	c->other_at = db_col_text(s, 13);
	c->source = db_col_text(s, 14);
	c->found_at = db_col_text(s, 15) ? db_col_text(s, 15) : "";
	c->settled_at = db_col_text(s, 16);
	c->kept = db_col_text(s, 17);
}

int store_conflict_each(struct store *st, gid doc_id, bool all, int (*cb)(void *ctx, const struct conflict *c),
                        void *ctx)
{
	struct dbq *s = db_prepare(st, "SELECT " CONFLICT_COLS " FROM conflict c LEFT JOIN document d ON d.id = c.document_id "
	                                 "WHERE (?1 = 0 OR c.document_id = ?1) AND (?2 <> 0 OR c.settled_at IS NULL) "
	                                 "ORDER BY c.found_at, c.kind, c.code, c.comment_id, c.id");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	dbq_bind_int(s, 2, all);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct conflict c;
		conflict_from_row(s, &c);
		if (cb(ctx, &c) != 0) {
			rc = DBQ_DONE;
			break;
		}
	}
	dbq_finalize(s);
	return rc == DBQ_DONE ? 0 : db_error(st, N_("reading the conflicts"));
}

static int count(struct store *st, const char *sql, gid id, int64_t *n)
{
	struct dbq *s = db_cached(st, sql);
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, id);
	int rc = dbq_step(s);
	*n = rc == DBQ_ROW ? dbq_column_int64(s, 0) : 0;
	dbq_reset(s);
	return rc == DBQ_ROW ? 0 : db_error(st, N_("reading the conflicts"));
}

int store_conflict_count(struct store *st, gid doc_id, int64_t *n)
{
	return count(st, "SELECT count(*) FROM conflict WHERE settled_at IS NULL AND (?1 = 0 OR document_id = ?1)", doc_id, n);
}

int store_conflict_count_comment(struct store *st, gid comment_id, int64_t *n)
{
	int rc = st->pg ? pg_conflicts_of(st, comment_id, n) : 1; /* a screen's worth in one query */
	if (rc <= 0)
		return rc;
	return count(st, "SELECT count(*) FROM conflict WHERE comment_id = ?1 AND settled_at IS NULL", comment_id, n);
}

/* ---- settling ------------------------------------------------------------------------- */

static int run(struct store *st, const char *sql, gid id, const char *a, const char *b, int64_t n, bool with_n)
{
	struct dbq *s = db_cached(st, sql);
	if (!s)
		return -1;
	int np = dbq_bind_count(s); /* the parameters the statement has, and only those */
	dbq_bind_int64(s, 1, id);
	if (np >= 2)
		db_bind_text(s, 2, a);
	if (np >= 3)
		db_bind_text(s, 3, b);
	if (with_n)
		dbq_bind_int64(s, 4, n);
	return db_step_done(st, s, N_("settling a conflict"));
}

/* The other version of a comment's conflict, written in place of the one shown (in the
 * comment, or in the held comment when it waits for its parent). */
static int keep_theirs_comment(struct store *st, const struct conflict *c)
{
	static const char *const sql[2][4] = {
		{"UPDATE comment SET body = ?2, edited_at = ?3 WHERE id = ?1",
		 "UPDATE comment SET deleted_at = coalesce(?3, ?2) WHERE id = ?1",
		 "UPDATE comment SET body = ?2, edited_at = ?3, deleted_at = NULL WHERE id = ?1",
		 "UPDATE comment SET response = ?2, handled_at = ?3, disposition = ?4 WHERE id = ?1"},
		{"UPDATE held_comment SET body = ?2, edited_at = ?3 WHERE id = ?1",
		 "UPDATE held_comment SET deleted_at = coalesce(?3, ?2) WHERE id = ?1",
		 "UPDATE held_comment SET body = ?2, edited_at = ?3, deleted_at = NULL WHERE id = ?1",
		 "UPDATE held_comment SET response = ?2, handled_at = ?3, disposition = ?4 WHERE id = ?1"},
	};
	char now[21];
	clock_now_iso(now);
	for (int held = 0; held < 2; held++) {
		int which = strcmp(c->kind, "edit") == 0 ? 0 : strcmp(c->kind, "handling") == 0 ? 3 : c->other_n ? 1 : 2;
		/* a deletion: when it happened, else now */
		if (run(st, sql[held][which], c->comment_id, which == 1 ? now : c->other, c->other_at, c->other_n, which == 3) != 0)
			return -1;
	}
	return 0;
}

static int keep_theirs_delegate(struct store *st, const struct conflict *c)
{
	const char *name = c->other ? c->other : "";
	unsigned char *key = NULL;
	size_t klen = text_name_sort_key(name, strlen(name), &key);
	struct dbq *s = db_cached(st, "UPDATE delegate SET name = ?2, unit = ?3, sort_key = ?4 WHERE code = ?1");
	int rc = -1;
	if (s) {
		db_bind_text(s, 1, c->code);
		db_bind_text(s, 2, name);
		db_bind_text(s, 3, c->other_extra ? c->other_extra : "");
		dbq_bind_blob(s, 4, key, (int)klen);
		rc = db_step_done(st, s, N_("settling a conflict"));
	}
	free(key);
	return rc;
}

/* A document's other text: imported as the document's next version (as_version), or left
 * out; either way the comments held with it are placed — on the new version's sections, or
 * on the sections of the newest version here with the same citation (else as general
 * comments). */
static int settle_document(struct store *st, const struct conflict *c, bool as_version)
{
	gid doc = c->document_id;
	int number = 0;
	int64_t base = 0;
	int rc = 0;
	if (as_version) {
		struct buf label = {0};
		buf_printf(&label, "%s", c->source ? c->source : "");
		rc = store_version_add(st, doc, label.data, &number, &base);
		buf_free(&label);
	}
	rc = rc == 0 ? db_exec(st, "CREATE TEMP TABLE IF NOT EXISTS settle_map(from_id BIGINT PRIMARY KEY, into_id BIGINT)")
	             : rc;
	rc = rc == 0 ? db_exec(st, "DELETE FROM settle_map") : rc;
	struct dbq *s = rc == 0 ? db_prepare(st, "SELECT id, parent_id, level, depth, label, full_label, heading, body "
	                                           "FROM held_section WHERE conflict_id = ? ORDER BY position")
	                          : NULL;
	if (rc == 0 && !s)
		rc = -1;
	if (s)
		dbq_bind_int64(s, 1, c->id);
	int step = DBQ_DONE;
	int64_t pos = base;
	while (rc == 0 && (step = dbq_step(s)) == DBQ_ROW) {
		gid into = 0;
		struct dbq *q;
		if (as_version) {
			into = id_new();
			q = db_cached(st, "INSERT INTO section(id, document_id, parent_id, position, level, depth, label, full_label, "
			                  "heading, body, version) VALUES (?1, ?2, (SELECT into_id FROM settle_map WHERE from_id = ?3), "
			                  "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
			if (!q) {
				rc = -1;
				break;
			}
			dbq_bind_int64(q, 1, into);
			dbq_bind_int64(q, 2, doc);
			merge_copy(q, 3, s, 1, "i");
			dbq_bind_int64(q, 4, pos++);
			merge_copy(q, 5, s, 2, "iitttt");
			dbq_bind_int(q, 11, number);
			if (db_step_insert(st, q, &into, 0) != DBQ_DONE) {
				rc = db_error(st, N_("settling a conflict"));
				break;
			}
		} else {
			q = db_cached(st, "SELECT id FROM section WHERE document_id = ?1 AND full_label = ?2 AND version = "
			                  "(SELECT n_versions FROM document WHERE id = ?1) LIMIT 1");
			if (!q) {
				rc = -1;
				break;
			}
			dbq_bind_int64(q, 1, doc);
			merge_copy(q, 2, s, 5, "t");
			if (dbq_step(q) == DBQ_ROW)
				into = dbq_column_int64(q, 0);
			dbq_reset(q);
		}
		q = db_cached(st, "INSERT INTO settle_map(from_id, into_id) VALUES (?, ?) "
			                  "ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id");
		if (!q) {
			rc = -1;
			break;
		}
		dbq_bind_int64(q, 1, dbq_column_int64(s, 0));
		db_bind_id(q, 2, into);
		rc = db_step_done(st, q, N_("settling a conflict"));
	}
	if (rc == 0 && step != DBQ_DONE)
		rc = db_error(st, N_("settling a conflict"));
	dbq_finalize(s);
	if (rc == 0 && as_version)
		rc = store_align_versions(st, doc, number);
	if (rc == 0)
		rc = run(st, "UPDATE held_comment SET document_id = ?4, section_id = (SELECT into_id FROM settle_map "
		             "WHERE from_id = held_comment.section_id), conflict_id = NULL WHERE conflict_id = ?1",
		         c->id, NULL, NULL, doc, true);
	if (rc == 0)
		rc = run(st, "DELETE FROM held_section WHERE conflict_id = ?1", c->id, NULL, NULL, 0, false);
	if (rc == 0)
		rc = merge_place(st);
	return rc;
}

int store_conflict_resolve(struct store *st, gid id, const char *keep)
{
	bool mine = strcmp(keep, "mine") == 0, theirs = strcmp(keep, "theirs") == 0, version = strcmp(keep, "version") == 0;
	if (!mine && !theirs && !version)
		return err_set(_("unknown choice '%s' (mine, theirs or version)"), keep);
	if (store_write_begin(st) != 0)
		return -1;
	struct dbq *s = db_prepare(st, "SELECT " CONFLICT_COLS " FROM conflict c LEFT JOIN document d ON d.id = c.document_id "
	                                 "WHERE c.id = ? AND c.settled_at IS NULL");
	int rc = s ? 0 : -1, found = 0;
	struct conflict c;
	if (s) {
		dbq_bind_int64(s, 1, id);
		int step = dbq_step(s);
		if (step == DBQ_ROW) {
			found = 1;
			conflict_from_row(s, &c);
		} else if (step != DBQ_DONE) {
			rc = db_error(st, N_("reading the conflicts"));
		}
	}
	bool is_doc = found && strcmp(c.kind, "document") == 0;
	if (rc == 0 && found && version && !is_doc)
		rc = err_set(_("only a document's conflict can be settled as a new version (mine or theirs)"));
	if (rc == 0 && found) {
		if (is_doc)
			rc = settle_document(st, &c, !mine);
		else if (theirs && strcmp(c.kind, "delegate") == 0)
			rc = keep_theirs_delegate(st, &c);
		else if (theirs)
			rc = keep_theirs_comment(st, &c);
	}
	const char *kept = is_doc && !mine ? "version" : mine ? "mine" : "theirs";
	if (rc == 0 && found) {
		char detail[96];
		snprintf(detail, sizeof detail, "conflict %lld: %s", (long long)id, kept);
		struct dbq *a = db_cached(st, "INSERT INTO audit(at, kind, os_user, delegate_id, document_id, comment_id, detail) "
		                                "SELECT at, 'merge', os_user, delegate_id, CAST(?1 AS BIGINT), CAST(?2 AS BIGINT), "
		                              "CAST(?3 AS TEXT) FROM audit_session");
		if (!a)
			rc = -1;
		else {
			db_bind_id(a, 1, c.document_id);
			db_bind_id(a, 2, c.comment_id);
			db_bind_text(a, 3, detail);
			rc = db_step_done(st, a, N_("settling a conflict"));
		}
	}
	if (rc == 0 && found) {
		struct dbq *u = db_cached(st, "UPDATE conflict SET settled_at = (SELECT at FROM audit_session), settled_by = ?2, "
		                                "kept = ?3 WHERE id = ?1");
		if (!u)
			rc = -1;
		else {
			dbq_bind_int64(u, 1, id);
			db_bind_text(u, 2, st->os_user);
			db_bind_text(u, 3, kept);
			rc = db_step_done(st, u, N_("settling a conflict"));
		}
	}
	dbq_finalize(s);
	rc = store_write_end(st, rc);
	if (rc == 0 && is_doc)
		section_index_free(st->sections), st->sections = NULL;
	return rc != 0 ? -1 : found ? 0 : 1;
}
