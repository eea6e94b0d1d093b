/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_report.c — what the synthesis report reads besides the comment stream: one read
 * snapshot for the whole report, and the figures of part I (persons and units consulted,
 * comments received, who commented; from the consultation list when there is one). */
#include "store_internal.h"

#include "gopy/consult.h"
#include "gopy/err.h"
#include "gopy/i18n.h"

int store_read_begin(struct store *st, bool *own)
{
	*own = !db_in_transaction(st);
	if (*own && db_exec(st, DB_SQL(st, "BEGIN", "BEGIN ISOLATION LEVEL REPEATABLE READ")) != 0) {
		*own = false;
		return -1;
	}
	return 0;
}

void store_read_end(struct store *st, bool own)
{
	/* Only reads happened: ending the transaction cannot lose anything. */
	if (own && db_in_transaction(st)) {
		db_exec_quiet(st, "COMMIT");
		if (db_in_transaction(st))
			db_exec_quiet(st, "ROLLBACK");
	}
}

/* One integer from a query with the document id bound to ?1. */
static int sql_count(struct store *st, const char *sql, gid doc_id, int64_t *out)
{
	struct dbq *s = db_cached(st, sql);
	if (!s)
		return -1;
	if (dbq_bind_count(s) >= 1)
		dbq_bind_int64(s, 1, doc_id);
	int rc = dbq_step(s);
	*out = rc == DBQ_ROW ? dbq_column_int64(s, 0) : 0;
	if (rc != DBQ_ROW && rc != DBQ_DONE) {
		db_error(st, N_("computing the report figures"));
		dbq_reset(s);
		return -1;
	}
	dbq_reset(s);
	return 0;
}

/* Those who commented are the authors of thread roots: replies are discussion (often the
 * drafting team's), not comments received. Persons consulted are the delegates who are not
 * secretaries or editors (those record or handle comments, they are not consulted), plus
 * anyone who commented. A unit is compared by its exact stored text. */
#define COMMENTERS                                                                          \
	"SELECT DISTINCT d.id, d.unit FROM comment c JOIN delegate d ON d.id = c.author_id " \
	"WHERE c.document_id = ?1 AND c.deleted_at IS NULL AND c.parent_id IS NULL"
#define CONSULTED \
	"SELECT id, unit FROM delegate WHERE role NOT IN ('secretary', 'editor') UNION " COMMENTERS

int store_report_figures(struct store *st, gid doc_id, struct report_figures *g)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM (" CONSULTED ") AS p",
		"SELECT count(DISTINCT unit) FROM (" CONSULTED ") AS p WHERE unit <> ''",
		"SELECT count(*) FROM comment WHERE document_id = ?1 AND deleted_at IS NULL AND parent_id IS NULL",
		/* replies: the live comments the counters know, less the roots (comment_roots index) */
		"SELECT n_comments - (SELECT count(*) FROM comment WHERE document_id = ?1 AND deleted_at IS NULL AND "
		"parent_id IS NULL) FROM document WHERE id = ?1",
		"SELECT count(*) FROM (" COMMENTERS ") AS p",
		"SELECT count(DISTINCT unit) FROM (" COMMENTERS ") AS p WHERE unit <> ''",
		"SELECT count(DISTINCT unit) FROM (" CONSULTED ") AS p WHERE unit <> '' AND unit NOT IN "
		"(SELECT unit FROM (" COMMENTERS ") AS q)",
	};
	int64_t *out[] = { &g->delegates, &g->units, &g->roots, &g->replies, &g->authors, &g->units_commented,
	                   &g->units_silent };
	for (size_t i = 0; i < sizeof sql / sizeof *sql; i++)
		if (sql_count(st, sql[i], doc_id, out[i]) < 0)
			return -1;
	/* who was asked, from the consultation list when the document has one */
	char now[21];
	clock_now_iso(now);
	now[10] = '\0';
	struct consult_totals t;
	if (store_consult_totals(st, doc_id, now, &t) != 0)
		return -1;
	g->listed = t.asked;
	g->no_comments = t.no_comments;
	g->commented = t.commented;
	if (t.asked) {
		g->units = t.units;
		g->units_silent = t.units_silent;
	}
	return 0;
}
