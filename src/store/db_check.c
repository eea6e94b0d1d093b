/* SPDX-License-Identifier: GPL-3.0-or-later */
/* db_check.c — the two costly parts of `gopy check` on an SQLite file, each in passes that
 * read the file in order (linear in its size), not in a seek per row:
 *
 * - integrity: SQLite's quick_check (every page and b-tree well formed, NOT NULL and CHECK
 *   constraints) and, for each index, that it holds exactly the rows of its table: the table
 *   read once in rowid order and each index once in its own order, both sides summed as an
 *   order-free 64-bit hash of (indexed values, rowid) with their counts, and a unique index's
 *   neighbouring keys compared. This proves what integrity_check proves (which seeks every row
 *   in every index: 13 µs a comment at a million, nine indexes on the comment table), but for
 *   a mismatch it names the index, not the row. Tables without a rowid, and indexes on
 *   expressions, are left to integrity_check of their table (small tables).
 * - counters: the document, section, disposition and author counters and tallies against one
 *   pass over the comments, instead of one grouped query each (four scans through indexes).
 */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"

/* ---- order-free sums of rows ----------------------------------------------------------------- */

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* The hash of columns [from, from + n) of the current row, then the rowid in column rid. */
static uint64_t row_hash(struct dbq *s, int from, int n, int rid)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a over a tag and the bytes of each value */
	for (int i = 0; i <= n; i++) {
		int c = i < n ? from + i : rid;
		const unsigned char *p = NULL;
		int len = 0;
		unsigned char tag = 1;
		if (dbq_column_is_null(s, c)) {
			tag = 0;
		} else {
			p = dbq_column_blob(s, c);
			len = dbq_column_bytes(s, c);
		}
		h = (h ^ tag) * 1099511628211ULL;
		for (int k = 0; k < len; k++)
			h = (h ^ p[k]) * 1099511628211ULL;
	}
	return mix(h);
}

struct index_info {
	char *name;
	char *where;       /* the partial index's condition, NULL if none */
	char **cols;       /* the indexed columns, in order */
	int ncols;
	bool unique;
	int at;            /* where its columns start in the table pass's row */
	uint64_t sum_table, sum_index;
	int64_t n_table, n_index;
};

static void index_info_free(struct index_info *x)
{
	free(x->name);
	free(x->where);
	for (int i = 0; i < x->ncols; i++)
		free(x->cols[i]);
	free(x->cols);
}

static char *dup_col(struct dbq *s, int i)
{
	const char *t = dbq_column_text(s, i);
	return xstrdup(t ? t : "");
}

/* "name" quoted as an SQL identifier into b. */
static void put_ident(struct buf *b, const char *name)
{
	buf_putc(b, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			buf_putc(b, '"');
		buf_putc(b, *p);
	}
	buf_putc(b, '"');
}

/* The condition of a partial index, from its CREATE INDEX text (after its last WHERE). */
static char *partial_where(const char *sql)
{
	if (!sql)
		return NULL;
	const char *w = NULL;
	for (const char *p = sql; (p = strstr(p, " WHERE ")) != NULL; p++)
		w = p;
	return w ? xstrdup(w + 7) : NULL;
}

/* The indexes of table `tab`: 0 and *n; 1 when one is on an expression (left to integrity_check). */
static int indexes_of(struct store *st, const char *tab, struct index_info **out, int *n)
{
	struct buf sql = {0};
	buf_puts(&sql, "SELECT l.name, l.\"unique\", m.sql FROM pragma_index_list(?1) l "
	               "LEFT JOIN sqlite_schema m ON m.type = 'index' AND m.name = l.name ORDER BY l.name");
	struct dbq *s = db_prepare(st, sql.data);
	buf_free(&sql);
	if (!s)
		return -1;
	dbq_bind_text(s, 1, tab, -1);
	int rc, cap = 0, expr = 0;
	*out = NULL;
	*n = 0;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, (size_t)cap * sizeof **out);
		}
		struct index_info *x = &(*out)[(*n)++];
		memset(x, 0, sizeof *x);
		x->name = dup_col(s, 0);
		x->unique = dbq_column_int(s, 1) != 0;
		x->where = partial_where(dbq_column_text(s, 2));
	}
	dbq_finalize(s);
	if (rc != DBQ_DONE)
		return db_error(st, N_("listing the indexes"));
	for (int i = 0; i < *n && !expr; i++) {
		struct index_info *x = &(*out)[i];
		s = db_prepare(st, "SELECT cid, name FROM pragma_index_xinfo(?1) WHERE key = 1 ORDER BY seqno");
		if (!s)
			return -1;
		dbq_bind_text(s, 1, x->name, -1);
		int ccap = 0;
		while ((rc = dbq_step(s)) == DBQ_ROW) {
			if (dbq_column_int(s, 0) < 0) { /* an expression (-2) */
				expr = 1;
				continue;
			}
			if (x->ncols == ccap) {
				ccap = ccap ? ccap * 2 : 4;
				x->cols = xrealloc(x->cols, (size_t)ccap * sizeof *x->cols);
			}
			x->cols[x->ncols++] = dup_col(s, 1);
		}
		dbq_finalize(s);
		if (rc != DBQ_DONE)
			return db_error(st, N_("listing the indexes"));
	}
	return expr;
}

