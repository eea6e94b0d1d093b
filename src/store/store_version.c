/* store_version.c — versions of a draft (dự thảo lần 1, 2, 3 …): adding one, listing them,
 * and which version section reads and lookups see. */
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/align.h"
#include "gopy/buf.h"
#include "gopy/i18n.h"
#include "store_internal.h"

void store_set_version(struct store *st, int n)
{
	if (st->view_version == n)
		return;
	st->view_version = n < 0 ? 0 : n;
	section_index_free(st->sections); /* the labels it holds are of another version */
	st->sections = NULL;
}

int store_version_add(struct store *st, gid doc_id, const char *label, int *number, int64_t *position_base)
{
	if (db_require_utf8(N_("a version's label"), label) != 0)
		return -1;
	char *clean = clean_field(label ? label : "");
	int rc = store_write_begin(st);
	struct dbq *s = rc == 0 ? db_cached(st, "UPDATE document SET n_versions = n_versions + 1, n_sections = 0 "
	                                          "WHERE id = ? RETURNING n_versions, "
	                                          "(SELECT coalesce(max(position) + 1, 0) FROM section WHERE document_id = ?1)")
	                          : NULL;
	if (rc == 0 && !s)
		rc = -1;
	if (s) {
		dbq_bind_int64(s, 1, doc_id);
		int step = dbq_step(s);
		if (step == DBQ_ROW) {
			*number = dbq_column_int(s, 0);
			*position_base = dbq_column_int64(s, 1);
		}
		rc = step == DBQ_ROW ? 0 : step == DBQ_DONE ? err_set(_("no such document")) : db_error(st, "adding a version");
		dbq_reset(s);
	}
	if (rc == 0) {
		s = db_cached(st, "INSERT INTO version(document_id, number, label) VALUES (?, ?, ?)");
		if (!s)
			rc = -1;
		else {
			dbq_bind_int64(s, 1, doc_id);
			dbq_bind_int(s, 2, *number);
			db_bind_text(s, 3, clean);
			rc = db_step_done(st, s, "adding a version");
		}
	}
	free(clean);
	rc = store_write_end(st, rc);
	section_index_free(st->sections);
	st->sections = NULL;
	return rc;
}

int store_version_each(struct store *st, gid doc_id, int (*cb)(void *ctx, const struct version *v), void *ctx)
{
	struct dbq *s = db_prepare(
		st, "SELECT v.number, v.label, v.created_at, v.n_sections,\n"
		    "  (SELECT coalesce(sum(x.n_comments), 0) FROM section x WHERE x.document_id = v.document_id\n"
		    "     AND x.version = v.number),\n"
		    "  CASE WHEN v.number = 1 OR NOT EXISTS (SELECT 1 FROM alignment a WHERE a.document_id = v.document_id\n"
		    "     AND a.new_version = v.number) THEN -1 ELSE\n"
		    "  (SELECT count(DISTINCT coalesce(a.new_section, -a.old_section)) FROM alignment a\n"
		    "     WHERE a.document_id = v.document_id AND a.new_version = v.number AND a.kind <> 0) END\n"
		    "FROM version v WHERE v.document_id = ? ORDER BY v.number");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct version v = {
			.number = dbq_column_int(s, 0),
			.label = db_col_text(s, 1) ? db_col_text(s, 1) : "",
			.created_at = db_col_text(s, 2) ? db_col_text(s, 2) : "",
			.n_sections = dbq_column_int64(s, 3),
			.n_comments = dbq_column_int64(s, 4),
			.n_changed = dbq_column_int64(s, 5),
		};
		if (cb(ctx, &v))
			break;
	}
	int fail = rc != DBQ_ROW && rc != DBQ_DONE;
	dbq_finalize(s);
	return fail ? db_error(st, "listing versions") : 0;
}

/* ---- alignment ------------------------------------------------------------------------- */

struct version_sections {
	size_t n, cap;
	struct align_section *x;
	gid *ids;
	struct buf text;            /* heading and body of each, NUL-separated */
	size_t *offset;
};

