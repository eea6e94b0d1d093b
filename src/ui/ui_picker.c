/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_picker.c — popups over the body: a framed box, a small menu (ui_menu, used for the
 * disposition of tagged comments) and the secretary's speaker picker (S), which filters the
 * delegates live through store_delegate_match as letters of a code, name or unit are typed
 * without diacritics ("nguyen van a", "so tt"), best match first; the choice is kept per
 * database for the next start. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

void ui_box(struct ui *u, int y, int x, int h, int w, const char *title)
{
	if (h < 2 || w < 2)
		return;
	struct buf b = { 0 };
	bool was = u->no_hl;
	u->no_hl = true;
	for (int r = 0; r < h; r++) {
		buf_reset(&b);
		const char *l = r == 0 ? "┌" : r == h - 1 ? "└" : "│";
		const char *m = r == 0 || r == h - 1 ? "─" : " ";
		const char *e = r == 0 ? "┐" : r == h - 1 ? "┘" : "│";
		buf_puts(&b, l);
		for (int i = 0; i < w - 2; i++)
			buf_puts(&b, m);
		buf_puts(&b, e);
		ui_put(u, y + r, x, w, b.data, b.len, A_NORMAL);
	}
	if (title && *title && w > 6) {
		char *t = ui_clean(title);
		buf_reset(&b);
		buf_printf(&b, " %s ", t);
		free(t);
		int tw = text_width(b.data, b.len);
		if (tw > w - 4)
			tw = w - 4;
		ui_put(u, y, x + 2, tw, b.data, b.len, A_BOLD);
	}
	u->no_hl = was;
	buf_free(&b);
}

void ui_popup_place(int *h, int *w, int *y, int *x)
{
	int body = ui_body_rows();
	if (*h > body)
		*h = body;
	if (*w > COLS)
		*w = COLS;
	*y = 1 + (body - *h) / 2;
	*x = (COLS - *w) / 2;
}

struct menu {
	const char *title;
	const char *const *items;
	int n, sel, top;
};

static void menu_overlay(struct ui *u, void *ctx)
{
	struct menu *m = ctx;
	int w = text_width(m->title, strlen(m->title)) + 8;
	for (int i = 0; i < m->n; i++) {
		int iw = text_width(m->items[i], strlen(m->items[i])) + 8;
		if (iw > w)
			w = iw;
	}
	int h = m->n + 2, y, x;
	ui_popup_place(&h, &w, &y, &x);
	int rows = h - 2;
	if (m->sel < m->top)
		m->top = m->sel;
	if (m->sel >= m->top + rows)
		m->top = m->sel - rows + 1;
	ui_box(u, y, x, h, w, m->title);
	struct buf b = { 0 };
	bool was = u->no_hl;
	u->no_hl = true;
	for (int r = 0; r < rows && m->top + r < m->n; r++) {
		int i = m->top + r;
		buf_reset(&b);
		if (m->n <= 10)
			buf_printf(&b, "%s%d %s", i == m->sel ? "> " : "  ", i, m->items[i]);
		else
			buf_printf(&b, "%s%s", i == m->sel ? "> " : "  ", m->items[i]);
		ui_put_db(u, y + 1 + r, x + 1, w - 2, b.data, i == m->sel ? UI_ATTR_SELECT : A_NORMAL);
	}
	u->no_hl = was;
	buf_free(&b);
}

int ui_menu(struct ui *u, const char *title, const char *const *items, int n, int sel)
{
	if (n <= 0)
		return -1;
	struct menu m = { .title = title, .items = items, .n = n, .sel = sel >= 0 && sel < n ? sel : 0 };
	void (*prev)(struct ui *, void *) = u->overlay;
	void *prev_ctx = u->overlay_ctx;
	u->overlay = menu_overlay;
	u->overlay_ctx = &m;
	int picked = -1;
	for (bool done = false; !done;) {
		ui_redraw(u);
		int k = ui_getkey(u, -1);
		if (k == K_EOF)
			break;
		if (n <= 10 && k >= '0' && k < '0' + n) {
			picked = k - '0';
			break;
		}
		switch (keymap_lookup(k, VK_MENU)) {
		case ACT_LIST_PICK: picked = m.sel; done = true; break;
		case ACT_LIST_CANCEL: done = true; break;
		case ACT_LIST_DOWN: m.sel += m.sel + 1 < n; break;
		case ACT_LIST_UP: m.sel -= m.sel > 0; break;
		case ACT_LIST_FIRST: m.sel = 0; break;
		case ACT_LIST_LAST: m.sel = n - 1; break;
		default: break;
		}
	}
	u->overlay = prev;
	u->overlay_ctx = prev_ctx;
	return picked;
}

