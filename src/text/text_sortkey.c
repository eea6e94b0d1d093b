/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text_sortkey.c — the Vietnamese collation key (compare keys with memcmp).
 *
 * Key = primary weights (3 bytes per unit) 00 secondary (1 byte per unit: the tone)
 *       00 tertiary (1 byte per unit: case) 00 the NFC bytes (makes the order total).
 * Weight bytes are never 0, so a shorter string sorts first at every level.
 * Primary units, lowest first: end of string < space and punctuation (by code point)
 * < numbers (by value: "9" < "12") < Latin letters in the Vietnamese alphabet order
 * a ă â b c d đ e ê (f) g h i (j) k l m n o ô ơ p q r s t u ư v (w) x y (z)
 * < other letters (by code point). The tone ranks come from the one table in text.c. */
#include "gopy/text.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "text_internal.h"

enum {
	W_PUNCT = 1,          /* + code point */
	W_NUMBER = 0x120000,  /* + number of significant digits, then one unit per digit */
	W_LATIN = 0x130000,   /* + index in the alphabet below */
	W_OTHER = 0x140000,   /* + code point */
};

/* Letters in order; a shaped letter is its base letter and its shape mark. */
static const struct {
	int32_t base;  /* lower-case base letter */
	int32_t shape; /* shape mark, 0 for none */
} alphabet[] = {
	{'a', 0}, {'a', 0x0306}, {'a', 0x0302}, {'b', 0}, {'c', 0}, {'d', 0}, {0x0111, 0},
	{'e', 0}, {'e', 0x0302}, {'f', 0}, {'g', 0}, {'h', 0}, {'i', 0}, {'j', 0}, {'k', 0},
	{'l', 0}, {'m', 0}, {'n', 0}, {'o', 0}, {'o', 0x0302}, {'o', 0x031B}, {'p', 0},
	{'q', 0}, {'r', 0}, {'s', 0}, {'t', 0}, {'u', 0}, {'u', 0x031B}, {'v', 0}, {'w', 0},
	{'x', 0}, {'y', 0}, {'z', 0},
};

/* Index of (base, shape) in the alphabet, or -1. */
static int letter_index(int32_t base, int32_t shape)
{
	for (size_t i = 0; i < sizeof alphabet / sizeof alphabet[0]; i++)
		if (alphabet[i].base == base && alphabet[i].shape == shape)
			return (int)i;
	return -1;
}

struct levels {
	struct buf p; /* primary */
	struct buf s; /* secondary */
	struct buf t; /* tertiary */
};

static void unit(struct levels *l, uint32_t w, unsigned sec, unsigned ter)
{
	char b[3] = {(char)(w / 65025 + 1), (char)((w / 255) % 255 + 1), (char)(w % 255 + 1)};
	buf_append(&l->p, b, 3);
	buf_putc(&l->s, (char)sec);
	buf_putc(&l->t, (char)ter);
}

/* One character: base code point with its marks (decomposed). */
static void character(struct levels *l, const int32_t *c, size_t n)
{
	int32_t base = c[0];
	int32_t lower = utf8proc_tolower(base);
	unsigned ter = lower != base ? 2 : 1;
	if (lower == 0x00F0)
		lower = 0x0111; /* Ð (U+00D0) looks like Đ and is typed for it */
	int tone = 0;
	bool other = false;
	int32_t shape = 0;
	int idx = -1;
	for (size_t i = 1; i < n; i++) {
		int r = tx_tone_rank(c[i]);
		if (r && !tone) {
			tone = r;
		} else if (tx_is_shape_mark(c[i]) && !shape && letter_index(lower, c[i]) >= 0) {
			shape = c[i];
		} else {
			other = true;
		}
	}
	idx = letter_index(lower, shape);
	unsigned sec = 1 + (unsigned)tone + (other ? 8 : 0);
	if (idx >= 0)
		unit(l, W_LATIN + (uint32_t)idx, sec, ter);
	else if (tx_is_alnum(base))
		unit(l, W_OTHER + (uint32_t)lower, sec, ter);
	else
		unit(l, W_PUNCT + (uint32_t)base, sec, ter);
}

static void digits(struct levels *l, const int32_t *d, size_t n)
{
	size_t z = 0;
	while (z + 1 < n && d[z] == '0')
		z++; /* "007" sorts as 7; the NFC bytes break the tie */
	size_t m = n - z;
	unit(l, W_NUMBER + (uint32_t)(m < 0xFFFF ? m : 0xFFFF), 1, 1);
	for (size_t i = z; i < n; i++)
		unit(l, W_NUMBER + (uint32_t)(d[i] - '0'), 1, 1);
}

