/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text_width.c — display width (glibc wcwidth-compatible, by grapheme cluster), fitting
 * into a column with "…" and padding, and word wrapping by display width. */
#include "gopy/text.h"

#include <string.h>

#include "gopy/buf.h"
#include "text_internal.h"

/* Code points utf8proc 2.8 (Unicode 15.0) knows and glibc 2.36 (Unicode 14.0) does not:
 * wcwidth() returns -1 for them, so they are not printable for ncurses. */
static const int32_t newer_than_glibc[][2] = {
	{0x00CF3, 0x00CF3}, {0x00ECE, 0x00ECE}, {0x10EFD, 0x10EFF}, {0x1123F, 0x11241},
	{0x11B00, 0x11B09}, {0x11F00, 0x11F10}, {0x11F12, 0x11F3A}, {0x11F3E, 0x11F59},
	{0x1342F, 0x1342F}, {0x13439, 0x13455}, {0x1B132, 0x1B132}, {0x1B155, 0x1B155},
	{0x1D2C0, 0x1D2D3}, {0x1DF25, 0x1DF2A}, {0x1E030, 0x1E06D}, {0x1E08F, 0x1E08F},
	{0x1E4D0, 0x1E4F9}, {0x1F6DC, 0x1F6DC}, {0x1F774, 0x1F776}, {0x1F77B, 0x1F77F},
	{0x1F7D9, 0x1F7D9}, {0x1FA75, 0x1FA77}, {0x1FA87, 0x1FA88}, {0x1FAAD, 0x1FAAF},
	{0x1FABB, 0x1FABD}, {0x1FABF, 0x1FABF}, {0x1FACE, 0x1FACF}, {0x1FADA, 0x1FADB},
	{0x1FAE8, 0x1FAE8}, {0x1FAF7, 0x1FAF8}, {0x2B739, 0x2B739}, {0x31350, 0x323AF},
};

static bool newer(int32_t cp)
{
	size_t lo = 0, hi = sizeof newer_than_glibc / sizeof newer_than_glibc[0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < newer_than_glibc[mid][0])
			hi = mid;
		else if (cp > newer_than_glibc[mid][1])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int tx_glibc_width(int32_t cp)
{
	if (cp >= 0x20 && cp < 0x7F)
		return 1;
	if (cp == 0)
		return 0;
	if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x2028 || cp == 0x2029 ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp < 0 || cp > 0x10FFFF)
		return -1;
	const utf8proc_property_t *p = utf8proc_get_property(cp);
	if (p->category == UTF8PROC_CATEGORY_CN || newer(cp))
		return -1;
	/* Where glibc's table differs from utf8proc's (found by comparing all code points). */
	if ((cp >= 0x1160 && cp <= 0x11FF) || (cp >= 0xD7B0 && cp <= 0xD7FF))
		return 0; /* Hangul medial vowels and final consonants join the syllable */
	if ((cp >= 0x3248 && cp <= 0x324F) || (cp >= 0x4DC0 && cp <= 0x4DFF))
		return 2;
	int w = utf8proc_charwidth(cp);
	if (p->category == UTF8PROC_CATEGORY_MC)
		return w > 1 ? w : 1; /* spacing marks take a column in glibc */
	if ((cp >= 0x0600 && cp <= 0x0605) || cp == 0x06DD || cp == 0x070F || cp == 0x0890 ||
	    cp == 0x0891 || cp == 0x08E2 || cp == 0x110BD || cp == 0x110CD)
		return 1; /* prepended concatenation marks */
	return w;
}

/* ---- grapheme clusters --------------------------------------------------------------- */

void tx_gc_init(struct tx_gc *g, const char *s, size_t len)
{
	g->s = s;
	g->len = len;
	g->pos = 0;
	g->state = 0;
	g->cp = 0;
	g->cplen = len ? text_decode(s, len, &g->cp) : 0;
}

