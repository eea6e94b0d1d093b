/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text_diff.c — word-level differences between two texts (diff.h).
 *
 * The texts are normalised, cut into tokens (syllables, white-space runs, punctuation) and
 * each distinct token gets a number, so comparing tokens is comparing numbers. The common
 * head and tail are taken off; the middle goes to Myers' O(ND) greedy algorithm, which keeps
 * one copy of its frontier per edit step for the walk back. That copy grows with the square
 * of the edits, and the search with tokens × edits, so both are capped (MAX_EDITS, MAX_WORK):
 * past a cap the middle is compared as lines (units ending at a line break or a sentence
 * mark), then word by word inside each changed group of lines, and whatever still exceeds a
 * cap is deleted and inserted whole. The per-token script is then tidied (white space between
 * two changes joins them; deletions before insertions) and folded into runs. */
#include "gopy/diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "gopy/text.h"
#include "text_internal.h"

/* Edits (tokens deleted + inserted) one Myers search may need: its trace takes about
 * MAX_EDITS² ints (6 MB). */
#define MAX_EDITS 1200
/* Token comparisons one Myers search may make (about 20 ms). */
#define MAX_WORK 20000000L

struct tok {
	size_t off, len;   /* bytes of the text */
	uint32_t id;       /* equal ids ⇔ equal bytes (within one level: tokens or lines) */
};

struct toks {
	struct tok *v;
	size_t n, cap;
};

/* Interning: byte strings → small numbers, by open addressing over FNV-1a hashes. */
struct intern {
	struct slot {
		const char *s;
		size_t len;
		uint64_t h;
		uint32_t id;
	} *slots;
	size_t cap, n;
};

static uint64_t fnv(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return h;
}

static void intern_grow(struct intern *t)
{
	size_t cap = t->cap ? 2 * t->cap : 1024;
	struct slot *s = xcalloc(cap, sizeof *s);
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->slots[i].s)
			continue;
		size_t j = t->slots[i].h & (cap - 1);
		while (s[j].s)
			j = (j + 1) & (cap - 1);
		s[j] = t->slots[i];
	}
	free(t->slots);
	t->slots = s;
	t->cap = cap;
}

static uint32_t intern(struct intern *t, const char *s, size_t len)
{
	if (2 * (t->n + 1) > t->cap)
		intern_grow(t);
	uint64_t h = fnv(s, len);
	size_t j = h & (t->cap - 1);
	for (; t->slots[j].s; j = (j + 1) & (t->cap - 1))
		if (t->slots[j].h == h && t->slots[j].len == len && memcmp(t->slots[j].s, s, len) == 0)
			return t->slots[j].id;
	t->slots[j] = (struct slot){s, len, h, (uint32_t)t->n};
	return (uint32_t)t->n++;
}

static void toks_push(struct toks *t, size_t off, size_t len, uint32_t id)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	t->v[t->n++] = (struct tok){off, len, id};
}

static bool is_space(int32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F;
}

/* Tokens of s: each byte in exactly one token, in order. */
static void tokenize(const char *s, size_t len, struct intern *in, struct toks *out)
{
	size_t i = 0;
	while (i < len) {
		int32_t cp;
		size_t start = i, n = text_decode(s + i, len - i, &cp);
		i += n;
		int kind = is_space(cp) ? 0 : tx_is_alnum(cp) || tx_is_mark(cp) ? 1 : 2;
		while (i < len) {
			n = text_decode(s + i, len - i, &cp);
			bool same = kind == 0 ? is_space(cp) : kind == 1 ? tx_is_alnum(cp) || tx_is_mark(cp) : tx_is_mark(cp);
			if (!same)
				break;
			i += n;
		}
		toks_push(out, start, i - start, intern(in, s + start, i - start));
	}
}

/* ---- Myers ----------------------------------------------------------------------------- */

/* The edit script, one op a token: 'E' (both advance), 'D' (old advances), 'I' (new). */
struct script {
	char *v;
	size_t n, cap;
};

