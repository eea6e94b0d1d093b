/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_consult.c — the consultation list of a document (consultee) and the overview's
 * figures from the summary tables the triggers keep (tally_disposition, tally_author).
 * Whether an entry answered by comment is read from tally_author, never by scanning the
 * comments: a delegate answered when they have a live thread root on the document, a unit when
 * any of its delegates has. */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/consult.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

/* The list with each entry's unit, comment count and state (?1 the document). */
#define CONSULT_LIST                                                                                   \
	"WITH list AS (SELECT c.id, c.document_id, c.delegate_id, d.code, d.name,\n"                       \
	"  CASE WHEN c.delegate_id IS NULL THEN c.unit ELSE d.unit END AS unit, c.asked_on, c.deadline,\n" \
	"  c.no_comments_on, c.reference,\n"                                                               \
	"  CASE WHEN c.delegate_id IS NULL THEN (SELECT coalesce(sum(t.n_roots), 0) FROM delegate u\n"    \
	"      JOIN tally_author t ON t.author_id = u.id AND t.document_id = c.document_id WHERE u.unit = c.unit)\n" \
	"    ELSE coalesce((SELECT t.n_roots FROM tally_author t WHERE t.document_id = c.document_id\n"     \
	"      AND t.author_id = c.delegate_id), 0) END AS n\n"                                              \
	"  FROM consultee c LEFT JOIN delegate d ON d.id = c.delegate_id WHERE c.document_id = ?1),\n"     \
	"state AS (SELECT *, CASE WHEN n > 0 THEN 1 WHEN no_comments_on IS NOT NULL THEN 2 ELSE 0 END AS st FROM list)\n"

static bool valid_date(const char *s)
{
	char norm[21];
	return s && strlen(s) == 10 && time_parse_iso(s, norm);
}

static void today(char out[11])
{
	char now[21];
	clock_now_iso(now);
	memcpy(out, now, 10);
	out[10] = '\0';
}

/* The spelling of `unit` used by the delegates or the list when one folds to the same text; else a copy
 * of the cleaned name. */
static char *unit_spelling(struct store *st, const char *unit, int *rc)
{
	char *clean = clean_field(unit);
	char *want = text_fold(clean, strlen(clean));
	struct dbq *s = db_prepare(st, "SELECT DISTINCT unit FROM delegate WHERE unit <> '' "
	                                 "UNION SELECT unit FROM consultee WHERE delegate_id IS NULL");
	*rc = s ? 0 : -1;
	int step;
	while (s && (step = dbq_step(s)) == DBQ_ROW) {
		const char *u = db_col_text(s, 0);
		char *f = text_fold(u, strlen(u));
		bool same = strcmp(f, want) == 0;
		free(f);
		if (same) {
			free(clean);
			clean = xstrdup(u);
			break;
		}
	}
	if (s && step != DBQ_ROW && step != DBQ_DONE)
		*rc = db_error(st, "reading the units");
	dbq_finalize(s);
	free(want);
	return clean;
}

/* Bind who at ?2 (delegate) and ?3 (unit) of a statement naming the entry as
 * "document_id = ?1 AND delegate_id IS ?2 AND (?2 IS NOT NULL OR unit = ?3)". */
#define WHO_MATCH "document_id = ?1 AND delegate_id IS NOT DISTINCT FROM ?2 AND (?2 IS NOT NULL OR unit = ?3)"

static int bind_who(struct store *st, struct dbq *s, gid doc_id, const struct consult_who *who, char **unit)
{
	int rc = 0;
	*unit = NULL;
	dbq_bind_int64(s, 1, doc_id);
	db_bind_id(s, 2, who->delegate_id);
	if (!who->delegate_id) {
		*unit = unit_spelling(st, who->unit ? who->unit : "", &rc);
		if (rc == 0 && !**unit)
			rc = err_set(_("a unit needs a name"));
		db_bind_text(s, 3, *unit);
	}
	return rc;
}

