/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_doclist.c — the document list: code, title, kind, status, comments, pending, deadline
 * in columns aligned by display width. Documents are few (one per draft), so they are held
 * in memory; comment counts come from the store's maintained counters. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/i18n.h"
#include "gopy/text.h"

struct docs_view {
	struct view v;
	struct document *d;   /* owned copies, creation order */
	int n, cap;
	int sel, top, mark;
};

static void docs_free_all(struct docs_view *dv)
{
	for (int i = 0; i < dv->n; i++)
		document_clear(&dv->d[i]);
	dv->n = 0;
}

static char *dup0(const char *s)
{
	return xstrdup(s ? s : "");
}

static int docs_cb(void *ctx, const struct document *d)
{
	struct docs_view *dv = ctx;
	if (dv->n == dv->cap) {
		dv->cap = dv->cap ? dv->cap * 2 : 16;
		dv->d = xrealloc(dv->d, (size_t)dv->cap * sizeof *dv->d);
	}
	struct document *c = &dv->d[dv->n++];
	memset(c, 0, sizeof *c);
	c->id = d->id;
	c->code = dup0(d->code);
	c->title = dup0(d->title);
	c->kind = dup0(d->kind);
	c->version = dup0(d->version);
	c->status = dup0(d->status);
	c->deadline = dup0(d->deadline);
	c->issuer = dup0(d->issuer);
	c->place = dup0(d->place);
	c->created_at = dup0(d->created_at);
	c->n_sections = d->n_sections;
	c->n_comments = d->n_comments;
	c->n_pending = d->n_pending;
	return 0;
}

static int docs_load(struct docs_view *dv, struct ui *u)
{
	gid keep = dv->n > 0 && dv->sel < dv->n ? dv->d[dv->sel].id : 0;
	docs_free_all(dv);
	if (store_document_each(u->st, docs_cb, dv) != 0)
		return -1;
	dv->sel = 0;
	for (int i = 0; i < dv->n; i++)
		if (dv->d[i].id == keep)
			dv->sel = i;
	return 0;
}

struct cols {
	int code, title, kind, status, nc, np, deadline;
};

static struct cols layout(int w)
{
	struct cols c = { 0 };
	if (w >= 100) {
		c = (struct cols){ .code = 16, .kind = 14, .status = 12, .nc = 8, .np = 8, .deadline = 10 };
	} else if (w >= 70) {
		c = (struct cols){ .code = 12, .kind = 9, .status = 9, .nc = 5, .np = 5, .deadline = 10 };
	} else {
		c = (struct cols){ .code = 10, .nc = 4, .np = 4 };
	}
	int used = c.code + c.kind + c.status + c.nc + c.np + c.deadline;
	int gaps = 1 + (c.kind > 0) + (c.status > 0) + 1 + 1 + (c.deadline > 0);
	c.title = w - used - gaps;
	if (c.title < 4)
		c.title = 4;
	return c;
}

/* Draw one row: cells already sanitised or plain; numbers right-aligned. */
static void row(struct ui *u, int y, const struct cols *c, const char *code, const char *title,
                const char *kind, const char *status, const char *nc, const char *np, const char *deadline,
                attr_t attr)
{
	int x = 0;
	ui_clear_row(y, attr);
	x += ui_put_db(u, y, x, c->code, code, attr) + 1;
	x += ui_put_db(u, y, x, c->title, title, attr) + 1;
	if (c->kind)
		x += ui_put_db(u, y, x, c->kind, kind, attr) + 1;
	if (c->status)
		x += ui_put_db(u, y, x, c->status, status, attr) + 1;
	char num[32];
	snprintf(num, sizeof num, "%*s", c->nc, nc);
	x += ui_put_db(u, y, x, c->nc, num, attr) + 1;
	snprintf(num, sizeof num, "%*s", c->np, np);
	x += ui_put_db(u, y, x, c->np, num, attr) + 1;
	if (c->deadline && x < COLS)
		ui_put_db(u, y, x, COLS - x < c->deadline ? COLS - x : c->deadline, deadline, attr);
}