/* The table read once: each index's sum of (values, rowid) over the rows its condition takes. */
static int table_pass(struct store *st, const char *tab, struct index_info *ix, int n)
{
	struct buf sql = {0};
	int col = 1;
	buf_puts(&sql, "SELECT rowid");
	for (int i = 0; i < n; i++) {
		ix[i].at = col;
		for (int k = 0; k < ix[i].ncols; k++) {
			buf_puts(&sql, ", ");
			put_ident(&sql, ix[i].cols[k]);
		}
		buf_printf(&sql, ", (%s)", ix[i].where ? ix[i].where : "1");
		col += ix[i].ncols + 1;
	}
	buf_puts(&sql, " FROM ");
	put_ident(&sql, tab);
	buf_puts(&sql, " NOT INDEXED");
	struct dbq *s = db_prepare(st, sql.data);
	buf_free(&sql);
	if (!s)
		return -1;
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW)
		for (int i = 0; i < n; i++)
			if (dbq_column_int(s, ix[i].at + ix[i].ncols)) {
				ix[i].sum_table += row_hash(s, ix[i].at, ix[i].ncols, 0);
				ix[i].n_table++;
			}
	dbq_finalize(s);
	return rc == DBQ_DONE ? 0 : db_error(st, N_("reading a table"));
}

/* The index read alone, in its order; in a unique one, two neighbours with the same key (no
 * NULL in it) are a problem too. Returns the problems found, or -1. */
static int index_pass(struct store *st, const char *tab, struct index_info *x, struct buf *report)
{
	struct buf sql = {0};
	buf_puts(&sql, "SELECT ");
	for (int k = 0; k < x->ncols; k++) {
		put_ident(&sql, x->cols[k]);
		buf_puts(&sql, ", ");
	}
	buf_puts(&sql, "rowid FROM ");
	put_ident(&sql, tab);
	buf_puts(&sql, " INDEXED BY ");
	put_ident(&sql, x->name);
	if (x->where)
		buf_printf(&sql, " WHERE %s", x->where);
	struct dbq *s = db_prepare(st, sql.data);
	buf_free(&sql);
	if (!s)
		return -1;
	struct buf prev = {0}, cur = {0};
	bool have_prev = false;
	int rc, dups = 0;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		x->sum_index += row_hash(s, 0, x->ncols, x->ncols);
		x->n_index++;
		if (!x->unique)
			continue;
		bool null = false;
		buf_reset(&cur);
		for (int k = 0; k < x->ncols; k++) {
			null |= dbq_column_is_null(s, k);
			int len = dbq_column_bytes(s, k);
			buf_printf(&cur, "%d:", len);
			buf_append(&cur, dbq_column_blob(s, k), (size_t)len);
		}
		if (!null && have_prev && cur.len == prev.len && memcmp(cur.data, prev.data, cur.len) == 0)
			dups++;
		struct buf t = prev;
		prev = cur;
		cur = t;
		have_prev = !null;
	}
	dbq_finalize(s);
	buf_free(&prev);
	buf_free(&cur);
	if (rc != DBQ_DONE)
		return db_error(st, N_("reading an index"));
	if (dups)
		buf_printf(report, ngettext("index %s: %d key twice in a unique index\n", "index %s: %d keys twice in a unique index\n",
		                            (unsigned long)dups),
		           x->name, dups);
	return dups ? 1 : 0;
}

