/* store_carry.c — comments of earlier rounds carried over to a later version of a draft,
 * computed from the stored alignments and never copied: where a quoted phrase is now
 * (anchor.h), how many earlier comments each section of a version continues, and the earlier
 * rounds' figures for the overview. The counts read the alignments and the sections' counters
 * in two plain queries and walk the links here: a recursive query cost several times more on a
 * 300-article draft (make bench-carry). */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/anchor.h"
#include "gopy/buf.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "store_internal.h"

int store_version_shown(struct store *st, const struct document *d)
{
	return st->view_version && st->view_version < d->n_versions ? st->view_version : d->n_versions;
}

void quote_place_clear(struct quote_place *p)
{
	free(p->label);
	free(p->text);
	memset(p, 0, sizeof *p);
}

/* The text of a section and everything under it, headings and bodies in order, one a line:
 * a comment on an article may quote any of its khoản. NULL with err_set on failure. */
static char *subtree_text(struct store *st, gid id)
{
	struct dbq *s = db_cached(st, "WITH RECURSIVE sub(id) AS (SELECT ?1\n"
	                                "  UNION ALL SELECT c.id FROM section c JOIN sub ON c.parent_id = sub.id)\n"
	                                "SELECT s.heading, s.body FROM sub JOIN section s ON s.id = sub.id ORDER BY s.position");
	if (!s)
		return NULL;
	dbq_bind_int64(s, 1, id);
	struct buf b = {0};
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		for (int k = 0; k < 2; k++)
			if (db_col_text(s, k) && *db_col_text(s, k)) {
				buf_puts(&b, db_col_text(s, k));
				buf_putc(&b, '\n');
			}
	}
	dbq_reset(s);
	if (rc != DBQ_DONE) {
		buf_free(&b);
		db_error(st, "reading a section's text");
		return NULL;
	}
	buf_putc(&b, '\0'); /* a string even when empty */
	return buf_take(&b);
}

int store_quote_place(struct store *st, gid old_id, const char *quote, int version, gid prefer,
                      struct quote_place *out)
{
	memset(out, 0, sizeof *out);
	out->how = ANCHOR_GONE;
	char *old_text = subtree_text(st, old_id);
	if (!old_text)
		return -1;
	/* the sections of `version` that continue old_id, through every alignment after it */
	struct dbq *s = db_prepare(
		st, "WITH RECURSIVE fwd(id) AS (\n"
		    "  SELECT new_section FROM alignment WHERE old_section = ?1 AND new_section IS NOT NULL\n"
		    "  UNION SELECT a.new_section FROM alignment a JOIN fwd ON a.old_section = fwd.id\n"
		    "    WHERE a.new_section IS NOT NULL)\n"
		    "SELECT s.id, s.full_label FROM fwd JOIN section s ON s.id = fwd.id\n"
		    "WHERE s.version = ?2 ORDER BY s.position");
	if (!s) {
		free(old_text);
		return -1;
	}
	dbq_bind_int64(s, 1, old_id);
	dbq_bind_int(s, 2, version);
	double best = -1;
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		char *text = subtree_text(st, dbq_column_int64(s, 0));
		if (!text)
			break;
		struct anchor a = text_anchor(quote, old_text, text);
		gid id = dbq_column_int64(s, 0);
		/* exact before context before fuzzy, then the better likeness, then the preferred */
		double v = a.how == ANCHOR_GONE ? -1 : (3 - (int)a.how) * 2 + a.score + (id == prefer ? 0.5 : 0);
		if (v > best) {
			best = v;
			quote_place_clear(out);
			out->how = a.how;
			if (a.how != ANCHOR_GONE) {
				out->section_id = id;
				out->label = xstrdup(db_col_text(s, 1) ? db_col_text(s, 1) : "");
				out->text = xstrndup(text + a.start, a.end - a.start);
			}
		}
		free(text);
	}
	dbq_finalize(s);
	free(old_text);
	if (rc == DBQ_ROW)
		return -1; /* subtree_text said why */
	return rc == DBQ_DONE ? 0 : db_error(st, "finding a quoted phrase");
}

