/* SPDX-License-Identifier: GPL-3.0-or-later */
/* store_search.c — diacritic-insensitive search of comments (and of section text).
 *
 * Comment bodies are indexed by a standard FTS5 table (comment_fts: unicode61 with
 * remove_diacritics 2, external content on the comment table, kept by plain SQL triggers),
 * so the file stays readable and writable by the stock sqlite3 shell and a comment inserted
 * there is searchable at once. That tokenizer folds case and every Vietnamese vowel mark but
 * keeps đ and ð as letters of their own; the program folds the query (text_fold: đ → d) and
 * asks for every spelling of each d: "dang uy" becomes ("dang uy" OR "đang uy" OR ...).
 * Hits come in insertion order (the FTS rowid is the comment's seq), so a search streams:
 * the first screen of hits costs the same whatever the number of comments. Sections are few
 * and are scanned. */
#include "store_internal.h"
#include "pg.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

/* The letters the tokenizer keeps apart but text_fold() maps to d. */
static const char *const d_spellings[] = {"d", "đ", "ð"};
#define MAX_PHRASES 81

/* Every spelling of one folded word, each d as d, đ or ð while the count stays within
 * budget; written to out[0..], returns how many. */
static size_t word_spellings(const char *w, size_t wl, size_t budget, struct buf *out)
{
	size_t n = 1;
	out[0] = (struct buf){0};
	buf_puts(&out[0], "");
	for (size_t i = 0; i < wl; i++) {
		if (w[i] == 'd' && n * 3 <= budget) {
			for (size_t k = 1; k < 3; k++)
				for (size_t v = 0; v < n; v++) {
					out[k * n + v] = (struct buf){0};
					buf_append(&out[k * n + v], out[v].data, out[v].len);
					buf_puts(&out[k * n + v], d_spellings[k]);
				}
			for (size_t v = 0; v < n; v++)
				buf_putc(&out[v], 'd');
			n *= 3;
		} else {
			for (size_t v = 0; v < n; v++)
				buf_putc(&out[v], w[i] == '"' ? '\'' : w[i]);
		}
	}
	return n;
}

char *search_match_expr(const char *folded)
{
	struct buf phrases[MAX_PHRASES], next[MAX_PHRASES], spell[MAX_PHRASES];
	size_t n = 1, words = 0;
	phrases[0] = (struct buf){0};
	buf_puts(&phrases[0], "");
	const char *p = folded;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		size_t m = word_spellings(w, (size_t)(p - w), MAX_PHRASES / n, spell), nn = 0;
		for (size_t a = 0; a < n; a++)
			for (size_t b = 0; b < m; b++) {
				next[nn] = (struct buf){0};
				buf_append(&next[nn], phrases[a].data, phrases[a].len);
				if (words)
					buf_putc(&next[nn], ' ');
				buf_append(&next[nn], spell[b].data, spell[b].len);
				nn++;
			}
		for (size_t a = 0; a < n; a++)
			buf_free(&phrases[a]);
		for (size_t b = 0; b < m; b++)
			buf_free(&spell[b]);
		memcpy(phrases, next, nn * sizeof *next);
		n = nn;
		words++;
	}
	struct buf expr = {0};
	for (size_t i = 0; i < n; i++) {
		if (words)
			buf_printf(&expr, "%s\"%s\"", i ? " OR " : "", phrases[i].data);
		buf_free(&phrases[i]);
	}
	if (!words)
		return NULL;
	return buf_take(&expr);
}

