/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text_fold.c — search folding (marks stripped, case folded, đ → d, punctuation → one
 * space), finding a folded needle in original (possibly NFD) text with the exact byte range,
 * and the picker's match score.
 *
 * Folding works code point by code point (a canonical decomposition with STRIPMARK and
 * CASEFOLD, as utf8proc_map_custom would do on the whole string), so that every folded byte
 * knows which original bytes produced it. Results for U+0000..U+1FFF are cached. */
#include "gopy/text.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "text_internal.h"

/* đ Đ ð Ð have no decomposition: STRIPMARK leaves them, so map them first. */
static int32_t fold_custom(int32_t cp)
{
	if (cp == 0x0110 || cp == 0x0111 || cp == 0x00D0 || cp == 0x00F0)
		return 'd';
	return cp;
}

/* Fold one code point into out[0..32); returns the count (0 for a mark). */
static size_t fold_slow(int32_t cp, int32_t out[32])
{
	cp = fold_custom(cp);
	int bc = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(
		cp, out, 32, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, &bc);
	if (n < 0 || n > 32) {
		out[0] = cp;
		return 1;
	}
	return (size_t)n;
}

#define CACHE_N 0x2000
/* 0 unknown, 1 folds to nothing, 2 folds to several code points, else 3 + the folded one. */
static int32_t fold_cache[CACHE_N];

static size_t fold_cp(int32_t cp, int32_t out[32])
{
	if (cp >= CACHE_N)
		return fold_slow(cp, out);
	int32_t c = fold_cache[cp];
	if (c >= 3) {
		out[0] = c - 3;
		return 1;
	}
	if (c == 1)
		return 0;
	if (c == 2)
		return fold_slow(cp, out);
	size_t n = fold_slow(cp, out);
	fold_cache[cp] = n == 0 ? 1 : n == 1 ? out[0] + 3 : 2;
	return n;
}

/* Where each folded byte came from (text_find only). */
struct fmap {
	size_t *from; /* original start of the code point that produced the byte */
	size_t *to;   /* original end, extended over following marks */
	size_t cap;   /* entries allocated */
};

static void fmap_grow(struct fmap *m, size_t need)
{
	if (need <= m->cap)
		return;
	size_t cap = m->cap ? m->cap : 256;
	while (cap < need)
		cap *= 2;
	m->from = xrealloc(m->from, cap * sizeof *m->from);
	m->to = xrealloc(m->to, cap * sizeof *m->to);
	m->cap = cap;
}

static void fmap_set(struct fmap *m, size_t i, size_t n, size_t from, size_t to)
{
	if (!m)
		return;
	fmap_grow(m, i + n);
	for (size_t k = 0; k < n; k++) {
		m->from[i + k] = from;
		m->to[i + k] = to;
	}
}

/* Fold s[0..len) and append to out; offsets in the map are `base` + offsets into s. */
static void fold_into(struct buf *out, const char *s, size_t len, struct fmap *map, size_t base)
{
	size_t start = out->len;
	bool pending = false;       /* a run of non-alphanumerics waits to become one space */
	size_t space_from = 0;      /* where that run started */
	size_t last = (size_t)-1;   /* out offset where the last emitting code point began */
	buf_reserve(out, len + 1);
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
			if (lower || upper || (c >= '0' && c <= '9')) {
				if (pending && out->len > start) {
					fmap_set(map, out->len, 1, base + space_from, base + i);
					out->data[out->len++] = ' ';
				}
				pending = false;
				last = out->len;
				fmap_set(map, out->len, 1, base + i, base + i + 1);
				out->data[out->len++] = (char)(upper ? c + 32 : c);
			} else if (!pending) {
				pending = true;
				space_from = i;
			}
			i++;
			continue;
		}
		int32_t cp, f[32];
		size_t k = text_decode(s + i, len - i, &cp);
		size_t n = fold_cp(cp, f);
		buf_reserve(out, 4 * n + 2 + (len - i));
		if (n == 0 && !pending && last != (size_t)-1 && map) {
			for (size_t j = last; j < out->len; j++) /* a mark joins its letter */
				map->to[j] = base + i + k;
		}
		size_t emit_start = out->len;
		for (size_t j = 0; j < n; j++) {
			if (!tx_is_alnum(f[j])) {
				if (!pending) {
					pending = true;
					space_from = i;
				}
				continue;
			}
			if (pending && out->len > start) {
				fmap_set(map, out->len, 1, base + space_from, base + i);
				out->data[out->len++] = ' ';
				emit_start = out->len;
			}
			pending = false;
			size_t b = tx_encode(f[j], out->data + out->len);
			fmap_set(map, out->len, b, base + i, base + i + k);
			out->len += b;
		}
		if (out->len > emit_start)
			last = emit_start;
		i += k;
	}
	out->data[out->len] = '\0';
}

void text_fold_into(struct buf *out, const char *s, size_t len)
{
	fold_into(out, s, len, NULL, 0);
}

char *text_fold(const char *s, size_t len)
{
	struct buf b = {0};
	fold_into(&b, s, len, NULL, 0);
	return buf_take(&b);
}

/* Key for comparing diacritics: case folded, NFD, each syllable's tone mark moved to the
 * end of the syllable (so old "Hòa" and new "Hoà" placement agree), ð as đ, runs of other
 * characters → one space. */