static void docs_draw(struct view *v, struct ui *u, int y0, int h)
{
	struct docs_view *dv = (struct docs_view *)v;
	struct cols c = layout(COLS);
	row(u, y0, &c, _("Code"), _("Title"), _("Kind"), _("Status"), _("Cmts"), _("Pend"), _("Deadline"), A_BOLD);
	h--;
	if (dv->n == 0) {
		ui_put_db(u, y0 + 1, 0, COLS, _("No documents yet: add one with 'gopy import DB FILE'."), A_NORMAL);
		return;
	}
	if (dv->sel >= dv->n)
		dv->sel = dv->n - 1;
	if (dv->sel < dv->top)
		dv->top = dv->sel;
	if (dv->sel >= dv->top + h)
		dv->top = dv->sel - h + 1;
	for (int i = 0; i < h && dv->top + i < dv->n; i++) {
		const struct document *d = &dv->d[dv->top + i];
		char nc[24], np[24], deadline[40];
		time_show(d->deadline, deadline, sizeof deadline);
		snprintf(nc, sizeof nc, "%lld", (long long)d->n_comments);
		snprintf(np, sizeof np, "%lld", (long long)d->n_pending);
		row(u, y0 + 1 + i, &c, d->code, d->title, d->kind, d->status, nc, np, deadline,
		    dv->top + i == dv->sel ? UI_ATTR_SELECT : A_NORMAL);
	}
}

static bool docs_act(struct view *v, struct ui *u, enum action a)
{
	struct docs_view *dv = (struct docs_view *)v;
	int h = ui_body_rows() - 1;
	if (ui_nav(a, &dv->sel, &dv->top, dv->n, h))
		return true;
	if (a == ACT_ENTER) {
		if (dv->n == 0)
			return true;
		return ui_open_doc(u, dv->d[dv->sel].code) || true;
	}
	if (a == ACT_OVERVIEW) {
		if (dv->n == 0)
			return false;
		ui_open_overview(u, &dv->d[dv->sel]);
		return true;
	}
	if ((a == ACT_GENERAL || a == ACT_ALL_COMMENTS) && dv->n > 0) {
		/* the general / every comment of the selected document, over its reader */
		if (!ui_open_doc(u, dv->d[dv->sel].code))
			return true;
		struct view *t = view_thread_new(u, &u->doc, a == ACT_GENERAL ? SCOPE_GENERAL : SCOPE_DOCUMENT, 0, NULL, 0);
		if (t)
			ui_push(u, t);
		return true;
	}
	return false;
}

static void docs_title(struct view *v, struct ui *u, struct buf *out)
{
	struct docs_view *dv = (struct docs_view *)v;
	(void)u;
	buf_printf(out, _("gopy — documents (%d)"), dv->n);
}

static void docs_reload(struct view *v, struct ui *u)
{
	struct docs_view *dv = (struct docs_view *)v;
	ui_set_doc(u, NULL);
	if (docs_load(dv, u) != 0)
		ui_msg_err(u);
}

static bool doc_matches(struct ui *u, const struct document *d)
{
	char *a = ui_clean(d->code), *b = ui_clean(d->title);
	bool m = ui_matches(u, a, strlen(a)) || ui_matches(u, b, strlen(b));
	free(a);
	free(b);
	return m;
}

static bool docs_search(struct view *v, struct ui *u, int dir, bool here)
{
	struct docs_view *dv = (struct docs_view *)v;
	if (dv->n == 0)
		return false;
	for (int k = here ? 0 : 1; k <= dv->n; k++) {
		int i = ((dv->sel + dir * k) % dv->n + dv->n) % dv->n;
		if (doc_matches(u, &dv->d[i])) {
			dv->sel = i;
			return true;
		}
	}
	return false;
}

static bool docs_count(struct view *v, struct ui *u, bool lazy, int64_t *index, int64_t *total)
{
	struct docs_view *dv = (struct docs_view *)v;
	(void)lazy;
	*index = *total = 0;
	for (int i = 0; i < dv->n; i++)
		if (doc_matches(u, &dv->d[i]) && ++*total && i <= dv->sel)
			*index = *total;
	return true;
}

static void docs_where(struct view *v, struct ui *u, struct buf *out)
{
	(void)v;
	(void)u;
	buf_puts(out, _("the document list"));
}

static void docs_mark(struct view *v, bool restore)
{
	struct docs_view *dv = (struct docs_view *)v;
	if (restore)
		dv->sel = dv->mark;
	else
		dv->mark = dv->sel;
}

static void docs_destroy(struct view *v)
{
	struct docs_view *dv = (struct docs_view *)v;
	docs_free_all(dv);
	free(dv->d);
	free(dv);
}

static const struct view_ops docs_ops = {
	.name = "documents",
	.kind = VK_DOCS,
	.draw = docs_draw,
	.act = docs_act,
	.title = docs_title,
	.reload = docs_reload,
	.search = docs_search,
	.count = docs_count,
	.where = docs_where,
	.mark = docs_mark,
	.destroy = docs_destroy,
};

struct view *view_docs_new(struct ui *u)
{
	struct docs_view *dv = xcalloc(1, sizeof *dv);
	dv->v.ops = &docs_ops;
	if (docs_load(dv, u) != 0) {
		docs_destroy(&dv->v);
		return NULL;
	}
	return &dv->v;
}
