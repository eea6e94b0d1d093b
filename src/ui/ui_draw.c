/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_draw.c — drawing helpers: fitted, sanitised text with search matches highlighted. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/config.h"
#include "gopy/text.h"

attr_t ui_attr_bar = A_REVERSE, ui_attr_error = A_BOLD;
bool ui_color;

void ui_colors_start(void)
{
	ui_attr_bar = A_REVERSE;
	ui_attr_error = A_BOLD;
	ui_color = false;
	if (!config_color_wanted() || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	if (init_pair(1, COLOR_WHITE, COLOR_BLUE) == OK)
		ui_attr_bar = COLOR_PAIR(1) | A_BOLD;
	if (init_pair(2, COLOR_RED, -1) == OK)
		ui_attr_error = COLOR_PAIR(2) | A_BOLD;
	ui_color = init_pair(UI_PAIR_DEL, COLOR_RED, -1) == OK && init_pair(UI_PAIR_INS, COLOR_GREEN, -1) == OK;
}

char *ui_clean(const char *s)
{
	if (!s)
		return xstrdup("");
	return text_sanitize(s, strlen(s));
}

void ui_clear_row(int y, attr_t attr)
{
	attrset(attr);
	move(y, 0);
	for (int x = 0; x < COLS; x++)
		addch(' ');
	attrset(A_NORMAL);
	move(y, 0);
}

bool ui_matches(struct ui *u, const char *s, size_t len)
{
	size_t a, b;
	if (!u->search.fold || !u->search.fold[0])
		return false;
	return text_find(s, len, u->search.fold, u->search.exact, u->search.casefold, 0, &a, &b);
}

int ui_put(struct ui *u, int y, int x, int w, const char *s, size_t len, attr_t attr)
{
	if (w <= 0)
		return 0;
	char *f = text_fit(s, len, w);
	size_t flen = strlen(f), pos = 0;
	move(y, x);
	if (!u->no_hl && u->search.fold && u->search.fold[0]) {
		size_t a, b;
		while (pos < flen &&
		       text_find(f, flen, u->search.fold, u->search.exact, u->search.casefold, pos, &a, &b) &&
		       b > a) {
			attrset(attr);
			addnstr(f + pos, (int)(a - pos));
			attrset(attr | UI_ATTR_MATCH);
			addnstr(f + a, (int)(b - a));
			pos = b;
		}
	}
	attrset(attr);
	if (pos < flen)
		addnstr(f + pos, (int)(flen - pos));
	attrset(A_NORMAL);
	free(f);
	return w;
}

int ui_put_db(struct ui *u, int y, int x, int w, const char *s, attr_t attr)
{
	char *c = ui_clean(s);
	int r = ui_put(u, y, x, w, c, strlen(c), attr);
	free(c);
	return r;
}

int ui_wrap_count(const char *s, int w)
{
	size_t len = strlen(s), pos = 0, next;
	int n = 0;
	if (w < 1)
		w = 1;
	while (pos < len) {
		(void)text_wrap_line(s + pos, len - pos, w, &next);
		if (next == 0)
			break;
		pos += next;
		n++;
	}
	return n;
}

/* ---- grapheme clusters of raw input (prompt and compose pane) ---------------------------- */

#include <utf8proc.h>

size_t ui_cluster_next(const char *s, size_t len, size_t pos)
{
	int32_t prev, cp;
	utf8proc_int32_t state = 0;
	if (pos >= len)
		return len;
	pos += text_decode(s + pos, len - pos, &prev);
	while (pos < len) {
		size_t n = text_decode(s + pos, len - pos, &cp);
		if (utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		prev = cp;
		pos += n;
	}
	return pos;
}

size_t ui_cluster_prev(const char *s, size_t len, size_t pos)
{
	size_t p = 0, last = 0;
	if (pos > len)
		pos = len;
	while (p < pos) {
		last = p;
		p = ui_cluster_next(s, len, p);
	}
	return last;
}

void ui_buf_putcp(struct buf *b, int cp)
{
	unsigned char u8[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, u8);
	if (n > 0)
		buf_append(b, (const char *)u8, (size_t)n);
}

bool ui_nav(enum action a, int *sel, int *top, int n, int h)
{
	if (h < 1)
		h = 1;
	switch (a) {
	case ACT_DOWN: *sel += 1; break;
	case ACT_UP: *sel -= 1; break;
	case ACT_PGDN: *sel += h; *top += h; break;
	case ACT_PGUP: *sel -= h; *top -= h; break;
	case ACT_HALF_DN: *sel += h / 2; *top += h / 2; break;
	case ACT_HALF_UP: *sel -= h / 2; *top -= h / 2; break;
	case ACT_TOP: *sel = 0; break;
	case ACT_BOTTOM: *sel = n - 1; break;
	default: return false;
	}
	if (*sel >= n)
		*sel = n - 1;
	if (*sel < 0)
		*sel = 0;
	if (*top > n - h)
		*top = n - h;
	if (*top < 0)
		*top = 0;
	if (*sel < *top)
		*top = *sel;
	if (*sel >= *top + h)
		*top = *sel - h + 1;
	return true;
}
