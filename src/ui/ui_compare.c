/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_compare.c — the compare view and the earlier-rounds view of the reader.
 *
 * The compare view shows what changed between a version of a draft and the one before it,
 * for one section (with the sections inside it) or the whole document: the stored alignment
 * (store_align_each) pairs the sections, each pair's text goes through the word diff (diff.h),
 * and the old and new text are shown side by side when the screen is wide enough, else one
 * above the other ("-" and "+" in the gutter). Deleted words are red and inserted ones green;
 * without colour (NO_COLOR, a monochrome terminal) they read [-deleted-] and {+inserted+} as in
 * git's word diff. Under each change come the comments made on the older section, with their
 * disposition and response: what led to the change. Renumbered, moved, split, merged, new and
 * removed sections are labelled; in the whole document, runs of unchanged sections are one
 * summary line (z shows them). ] and [ jump between changes; Enter opens the older section's
 * comments.
 *
 * The earlier-rounds view lists the comments made on the sections of earlier versions that a
 * section continues (store_section_origins), each group headed by its version and its label
 * there, each comment with its disposition.
 *
 * Both are built once into paragraphs of styled text (a style byte per text byte) and wrapped
 * into screen rows when the width changes. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/align.h"
#include "gopy/diff.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

/* Screens at least this wide show the two versions side by side. */
#define SIDE_MIN_COLS 100
#define GUTTER 3
/* Comments (and replies) shown under a change: of the whole document, of one section. */
#define DOC_COMMENTS 6
#define SECTION_COMMENTS 60

enum style { ST_PLAIN, ST_DEL, ST_INS, ST_MARK, ST_HEAD, ST_DIM, ST_DISP };

struct para {
	struct buf text;     /* sanitised, LF kept */
	struct buf style;    /* one enum style a byte of text */
	size_t *chg;         /* byte offsets where a change starts */
	size_t nchg;
};

enum item_kind { IT_FULL, IT_PAIR };

struct item {
	enum item_kind kind;
	int a, b;            /* IT_FULL: para a; IT_PAIR: old para a and new para b (-1: none) */
	int indent;          /* IT_FULL */
	int group;           /* index in groups, -1 for none */
	bool stop;           /* IT_FULL: a change of its own (a label, no text change) */
};

/* A line of a paragraph: its bytes [off, off + len), the next line starting at end. */
struct pline {
	size_t off, len, end;
};

struct crow {
	int item;
	int pa, pb;          /* paragraphs drawn (pb only side by side), -1 none */
	struct pline la, lb;
	char side;           /* stacked: '-' old, '+' new, ' ' */
	int x;               /* first column of the text (full rows) */
	bool stop;           /* a change starts on this row */
};

/* The sections a group of alignment links ties together: one old and one new usually, several
 * on one side for a split or a merge. */
struct group {
	int kind;            /* enum align_kind */
	gid *old_ids, *new_ids;  /* owned */
	int n_old, n_new;
};

struct csec {
	gid id, parent;
	char *label;         /* full_label, raw */
	char *text;          /* heading LF body, raw */
	char *short_label;   /* label as printed ("Khoản 1"), raw */
};

struct compare {
	struct view v;
	struct document doc;
	int from, to;        /* versions compared */
	char *from_name, *to_name;
	gid section;         /* a section of `to` (with its subtree); 0: the whole document */
	char *section_label;
	bool earlier;        /* the earlier-rounds view of `section` */
	bool show_same;      /* unchanged sections shown in full */
	int layout;          /* 0 auto, 1 side by side, 2 one above the other */
	struct para *paras;
	int np, capp;
	struct item *items;
	int ni, capi;
	struct group *groups;
	int ng, capg;
	struct crow *rows;
	int nr, capr;
	int width;           /* rows laid out for this width (0: again) */
	bool side;
	int top, cur;        /* first row shown; the current change's row (-1: none) */
	int match;           /* the row of the last search match (-1: none) */
	int mark_top, mark_match; /* incremental search: where it started */
	int n_stops;
};

/* ---- paragraphs and items ----------------------------------------------------------------- */

static int para_new(struct compare *c)
{
	if (c->np == c->capp) {
		c->capp = c->capp ? 2 * c->capp : 64;
		c->paras = xrealloc(c->paras, (size_t)c->capp * sizeof *c->paras);
	}
	memset(&c->paras[c->np], 0, sizeof c->paras[c->np]);
	return c->np++;
}

/* Append raw text (sanitised here, line breaks kept) in style st. */
static void para_add(struct para *p, const char *s, size_t n, enum style st)
{
	char *clean = text_sanitize_lines(s, n);
	size_t len = strlen(clean);
	buf_append(&p->text, clean, len);
	for (size_t i = 0; i < len; i++)
		buf_putc(&p->style, (char)st);
	free(clean);
}

static void para_puts(struct para *p, const char *s, enum style st)
{
	para_add(p, s, strlen(s), st);
}

static void para_mark_change(struct para *p)
{
	p->chg = xrealloc(p->chg, (p->nchg + 1) * sizeof *p->chg);
	p->chg[p->nchg++] = p->text.len;
}

static void item_add(struct compare *c, struct item it)
{
	if (c->ni == c->capi) {
		c->capi = c->capi ? 2 * c->capi : 64;
		c->items = xrealloc(c->items, (size_t)c->capi * sizeof *c->items);
	}
	c->items[c->ni++] = it;
}

/* A full-width paragraph of one string; returns it for more text. */
static struct para *line_add(struct compare *c, int indent, int group, const char *s, enum style st)
{
	int p = para_new(c);
	item_add(c, (struct item){ .kind = IT_FULL, .a = p, .b = -1, .indent = indent, .group = group });
	if (s)
		para_puts(&c->paras[p], s, st);
	return &c->paras[p];
}

/* ---- the diff of a pair -------------------------------------------------------------------- */

/* Old and new text as two paragraphs, with the changes marked (colour, or git's markers). */
static void pair_add(struct compare *c, int group, const char *old, const char *new_)
{
	struct diff *d = text_diff(old, strlen(old), new_, strlen(new_));
	int pa = old[0] ? para_new(c) : -1, pb = new_[0] ? para_new(c) : -1;
	struct para *a = pa >= 0 ? &c->paras[pa] : NULL, *b = pb >= 0 ? &c->paras[pb] : NULL;
	bool marks = !ui_color;
	for (size_t i = 0; i < d->n_runs; i++) {
		const struct diff_run *r = &d->runs[i];
		bool starts = r->op != DIFF_EQUAL && (i == 0 || d->runs[i - 1].op == DIFF_EQUAL);
		if (starts && a)
			para_mark_change(a);
		if (starts && b)
			para_mark_change(b);
		if (r->op == DIFF_EQUAL) {
			if (a)
				para_add(a, d->old + r->old_off, r->old_len, ST_PLAIN);
			if (b)
				para_add(b, d->new_ + r->new_off, r->new_len, ST_PLAIN);
		} else if (r->op == DIFF_DELETE && a) {
			if (marks)
				para_puts(a, "[-", ST_MARK);
			para_add(a, d->old + r->old_off, r->old_len, ST_DEL);
			if (marks)
				para_puts(a, "-]", ST_MARK);
		} else if (r->op == DIFF_INSERT && b) {
			if (marks)
				para_puts(b, "{+", ST_MARK);
			para_add(b, d->new_ + r->new_off, r->new_len, ST_INS);
			if (marks)
				para_puts(b, "+}", ST_MARK);
		}
	}
	diff_free(d);
	item_add(c, (struct item){ .kind = IT_PAIR, .a = pa, .b = pb, .group = group });
}

/* ---- comments ------------------------------------------------------------------------------ */

struct comments_ctx {
	struct compare *c;
	int group;
	int indent;
	int n;
};

static int cmp_comment_cb(void *ctx, const struct comment *cm)
{
	struct comments_ctx *x = ctx;
	if (cm->deleted_at)
		return 0;
	struct para *p = line_add(x->c, x->indent + 2 * cm->depth, x->group, "• ", ST_DIM);
	para_puts(p, "[", ST_DISP);
	para_puts(p, disposition_label(cm->disposition), ST_DISP);
	para_puts(p, "] ", ST_DISP);
	para_puts(p, cm->author_name ? cm->author_name : "", ST_HEAD);
	if (cm->author_unit && cm->author_unit[0]) {
		para_puts(p, " (", ST_DIM);
		para_puts(p, cm->author_unit, ST_DIM);
		para_puts(p, ")", ST_DIM);
	}
	para_puts(p, ": ", ST_PLAIN);
	para_puts(p, cm->body ? cm->body : "", ST_PLAIN);
	if (cm->response && cm->response[0]) {
		para_puts(p, "\n→ ", ST_DISP);
		para_puts(p, cm->response, ST_PLAIN);
	}
	x->n++;
	return 0;
}

/* The comments of section id (threads in order), under a heading line; nothing when none. */
static int comments_add(struct compare *c, struct ui *u, int group, gid id, const char *heading)
{
	struct comment_query q = { .doc_id = c->doc.id, .scope = SCOPE_SECTION, .section_id = id, .order = ORDER_THREAD };
	comment_filter_init(&q.filter);
	int64_t n = 0, pending = 0;
	if (store_comment_count(u->st, &q, &n, &pending) != 0)
		return -1;
	if (n == 0)
		return 0;
	line_add(c, 2, group, heading, ST_DIM);
	struct comments_ctx x = { c, group, 4, 0 };
	/* a few under each change of the whole document, more for one section: Enter opens all */
	int limit = c->section ? SECTION_COMMENTS : DOC_COMMENTS;
	if (store_comment_page(u->st, &q, PAGE_FIRST, NULL, limit, cmp_comment_cb, &x) != 0)
		return -1;
	if (n > x.n) {
		struct buf t = { 0 };
		buf_printf(&t, ngettext("⋯ %lld more comment (Enter opens them all)", "⋯ %lld more comments (Enter opens them all)",
		                        (unsigned long)(n - x.n)), (long long)(n - x.n));
		line_add(c, 4, group, t.data, ST_DIM);
		buf_free(&t);
	}
	return 0;
}

/* ---- loading the two versions ------------------------------------------------------------- */

struct secs {
	struct csec *v;
	size_t n, cap;
};

static int sec_cb(void *ctx, const struct section *s)
{
	struct secs *ss = ctx;
	if (ss->n == ss->cap) {
		ss->cap = ss->cap ? 2 * ss->cap : 64;
		ss->v = xrealloc(ss->v, ss->cap * sizeof *ss->v);
	}
	struct buf t = { 0 };
	buf_puts(&t, s->heading ? s->heading : "");
	if (s->body && s->body[0]) {
		buf_putc(&t, '\n');
		buf_puts(&t, s->body);
	}
	ss->v[ss->n++] = (struct csec){ s->id, s->parent_id, xstrdup(s->full_label[0] ? s->full_label : s->label),
		                        buf_take(&t), xstrdup(s->label) };
	return 0;
}

static void secs_free(struct secs *ss)
{
	for (size_t i = 0; i < ss->n; i++) {
		free(ss->v[i].label);
		free(ss->v[i].text);
		free(ss->v[i].short_label);
	}
	free(ss->v);
	memset(ss, 0, sizeof *ss);
}

static int secs_load(struct ui *u, gid doc, int version, struct secs *ss)
{
	store_set_version(u->st, version);
	int rc = store_section_each(u->st, doc, sec_cb, ss);
	store_set_version(u->st, u->version);
	return rc;
}

static const struct csec *sec_find(const struct secs *ss, gid id)
{
	for (size_t i = 0; i < ss->n; i++)
		if (ss->v[i].id == id)
			return &ss->v[i];
	return NULL;
}

/* Is section id of ss inside (or equal to) section root? */
static bool inside(const struct secs *ss, gid id, gid root)
{
	for (int guard = 0; id && guard < 64; guard++) {
		if (id == root)
			return true;
		const struct csec *s = sec_find(ss, id);
		id = s ? s->parent : 0;
	}
	return false;
}

struct links {
	struct align_row *v;
	size_t n, cap;
};

static int link_cb(void *ctx, const struct align_row *r)
{
	struct links *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n] = *r;
	l->v[l->n].old_label = l->v[l->n].new_label = NULL; /* borrowed: read from the sections instead */
	l->n++;
	return 0;
}

