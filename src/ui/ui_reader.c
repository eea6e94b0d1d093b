/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_reader.c — the document reader: the draft's sections in order, every level indented by
 * its depth, each heading and body wrapped to the window by display width, with each
 * section's own comment and pending counts. A folded section hides the sections inside it and
 * shows their totals. On a revised draft each section also counts the comments of earlier rounds
 * on the sections it continues (each once, folded or not). A draft has at most a few thousand sections, so they are held in memory
 * (sanitised); the wrapped lines are recomputed when the width or a fold changes. The first
 * entry is the draft's general comments. The cursor is a line; its section is the current
 * one; J/K move between the sections of its level (siblings), ]/[ to the next commented one;
 * ]/[ and search unfold what hides the section they land on. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/align.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/outline.h"
#include "gopy/text.h"

struct rsec {
	gid id;               /* 0: the general-comments entry */
	int depth;
	int end;              /* index after its last descendant (its subtree is [i, end)) */
	bool folded;          /* the sections inside it are hidden */
	char *label;          /* sanitised */
	char *citation;       /* sanitised: the thread view's title */
	char *text;           /* sanitised: "Label. Heading" LF body (LF kept) */
	size_t head_len;      /* bytes of the heading paragraph in text */
	int64_t n_comments, n_pending;
	int change;           /* how it changed from the version before (enum align_kind), -1: not */
	int64_t n_earlier;    /* comments of earlier rounds on the sections it continues */
};

/* A section of the version shown and an earlier section with comments it continues. */
struct reach {
	int sec;              /* index in secs */
	gid old_id;
	int64_t n;
};

struct rline {
	int sec;              /* index in secs */
	size_t off, len;      /* the line's bytes in secs[sec].text */
	bool head;            /* part of the heading */
	bool first;           /* first line of the section (counts drawn here) */
};

struct reader {
	struct view v;
	struct document doc;
	struct rsec *secs;
	int nsecs, capsecs;
	struct rline *lines;
	int nlines, caplines;
	struct reach *reach;  /* in section order (earlier rounds' comments, counted once each) */
	int nreach, capreach;
	int width;            /* width the lines were wrapped for */
	int sel, top;
	int mark_sec;         /* incremental search: where it started */
	size_t mark_off;
	int version;          /* the version shown (u->version when chosen with V, else the newest) */
	int64_t read_at[3];   /* what the review was as the sections were read: its data version,
	                         this process's writes, the version shown (loaded_still) */
};

static void secs_free(struct reader *r)
{
	for (int i = 0; i < r->nsecs; i++) {
		free(r->secs[i].label);
		free(r->secs[i].citation);
		free(r->secs[i].text);
	}
	r->nsecs = 0;
	r->nreach = 0;
}

static struct rsec *sec_new(struct reader *r)
{
	if (r->nsecs == r->capsecs) {
		r->capsecs = r->capsecs ? r->capsecs * 2 : 64;
		r->secs = xrealloc(r->secs, (size_t)r->capsecs * sizeof *r->secs);
	}
	struct rsec *s = &r->secs[r->nsecs++];
	memset(s, 0, sizeof *s);
	return s;
}

static int sec_cb(void *ctx, const struct section *s)
{
	struct reader *r = ctx;
	struct rsec *rs = sec_new(r);
	struct buf b = { 0 };
	rs->id = s->id;
	rs->depth = s->depth;
	rs->label = ui_clean(s->label);
	rs->citation = ui_clean(s->full_label[0] ? s->full_label : s->label);
	char *h = ui_clean(s->heading);
	/* bullets show as they are printed: "- text", "+ text" */
	const char *mark = s->level == LEVEL_DASH ? "-" : s->level == LEVEL_PLUS ? "+" : rs->label;
	if (mark[0])
		buf_puts(&b, mark);
	if (mark[0] && h[0])
		buf_puts(&b, mark == rs->label ? ". " : " ");
	buf_puts(&b, h);
	free(h);
	if (!b.len)
		buf_puts(&b, _("(preamble)"));
	rs->head_len = b.len;
	if (s->body && s->body[0]) {
		char *body = text_sanitize_lines(s->body, strlen(s->body));
		size_t n = strlen(body);
		while (n && body[n - 1] == '\n')
			n--;
		if (n) {
			buf_putc(&b, '\n');
			buf_append(&b, body, n);
		}
		free(body);
	}
	rs->text = buf_take(&b);
	rs->n_comments = s->n_comments;
	rs->n_pending = s->n_pending;
	rs->change = -1;
	return 0;
}

/* Mark the sections that changed from the version before (the stored alignment): sections
 * are found by id in a copy of their ids sorted. */
struct sec_by_id {
	gid id;
	int idx;              /* in secs */
};

struct changes {
	struct reader *r;
	struct sec_by_id *v;
	int n;
};

static int cmp_sec_id(const void *a, const void *b)
{
	gid x = ((const struct sec_by_id *)a)->id, y = ((const struct sec_by_id *)b)->id;
	return x < y ? -1 : x > y;
}

static int change_cb(void *ctx, gid id, int kind)
{
	struct changes *c = ctx;
	struct sec_by_id key = { id, 0 };
	const struct sec_by_id *hit = (c->n ? bsearch(&key, c->v, (size_t)c->n, sizeof *c->v, cmp_sec_id) : NULL);
	if (hit)
		c->r->secs[hit->idx].change = kind;
	return 0;
}

/* ---- comments of earlier rounds ----------------------------------------------------------- */

/* The sections by id (the same index as the change marks'). */
static struct changes sections_by_id(struct reader *r)
{
	struct changes c = { r, xcalloc((size_t)r->nsecs, sizeof *c.v), 0 };
	for (int i = 1; i < r->nsecs; i++)
		c.v[c.n++] = (struct sec_by_id){ r->secs[i].id, i };
	if (c.n > 1)
		qsort(c.v, (size_t)c.n, sizeof *c.v, cmp_sec_id);
	return c;
}

static int cmp_reach_old(const void *a, const void *b)
{
	gid x = ((const struct reach *)a)->old_id, y = ((const struct reach *)b)->old_id;
	return x < y ? -1 : x > y;
}

static int reach_cb(void *ctx, gid section_id, gid old_id, int64_t n, int64_t pending)
{
	struct changes *c = ctx;
	struct reader *r = c->r;
	(void)pending;
	struct sec_by_id key = { section_id, 0 };
	const struct sec_by_id *hit = (c->n ? bsearch(&key, c->v, (size_t)c->n, sizeof *c->v, cmp_sec_id) : NULL);
	if (!hit)
		return 0;
	if (r->nreach == r->capreach) {
		r->capreach = r->capreach ? 2 * r->capreach : 64;
		r->reach = xrealloc(r->reach, (size_t)r->capreach * sizeof *r->reach);
	}
	r->reach[r->nreach++] = (struct reach){hit->idx, old_id, n};
	r->secs[hit->idx].n_earlier += n;
	return 0;
}

/* The earlier rounds' comments on each section (store_earlier_reach). */
static int load_earlier(struct reader *r, struct ui *u)
{
	if (r->version < 2)
		return 0;
	struct changes c = sections_by_id(r);
	int rc = store_earlier_reach(u->st, r->doc.id, r->version, reach_cb, &c);
	free(c.v);
	return rc;
}

/* Earlier rounds' comments on the sections [i, end), each earlier section once (a khoản split
 * in two under one folded article counts once). */
static int64_t earlier_in(const struct reader *r, int i, int end)
{
	struct reach *in = xcalloc((size_t)r->nreach + 1, sizeof *in);
	size_t n = 0;
	for (int k = 0; k < r->nreach; k++)
		if (r->reach[k].sec >= i && r->reach[k].sec < end)
			in[n++] = r->reach[k];
	if (n > 1)
		qsort(in, n, sizeof *in, cmp_reach_old);
	int64_t total = 0;
	for (size_t k = 0; k < n; k++)
		if (k == 0 || in[k].old_id != in[k - 1].old_id)
			total += in[k].n;
	free(in);
	return total;
}

static int mark_changes(struct reader *r, struct ui *u)
{
	struct changes c = sections_by_id(r);
	int rc = store_changed_sections(u->st, r->doc.id, r->version, change_cb, &c);
	free(c.v);
	return rc;
}

/* The review as it is now, for read_at. */
static void review_now(struct reader *r, struct ui *u, int64_t now[3])
{
	now[0] = store_data_version(u->st);
	now[1] = store_own_writes(u->st);
	now[2] = r->version;
}

static int reader_load(struct reader *r, struct ui *u)
{
	secs_free(r);
	struct comment_query q = { .doc_id = r->doc.id, .scope = SCOPE_GENERAL, .order = ORDER_THREAD };
	comment_filter_init(&q.filter);
	struct rsec *g = sec_new(r);
	g->label = xstrdup("");
	g->text = xstrdup(_("General comments on the whole draft"));
	g->head_len = strlen(g->text);
	g->change = -1;
	if (store_comment_count(u->st, &q, &g->n_comments, &g->n_pending) != 0)
		return -1;
	if (store_section_each(u->st, r->doc.id, sec_cb, r) != 0)
		return -1;
	if (r->version > 1 && mark_changes(r, u) != 0)
		return -1;
	if (load_earlier(r, u) != 0)
		return -1;
	/* subtrees: sections are in document order, so a subtree ends at the next section of
	 * the same or a lower depth (the general entry has none) */
	int *open = xcalloc((size_t)r->nsecs + 1, sizeof *open);
	int sp = 0;
	for (int i = 1; i <= r->nsecs; i++) {
		int d = i < r->nsecs ? r->secs[i].depth : -1;
		while (sp > 0 && r->secs[open[sp - 1]].depth >= d)
			r->secs[open[--sp]].end = i;
		if (i < r->nsecs)
			open[sp++] = i;
	}
	free(open);
	r->secs[0].end = 1;
	r->width = 0; /* re-wrap */
	review_now(r, u, r->read_at);
	return 0;
}

/* Keep the folds of the sections that are still there after a reload. */
static void keep_folds(struct reader *r, const gid *folded, int n)
{
	for (int i = 1; i < r->nsecs; i++)
		for (int k = 0; k < n; k++)
			if (r->secs[i].id == folded[k])
				r->secs[i].folded = r->secs[i].end > i + 1;
}

/* Is section i hidden by a folded section around it? */
static bool hidden(const struct reader *r, int i)
{
	for (int a = i - 1; a > 0; a--)
		if (r->secs[a].end > i && r->secs[a].folded)
			return true;
	return false;
}

/* Unfold every section around i, so that it shows. */
static void reveal(struct reader *r, int i)
{
	for (int a = i - 1; a > 0; a--)
		if (r->secs[a].end > i && r->secs[a].folded) {
			r->secs[a].folded = false;
			r->width = 0;
		}
}

static void counts(const struct reader *r, int i, char *out, size_t n, bool wide);

/* The counts of section i, after its change from the version before: "Δ edited [2 comments,
 * 1 pending]" ("Δ [2/1]" on a narrow screen): a mark in text, not colour only. */
static void count_label(const struct reader *r, int i, char *out, size_t n, bool wide)
{
	int ch = r->secs[i].change;
	if (ch < 0) {
		counts(r, i, out, n, wide);
		return;
	}
	char cnt[112];
	counts(r, i, cnt, sizeof cnt, wide);
	if (wide)
		snprintf(out, n, "Δ %s%s%s", _(align_kind_name((enum align_kind)ch)), cnt[0] ? " " : "", cnt);
	else
		snprintf(out, n, "Δ%s%s", cnt[0] ? " " : "", cnt);
}

static void counts(const struct reader *r, int i, char *out, size_t n, bool wide)
{
	const struct rsec *s = &r->secs[i];
	if (s->folded) { /* the totals of the hidden sections, with its own */
		int64_t c = 0, p = 0;
		for (int k = i; k < s->end; k++) {
			c += r->secs[k].n_comments;
			p += r->secs[k].n_pending;
		}
		int hid = s->end - i - 1;
		int64_t e = r->nreach ? earlier_in(r, i, s->end) : 0;
		if (wide) {
			char cnt[64], more[96] = "";
			snprintf(cnt, sizeof cnt, ngettext("%lld comment, %lld pending", "%lld comments, %lld pending",
			                                   (unsigned long)c), (long long)c, (long long)p);
			if (e) {
				strcpy(more, "; ");
				snprintf(more + 2, sizeof more - 2, ngettext("%lld from earlier rounds", "%lld from earlier rounds",
				                                             (unsigned long)e), (long long)e);
			}
			snprintf(out, n, ngettext("[+%d section folded: %s%s]", "[+%d sections folded: %s%s]", (unsigned long)hid),
			         hid, cnt, more);
		} else if (e)
			snprintf(out, n, "+%d [%lld/%lld+%lld]", hid, (long long)c, (long long)p, (long long)e);
		else
			snprintf(out, n, "+%d [%lld/%lld]", hid, (long long)c, (long long)p);
	} else if (s->n_comments == 0 && s->n_earlier == 0)
		out[0] = '\0';
	else if (s->n_comments == 0 && wide)
		snprintf(out, n, ngettext("[%lld from earlier rounds]", "[%lld from earlier rounds]",
		                          (unsigned long)s->n_earlier), (long long)s->n_earlier);
	else if (s->n_comments == 0)
		snprintf(out, n, "[+%lld]", (long long)s->n_earlier);
	else if (wide && s->n_earlier)
		snprintf(out, n, ngettext("[%lld comment, %lld pending; %lld from earlier rounds]",
		                          "[%lld comments, %lld pending; %lld from earlier rounds]",
		                          (unsigned long)s->n_comments),
		         (long long)s->n_comments, (long long)s->n_pending, (long long)s->n_earlier);
	else if (wide)
		snprintf(out, n, ngettext("[%lld comment, %lld pending]", "[%lld comments, %lld pending]",
		                          (unsigned long)s->n_comments),
		         (long long)s->n_comments, (long long)s->n_pending);
	else if (s->n_earlier)
		snprintf(out, n, "[%lld/%lld+%lld]", (long long)s->n_comments, (long long)s->n_pending,
		         (long long)s->n_earlier);
	else
		snprintf(out, n, "[%lld/%lld]", (long long)s->n_comments, (long long)s->n_pending);
}

static int indent_of(const struct rsec *s, int width)
{
	int ind = s->depth * 2;
	if (ind > width / 4)
		ind = width / 4;
	return ind;
}

static void add_line(struct reader *r, struct rline l)
{
	if (r->nlines == r->caplines) {
		r->caplines = r->caplines ? r->caplines * 2 : 256;
		r->lines = xrealloc(r->lines, (size_t)r->caplines * sizeof *r->lines);
	}
	r->lines[r->nlines++] = l;
}

/* Wrap every section for the current width, keeping the cursor on the same text. */
static void rewrap(struct reader *r)
{
	int keep_sec = 0;
	size_t keep_off = 0;
	if (r->sel < r->nlines) {
		keep_sec = r->lines[r->sel].sec;
		keep_off = r->lines[r->sel].off;
	}
	r->nlines = 0;
	r->width = COLS;
	bool wide = COLS >= 70;
	for (int i = 0; i < r->nsecs; i++) {
		const struct rsec *s = &r->secs[i];
		char cnt[128];
		count_label(r, i, cnt, sizeof cnt, wide);
		int cw = cnt[0] ? text_width(cnt, strlen(cnt)) + 1 : 0;
		int w = COLS - indent_of(s, COLS), w1 = w - cw; /* the first line holds the counts */
		if (w1 < 8)
			w1 = 8;
		size_t len = strlen(s->text), pos = 0, next;
		bool first = true;
		while (pos < len) {
			size_t n = text_wrap_line(s->text + pos, len - pos, first ? w1 : w, &next);
			add_line(r, (struct rline){ .sec = i, .off = pos, .len = n, .head = pos < s->head_len,
			                            .first = first });
			first = false;
			if (!next)
				break;
			pos += next;
		}
		if (s->folded)
			i = s->end - 1;
	}
	while (keep_sec > 0 && hidden(r, keep_sec)) { /* folded away: its visible parent */
		int a = keep_sec - 1;
		while (a > 0 && r->secs[a].end <= keep_sec)
			a--;
		keep_sec = a;
		keep_off = 0;
	}
	r->sel = 0;
	for (int i = 0; i < r->nlines; i++) {
		if (r->lines[i].sec == keep_sec && r->lines[i].off <= keep_off)
			r->sel = i;
		if (r->lines[i].sec > keep_sec)
			break;
	}
}

static void reader_draw(struct view *v, struct ui *u, int y0, int h)
{
	struct reader *r = (struct reader *)v;
	if (r->width != COLS)
		rewrap(r);
	if (r->sel >= r->nlines)
		r->sel = r->nlines - 1;
	if (r->sel < 0)
		r->sel = 0;
	if (r->top > r->sel)
		r->top = r->sel;
	if (r->sel >= r->top + h)
		r->top = r->sel - h + 1;
	bool wide = COLS >= 70;
	int cur = r->nlines ? r->lines[r->sel].sec : -1;
	for (int i = 0; i < h && r->top + i < r->nlines; i++) {
		const struct rline *l = &r->lines[r->top + i];
		const struct rsec *s = &r->secs[l->sec];
		int y = y0 + i;
		attr_t attr = r->top + i == r->sel ? UI_ATTR_SELECT : l->head ? A_BOLD : A_NORMAL;
		int ind = indent_of(s, COLS);
		ui_clear_row(y, A_NORMAL);
		if (ind > 0 && l->sec == cur && l->first)
			ui_put(u, y, 0, ind, "▶", strlen("▶"), A_BOLD);
		else if (ind > 0 && s->folded && l->first)
			ui_put(u, y, ind - 1 > 0 ? ind - 2 : 0, 1, "▸", strlen("▸"), A_BOLD);
		char cnt[128];
		count_label(r, l->sec, cnt, sizeof cnt, wide);
		int cw = cnt[0] ? text_width(cnt, strlen(cnt)) : 0;
		int tw = COLS - ind - (l->first && cw ? cw + 1 : 0);
		ui_put(u, y, ind, tw, s->text + l->off, l->len, attr);
		if (l->first && cw)
			ui_put(u, y, COLS - cw, cw, cnt, strlen(cnt), s->n_pending ? A_BOLD : A_DIM);
	}
}

static int cur_sec(const struct reader *r)
{
	return r->nlines ? r->lines[r->sel].sec : 0;
}

static void goto_sec(struct reader *r, int sec)
{
	for (int i = 0; i < r->nlines; i++)
		if (r->lines[i].sec == sec) {
			r->sel = i;
			int h = ui_body_rows();
			if (r->sel < r->top || r->sel >= r->top + h)
				r->top = r->sel; /* a jump shows the section from its start */
			return;
		}
}

/* The next (dir 1) or previous (-1) section at the level of section i, under the same
 * parent; -1 when there is none. */
static int sibling(const struct reader *r, int i, int dir)
{
	if (i == 0)
		return dir > 0 && r->nsecs > 1 ? 1 : -1; /* from the general entry: the first section */
	int d = r->secs[i].depth;
	if (dir > 0) {
		int j = r->secs[i].end;
		return j < r->nsecs && r->secs[j].depth == d ? j : -1;
	}
	for (int j = i - 1; j > 0; j--) {
		if (r->secs[j].depth < d)
			return -1;
		if (r->secs[j].depth == d)
			return j;
	}
	return -1;
}

static void open_thread(struct reader *r, struct ui *u, int sec)
{
	const struct rsec *s = &r->secs[sec];
	struct view *t = s->id ? view_thread_new(u, &r->doc, SCOPE_SECTION, s->id, s->citation, 0)
	                       : view_thread_new(u, &r->doc, SCOPE_GENERAL, 0, NULL, 0);
	if (t)
		ui_push(u, t);
}

static void reader_reload(struct view *v, struct ui *u);

struct versions_menu {
	char **items;
	int n;
};

static int version_item(void *ctx, const struct version *v)
{
	struct versions_menu *m = ctx;
	struct buf b = { 0 };
	char *label = ui_clean(v->label);
	char when[40];
	time_show(v->created_at, when, sizeof when);
	if (label[0])
		buf_puts(&b, label);
	else
		buf_printf(&b, _("version %d"), v->number);
	buf_printf(&b, " · %s", when);
	free(label);
	m->items = xrealloc(m->items, (size_t)(m->n + 1) * sizeof *m->items);
	m->items[m->n++] = buf_take(&b);
	return 0;
}

/* V: a menu of the draft's versions; the chosen one is shown, and new comments on its
 * sections go to it. */
static void choose_version(struct reader *r, struct ui *u)
{
	struct versions_menu m = { 0 };
	if (store_version_each(u->st, r->doc.id, version_item, &m) != 0) {
		ui_msg_err(u);
	} else if (m.n < 2) {
		ui_msg(u, _("%s has one version only"), r->doc.code);
	} else {
		int pick = ui_menu(u, _("Version shown (new comments go to it)"), (const char *const *)m.items, m.n,
		                   r->version - 1);
		if (pick >= 0) {
			r->version = pick + 1;
			u->version = r->version == r->doc.n_versions ? 0 : r->version;
			store_set_version(u->st, u->version);
			reader_reload(&r->v, u);
			ui_msg(u, _("showing version %d of %d"), r->version, r->doc.n_versions);
		}
	}
	for (int i = 0; i < m.n; i++)
		free(m.items[i]);
	free(m.items);
}

static bool reader_act(struct view *v, struct ui *u, enum action a)
{
	struct reader *r = (struct reader *)v;
	if (r->width != COLS)
		rewrap(r);
	if (ui_nav(a, &r->sel, &r->top, r->nlines, ui_body_rows()))
		return true;
	int cs = cur_sec(r);
	switch (a) {
	case ACT_ENTER:
		open_thread(r, u, cs);
		return true;
	case ACT_GENERAL:
		open_thread(r, u, 0);
		return true;
	case ACT_ALL_COMMENTS: {
		struct view *t = view_thread_new(u, &r->doc, SCOPE_DOCUMENT, 0, NULL, 0);
		if (t)
			ui_push(u, t);
		return true;
	}
	case ACT_NEXT_SECTION:
	case ACT_PREV_SECTION: {
		/* K on a section's second line goes to its own start first */
		if (a == ACT_PREV_SECTION && r->nlines && !r->lines[r->sel].first) {
			goto_sec(r, cs);
			return true;
		}
		int to = sibling(r, cs, a == ACT_NEXT_SECTION ? 1 : -1);
		if (to < 0)
			ui_msg(u, a == ACT_NEXT_SECTION ? _("no next section at this level")
			                                : _("no previous section at this level"));
		else
			goto_sec(r, to);
		return true;
	}
	case ACT_NEXT_COMMENTED:
	case ACT_PREV_COMMENTED: {
		int dir = a == ACT_NEXT_COMMENTED ? 1 : -1;
		for (int i = cs + dir; i >= 0 && i < r->nsecs; i += dir)
			if (r->secs[i].n_comments > 0) {
				reveal(r, i);
				if (r->width != COLS)
					rewrap(r);
				goto_sec(r, i);
				return true;
			}
		ui_msg(u, _("no more sections with comments"));
		return true;
	}
	case ACT_TOGGLE:
		if (r->secs[cs].end > cs + 1) {
			r->secs[cs].folded = !r->secs[cs].folded;
			rewrap(r);
			goto_sec(r, cs);
		} else {
			ui_msg(u, _("no sections inside this one to fold"));
		}
		return true;
	case ACT_COLLAPSE_ALL: { /* fold every section with sections inside; again: unfold all */
		bool any = false;
		for (int i = 1; i < r->nsecs; i++)
			any = any || (r->secs[i].end > i + 1 && !r->secs[i].folded);
		for (int i = 1; i < r->nsecs; i++)
			r->secs[i].folded = any && r->secs[i].end > i + 1;
		rewrap(r);
		return true;
	}
	case ACT_COMPARE:
	case ACT_COMPARE_DOC:
	case ACT_EARLIER: {
		gid id = a == ACT_COMPARE_DOC ? 0 : r->secs[cs].id;
		if (a != ACT_COMPARE_DOC && !id) {
			ui_msg(u, "%s", _("choose a section first"));
			return true;
		}
		struct view *t = a == ACT_EARLIER ? view_earlier_new(u, &r->doc, id, r->secs[cs].citation)
		                                  : view_compare_new(u, &r->doc, r->version, id, r->secs[cs].citation);
		if (t)
			ui_push(u, t);
		else
			ui_msg_err(u);
		return true;
	}
	case ACT_VERSION:
		choose_version(r, u);
		return true;
	case ACT_COMMENT:
		if (cs == 0 || r->secs[cs].id == 0)
			ui_compose_run(u, r->doc.id, 0, 0, 0, NULL);
		else
			ui_compose_run(u, r->doc.id, r->secs[cs].id, 0, 0, NULL);
		return true;
	default:
		return false;
	}
}

static void reader_title(struct view *v, struct ui *u, struct buf *out)
{
	struct reader *r = (struct reader *)v;
	(void)u;
	buf_printf(out, "%s — %s", r->doc.code, r->doc.title);
	if (r->doc.kind && r->doc.kind[0])
		buf_printf(out, " (%s)", r->doc.kind);
	if (r->doc.n_versions > 1) {
		buf_puts(out, " · ");
		buf_printf(out, _("version %d of %d"), r->version, r->doc.n_versions);
	}
}

/* Nobody wrote since the sections were read, the version shown is the same, and the lines
 * are wrapped for this width: reading them again would give what the reader holds (on a
 * server, the whole draft again over the socket). */
static bool loaded_still(struct reader *r, struct ui *u)
{
	int64_t now[3];
	review_now(r, u, now);
	return now[0] >= 0 && r->width == COLS && memcmp(now, r->read_at, sizeof now) == 0;
}

static void reader_reload(struct view *v, struct ui *u)
{
	struct reader *r = (struct reader *)v;
	if (loaded_still(r, u)) { /* back from a view above: the status line's document again */
		struct document d = { 0 };
		if (store_document_get_id(u->st, r->doc.id, &d) == 0) {
			ui_set_doc(u, &d);
			document_clear(&d);
		}
		return;
	}
	gid keep = r->nlines ? r->secs[r->lines[r->sel].sec].id : 0;
	size_t off = r->nlines ? r->lines[r->sel].off : 0;
	int top_gap = r->sel - r->top;
	gid *folded = xcalloc((size_t)r->nsecs + 1, sizeof *folded);
	int nf = 0;
	for (int i = 0; i < r->nsecs; i++)
		if (r->secs[i].folded)
			folded[nf++] = r->secs[i].id;
	if (reader_load(r, u) != 0) {
		free(folded);
		ui_msg_err(u);
		return;
	}
	keep_folds(r, folded, nf);
	free(folded);
	r->sel = r->nlines = 0;
	rewrap(r);
	for (int i = 0; i < r->nlines; i++)
		if (r->secs[r->lines[i].sec].id == keep && r->lines[i].off <= off)
			r->sel = i;
	r->top = r->sel - top_gap > 0 ? r->sel - top_gap : 0;
	struct document d = { 0 };
	if (store_document_get_id(u->st, r->doc.id, &d) == 0) {
		ui_set_doc(u, &d);
		document_clear(&d);
	}
}

/* The line holding byte `off` of section sec. */
static int line_of(const struct reader *r, int sec, size_t off)
{
	int best = -1;
	for (int i = 0; i < r->nlines; i++) {
		if (r->lines[i].sec == sec && r->lines[i].off <= off)
			best = i;
		if (r->lines[i].sec > sec)
			break;
	}
	return best;
}

static bool reader_search(struct view *v, struct ui *u, int dir, bool here)
{
	struct reader *r = (struct reader *)v;
	if (r->width != COLS)
		rewrap(r);
	if (!r->nlines)
		return false;
	int best = -1;
	/* Scan sections from the current one in the direction; within a section take every
	 * match and map it to its line. */
	for (int k = 0; k <= r->nsecs && best < 0; k++) {
		int si = ((cur_sec(r) + dir * k) % r->nsecs + r->nsecs) % r->nsecs;
		const struct rsec *s = &r->secs[si];
		size_t len = strlen(s->text), from = 0, a, b;
		if (hidden(r, si)) { /* a match inside a fold unfolds it */
			if (!text_find(s->text, len, u->search.fold, u->search.exact, u->search.casefold, 0, &a, &b))
				continue;
			reveal(r, si);
			rewrap(r);
		}
		while (from < len &&
		       text_find(s->text, len, u->search.fold, u->search.exact, u->search.casefold, from, &a, &b)) {
			int li = line_of(r, si, a);
			bool after = k > 0 || (here ? li >= r->sel : li > r->sel);
			bool before = k > 0 || (here ? li <= r->sel : li < r->sel);
			if (li >= 0 && dir > 0 && after) {
				best = li;
				break;
			}
			if (li >= 0 && dir < 0 && before)
				best = li; /* keep the last one before the cursor */
			from = b > a ? b : a + 1;
		}
		if (k == r->nsecs)
			break;
	}
	if (best < 0)
		return false;
	r->sel = best;
	int h = ui_body_rows();
	if (r->sel < r->top || r->sel >= r->top + h)
		r->top = r->sel > h / 3 ? r->sel - h / 3 : 0;
	return true;
}

/* The lines holding a match, counted as n and N visit them. */
static bool reader_count(struct view *v, struct ui *u, bool lazy, int64_t *index, int64_t *total)
{
	struct reader *r = (struct reader *)v;
	(void)lazy;
	*index = *total = 0;
	for (int si = 0; si < r->nsecs; si++) {
		const struct rsec *s = &r->secs[si];
		size_t len = strlen(s->text), from = 0, a, b;
		int last = -1;
		while (from < len &&
		       text_find(s->text, len, u->search.fold, u->search.exact, u->search.casefold, from, &a, &b)) {
			int li = line_of(r, si, a);
			if (li >= 0 && li != last) {
				++*total;
				if (li <= r->sel)
					*index = *total;
				last = li;
			}
			from = b > a ? b : a + 1;
		}
	}
	return true;
}

static void reader_where(struct view *v, struct ui *u, struct buf *out)
{
	struct reader *r = (struct reader *)v;
	(void)u;
	buf_printf(out, _("the text of %s"), r->doc.code);
}

static void reader_mark(struct view *v, bool restore)
{
	struct reader *r = (struct reader *)v;
	if (!restore) {
		r->mark_sec = r->nlines ? r->lines[r->sel].sec : 0;
		r->mark_off = r->nlines ? r->lines[r->sel].off : 0;
	} else {
		int li = line_of(r, r->mark_sec, r->mark_off);
		if (li >= 0)
			r->sel = li;
	}
}

static void reader_destroy(struct view *v)
{
	struct reader *r = (struct reader *)v;
	secs_free(r);
	free(r->secs);
	free(r->lines);
	free(r->reach);
	document_clear(&r->doc);
	free(r);
}

static const struct view_ops reader_ops = {
	.name = "reader",
	.kind = VK_READER,
	.draw = reader_draw,
	.act = reader_act,
	.title = reader_title,
	.reload = reader_reload,
	.search = reader_search,
	.count = reader_count,
	.where = reader_where,
	.mark = reader_mark,
	.destroy = reader_destroy,
};

struct view *view_reader_new(struct ui *u, const struct document *d)
{
	struct reader *r = xcalloc(1, sizeof *r);
	r->v.ops = &reader_ops;
	u->version = 0; /* a reader opens on the newest version */
	store_set_version(u->st, 0);
	if (store_document_get_id(u->st, d->id, &r->doc) == 0)
		r->version = r->doc.n_versions;
	if (!r->version || reader_load(r, u) != 0) {
		ui_msg_err(u);
		reader_destroy(&r->v);
		return NULL;
	}
	ui_set_doc(u, &r->doc);
	return &r->v;
}

void view_reader_goto(struct view *v, gid section_id)
{
	struct reader *r = (struct reader *)v;
	if (r->width != COLS || r->nlines == 0)
		rewrap(r);
	for (int i = 0; i < r->nlines; i++)
		if (r->secs[r->lines[i].sec].id == section_id) {
			r->sel = r->top = i;
			return;
		}
}