bool tx_gc_next(struct tx_gc *g, size_t *start, size_t *end, int *width, bool *is_space,
		bool *is_lf)
{
	if (g->pos >= g->len)
		return false;
	*start = g->pos;
	int32_t first = g->cp, prev = g->cp;
	int w = 0;
	bool joined = false; /* contains ZWJ or VS16 (only in unsanitised text) */
	size_t ncp = 0;
	for (;;) {
		int cw = tx_is_plain(g->cp) ? 1 : tx_glibc_width(g->cp);
		if (cw < 0 || g->cp == 0)
			cw = 1; /* unsanitised control: one column, as its replacement */
		if (g->cp == 0x200D || g->cp == 0xFE0F)
			joined = true;
		if (w < 0x3FFFFFFF)
			w += cw; /* a hostile cluster cannot overflow */
		ncp++;
		g->pos += g->cplen;
		if (g->pos >= g->len)
			break;
		prev = g->cp;
		g->cplen = text_decode(g->s + g->pos, g->len - g->pos, &g->cp);
		if (tx_is_plain(prev) && tx_is_plain(g->cp)) {
			g->state = 0; /* a boundary, and no sequence for the break rules to carry on */
			break;
		}
		if (utf8proc_grapheme_break_stateful(prev, g->cp, &g->state))
			break;
	}
	if (joined && first > 0x7F && utf8proc_get_property(first)->boundclass ==
					      UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC)
		w = 2; /* an emoji sequence, as a terminal that knows it draws it */
	*end = g->pos;
	*width = w;
	*is_space = ncp == 1 && first == ' ';
	*is_lf = first == '\n' || (first == '\r' && ncp == 2);
	return true;
}

/* ---- width, fit, wrap ---------------------------------------------------------------- */

int text_width(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
		i++;
	if (i == len) /* ASCII fast path */
		return len > (size_t)0x7FFFFFFF ? 0x7FFFFFFF : (int)len;
	struct tx_gc g;
	tx_gc_init(&g, s, len);
	size_t a, b;
	int w, total = 0;
	bool sp, lf;
	while (tx_gc_next(&g, &a, &b, &w, &sp, &lf))
		total = total < 0x7FFFFFFF - w ? total + w : 0x7FFFFFFF;
	return total;
}

size_t text_prefix_fitting(const char *s, size_t len, int width, int *used)
{
	struct tx_gc g;
	tx_gc_init(&g, s, len);
	size_t a, b, fit = 0;
	int w, total = 0;
	bool sp, lf;
	while (width > 0 && tx_gc_next(&g, &a, &b, &w, &sp, &lf)) {
		if ((long long)total + w > width)
			break;
		total += w;
		fit = b;
	}
	if (used)
		*used = total;
	return fit;
}

static void pad(struct buf *b, int n)
{
	for (; n > 0; n--)
		buf_putc(b, ' ');
}

char *text_fit(const char *s, size_t len, int width)
{
	struct buf b = {0};
	if (width <= 0)
		return buf_take(&b);
	int used;
	size_t n = text_prefix_fitting(s, len, width, &used);
	if (n == len) {
		buf_append(&b, s, len);
		pad(&b, width - used);
		return buf_take(&b);
	}
	n = text_prefix_fitting(s, len, width - 1, &used);
	buf_append(&b, s, n);
	buf_puts(&b, "\xE2\x80\xA6"); /* … */
	pad(&b, width - 1 - used);
	return buf_take(&b);
}

size_t text_wrap_line(const char *s, size_t len, int width, size_t *next)
{
	struct tx_gc g;
	tx_gc_init(&g, s, len);
	size_t a, b;
	size_t space_start = 0, space_end = 0; /* the last run of spaces that fit */
	bool have_space = false, prev_space = false;
	int w, used = 0;
	bool sp, lf;
	if (width < 1)
		width = 1;
	while (tx_gc_next(&g, &a, &b, &w, &sp, &lf)) {
		if (lf) {
			*next = b;
			return a;
		}
		if ((long long)used + w > width) {
			if (sp) {
				size_t line = prev_space ? space_start : a;
				while (b < len && s[b] == ' ')
					b++;
				*next = b;
				return line;
			}
			if (have_space) {
				*next = space_end;
				return space_start;
			}
			if (a == 0) { /* wider than the line: take it whole */
				size_t line = b;
				while (b < len && s[b] == ' ')
					b++;
				*next = b;
				return line;
			}
			*next = a;
			return a;
		}
		if (sp) {
			if (!prev_space)
				space_start = a;
			space_end = b;
			/* A space is a break only once something precedes it on the line. */
			have_space = space_start > 0;
		}
		prev_space = sp;
		if (used < 0x3FFFFFFF)
			used += w;
	}
	*next = len;
	return len;
}