/* A link of the stored alignments, new section → the old section it continues. */
struct link {
	gid new_id, old_id;
	int new_version;
};

static int cmp_link(const void *a, const void *b)
{
	const struct link *x = a, *y = b;
	if (x->new_id != y->new_id)
		return x->new_id < y->new_id ? -1 : 1;
	return x->old_id < y->old_id ? -1 : x->old_id > y->old_id;
}

struct counted {
	gid id;
	int64_t n, pending;
	int version;
	bool reached;               /* some section of the version walked from continues it */
};

static int cmp_counted(const void *a, const void *b)
{
	gid x = ((const struct counted *)a)->id, y = ((const struct counted *)b)->id;
	return x < y ? -1 : x > y;
}

/* The links of doc_id's alignments up to `version` (sorted), and its earlier sections with
 * live comments (sorted by id): two plain reads, the walk is done here (a recursive query
 * over a 300-article draft costs several times more). */
static int read_links(struct store *st, gid doc_id, int version, struct link **links, size_t *nl,
                      struct counted **cs, size_t *nc)
{
	*links = NULL, *cs = NULL, *nl = *nc = 0;
	size_t cap = 0;
	struct dbq *s = db_cached(st, "SELECT new_section, old_section, new_version FROM alignment WHERE document_id = ?1 "
	                              "AND new_version <= ?2 AND new_section IS NOT NULL AND old_section IS NOT NULL");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	dbq_bind_int(s, 2, version);
	int rc;
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		if (*nl == cap) {
			cap = cap ? 2 * cap : 256;
			*links = xrealloc(*links, cap * sizeof **links);
		}
		(*links)[(*nl)++] = (struct link){dbq_column_int64(s, 0), dbq_column_int64(s, 1), dbq_column_int(s, 2)};
	}
	dbq_reset(s);
	if (rc != DBQ_DONE)
		return db_error(st, "reading the alignments");
	if (*nl > 1) /* qsort(NULL, 0, …) is undefined */
		qsort(*links, *nl, sizeof **links, cmp_link);
	cap = 0;
	/* one pass over the table (+: no index, whose every row would be a seek by a random id) */
	s = db_cached(st, "SELECT id, n_comments, n_pending, version FROM section WHERE +document_id = ?1 "
	                  "AND version < ?2 AND n_comments > 0");
	if (!s)
		return -1;
	dbq_bind_int64(s, 1, doc_id);
	dbq_bind_int(s, 2, version);
	while ((rc = dbq_step(s)) == DBQ_ROW) {
		if (*nc == cap) {
			cap = cap ? 2 * cap : 256;
			*cs = xrealloc(*cs, cap * sizeof **cs);
		}
		(*cs)[(*nc)++] = (struct counted){dbq_column_int64(s, 0), dbq_column_int64(s, 1), dbq_column_int64(s, 2),
		                                  dbq_column_int(s, 3), false};
	}
	dbq_reset(s);
	if (rc != DBQ_DONE)
		return db_error(st, "counting earlier comments");
	if (*nc > 1)
		qsort(*cs, *nc, sizeof **cs, cmp_counted);
	return 0;
}

/* From each section of `version` (the new side of its links), back through every link: visit
 * each (section, earlier section with comments) pair once; visit returns nonzero to stop. */