static void put(struct script *s, char op, size_t count)
{
	if (!count)
		return;
	if (s->n + count > s->cap) {
		s->cap = (s->n + count) * 2 + 64;
		s->v = xrealloc(s->v, s->cap);
	}
	memset(s->v + s->n, op, count);
	s->n += count;
}

/* The shortest script from a[0..n) to b[0..m) appended to out, or false (out unchanged)
 * when it needs more than MAX_EDITS edits or MAX_WORK comparisons. */
static bool myers(const uint32_t *a, size_t n, const uint32_t *b, size_t m, struct script *out)
{
	if (n + m > (size_t)INT32_MAX)
		return false;
	int N = (int)n, M = (int)m, dmax = N + M < MAX_EDITS ? N + M : MAX_EDITS;
	/* trace: the frontier V[-d-1 .. d+1] as it was before step d, at trace + d*d + 2*d. */
	int32_t *v = xcalloc(2 * (size_t)dmax + 3, sizeof *v), *V = v + dmax + 1;
	int32_t *trace = NULL;
	size_t trace_cap = 0;
	long work = 0;
	int D = -1;
	for (int d = 0; d <= dmax && D < 0; d++) {
		size_t base = (size_t)d * d + 2 * (size_t)d, need = base + 2 * (size_t)d + 3;
		if (need > trace_cap) {
			trace_cap = need * 2;
			trace = xrealloc(trace, trace_cap * sizeof *trace);
		}
		memcpy(trace + base, V - d - 1, (2 * (size_t)d + 3) * sizeof *V);
		for (int k = -d; k <= d; k += 2) {
			int x = k == -d || (k != d && V[k - 1] < V[k + 1]) ? V[k + 1] : V[k - 1] + 1;
			int y = x - k;
			while (x < N && y < M && a[x] == b[y])
				x++, y++, work++;
			V[k] = x;
			if (x >= N && y >= M) {
				D = d;
				break;
			}
		}
		if (++work > MAX_WORK)
			break;
	}
	free(v);
	if (D < 0) {
		free(trace);
		return false;
	}
	/* Walk back from (N, M), writing the script reversed. */
	size_t start = out->n;
	int x = N, y = M;
	for (int d = D; d >= 0; d--) {
		const int32_t *P = trace + (size_t)d * d + 2 * (size_t)d + d + 1;
		int k = x - y, pk;
		if (d == 0)
			pk = 0;
		else
			pk = k == -d || (k != d && P[k - 1] < P[k + 1]) ? k + 1 : k - 1;
		int px = d == 0 ? 0 : P[pk], py = px - pk;
		int snake_from = d == 0 ? 0 : (pk == k + 1 ? px : px + 1);
		put(out, 'E', (size_t)(x - snake_from));
		if (d > 0)
			put(out, pk == k + 1 ? 'I' : 'D', 1);
		x = px, y = py;
	}
	free(trace);
	for (size_t i = start, j = out->n; i + 1 < j; i++, j--) {
		char c = out->v[i];
		out->v[i] = out->v[j - 1];
		out->v[j - 1] = c;
	}
	return true;
}

/* ---- the layered comparison ------------------------------------------------------------ */

struct ctx {
	const char *a, *b;          /* the normalised texts */
	struct toks ta, tb;         /* their tokens */
	struct script ops;          /* the script being built */
	bool coarse;
};

/* The ids of tokens [from, to) of t (malloc'd). */
static uint32_t *ids_of(const struct toks *t, size_t from, size_t to)
{
	uint32_t *v = xcalloc(to > from ? to - from : 1, sizeof *v);
	for (size_t i = from; i < to; i++)
		v[i - from] = t->v[i].id;
	return v;
}