static void mark_key(struct buf *out, const char *text, size_t textlen)
{
	char *s = text_casefold(text, textlen); /* fixes the order of marks first */
	size_t len = strlen(s);
	int32_t tone = 0;
	bool pending = false, in_word = false;
	char enc[4];
	size_t i = 0;
	while (i < len) {
		int32_t cp, f[32];
		size_t k = text_decode(s + i, len - i, &cp);
		i += k;
		int bc = 0;
		utf8proc_ssize_t n = utf8proc_decompose_char(
			cp, f, 32, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD, &bc);
		if (n < 0 || n > 32) {
			f[0] = cp;
			n = 1;
		}
		for (utf8proc_ssize_t j = 0; j < n; j++) {
			int32_t c = f[j] == 0x00F0 ? 0x0111 : f[j];
			bool mark = tx_is_mark(c);
			if (mark && in_word && tx_tone_rank(c)) {
				tone = c;
				continue;
			}
			if (mark ? in_word : tx_is_alnum(c)) {
				if (pending && out->len > 0)
					buf_putc(out, ' ');
				pending = false;
				in_word = true;
				buf_append(out, enc, tx_encode(c, enc));
				continue;
			}
			if (tone)
				buf_append(out, enc, tx_encode(tone, enc));
			tone = 0;
			in_word = false;
			pending = true;
		}
	}
	if (tone)
		buf_append(out, enc, tx_encode(tone, enc));
	free(s);
}

bool text_find(const char *s, size_t len, const char *needle_folded, bool exact_marks,
	       const char *needle_casefold, size_t from, size_t *start, size_t *end)
{
	if (!s || !needle_folded || !*needle_folded || from >= len)
		return false;
	size_t nlen = strlen(needle_folded);
	struct buf folded = {0}, want = {0}, got = {0};
	struct fmap map = {0};
	fold_into(&folded, s + from, len - from, &map, from);
	bool exact = exact_marks && needle_casefold && *needle_casefold;
	if (exact)
		mark_key(&want, needle_casefold, strlen(needle_casefold));
	bool found = false;
	size_t i = 0;
	while (!found && i + nlen <= folded.len) {
		const char *p = memchr(folded.data + i, needle_folded[0], folded.len - i);
		if (!p || (size_t)(p - folded.data) + nlen > folded.len)
			break;
		i = (size_t)(p - folded.data);
		if (memcmp(p, needle_folded, nlen) == 0) {
			size_t a = map.from[i], b = map.to[i + nlen - 1];
			bool ok = true;
			if (exact) {
				buf_reset(&got);
				mark_key(&got, s + a, b - a);
				ok = got.len == want.len && memcmp(got.data, want.data, got.len) == 0;
			}
			if (ok) {
				*start = a;
				*end = b;
				found = true;
			}
		}
		i++;
	}
	buf_free(&folded);
	buf_free(&want);
	buf_free(&got);
	free(map.from);
	free(map.to);
	return found;
}

/* ---- the picker's score -------------------------------------------------------------- */

struct word {
	const char *p; /* first byte */
	size_t n;      /* length in bytes */
};

static size_t split_words(const char *s, struct word *w, size_t max)
{
	size_t n = 0;
	while (*s) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		const char *b = s;
		while (*s && *s != ' ')
			s++;
		if (n < max)
			w[n] = (struct word){b, (size_t)(s - b)};
		n++;
	}
	return n;
}

/* How query word q matches hay words h[i..]: sets *used to the number of hay words it
 * consumes and returns 3 (the whole word), 2 (a prefix), 1 (initials) or 0. */
static int word_match(const struct word *q, const struct word *h, size_t nh, size_t i,
		      size_t *used)
{
	if (q->n <= h[i].n && memcmp(q->p, h[i].p, q->n) == 0) {
		*used = 1;
		return q->n == h[i].n ? 3 : 2;
	}
	size_t off = 0, k = 0;
	while (off < q->n) { /* initials: the j-th character of q starts word i + j */
		int32_t a, b;
		size_t la = text_decode(q->p + off, q->n - off, &a);
		if (i + k >= nh)
			return 0;
		text_decode(h[i + k].p, h[i + k].n, &b);
		if (a != b)
			return 0;
		off += la;
		k++;
	}
	if (k < 2)
		return 0;
	*used = k;
	return 1;
}

#define MAX_WORDS 256

int text_match_score(const char *hay_folded, const char *query_folded)
{
	if (!hay_folded || !query_folded)
		return 0;
	struct word q[32], h[MAX_WORDS];
	size_t nq = split_words(query_folded, q, 32);
	size_t nh = split_words(hay_folded, h, MAX_WORDS);
	if (nq == 0)
		return 1;
	if (nq > 32 || nq > nh)
		return 0;
	if (nh > MAX_WORDS)
		nh = MAX_WORDS;
	/* best[j][i]: best score for query words j.. using hay words i..; -1: impossible. */
	int *best = xmalloc((nq + 1) * (nh + 1) * sizeof *best);
#define BEST(j, i) best[(j) * (nh + 1) + (i)]
	for (size_t i = 0; i <= nh; i++)
		BEST(nq, i) = 0;
	for (size_t j = nq; j-- > 0;) {
		BEST(j, nh) = -1;
		for (size_t i = nh; i-- > 0;) {
			int b = BEST(j, i + 1); /* skip hay word i */
			size_t used;
			int kind = word_match(&q[j], h, nh, i, &used);
			if (kind && BEST(j + 1, i + used) >= 0) {
				int pos = i < 100 ? 100 - (int)i : 0; /* earlier is better */
				int s = kind * 1000 + pos + BEST(j + 1, i + used);
				if (s > b)
					b = s;
			}
			BEST(j, i) = b;
		}
	}
	int r = BEST(0, 0);
#undef BEST
	free(best);
	if (r <= 0)
		return 0;
	/* Among equal matches, fewer words in the name is better. */
	return r * 256 + (nh < 255 ? 255 - (int)nh : 0);
}