/* ---- the speaker picker -------------------------------------------------------------------- */

#define PICK_MAX 200   /* matches fetched at most (best first) */

struct found {
	gid id;
	char *line;        /* sanitised "Name (CODE) · Unit" */
	char *name;        /* raw name, for u->speaker_name */
};

struct picks {
	struct found *f;
	int n, cap;
};

static void picks_clear(struct picks *p)
{
	for (int i = 0; i < p->n; i++) {
		free(p->f[i].line);
		free(p->f[i].name);
	}
	p->n = 0;
}

static int pick_cb(void *ctx, const struct delegate *d)
{
	struct picks *p = ctx;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->f = xrealloc(p->f, (size_t)p->cap * sizeof *p->f);
	}
	struct buf b = { 0 };
	buf_printf(&b, "%s (%s)", d->name ? d->name : "", d->code ? d->code : "");
	if (d->unit && d->unit[0])
		buf_printf(&b, " · %s", d->unit);
	struct found *f = &p->f[p->n++];
	f->id = d->id;
	f->line = text_sanitize(b.data, b.len);
	f->name = xstrdup(d->name ? d->name : "");
	buf_free(&b);
	return 0;
}

static int picks_load(struct ui *u, struct picks *p, const char *query)
{
	picks_clear(p);
	return store_delegate_match(u->st, query, PICK_MAX, pick_cb, p);
}

struct picker {
	struct picks p;
	struct lineedit q; /* the query as typed */
	int sel, top;
};

static void picker_overlay(struct ui *u, void *ctx)
{
	struct picker *pk = ctx;
	const struct picks *p = &pk->p;
	int w = COLS < 100 ? COLS : 100, h = ui_body_rows() < 16 ? ui_body_rows() : 16, y, x;
	ui_popup_place(&h, &w, &y, &x);
	ui_box(u, y, x, h, w, _("Speaker"));
	int rows = h - 4; /* the query row, the list, the hint row */
	if (rows < 1)
		rows = 1;
	if (pk->sel < pk->top)
		pk->top = pk->sel;
	if (pk->sel >= pk->top + rows)
		pk->top = pk->sel - rows + 1;
	bool was = u->no_hl;
	u->no_hl = true;
	struct buf b = { 0 };
	const char *label = _("Find: ");
	int lw = text_width(label, strlen(label));
	if (lw > w - 3)
		lw = w - 3 > 0 ? w - 3 : 0;
	ui_put(u, y + 1, x + 1, lw, label, strlen(label), A_BOLD);
	int qx = le_draw(u, &pk->q, y + 1, x + 1 + lw, w - 2 - lw, A_BOLD);
	if (p->n == 0) {
		const char *none = _("no delegate matches");
		ui_put(u, y + 2, x + 3, w - 4, none, strlen(none), A_DIM);
	}
	for (int r = 0; r < rows && pk->top + r < p->n; r++) {
		int i = pk->top + r;
		buf_reset(&b);
		buf_printf(&b, "%s%s", i == pk->sel ? "> " : "  ", p->f[i].line);
		ui_put(u, y + 2 + r, x + 1, w - 2, b.data, b.len, i == pk->sel ? UI_ATTR_SELECT : A_NORMAL);
	}
	const char *hint = _("letters of a code, name or unit · ↑/↓ move · Enter pick · Esc cancel");
	ui_put(u, y + h - 2, x + 1, w - 2, hint, strlen(hint), A_DIM);
	u->no_hl = was;
	buf_free(&b);
	if (qx < x + w - 1) {
		move(y + 1, qx);
		curs_set(1);
	}
}

/* Run the popup; returns the index picked in pk->p, or -1. The query is edited with the line
 * editor (VK_LINE), the list moved with the VK_PICKER keys; after one of those, the menus'
 * j/k/g/G move too until something is typed. */
