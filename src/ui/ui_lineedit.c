/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_lineedit.c — the one line editor of every one-line prompt (:, /, R, the limit, export)
 * and the speaker picker's query, with its keys from the VK_LINE table (ui_keymap.c); plus
 * the grapheme-aware cursor moves it shares with the compose pane (ui_compose.c), so that
 * Backspace, Ctrl-U, Ctrl-W, Left, Right, Home and End behave alike wherever text is typed.
 *
 * Text is UTF-8 as typed (no control characters); the cursor is a byte offset always on a
 * grapheme-cluster boundary. Clusters never span an LF, so they are counted from the start
 * of the cursor's line, which keeps a move cheap in a long multi-line text. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/text.h"

/* ---- cursor moves over s[0..len) ------------------------------------------------------------ */

static size_t line_start(const char *s, size_t pos)
{
	while (pos > 0 && s[pos - 1] != '\n')
		pos--;
	return pos;
}

size_t ui_text_prev(const char *s, size_t len, size_t pos)
{
	if (pos == 0)
		return 0;
	if (pos > len)
		pos = len;
	if (s[pos - 1] == '\n')
		return pos - 1;
	size_t p = line_start(s, pos), last = p;
	while (p < pos) {
		last = p;
		p = ui_cluster_next(s, len, p);
	}
	return last;
}

size_t ui_text_snap(const char *s, size_t len, size_t pos)
{
	if (pos >= len)
		return len;
	size_t p = line_start(s, pos);
	for (;;) {
		size_t n = ui_cluster_next(s, len, p);
		if (n > pos || n == p)
			return p;
		p = n;
	}
}

static bool space_at(const char *s, size_t pos)
{
	return s[pos] == ' ' || s[pos] == '\n';
}

size_t ui_word_left(const char *s, size_t len, size_t pos)
{
	while (pos > 0 && space_at(s, pos - 1))
		pos--;
	while (pos > 0 && !space_at(s, pos - 1))
		pos--;
	return ui_text_snap(s, len, pos);
}

size_t ui_word_right(const char *s, size_t len, size_t pos)
{
	while (pos < len && space_at(s, pos))
		pos++;
	while (pos < len && !space_at(s, pos))
		pos++;
	size_t p = ui_text_snap(s, len, pos);
	return p == pos ? pos : ui_cluster_next(s, len, p);
}

/* ---- the line editor ------------------------------------------------------------------------ */

void le_init(struct lineedit *e, const char *initial)
{
	memset(e, 0, sizeof *e);
	le_set(e, initial);
}

void le_set(struct lineedit *e, const char *s)
{
	buf_reset(&e->text);
	buf_reserve(&e->text, 0);
	e->text.data[0] = '\0';
	for (const char *p = s ? s : ""; *p;) {
		int32_t cp;
		size_t n = text_decode(p, strlen(p), &cp);
		if (cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp < 0xa0))
			ui_buf_putcp(&e->text, cp);
		p += n;
	}
	e->cur = e->text.len;
}

void le_free(struct lineedit *e)
{
	buf_free(&e->text);
}

const char *le_text(const struct lineedit *e)
{
	return e->text.data ? e->text.data : "";
}

static void cut(struct lineedit *e, size_t a, size_t b)
{
	if (b <= a)
		return;
	memmove(e->text.data + a, e->text.data + b, e->text.len - b + 1);
	e->text.len -= b - a;
	e->cur = a;
}

enum le_result le_key(struct lineedit *e, int key)
{
	const char *s = le_text(e);
	size_t len = e->text.len, at = e->cur;
	switch (keymap_lookup(key, VK_LINE)) {
	case ACT_ED_ACCEPT: return LE_ACCEPT;
	case ACT_ED_CANCEL: return LE_CANCEL;
	case ACT_ED_COMPLETE: return LE_COMPLETE;
	case ACT_ED_LEFT: e->cur = ui_text_prev(s, len, at); return LE_MOVED;
	case ACT_ED_RIGHT: e->cur = ui_cluster_next(s, len, at); return LE_MOVED;
	case ACT_ED_WORD_LEFT: e->cur = ui_word_left(s, len, at); return LE_MOVED;
	case ACT_ED_WORD_RIGHT: e->cur = ui_word_right(s, len, at); return LE_MOVED;
	case ACT_ED_HOME: e->cur = 0; return LE_MOVED;
	case ACT_ED_END: e->cur = len; return LE_MOVED;
	case ACT_ED_BS:
		if (len == 0)
			return LE_CANCEL; /* Backspace on an empty line cancels, as in less and vim */
		cut(e, ui_text_prev(s, len, at), at);
		return LE_CHANGED;
	case ACT_ED_DEL: cut(e, at, ui_cluster_next(s, len, at)); return LE_CHANGED;
	case ACT_ED_KILL_START: cut(e, 0, at); return LE_CHANGED;
	case ACT_ED_KILL_END: cut(e, at, len); return LE_CHANGED;
	case ACT_ED_KILL_WORD: cut(e, ui_word_left(s, len, at), at); return LE_CHANGED;
	case ACT_ED_KILL_WORD_RIGHT: cut(e, at, ui_word_right(s, len, at)); return LE_CHANGED;
	default: break;
	}
	if (key < 0x20 || key >= 0x110000 || key == 0x7f || (key >= 0x80 && key < 0xa0) ||
	    (key >= 0xd800 && key < 0xe000))
		return LE_NONE;
	struct buf ch = { 0 };
	ui_buf_putcp(&ch, key);
	le_insert(e, ch.data, ch.len);
	buf_free(&ch);
	return LE_CHANGED;
}

void le_insert(struct lineedit *e, const char *s, size_t n)
{
	buf_reserve(&e->text, n);
	memmove(e->text.data + e->cur + n, e->text.data + e->cur, e->text.len - e->cur + 1);
	memcpy(e->text.data + e->cur, s, n);
	e->text.len += n;
	e->cur += n;
	/* a combining mark typed before a mark joins its cluster: stay on a boundary */
	size_t b = ui_text_snap(e->text.data, e->text.len, e->cur);
	if (b != e->cur)
		e->cur = ui_cluster_next(e->text.data, e->text.len, b);
}

int le_draw(struct ui *u, struct lineedit *e, int y, int x, int w, attr_t attr)
{
	if (w < 1)
		return x;
	char *before = text_sanitize(le_text(e), e->cur);
	char *all = text_sanitize(le_text(e), e->text.len);
	int cw = text_width(before, strlen(before));
	/* keep the cursor in view: scroll by whole screens' thirds */
	if (cw < e->scroll)
		e->scroll = cw - w / 3 > 0 ? cw - w / 3 : 0;
	if (cw >= e->scroll + w)
		e->scroll = cw - w + 1 + w / 3 < cw ? cw - w + 1 + w / 3 : cw;
	size_t skip = 0;
	int skipped = 0;
	while (skipped < e->scroll && all[skip]) {
		size_t n = ui_cluster_next(all, strlen(all), skip);
		skipped += text_width(all + skip, n - skip);
		skip = n;
	}
	bool was = u->no_hl;
	u->no_hl = true;
	ui_put(u, y, x, w, all + skip, strlen(all + skip), attr);
	u->no_hl = was;
	int col = x + cw - skipped;
	if (col > x + w - 1)
		col = x + w - 1;
	free(before);
	free(all);
	return col;
}
