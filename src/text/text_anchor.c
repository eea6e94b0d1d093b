/* text_anchor.c — re-anchoring a quoted phrase on a newer text (anchor.h).
 *
 * The texts are cut into words (runs of letters, digits and marks), each known by the hash
 * of its folded form (text_fold: no marks, no case), with its byte range. Then:
 *   1. exact: the quote's bytes in the new text; of several places, the one whose words
 *      before and after agree most with the quote's context in the old text;
 *   2. context: the CONTEXT_NEED words just before the quote in the old text and those just
 *      after it, found in that order in the new text with something between them that still
 *      resembles the quote (CONTEXT_MIN): the phrase was rewritten in place;
 *   3. fuzzy: the run of words of the new text with the longest common subsequence of folded
 *      words with the quote, scored by that length over the longer of the two (FUZZY_MIN),
 *      then by its context, then by a length nearer the quote's; a change of marks only
 *      scores 1.
 * Words past MAX_QUOTE_WORDS of a quote are not compared (a quote is a phrase), and only the
 * first MAX_PLACES exact places are weighed. */
#include "gopy/anchor.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "gopy/text.h"
#include "text_internal.h"

#define CONTEXT_WORDS 4
#define CONTEXT_NEED 2  /* of them, the nearest on each side that must be found again */
#define CONTEXT_MIN 0.34
#define FUZZY_MIN 0.75
#define MAX_QUOTE_WORDS 64
#define MAX_PLACES 32

const char *anchor_how_name(enum anchor_how how)
{
	static const char *const names[] = {"exact", "context", "fuzzy", "gone"};
	return how >= ANCHOR_EXACT && how <= ANCHOR_GONE ? names[how] : "?";
}

struct word {
	size_t start, end;
	uint32_t hash;
};

struct words {
	struct word *w;
	size_t n, cap;
};

