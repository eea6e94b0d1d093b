/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_thread.c — the thread view: the comments of a section, of the general discussion or of
 * the whole document as an indented tree, paged from disk.
 *
 * Only a window of rows around the screen is held (at most WIN_MAX comments), filled with
 * keyset queries (store_comment_page) before and after it, so that a keystroke costs the
 * same at comment 10 as at comment 10,000,000. Collapsing a subtree skips it with one
 * PAGE_AFTER_SUBTREE query; paging backwards, a row inside a collapsed subtree is replaced by
 * the collapsed comment and paging resumes before it. Subtree membership uses the thread
 * key: a materialized path, so a descendant's key starts with its ancestor's key. */
#include "ui_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/carry.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/merge.h"
#include "gopy/text.h"

#define WIN_MAX 400    /* comments kept in memory at most */
/* A count under a limit, or of the search's matches, is made before the screen is drawn only
 * when the view's scope holds at most this many comments (a few milliseconds of reading; a
 * text's matches are each looked up in the search index, about ten times dearer); past it the
 * idle work counts, giving way to keys. */
#define COUNT_NOW 2000
#define COUNT_NOW_TEXT 200
#define BATCH 48       /* rows read ahead past the screen; rows per query backward */

struct titem {
	struct comment c;         /* owned deep copy (c.key points to key) */
	unsigned char *key;
	char *body;               /* sanitised, LF kept; "(comment deleted)" for deleted ones */
	char *resp;               /* sanitised response line, NULL if none */
	char *qnote;              /* sanitised: where its quoted phrase is in the newest version
	                             (a comment of an earlier round), NULL if none */
	bool qnote_done;          /* qnote was looked up */
	int height, hwidth;       /* cached screen lines at width hwidth */
	int64_t hidden;           /* replies at every depth (asked when collapsed), -1 not yet */
	int64_t conflicts;        /* open conflicts between merged copies about it, -1 not asked yet */
};

struct thread {
	struct view v;
	struct document doc;
	struct comment_query q;
	char *label;              /* sanitised section label, NULL for general/document */
	struct titem *it;         /* the window, in display order */
	int n, cap;
	int sel, top;
	bool at_start, at_end;    /* the window reaches the first / last visible row */
	struct titem *col;        /* explicitly collapsed comments (owned copies) */
	int ncol, capcol;
	bool collapse_all;        /* every thread root collapsed except those in exp */
	gid *exp;
	int nexp, capexp;
	gid mark_id;              /* incremental search start */
	int mark_above;
	int64_t count, pending;   /* comments in scope */
	int64_t scope_n;          /* comments in the scope without the limit (maintained counters) */
	struct idset tags;        /* tagged comment ids (issue 4, ui_tags.c) */
	struct ui_limit limit;    /* l (ui_limit.c); with one the list is flat */
	enum comment_scope scope0; /* the scope the view was opened with (a ~s limit changes q's) */
	struct store *st;
	int carry_version;        /* a revised draft: the version shown, where the quotes of
	                             comments made on earlier ones are looked for (carry.h); else 0 */
	gid section0;
};

/* ---- comment copies ---------------------------------------------------------------------- */