static void group_add_id(gid **ids, int *n, gid id)
{
	if (!id)
		return;
	for (int i = 0; i < *n; i++)
		if ((*ids)[i] == id)
			return;
	*ids = xrealloc(*ids, (size_t)(*n + 1) * sizeof **ids);
	(*ids)[(*n)++] = id;
}

/* The groups of links: a split old section with all its parts, a merged new one with all the
 * old ones it takes in, every other link alone; in the new version's order. */
static void make_groups(struct compare *c, const struct links *l)
{
	bool *used = xcalloc(l->n + 1, sizeof *used);
	for (size_t i = 0; i < l->n; i++) {
		if (used[i])
			continue;
		const struct align_row *r = &l->v[i];
		if (c->ng == c->capg) {
			c->capg = c->capg ? 2 * c->capg : 32;
			c->groups = xrealloc(c->groups, (size_t)c->capg * sizeof *c->groups);
		}
		struct group *g = &c->groups[c->ng++];
		memset(g, 0, sizeof *g);
		g->kind = r->kind;
		for (size_t j = i; j < l->n; j++) {
			const struct align_row *o = &l->v[j];
			bool same = j == i || (r->kind == ALIGN_SPLIT && o->kind == ALIGN_SPLIT && o->old_id == r->old_id) ||
			            (r->kind == ALIGN_MERGED && o->kind == ALIGN_MERGED && o->new_id == r->new_id);
			if (!same || used[j])
				continue;
			used[j] = true;
			group_add_id(&g->old_ids, &g->n_old, o->old_id);
			group_add_id(&g->new_ids, &g->n_new, o->new_id);
		}
	}
	free(used);
}

