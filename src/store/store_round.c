/* store_round.c — the documents of a draft round: where a comment's handling went (citation,
 * migration 7), the drafting team's notes on a revision (align_note), and the comments a
 * change between two versions absorbed, for the comparison table. See include/gopy/round.h. */
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/round.h"
#include "store_internal.h"

void citation_clear(struct citation *c)
{
	free(c->label);
	free(c->version_label);
	memset(c, 0, sizeof *c);
}

/* ---- citations ------------------------------------------------------------------------ */

int store_citation_set(struct store *st, gid comment_id, gid section_id)
{
	int rc = store_write_begin(st);
	struct dbq *s = NULL;
	if (rc == 0 && section_id) {
		/* the section must be of the comment's document, and not older than its section */
		s = db_cached(st, "SELECT (SELECT count(*) FROM section x WHERE x.id = ?2 AND x.document_id = c.document_id\n"
		                  "  AND x.version >= coalesce((SELECT y.version FROM section y WHERE y.id = c.section_id), 1))\n"
		                  "FROM comment c WHERE c.id = ?1");
		if (!s)
			rc = -1;
		else {
			dbq_bind_int64(s, 1, comment_id);
			dbq_bind_int64(s, 2, section_id);
			int step = dbq_step(s);
			if (step == DBQ_ROW && dbq_column_int(s, 0) == 0)
				rc = err_set(_("the cited section is not of the comment's document, or is of an older version"));
			else if (step == DBQ_DONE)
				rc = err_set(_("no comment with id %lld"), (long long)comment_id);
			else if (step != DBQ_ROW)
				rc = db_error(st, "citing a section");
			dbq_reset(s);
		}
	}
	if (rc == 0) {
		s = db_cached(st, section_id ? "INSERT INTO citation(comment_id, section_id) VALUES (?1, ?2)\n"
		                               "  ON CONFLICT (comment_id) DO UPDATE SET section_id = excluded.section_id"
		                             : "DELETE FROM citation WHERE comment_id = ?1");
		if (!s)
			rc = -1;
		else {
			dbq_bind_int64(s, 1, comment_id);
			if (section_id)
				dbq_bind_int64(s, 2, section_id);
			rc = db_step_done(st, s, "citing a section");
		}
	}
	return store_write_end(st, rc);
}

#define CITATION_SELECT                                                                                        \
	"SELECT c.comment_id, c.section_id, s.version, s.full_label, coalesce(v.label, '')\n"                      \
	"FROM citation c JOIN section s ON s.id = c.section_id\n"                                                  \
	"LEFT JOIN version v ON v.document_id = s.document_id AND v.number = s.version\n"

static void citation_from(struct dbq *s, struct citation *c)
{
	c->comment_id = dbq_column_int64(s, 0);
	c->section_id = dbq_column_int64(s, 1);
	c->version = dbq_column_int(s, 2);
}

int store_citation_get(struct store *st, gid comment_id, struct citation *out)
{
	memset(out, 0, sizeof *out);
	struct dbq *s = db_cached(st, CITATION_SELECT "WHERE c.comment_id = ?");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, comment_id);
	int step = dbq_step(s), rc;
	if (step == DBQ_ROW) {
		citation_from(s, out);
		out->label = db_col_strdup(s, 3, true);
		out->version_label = db_col_strdup(s, 4, true);
		rc = 0;
	} else {
		rc = step == DBQ_DONE ? 1 : db_error(st, "reading a citation");
	}
	dbq_reset(s);
	return rc;
}

int store_citation_each(struct store *st, gid doc_id, int (*cb)(void *ctx, const struct citation *c), void *ctx)
{
	struct dbq *s = db_prepare(st, CITATION_SELECT "WHERE s.document_id = ? ORDER BY c.comment_id");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct citation c;
		citation_from(s, &c);
		c.label = (char *)(db_col_text(s, 3) ? db_col_text(s, 3) : "");
		c.version_label = (char *)(db_col_text(s, 4) ? db_col_text(s, 4) : "");
		if (cb(ctx, &c))
			break;
	}
	int fail = rc != DBQ_ROW && rc != DBQ_DONE;
	dbq_finalize(s);
	return fail ? db_error(st, "reading citations") : 0;
}

int store_section_successor(struct store *st, gid section_id, int version, gid *out, bool *changed)
{
	*out = 0;
	*changed = false;
	struct dbq *s = db_cached(
		st, "WITH RECURSIVE fwd(id, changed) AS (\n"
		    "  SELECT CAST(?1 AS bigint), 0\n"
		    "  UNION SELECT a.new_section, CASE WHEN fwd.changed = 1 OR a.kind <> 0 THEN 1 ELSE 0 END\n"
		    "    FROM alignment a JOIN fwd ON a.old_section = fwd.id WHERE a.new_section IS NOT NULL)\n"
		    "SELECT f.id, max(f.changed) FROM fwd f JOIN section s ON s.id = f.id WHERE s.version = ?2\n"
		    "GROUP BY f.id ORDER BY min(s.position) LIMIT 1");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, section_id);
	dbq_bind_int(s, 2, version);
	int step = dbq_step(s);
	if (step == DBQ_ROW) {
		*out = dbq_column_int64(s, 0);
		*changed = dbq_column_int(s, 1) != 0;
	}
	dbq_reset(s);
	return step == DBQ_ROW || step == DBQ_DONE ? 0 : db_error(st, "following a section's alignment");
}