static char *dupn(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void item_set(struct titem *it, const struct comment *c)
{
	memset(it, 0, sizeof *it);
	it->c = *c;
	it->c.author_code = dupn(c->author_code);
	it->c.author_name = dupn(c->author_name);
	it->c.author_unit = dupn(c->author_unit);
	it->c.entered_by_name = dupn(c->entered_by_name);
	it->c.body = dupn(c->body);
	it->c.quote = dupn(c->quote);
	it->c.created_at = dupn(c->created_at);
	it->c.edited_at = dupn(c->edited_at);
	it->c.deleted_at = dupn(c->deleted_at);
	it->c.response = dupn(c->response);
	it->c.handled_by_name = dupn(c->handled_by_name);
	it->c.handled_at = dupn(c->handled_at);
	it->c.section_label = dupn(c->section_label);
	it->key = xmalloc(c->key_len ? c->key_len : 1);
	if (c->key_len)
		memcpy(it->key, c->key, c->key_len);
	it->c.key = it->key;
	it->hidden = -1;
	it->conflicts = -1;
	if (c->deleted_at)
		it->body = xstrdup(_("(comment deleted)"));
	else
		it->body = text_sanitize_lines(c->body ? c->body : "", c->body ? strlen(c->body) : 0);
	if (c->response && c->response[0] && !c->deleted_at) {
		struct buf b = { 0 };
		char *r = text_sanitize_lines(c->response, strlen(c->response));
		buf_printf(&b, "↳ %s", _("Response"));
		if (c->handled_by_name) {
			char when[40] = "";
			if (c->handled_at)
				time_show(c->handled_at, when, sizeof when);
			buf_printf(&b, " (%s%s%s)", c->handled_by_name, when[0] ? ", " : "", when);
		}
		buf_printf(&b, ": %s", r);
		free(r);
		char *s = text_sanitize_lines(b.data, b.len);
		buf_free(&b);
		it->resp = s;
	}
}

static void item_free(struct titem *it)
{
	struct comment *c = &it->c;
	free(c->author_code);
	free(c->author_name);
	free(c->author_unit);
	free(c->entered_by_name);
	free(c->body);
	free(c->quote);
	free(c->created_at);
	free(c->edited_at);
	free(c->deleted_at);
	free(c->response);
	free(c->handled_by_name);
	free(c->handled_at);
	free(c->section_label);
	free(it->key);
	free(it->body);
	free(it->resp);
	free(it->qnote);
	memset(it, 0, sizeof *it);
}

static void win_clear(struct thread *t)
{
	for (int i = 0; i < t->n; i++)
		item_free(&t->it[i]);
	t->n = t->sel = t->top = 0;
	t->at_start = t->at_end = false;
}

static void win_reserve(struct thread *t, int more)
{
	if (t->n + more > t->cap) {
		t->cap = t->n + more + 64;
		t->it = xrealloc(t->it, (size_t)t->cap * sizeof *t->it);
	}
}

/* ---- collapse state ------------------------------------------------------------------------ */

static bool ids_has(const gid *ids, int n, gid id)
{
	for (int i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

static void ids_add(gid **ids, int *n, int *cap, gid id)
{
	if (ids_has(*ids, *n, id))
		return;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*ids = xrealloc(*ids, (size_t)*cap * sizeof **ids);
	}
	(*ids)[(*n)++] = id;
}

static void ids_del(gid *ids, int *n, gid id)
{
	for (int i = 0; i < *n; i++)
		if (ids[i] == id) {
			ids[i] = ids[--*n];
			return;
		}
}

static bool threaded(const struct thread *t)
{
	return t->q.order == ORDER_THREAD && !ui_limit_active(&t->limit);
}

static int col_index(const struct thread *t, gid id)
{
	for (int i = 0; i < t->ncol; i++)
		if (t->col[i].c.id == id)
			return i;
	return -1;
}

static bool is_collapsed(const struct thread *t, const struct comment *c)
{
	if (!threaded(t) || c->n_replies == 0)
		return false;
	if (col_index(t, c->id) >= 0)
		return true;
	return t->collapse_all && c->depth == 0 && !ids_has(t->exp, t->nexp, c->id);
}

static bool key_prefix(const struct comment *anc, const struct comment *c)
{
	return anc->key_len < c->key_len && memcmp(anc->key, c->key, anc->key_len) == 0;
}

/* The outermost collapsed ancestor hiding c: 0 when c is visible; otherwise its id, and
 * *copy points to the owned record when it is an explicitly collapsed one. */
static gid hidden_by(const struct thread *t, const struct comment *c, const struct titem **copy)
{
	*copy = NULL;
	if (!threaded(t))
		return 0;
	if (t->collapse_all && c->depth > 0 && !ids_has(t->exp, t->nexp, c->root_id))
		return c->root_id;
	const struct titem *best = NULL;
	for (int i = 0; i < t->ncol; i++)
		if (key_prefix(&t->col[i].c, c) && (!best || t->col[i].c.key_len < best->c.key_len))
			best = &t->col[i];
	*copy = best;
	return best ? best->c.id : 0;
}

/* Make c visible: expand every collapsed ancestor. */
static void reveal(struct thread *t, const struct comment *c)
{
	for (int i = 0; i < t->ncol;) {
		if (key_prefix(&t->col[i].c, c)) {
			item_free(&t->col[i]);
			t->col[i] = t->col[--t->ncol];
		} else {
			i++;
		}
	}
	if (t->collapse_all && c->depth > 0)
		ids_add(&t->exp, &t->nexp, &t->capexp, c->root_id);
}

/* ---- paging -------------------------------------------------------------------------------- */

struct batch {
	struct thread *t;
	struct titem *rows;
	int n, limit;
	bool backward;
	gid hider;                     /* backward: the row met was hidden by this comment */
	const struct titem *hider_copy;
};

static int batch_cb(void *ctx, const struct comment *c)
{
	struct batch *b = ctx;
	if (b->backward) {
		gid h = hidden_by(b->t, c, &b->hider_copy);
		if (h) {
			b->hider = h;
			return 1;
		}
	}
	item_set(&b->rows[b->n++], c);
	if (!b->backward && is_collapsed(b->t, c))
		return 1; /* continue after its subtree with a new query */
	return b->n >= b->limit;
}

/* Append up to `want` visible rows after the window: in one query (a screen and a batch
 * beyond it), unless a collapsed thread ends it early. */
static int fill_forward(struct thread *t, struct ui *u, int want)
{
	struct titem *rows = want > 0 ? xcalloc((size_t)want, sizeof *rows) : NULL;
	while (want > 0 && !t->at_end) {
		const struct comment *last = t->n ? &t->it[t->n - 1].c : NULL;
		enum page_from from = !last ? PAGE_FIRST : is_collapsed(t, last) ? PAGE_AFTER_SUBTREE : PAGE_AFTER;
		struct batch b = { .t = t, .rows = rows, .limit = want };
		if (store_comment_page(u->st, &t->q, from, last, b.limit, batch_cb, &b) != 0) {
			for (int i = 0; i < b.n; i++)
				item_free(&rows[i]);
			free(rows);
			return -1;
		}
		if (!last)
			t->at_start = true;
		if (b.n == 0) {
			t->at_end = true;
			break;
		}
		win_reserve(t, b.n);
		memcpy(&t->it[t->n], rows, (size_t)b.n * sizeof *rows);
		t->n += b.n;
		want -= b.n;
	}
	free(rows);
	return 0;
}

/* Prepend up to `want` visible rows before the window (PAGE_LAST when it is empty). */
static int fill_backward(struct thread *t, struct ui *u, int want)
{
	struct titem rows[BATCH + 1];
	while (want > 0 && !t->at_start) {
		const struct comment *first = t->n ? &t->it[0].c : NULL;
		struct batch b = { .t = t, .rows = rows, .limit = want < BATCH ? want : BATCH, .backward = true };
		if (store_comment_page(u->st, &t->q, first ? PAGE_BEFORE : PAGE_LAST, first, b.limit, batch_cb, &b) != 0) {
			for (int i = 0; i < b.n; i++)
				item_free(&rows[i]);
			return -1;
		}
		if (!first)
			t->at_end = true;
		if (b.hider) { /* the collapsed comment stands for its hidden subtree */
			if (b.hider_copy) {
				item_set(&rows[b.n++], &b.hider_copy->c);
			} else {
				struct comment c = { 0 };
				if (store_comment_get(u->st, b.hider, &c) != 0) {
					for (int i = 0; i < b.n; i++)
						item_free(&rows[i]);
					return -1;
				}
				item_set(&rows[b.n++], &c);
				comment_clear(&c);
			}
		}
		if (b.n == 0) {
			t->at_start = true;
			break;
		}
		win_reserve(t, b.n);
		memmove(&t->it[b.n], t->it, (size_t)t->n * sizeof *t->it);
		for (int i = 0; i < b.n; i++) /* rows came nearest first */
			t->it[b.n - 1 - i] = rows[i];
		t->n += b.n;
		t->sel += b.n;
		t->top += b.n;
		want -= b.n;
	}
	return 0;
}

/* Keep the window bounded: drop rows far from the screen. */
static void win_trim(struct thread *t)
{
	int h = ui_body_rows();
	if (t->n <= WIN_MAX)
		return;
	int lo = t->top - h;
	if (lo > 0 && t->n - lo >= WIN_MAX / 2) {
		int drop = lo < t->n - WIN_MAX / 2 ? lo : t->n - WIN_MAX / 2;
		for (int i = 0; i < drop; i++)
			item_free(&t->it[i]);
		memmove(t->it, &t->it[drop], (size_t)(t->n - drop) * sizeof *t->it);
		t->n -= drop;
		t->sel -= drop;
		t->top -= drop;
		t->at_start = false;
	}
	int hi = t->top + 2 * h + BATCH;
	if (t->n > WIN_MAX && hi < t->n) {
		for (int i = hi; i < t->n; i++)
			item_free(&t->it[i]);
		t->n = hi;
		t->at_end = false;
	}
}

static int find_id(const struct thread *t, gid id)
{
	for (int i = 0; i < t->n; i++)
		if (t->it[i].c.id == id)
			return i;
	return -1;
}

/* Rebuild the window around comment c (visible), with `above` rows above it on screen. */
static int first_id_cb(void *ctx, const struct comment *c)
{
	*(gid *)ctx = c->id;
	return 1;
}

/* Whether c is still one of the query's rows (a limit may no longer match it). */
static int still_matches(struct thread *t, struct ui *u, const struct comment *c)
{
	if (!comment_filter_active(&t->q.filter))
		return 1;
	gid first = 0;
	if (store_comment_page(u->st, &t->q, PAGE_AT, c, 1, first_id_cb, &first) != 0)
		return -1;
	return first == c->id;
}

/* Rebuild the window around c, `above` rows below the top. When c no longer matches the
 * limit (its disposition was just set, say), it is dropped and the next row takes its place,
 * so the rows always agree with the counts in the title. */
static int anchor(struct thread *t, struct ui *u, const struct comment *c, int above)
{
	int m = still_matches(t, u, c);
	if (m < 0)
		return -1;
	struct titem x;
	item_set(&x, c);
	win_clear(t);
	win_reserve(t, 1);
	t->it[0] = x;
	t->n = 1;
	int h = ui_body_rows();
	if (fill_forward(t, u, h + BATCH) != 0 || fill_backward(t, u, above > 0 ? above + 1 : 1) != 0)
		return -1;
	if (!m) {
		int i = find_id(t, c->id);
		if (i >= 0) {
			item_free(&t->it[i]);
			memmove(&t->it[i], &t->it[i + 1], (size_t)(t->n - i - 1) * sizeof *t->it);
			t->n--;
			if (t->sel >= t->n && t->sel > 0)
				t->sel = t->n - 1;
		}
	}
	t->top = t->sel - above;
	if (t->top < 0)
		t->top = 0;
	return 0;
}

/* Rebuild at comment id (re-read); when it is gone, at the first row. */
static int anchor_id(struct thread *t, struct ui *u, gid id, int above)
{
	struct comment c = { 0 };
	int r = id ? store_comment_get(u->st, id, &c) : 1;
	if (r < 0)
		return -1;
	if (r == 1) {
		win_clear(t);
		return fill_forward(t, u, ui_body_rows() + BATCH);
	}
	const struct titem *cp;
	gid h = hidden_by(t, &c, &cp);
	if (h) { /* show the collapsed comment that hides it */
		comment_clear(&c);
		return anchor_id(t, u, h, above);
	}
	r = anchor(t, u, &c, above);
	comment_clear(&c);
	return r;
}

/* ---- layout -------------------------------------------------------------------------------- */

/* Replies are indented in thread order; other orders and limits are flat lists. */
static int indent_of(const struct thread *t, const struct comment *c)
{
	int cap = COLS / 3 < 24 ? COLS / 3 : 24;
	int ind = threaded(t) ? c->depth * 2 : 0;
	return ind > cap ? cap : ind;
}

/* The note on where a comment of an earlier round's quoted phrase is now (carry.h), once. */
static void item_qnote(const struct thread *t, struct titem *it)
{
	if (it->qnote_done)
		return;
	it->qnote_done = true;
	if (!t->carry_version || !it->c.quote || !*it->c.quote || it->c.deleted_at || !it->c.section_id)
		return;
	struct section sec;
	if (store_section_get(t->st, it->c.section_id, &sec) != 0)
		return;
	int version = sec.version;
	section_clear(&sec);
	if (version >= t->carry_version)
		return; /* made on the newest text: its quote is where it was */
	struct buf b = {0};
	if (carry_quote_line(t->st, &b, it->c.section_id, it->c.quote, t->carry_version, 0) == 0)
		it->qnote = text_sanitize_lines(b.data, b.len);
	buf_free(&b);
}

static int item_height(const struct thread *t, struct titem *it)
{
	item_qnote(t, it);
	if (it->hwidth != COLS) {
		int w = COLS - indent_of(t, &it->c) - 2;
		it->height = 1 + ui_wrap_count(it->body, w) + (it->resp ? ui_wrap_count(it->resp, w) : 0) +
		             (it->qnote ? ui_wrap_count(it->qnote, w) : 0);
		it->hwidth = COLS;
	}
	return it->height;
}

/* Make sure the screen from top is full (or the end reached) and the selection visible. */
static void settle(struct thread *t, struct ui *u)
{
	int h = ui_body_rows();
	if (t->sel >= t->n)
		t->sel = t->n - 1;
	if (t->sel < 0)
		t->sel = 0;
	if (t->top > t->sel)
		t->top = t->sel;
	for (;;) {
		int used = 0, i;
		for (i = t->top; i < t->n && i <= t->sel; i++)
			used += item_height(t, &t->it[i]);
		if (used > h && t->top < t->sel)
			t->top++;
		else
			break;
	}
	int used = 0;
	for (int i = t->top; i < t->n; i++)
		used += item_height(t, &t->it[i]);
	if (used < h && !t->at_end && fill_forward(t, u, BATCH) != 0)
		ui_msg_err(u);
	win_trim(t);
}


static bool tagged(const struct thread *t, gid id)
{
	return idset_has(&t->tags, id);
}

static void header(struct ui *u, const struct thread *t, struct titem *it, struct buf *b)
{
	const struct comment *c = &it->c;
	char tm[40];
	if (tagged(t, c->id))
		buf_puts(b, "* ");
	if (c->n_replies > 0 && threaded(t))
		buf_puts(b, is_collapsed(t, c) ? "▸ " : "▾ ");
	else
		buf_puts(b, "• ");
	if (c->deleted_at) {
		buf_puts(b, _("(comment deleted)"));
	} else {
		buf_puts(b, c->author_name ? c->author_name : "?");
	}
	time_show(c->created_at, tm, sizeof tm);
	buf_printf(b, " · %s", tm);
	if (c->edited_at && !c->deleted_at)
		buf_printf(b, " %s", _("(edited)"));
	if (!c->deleted_at)
		buf_printf(b, " [%s]", disposition_label(c->disposition));
	/* merged copies changed it differently: marked until settled (:resolve, gopy resolve) */
	if (it->conflicts < 0 && store_conflict_count_comment(u->st, c->id, &it->conflicts) != 0)
		it->conflicts = 0;
	if (it->conflicts > 0)
		buf_printf(b, " [%s]", _("conflict: :resolve mine|theirs"));
	if (is_collapsed(t, c)) { /* the whole hidden subtree, not only the direct replies */
		if (it->hidden < 0 && store_comment_descendants(u->st, c, &it->hidden) != 0)
			it->hidden = c->n_replies;
		buf_printf(b, ngettext(" [+%lld reply hidden]", " [+%lld replies hidden]", (unsigned long)it->hidden),
		           (long long)it->hidden);
	}
	if (!t->label && c->section_label && c->section_label[0] && t->q.scope == SCOPE_DOCUMENT)
		buf_printf(b, " · %s", c->section_label);
	if (!c->deleted_at && c->author_unit && c->author_unit[0])
		buf_printf(b, " · %s", c->author_unit);
	if (c->entered_by_name && c->entered_by) {
		buf_puts(b, " · ");
		buf_printf(b, _("entered by %s"), c->entered_by_name);
	}
}

/* Draw the wrapped text s at rows from *y (bounded by ymax), column x, width w. */
static void put_wrapped(struct ui *u, int *y, int ymax, int x, int w, const char *s, attr_t attr)
{
	size_t len = strlen(s), pos = 0, next;
	while (pos < len && *y < ymax) {
		size_t n = text_wrap_line(s + pos, len - pos, w, &next);
		ui_put(u, *y, x, w, s + pos, n, attr);
		(*y)++;
		if (!next)
			break;
		pos += next;
	}
}

static void thread_draw(struct view *v, struct ui *u, int y0, int h)
{
	struct thread *t = (struct thread *)v;
	settle(t, u);
	if (t->n == 0) {
		ui_put_db(u, y0, 0, COLS, _("No comments here yet."), A_NORMAL);
		if (u->me.id)
			ui_put_db(u, y0 + 1, 0, COLS, _("Press c to write one."), A_DIM);
		return;
	}
	int y = y0, ymax = y0 + h;
	struct buf b = { 0 };
	for (int i = t->top; i < t->n && y < ymax; i++) {
		struct titem *it = &t->it[i];
		int ind = indent_of(t, &it->c);
		buf_reset(&b);
		header(u, t, it, &b);
		char *hs = text_sanitize(b.data, b.len);
		attr_t ha = i == t->sel ? UI_ATTR_SELECT : A_BOLD;
		ui_clear_row(y, A_NORMAL);
		ui_put(u, y, ind, COLS - ind, hs, strlen(hs), ha);
		free(hs);
		y++;
		attr_t ba = it->c.deleted_at ? UI_ATTR_DIM : A_NORMAL;
		put_wrapped(u, &y, ymax, ind + 2, COLS - ind - 2, it->body, ba);
		item_qnote(t, it);
		if (it->qnote)
			put_wrapped(u, &y, ymax, ind + 2, COLS - ind - 2, it->qnote, UI_ATTR_DIM);
		if (it->resp)
			put_wrapped(u, &y, ymax, ind + 2, COLS - ind - 2, it->resp, A_DIM);
	}
	buf_free(&b);
}

/* ---- movement ------------------------------------------------------------------------------ */

static void move_down(struct thread *t, struct ui *u, int k)
{
	while (k-- > 0) {
		if (t->sel + 1 >= t->n && !t->at_end && fill_forward(t, u, BATCH) != 0) {
			ui_msg_err(u);
			return;
		}
		if (t->sel + 1 >= t->n)
			return;
		t->sel++;
	}
}

static void move_up(struct thread *t, struct ui *u, int k)
{
	while (k-- > 0) {
		if (t->sel == 0 && !t->at_start && fill_backward(t, u, BATCH) != 0) {
			ui_msg_err(u);
			return;
		}
		if (t->sel == 0)
			return;
		t->sel--;
	}
}

/* Rows fully visible from top. */
static int rows_on_screen(struct thread *t)
{
	int h = ui_body_rows(), used = 0, k = 0;
	for (int i = t->top; i < t->n; i++) {
		used += item_height(t, &t->it[i]);
		if (used > h)
			break;
		k++;
	}
	return k > 0 ? k : 1;
}

static void go_to(struct thread *t, struct ui *u, gid id, int above)
{
	int i = find_id(t, id);
	if (i >= 0) {
		t->sel = i;
		return;
	}
	if (anchor_id(t, u, id, above) != 0)
		ui_msg_err(u);
	i = find_id(t, id);
	if (i >= 0)
		t->sel = i;
}

struct first {
	struct comment c;
	bool found;
	struct thread *t;
};

static int first_cb(void *ctx, const struct comment *c)
{
	struct first *f = ctx;
	/* copy what the caller needs as a cursor or target */
	struct titem tmp;
	item_set(&tmp, c);
	f->c = tmp.c;
	free(tmp.body);
	free(tmp.resp);
	f->found = true;
	return 1;
}

static void first_free(struct first *f)
{
	if (!f->found)
		return;
	struct titem tmp = { .c = f->c, .key = (unsigned char *)f->c.key };
	item_free(&tmp);
	f->found = false;
}

static void sibling(struct thread *t, struct ui *u, int dir)
{
	if (!t->n)
		return;
	struct comment *cur = &t->it[t->sel].c;
	if (!threaded(t)) {
		dir > 0 ? move_down(t, u, 1) : move_up(t, u, 1);
		return;
	}
	struct first f = { .t = t };
	if (dir > 0) {
		if (store_comment_page(u->st, &t->q, PAGE_AFTER_SUBTREE, cur, 1, first_cb, &f) != 0) {
			ui_msg_err(u);
			return;
		}
		if (f.found && f.c.parent_id == cur->parent_id && f.c.depth == cur->depth) {
			gid id = f.c.id;
			first_free(&f);
			go_to(t, u, id, t->sel - t->top);
			return;
		}
	} else {
		if (store_comment_page(u->st, &t->q, PAGE_BEFORE, cur, 1, first_cb, &f) != 0) {
			ui_msg_err(u);
			return;
		}
		gid id = f.found ? f.c.id : 0;
		int depth = f.found ? f.c.depth : 0;
		gid parent = f.found ? f.c.parent_id : 0;
		first_free(&f);
		/* climb from the row before to the current comment's depth */
		while (id && depth > cur->depth && id != cur->parent_id) {
			struct comment c = { 0 };
			if (store_comment_get(u->st, parent, &c) != 0) {
				ui_msg_err(u);
				return;
			}
			id = c.id;
			depth = c.depth;
			parent = c.parent_id;
			comment_clear(&c);
		}
		if (id && id != cur->parent_id && depth == cur->depth && parent == cur->parent_id) {
			go_to(t, u, id, t->sel - t->top > 0 ? t->sel - t->top - 1 : 0);
			return;
		}
	}
	first_free(&f);
	ui_msg(u, dir > 0 ? _("no next sibling") : _("no previous sibling"));
}

static void relayout_at_sel(struct thread *t, struct ui *u)
{
	if (!t->n) {
		win_clear(t);
		if (fill_forward(t, u, ui_body_rows() + BATCH) != 0)
			ui_msg_err(u);
		return;
	}
	gid id = t->it[t->sel].c.id;
	if (anchor_id(t, u, id, t->sel - t->top) != 0)
		ui_msg_err(u);
}

static void toggle(struct thread *t, struct ui *u)
{
	if (!t->n)
		return;
	struct titem *it = &t->it[t->sel];
	if (!threaded(t)) {
		ui_msg(u, _("collapsing works in thread order only"));
		return;
	}
	if (it->c.n_replies == 0) {
		ui_msg(u, _("no replies to collapse"));
		return;
	}
	if (is_collapsed(t, &it->c)) {
		int ci = col_index(t, it->c.id);
		if (ci >= 0) {
			item_free(&t->col[ci]);
			t->col[ci] = t->col[--t->ncol];
		}
		if (t->collapse_all && it->c.depth == 0)
			ids_add(&t->exp, &t->nexp, &t->capexp, it->c.id);
	} else if (t->collapse_all && it->c.depth == 0) {
		ids_del(t->exp, &t->nexp, it->c.id);
	} else {
		if (t->ncol == t->capcol) {
			t->capcol = t->capcol ? t->capcol * 2 : 16;
			t->col = xrealloc(t->col, (size_t)t->capcol * sizeof *t->col);
		}
		item_set(&t->col[t->ncol++], &it->c);
	}
	relayout_at_sel(t, u);
}

static void collapse_all(struct thread *t, struct ui *u, bool on)
{
	if (!threaded(t)) {
		ui_msg(u, _("collapsing works in thread order only"));
		return;
	}
	for (int i = 0; i < t->ncol; i++)
		item_free(&t->col[i]);
	t->ncol = 0;
	t->nexp = 0;
	t->collapse_all = on;
	relayout_at_sel(t, u); /* anchor_id moves to the root when the selection got hidden */
}

/* ---- search -------------------------------------------------------------------------------- */

static bool item_matches(struct ui *u, const struct thread *t, struct titem *it)
{
	struct buf b = { 0 };
	header(u, t, it, &b);
	char *h = text_sanitize(b.data, b.len);
	buf_free(&b);
	bool m = ui_matches(u, h, strlen(h)) || ui_matches(u, it->body, strlen(it->body)) ||
	         (it->resp && ui_matches(u, it->resp, strlen(it->resp)));
	free(h);
	return m;
}

/* The view's filter narrowed to the comments the search query matches: under a limit by text,
 * both texts must match. */
static void search_within_limit(struct comment_filter *f, const char *query)
{
	if (f->text && *f->text)
		f->text_also = query;
	else
		f->text = query;
	f->include_deleted = false;
}

static bool thread_search(struct view *v, struct ui *u, int dir, bool here)
{
	struct thread *t = (struct thread *)v;
	if (!t->n)
		return false;
	if (u->isearch) { /* while typing: only what is loaded */
		for (int i = here ? t->sel : t->sel + dir; i >= 0 && i < t->n; i += dir)
			if (item_matches(u, t, &t->it[i])) {
				t->sel = i;
				return true;
			}
		return false;
	}
	/* The whole list, hidden rows included, through the store's text filter. */
	struct comment_query q = t->q;
	search_within_limit(&q.filter, u->search.query);
	struct first f = { .t = t };
	enum page_from from = here ? PAGE_AT : dir > 0 ? PAGE_AFTER : PAGE_BEFORE;
	const struct comment *cur = &t->it[t->sel].c;
	if (store_comment_page(u->st, &q, from, cur, 1, first_cb, &f) != 0) {
		ui_msg_err(u);
		return false;
	}
	if (!f.found) { /* wrap around, as vim does */
		if (store_comment_page(u->st, &q, dir > 0 ? PAGE_FIRST : PAGE_LAST, NULL, 1, first_cb, &f) != 0) {
			ui_msg_err(u);
			return false;
		}
		u->search.wrapped = f.found;
	}
	if (!f.found)
		return false;
	reveal(t, &f.c);
	gid id = f.c.id;
	first_free(&f);
	int i = find_id(t, id);
	if (i >= 0) {
		t->sel = i;
	} else {
		int h = ui_body_rows();
		if (anchor_id(t, u, id, h / 3) != 0) {
			ui_msg_err(u);
			return false;
		}
		i = find_id(t, id);
		if (i >= 0)
			t->sel = i;
	}
	return true;
}

static int count_cb(void *ctx, const struct comment *c)
{
	(void)c;
	++*(int64_t *)ctx;
	return 0;
}

/* The matches of the search among the view's comments (the store's text filter, as n and N
 * step through them beyond what is loaded), and how many come before the selected one. */
static bool thread_count(struct view *v, struct ui *u, bool lazy, int64_t *index, int64_t *total)
{
	struct thread *t = (struct thread *)v;
	*index = *total = 0;
	if (!t->n)
		return true;
	if (!lazy && (t->count < 0 || t->scope_n > COUNT_NOW_TEXT))
		return false;
	struct comment_query q = t->q;
	search_within_limit(&q.filter, u->search.query);
	int64_t pending, before = 0;
	const struct comment *cur = &t->it[t->sel].c;
	if (store_comment_count(u->st, &q, total, &pending) != 0 ||
	    store_comment_page(u->st, &q, PAGE_BEFORE, cur, INT32_MAX, count_cb, &before) != 0) {
		if (!store_stopped(u->st)) /* a key stopped it: counted again later */
			ui_msg_err(u);
		return false;
	}
	*index = before + 1;
	return true;
}

gid ui_thread_selected(struct view *v)
{
	struct thread *t = (struct thread *)v;
	return t->sel >= 0 && t->sel < t->n ? t->it[t->sel].c.id : 0;
}

bool ui_thread_whole_document(struct view *v)
{
	struct thread *t = (struct thread *)v;
	return t->q.scope == SCOPE_DOCUMENT && !ui_limit_active(&t->limit);
}

static void thread_where(struct view *v, struct ui *u, struct buf *out)
{
	struct thread *t = (struct thread *)v;
	(void)u;
	if (t->scope0 == SCOPE_SECTION)
		buf_printf(out, _("the comments on %s"), t->label ? t->label : "?");
	else if (t->scope0 == SCOPE_GENERAL)
		buf_puts(out, _("the general comments"));
	else
		buf_printf(out, _("all comments of %s"), t->doc.code);
	if (ui_limit_active(&t->limit))
		buf_printf(out, _(" (limit %s)"), t->limit.pattern);
}

static void thread_mark(struct view *v, bool restore)
{
	struct thread *t = (struct thread *)v;
	if (!restore) {
		t->mark_id = t->n ? t->it[t->sel].c.id : 0;
		t->mark_above = t->sel - t->top;
		return;
	}
	int i = find_id(t, t->mark_id);
	if (i >= 0)
		t->sel = i;
}

/* ---- the view ------------------------------------------------------------------------------ */

/* The title's counts. Under a limit they need a scan: in a scope of more than COUNT_NOW comments
 * they are left for the idle work (t->count -1, "counting…"), so that the first screen costs
 * the same whatever the size of the file. */
static void count_refresh(struct thread *t, struct ui *u)
{
	struct comment_query all = t->q;
	comment_filter_init(&all.filter); /* the scope alone: maintained counters, instant */
	int64_t p = 0;
	if (store_comment_count(u->st, &all, &t->scope_n, &p) != 0)
		t->scope_n = INT64_MAX;
	bool text = t->q.filter.text && *t->q.filter.text;
	if (comment_filter_active(&t->q.filter) && t->scope_n > (text ? COUNT_NOW_TEXT : COUNT_NOW)) {
		t->count = t->pending = -1;
		return;
	}
	if (!comment_filter_active(&t->q.filter) && t->scope_n != INT64_MAX) { /* no limit: the scope's */
		t->count = t->scope_n;
		t->pending = p;
		return;
	}
	if (store_comment_count(u->st, &t->q, &t->count, &t->pending) != 0) {
		t->count = t->pending = 0;
		ui_msg_err(u);
	}
}

/* "limit: ~a A01 — 12 comments", or "counting…" until the idle work has the number. */
static void limit_msg(struct thread *t, struct ui *u)
{
	if (t->count < 0)
		ui_msg(u, _("limit: %s — counting…"), t->limit.pattern);
	else
		ui_msg(u, ngettext("limit: %s — %lld comment", "limit: %s — %lld comments", (unsigned long)t->count),
		       t->limit.pattern, (long long)t->count);
}

static void thread_idle(struct view *v, struct ui *u)
{
	struct thread *t = (struct thread *)v;
	if (t->count >= 0)
		return;
	bool waiting = ui_limit_active(&t->limit) && u->msg.data && strstr(u->msg.data, _("counting…"));
	ui_idle_reads(u, true);
	int rc = store_comment_count(u->st, &t->q, &t->count, &t->pending);
	bool stopped = store_stopped(u->st);
	ui_idle_reads(u, false);
	if (rc != 0 && stopped) { /* a key: counted again at the next idle moment */
		t->count = t->pending = -1;
		return;
	}
	if (rc != 0) {
		t->count = t->pending = 0;
		ui_msg_err(u);
		return;
	}
	if (waiting)
		limit_msg(t, u);
}

static bool thread_idle_due(struct view *v)
{
	return ((struct thread *)v)->count < 0;
}

static void thread_reload(struct view *v, struct ui *u)
{
	struct thread *t = (struct thread *)v;
	count_refresh(t, u);
	gid id = t->n ? t->it[t->sel].c.id : 0;
	int above = t->sel - t->top;
	if (!t->n) {
		win_clear(t);
		if (fill_forward(t, u, ui_body_rows() + BATCH) != 0)
			ui_msg_err(u);
		return;
	}
	if (anchor_id(t, u, id, above) != 0)
		ui_msg_err(u);
	struct document d = { 0 };
	if (store_document_get_id(u->st, t->doc.id, &d) == 0) {
		ui_set_doc(u, &d);
		document_clear(&d);
	}
}

/* T, ;, l and o (issue 4; the work is in ui_tags.c and ui_limit.c). */
static void thread_handle(struct thread *t, struct ui *u, enum action a)
{
	switch (a) {
	case ACT_TAG_LIMIT: {
		int64_t n = ui_tag_query(u, &t->q, &t->tags);
		if (n < 0)
			ui_msg_err(u);
		else
			ui_msg(u, ngettext("%lld comment tagged (%lld in all)", "%lld comments tagged (%lld in all)",
			                   (unsigned long)n),
			       (long long)n, (long long)t->tags.n);
		return;
	}
	case ACT_TAGGED:
		if (ui_tagged_apply(u, &t->tags))
			thread_reload(&t->v, u);
		return;
	case ACT_LIMIT:
		if (ui_limit_prompt(u, t->scope0, t->section0, &t->q, &t->limit)) {
			count_refresh(t, u);
			if (ui_limit_active(&t->limit))
				limit_msg(t, u);
			win_clear(t);
			if (fill_forward(t, u, ui_body_rows() + BATCH) != 0)
				ui_msg_err(u);
		}
		return;
	case ACT_SORT:
		t->q.order = ui_sort_next(t->q.order);
		relayout_at_sel(t, u);
		ui_msg(u, _("sort: %s"), ui_sort_name(t->q.order));
		return;
	default:
		return;
	}
}

static void thread_status(struct view *v, struct ui *u, struct buf *out)
{
	struct thread *t = (struct thread *)v;
	(void)u;
	if (ui_limit_active(&t->limit))
		buf_printf(out, _(" │ limit: %s"), t->limit.pattern);
	if (t->q.order != ORDER_THREAD)
		buf_printf(out, _(" │ sort: %s"), ui_sort_name(t->q.order));
	if (t->tags.n)
		buf_printf(out, ngettext(" │ %lld tagged", " │ %lld tagged", (unsigned long)t->tags.n),
		           (long long)t->tags.n);
}

/* Issue 4 hooks (ui_compose.c). */
bool ui_thread_write(struct ui *u, enum action a, const struct comment *sel, gid doc_id, gid section_id);

static bool thread_act(struct view *v, struct ui *u, enum action a)
{
	struct thread *t = (struct thread *)v;
	int h = ui_body_rows();
	switch (a) {
	case ACT_DOWN:
		move_down(t, u, 1);
		return true;
	case ACT_UP:
		move_up(t, u, 1);
		return true;
	case ACT_PGDN: {
		int k = rows_on_screen(t);
		move_down(t, u, k);
		t->top = t->sel;
		return true;
	}
	case ACT_PGUP: {
		int k = rows_on_screen(t);
		move_up(t, u, k);
		t->top = t->sel;
		return true;
	}
	case ACT_HALF_DN:
		move_down(t, u, rows_on_screen(t) / 2 > 0 ? rows_on_screen(t) / 2 : 1);
		return true;
	case ACT_HALF_UP:
		move_up(t, u, rows_on_screen(t) / 2 > 0 ? rows_on_screen(t) / 2 : 1);
		return true;
	case ACT_TOP:
		win_clear(t);
		if (fill_forward(t, u, h + BATCH) != 0)
			ui_msg_err(u);
		return true;
	case ACT_BOTTOM:
		win_clear(t);
		if (fill_backward(t, u, h + 1) != 0)
			ui_msg_err(u);
		if (!t->n) /* nothing under the limit: nothing to select */
			return true;
		t->sel = t->n - 1;
		t->top = t->sel;
		for (int used = item_height(t, &t->it[t->top > 0 ? t->top : 0]); t->top > 0;) {
			used += item_height(t, &t->it[t->top - 1]);
			if (used > h)
				break;
			t->top--;
		}
		return true;
	case ACT_TOGGLE:
		toggle(t, u);
		return true;
	case ACT_PARENT:
		if (t->n && t->it[t->sel].c.parent_id)
			go_to(t, u, t->it[t->sel].c.parent_id, 0);
		else
			ui_msg(u, _("this comment starts the thread"));
		return true;
	case ACT_NEXT_SIBLING:
		sibling(t, u, 1);
		return true;
	case ACT_PREV_SIBLING:
		sibling(t, u, -1);
		return true;
	case ACT_COLLAPSE_ALL:
		collapse_all(t, u, true);
		return true;
	case ACT_EXPAND_ALL:
		collapse_all(t, u, false);
		return true;
	case ACT_GENERAL:
	case ACT_ALL_COMMENTS: {
		/* exactly that scope, from its first comment (not where this view was) */
		struct view *nv = view_thread_new(u, &t->doc, a == ACT_GENERAL ? SCOPE_GENERAL : SCOPE_DOCUMENT, 0,
		                                  NULL, 0);
		if (nv)
			ui_push(u, nv);
		return true;
	}
	case ACT_TAG:
		if (t->n) {
			gid id = t->it[t->sel].c.id;
			if (!idset_del(&t->tags, id))
				idset_add(&t->tags, id);
			move_down(t, u, 1);
		}
		return true;
	case ACT_HISTORY:
		if (t->n)
			ui_history(u, t->it[t->sel].c.id);
		return true;
	case ACT_TAG_LIMIT:
	case ACT_TAGGED:
	case ACT_LIMIT:
	case ACT_SORT:
		thread_handle(t, u, a); /* issue 4: tags, limit and sort */
		return true;
	default:
		if (a == ACT_COMMENT || a == ACT_REPLY || a == ACT_EDIT || a == ACT_EXTERNAL || a == ACT_DELETE ||
		    a == ACT_DISPOSE || a == ACT_RESPONSE) {
			const struct comment *sel = t->n ? &t->it[t->sel].c : NULL;
			if (ui_thread_write(u, a, sel, t->doc.id, t->q.scope == SCOPE_SECTION ? t->q.section_id : 0))
				thread_reload(v, u);
			return true;
		}
		return false;
	}
}

static void thread_title(struct view *v, struct ui *u, struct buf *out)
{
	struct thread *t = (struct thread *)v;
	(void)u;
	buf_printf(out, "%s — ", t->doc.code);
	/* the scope the view was opened with (a ~s limit is named in the status line) */
	if (t->scope0 == SCOPE_SECTION)
		buf_printf(out, _("comments on %s"), t->label ? t->label : "?");
	else if (t->scope0 == SCOPE_GENERAL)
		buf_puts(out, _("general comments"));
	else
		buf_puts(out, _("all comments"));
	if (t->count < 0)
		buf_printf(out, " (%s)", _("counting…"));
	else
		buf_printf(out, _(" (%lld, %lld pending)"), (long long)t->count, (long long)t->pending);
	if (t->collapse_all)
		buf_printf(out, " %s", _("[collapsed]"));
}

static void thread_destroy(struct view *v)
{
	struct thread *t = (struct thread *)v;
	win_clear(t);
	free(t->it);
	for (int i = 0; i < t->ncol; i++)
		item_free(&t->col[i]);
	free(t->col);
	free(t->exp);
	idset_free(&t->tags);
	ui_limit_clear(&t->limit);
	free(t->label);
	document_clear(&t->doc);
	free(t);
}

static const struct view_ops thread_ops = {
	.name = "thread",
	.kind = VK_THREAD,
	.draw = thread_draw,
	.act = thread_act,
	.title = thread_title,
	.reload = thread_reload,
	.search = thread_search,
	.idle = thread_idle,
	.idle_due = thread_idle_due,
	.count = thread_count,
	.where = thread_where,
	.mark = thread_mark,
	.status = thread_status,
	.destroy = thread_destroy,
};

struct view *view_thread_new(struct ui *u, const struct document *d, enum comment_scope scope, gid section_id,
                             const char *label, gid land_on)
{
	struct thread *t = xcalloc(1, sizeof *t);
	t->v.ops = &thread_ops;
	t->q.doc_id = d->id;
	t->q.scope = scope;
	t->q.section_id = section_id;
	t->q.order = ORDER_THREAD;
	comment_filter_init(&t->q.filter);
	t->q.filter.include_deleted = true;
	ui_limit_clear(&t->limit);
	t->scope0 = scope;
	t->section0 = section_id;
	t->label = label ? ui_clean(label) : NULL;
	if (store_document_get_id(u->st, d->id, &t->doc) != 0) {
		ui_msg_err(u);
		thread_destroy(&t->v);
		return NULL;
	}
	t->st = u->st;
	if (t->doc.n_versions > 1) /* the version the reader shows (V), else the newest */
		t->carry_version = u->version ? u->version : t->doc.n_versions;
	count_refresh(t, u);
	int r = land_on ? anchor_id(t, u, land_on, ui_body_rows() / 3) : fill_forward(t, u, ui_body_rows() + BATCH);
	if (r != 0) {
		ui_msg_err(u);
		thread_destroy(&t->v);
		return NULL;
	}
	if (land_on) {
		int i = find_id(t, land_on);
		if (i >= 0)
			t->sel = i;
	}
	return &t->v;
}