/* The texts (joined by line breaks) and citations (joined by ", ") of ids. */
static void join(const struct secs *ss, const gid *ids, int n, struct buf *text, struct buf *labels)
{
	for (int i = 0; i < n; i++) {
		const struct csec *s = sec_find(ss, ids[i]);
		if (!s)
			continue;
		if (text->len)
			buf_putc(text, '\n');
		buf_puts(text, s->text);
		if (labels->len)
			buf_puts(labels, ", ");
		buf_puts(labels, s->label);
	}
	if (!text->data)
		buf_puts(text, "");
	if (!labels->data)
		buf_puts(labels, "");
}

static const char *kind_label(int k)
{
	return _(align_kind_name((enum align_kind)k));
}

/* One group: its heading, the two texts compared, and the older sections' comments. */
static int group_show(struct compare *c, struct ui *u, int gi, const struct secs *os, const struct secs *ns)
{
	struct group *g = &c->groups[gi];
	struct buf ot = { 0 }, ol = { 0 }, nt = { 0 }, nl = { 0 }, head = { 0 };
	join(os, g->old_ids, g->n_old, &ot, &ol);
	join(ns, g->new_ids, g->n_new, &nt, &nl);
	if (ol.len && nl.len && strcmp(ol.data, nl.data) != 0)
		buf_printf(&head, "%s → %s", ol.data, nl.data);
	else
		buf_puts(&head, nl.len ? nl.data : ol.data);
	buf_printf(&head, " · %s", kind_label(g->kind));
	bool same_text = strcmp(ot.data, nt.data) == 0;
	if (same_text && g->kind != ALIGN_UNCHANGED)
		buf_printf(&head, " (%s)", _("text unchanged"));
	line_add(c, 0, -1, "", ST_PLAIN);
	struct para *h = line_add(c, 0, gi, NULL, ST_PLAIN);
	para_puts(h, head.data, ST_HEAD);
	c->items[c->ni - 1].stop = same_text && g->kind != ALIGN_UNCHANGED;
	if (same_text) {
		if (c->section || c->show_same) {
			struct para *p = line_add(c, 2, gi, NULL, ST_PLAIN);
			para_puts(p, nt.data, ST_PLAIN);
		}
	} else {
		pair_add(c, gi, ot.data, nt.data);
	}
	int rc = 0;
	for (int i = 0; rc == 0 && i < g->n_old; i++) {
		const struct csec *s = sec_find(os, g->old_ids[i]);
		struct buf t = { 0 };
		buf_printf(&t, _("Comments on %s (%s):"), s ? s->label : "?", c->from_name);
		rc = comments_add(c, u, gi, g->old_ids[i], t.data);
		buf_free(&t);
	}
	buf_free(&ot);
	buf_free(&ol);
	buf_free(&nt);
	buf_free(&nl);
	buf_free(&head);
	return rc;
}