int store_consult_add(struct store *st, gid doc_id, const struct consult_who *who, const char *asked_on,
                      const char *deadline)
{
	char day[11];
	today(day);
	if (asked_on && !valid_date(asked_on))
		return err_set(_("not a date (YYYY-MM-DD): '%s'"), asked_on);
	if (deadline && *deadline && !valid_date(deadline))
		return err_set(_("not a date (YYYY-MM-DD): '%s'"), deadline);
	if (store_write_begin(st) != 0)
		return -1;
	int rc = -1, added = 0;
	char *unit = NULL;
	struct dbq *s = db_cached(st, "UPDATE consultee SET deadline = coalesce(?4, deadline) WHERE " WHO_MATCH);
	if (s && bind_who(st, s, doc_id, who, &unit) == 0) {
		db_bind_text(s, 4, deadline);
		rc = db_step_done(st, s, "updating the consultation list");
	}
	if (rc == 0 && db_changes(st) == 0) {
		rc = -1;
		added = 1;
		s = db_cached(st, "INSERT INTO consultee(id, document_id, delegate_id, unit, asked_on, deadline) "
		                  "VALUES (?1, ?2, ?3, coalesce(?4, (SELECT unit FROM delegate WHERE id = ?3), ''), ?5, ?6)");
		if (s) {
			gid id = id_new();
			dbq_bind_int64(s, 1, id);
			dbq_bind_int64(s, 2, doc_id);
			db_bind_id(s, 3, who->delegate_id);
			db_bind_text(s, 4, unit);
			db_bind_text(s, 5, asked_on ? asked_on : day);
			db_bind_text(s, 6, deadline ? deadline : "");
			if (db_step_insert(st, s, &id, 0) == DBQ_DONE)
				rc = 0;
			else
				db_error(st, "adding to the consultation list");
		}
	}
	free(unit);
	if (store_write_end(st, rc) != 0)
		return -1;
	return added ? 0 : 1;
}

/* Run an UPDATE or DELETE on one entry (?1..?3 as WHO_MATCH, ?4 and ?5 as given): 0 done,
 * 1 not on the list. */
static int change_entry(struct store *st, const char *sql, gid doc_id, const struct consult_who *who,
                        const char *p4, const char *p5)
{
	if (store_write_begin(st) != 0)
		return -1;
	int rc = -1, changed = 0;
	char *unit = NULL;
	struct dbq *s = db_cached(st, sql);
	if (s && bind_who(st, s, doc_id, who, &unit) == 0) {
		db_bind_text(s, 4, p4);
		db_bind_text(s, 5, p5);
		rc = db_step_done(st, s, "changing the consultation list");
		changed = db_changes(st);
	}
	free(unit);
	if (store_write_end(st, rc) != 0)
		return -1;
	return changed ? 0 : 1;
}

int store_consult_no_comments(struct store *st, gid doc_id, const struct consult_who *who, const char *on,
                              const char *reference, bool undo)
{
	char day[11];
	today(day);
	if (on && !valid_date(on))
		return err_set(_("not a date (YYYY-MM-DD): '%s'"), on);
	if (undo)
		return change_entry(st, "UPDATE consultee SET no_comments_on = NULL, reference = '' WHERE " WHO_MATCH,
		                    doc_id, who, NULL, NULL);
	char *ref = clean_field(reference ? reference : "");
	int rc = change_entry(st, "UPDATE consultee SET no_comments_on = ?4, reference = ?5 WHERE " WHO_MATCH, doc_id,
	                      who, on ? on : day, ref);
	free(ref);
	return rc;
}

int store_consult_remove(struct store *st, gid doc_id, const struct consult_who *who)
{
	return change_entry(st, "DELETE FROM consultee WHERE " WHO_MATCH, doc_id, who, NULL, NULL);
}

