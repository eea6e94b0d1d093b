/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text.c — UTF-8 decoding and validation, the storage form (Vietnamese mark order + NFC),
 * the display form (text_sanitize), case folding with marks and the diacritics test.
 *
 * All the forms run through one pipeline: decode (invalid bytes → U+FFFD) → map or drop
 * each code point for the mode → canonical decomposition (plus case folding) → canonical
 * ordering with Vietnamese shape marks before tone marks → composition → (display only) at
 * most 4 zero-width characters per base → UTF-8. See ../shared/TEXT.md. */
#include "gopy/text.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "text_internal.h"

/* ---- the one table of Vietnamese marks ---------------------------------------------- */

/* Tone marks in collation order (CLDR/ICU `vi`): none < huyền < hỏi < ngã < sắc < nặng.
 * Some dictionaries order the tones differently: change this table only. */
static const int32_t vi_tones[] = {
	0x0300, /* huyền  grave */
	0x0309, /* hỏi    hook above */
	0x0303, /* ngã    tilde */
	0x0301, /* sắc    acute */
	0x0323, /* nặng   dot below */
};

int tx_tone_rank(int32_t cp)
{
	for (size_t i = 0; i < sizeof vi_tones / sizeof vi_tones[0]; i++)
		if (vi_tones[i] == cp)
			return (int)i + 1;
	return 0;
}

bool tx_is_shape_mark(int32_t cp)
{
	return cp == 0x0306 || cp == 0x0302 || cp == 0x031B;
}

/* ---- decoding ------------------------------------------------------------------------ */

size_t text_decode(const char *s, size_t len, int32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (len == 0) {
		*cp = TX_REPLACEMENT;
		return 0;
	}
	unsigned c = u[0];
	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	size_t need;
	unsigned lo = 0x80, hi = 0xBF;
	int32_t v;
	if (c >= 0xC2 && c <= 0xDF) {
		need = 2;
		v = (int32_t)(c & 0x1F);
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 3;
		v = (int32_t)(c & 0x0F);
		if (c == 0xE0)
			lo = 0xA0; /* no overlongs */
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 4;
		v = (int32_t)(c & 0x07);
		if (c == 0xF0)
			lo = 0x90; /* no overlongs */
		else if (c == 0xF4)
			hi = 0x8F; /* nothing above U+10FFFF */
	} else {
		*cp = TX_REPLACEMENT;
		return 1;
	}
	if (len < need) {
		*cp = TX_REPLACEMENT;
		return 1;
	}
	for (size_t i = 1; i < need; i++) {
		unsigned b = u[i];
		if (b < lo || b > hi) {
			*cp = TX_REPLACEMENT;
			return 1;
		}
		lo = 0x80;
		hi = 0xBF;
		v = (v << 6) | (int32_t)(b & 0x3F);
	}
	*cp = v;
	return need;
}

bool text_valid_utf8(const char *s, size_t len, size_t *bad_offset)
{
	size_t i = 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		int32_t cp;
		size_t k = text_decode(s + i, len - i, &cp);
		if (k == 1) { /* a non-ASCII sequence of one byte is always invalid */
			if (bad_offset)
				*bad_offset = i;
			return false;
		}
		i += k;
	}
	return true;
}