/* A run of unchanged sections of the whole document, as one line. */
static void same_run(struct compare *c, const struct secs *ns, int from, int to)
{
	int n = to - from;
	if (n <= 0)
		return;
	const struct group *ga = &c->groups[from], *gb = &c->groups[to - 1];
	const struct csec *a = ga->n_new ? sec_find(ns, ga->new_ids[0]) : NULL;
	const struct csec *b = gb->n_new ? sec_find(ns, gb->new_ids[0]) : NULL;
	struct buf t = { 0 };
	buf_printf(&t, ngettext("⋯ %d unchanged section", "⋯ %d unchanged sections", (unsigned long)n), n);
	if (a && b && a != b)
		buf_printf(&t, ": %s … %s", a->label, b->label);
	else if (a)
		buf_printf(&t, ": %s", a->label);
	line_add(c, 0, -1, "", ST_PLAIN);
	line_add(c, 0, -1, t.data, ST_DIM);
	buf_free(&t);
}

struct vname_ctx {
	int n;
	char *name;
};

static int vname_cb(void *ctx, const struct version *v)
{
	struct vname_ctx *x = ctx;
	if (v->number != x->n)
		return 0;
	x->name = v->label[0] ? ui_clean(v->label) : NULL;
	return 1;
}

/* "Dự thảo lần 2" when the version has a label, else "version 2" (malloc'd). */
static char *vname(struct ui *u, gid doc, int n)
{
	struct vname_ctx x = { n, NULL };
	if (store_version_each(u->st, doc, vname_cb, &x) != 0)
		err_clear();
	if (x.name)
		return x.name;
	struct buf b = { 0 };
	buf_printf(&b, _("version %d"), n);
	return buf_take(&b);
}

/* ---- versions further apart: the alignments in between, chained -------------------------- */

static int cmp_new_id(const void *a, const void *b)
{
	gid x = ((const struct align_row *)a)->new_id, y = ((const struct align_row *)b)->new_id;
	return x < y ? -1 : x > y;
}

static void links_push(struct links *l, int kind, gid old_id, gid new_id)
{
	struct align_row r = { .kind = kind, .old_id = old_id, .new_id = new_id };
	link_cb(l, &r);
}

static int index_of(const struct secs *ss, gid id)
{
	for (size_t i = 0; i < ss->n; i++)
		if (ss->v[i].id == id)
			return (int)i;
	return -1;
}

/* The links from version c->from to c->to: each section of `to` is followed back through the
 * stored alignments of every pair in between to the sections of `from` it continues. Several
 * of them: merged; one reached from several: split; none: new; a section of `from` reached
 * from none: removed (after the link of the section before it). One of each: unchanged,
 * renumbered or edited by its text and label (a move is not told apart over several rounds). */
static int chain_links(struct compare *c, struct ui *u, const struct secs *os, const struct secs *ns,
                       struct links *out)
{
	size_t n = ns->n;
	struct links *anc = xcalloc(n ? n : 1, sizeof *anc); /* each section's ancestors, as new_id */
	for (size_t i = 0; i < n; i++)
		links_push(&anc[i], 0, 0, ns->v[i].id);
	int rc = 0;
	for (int k = c->to; rc == 0 && k > c->from; k--) {
		struct links pair = { 0 };
		rc = store_align_each(u->st, c->doc.id, k, link_cb, &pair);
		if (pair.n > 1) /* qsort(NULL, 0, …) is undefined */
			qsort(pair.v, pair.n, sizeof *pair.v, cmp_new_id);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			struct links next = { 0 };
			for (size_t a = 0; a < anc[i].n; a++) {
				struct align_row key = { .new_id = anc[i].v[a].new_id };
				struct align_row *hit = (pair.n ? bsearch(&key, pair.v, pair.n, sizeof *pair.v, cmp_new_id) : NULL);
				while (hit && hit > pair.v && hit[-1].new_id == key.new_id)
					hit--;
				for (; hit && hit < pair.v + pair.n && hit->new_id == key.new_id; hit++) {
					bool seen = false;
					for (size_t q = 0; q < next.n; q++)
						seen = seen || next.v[q].new_id == hit->old_id;
					if (hit->old_id && !seen)
						links_push(&next, 0, 0, hit->old_id);
				}
			}
			free(anc[i].v);
			anc[i] = next;
		}
		free(pair.v);
	}
	int *refs = xcalloc(os->n + 1, sizeof *refs);
	for (size_t i = 0; rc == 0 && i < n; i++)
		for (size_t a = 0; a < anc[i].n; a++) {
			int oi = index_of(os, anc[i].v[a].new_id);
			if (oi >= 0)
				refs[oi]++;
		}
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct csec *w = &ns->v[i];
		if (!anc[i].n)
			links_push(out, ALIGN_NEW, 0, w->id);
		for (size_t a = 0; a < anc[i].n; a++) {
			int oi = index_of(os, anc[i].v[a].new_id);
			if (oi < 0)
				continue;
			const struct csec *o = &os->v[oi];
			int kind = anc[i].n > 1 ? ALIGN_MERGED : refs[oi] > 1 ? ALIGN_SPLIT
			         : strcmp(o->text, w->text) != 0 ? ALIGN_EDITED
			         : strcmp(o->short_label, w->short_label) != 0 ? ALIGN_RENUMBERED : ALIGN_UNCHANGED;
			links_push(out, kind, o->id, w->id);
		}
	}
	/* removed: after the last link of a section of `from` that comes before it */
	for (size_t oi = 0; rc == 0 && oi < os->n; oi++) {
		if (refs[oi])
			continue;
		size_t at = 0;
		for (size_t j = 0; j < out->n; j++) {
			int x = out->v[j].old_id ? index_of(os, out->v[j].old_id) : -1;
			if (x >= 0 && (size_t)x < oi)
				at = j + 1;
		}
		links_push(out, ALIGN_REMOVED, os->v[oi].id, 0);
		struct align_row r = out->v[out->n - 1];
		memmove(out->v + at + 1, out->v + at, (out->n - 1 - at) * sizeof *out->v);
		out->v[at] = r;
	}
	free(refs);
	for (size_t i = 0; i < n; i++)
		free(anc[i].v);
	free(anc);
	return rc;
}

