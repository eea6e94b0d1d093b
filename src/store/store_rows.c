/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_rows.c — a review as plain rows, table by table, for copying it whole into another
 * database (gopy copy) on either engine: reading every row of a table, and writing rows back
 * exactly as they were (ids, sequence numbers, thread keys, counters, tallies, days, the audit log)
 * into an empty review while the triggers write nothing of their own (store.h, "whole
 * tables").
 *
 * The tables and their columns are listed here, in an order in which rows can be inserted;
 * tests/unit/test_store_rows.c fails when a migration adds a table or a column this list does
 * not have. Not listed: the search index (rebuilt from the comments at the end of a restore)
 * and the two tables that only live inside one transaction (audit_session, search_paused). */
#include "store_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"

/* A column's values: 'i' integers, 't' text, 'b' blobs, 'v' a number or text (the audit log's
 * old and new values: a disposition's number, or a text). */
struct column {
	const char *name;
	char type;
};

#define END {NULL, 0}
static const struct column delegate_cols[] = {
	{"id", 'i'}, {"code", 't'}, {"name", 't'}, {"unit", 't'}, {"role", 't'}, {"login", 't'},
	{"sort_key", 'b'}, {"created_at", 't'}, END};
static const struct column document_cols[] = {
	{"id", 'i'}, {"code", 't'}, {"title", 't'}, {"kind", 't'}, {"version", 't'}, {"status", 't'},
	{"deadline", 't'}, {"issuer", 't'}, {"place", 't'}, {"created_at", 't'}, {"n_sections", 'i'},
	{"n_comments", 'i'}, {"n_pending", 'i'}, {"n_versions", 'i'}, END};
static const struct column version_cols[] = {
	{"document_id", 'i'}, {"number", 'i'}, {"label", 't'}, {"created_at", 't'}, {"n_sections", 'i'}, END};
static const struct column section_cols[] = {
	{"id", 'i'}, {"document_id", 'i'}, {"parent_id", 'i'}, {"position", 'i'}, {"level", 'i'},
	{"depth", 'i'}, {"label", 't'}, {"full_label", 't'}, {"heading", 't'}, {"body", 't'},
	{"n_comments", 'i'}, {"n_pending", 'i'}, {"version", 'i'}, END};
static const struct column comment_cols[] = {
	{"seq", 'i'}, {"id", 'i'}, {"document_id", 'i'}, {"section_id", 'i'}, {"parent_id", 'i'},
	{"root_id", 'i'}, {"depth", 'i'}, {"thread_key", 'b'}, {"author_id", 'i'}, {"entered_by", 'i'},
	{"body", 't'}, {"quote", 't'}, {"created_at", 't'}, {"edited_at", 't'}, {"deleted_at", 't'},
	{"disposition", 'i'}, {"response", 't'}, {"handled_by", 'i'}, {"handled_at", 't'}, END};
static const struct column consultee_cols[] = {
	{"id", 'i'}, {"document_id", 'i'}, {"delegate_id", 'i'}, {"unit", 't'}, {"asked_on", 't'},
	{"deadline", 't'}, {"no_comments_on", 't'}, {"reference", 't'}, END};
static const struct column alignment_cols[] = {
	{"document_id", 'i'}, {"new_version", 'i'}, {"new_section", 'i'}, {"old_section", 'i'},
	{"kind", 'i'}, {"by_hand", 'i'}, END};
static const struct column citation_cols[] = {{"comment_id", 'i'}, {"section_id", 'i'}, END};
static const struct column align_note_cols[] = {
	{"document_id", 'i'}, {"new_version", 'i'}, {"section_id", 'i'}, {"note", 't'}, END};
static const struct column tally_disposition_cols[] = {
	{"document_id", 'i'}, {"disposition", 'i'}, {"n", 'i'}, END};
static const struct column tally_author_cols[] = {
	{"document_id", 'i'}, {"author_id", 'i'}, {"n", 'i'}, {"n_roots", 'i'}, {"n_handled", 'i'}, END};
static const struct column comment_day_cols[] = {
	{"document_id", 'i'}, {"day", 't'}, {"n", 'i'}, {"min_key", 'b'}, {"max_key", 'b'}, END};
static const struct column audit_cols[] = {
	{"seq", 'i'}, {"at", 't'}, {"kind", 't'}, {"os_user", 't'}, {"delegate_id", 'i'},
	{"document_id", 'i'}, {"comment_id", 'i'}, {"old_value", 'v'}, {"new_value", 'v'},
	{"first_seq", 'i'}, {"last_seq", 'i'}, {"count", 'i'}, {"detail", 't'}, END};

static const struct column conflict_cols[] = {
	{"id", 'i'}, {"kind", 't'}, {"document_id", 'i'}, {"comment_id", 'i'}, {"code", 't'}, {"shown", 't'},
	{"other", 't'}, {"shown_extra", 't'}, {"other_extra", 't'}, {"shown_n", 'i'}, {"other_n", 'i'},
	{"shown_at", 't'}, {"other_at", 't'}, {"source", 't'}, {"found_at", 't'}, {"settled_at", 't'},
	{"settled_by", 't'}, {"kept", 't'}, END};
static const struct column held_comment_cols[] = {
	{"seq", 'i'}, {"id", 'i'}, {"document_id", 'i'}, {"section_id", 'i'}, {"parent_id", 'i'},
	{"author_id", 'i'}, {"entered_by", 'i'}, {"body", 't'}, {"quote", 't'}, {"created_at", 't'},
	{"edited_at", 't'}, {"deleted_at", 't'}, {"disposition", 'i'}, {"response", 't'}, {"handled_by", 'i'},
	{"handled_at", 't'}, {"conflict_id", 'i'}, END};
static const struct column held_section_cols[] = {
	{"conflict_id", 'i'}, {"id", 'i'}, {"parent_id", 'i'}, {"position", 'i'}, {"level", 'i'},
	{"depth", 'i'}, {"label", 't'}, {"full_label", 't'}, {"heading", 't'}, {"body", 't'}, END};
static const struct column audit_copy_cols[] = {
	{"seq", 'i'}, {"origin", 't'}, {"at", 't'}, {"kind", 't'}, {"os_user", 't'}, {"delegate_id", 'i'},
	{"document_id", 'i'}, {"comment_id", 'i'}, {"old_value", 'v'}, {"new_value", 'v'}, {"count", 'i'},
	{"detail", 't'}, END};

/* Parents first: sections and comments in document and thread order (a reply's thread key
 * starts with its parent's), so that a row's parent is there before it even where references
 * are checked row by row (PostgreSQL). */
static const struct table {
	const char *name;
	const struct column *cols;
	const char *order;
} tables[] = {
	{"delegate", delegate_cols, "id"},
	{"document", document_cols, "id"},
	{"version", version_cols, "document_id, number"},
	{"section", section_cols, "document_id, version, position"},
	{"comment", comment_cols, "document_id, thread_key"},
	{"consultee", consultee_cols, "id"},
	{"alignment", alignment_cols, "document_id, new_version, new_section, old_section, kind, by_hand"},
	{"citation", citation_cols, "comment_id"},
	{"align_note", align_note_cols, "document_id, new_version, section_id"},
	{"tally_disposition", tally_disposition_cols, "document_id, disposition"},
	{"tally_author", tally_author_cols, "document_id, author_id"},
	{"comment_day", comment_day_cols, "document_id, day"},
	{"audit", audit_cols, "seq"},
	{"conflict", conflict_cols, "id"},
	{"held_comment", held_comment_cols, "seq"},
	{"held_section", held_section_cols, "conflict_id, position"},
	{"audit_copy", audit_copy_cols, "seq"},
};
#define N_TABLES (sizeof tables / sizeof *tables)

static const char *table_names[N_TABLES + 1];

const char *const *store_tables(void)
{
	for (size_t i = 0; i < N_TABLES; i++)
		table_names[i] = tables[i].name;
	return table_names;
}

static const struct table *find(const char *name)
{
	for (size_t i = 0; name && i < N_TABLES; i++)
		if (strcmp(tables[i].name, name) == 0)
			return &tables[i];
	return NULL;
}

int store_table_width(const char *table)
{
	const struct table *t = find(table);
	int n = 0;
	while (t && t->cols[n].name)
		n++;
	return n;
}

const char *store_table_column(const char *table, int i)
{
	const struct table *t = find(table);
	return t && i >= 0 && i < store_table_width(table) ? t->cols[i].name : NULL;
}

static const struct table *known(const char *table)
{
	const struct table *t = find(table);
	if (!t)
		err_set(_("no table '%s' in a review"), table);
	return t;
}

/* The SQL text of each table's reading (on a file, on a server) and writing, made once: the
 * statement cache keys on the text's address. */
static char *select_sql[2][N_TABLES], *insert_sql[N_TABLES];

static const char *select_of(struct store *st, const struct table *t)
{
	bool server = store_on_server(st);
	char **sql = &select_sql[server][t - tables];
	if (!*sql) {
		struct buf b = {0};
		buf_puts(&b, "SELECT ");
		for (const struct column *c = t->cols; c->name; c++) {
			buf_printf(&b, "%s%s", c == t->cols ? "" : ", ", c->name);
			/* a number or a text: which one it is (a server keeps text; there a number is a
			 * disposition's, as SQLite's triggers write it) */
			if (c->type == 'v' && server)
				buf_puts(&b, ", kind = 'disposition'");
			else if (c->type == 'v')
				buf_printf(&b, ", typeof(%s) = 'integer'", c->name);
		}
		buf_printf(&b, " FROM %s ORDER BY %s", t->name, t->order);
		*sql = buf_take(&b);
	}
	return *sql;
}

static const char *insert_of(const struct table *t)
{
	char **sql = &insert_sql[t - tables];
	if (!*sql) {
		struct buf b = {0};
		buf_printf(&b, "INSERT INTO %s(", t->name);
		int n = 0;
		for (const struct column *c = t->cols; c->name; c++, n++)
			buf_printf(&b, "%s%s", n ? ", " : "", c->name);
		buf_puts(&b, ") VALUES (");
		for (int i = 1; i <= n; i++)
			buf_printf(&b, "%s?%d", i > 1 ? ", " : "", i);
		buf_puts(&b, ")");
		*sql = buf_take(&b);
	}
	return *sql;
}

int store_rows_each(struct store *st, const char *table,
                    int (*cb)(void *ctx, const struct store_cell *cells, int n), void *ctx)
{
	const struct table *t = known(table);
	if (!t)
		return -1;
	int n = store_table_width(table);
	struct store_cell *cells = xcalloc((size_t)n, sizeof *cells);
	struct dbq *s = db_prepare(st, select_of(st, t));
	if (!s) {
		free(cells);
		return -1;
	}
	int rc, stop = 0;
	while (!stop && (rc = dbq_step(s)) == DBQ_ROW) {
		int k = 0; /* the result's column: a 'v' column is followed by its "is a number" */
		for (int i = 0; i < n; i++) {
			struct store_cell *c = &cells[i];
			char type = t->cols[i].type;
			int col = k++;
			bool number = type == 'v' && dbq_column_int(s, k++) != 0;
			*c = (struct store_cell){0};
			if (dbq_column_is_null(s, col)) {
				c->type = CELL_NULL;
			} else if (type == 'i' || number) {
				c->type = CELL_INT;
				c->i = dbq_column_int64(s, col);
			} else if (type == 'b') {
				c->type = CELL_BLOB;
				c->p = dbq_column_blob(s, col);
				c->len = dbq_column_bytes(s, col);
			} else {
				c->type = CELL_TEXT;
				c->p = dbq_column_text(s, col);
				c->len = dbq_column_bytes(s, col);
			}
		}
		stop = cb(ctx, cells, n);
	}
	if (!stop && rc != DBQ_DONE) {
		db_error(st, N_("reading a table"));
		stop = -1;
	}
	dbq_finalize(s);
	free(cells);
	return stop < 0 ? -1 : 0;
}

int store_rows_count(struct store *st, const char *table, int64_t *n)
{
	const struct table *t = known(table);
	if (!t)
		return -1;
	char sql[96];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", t->name);
	struct dbq *s = db_prepare(st, sql);
	if (!s)
		return -1;
	int rc = dbq_step(s);
	*n = rc == DBQ_ROW ? dbq_column_int64(s, 0) : 0;
	dbq_finalize(s);
	return rc == DBQ_ROW ? 0 : db_error(st, N_("counting rows"));
}

/* ---- restoring rows ---------------------------------------------------------------- */

/* The triggers set aside while a restore runs: on a file, dropped inside the transaction and
 * made again from their own SQL before the commit (a rollback brings them back by itself); on
 * a server, disabled for the transaction (ALTER TABLE takes the tables for itself until the
 * commit; references are still checked row by row, hence the order of the rows). */
static struct {
	struct store *st;
	char **sql;
	size_t n;
} restoring;

static void forget_triggers(void)
{
	for (size_t i = 0; i < restoring.n; i++)
		free(restoring.sql[i]);
	free(restoring.sql);
	restoring.sql = NULL;
	restoring.n = 0;
	restoring.st = NULL;
}

/* ALTER TABLE … ENABLE or DISABLE TRIGGER USER on every table of the list (a server). */
static int server_triggers(struct store *st, const char *how)
{
	struct buf sql = {0};
	for (size_t i = 0; i < N_TABLES; i++)
		buf_printf(&sql, "ALTER TABLE %s %s TRIGGER USER;\n", tables[i].name, how);
	int rc = db_exec(st, sql.data);
	buf_free(&sql);
	return rc;
}

static int set_triggers_aside(struct store *st)
{
	if (store_on_server(st))
		return server_triggers(st, "DISABLE");
	struct dbq *s = db_prepare(st, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid");
	if (!s)
		return -1;
	struct buf drop = {0};
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		restoring.sql = xrealloc(restoring.sql, (restoring.n + 1) * sizeof *restoring.sql);
		restoring.sql[restoring.n++] = db_col_strdup(s, 1, true);
		buf_printf(&drop, "DROP TRIGGER \"%s\";\n", db_col_text(s, 0));
	}
	dbq_finalize(s);
	if (rc != DBQ_DONE) {
		buf_free(&drop);
		return db_error(st, N_("reading the triggers"));
	}
	/* references are checked at the commit, when every row is there */
	rc = db_exec(st, "PRAGMA defer_foreign_keys = ON") != 0 || (drop.len && db_exec(st, drop.data) != 0) ? -1 : 0;
	buf_free(&drop);
	return rc;
}

static int put_triggers_back(struct store *st)
{
	/* on a server: comments written from now on are numbered after the last one copied, and
	 * the search vectors (left out) are made by the commit, as for rows of other programs */
	if (store_on_server(st))
		return server_triggers(st, "ENABLE") != 0 ||
		       db_exec(st, "SELECT setval(pg_get_serial_sequence('comment', 'seq'), max(seq)) FROM comment "
		                   "HAVING max(seq) IS NOT NULL") != 0 ? -1 : 0;
	for (size_t i = 0; i < restoring.n; i++)
		if (db_exec(st, restoring.sql[i]) != 0)
			return -1;
	return db_exec(st, "INSERT INTO comment_fts(comment_fts) VALUES ('rebuild')");
}

int store_restore_begin(struct store *st)
{
	if (restoring.st)
		return err_set(_("a restore is already under way"));
	if (store_begin(st) != 0)
		return -1;
	for (size_t i = 0; i < N_TABLES; i++) {
		int64_t n;
		if (store_rows_count(st, tables[i].name, &n) != 0) {
			store_rollback(st);
			return -1;
		}
		if (n > 0) {
			store_rollback(st);
			return err_set(_("%s is not empty (its table %s has rows): copy only into a new or empty review"),
			               store_path(st), tables[i].name);
		}
	}
	restoring.st = st;
	if (set_triggers_aside(st) != 0) {
		char keep[1024];
		snprintf(keep, sizeof keep, "%s", err_msg());
		store_rollback(st);
		forget_triggers();
		return err_set("%s", keep);
	}
	return 0;
}

int store_row_insert(struct store *st, const char *table, const struct store_cell *cells, int n)
{
	const struct table *t = known(table);
	if (!t)
		return -1;
	if (restoring.st != st)
		return err_set(_("rows are restored only inside store_restore_begin"));
	if (n != store_table_width(table))
		return err_set(_("a row of %s needs %d values, not %d"), t->name, store_table_width(table), n);
	struct dbq *s = db_cached(st, insert_of(t));
	if (!s)
		return -1;
	static const char none[1];
	for (int i = 0; i < n; i++) {
		const struct store_cell *c = &cells[i];
		switch (c->type) {
		case CELL_NULL: dbq_bind_null(s, i + 1); break;
		case CELL_INT: dbq_bind_int64(s, i + 1, c->i); break;
		case CELL_TEXT: dbq_bind_text(s, i + 1, c->p ? c->p : none, c->len); break;
		case CELL_BLOB: dbq_bind_blob(s, i + 1, c->p ? c->p : none, c->len); break;
		}
	}
	int rc = db_step_done(st, s, N_("writing a row"));
	if (rc != 0)
		st->tx_failed = true;
	return rc;
}

int store_restore_end(struct store *st, bool commit)
{
	if (restoring.st != st)
		return err_set(_("rows are restored only inside store_restore_begin"));
	int rc = 0;
	if (commit && put_triggers_back(st) == 0) {
		rc = store_commit(st);
	} else {
		if (commit) {
			char keep[1024];
			snprintf(keep, sizeof keep, "%s", err_msg());
			store_rollback(st);
			err_set("%s", keep);
		} else {
			store_rollback(st);
		}
		rc = commit ? -1 : 0;
	}
	forget_triggers();
	return rc;
}
