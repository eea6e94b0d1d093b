/* store_search.c — the diacritic-insensitive search index and queries.
 *
 * Each comment body and section text is folded by the program (text_fold: no marks, no
 * case, đ → d) into search_text and indexed by a standard FTS5 table (search_fts, external
 * content), so the file stays readable and writable by the stock sqlite3 shell. Triggers
 * queue every row that changes (search_queue); gopy indexes its own writes at once and
 * whatever other tools wrote the next time it opens the file. */
#include "store_internal.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

enum { KIND_COMMENT = 0, KIND_SECTION = 1 };

char *search_match_expr(const char *folded)
{
	struct buf b = {0};
	const char *p = folded, *last = NULL;
	size_t last_len = 0;
	int words = 0;
	buf_putc(&b, '"');
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		if (words++)
			buf_putc(&b, ' ');
		for (const char *c = w; c < p; c++) {
			if (*c == '"')
				buf_putc(&b, '"');
			buf_putc(&b, *c);
		}
		last = w;
		last_len = (size_t)(p - w);
	}
	if (!words) {
		buf_free(&b);
		return NULL;
	}
	buf_putc(&b, '"');
	(void)last;
	if (last_len >= 3)
		buf_putc(&b, '*');
	return buf_take(&b);
}

/* Remove id from the index (if there) using the folded text stored for it. */
static int unindex(struct store *st, gid id)
{
	sqlite3_stmt *s = db_cached(st, "SELECT folded FROM search_text WHERE id = ?");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		char *old = db_col_strdup(s, 0, true);
		sqlite3_reset(s);
		sqlite3_stmt *d = db_cached(st, "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', ?, ?)");
		int r = -1;
		if (d) {
			sqlite3_bind_int64(d, 1, id);
			sqlite3_bind_text(d, 2, old, -1, SQLITE_STATIC);
			r = db_step_done(st, d, "updating the search index");
		}
		free(old);
		if (r != 0)
			return -1;
		d = db_cached(st, "DELETE FROM search_text WHERE id = ?");
		if (!d)
			return -1;
		sqlite3_bind_int64(d, 1, id);
		return db_step_done(st, d, "updating the search index");
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, "reading the search index");
}

static int index_text(struct store *st, gid id, int kind, gid doc, const char *text)
{
	char *folded = text_fold(text, strlen(text));
	sqlite3_stmt *s = db_cached(st, "INSERT INTO search_text(id, kind, document_id, folded) VALUES (?, ?, ?, ?)");
	int rc = -1;
	if (s) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int(s, 2, kind);
		sqlite3_bind_int64(s, 3, doc);
		sqlite3_bind_text(s, 4, folded, -1, SQLITE_STATIC);
		rc = db_step_done(st, s, "updating the search index");
	}
	if (rc == 0 && (s = db_cached(st, "INSERT INTO search_fts(rowid, folded) VALUES (?, ?)")) != NULL) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, folded, -1, SQLITE_STATIC);
		rc = db_step_done(st, s, "updating the search index");
	} else if (rc == 0) {
		rc = -1;
	}
	free(folded);
	return rc;
}

int search_index_new_comment(struct store *st, gid id, gid doc, const char *body)
{
	if (index_text(st, id, KIND_COMMENT, doc, body) != 0)
		return -1;
	sqlite3_stmt *d = db_cached(st, "DELETE FROM search_queue WHERE id = ?");
	if (!d)
		return -1;
	sqlite3_bind_int64(d, 1, id);
	return db_step_done(st, d, "updating the search index");
}

/* Bring the index entry of one queued row up to date with its table. */
static int reindex(struct store *st, gid id, int kind)
{
	if (unindex(st, id) != 0)
		return -1;
	sqlite3_stmt *s = kind == KIND_COMMENT
		? db_cached(st, "SELECT document_id, body FROM comment WHERE id = ? AND deleted_at IS NULL")
		: db_cached(st, "SELECT document_id, label || ' ' || heading || char(10) || body FROM section WHERE id = ?");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		gid doc = sqlite3_column_int64(s, 0);
		char *text = db_col_strdup(s, 1, true);
		sqlite3_reset(s);
		rc = index_text(st, id, kind, doc, text);
		free(text);
		return rc;
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_error(st, "reading text to index");
}