static int compare_build(struct compare *c, struct ui *u)
{
	struct secs os = { 0 }, ns = { 0 };
	struct links l = { 0 };
	int rc = secs_load(u, c->doc.id, c->from, &os);
	if (rc == 0)
		rc = secs_load(u, c->doc.id, c->to, &ns);
	if (rc == 0)
		rc = c->from == c->to - 1 ? store_align_each(u->st, c->doc.id, c->to, link_cb, &l)
		                          : chain_links(c, u, &os, &ns, &l);
	if (rc == 0)
		make_groups(c, &l);
	int same_from = -1;
	for (int gi = 0; rc == 0 && gi < c->ng; gi++) {
		const struct group *g = &c->groups[gi];
		if (c->section) {
			bool in = false;
			for (int k = 0; k < g->n_new; k++)
				in = in || inside(&ns, g->new_ids[k], c->section);
			if (!in)
				continue;
		} else if (g->kind == ALIGN_UNCHANGED && !c->show_same) {
			if (same_from < 0)
				same_from = gi;
			continue;
		}
		if (same_from >= 0)
			same_run(c, &ns, same_from, gi);
		same_from = -1;
		rc = group_show(c, u, gi, &os, &ns);
	}
	if (rc == 0 && same_from >= 0)
		same_run(c, &ns, same_from, c->ng);
	if (rc == 0 && c->ni == 0)
		line_add(c, 0, -1, _("(no aligned sections: nothing to compare)"), ST_DIM);
	free(l.v);
	secs_free(&os);
	secs_free(&ns);
	return rc;
}

/* ---- the earlier-rounds view --------------------------------------------------------------- */

struct origins_ctx {
	struct compare *c;
	struct ui *u;
	int rc;
	int shown;
};

static int origin_cb(void *ctx, const struct section_origin *o)
{
	struct origins_ctx *x = ctx;
	if (o->n_comments == 0)
		return 0;
	char *name = vname(x->u, x->c->doc.id, o->version);
	struct buf t = { 0 };
	/* TRANSLATORS: the round (version) a comment came from, the section's label there and
	 * how it changed into the next version: "Dự thảo lần 1 · Điều 1 · renumbered" */
	buf_printf(&t, _("%s · %s · %s"), name, o->label, kind_label(o->kind));
	free(name);
	line_add(x->c, 0, -1, "", ST_PLAIN);
	line_add(x->c, 0, -1, t.data, ST_HEAD);
	x->c->items[x->c->ni - 1].stop = true;
	buf_free(&t);
	struct comments_ctx cc = { x->c, -1, 2, 0 };
	struct comment_query q = { .doc_id = x->c->doc.id, .scope = SCOPE_SECTION, .section_id = o->id,
		                   .order = ORDER_THREAD };
	comment_filter_init(&q.filter);
	x->rc = store_comment_each(x->u->st, &q, cmp_comment_cb, &cc);
	x->shown += cc.n;
	return x->rc != 0;
}

static int earlier_build(struct compare *c, struct ui *u)
{
	struct origins_ctx x = { c, u, 0, 0 };
	if (store_section_origins(u->st, c->section, origin_cb, &x) != 0 || x.rc != 0)
		return -1;
	if (!x.shown)
		line_add(c, 0, -1, _("(no comments from earlier rounds on this section)"), ST_DIM);
	return 0;
}

/* ---- layout -------------------------------------------------------------------------------- */

static void row_add(struct compare *c, struct crow r)
{
	if (c->nr == c->capr) {
		c->capr = c->capr ? 2 * c->capr : 256;
		c->rows = xrealloc(c->rows, (size_t)c->capr * sizeof *c->rows);
	}
	c->rows[c->nr++] = r;
}

/* The lines of para p at width w (at least one, empty for an empty paragraph). */
static struct pline *wrap(const struct para *p, int w, int *n)
{
	struct pline *v = NULL;
	*n = 0;
	size_t len = p->text.len, pos = 0, next;
	do {
		size_t k = len ? text_wrap_line(p->text.data + pos, len - pos, w, &next) : 0;
		v = xrealloc(v, (size_t)(*n + 1) * sizeof *v);
		v[*n] = (struct pline){ pos, k, len ? pos + next : 0 };
		(*n)++;
		if (!len || !next)
			break;
		pos += next;
	} while (pos < len);
	return v;
}

static bool line_stops(const struct para *p, const struct pline *l)
{
	for (size_t i = 0; i < p->nchg; i++)
		if (p->chg[i] >= l->off && (p->chg[i] < l->end || (l->end <= l->off && p->chg[i] <= l->off + l->len)))
			return true;
	return false;
}