static int read_version(struct store *st, gid doc_id, int version, struct version_sections *v)
{
	struct dbq *s = db_prepare(st, "SELECT id, parent_id, level, label, heading, body FROM section "
	                                 "WHERE document_id = ? AND version = ? ORDER BY position");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	dbq_bind_int(s, 2, version);
	int rc;
	struct buf labels = {0};
	size_t *label_off = NULL;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		if (v->n == v->cap) {
			v->cap = v->cap ? 2 * v->cap : 64;
			v->x = xrealloc(v->x, v->cap * sizeof *v->x);
			v->ids = xrealloc(v->ids, v->cap * sizeof *v->ids);
			v->offset = xrealloc(v->offset, v->cap * sizeof *v->offset);
			label_off = xrealloc(label_off, v->cap * sizeof *label_off);
		}
		size_t k = v->n++;
		v->ids[k] = dbq_column_int64(s, 0);
		gid parent = dbq_column_int64(s, 1);
		v->x[k] = (struct align_section){.level = dbq_column_int(s, 2), .parent = -1};
		for (size_t p = k; parent && p-- > 0;) /* parents come before their children */
			if (v->ids[p] == parent) {
				v->x[k].parent = (int)p;
				break;
			}
		label_off[k] = labels.len;
		buf_puts(&labels, db_col_text(s, 3) ? db_col_text(s, 3) : "");
		buf_putc(&labels, '\0');
		v->offset[k] = v->text.len;
		buf_puts(&v->text, db_col_text(s, 4) ? db_col_text(s, 4) : "");
		buf_putc(&v->text, '\n');
		buf_puts(&v->text, db_col_text(s, 5) ? db_col_text(s, 5) : "");
		buf_putc(&v->text, '\0');
	}
	dbq_finalize(s);
	/* the buffers have stopped moving: point into them (labels after the texts) */
	size_t base = v->text.len;
	buf_append(&v->text, labels.data ? labels.data : "", labels.len);
	buf_free(&labels);
	for (size_t k = 0; k < v->n; k++) {
		v->x[k].text = v->text.data + v->offset[k];
		v->x[k].label = v->text.data + base + label_off[k];
	}
	free(label_off);
	return rc == DBQ_DONE ? 0 : db_error(st, "reading a version's sections");
}

static void version_sections_free(struct version_sections *v)
{
	free(v->x);
	free(v->ids);
	free(v->offset);
	buf_free(&v->text);
}

int store_align_versions(struct store *st, gid doc_id, int n)
{
	if (n < 2)
		return 0;
	struct version_sections o = {0}, w = {0};
	int rc = read_version(st, doc_id, n - 1, &o);
	if (rc == 0)
		rc = read_version(st, doc_id, n, &w);
	size_t nl = 0;
	struct align_link *links = rc == 0 ? align_sections(o.x, o.n, w.x, w.n, &nl) : NULL;
	if (rc == 0)
		rc = store_write_begin(st);
	if (rc == 0) {
		struct dbq *s = db_cached(st, "DELETE FROM alignment WHERE document_id = ? AND new_version = ?");
		if (!s)
			rc = -1;
		else {
			dbq_bind_int64(s, 1, doc_id);
			dbq_bind_int(s, 2, n);
			rc = db_step_done(st, s, "replacing an alignment");
		}
		for (size_t k = 0; rc == 0 && k < nl; k++) {
			s = db_cached(st, "INSERT INTO alignment(document_id, new_version, new_section, old_section, kind) "
			                  "VALUES (?, ?, ?, ?, ?)");
			if (!s) {
				rc = -1;
				break;
			}
			dbq_bind_int64(s, 1, doc_id);
			dbq_bind_int(s, 2, n);
			db_bind_id(s, 3, links[k].new_idx >= 0 ? w.ids[links[k].new_idx] : 0);
			db_bind_id(s, 4, links[k].old_idx >= 0 ? o.ids[links[k].old_idx] : 0);
			dbq_bind_int(s, 5, links[k].kind);
			rc = db_step_done(st, s, "storing an alignment");
		}
		rc = store_write_end(st, rc);
	}
	free(links);
	version_sections_free(&o);
	version_sections_free(&w);
	return rc;
}