static bool is_nonstarter(int32_t cp)
{
	return cp >= 0x300 && (tx_is_mark(cp) || utf8proc_get_property(cp)->combining_class != 0);
}

size_t text_sort_key(const char *s, size_t len, unsigned char **out)
{
	char *nfc = text_normalize(s, len);
	size_t nlen = strlen(nfc);
	struct levels l = {{0}, {0}, {0}};
	struct tx_cps dec, run;
	tx_cps_init(&dec);
	tx_cps_init(&run);
	size_t i = 0;
	while (i < nlen) {
		int32_t cp;
		size_t k = text_decode(nfc + i, nlen - i, &cp);
		if (cp >= '0' && cp <= '9') {
			run.n = 0;
			while (i < nlen && nfc[i] >= '0' && nfc[i] <= '9')
				tx_cps_push(&run, nfc[i++]);
			digits(&l, run.v, run.n);
			continue;
		}
		/* the character and the marks that follow it, decomposed */
		dec.n = 0;
		do {
			int32_t tmp[32];
			int bc = 0;
			utf8proc_ssize_t n = utf8proc_decompose_char(cp, tmp, 32, UTF8PROC_DECOMPOSE, &bc);
			if (n <= 0 || n > 32) {
				tmp[0] = cp;
				n = 1;
			}
			for (utf8proc_ssize_t j = 0; j < n; j++)
				tx_cps_push(&dec, tmp[j]);
			i += k;
			if (i >= nlen)
				break;
			k = text_decode(nfc + i, nlen - i, &cp);
		} while (is_nonstarter(cp));
		character(&l, dec.v, dec.n);
	}
	struct buf key = {0};
	buf_append(&key, l.p.data ? l.p.data : "", l.p.len);
	buf_putc(&key, 0);
	buf_append(&key, l.s.data ? l.s.data : "", l.s.len);
	buf_putc(&key, 0);
	buf_append(&key, l.t.data ? l.t.data : "", l.t.len);
	buf_putc(&key, 0);
	buf_append(&key, nfc, nlen);
	size_t klen = key.len;
	*out = (unsigned char *)buf_take(&key);
	buf_free(&l.p);
	buf_free(&l.s);
	buf_free(&l.t);
	tx_cps_free(&dec);
	tx_cps_free(&run);
	free(nfc);
	return klen;
}

/* Append the collation key of s[0..n) and a 0 separator (below every byte of a key but the
 * level ends, so a name part that is a prefix of another sorts first). */
static void part_key(struct buf *k, const char *s, size_t n)
{
	unsigned char *key;
	size_t kl = text_sort_key(s, n, &key);
	buf_append(k, (const char *)key, kl);
	buf_putc(k, 0);
	free(key);
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

size_t text_name_sort_key(const char *name, size_t len, unsigned char **out)
{
	/* the first and last words; the middle is what lies between them */
	size_t a = 0, b = len;
	while (a < b && is_blank(name[a]))
		a++;
	while (b > a && is_blank(name[b - 1]))
		b--;
	size_t fam_end = a, giv_start = b;
	while (fam_end < b && !is_blank(name[fam_end]))
		fam_end++;
	while (giv_start > a && !is_blank(name[giv_start - 1]))
		giv_start--;
	struct buf k = { 0 };
	part_key(&k, name + giv_start, b - giv_start);
	if (giv_start > a) { /* more than one word */
		part_key(&k, name + a, fam_end - a);
		size_t m0 = fam_end, m1 = giv_start;
		while (m0 < m1 && is_blank(name[m0]))
			m0++;
		while (m1 > m0 && is_blank(name[m1 - 1]))
			m1--;
		part_key(&k, name + m0, m1 - m0);
	}
	size_t kl = k.len;
	*out = (unsigned char *)buf_take(&k);
	return kl;
}

int text_name_cmp(const char *a, const char *b)
{
	unsigned char *ka, *kb;
	size_t la = text_name_sort_key(a, strlen(a), &ka), lb = text_name_sort_key(b, strlen(b), &kb);
	int c = memcmp(ka, kb, la < lb ? la : lb);
	if (!c)
		c = (la > lb) - (la < lb);
	free(ka);
	free(kb);
	return c;
}
