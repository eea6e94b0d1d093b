/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_help.c — the help screen: every key of the view it was opened from, generated from the
 * keymap table that also dispatches the keys. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/i18n.h"
#include "gopy/text.h"

struct help {
	struct view v;
	int for_kind;
	char **lines;          /* "key  description" */
	int n, sel, top, mark;
};

static const char *kind_name(int vk)
{
	switch (vk) {
	case VK_DOCS: return _("document list");
	case VK_READER: return _("document reader");
	case VK_THREAD: return _("thread view");
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
	free(hp);
}

static const struct view_ops help_ops = {
	.name = "help",
	.kind = VK_HELP,
	.draw = help_draw,
	.act = help_act,
	.title = help_title,
	.search = help_search,
	.mark = help_mark,
	.destroy = help_destroy,
};

static void add(struct help *hp, char *line)
{
	hp->lines = xrealloc(hp->lines, (size_t)(hp->n + 1) * sizeof *hp->lines);
	hp->lines[hp->n++] = line;
}

struct view *view_help_new(struct ui *u, int for_kind)
{
	(void)u;
	struct help *hp = xcalloc(1, sizeof *hp);
	hp->v.ops = &help_ops;
	hp->for_kind = for_kind;
	/* One line per action: its keys joined, then the description. */
	bool done[ACT_COUNT] = { false };
	for (size_t i = 0; i < ui_keymap_len; i++) {
		const struct keybind *b = &ui_keymap[i];
		if (!(b->views & for_kind) || done[b->act])
			continue;
		done[b->act] = true;
		struct buf keys = { 0 }, line = { 0 };
		ui_keymap_keys(b->act, for_kind, &keys);
		if (!keys.len) { /* every key of it rebound by the configuration */
			buf_free(&keys);
			continue;
		}
		int w = text_width(keys.data, keys.len);
		buf_printf(&line, "  %s%*s  %s", keys.data, w < 16 ? 16 - w : 0, "", _(b->help));
		add(hp, buf_take(&line));
		buf_free(&keys);
	}
	add(hp, xstrdup(""));
	add(hp, xstrdup(_("Search: /text finds it ignoring diacritics and case; a query typed with")));
	add(hp, xstrdup(_("diacritics must match them. :search TEXT searches the whole document.")));
	return &hp->v;
}