static bool is_word_char(int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);
	return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
	       (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
	       (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static void cut_words(const char *s, struct words *out)
{
	size_t len = strlen(s), i = 0, start = 0;
	bool in = false;
	struct buf f = {0};
	while (i <= len) {
		int32_t cp = 0;
		utf8proc_ssize_t k = i < len ? utf8proc_iterate((const uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp) : 0;
		if (k <= 0 && i < len)
			k = 1, cp = 0xFFFD; /* not UTF-8 here: a separator */
		bool w = i < len && is_word_char(cp);
		if (w && !in) {
			start = i;
			in = true;
		} else if (!w && in) {
			f.len = 0;
			text_fold_into(&f, s + start, i - start);
			uint32_t h = 2166136261u;
			for (size_t b = 0; b < f.len; b++)
				h = (h ^ (unsigned char)f.data[b]) * 16777619u;
			if (out->n == out->cap) {
				out->cap = out->cap ? 2 * out->cap : 64;
				out->w = xrealloc(out->w, out->cap * sizeof *out->w);
			}
			out->w[out->n++] = (struct word){start, i, h};
			in = false;
		}
		if (i == len)
			break;
		i += (size_t)k;
	}
	buf_free(&f);
}

/* The first word of ws starting at or after byte b (ws->n if none). */
static size_t word_at(const struct words *ws, size_t b)
{
	size_t lo = 0, hi = ws->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ws->w[mid].start < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The quote's context in the old text: the words before it (pre, up to CONTEXT_WORDS, nearest
 * last) and after it (post); at_start / at_end when it touches an end of the old text. */
struct context {
	uint32_t pre[CONTEXT_WORDS], post[CONTEXT_WORDS];
	size_t n_pre, n_post;
	bool known, at_start, at_end;
};

static struct context context_of(const struct words *ow, const struct words *q)
{
	struct context c = {0};
	for (size_t k = 0; q->n && k + q->n <= ow->n; k++) {
		size_t m = 0;
		while (m < q->n && ow->w[k + m].hash == q->w[m].hash)
			m++;
		if (m < q->n)
			continue;
		c.known = true;
		c.n_pre = k < CONTEXT_WORDS ? k : CONTEXT_WORDS;
		for (size_t p = 0; p < c.n_pre; p++)
			c.pre[p] = ow->w[k - c.n_pre + p].hash;
		size_t after = ow->n - (k + q->n);
		c.n_post = after < CONTEXT_WORDS ? after : CONTEXT_WORDS;
		for (size_t p = 0; p < c.n_post; p++)
			c.post[p] = ow->w[k + q->n + p].hash;
		c.at_start = k == 0;
		c.at_end = after == 0;
		break;
	}
	return c;
}

/* How many of the context's words agree with the words of nw around [a, b). */
static size_t context_agrees(const struct context *c, const struct words *nw, size_t a, size_t b)
{
	size_t n = 0;
	for (size_t p = 0; p < c->n_pre && p < a; p++)
		n += nw->w[a - 1 - p].hash == c->pre[c->n_pre - 1 - p];
	for (size_t p = 0; p < c->n_post && b + p < nw->n; p++)
		n += nw->w[b + p].hash == c->post[p];
	return n;
}

/* Longest common subsequence of q and each prefix of w[0..L): lcs[l] for l = 0..L. */
static void lcs_prefixes(const struct word *q, size_t m, const struct word *w, size_t L, size_t *lcs, size_t *row)
{
	/* row[k] = LCS(q[0..k), w[0..l)) while l grows; lcs[l] = row[m] */
	for (size_t k = 0; k <= m; k++)
		row[k] = 0;
	lcs[0] = 0;
	for (size_t l = 1; l <= L; l++) {
		size_t diag = 0; /* LCS(q[0..k-1), w[0..l-1)) */
		for (size_t k = 1; k <= m; k++) {
			size_t up = row[k];
			row[k] = q[k - 1].hash == w[l - 1].hash ? diag + 1 : (row[k] > row[k - 1] ? row[k] : row[k - 1]);
			diag = up;
		}
		lcs[l] = row[m];
	}
}

/* How alike the words w[0..L) are to the quote: LCS over the longer. */
static double likeness(const struct words *q, size_t m, const struct word *w, size_t L)
{
	if (!m || !L)
		return 0;
	size_t *lcs = xcalloc(L + 1, sizeof *lcs), *row = xcalloc(m + 1, sizeof *row);
	lcs_prefixes(q->w, m, w, L, lcs, row);
	double v = (double)lcs[L] / (double)(m > L ? m : L);
	free(lcs);
	free(row);
	return v;
}

static bool find_context(const struct context *c, const struct words *q, size_t m, const struct words *nw,
                         struct anchor *out)
{
	if (!c->known || (!c->n_pre && !c->n_post))
		return false;
	size_t max_gap = 2 * m + 8;
	double best = 0;
	/* every place the words before agree (or the start of the text, when the quote began it) */
	for (size_t a = 0; a <= nw->n; a++) {
		if (c->n_pre) {
			size_t need = c->n_pre < CONTEXT_NEED ? c->n_pre : CONTEXT_NEED, p = 0;
			if (a < need)
				continue;
			while (p < need && nw->w[a - 1 - p].hash == c->pre[c->n_pre - 1 - p])
				p++;
			if (p < need)
				continue;
		} else if (a != 0 || !c->at_start) {
			continue;
		}
		for (size_t b = a + 1; b <= nw->n && b - a <= max_gap; b++) {
			bool ends;
			if (c->n_post) {
				size_t need = c->n_post < CONTEXT_NEED ? c->n_post : CONTEXT_NEED, p = 0;
				while (p < need && b + p < nw->n && nw->w[b + p].hash == c->post[p])
					p++;
				ends = p == need;
			} else {
				ends = b == nw->n && c->at_end;
			}
			if (!ends)
				continue;
			double v = likeness(q, m, nw->w + a, b - a);
			if (v >= CONTEXT_MIN && v > best) {
				best = v;
				*out = (struct anchor){ANCHOR_CONTEXT, nw->w[a].start, nw->w[b - 1].end, v};
			}
			break; /* the nearest end for this start */
		}
	}
	return best > 0;
}

static bool find_fuzzy(const struct context *c, const struct words *q, size_t m, const struct words *nw,
                       struct anchor *out)
{
	size_t span = m + m / 4 + 1;
	size_t *lcs = xcalloc(span + 1, sizeof *lcs), *row = xcalloc(m + 1, sizeof *row);
	double best = 0;
	size_t best_agree = 0, best_off = 0;
	size_t lo_len = m > m / 4 ? m - m / 4 : 1;
	for (size_t a = 0; a < nw->n; a++) {
		if (nw->w[a].hash != q->w[0].hash && (m < 2 || nw->w[a].hash != q->w[1].hash) &&
		    (m < 3 || nw->w[a].hash != q->w[2].hash))
			continue; /* a run worth FUZZY_MIN starts with one of the quote's first words */
		size_t L = nw->n - a < span ? nw->n - a : span;
		lcs_prefixes(q->w, m, nw->w + a, L, lcs, row);
		for (size_t l = lo_len; l <= L; l++) {
			double v = (double)lcs[l] / (double)(m > l ? m : l);
			size_t agree = v >= FUZZY_MIN ? context_agrees(c, nw, a, a + l) : 0;
			size_t off = l > m ? l - m : m - l;
			if (v >= FUZZY_MIN && (v > best || (v == best && (agree > best_agree ||
			                                                  (agree == best_agree && off < best_off))))) {
				best = v;
				best_agree = agree;
				best_off = off;
				*out = (struct anchor){ANCHOR_FUZZY, nw->w[a].start, nw->w[a + l - 1].end, v};
			}
		}
	}
	free(lcs);
	free(row);
	return best > 0;
}

struct anchor text_anchor(const char *quote, const char *old_text, const char *new_text)
{
	struct anchor r = {ANCHOR_GONE, 0, 0, 0};
	struct words q = {0}, ow = {0}, nw = {0};
	cut_words(quote ? quote : "", &q);
	if (!q.n)
		goto out;
	cut_words(old_text ? old_text : "", &ow);
	cut_words(new_text ? new_text : "", &nw);
	struct context c = context_of(&ow, &q);
	size_t m = q.n < MAX_QUOTE_WORDS ? q.n : MAX_QUOTE_WORDS;

	/* 1. exact, the best placed of its occurrences */
	size_t qlen = strlen(quote);
	long best_agree = -1;
	int places = 0;
	for (const char *p = new_text ? strstr(new_text, quote) : NULL; p && places++ < MAX_PLACES;
	     p = strstr(p + 1, quote)) {
		size_t s = (size_t)(p - new_text);
		size_t a = word_at(&nw, s), b = word_at(&nw, s + qlen);
		long agree = (long)context_agrees(&c, &nw, a, b);
		if (agree > best_agree) {
			best_agree = agree;
			r = (struct anchor){ANCHOR_EXACT, s, s + qlen, 1};
		}
	}
	if (best_agree >= 0)
		goto out;
	if (find_context(&c, &q, m, &nw, &r) || find_fuzzy(&c, &q, m, &nw, &r))
		goto out;
	r = (struct anchor){ANCHOR_GONE, 0, 0, 0};
out:
	free(q.w);
	free(ow.w);
	free(nw.w);
	return r;
}