/* ---- notes -------------------------------------------------------------------------- */

int store_align_note_set(struct store *st, gid doc_id, int new_version, gid section_id, const char *note)
{
	if (db_require_utf8(N_("a note"), note) != 0)
		return -1;
	int rc = store_write_begin(st);
	struct dbq *s = rc == 0 ? db_cached(st, "SELECT 1 FROM section WHERE id = ?1 AND document_id = ?2\n"
	                                          "  AND version IN (CAST(?3 AS integer), CAST(?3 AS integer) - 1)")
	                          : NULL;
	if (rc == 0 && !s)
		rc = -1;
	if (s) {
		dbq_bind_int64(s, 1, section_id);
		dbq_bind_int64(s, 2, doc_id);
		dbq_bind_int(s, 3, new_version);
		int step = dbq_step(s);
		if (step == DBQ_DONE)
			rc = err_set(_("the section is of neither version %d nor version %d"), new_version - 1, new_version);
		else if (step != DBQ_ROW)
			rc = db_error(st, "writing a note");
		dbq_reset(s);
	}
	if (rc == 0) {
		s = db_cached(st, note && *note ? "INSERT INTO align_note(document_id, new_version, section_id, note)\n"
		                                  "  VALUES (?1, ?2, ?3, ?4)\n"
		                                  "  ON CONFLICT (document_id, new_version, section_id) DO UPDATE SET note = excluded.note"
		                                : "DELETE FROM align_note WHERE document_id = ?1 AND new_version = ?2\n"
		                                  "  AND section_id = ?3");
		if (!s)
			rc = -1;
		else {
			dbq_bind_int64(s, 1, doc_id);
			dbq_bind_int(s, 2, new_version);
			dbq_bind_int64(s, 3, section_id);
			if (note && *note)
				db_bind_text(s, 4, note);
			rc = db_step_done(st, s, "writing a note");
		}
	}
	return store_write_end(st, rc);
}

char *store_align_note_get(struct store *st, gid doc_id, int new_version, gid section_id)
{
	struct dbq *s = db_cached(st, "SELECT note FROM align_note WHERE document_id = ? AND new_version = ?\n"
	                                "  AND section_id = ?");
	if (!s)
		return NULL;
	dbq_bind_int64(s, 1, doc_id);
	dbq_bind_int(s, 2, new_version);
	dbq_bind_int64(s, 3, section_id);
	int step = dbq_step(s);
	char *note = step == DBQ_ROW ? db_col_strdup(s, 0, true) : step == DBQ_DONE ? xstrdup("") : NULL;
	if (!note)
		db_error(st, "reading a note");
	dbq_reset(s);
	return note;
}

/* ---- absorbed comments -------------------------------------------------------------------- */

int store_absorbed_each(struct store *st, gid old_section, gid new_section,
                        int (*cb)(void *ctx, const struct absorbed *a), void *ctx)
{
	struct dbq *s = db_prepare(
		st, "SELECT c.id, c.disposition, d.name, d.unit, c.body, coalesce(c.response, '')\n"
		    "FROM comment c JOIN delegate d ON d.id = c.author_id\n"
		    "WHERE c.deleted_at IS NULL AND c.parent_id IS NULL AND (\n"
		    "  (c.section_id = ?1 AND c.disposition IN (1, 2)) OR\n"
		    "  c.id IN (SELECT comment_id FROM citation WHERE section_id = ?2))\n"
		    "ORDER BY c.created_at, c.id");
	if (!s)
		return -1;
	db_bind_id(s, 1, old_section);
	db_bind_id(s, 2, new_section);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct absorbed a = {
			.id = dbq_column_int64(s, 0),
			.disposition = dbq_column_int(s, 1),
			.author_name = db_col_text(s, 2) ? db_col_text(s, 2) : "",
			.author_unit = db_col_text(s, 3) ? db_col_text(s, 3) : "",
			.body = db_col_text(s, 4) ? db_col_text(s, 4) : "",
			.response = db_col_text(s, 5) ? db_col_text(s, 5) : "",
		};
		if (cb(ctx, &a))
			break;
	}
	int fail = rc != DBQ_ROW && rc != DBQ_DONE;
	dbq_finalize(s);
	return fail ? db_error(st, "reading the comments a change absorbed") : 0;
}
