/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_overview.c — the overview screen: the consultation at a glance for one document, the
 * same lines `gopy stats` prints (overview.h), laid out at the screen's width. The figures
 * come from the store's counters and tallies, so the screen opens at once on any size of
 * review. Enter on a chapter or article opens it in the reader; the screen follows changes made
 * by other processes. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/overview.h"

struct overview_view {
	struct view v;
	struct document doc;        /* owned copy */
	struct overview ov;
	struct overview_lines lines;
	int width;                  /* the width lines were laid out at */
	int sel, top, mark;
};

static void lay_out(struct overview_view *o)
{
	overview_lines_free(&o->lines);
	o->width = COLS;
	overview_layout(&o->ov, COLS, &o->lines);
	if (o->sel >= (int)o->lines.n)
		o->sel = o->lines.n ? (int)o->lines.n - 1 : 0;
}

static int load(struct overview_view *o, struct ui *u)
{
	overview_clear(&o->ov);
	if (overview_load(u->st, &o->doc, &o->ov) != 0)
		return -1;
	lay_out(o);
	return 0;
}

static void ov_draw(struct view *v, struct ui *u, int y0, int h)
{
	struct overview_view *o = (struct overview_view *)v;
	if (o->width != COLS)
		lay_out(o);
	int n = (int)o->lines.n;
	ui_nav(ACT_NONE, &o->sel, &o->top, n, h);
	for (int i = 0; i < h && o->top + i < n; i++) {
		const struct overview_line *l = &o->lines.v[o->top + i];
		attr_t a = o->top + i == o->sel ? UI_ATTR_SELECT : l->heading ? A_BOLD : A_NORMAL;
		ui_put(u, y0 + i, 0, COLS, l->text, strlen(l->text), a);
	}
}

static bool ov_act(struct view *v, struct ui *u, enum action a)
{
	struct overview_view *o = (struct overview_view *)v;
	if (ui_nav(a, &o->sel, &o->top, (int)o->lines.n, ui_body_rows()))
		return true;
	if (a == ACT_ENTER) {
		gid id = o->sel < (int)o->lines.n ? o->lines.v[o->sel].section_id : 0;
		if (!id) {
			ui_msg(u, "%s", _("Enter opens a chapter or article in the reader: move to one"));
			return true;
		}
		/* the reader, at the article: its text, and each clause with its comments */
		struct view *r = view_reader_new(u, &o->doc);
		if (r) {
			view_reader_goto(r, id);
			ui_push(u, r);
		}
		return true;
	}
	return false;
}

static void ov_title(struct view *v, struct ui *u, struct buf *out)
{
	struct overview_view *o = (struct overview_view *)v;
	(void)u;
	buf_printf(out, _("Overview of %s (Enter: read an article, q: back)"), o->doc.code);
}

static void ov_reload(struct view *v, struct ui *u)
{
	struct overview_view *o = (struct overview_view *)v;
	if (load(o, u) != 0)
		ui_msg_err(u);
}

static bool ov_search(struct view *v, struct ui *u, int dir, bool here)
{
	struct overview_view *o = (struct overview_view *)v;
	for (int i = here ? o->sel : o->sel + dir; i >= 0 && i < (int)o->lines.n; i += dir)
		if (ui_matches(u, o->lines.v[i].text, strlen(o->lines.v[i].text))) {
			o->sel = i;
			return true;
		}
	return false;
}

static void ov_mark(struct view *v, bool restore)
{
	struct overview_view *o = (struct overview_view *)v;
	if (restore)
		o->sel = o->mark;
	else
		o->mark = o->sel;
}

static void ov_destroy(struct view *v)
{
	struct overview_view *o = (struct overview_view *)v;
	overview_lines_free(&o->lines);
	overview_clear(&o->ov);
	document_clear(&o->doc);
	free(o);
}

static const struct view_ops overview_ops = {
	.name = "overview",
	.kind = VK_STATS,
	.draw = ov_draw,
	.act = ov_act,
	.title = ov_title,
	.reload = ov_reload,
	.search = ov_search,
	.mark = ov_mark,
	.destroy = ov_destroy,
};

struct view *view_overview_new(struct ui *u, const struct document *d)
{
	struct overview_view *o = xcalloc(1, sizeof *o);
	o->v.ops = &overview_ops;
	if (store_document_get_id(u->st, d->id, &o->doc) != 0 || load(o, u) != 0) {
		if (!err_msg()[0])
			err_set(_("the document is gone"));
		ov_destroy(&o->v);
		return NULL;
	}
	/* start on the most commented article, so Enter opens it at once */
	for (size_t i = 0; i < o->lines.n; i++)
		if (o->lines.v[i].section_id) {
			o->sel = (int)i;
			break;
		}
	return &o->v;
}