static void lay_out(struct compare *c)
{
	c->nr = 0;
	c->width = COLS;
	c->side = c->layout == 1 || (c->layout == 0 && COLS >= SIDE_MIN_COLS);
	int full = COLS - GUTTER, colw = (COLS - GUTTER - 3) / 2;
	if (full < 1)
		full = 1;
	if (colw < 1)
		colw = 1;
	for (int i = 0; i < c->ni; i++) {
		const struct item *it = &c->items[i];
		if (it->kind == IT_FULL) {
			int ind = it->indent < full / 4 ? it->indent : full / 4, n;
			struct pline *ls = wrap(&c->paras[it->a], full - ind, &n);
			for (int k = 0; k < n; k++)
				row_add(c, (struct crow){ .item = i, .pa = it->a, .pb = -1, .la = ls[k], .side = ' ',
				                          .x = GUTTER + ind, .stop = k == 0 && it->stop });
			free(ls);
			continue;
		}
		int na = 0, nb = 0;
		struct pline *la = it->a >= 0 ? wrap(&c->paras[it->a], c->side ? colw : full, &na) : NULL;
		struct pline *lb = it->b >= 0 ? wrap(&c->paras[it->b], c->side ? colw : full, &nb) : NULL;
		if (c->side) {
			for (int k = 0; k < na || k < nb; k++) {
				struct crow r = { .item = i, .pa = k < na ? it->a : -1, .pb = k < nb ? it->b : -1, .side = ' ',
					          .x = GUTTER };
				if (k < na)
					r.la = la[k];
				if (k < nb)
					r.lb = lb[k];
				r.stop = (k < na && line_stops(&c->paras[it->a], &la[k])) ||
				         (k < nb && line_stops(&c->paras[it->b], &lb[k]));
				row_add(c, r);
			}
		} else {
			for (int k = 0; k < na; k++)
				row_add(c, (struct crow){ .item = i, .pa = it->a, .pb = -1, .la = la[k], .side = '-', .x = GUTTER,
				                          .stop = line_stops(&c->paras[it->a], &la[k]) });
			for (int k = 0; k < nb; k++)
				row_add(c, (struct crow){ .item = i, .pa = it->b, .pb = -1, .la = lb[k], .side = '+', .x = GUTTER,
				                          .stop = line_stops(&c->paras[it->b], &lb[k]) });
		}
		free(la);
		free(lb);
	}
	/* one stop a change: in one above the other, the old and new rows of a change are one */
	c->n_stops = 0;
	for (int r = 0; r < c->nr; r++) {
		struct crow *w = &c->rows[r];
		if (w->stop && w->side == '+') {
			/* the same change's old row was a stop already when the old side has one */
			const struct item *it = &c->items[w->item];
			bool old_stops = false;
			for (int k = r - 1; k >= 0 && c->rows[k].item == w->item && !old_stops; k--)
				old_stops = c->rows[k].side == '-' && c->rows[k].stop;
			if (old_stops && it->a >= 0)
				w->stop = false;
		}
		c->n_stops += w->stop;
	}
	if (c->cur >= c->nr)
		c->cur = -1;
	if (c->match >= c->nr)
		c->match = -1;
}

/* ---- drawing ------------------------------------------------------------------------------- */

static attr_t style_attr(int st)
{
	switch (st) {
	case ST_DEL: return ui_color ? COLOR_PAIR(UI_PAIR_DEL) : A_DIM;
	case ST_INS: return ui_color ? COLOR_PAIR(UI_PAIR_INS) | A_BOLD : A_BOLD;
	case ST_MARK: return A_BOLD;
	case ST_HEAD: return A_BOLD;
	case ST_DIM: return A_DIM;
	case ST_DISP: return A_BOLD;
	default: return A_NORMAL;
	}
}

/* Draw the line l of p at (y, x), at most w columns, a run of one style at a time. */
static void draw_line(struct ui *u, const struct para *p, const struct pline *l, int y, int x, int w)
{
	size_t i = l->off, end = l->off + l->len;
	int used = 0;
	while (i < end && used < w) {
		char st = p->style.data[i];
		size_t j = i;
		while (j < end && p->style.data[j] == st)
			j++;
		int rw = text_width(p->text.data + i, j - i);
		if (rw > w - used)
			rw = w - used;
		ui_put(u, y, x + used, rw, p->text.data + i, j - i, style_attr(st));
		used += rw;
		i = j;
	}
}

static void compare_draw(struct view *v, struct ui *u, int y0, int h)
{
	struct compare *c = (struct compare *)v;
	if (c->width != COLS)
		lay_out(c);
	if (c->top > c->nr - h)
		c->top = c->nr - h;
	if (c->top < 0)
		c->top = 0;
	int colw = (COLS - GUTTER - 3) / 2;
	for (int i = 0; i < h && c->top + i < c->nr; i++) {
		const struct crow *r = &c->rows[c->top + i];
		int y = y0 + i;
		ui_clear_row(y, A_NORMAL);
		if (c->top + i == c->cur)
			ui_put(u, y, 0, 1, "▶", strlen("▶"), A_BOLD);
		if (r->side != ' ') {
			char s[2] = { r->side, 0 };
			ui_put(u, y, 1, 1, s, 1, r->side == '-' ? style_attr(ST_DEL) : style_attr(ST_INS));
		}
		const struct item *it = &c->items[r->item];
		if (it->kind == IT_PAIR && c->side) {
			if (r->pa >= 0)
				draw_line(u, &c->paras[r->pa], &r->la, y, GUTTER, colw);
			ui_put(u, y, GUTTER + colw + 1, 1, "│", strlen("│"), A_DIM);
			if (r->pb >= 0)
				draw_line(u, &c->paras[r->pb], &r->lb, y, GUTTER + colw + 3, colw);
		} else if (r->pa >= 0) {
			draw_line(u, &c->paras[r->pa], &r->la, y, r->x, COLS - r->x);
		}
	}
}

/* ---- keys ---------------------------------------------------------------------------------- */