/* Delegates added by other tools have no sort key yet. */
static int fill_sort_keys(struct store *st)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT id, name FROM delegate WHERE sort_key IS NULL LIMIT 1000");
	if (!s)
		return -1;
	gid ids[1000];
	char *names[1000];
	int n = 0, rc;
	while (n < 1000 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		ids[n] = sqlite3_column_int64(s, 0);
		names[n++] = db_col_strdup(s, 1, true);
	}
	sqlite3_finalize(s);
	int result = 0;
	for (int i = 0; i < n; i++) {
		unsigned char *key = NULL;
		size_t klen = text_sort_key(names[i], strlen(names[i]), &key);
		sqlite3_stmt *u = db_cached(st, "UPDATE delegate SET sort_key = ? WHERE id = ?");
		if (!u || result) {
			result = -1;
		} else {
			sqlite3_bind_blob(u, 1, key, (int)klen, SQLITE_TRANSIENT);
			sqlite3_bind_int64(u, 2, ids[i]);
			result = db_step_done(st, u, "updating delegates");
		}
		free(key);
		free(names[i]);
	}
	return result;
}

int search_sync(struct store *st)
{
	if (fill_sort_keys(st) != 0)
		return -1;
	for (;;) {
		sqlite3_stmt *s = db_cached(st, "SELECT id, kind FROM search_queue LIMIT 256");
		if (!s)
			return -1;
		gid ids[256];
		int kinds[256], n = 0, rc;
		while (n < 256 && (rc = sqlite3_step(s)) == SQLITE_ROW) {
			ids[n] = sqlite3_column_int64(s, 0);
			kinds[n++] = sqlite3_column_int(s, 1);
		}
		sqlite3_reset(s);
		if (n == 0)
			return 0;
		for (int i = 0; i < n; i++) {
			if (reindex(st, ids[i], kinds[i]) != 0)
				return -1;
			sqlite3_stmt *d = db_cached(st, "DELETE FROM search_queue WHERE id = ?");
			if (!d)
				return -1;
			sqlite3_bind_int64(d, 1, ids[i]);
			if (db_step_done(st, d, "updating the search index") != 0)
				return -1;
		}
	}
}

int search_check(struct store *st, struct buf *report)
{
	int problems = 0;
	sqlite3_stmt *s = db_prepare(st, "SELECT count(*) FROM search_queue");
	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0) {
		buf_printf(report, _("search: %lld rows wait to be indexed (they will be when gopy opens the file for writing)\n"),
		           (long long)sqlite3_column_int64(s, 0));
	}
	sqlite3_finalize(s);
	/* every live comment and section has its folded text, equal to a fresh fold */
	s = db_prepare(st, "SELECT c.id, c.body, t.folded FROM comment c LEFT JOIN search_text t ON t.id = c.id "
	                   "WHERE c.deleted_at IS NULL AND c.id NOT IN (SELECT id FROM search_queue)");
	if (!s)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *body = db_col_text(s, 1), *folded = db_col_text(s, 2);
		char *f = text_fold(body ? body : "", (size_t)sqlite3_column_bytes(s, 1));
		if (!folded || strcmp(f, folded) != 0) {
			if (problems < 10)
				buf_printf(report, _("search: comment %lld is not indexed as its text reads\n"),
				           (long long)sqlite3_column_int64(s, 0));
			problems++;
		}
		free(f);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_error(st, "checking the search index");
	s = db_prepare(st, "SELECT count(*) FROM search_text t WHERE t.kind = 0 AND NOT EXISTS (SELECT 1 FROM comment c "
	                   "WHERE c.id = t.id AND c.deleted_at IS NULL) AND t.id NOT IN (SELECT id FROM search_queue)");
	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) > 0) {
		buf_printf(report, _("search: %lld index entries for deleted or missing comments\n"),
		           (long long)sqlite3_column_int64(s, 0));
		problems++;
	}
	sqlite3_finalize(s);
	if (!st->readonly) {
		/* FTS5's own check; rank 1 makes it compare the index with search_text too (without
		 * it an index missing rows passes). Run it and undo. */
		if (db_exec(st, "SAVEPOINT fts_check") != 0)
			return -1;
		char *msg = NULL;
		if (sqlite3_exec(st->db, "INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 1)", NULL, NULL,
		                 &msg) != SQLITE_OK) {
			buf_printf(report, _("search: full-text index damaged: %s\n"), msg ? msg : "?");
			problems++;
		}
		sqlite3_free(msg);
		sqlite3_exec(st->db, "ROLLBACK TO fts_check; RELEASE fts_check", NULL, NULL, NULL);
	}
	return problems;
}

/* ---- queries ----------------------------------------------------------------------- */