/* One table: its indexes against its rows. Returns the problems found, or -1. */
static int check_table(struct store *st, const char *tab, bool without_rowid, struct buf *report)
{
	struct index_info *ix = NULL;
	int n = 0, problems = 0;
	int rc = indexes_of(st, tab, &ix, &n);
	if (rc == 0 && n > 0 && without_rowid)
		rc = 1;
	if (rc == 1) { /* integrity_check of this table alone */
		struct buf sql = {0};
		buf_puts(&sql, "SELECT * FROM pragma_integrity_check(");
		buf_putc(&sql, '\'');
		for (const char *p = tab; *p; p++) {
			if (*p == '\'')
				buf_putc(&sql, '\'');
			buf_putc(&sql, *p);
		}
		buf_puts(&sql, "') WHERE integrity_check <> 'ok'");
		rc = db_check_rows(st, report, sql.data, _("integrity"));
		buf_free(&sql);
		problems = rc > 0 ? rc : 0;
		rc = rc < 0 ? -1 : 0;
	} else if (rc == 0 && n > 0) {
		rc = table_pass(st, tab, ix, n);
		for (int i = 0; rc == 0 && i < n; i++) {
			int p = index_pass(st, tab, &ix[i], report);
			if (p < 0) {
				rc = -1;
				break;
			}
			problems += p;
			if (ix[i].n_index != ix[i].n_table || ix[i].sum_index != ix[i].sum_table) {
				buf_printf(report, _("integrity: index %s holds %lld entries, its table %s %lld rows for it%s "
				                     "(REINDEX in sqlite3 rebuilds it)\n"),
				           ix[i].name, (long long)ix[i].n_index, tab, (long long)ix[i].n_table,
				           ix[i].n_index == ix[i].n_table ? _(", and they differ") : "");
				problems++;
			}
		}
	}
	for (int i = 0; i < n; i++)
		index_info_free(&ix[i]);
	free(ix);
	return rc < 0 ? -1 : problems;
}

int db_check_integrity(struct store *st, struct buf *report)
{
	int problems = db_check_rows(st, report, "SELECT * FROM pragma_quick_check WHERE quick_check <> 'ok'",
	                             _("integrity"));
	if (problems < 0)
		return -1;
	if (problems > 0) /* a damaged b-tree: reading the indexes would only repeat it */
		return problems;
	struct dbq *s = db_prepare(st, "SELECT name, sql LIKE '%WITHOUT ROWID%' FROM sqlite_schema WHERE type = 'table' "
	                               "AND name NOT LIKE 'sqlite_%' ORDER BY name");
	if (!s)
		return -1;
	char **tabs = NULL;
	bool *norowid = NULL;
	int n = 0, cap = 0, rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			tabs = xrealloc(tabs, (size_t)cap * sizeof *tabs);
			norowid = xrealloc(norowid, (size_t)cap * sizeof *norowid);
		}
		norowid[n] = dbq_column_int(s, 1) != 0;
		tabs[n++] = dup_col(s, 0);
	}
	dbq_finalize(s);
	if (rc != DBQ_DONE)
		problems = db_error(st, N_("listing the tables"));
	for (int i = 0; i < n; i++) {
		int p = problems < 0 ? 0 : check_table(st, tabs[i], norowid[i], report);
		if (p < 0)
			problems = -1;
		else if (problems >= 0)
			problems += p;
		free(tabs[i]);
	}
	free(tabs);
	free(norowid);
	return problems;
}

/* ---- counters ---------------------------------------------------------------------------------- */

/* An expected counter (from the counters' tables) and the actual one (from the comments). */
struct tally {
	gid a, b;                 /* the key: document, section or (document, disposition/author) */
	int64_t want[3], got[3];  /* n, then pending / roots, handled */
	char *label;              /* a document's code */
};

struct tallies {
	struct tally *t;
	size_t n, cap;
};

static struct tally *tally_add(struct tallies *x, gid a, gid b)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 64;
		x->t = xrealloc(x->t, x->cap * sizeof *x->t);
	}
	struct tally *t = &x->t[x->n++];
	memset(t, 0, sizeof *t);
	t->a = a;
	t->b = b;
	return t;
}

static int tally_cmp(const void *p, const void *q)
{
	const struct tally *x = p, *y = q;
	if (x->a != y->a)
		return x->a < y->a ? -1 : 1;
	return (x->b > y->b) - (x->b < y->b);
}

/* The entry for (a, b): found, or added at the end (sorted again before it is reported). */
static struct tally *tally_at(struct tallies *x, size_t sorted, gid a, gid b)
{
	struct tally key = {.a = a, .b = b};
	struct tally *t = sorted ? bsearch(&key, x->t, sorted, sizeof *x->t, tally_cmp) : NULL;
	for (size_t i = sorted; !t && i < x->n; i++)
		if (x->t[i].a == a && x->t[i].b == b)
			t = &x->t[i];
	return t ? t : tally_add(x, a, b);
}