int search_check(struct store *st, struct buf *report)
{
	if (st->pg)
		return pg_search_check(st, report);
	if (st->readonly)
		return 0;
	/* FTS5's own check; rank 1 makes it compare the index with the comment table too. */
	if (db_exec(st, "SAVEPOINT fts_check") != 0)
		return -1;
	int problems = 0;
	char *msg = NULL;
	if (sqlite3_exec(st->db, "INSERT INTO comment_fts(comment_fts, rank) VALUES ('integrity-check', 1)", NULL, NULL,
	                 &msg) != SQLITE_OK) {
		buf_printf(report, _("search: the full-text index does not match the comments (%s); "
		                     "'gopy check' cannot repair it, but INSERT INTO comment_fts(comment_fts) "
		                     "VALUES ('rebuild') in sqlite3 does\n"),
		           msg ? msg : "?");
		problems++;
	}
	sqlite3_free(msg);
	db_exec_quiet(st, "ROLLBACK TO fts_check; RELEASE fts_check");
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
	while (from < len && text_find(text, len, folded, casefold != NULL, casefold, from, &a, &b)) {
		if (!word_char_before(text, a) && !word_char_at(text, len, b))
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

	/* CROSS JOIN keeps the index as the outer loop: hits stream in its (insertion) order. */
	static const char *const sql[2] = {
		"SELECT c.id, c.document_id, c.section_id, d.code, coalesce(s.full_label, ''), a.name, a.unit, c.created_at, "
		"c.body FROM comment_fts f CROSS JOIN comment c ON c.seq = f.rowid JOIN document d ON d.id = c.document_id "
		"LEFT JOIN delegate a ON a.id = c.author_id LEFT JOIN section s ON s.id = c.section_id "
		"WHERE comment_fts MATCH ?1 AND c.deleted_at IS NULL AND (?2 = 0 OR c.document_id = ?2) ORDER BY f.rowid",
		"SELECT s.id, s.document_id, s.id, d.code, s.full_label, NULL, NULL, NULL, "
		"s.label || ' ' || s.heading || char(10) || s.body FROM section s JOIN document d ON d.id = s.document_id "
		"WHERE (?2 = 0 OR s.document_id = ?2) AND s.version = d.n_versions ORDER BY d.created_at, d.code, s.position",
	};
	/* On a server: the folded words of each comment in a GIN-indexed tsvector (pg_schema.c);
	 * the query's folded words as one phrase. */
	static const char *const sql_pg[2] = {
		"SELECT c.id, c.document_id, c.section_id, d.code, coalesce(s.full_label, ''), a.name, a.unit, c.created_at, "
		"c.body FROM comment c JOIN document d ON d.id = c.document_id "
		"LEFT JOIN delegate a ON a.id = c.author_id LEFT JOIN section s ON s.id = c.section_id "
		"WHERE c.search @@ phraseto_tsquery('simple', ?1) AND c.deleted_at IS NULL "
		"AND (?2 = 0 OR c.document_id = ?2) ORDER BY c.seq",
		"SELECT s.id, s.document_id, s.id, d.code, s.full_label, NULL, NULL, NULL, "
		"s.label || ' ' || s.heading || chr(10) || s.body FROM section s JOIN document d ON d.id = s.document_id "
		"WHERE (?2 = 0 OR s.document_id = ?2) AND s.version = d.n_versions ORDER BY d.created_at, d.code, s.position",
	};
	/* With a limit and nothing to check here, the server is told it: the first hits in order
	 * come at once (it would otherwise sort every hit first when it guesses few). */
	static const char sql_pg_first[] =
		"SELECT c.id, c.document_id, c.section_id, d.code, coalesce(s.full_label, ''), a.name, a.unit, c.created_at, "
		"c.body FROM comment c JOIN document d ON d.id = c.document_id "
		"LEFT JOIN delegate a ON a.id = c.author_id LEFT JOIN section s ON s.id = c.section_id "
		"WHERE c.search @@ phraseto_tsquery('simple', ?1) AND c.deleted_at IS NULL "
		"AND (?2 = 0 OR c.document_id = ?2) ORDER BY c.seq LIMIT ?3";
	bool first = st->pg && !exact && limit > 0;
	int rc = 0;
	int64_t n = 0;
	bool stop = false;
	for (int k = 0; k < 2 && rc == 0 && !stop; k++) {
		struct dbq *s = db_prepare(st, !st->pg ? sql[k] : k == 0 && first ? sql_pg_first : sql_pg[k]);
		if (!s) {
			rc = -1;
			break;
		}
		if (k == 0)
			dbq_bind_text(s, 1, st->pg ? folded : expr, -1);
		dbq_bind_int64(s, 2, doc_id);
		if (k == 0 && first)
			dbq_bind_int64(s, 3, limit);
		int step;
		while ((step = dbq_step(s)) == DBQ_ROW) {
			struct search_hit h = {
				.is_comment = k == 0,
				.id = dbq_column_int64(s, 0),
				.doc_id = dbq_column_int64(s, 1),
				.section_id = dbq_column_int64(s, 2),
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
			/* Comments: the index matched the words; an exact search also wants the marks.
			 * Sections: scanned here, word by word as the index would. */
			if (exact ? !search_exact_match(h.text, folded, exact)
			          : k == 1 && !search_exact_match(h.text, folded, NULL))
				continue;
			if (cb(ctx, &h) || (limit > 0 && ++n >= limit)) {
				stop = true;
				break;
			}
		}
		if (!stop && step != DBQ_DONE)
			rc = db_error(st, N_("searching"));
		dbq_finalize(s);
	}
	free(exact);
	free(expr);
	free(folded);
	return rc;
}