static int walk(const struct link *links, size_t nl, struct counted *cs, size_t nc, int version,
                int (*visit)(void *ctx, gid start, struct counted *c), void *ctx)
{
	gid *todo = xcalloc(nl + 1, sizeof *todo), *seen = xcalloc(nl + 1, sizeof *seen);
	int rc = 0;
	for (size_t k = 0; rc == 0 && k < nl; k++) {
		if (links[k].new_version != version || (k > 0 && links[k - 1].new_id == links[k].new_id))
			continue;
		gid start = links[k].new_id;
		size_t ntodo = 0, nseen = 0;
		todo[ntodo++] = start;
		while (ntodo && rc == 0) {
			struct link key = {todo[--ntodo], INT64_MIN, 0};
			size_t lo = 0, hi = nl;
			while (lo < hi) { /* the first link of key.new_id */
				size_t mid = (lo + hi) / 2;
				if (cmp_link(&links[mid], &key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; rc == 0 && lo < nl && links[lo].new_id == key.new_id; lo++) {
				gid old = links[lo].old_id;
				bool known = false;
				for (size_t v = 0; v < nseen && !known; v++)
					known = seen[v] == old;
				if (known || nseen == nl)
					continue;
				seen[nseen++] = old;
				todo[ntodo++] = old;
				struct counted want = {.id = old};
				struct counted *c = nc ? bsearch(&want, cs, nc, sizeof *cs, cmp_counted) : NULL;
				if (c)
					rc = visit(ctx, start, c);
			}
		}
	}
	free(todo);
	free(seen);
	return rc;
}

struct reach_visit {
	int (*cb)(void *ctx, gid section_id, gid old_id, int64_t n, int64_t pending);
	void *ctx;
};

static int reach_visit(void *ctx, gid start, struct counted *c)
{
	struct reach_visit *r = ctx;
	return r->cb(r->ctx, start, c->id, c->n, c->pending);
}

int store_earlier_reach(struct store *st, gid doc_id, int version,
                        int (*cb)(void *ctx, gid section_id, gid old_id, int64_t n, int64_t pending), void *ctx)
{
	if (version < 2)
		return 0;
	struct link *links;
	struct counted *cs;
	size_t nl, nc;
	int rc = read_links(st, doc_id, version, &links, &nl, &cs, &nc);
	struct reach_visit r = {cb, ctx};
	if (rc == 0)
		walk(links, nl, cs, nc, version, reach_visit, &r);
	free(links);
	free(cs);
	return rc;
}

static int mark_reached(void *ctx, gid start, struct counted *c)
{
	(void)ctx;
	(void)start;
	c->reached = true;
	return 0;
}

int store_earlier_rounds(struct store *st, gid doc_id, int version,
                         int (*cb)(void *ctx, const struct earlier_round *r), void *ctx)
{
	if (version < 2)
		return 0;
	/* each earlier comment once, by the section it was made on: carried when some section of
	 * the version continues that section, else on a removed one */
	struct link *links;
	struct counted *cs;
	size_t nl, nc;
	int rc = read_links(st, doc_id, version, &links, &nl, &cs, &nc);
	if (rc == 0)
		walk(links, nl, cs, nc, version, mark_reached, NULL);
	struct dbq *s = rc == 0 ? db_prepare(st, "SELECT number, label FROM version WHERE document_id = ?1 "
	                                         "AND number < ?2 ORDER BY number")
	                        : NULL;
	if (s) {
		dbq_bind_int64(s, 1, doc_id);
		dbq_bind_int(s, 2, version);
		while ((rc = dbq_step(s)) == DBQ_ROW) {
			struct earlier_round r = {
				.version = dbq_column_int(s, 0),
				.label = db_col_text(s, 1) ? db_col_text(s, 1) : "",
			};
			for (size_t k = 0; k < nc; k++)
				if (cs[k].version == r.version) {
					*(cs[k].reached ? &r.n_carried : &r.n_removed) += cs[k].n;
					*(cs[k].reached ? &r.pending_carried : &r.pending_removed) += cs[k].pending;
				}
			if (cb(ctx, &r))
				break;
		}
		rc = rc == DBQ_ROW || rc == DBQ_DONE ? 0 : db_error(st, "counting earlier rounds");
		dbq_finalize(s);
	} else {
		rc = -1;
	}
	free(links);
	free(cs);
	return rc;
}