static int picker_run(struct ui *u, struct picker *pk)
{
	le_init(&pk->q, "");
	int picked = -1;
	bool in_list = false;
	if (picks_load(u, &pk->p, "") != 0) {
		ui_msg_err(u);
		return -1;
	}
	void (*prev)(struct ui *, void *) = u->overlay;
	void *prev_ctx = u->overlay_ctx;
	u->overlay = picker_overlay;
	u->overlay_ctx = pk;
	int *sel = &pk->sel;
	for (bool done = false; !done;) {
		ui_redraw(u);
		int k = ui_getkey(u, -1);
		int n = pk->p.n;
		if (k == K_EOF)
			break;
		enum action a = keymap_lookup(k, VK_PICKER);
		if (a == ACT_NONE && in_list) {
			a = keymap_lookup(k, VK_MENU);
			if (a != ACT_LIST_DOWN && a != ACT_LIST_UP && a != ACT_LIST_FIRST && a != ACT_LIST_LAST)
				a = ACT_NONE;
		}
		switch (a) {
		case ACT_LIST_DOWN: *sel += *sel + 1 < n; break;
		case ACT_LIST_UP: *sel -= *sel > 0; break;
		case ACT_LIST_PGDN: *sel = *sel + 10 < n ? *sel + 10 : (n ? n - 1 : 0); break;
		case ACT_LIST_PGUP: *sel = *sel > 10 ? *sel - 10 : 0; break;
		case ACT_LIST_FIRST: *sel = 0; break;
		case ACT_LIST_LAST: *sel = n ? n - 1 : 0; break;
		default: break;
		}
		if (a != ACT_NONE) {
			in_list = true;
			continue;
		}
		switch (le_key(&pk->q, k)) {
		case LE_ACCEPT:
			if (n > 0) {
				picked = *sel;
				done = true;
			}
			break;
		case LE_CANCEL:
			done = true;
			break;
		case LE_CHANGED:
			in_list = false;
			pk->sel = pk->top = 0;
			if (picks_load(u, &pk->p, le_text(&pk->q)) != 0) {
				ui_msg_err(u);
				done = true;
			}
			break;
		default:
			break;
		}
	}
	u->overlay = prev;
	u->overlay_ctx = prev_ctx;
	curs_set(0);
	le_free(&pk->q);
	return picked;
}

/* Speaker id (myself: none) chosen by the secretary. */
static void speaker_set(struct ui *u, gid id, const char *name)
{
	free(u->speaker_name);
	u->speaker_name = NULL;
	u->speaker_id = 0;
	if (id != u->me.id) {
		u->speaker_name = xstrdup(name ? name : "");
		u->speaker_id = id;
	}
	u->speaker_chosen = true;
}

/* Remember the choice for this database: "SECRETARY-CODE<TAB>SPEAKER-CODE". */
static void speaker_keep(struct ui *u)
{
	struct delegate d = { 0 };
	const char *code = u->me.code;
	if (u->speaker_id && store_delegate_get_id(u->st, u->speaker_id, &d) == 0)
		code = d.code;
	char *path = ui_state_path(u, "speaker");
	struct buf b = { 0 };
	buf_printf(&b, "%s\t%s\n", u->me.code, code);
	int e = path ? ui_state_write(path, b.data, b.len) : -1;
	if (e) {
		ui_msg(u, _("the speaker is chosen, but cannot be kept for the next start: %s"),
		       e > 0 ? strerror(e) : err_msg());
		u->msg_error = true;
	}
	buf_free(&b);
	free(path);
	delegate_clear(&d);
}

void ui_speaker_pick(struct ui *u)
{
	if (!u->me.id) {
		ui_msg(u, "%s", _("read-only: start gopy with --as CODE to record comments"));
		u->msg_error = true;
		return;
	}
	if (!delegate_can_record_for_others(&u->me)) {
		ui_msg(u, _("only a secretary or the chair records comments for others (your role: %s)"),
		       u->me.role ? delegate_role_label(u->me.role) : "?");
		u->msg_error = true;
		return;
	}
	struct picker pk = { 0 };
	struct picks p = { 0 };
	int i = picker_run(u, &pk);
	p = pk.p;
	if (i < 0) {
		if (!u->msg_error)
			ui_msg(u, "%s", u->speaker_id ? _("speaker unchanged") : _("no speaker chosen"));
	} else {
		speaker_set(u, p.f[i].id, p.f[i].name);
		if (u->speaker_id)
			ui_msg(u, _("speaker: %s — new comments are theirs, entered by you"), p.f[i].name);
		else
			ui_msg(u, "%s", _("no speaker: new comments are your own"));
		speaker_keep(u);
	}
	picks_clear(&p);
	free(p.f);
}

void ui_speaker_restore(struct ui *u)
{
	if (!u->me.id || !delegate_can_record_for_others(&u->me))
		return;
	char *path = ui_state_path(u, "speaker");
	FILE *f = path ? fopen(path, "r") : NULL;
	free(path);
	if (!f)
		return;
	char line[512];
	if (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		char *tab = strchr(line, '\t');
		struct delegate d = { 0 };
		if (tab && (*tab++ = '\0', strcmp(line, u->me.code) == 0) &&
		    store_delegate_get(u->st, tab, false, &d) == 0) {
			speaker_set(u, d.id, d.name);
			delegate_clear(&d);
		}
	}
	fclose(f);
}