int store_align_each(struct store *st, gid doc_id, int new_version,
                     int (*cb)(void *ctx, const struct align_row *r), void *ctx)
{
	struct dbq *s = db_prepare(
		st, "SELECT a.kind, a.by_hand, coalesce(a.old_section, 0), coalesce(a.new_section, 0),\n"
		    "  coalesce(o.full_label, ''), coalesce(w.full_label, '')\n"
		    "FROM alignment a LEFT JOIN section o ON o.id = a.old_section LEFT JOIN section w ON w.id = a.new_section\n"
		    "WHERE a.document_id = ? AND a.new_version = ?\n"
		    "ORDER BY coalesce(w.position, (SELECT max(y.position) FROM alignment b JOIN section y ON y.id = b.new_section\n"
		    "  JOIN section z ON z.id = b.old_section WHERE b.document_id = a.document_id AND b.new_version = a.new_version\n"
		    "  AND z.position < o.position) + 0.5, -1), o.position");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	dbq_bind_int(s, 2, new_version);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct align_row r = {
			.kind = dbq_column_int(s, 0),
			.by_hand = dbq_column_int(s, 1) != 0,
			.old_id = dbq_column_int64(s, 2),
			.new_id = dbq_column_int64(s, 3),
			.old_label = db_col_text(s, 4),
			.new_label = db_col_text(s, 5),
		};
		if (cb(ctx, &r))
			break;
	}
	int fail = rc != DBQ_ROW && rc != DBQ_DONE;
	dbq_finalize(s);
	return fail ? db_error(st, "reading an alignment") : 0;
}

/* The section of version `version` whose label is `label` ("" → 0), 1 if none. */
static int section_in(struct store *st, gid doc_id, int version, const char *label, gid *id)
{
	*id = 0;
	if (!*label)
		return 0;
	int saved = st->view_version;
	store_set_version(st, version);
	struct section x;
	int rc = store_section_find(st, doc_id, label, &x);
	store_set_version(st, saved);
	if (rc == 0) {
		*id = x.id;
		section_clear(&x);
	}
	return rc;
}

int store_align_set(struct store *st, gid doc_id, int new_version, const char *old_label, const char *new_label)
{
	gid old_id, new_id;
	int rc = section_in(st, doc_id, new_version - 1, old_label, &old_id);
	if (rc == 0)
		rc = section_in(st, doc_id, new_version, new_label, &new_id);
	if (rc != 0)
		return rc;
	if (!old_id && !new_id)
		return err_set(_("name a section of either version"));
	rc = store_write_begin(st);
	/* ?1 document, ?2 version, ?3 old section, ?4 new section (NULL: none) */
	static const char *const steps[] = {
		/* what the two had, except other links set by hand (several --set make a merge or a split) */
		"DELETE FROM alignment WHERE document_id = ?1 AND new_version = ?2 AND (\n"
		"  (new_section = ?4 AND (by_hand = 0 OR ?3 IS NULL OR old_section IS NULL OR old_section = ?3)) OR\n"
		"  (old_section = ?3 AND (by_hand = 0 OR ?4 IS NULL OR new_section IS NULL OR new_section = ?4)))",
		"INSERT INTO alignment(document_id, new_version, new_section, old_section, kind, by_hand)\n"
		"  SELECT ?1, ?2, ?4, ?3, CASE WHEN o.heading <> w.heading OR o.body <> w.body THEN 1\n"
		"    WHEN o.label = w.label THEN 0 ELSE 2 END, 1\n"
		"  FROM section o, section w WHERE o.id = ?3 AND w.id = ?4",
		"UPDATE alignment SET kind = 5 WHERE document_id = ?1 AND new_version = ?2 AND new_section = ?4\n"
		"  AND (SELECT count(*) FROM alignment b WHERE b.document_id = ?1 AND b.new_version = ?2\n"
		"       AND b.new_section = ?4 AND b.old_section IS NOT NULL) > 1",
		"UPDATE alignment SET kind = 4 WHERE document_id = ?1 AND new_version = ?2 AND old_section = ?3\n"
		"  AND (SELECT count(*) FROM alignment b WHERE b.document_id = ?1 AND b.new_version = ?2\n"
		"       AND b.old_section = ?3 AND b.new_section IS NOT NULL) > 1",
		/* sections left with no link at all: removed, or new */
		"INSERT INTO alignment(document_id, new_version, new_section, old_section, kind, by_hand)\n"
		"  SELECT ?1, ?2, NULL, s.id, 7, 1 FROM section s WHERE s.document_id = ?1 AND s.version = ?2 - 1\n"
		"  AND NOT EXISTS (SELECT 1 FROM alignment a WHERE a.document_id = ?1 AND a.new_version = ?2\n"
		"                  AND a.old_section = s.id)",
		"INSERT INTO alignment(document_id, new_version, new_section, old_section, kind, by_hand)\n"
		"  SELECT ?1, ?2, s.id, NULL, 6, 1 FROM section s WHERE s.document_id = ?1 AND s.version = ?2\n"
		"  AND NOT EXISTS (SELECT 1 FROM alignment a WHERE a.document_id = ?1 AND a.new_version = ?2\n"
		"                  AND a.new_section = s.id)",
	};

	for (size_t k = 0; rc == 0 && k < sizeof steps / sizeof *steps; k++) {
		struct dbq *s = db_cached(st, steps[k]);
		if (!s) {
			rc = -1;
			break;
		}
		dbq_bind_int64(s, 1, doc_id);
		dbq_bind_int(s, 2, new_version);
		db_bind_id(s, 3, old_id);
		db_bind_id(s, 4, new_id);
		rc = db_step_done(st, s, "correcting an alignment");
	}
	return store_write_end(st, rc);
}