/* Is the character just before byte `at` (combining marks skipped) a letter or digit? */
static bool word_char_before(const char *s, size_t at)
{
	while (at > 0) {
		size_t b = at - 1;
		while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
			b--;
		int32_t cp;
		text_decode(s + b, at - b, &cp);
		if (cp >= 0x300 && cp <= 0x36F) {
			at = b;
			continue;
		}
		char *f = text_fold(s + b, at - b);
		bool w = *f != '\0';
		free(f);
		return w;
	}
	return false;
}

/* Is the character at byte `at` a letter or digit? */
static bool word_char_at(const char *s, size_t len, size_t at)
{
	if (at >= len)
		return false;
	int32_t cp;
	size_t n = text_decode(s + at, len - at, &cp);
	char *f = text_fold(s + at, n);
	bool w = *f != '\0';
	free(f);
	return w;
}

bool search_exact_match(const char *text, const char *folded, const char *casefold)
{
	size_t len = strlen(text), from = 0, a, b;
	const char *last = strrchr(folded, ' ');
	bool prefix = strlen(last ? last + 1 : folded) >= 3; /* as search_match_expr */
	while (from < len && text_find(text, len, folded, true, casefold, from, &a, &b)) {
		if (!word_char_before(text, a) && (prefix || !word_char_at(text, len, b)))
			return true;
		int32_t cp;
		from = a + text_decode(text + a, len - a, &cp);
	}
	return false;
}

int store_search(struct store *st, const char *query, enum search_mode mode, gid doc_id, int64_t limit,
                 int (*cb)(void *ctx, const struct search_hit *h), void *ctx, enum search_mode *mode_used)
{
	char *folded = text_fold(query, strlen(query));
	char *expr = search_match_expr(folded);
	if (!expr) {
		free(folded);
		return err_set(_("the search has no letters or digits to look for"));
	}
	if (mode == SEARCH_AUTO)
		mode = text_has_diacritics(query, strlen(query)) ? SEARCH_EXACT : SEARCH_FOLD;
	if (mode_used)
		*mode_used = mode;
	char *exact = mode == SEARCH_EXACT ? text_casefold(query, strlen(query)) : NULL;

	static const char *const sql[2] = {
		"SELECT c.id, c.document_id, c.section_id, d.code, coalesce(s.full_label, ''), a.name, a.unit, c.created_at, "
		"c.body FROM comment c JOIN document d ON d.id = c.document_id LEFT JOIN delegate a ON a.id = c.author_id "
		"LEFT JOIN section s ON s.id = c.section_id "
		"WHERE c.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?1) AND c.deleted_at IS NULL "
		"AND (?2 = 0 OR c.document_id = ?2) ORDER BY d.created_at, d.code, c.created_at, c.id",
		"SELECT s.id, s.document_id, s.id, d.code, s.full_label, NULL, NULL, NULL, "
		"s.label || ' ' || s.heading || char(10) || s.body FROM section s JOIN document d ON d.id = s.document_id "
		"WHERE s.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?1) AND (?2 = 0 OR s.document_id = ?2) "
		"ORDER BY d.created_at, d.code, s.position",
	};
	int rc = 0;
	int64_t n = 0;
	bool stop = false;
	for (int k = 0; k < 2 && rc == 0 && !stop; k++) {
		sqlite3_stmt *s = db_prepare(st, sql[k]);
		if (!s) {
			rc = -1;
			break;
		}
		sqlite3_bind_text(s, 1, expr, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, doc_id);
		int step;
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			struct search_hit h = {
				.is_comment = k == 0,
				.id = sqlite3_column_int64(s, 0),
				.doc_id = sqlite3_column_int64(s, 1),
				.section_id = sqlite3_column_int64(s, 2),
				.doc_code = db_col_text(s, 3),
				.section_label = db_col_text(s, 4),
				.author_name = db_col_text(s, 5),
				.author_unit = db_col_text(s, 6),
				.created_at = db_col_text(s, 7),
				.text = db_col_text(s, 8),
			};
			if (!h.text)
				h.text = "";
			if (!h.section_label)
				h.section_label = "";
			/* The index matched the folded words; an exact search also wants the marks. */
			if (exact && !search_exact_match(h.text, folded, exact))
				continue;
			if (cb(ctx, &h) || (limit > 0 && ++n >= limit)) {
				stop = true;
				break;
			}
		}
		if (!stop && step != SQLITE_DONE)
			rc = db_error(st, "searching");
		sqlite3_finalize(s);
	}
	free(exact);
	free(expr);
	free(folded);
	return rc;
}