/* Word by word over old tokens [a0, a1) and new tokens [b0, b1), or taken whole. */
static bool words(struct ctx *c, size_t a0, size_t a1, size_t b0, size_t b1)
{
	uint32_t *ia = ids_of(&c->ta, a0, a1), *ib = ids_of(&c->tb, b0, b1);
	bool ok = myers(ia, a1 - a0, ib, b1 - b0, &c->ops);
	free(ia);
	free(ib);
	return ok;
}

static void whole(struct ctx *c, size_t na, size_t nb)
{
	put(&c->ops, 'D', na);
	put(&c->ops, 'I', nb);
	if (na && nb)
		c->coarse = true;
}

/* A line ends after white space holding a line break, or after a sentence mark. */
static bool ends_line(const char *s, const struct tok *t)
{
	if (t->len == 1 && strchr(".;:!?", s[t->off]))
		return true;
	return memchr(s + t->off, '\n', t->len) != NULL;
}

/* Lines of tokens [t0, t1): each line's first token index (starts[0..n]) and id. */
static struct toks lines_of(const char *s, const struct tok *t, size_t t0, size_t t1, struct intern *in)
{
	struct toks L = {0};
	size_t first = t0;
	for (size_t i = t0; i < t1; i++)
		if (i + 1 == t1 || ends_line(s, &t[i])) {
			size_t off = t[first].off, len = t[i].off + t[i].len - off;
			toks_push(&L, first, i + 1 - first, intern(in, s + off, len));
			first = i + 1;
		}
	return L;   /* here off/len count tokens, not bytes */
}

/* Line by line over old tokens [a0, a1) and new [b0, b1), then word by word in changed lines. */
static void by_lines(struct ctx *c, size_t a0, size_t a1, size_t b0, size_t b1)
{
	struct intern in = {0};
	struct toks la = lines_of(c->a, c->ta.v, a0, a1, &in), lb = lines_of(c->b, c->tb.v, b0, b1, &in);
	uint32_t *ia = ids_of(&la, 0, la.n), *ib = ids_of(&lb, 0, lb.n);
	struct script ls = {0};
	if (!myers(ia, la.n, ib, lb.n, &ls)) {
		whole(c, a1 - a0, b1 - b0);
	} else {
		size_t i = 0, j = 0, k = 0;
		while (k < ls.n) {
			if (ls.v[k] == 'E') {
				put(&c->ops, 'E', la.v[i].len);
				i++, j++, k++;
				continue;
			}
			size_t i0 = i, j0 = j;
			for (; k < ls.n && ls.v[k] != 'E'; k++)
				ls.v[k] == 'D' ? i++ : j++;
			size_t ta0 = i0 < la.n ? la.v[i0].off : a1, ta1 = i < la.n ? la.v[i].off : a1;
			size_t tb0 = j0 < lb.n ? lb.v[j0].off : b1, tb1 = j < lb.n ? lb.v[j].off : b1;
			if (!words(c, ta0, ta1, tb0, tb1))
				whole(c, ta1 - ta0, tb1 - tb0);
		}
	}
	free(ls.v);
	free(ia);
	free(ib);
	free(la.v);
	free(lb.v);
	free(in.slots);
}

/* ---- tidying and runs ------------------------------------------------------------------ */

static bool is_space_tok(const char *s, const struct tok *t)
{
	int32_t cp;
	for (size_t i = 0; i < t->len;) {
		i += text_decode(s + t->off + i, t->len - i, &cp);
		if (!is_space(cp))
			return false;
	}
	return true;
}

/* How good a place the boundary before token i of t (n tokens) of text s is for a change to
 * start or end: the ends of the text, then after a line break, a sentence mark, a space. */
static int boundary(const char *s, const struct toks *t, size_t i)
{
	if (i == 0 || i >= t->n)
		return 6;
	const struct tok *x = &t->v[i - 1], *y = &t->v[i];
	if (memchr(s + x->off, '\n', x->len))
		return 5;
	if (x->len == 1 && strchr(".;:!?", s[x->off]))
		return 4;
	if (is_space_tok(s, x))
		return 3;
	return is_space_tok(s, y) ? 2 : 0;
}

