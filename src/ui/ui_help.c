/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_help.c — the help screen: every key of the view it was opened from, generated from the
 * keymap table that also dispatches the keys; and the same pager for other text (a comment's
 * history: view_text_new). */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/i18n.h"
#include "gopy/text.h"

struct help {
	struct view v;
	int for_kind;
	char *title;           /* a text pager's title (owned); NULL: the help screen */
	char **lines;          /* "key  description" */
	int n, sel, top, mark;
};

static const char *kind_name(int vk)
{
	switch (vk) {
	case VK_DOCS: return _("document list");
	case VK_READER: return _("document reader");
	case VK_THREAD: return _("thread view");
	case VK_STATS: return _("overview");
	case VK_COMPARE: return _("compare view");
	default: return _("help");
	}
}

static void help_draw(struct view *v, struct ui *u, int y0, int h)
{
	struct help *hp = (struct help *)v;
	ui_nav(ACT_NONE, &hp->sel, &hp->top, hp->n, h);
	if (hp->top > hp->n - h)
		hp->top = hp->n - h > 0 ? hp->n - h : 0;
	for (int i = 0; i < h && hp->top + i < hp->n; i++)
		ui_put_db(u, y0 + i, 0, COLS, hp->lines[hp->top + i], A_NORMAL);
}

static bool help_act(struct view *v, struct ui *u, enum action a)
{
	struct help *hp = (struct help *)v;
	(void)u;
	int h = ui_body_rows();
	/* help scrolls like a pager: the selection is the top line */
	switch (a) {
	case ACT_DOWN: hp->top++; break;
	case ACT_UP: hp->top--; break;
	case ACT_PGDN: hp->top += h; break;
	case ACT_PGUP: hp->top -= h; break;
	case ACT_HALF_DN: hp->top += h / 2; break;
	case ACT_HALF_UP: hp->top -= h / 2; break;
	case ACT_TOP: hp->top = 0; break;
	case ACT_BOTTOM: hp->top = hp->n; break;
	default: return false;
	}
	if (hp->top > hp->n - h)
		hp->top = hp->n - h;
	if (hp->top < 0)
		hp->top = 0;
	return true;
}

static void help_title(struct view *v, struct ui *u, struct buf *out)
{
	struct help *hp = (struct help *)v;
	(void)u;
	if (hp->title)
		buf_puts(out, hp->title);
	else
		buf_printf(out, _("Help: keys of the %s (q to go back)"), kind_name(hp->for_kind));
}

static bool help_search(struct view *v, struct ui *u, int dir, bool here)
{
	struct help *hp = (struct help *)v;
	for (int i = here ? hp->top : hp->top + dir; i >= 0 && i < hp->n; i += dir)
		if (ui_matches(u, hp->lines[i], strlen(hp->lines[i]))) {
			hp->top = i;
			return true;
		}
	return false;
}

static bool help_count(struct view *v, struct ui *u, bool lazy, int64_t *index, int64_t *total)
{
	struct help *hp = (struct help *)v;
	(void)lazy;
	*index = *total = 0;
	for (int i = 0; i < hp->n; i++)
		if (ui_matches(u, hp->lines[i], strlen(hp->lines[i])) && ++*total && i <= hp->top)
			*index = *total;
	return true;
}

static void help_where(struct view *v, struct ui *u, struct buf *out)
{
	(void)v;
	(void)u;
	buf_puts(out, _("this help"));
}

static void help_mark(struct view *v, bool restore)
{
	struct help *hp = (struct help *)v;
	if (restore)
		hp->top = hp->mark;
	else
		hp->mark = hp->top;
}

static void help_destroy(struct view *v)
{
	struct help *hp = (struct help *)v;
	for (int i = 0; i < hp->n; i++)
		free(hp->lines[i]);
	free(hp->lines);
	free(hp->title);
	free(hp);
}

static const struct view_ops help_ops = {
	.name = "help",
	.kind = VK_HELP,
	.draw = help_draw,
	.act = help_act,
	.title = help_title,
	.search = help_search,
	.count = help_count,
	.where = help_where,
	.mark = help_mark,
	.destroy = help_destroy,
};

static void add(struct help *hp, char *line)
{
	hp->lines = xrealloc(hp->lines, (size_t)(hp->n + 1) * sizeof *hp->lines);
	hp->lines[hp->n++] = line;
}

/* One line per action bound in mode vk: its keys joined, then the description. */
static void add_mode(struct help *hp, int vk)
{
	size_t n;
	const struct keybind *t = keymap_table(&n);
	bool done[ACT_COUNT] = { false };
	for (size_t i = 0; i < n; i++) {
		const struct keybind *b = &t[i];
		if (!(b->views & vk) || done[b->act])
			continue;
		done[b->act] = true;
		struct buf keys = { 0 }, line = { 0 };
		for (size_t j = i; j < n; j++) {
			const struct keybind *o = &t[j];
			if (o->act != b->act || !(o->views & vk))
				continue;
			char nm[32];
			ui_key_name(o->key, nm, sizeof nm);
			if (keys.len)
				buf_puts(&keys, " ");
			buf_puts(&keys, nm);
		}
		int w = text_width(keys.data, keys.len);
		buf_printf(&line, "  %s%*s  %s", keys.data, w < 16 ? 16 - w : 0, "", _(b->help));
		add(hp, buf_take(&line));
		buf_free(&keys);
	}
}

struct view *view_help_new(struct ui *u, int for_kind)
{
	(void)u;
	struct help *hp = xcalloc(1, sizeof *hp);
	hp->v.ops = &help_ops;
	hp->for_kind = for_kind;
	add_mode(hp, for_kind);
	add(hp, xstrdup(""));
	add(hp, xstrdup(_("Search: /text finds it ignoring diacritics and case; a query typed with")));
	add(hp, xstrdup(_("diacritics must match them. :search TEXT searches the whole document.")));
	/* the modes this view opens: writing, prompts, the picker, menus */
	static const struct {
		int vk;
		int from;                /* the views that open it */
		const char *title;       /* N_() */
	} sub[] = {
		{ VK_COMPOSE, VK_READER | VK_THREAD, N_("In the compose pane:") },
		{ VK_COMPOSE_X, VK_READER | VK_THREAD, N_("In the compose pane, after Ctrl-X:") },
		{ VK_LINE, VK_ALL, N_("In one-line prompts (:, /, R, limit, export) and the picker's query:") },
		{ VK_PICKER, VK_READER | VK_THREAD, N_("In the speaker picker (S):") },
		{ VK_MENU, VK_THREAD, N_("In menus (a digit picks that item):") },
	};
	for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++) {
		if (!(sub[i].from & for_kind))
			continue;
		add(hp, xstrdup(""));
		add(hp, xstrdup(_(sub[i].title)));
		add_mode(hp, sub[i].vk);
	}
	return &hp->v;
}

struct view *view_text_new(const char *title, char **lines, int n)
{
	struct help *hp = xcalloc(1, sizeof *hp);
	hp->v.ops = &help_ops;
	hp->for_kind = VK_HELP;
	hp->title = xstrdup(title);
	hp->lines = lines;
	hp->n = n;
	return &hp->v;
}