static int load_tallies(struct store *st, struct tallies *x, const char *sql, int nwant)
{
	struct dbq *s = db_prepare(st, sql);
	if (!s)
		return -1;
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		struct tally *t = tally_add(x, dbq_column_int64(s, 0), dbq_column_int64(s, 1));
		for (int i = 0; i < nwant; i++)
			t->want[i] = dbq_column_int64(s, 2 + i);
		if (!dbq_column_is_null(s, 2 + nwant))
			t->label = dup_col(s, 2 + nwant);
	}
	dbq_finalize(s);
	if (x->n > 1)
		qsort(x->t, x->n, sizeof *x->t, tally_cmp);
	return rc == DBQ_DONE ? 0 : db_error(st, N_("counters"));
}

int db_check_counters(struct store *st, struct buf *report)
{
	enum { DOC, SEC, DISP, AUTH, N };
	struct tallies x[N] = {{0}};
	static const char *const load[N] = {
		"SELECT id, 0, n_comments, n_pending, code FROM document",
		"SELECT id, 0, n_comments, n_pending, NULL FROM section",
		"SELECT document_id, disposition, n, NULL FROM tally_disposition",
		"SELECT document_id, author_id, n, n_roots, n_handled, NULL FROM tally_author",
	};
	static const int nwant[N] = {2, 2, 1, 3};
	int rc = 0;
	size_t sorted[N];
	for (int i = 0; rc == 0 && i < N; i++) {
		rc = load_tallies(st, &x[i], load[i], nwant[i]);
		sorted[i] = x[i].n;
	}
	struct dbq *s = rc ? NULL : db_prepare(st, "SELECT document_id, section_id, author_id, disposition, parent_id IS NULL "
	                                           "FROM comment NOT INDEXED WHERE deleted_at IS NULL");
	if (!rc && !s)
		rc = -1;
	int step = DBQ_DONE;
	while (s && (step = dbq_step(s)) == DBQ_ROW) {
		gid doc = dbq_column_int64(s, 0), sec = dbq_column_int64(s, 1), auth = dbq_column_int64(s, 2);
		int disp = dbq_column_int(s, 3);
		bool root = dbq_column_int(s, 4) != 0, pending = disp == 0;
		struct tally *t = tally_at(&x[DOC], sorted[DOC], doc, 0);
		t->got[0]++;
		t->got[1] += pending;
		if (!dbq_column_is_null(s, 1)) {
			t = tally_at(&x[SEC], sorted[SEC], sec, 0);
			t->got[0]++;
			t->got[1] += pending;
		}
		tally_at(&x[DISP], sorted[DISP], doc, disp)->got[0]++;
		t = tally_at(&x[AUTH], sorted[AUTH], doc, auth);
		t->got[0]++;
		t->got[1] += root;
		t->got[2] += !pending;
	}
	if (s) {
		dbq_finalize(s);
		if (step != DBQ_DONE)
			rc = db_error(st, N_("counters"));
	}
	int problems = 0;
	const char *what = _("counters");
	for (int i = 0; rc == 0 && i < N; i++) {
		if (x[i].n > 1)
			qsort(x[i].t, x[i].n, sizeof *x[i].t, tally_cmp);
		for (size_t k = 0; k < x[i].n; k++) {
			struct tally *t = &x[i].t[k];
			if (memcmp(t->want, t->got, sizeof t->want) == 0)
				continue;
			if (problems++ >= 20)
				continue;
			buf_printf(report, "%s: ", what);
			if (i == DOC)
				buf_printf(report, "document %s: counters say %lld/%lld, comments are %lld/%lld\n",
				           t->label ? t->label : "?", (long long)t->want[0], (long long)t->want[1],
				           (long long)t->got[0], (long long)t->got[1]);
			else if (i == SEC)
				buf_printf(report, "section %lld: counters say %lld/%lld, comments are %lld/%lld\n", (long long)t->a,
				           (long long)t->want[0], (long long)t->want[1], (long long)t->got[0], (long long)t->got[1]);
			else if (i == DISP)
				buf_printf(report, "document %lld, disposition %lld: tally says %lld, comments are %lld\n",
				           (long long)t->a, (long long)t->b, (long long)t->want[0], (long long)t->got[0]);
			else
				buf_printf(report, "document %lld, author %lld: tally says %lld/%lld/%lld, comments are %lld/%lld/%lld\n",
				           (long long)t->a, (long long)t->b, (long long)t->want[0], (long long)t->want[1],
				           (long long)t->want[2], (long long)t->got[0], (long long)t->got[1], (long long)t->got[2]);
		}
	}
	if (problems > 20)
		buf_printf(report, ngettext("%s: %d problem in all\n", "%s: %d problems in all\n", (unsigned long)problems), what,
		           problems);
	for (int i = 0; i < N; i++) {
		for (size_t k = 0; k < x[i].n; k++)
			free(x[i].t[k].label);
		free(x[i].t);
	}
	return rc < 0 ? -1 : problems;
}