/* Slide each one-sided change (only deletions or only insertions) along the equal tokens
 * around it — the same tokens are removed or added either way — to where it touches another
 * change (they then read as one), else to the best boundaries. */
static void slide(struct ctx *c)
{
	char *v = c->ops.v;
	size_t n = c->ops.n, i = 0, j = 0;   /* old and new token index at script position p */
	for (size_t p = 0; p < n;) {
		if (v[p] == 'E') {
			i++, j++, p++;
			continue;
		}
		size_t q = p;
		while (q < n && v[q] == v[p])
			q++;
		if (q < n && v[q] != 'E') {   /* a mixed change: leave it */
			for (; q < n && v[q] != 'E'; q++)
				;
			for (size_t k = p; k < q; k++)
				v[k] == 'D' ? i++ : j++;
			p = q;
			continue;
		}
		bool del = v[p] == 'D';
		const struct toks *t = del ? &c->ta : &c->tb;
		const char *s = del ? c->a : c->b;
		size_t len = q - p, first = del ? i : j;   /* the change: tokens [first, first+len) of t */
		/* how far left and right it may go */
		size_t L = 0, R = 0;
		while (L < p && v[p - L - 1] == 'E' && L < first && t->v[first - L - 1].id == t->v[first + len - L - 1].id)
			L++;
		while (q + R < n && v[q + R] == 'E' && first + len + R < t->n &&
		       t->v[first + R].id == t->v[first + len + R].id)
			R++;
		long best = 0;
		int best_score = -1;
		for (long sh = -(long)L; sh <= (long)R; sh++) {
			size_t a = first + sh, b = a + len, pp = p + sh, qq = q + sh;
			bool touches = (pp > 0 && v[pp - 1] != 'E' && sh == -(long)L) ||
				       (qq < n && v[qq] != 'E' && sh == (long)R);
			int score = touches ? 100 : boundary(s, t, a) + boundary(s, t, b);
			if (score > best_score)
				best_score = score, best = sh;
		}
		/* the script from lo to hi becomes equal but for the change at p + best */
		size_t lo = best < 0 ? p - (size_t)-best : p, hi = best > 0 ? q + (size_t)best : q;
		memset(v + lo, 'E', hi - lo);
		memset(v + p + best, del ? 'D' : 'I', len);
		if (best < 0)
			i -= (size_t)-best, j -= (size_t)-best;
		for (size_t k = lo; k < hi; k++) {
			i += v[k] != 'I';
			j += v[k] != 'D';
		}
		p = hi;
	}
}

/* White space alone between two changes joins them; each change's deletions come first. */
static void tidy(struct ctx *c)
{
	slide(c);
	struct script *s = &c->ops;
	/* Join: an E stretch of white-space tokens with a change on both sides → D then I. */
	size_t i = 0, ai = 0;
	struct script t = {0};
	while (i < s->n) {
		if (s->v[i] != 'E') {
			ai += s->v[i] == 'D';
			put(&t, s->v[i++], 1);
			continue;
		}
		size_t j = i, aj = ai;
		bool spaces = true;
		for (; j < s->n && s->v[j] == 'E'; j++, aj++)
			spaces = spaces && is_space_tok(c->a, &c->ta.v[aj]);
		bool joined = spaces && i > 0 && j < s->n;
		if (joined) {
			put(&t, 'D', j - i);
			put(&t, 'I', j - i);
		} else {
			put(&t, 'E', j - i);
		}
		i = j, ai = aj;
	}
	/* Order: in each maximal non-E group, all D then all I. */
	for (size_t k = 0; k < t.n;) {
		if (t.v[k] == 'E') {
			k++;
			continue;
		}
		size_t e = k, nd = 0;
		for (; e < t.n && t.v[e] != 'E'; e++)
			nd += t.v[e] == 'D';
		memset(t.v + k, 'D', nd);
		memset(t.v + k + nd, 'I', e - k - nd);
		k = e;
	}
	free(s->v);
	*s = t;
}