/* The next (dir 1) or previous (-1) change from the current one (or from the top). */
static bool step(struct compare *c, int dir)
{
	int from = c->cur >= 0 ? c->cur : dir > 0 ? c->top - 1 : c->top;
	for (int r = from + dir; r >= 0 && r < c->nr; r += dir)
		if (c->rows[r].stop) {
			c->cur = r;
			c->match = -1;
			/* show the change with a little of what comes before it */
			int h = ui_body_rows();
			if (r < c->top || r >= c->top + h - 2)
				c->top = r > 2 ? r - 2 : 0;
			return true;
		}
	return false;
}

static void compare_free_content(struct compare *c)
{
	for (int i = 0; i < c->np; i++) {
		buf_free(&c->paras[i].text);
		buf_free(&c->paras[i].style);
		free(c->paras[i].chg);
	}
	for (int i = 0; i < c->ng; i++) {
		free(c->groups[i].old_ids);
		free(c->groups[i].new_ids);
	}
	c->np = c->ni = c->ng = c->nr = 0;
	c->width = 0;
}

static int compare_load(struct compare *c, struct ui *u)
{
	compare_free_content(c);
	return c->earlier ? earlier_build(c, u) : compare_build(c, u);
}

/* V: the older version compared with, from a menu of those before c->to. */
static void choose_from(struct compare *c, struct ui *u)
{
	if (c->earlier) {
		ui_msg(u, "%s", _("no versions to choose here"));
		return;
	}
	char **items = xcalloc((size_t)c->to, sizeof *items);
	for (int k = 1; k < c->to; k++)
		items[k - 1] = vname(u, c->doc.id, k);
	int pick = ui_menu(u, _("Compare with"), (const char *const *)items, c->to - 1, c->from - 1);
	for (int k = 1; k < c->to; k++)
		free(items[k - 1]);
	free(items);
	if (pick < 0 || pick + 1 == c->from)
		return;
	c->from = pick + 1;
	free(c->from_name);
	c->from_name = vname(u, c->doc.id, c->from);
	c->top = 0;
	c->cur = c->match = -1;
	if (compare_load(c, u) != 0)
		ui_msg_err(u);
}

static bool compare_act(struct view *v, struct ui *u, enum action a)
{
	struct compare *c = (struct compare *)v;
	if (c->width != COLS)
		lay_out(c);
	int h = ui_body_rows(), last = c->nr - h > 0 ? c->nr - h : 0;
	switch (a) {
	case ACT_DOWN: c->top = c->top < last ? c->top + 1 : last; return true;
	case ACT_UP: c->top = c->top > 0 ? c->top - 1 : 0; return true;
	case ACT_PGDN: c->top = c->top + h < last ? c->top + h : last; return true;
	case ACT_PGUP: c->top = c->top > h ? c->top - h : 0; return true;
	case ACT_HALF_DN: c->top = c->top + h / 2 < last ? c->top + h / 2 : last; return true;
	case ACT_HALF_UP: c->top = c->top > h / 2 ? c->top - h / 2 : 0; return true;
	case ACT_TOP: c->top = 0; return true;
	case ACT_BOTTOM: c->top = last; return true;
	case ACT_NEXT_CHANGE:
	case ACT_PREV_CHANGE:
		if (!step(c, a == ACT_NEXT_CHANGE ? 1 : -1))
			ui_msg(u, "%s", a == ACT_NEXT_CHANGE ? _("no next change") : _("no previous change"));
		return true;
	case ACT_LAYOUT:
		c->layout = c->side ? 2 : 1;
		c->width = 0;
		c->cur = -1;
		return true;
	case ACT_TOGGLE:
		if (c->earlier || c->section) {
			ui_msg(u, "%s", _("only the whole document has unchanged sections to show"));
			return true;
		}
		c->show_same = !c->show_same;
		c->cur = -1;
		c->top = 0;
		if (compare_load(c, u) != 0)
			ui_msg_err(u);
		return true;
	case ACT_VERSION:
		choose_from(c, u);
		return true;
	case ACT_ENTER: {
		int r = c->cur >= 0 ? c->cur : c->match >= 0 ? c->match : c->top;
		int gi = r < c->nr ? c->items[c->rows[r].item].group : -1;
		if (c->earlier || gi < 0 || c->groups[gi].n_old == 0) {
			ui_msg(u, "%s", _("no older section here"));
			return true;
		}
		const struct group *g = &c->groups[gi];
		int pick = 0;
		if (g->n_old > 1) { /* a merge: which of the older sections */
			char **items = xcalloc((size_t)g->n_old, sizeof *items);
			for (int k = 0; k < g->n_old; k++) {
				struct section x;
				int rc = store_section_get(u->st, g->old_ids[k], &x);
				items[k] = rc == 0 ? ui_clean(x.full_label) : xstrdup("?");
				if (rc == 0)
					section_clear(&x);
			}
			pick = ui_menu(u, _("Comments on"), (const char *const *)items, g->n_old, 0);
			for (int k = 0; k < g->n_old; k++)
				free(items[k]);
			free(items);
			if (pick < 0)
				return true;
		}
		struct section x;
		int rc = store_section_get(u->st, g->old_ids[pick], &x);
		if (rc != 0) {
			if (rc > 0)
				ui_msg(u, "%s", _("no older section here"));
			else
				ui_msg_err(u);
			return true;
		}
		char *label = ui_clean(x.full_label[0] ? x.full_label : x.label);
		section_clear(&x);
		struct view *t = view_thread_new(u, &c->doc, SCOPE_SECTION, g->old_ids[pick], label, 0);
		free(label);
		if (t)
			ui_push(u, t);
		return true;
	}
	default:
		return false;
	}
}