size_t tx_encode(int32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	uint32_t c = (uint32_t)cp;
	if (c < 0x80) {
		o[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (unsigned char)(0xC0 | (c >> 6));
		o[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (c >> 12));
		o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (c >> 18));
	o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

/* ---- code point vectors and properties ----------------------------------------------- */

void tx_cps_init(struct tx_cps *c)
{
	c->v = c->inl;
	c->n = 0;
	c->cap = TX_INLINE;
}

void tx_cps_push(struct tx_cps *c, int32_t cp)
{
	if (c->n == c->cap) {
		size_t cap = c->cap * 2;
		if (c->v == c->inl) {
			c->v = xmalloc(cap * sizeof *c->v);
			memcpy(c->v, c->inl, c->n * sizeof *c->v);
		} else {
			if (cap > ((size_t)-1) / sizeof *c->v / 2)
				cap = c->cap + 1; /* xrealloc reports the failure */
			c->v = xrealloc(c->v, cap * sizeof *c->v);
		}
		c->cap = cap;
	}
	c->v[c->n++] = cp;
}

void tx_cps_free(struct tx_cps *c)
{
	if (c->v != c->inl)
		free(c->v);
	tx_cps_init(c);
}

bool tx_is_alnum(int32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

bool tx_is_mark(int32_t cp)
{
	if (cp < 0x300)
		return false;
	utf8proc_category_t c = utf8proc_category(cp);
	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

static bool is_bidi_control(int32_t cp)
{
	return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

/* ---- the pipeline -------------------------------------------------------------------- */

enum mode {
	M_STORAGE,  /* text_normalize */
	M_DISPLAY,  /* text_sanitize */
	M_LINES,    /* text_sanitize_lines */
	M_CASEFOLD, /* text_casefold */
};

/* Map one decoded code point for the mode; -1 drops it. prev is the last code point kept. */
static int32_t map_cp(enum mode m, int32_t cp, int32_t prev)
{
	if (m == M_STORAGE || m == M_CASEFOLD)
		return cp == 0 ? TX_REPLACEMENT : cp;
	if (cp == '\n' || cp == 0x2028 || cp == 0x2029)
		return m == M_LINES ? '\n' : ' ';
	if (cp == '\t')
		return ' ';
	if (cp < 0x20)
		return 0x2400 + cp; /* control pictures: NUL → ␀, ESC → ␛ */
	if (cp == 0x7F)
		return 0x2421; /* ␡ */
	if (cp >= 0x80 && cp < 0xA0)
		return TX_REPLACEMENT; /* C1: 0xC2 0x9D would be OSC on xterm */
	if (cp < 0x80)
		return cp;
	if (is_bidi_control(cp) || utf8proc_get_property(cp)->ignorable)
		return -1; /* also ZWJ and VS16: emoji sequences fall apart into plain emoji */
	if (tx_glibc_width(cp) < 0)
		return TX_REPLACEMENT; /* unassigned, or newer than glibc's tables */
	/* A skin tone after an emoji: terminals disagree whether it merges (2 columns) or not
	 * (4); ncurses counts 4. Drop it so that both draw the plain emoji. */
	if (cp >= 0x1F3FB && cp <= 0x1F3FF && prev >= 0 &&
	    utf8proc_get_property(prev)->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC)
		return -1;
	return cp;
}

static void push_decomposed(struct tx_cps *a, int32_t cp, bool casefold)
{
	if (cp < 0x80 && !(casefold && cp >= 'A' && cp <= 'Z')) {
		tx_cps_push(a, cp);
		return;
	}
	int32_t tmp[32];
	int bc = 0;
	utf8proc_option_t opt = UTF8PROC_DECOMPOSE | (casefold ? UTF8PROC_CASEFOLD : 0);
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, tmp, 32, opt, &bc);
	if (n <= 0 || n > 32) {
		tx_cps_push(a, cp);
		return;
	}
	for (utf8proc_ssize_t i = 0; i < n; i++)
		tx_cps_push(a, tmp[i]);
}

/* Canonical ordering — a stable sort by combining class of every run of non-starters — with
 * the Vietnamese fix: in a run that holds both a shape mark (U+0306, U+0302, U+031B) and a
 * tone mark, a shape mark sorts before the other marks of its class, so that a tone typed
 * before the shape (e + U+0301 + U+0302) still composes (ế). The sort key depends only on
 * the run's contents, so normalising again changes nothing. Insertion sort for short runs,
 * counting sort for long ones (hostile input). */
static unsigned order_key(int32_t cp, bool viet)
{
	unsigned ccc = utf8proc_get_property(cp)->combining_class;
	return ccc * 2 + (viet && tx_is_shape_mark(cp) ? 0 : 1);
}

static bool nonstarter(int32_t cp)
{
	return cp >= 0x300 && utf8proc_get_property(cp)->combining_class != 0;
}

static void canonical_order(struct tx_cps *a, struct tx_cps *tmp)
{
	size_t n = a->n;
	int32_t *v = a->v;
	for (size_t i = 0; i < n;) {
		if (!nonstarter(v[i])) {
			i++;
			continue;
		}
		size_t j = i;
		bool shape = false, tone = false;
		while (j < n && nonstarter(v[j])) {
			shape = shape || tx_is_shape_mark(v[j]);
			tone = tone || tx_tone_rank(v[j]) != 0;
			j++;
		}
		bool viet = shape && tone;
		if (j - i <= 16) {
			for (size_t k = i + 1; k < j; k++) {
				int32_t x = v[k];
				unsigned kx = order_key(x, viet);
				size_t m = k;
				while (m > i && order_key(v[m - 1], viet) > kx) {
					v[m] = v[m - 1];
					m--;
				}
				v[m] = x;
			}
		} else {
			size_t count[513] = {0};
			for (size_t k = i; k < j; k++)
				count[order_key(v[k], viet) + 1]++;
			for (size_t c = 1; c < 513; c++)
				count[c] += count[c - 1];
			tmp->n = 0;
			for (size_t k = i; k < j; k++)
				tx_cps_push(tmp, 0);
			for (size_t k = i; k < j; k++)
				tmp->v[count[order_key(v[k], viet)]++] = v[k];
			memcpy(v + i, tmp->v, (j - i) * sizeof *v);
		}
		i = j;
	}
}

/* Display only: drop zero-width characters with no base and keep at most 4 per base
 * (ncurses keeps a base and 4 combining characters in a cell and silently drops more). */
static void cap_marks(struct tx_cps *a)
{
	size_t w = 0;
	int attached = 0;
	bool base = false;
	for (size_t i = 0; i < a->n; i++) {
		int32_t cp = a->v[i];
		if (cp == '\n') {
			base = false;
		} else if (tx_glibc_width(cp) == 0) {
			if (!base || attached >= 4)
				continue;
			attached++;
		} else {
			base = true;
			attached = 0;
		}
		a->v[w++] = cp;
	}
	a->n = w;
}

static void pipeline(const char *s, size_t len, enum mode m, struct buf *out)
{
	struct tx_cps a, tmp;
	tx_cps_init(&a);
	tx_cps_init(&tmp);
	int32_t prev = -1;
	size_t i = 0;
	while (i < len) {
		int32_t cp;
		size_t k = text_decode(s + i, len - i, &cp);
		if (cp == '\r') { /* CR LF and lone CR: one line break */
			if (i + k < len && s[i + k] == '\n')
				k++;
			cp = '\n';
		}
		i += k;
		cp = map_cp(m, cp, prev);
		if (cp < 0)
			continue;
		prev = cp;
		push_decomposed(&a, cp, m == M_CASEFOLD);
	}
	canonical_order(&a, &tmp);
	if (a.n > 0) {
		utf8proc_ssize_t n = utf8proc_normalize_utf32(a.v, (utf8proc_ssize_t)a.n,
							      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		if (n >= 0 && (size_t)n <= a.n)
			a.n = (size_t)n;
	}
	if (m == M_DISPLAY || m == M_LINES)
		cap_marks(&a);
	buf_reserve(out, a.n * 4);
	for (size_t j = 0; j < a.n; j++)
		out->len += tx_encode(a.v[j], out->data + out->len);
	out->data[out->len] = '\0';
	tx_cps_free(&a);
	tx_cps_free(&tmp);
}

/* Fast path: most comments are plain Vietnamese and come out of the pipeline unchanged
 * (tests/unit/test_text.c checks that the pipeline keeps every plain code point). */
static bool already_plain(const char *s, size_t len, bool newline_ok)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (c == '\n' && newline_ok) {
			i++;
			continue;
		}
		int32_t cp;
		size_t k = text_decode(s + i, len - i, &cp);
		if (k < 2 || !tx_is_plain(cp))
			return false;
		i += k;
	}
	return true;
}

static char *run(const char *s, size_t len, enum mode m)
{
	if (m != M_CASEFOLD && already_plain(s, len, m != M_DISPLAY))
		return xstrndup(s, len);
	struct buf b = {0};
	pipeline(s, len, m, &b);
	return buf_take(&b);
}

char *text_normalize(const char *s, size_t len) { return run(s, len, M_STORAGE); }
char *text_sanitize(const char *s, size_t len) { return run(s, len, M_DISPLAY); }
char *text_sanitize_lines(const char *s, size_t len) { return run(s, len, M_LINES); }
char *text_casefold(const char *s, size_t len) { return run(s, len, M_CASEFOLD); }

bool text_has_diacritics(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		int32_t cp;
		size_t k = text_decode(s + i, len - i, &cp);
		i += k;
		if (cp < 0xC0)
			continue;
		if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0 || tx_is_mark(cp))
			return true;
		int32_t tmp[32];
		int bc = 0;
		utf8proc_ssize_t n = utf8proc_decompose_char(cp, tmp, 32, UTF8PROC_DECOMPOSE, &bc);
		for (utf8proc_ssize_t j = 1; j < n && j < 32; j++)
			if (tx_is_mark(tmp[j]))
				return true;
	}
	return false;
}