static void runs_from_script(struct diff *d, const struct ctx *c)
{
	size_t cap = 0, i = 0, j = 0;   /* old and new token indexes */
	for (size_t k = 0; k < c->ops.n;) {
		char op = c->ops.v[k];
		size_t e = k;
		while (e < c->ops.n && c->ops.v[e] == op)
			e++;
		size_t ni = op != 'I' ? e - k : 0, nj = op != 'D' ? e - k : 0;
		struct diff_run r = {.op = op == 'E' ? DIFF_EQUAL : op == 'D' ? DIFF_DELETE : DIFF_INSERT};
		r.old_off = i < c->ta.n ? c->ta.v[i].off : d->old_len;
		r.new_off = j < c->tb.n ? c->tb.v[j].off : d->new_len;
		r.old_len = ni ? c->ta.v[i + ni - 1].off + c->ta.v[i + ni - 1].len - r.old_off : 0;
		r.new_len = nj ? c->tb.v[j + nj - 1].off + c->tb.v[j + nj - 1].len - r.new_off : 0;
		if (d->n_runs == cap) {
			cap = cap ? 2 * cap : 16;
			d->runs = xrealloc(d->runs, cap * sizeof *d->runs);
		}
		if (r.op != DIFF_EQUAL && (d->n_runs == 0 || d->runs[d->n_runs - 1].op == DIFF_EQUAL))
			d->n_changes++;
		d->runs[d->n_runs++] = r;
		i += ni, j += nj;
		k = e;
	}
}

struct diff *text_diff(const char *old, size_t old_len, const char *new_, size_t new_len)
{
	struct diff *d = xcalloc(1, sizeof *d);
	d->old = text_normalize(old ? old : "", old ? old_len : 0);
	d->new_ = text_normalize(new_ ? new_ : "", new_ ? new_len : 0);
	d->old_len = strlen(d->old);
	d->new_len = strlen(d->new_);

	struct ctx c = {.a = d->old, .b = d->new_};
	struct intern in = {0};
	tokenize(d->old, d->old_len, &in, &c.ta);
	tokenize(d->new_, d->new_len, &in, &c.tb);
	free(in.slots);

	size_t na = c.ta.n, nb = c.tb.n, head = 0, tail = 0;
	while (head < na && head < nb && c.ta.v[head].id == c.tb.v[head].id)
		head++;
	while (tail < na - head && tail < nb - head && c.ta.v[na - 1 - tail].id == c.tb.v[nb - 1 - tail].id)
		tail++;
	put(&c.ops, 'E', head);
	if (!words(&c, head, na - tail, head, nb - tail))
		by_lines(&c, head, na - tail, head, nb - tail);
	put(&c.ops, 'E', tail);

	tidy(&c);
	runs_from_script(d, &c);
	d->coarse = c.coarse;
	free(c.ops.v);
	free(c.ta.v);
	free(c.tb.v);
	return d;
}

void diff_free(struct diff *d)
{
	if (!d)
		return;
	free(d->old);
	free(d->new_);
	free(d->runs);
	free(d);
}

void diff_markup(const struct diff *d, struct buf *out)
{
	for (size_t i = 0; i < d->n_runs; i++) {
		const struct diff_run *r = &d->runs[i];
		if (r->op == DIFF_EQUAL) {
			buf_append(out, d->new_ + r->new_off, r->new_len);
		} else if (r->op == DIFF_DELETE) {
			buf_puts(out, "[-");
			buf_append(out, d->old + r->old_off, r->old_len);
			buf_puts(out, "-]");
		} else {
			buf_puts(out, "{+");
			buf_append(out, d->new_ + r->new_off, r->new_len);
			buf_puts(out, "+}");
		}
	}
}