static int origins_each(struct store *st, const char *sql, gid id,
                        int (*cb)(void *ctx, const struct section_origin *o), void *ctx)
{
	struct dbq *s = db_prepare(st, sql);
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, id);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct section_origin o = {
			.id = dbq_column_int64(s, 0),
			.version = dbq_column_int(s, 1),
			.kind = dbq_column_int(s, 2),
			.label = db_col_text(s, 3) ? db_col_text(s, 3) : "",
			.n_comments = dbq_column_int64(s, 4),
		};
		if (cb(ctx, &o))
			break;
	}
	int fail = rc != DBQ_ROW && rc != DBQ_DONE;
	dbq_finalize(s);
	return fail ? db_error(st, "reading a section's earlier versions") : 0;
}

/* back(id, kind): older sections reached through the alignments from the starting rows. */
#define ORIGINS_BACK \
	"  UNION SELECT a.old_section, a.kind FROM alignment a JOIN back ON a.new_section = back.id\n" \
	"    WHERE a.old_section IS NOT NULL)\n" \
	"SELECT s.id, s.version, min(back.kind), s.full_label, s.n_comments FROM back JOIN section s ON s.id = back.id\n" \
	"GROUP BY s.id ORDER BY s.version DESC, s.position"

int store_section_origins(struct store *st, gid section_id, int (*cb)(void *ctx, const struct section_origin *o),
                          void *ctx)
{
	return origins_each(st,
	                    "WITH RECURSIVE back(id, kind) AS (\n"
	                    "  SELECT old_section, kind FROM alignment WHERE new_section = ?1 AND old_section IS NOT NULL\n"
	                    ORIGINS_BACK,
	                    section_id, cb, ctx);
}

int store_removed_origins(struct store *st, gid doc_id, int (*cb)(void *ctx, const struct section_origin *o),
                          void *ctx)
{
	return origins_each(st,
	                    "WITH RECURSIVE back(id, kind) AS (\n"
	                    "  SELECT old_section, kind FROM alignment WHERE document_id = ?1 AND new_section IS NULL\n"
	                    ORIGINS_BACK,
	                    doc_id, cb, ctx);
}

int store_changed_sections(struct store *st, gid doc_id, int version, int (*cb)(void *ctx, gid section_id, int kind),
                           void *ctx)
{
	struct dbq *s = db_prepare(st, "SELECT new_section, max(kind) FROM alignment WHERE document_id = ? AND new_version = ?\n"
	                                 "  AND new_section IS NOT NULL AND kind <> 0 GROUP BY new_section");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	dbq_bind_int(s, 2, version);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW)
		if (cb(ctx, dbq_column_int64(s, 0), dbq_column_int(s, 1)))
			break;
	int fail = rc != DBQ_ROW && rc != DBQ_DONE;
	dbq_finalize(s);
	return fail ? db_error(st, "reading the changed sections") : 0;
}