static void compare_title(struct view *v, struct ui *u, struct buf *out)
{
	struct compare *c = (struct compare *)v;
	(void)u;
	if (c->earlier)
		buf_printf(out, _("%s: comments of earlier rounds on %s"), c->doc.code, c->section_label);
	else
		buf_printf(out, "%s: %s → %s", c->doc.code, c->from_name, c->to_name);
	if (!c->earlier && c->section)
		buf_printf(out, " — %s", c->section_label);
}

static void compare_status(struct view *v, struct ui *u, struct buf *out)
{
	struct compare *c = (struct compare *)v;
	(void)u;
	if (c->earlier)
		return;
	int k = 0;
	for (int r = 0; c->cur >= 0 && r <= c->cur && r < c->nr; r++)
		k += c->rows[r].stop;
	if (k)
		buf_printf(out, _(" │ change %d of %d"), k, c->n_stops);
	else
		buf_printf(out, ngettext(" │ %d change", " │ %d changes", (unsigned long)c->n_stops), c->n_stops);
}

/* Does row r show a match of the search (either side)? */
static bool row_matches(struct compare *c, struct ui *u, int r)
{
	const struct crow *w = &c->rows[r];
	return (w->pa >= 0 && ui_matches(u, c->paras[w->pa].text.data + w->la.off, w->la.len)) ||
	       (w->pb >= 0 && ui_matches(u, c->paras[w->pb].text.data + w->lb.off, w->lb.len));
}

static bool compare_search(struct view *v, struct ui *u, int dir, bool here)
{
	struct compare *c = (struct compare *)v;
	if (c->width != COLS)
		lay_out(c);
	if (!c->nr)
		return false;
	int from = c->match >= 0 ? c->match : c->top;
	for (int k = here ? 0 : 1; k <= c->nr; k++) {
		int r = ((from + dir * k) % c->nr + c->nr) % c->nr;
		if (!row_matches(c, u, r))
			continue;
		u->search.wrapped = dir > 0 ? r < from : r > from;
		c->match = r;
		c->cur = -1; /* Enter acts at the match now */
		int h = ui_body_rows();
		if (r < c->top || r >= c->top + h)
			c->top = r > h / 3 ? r - h / 3 : 0;
		return true;
	}
	return false;
}

static bool compare_count(struct view *v, struct ui *u, bool lazy, int64_t *index, int64_t *total)
{
	struct compare *c = (struct compare *)v;
	(void)lazy;
	*index = *total = 0;
	for (int r = 0; r < c->nr; r++)
		if (row_matches(c, u, r)) {
			++*total;
			if (r <= c->match)
				*index = *total;
		}
	return true;
}

static void compare_where(struct view *v, struct ui *u, struct buf *out)
{
	struct compare *c = (struct compare *)v;
	(void)u;
	buf_printf(out, _("the comparison of %s"), c->doc.code);
}

static void compare_mark(struct view *v, bool restore)
{
	struct compare *c = (struct compare *)v;
	if (!restore) {
		c->mark_top = c->top;
		c->mark_match = c->match;
	} else {
		c->top = c->mark_top;
		c->match = c->mark_match;
	}
}

static void compare_reload(struct view *v, struct ui *u)
{
	struct compare *c = (struct compare *)v;
	if (compare_load(c, u) != 0)
		ui_msg_err(u);
}

static void compare_destroy(struct view *v)
{
	struct compare *c = (struct compare *)v;
	compare_free_content(c);
	free(c->paras);
	free(c->items);
	free(c->groups);
	free(c->rows);
	free(c->from_name);
	free(c->to_name);
	free(c->section_label);
	document_clear(&c->doc);
	free(c);
}

static const struct view_ops compare_ops = {
	.name = "compare",
	.kind = VK_COMPARE,
	.draw = compare_draw,
	.act = compare_act,
	.title = compare_title,
	.reload = compare_reload,
	.status = compare_status,
	.search = compare_search,
	.count = compare_count,
	.where = compare_where,
	.mark = compare_mark,
	.destroy = compare_destroy,
};

static struct compare *compare_alloc(struct ui *u, const struct document *d, gid section, const char *label)
{
	struct compare *c = xcalloc(1, sizeof *c);
	c->v.ops = &compare_ops;
	c->cur = c->match = -1;
	c->section = section;
	c->section_label = ui_clean(label ? label : "");
	if (store_document_get_id(u->st, d->id, &c->doc) != 0) {
		compare_destroy(&c->v);
		return NULL;
	}
	return c;
}

struct view *view_compare_new(struct ui *u, const struct document *d, int to, gid section, const char *label)
{
	if (to <= 0)
		to = d->n_versions;
	if (to < 2) {
		err_set(d->n_versions < 2 ? _("%s has one version only: nothing to compare") :
		        _("version 1 of %s is the first: nothing to compare it with"), d->code);
		return NULL;
	}
	struct compare *c = compare_alloc(u, d, section, label);
	if (!c)
		return NULL;
	c->to = to;
	c->from = to - 1;
	c->from_name = vname(u, d->id, c->from);
	c->to_name = vname(u, d->id, c->to);
	if (compare_load(c, u) != 0) {
		compare_destroy(&c->v);
		return NULL;
	}
	return &c->v;
}

struct view *view_earlier_new(struct ui *u, const struct document *d, gid section, const char *label)
{
	struct compare *c = compare_alloc(u, d, section, label);
	if (!c)
		return NULL;
	c->earlier = true;
	if (compare_load(c, u) != 0) {
		compare_destroy(&c->v);
		return NULL;
	}
	return &c->v;
}