int store_consult_each(struct store *st, gid doc_id, bool waiting_only,
                       int (*cb)(void *ctx, const struct consultee *c), void *ctx)
{
	struct dbq *s = db_prepare(st, CONSULT_LIST "SELECT * FROM state WHERE ?2 = 0 OR st = 0 "
	                                 "ORDER BY deadline = '', deadline, unit, name, id");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	dbq_bind_int(s, 2, waiting_only);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct consultee c = {
			.id = dbq_column_int64(s, 0),
			.doc_id = dbq_column_int64(s, 1),
			.delegate_id = dbq_column_int64(s, 2),
			.delegate_code = db_col_text(s, 3),
			.delegate_name = db_col_text(s, 4),
			.unit = db_col_text(s, 5),
			.asked_on = db_col_text(s, 6),
			.deadline = db_col_text(s, 7),
			.no_comments_on = db_col_text(s, 8),
			.reference = db_col_text(s, 9),
			.n_comments = dbq_column_int64(s, 10),
			.state = dbq_column_int(s, 11),
		};
		if (!c.unit)
			c.unit = "";
		if (cb(ctx, &c))
			break;
	}
	dbq_finalize(s);
	if (rc != DBQ_ROW && rc != DBQ_DONE)
		return db_error(st, "reading the consultation list");
	return 0;
}

int store_consult_totals(struct store *st, gid doc_id, const char *day, struct consult_totals *t)
{
	memset(t, 0, sizeof *t);
	struct dbq *s = db_cached(st, CONSULT_LIST
	                            "SELECT count(*), count(*) FILTER (WHERE st = 1), count(*) FILTER (WHERE st = 2), "
	                            "count(*) FILTER (WHERE st = 0), "
	                            "count(*) FILTER (WHERE st = 0 AND deadline <> '' AND deadline < ?2), "
	                            "(SELECT count(DISTINCT unit) FROM state WHERE unit <> ''), "
	                            "(SELECT count(*) FROM (SELECT unit FROM state WHERE unit <> '' GROUP BY unit "
	                            "HAVING max(st) = 0) AS silent) FROM state");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	db_bind_text(s, 2, day);
	int rc = dbq_step(s);
	if (rc == DBQ_ROW) {
		int64_t *out[] = {&t->asked, &t->commented, &t->no_comments, &t->waiting, &t->overdue, &t->units,
		                  &t->units_silent};
		for (int i = 0; i < 7; i++)
			*out[i] = dbq_column_int64(s, i);
	}
	dbq_reset(s);
	if (rc != DBQ_ROW)
		return db_error(st, "counting the consultation list");
	return 0;
}

int store_consult_silent_units(struct store *st, gid doc_id, int (*cb)(void *ctx, const char *unit), void *ctx)
{
	struct dbq *s = db_prepare(st, CONSULT_LIST "SELECT unit FROM state WHERE unit <> '' GROUP BY unit "
	                                 "HAVING max(st) = 0 ORDER BY unit");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW)
		if (cb(ctx, db_col_text(s, 0)))
			break;
	dbq_finalize(s);
	if (rc != DBQ_ROW && rc != DBQ_DONE)
		return db_error(st, "reading the consultation list");
	return 0;
}

int store_tally_dispositions(struct store *st, gid doc_id, int64_t out[DISP_COUNT])
{
	memset(out, 0, DISP_COUNT * sizeof *out);
	struct dbq *s = db_cached(st, "SELECT disposition, n FROM tally_disposition WHERE document_id = ?1");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		int d = dbq_column_int(s, 0);
		if (d >= 0 && d < DISP_COUNT)
			out[d] = dbq_column_int64(s, 1);
	}
	dbq_reset(s);
	if (rc != DBQ_DONE)
		return db_error(st, "reading the tallies");
	return 0;
}

int store_tally_units(struct store *st, gid doc_id, int (*cb)(void *ctx, const struct unit_tally *u), void *ctx)
{
	struct dbq *s = db_prepare(st, "SELECT d.unit, sum(t.n), sum(t.n_roots), sum(t.n_handled) FROM tally_author t "
	                                 "JOIN delegate d ON d.id = t.author_id WHERE t.document_id = ?1 AND t.n > 0 "
	                                 "GROUP BY d.unit ORDER BY 2 DESC, 1");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct unit_tally u = {
			.unit = db_col_text(s, 0),
			.sent = dbq_column_int64(s, 1),
			.roots = dbq_column_int64(s, 2),
			.handled = dbq_column_int64(s, 3),
		};
		if (!u.unit)
			u.unit = "";
		if (cb(ctx, &u))
			break;
	}
	dbq_finalize(s);
	if (rc != DBQ_ROW && rc != DBQ_DONE)
		return db_error(st, "reading the tallies");
	return 0;
}
