/* text_align.c — aligning the sections of two versions of a draft (align.h).
 *
 * Each section is known by the set of its syllables and syllable pairs, folded (no marks, no
 * case: text_fold), taken over its own text and its children's, so an article is recognised
 * by its khoản even when its heading changed. Then, level by level from the top:
 *   1. one to one: the pairs of the same level with the highest Dice similarity (≥ 0.5) are
 *      taken first, a pair whose parents are aligned or whose labels agree preferred;
 *      a pair out of the order of its siblings whose own text changed and whose similarity is
 *      below 0.8 is undone: that is a new section sharing a drafting formula with a removed
 *      one ("Sở … chủ trì hướng dẫn …"), not the old one moved;
 *   2. merged: an old section left over whose text is mostly (≥ 0.6) inside a new section
 *      next to its own partner's place, and whose own words (those its partner lacks) are
 *      mostly there too, is merged into it;
 *   3. split: likewise, a new section left over whose text, and own words, are mostly inside
 *      an old section that has a partner beside it is a part of that old section;
 *   4. what is left is new or removed.
 * A one-to-one pair is unchanged (same text, same label), renumbered (same text, new label),
 * moved (same text, out of the order of the others: outside the longest run of pairs in the
 * same order) or edited (the text differs, if only by one mark: compared as stored, NFC).
 * Candidates come from an index of the old sections by token, leaving out tokens that more
 * than INDEX_CAP sections share, plus the children of the old section the new one's parent is
 * aligned with; so the cost grows with the text, not with the square of the sections. */
#include "gopy/align.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/text.h"
#include "gopy/buf.h"

#define INDEX_CAP 48
#define MAX_CANDIDATES 12
#define MATCH_MIN 0.5
#define INSIDE_MIN 0.6
#define MOVED_MIN 0.8

static const char *const kind_names[ALIGN_KINDS] = {
	"unchanged", "edited", "renumbered", "moved", "split", "merged", "new", "removed",
};

const char *align_kind_name(enum align_kind k)
{
	return k >= 0 && k < ALIGN_KINDS ? kind_names[k] : "?";
}

int align_kind_parse(const char *s)
{
	for (int k = 0; k < ALIGN_KINDS; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return -1;
}

/* ---- token sets -------------------------------------------------------------------- */

struct set {
	uint32_t *v;
	size_t n, cap;
};

static void set_add(struct set *s, uint32_t x)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	s->v[s->n++] = x;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Sort n 64-bit keys (LSD radix, 16 bits a pass: the sets and the index are large). */
static void sort_u64(uint64_t *v, size_t n, int key_bits)
{
	if (n < 2)
		return;
	uint64_t *tmp = xcalloc(n, sizeof *tmp);
	size_t *count = xcalloc(65536 + 1, sizeof *count);
	for (int shift = 0; shift < key_bits; shift += 16) {
		memset(count, 0, (65536 + 1) * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[((v[i] >> shift) & 0xffff) + 1]++;
		for (size_t b = 0; b < 65536; b++)
			count[b + 1] += count[b];
		for (size_t i = 0; i < n; i++)
			tmp[count[(v[i] >> shift) & 0xffff]++] = v[i];
		memcpy(v, tmp, n * sizeof *v);
	}
	free(tmp);
	free(count);
}

static void set_finish(struct set *s)
{
	if (!s->n)
		return;
	if (s->n < 4096) {
		qsort(s->v, s->n, sizeof *s->v, cmp_u32);
	} else {
		uint64_t *w = xcalloc(s->n, sizeof *w);
		for (size_t i = 0; i < s->n; i++)
			w[i] = s->v[i];
		sort_u64(w, s->n, 32);
		for (size_t i = 0; i < s->n; i++)
			s->v[i] = (uint32_t)w[i];
		free(w);
	}
	size_t k = 1;
	for (size_t i = 1; i < s->n; i++)
		if (s->v[i] != s->v[k - 1])
			s->v[k++] = s->v[i];
	s->n = k;
}

/* The syllables and syllable pairs of text, folded, hashed (FNV-1a). */
static void add_tokens(struct set *s, const char *text)
{
	char *f = text_fold(text, strlen(text));
	uint32_t prev = 0;
	bool have_prev = false;
	for (char *p = f; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		uint32_t h = 2166136261u;
		for (; *p && *p != ' '; p++)
			h = (h ^ (unsigned char)*p) * 16777619u;
		set_add(s, h);
		if (have_prev)
			set_add(s, (prev * 0x9E3779B1u) ^ (h + 0x7F4A7C15u) ^ 0x5bd1e995u);
		prev = h;
		have_prev = true;
	}
	free(f);
}

static size_t shared(const struct set *a, const struct set *b)
{
	size_t i = 0, j = 0, n = 0;
	while (i < a->n && j < b->n) {
		if (a->v[i] < b->v[j])
			i++;
		else if (a->v[i] > b->v[j])
			j++;
		else
			n++, i++, j++;
	}
	return n;
}

/* Of the tokens of a that are not in except, how many (*own) and how many of those are in b. */
static size_t own_shared(const struct set *a, const struct set *except, const struct set *b, size_t *own)
{
	size_t j = 0, k = 0, n = 0;
	*own = 0;
	for (size_t i = 0; i < a->n; i++) {
		uint32_t t = a->v[i];
		while (j < except->n && except->v[j] < t)
			j++;
		if (j < except->n && except->v[j] == t)
			continue;
		++*own;
		while (k < b->n && b->v[k] < t)
			k++;
		if (k < b->n && b->v[k] == t)
			n++;
	}
	return n;
}

/* Whether what a brings beyond its partner's text is mostly in b (or it brings nothing): the
 * test that tells a merge or a split from a section that only shares a drafting formula
 * ("Sở … chủ trì hướng dẫn thực hiện …") with its neighbour. */
static bool brings_into(const struct set *a, const struct set *partner, const struct set *b)
{
	size_t own, in = own_shared(a, partner, b, &own);
	return own == 0 || (double)in >= INSIDE_MIN * (double)own;
}

/* a ∪ b into a (both sorted, distinct). */
static void set_union(struct set *a, const struct set *b)
{
	if (!b->n)
		return;
	struct set u = {.cap = a->n + b->n};
	u.v = xcalloc(u.cap, sizeof *u.v);
	size_t i = 0, j = 0;
	while (i < a->n || j < b->n) {
		if (j == b->n || (i < a->n && a->v[i] < b->v[j]))
			u.v[u.n++] = a->v[i++];
		else if (i == a->n || b->v[j] < a->v[i])
			u.v[u.n++] = b->v[j++];
		else
			u.v[u.n++] = a->v[i++], j++;
	}
	free(a->v);
	*a = u;
}

/* Each section's set over its own text and its descendants' (which follow it in order, so
 * going backwards every section is complete before it is merged into its parent). */
static struct set *subtree_sets(const struct align_section *x, size_t n)
{
	struct set *all = xcalloc(n + 1, sizeof *all);
	for (size_t i = 0; i < n; i++) {
		add_tokens(&all[i], x[i].text ? x[i].text : "");
		set_finish(&all[i]);
	}
	for (size_t i = n; i-- > 0;)
		if (x[i].parent >= 0)
			set_union(&all[x[i].parent], &all[i]);
	return all;
}

/* ---- the alignment ------------------------------------------------------------------- */

/* A posting of the index: token << 32 | old section index. */
#define POST_TOKEN(p) ((uint32_t)((p) >> 32))
#define POST_OLD(p) ((int)((p) & 0xffffffffu))

struct pair {
	int j, i;           /* new, old */
	size_t common;
	double dice, score;
};

static int cmp_pair_score(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->j != y->j)
		return x->j - y->j;
	return x->i - y->i;
}

struct aligner {
	const struct align_section *old, *nw;
	size_t n_old, n_new;
	struct set *so, *sn;
	int *match_new, *match_old; /* one-to-one partner, -1 */
	double *match_dice;         /* by new section: the similarity of the pair */
	uint32_t *key_new, *key_old; /* label_keys */
	struct pair *pairs;         /* candidate pairs (same level, some token shared or family) */
	size_t n_pairs, cap_pairs;
	struct align_link *links;
	size_t n_links, cap_links;
};

static void add_pair(struct aligner *a, int j, int i)
{
	if (a->n_pairs == a->cap_pairs) {
		a->cap_pairs = a->cap_pairs ? 2 * a->cap_pairs : 256;
		a->pairs = xrealloc(a->pairs, a->cap_pairs * sizeof *a->pairs);
	}
	size_t c = shared(&a->sn[j], &a->so[i]);
	size_t tot = a->sn[j].n + a->so[i].n;
	double dice = tot ? 2.0 * (double)c / (double)tot : strcmp(a->nw[j].label, a->old[i].label) == 0;
	a->pairs[a->n_pairs++] = (struct pair){j, i, c, dice, dice};
}

static void add_link(struct aligner *a, int j, int i, enum align_kind k)
{
	if (a->n_links == a->cap_links) {
		a->cap_links = a->cap_links ? 2 * a->cap_links : 256;
		a->links = xrealloc(a->links, a->cap_links * sizeof *a->links);
	}
	a->links[a->n_links++] = (struct align_link){j, i, k};
}

/* Candidate pairs: the old sections of the same level sharing the most tokens that few
 * sections share (at most MAX_CANDIDATES of them), and those with the same label. */

/* Whether old section x ranks before y: more hits, then earlier. */
static bool ranks_before(const int *hits, int x, int y)
{
	return hits[x] > hits[y] || (hits[x] == hits[y] && x < y);
}

/* The (up to) MAX_CANDIDATES of cands with the most hits into top, best first; how many. */
static size_t best_first(const int *cands, size_t nc, const int *hits, int *top)
{
	size_t keep = 0;
	for (size_t c = 0; c < nc; c++) {
		int x = cands[c];
		if (keep == MAX_CANDIDATES && !ranks_before(hits, x, top[keep - 1]))
			continue;
		size_t at = keep < MAX_CANDIDATES ? keep++ : MAX_CANDIDATES - 1;
		while (at > 0 && ranks_before(hits, x, top[at - 1])) {
			top[at] = top[at - 1];
			at--;
		}
		top[at] = x;
	}
	return keep;
}

static uint32_t hash_str(uint32_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* A hash of each section's level, label and its parent's label (same_label's key). */
static uint32_t *label_keys(const struct align_section *x, size_t n)
{
	uint32_t *k = xcalloc(n + 1, sizeof *k);
	for (size_t i = 0; i < n; i++)
		k[i] = hash_str(hash_str(2166136261u ^ (uint32_t)x[i].level, x[i].label),
		                x[i].parent >= 0 ? x[x[i].parent].label : "");
	return k;
}

static bool same_label(const struct aligner *a, int j, int i)
{
	if (a->key_new[j] != a->key_old[i] || a->old[i].level != a->nw[j].level ||
	    strcmp(a->old[i].label, a->nw[j].label) != 0)
		return false;
	int pj = a->nw[j].parent, pi = a->old[i].parent;
	if (pj < 0 || pi < 0)
		return pj == pi;
	return strcmp(a->old[pi].label, a->nw[pj].label) == 0;
}

static void find_candidates(struct aligner *a)
{
	size_t np = 0;
	for (size_t i = 0; i < a->n_old; i++)
		np += a->so[i].n;
	uint64_t *post = xcalloc(np + 1, sizeof *post);
	size_t k = 0;
	for (size_t i = 0; i < a->n_old; i++)
		for (size_t t = 0; t < a->so[i].n; t++)
			post[k++] = (uint64_t)a->so[i].v[t] << 32 | (uint64_t)i;
	sort_u64(post, np, 64);
	/* the distinct tokens and where each one's run of postings starts */
	uint32_t *tok = xcalloc(np + 1, sizeof *tok);
	size_t *start = xcalloc(np + 2, sizeof *start), nt = 0;
	for (size_t p = 0; p < np; p++)
		if (p == 0 || POST_TOKEN(post[p]) != POST_TOKEN(post[p - 1])) {
			tok[nt] = POST_TOKEN(post[p]);
			start[nt++] = p;
		}
	start[nt] = np;
	int *hits = xcalloc(a->n_old + 1, sizeof *hits);
	int *cands = xcalloc(a->n_old + 1, sizeof *cands);
	for (size_t j = 0; j < a->n_new; j++) {
		size_t nc = 0;
		for (size_t t = 0; t < a->sn[j].n; t++) {
			uint32_t want = a->sn[j].v[t];
			size_t lo = 0, hi = nt;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;
				if (tok[mid] < want)
					lo = mid + 1;
				else
					hi = mid;
			}
			if (lo == nt || tok[lo] != want || start[lo + 1] - start[lo] > INDEX_CAP)
				continue;
			for (size_t p = start[lo]; p < start[lo + 1]; p++) {
				int i = POST_OLD(post[p]);
				if (a->old[i].level != a->nw[j].level)
					continue;
				if (!hits[i]++)
					cands[nc++] = i;
			}
		}
		int top[MAX_CANDIDATES];
		size_t keep = best_first(cands, nc, hits, top);
		for (size_t c = 0; c < keep; c++)
			add_pair(a, (int)j, top[c]);
		for (size_t c = 0; c < nc; c++)
			hits[cands[c]] = 0;
		for (size_t c = 0; c < keep; c++)
			hits[top[c]] = -1; /* taken: the label pass skips it */
		/* the same label under a parent of the same label is always a candidate (for
		 * sections of common words only) */
		for (size_t i = 0; i < a->n_old; i++)
			if (hits[i] == 0 && same_label(a, (int)j, (int)i))
				add_pair(a, (int)j, (int)i);
		for (size_t c = 0; c < keep; c++)
			hits[top[c]] = 0;
	}
	free(hits);
	free(cands);
	free(tok);
	free(start);
	free(post);
}

static int depth_of(const struct align_section *x, int i)
{
	int d = 0;
	for (int p = x[i].parent; p >= 0; p = x[p].parent)
		d++;
	return d;
}

/* Step 1, one depth of the new version at a time so parents are aligned before children. */
static void one_to_one(struct aligner *a)
{
	int max_depth = 0;
	int *depth = xcalloc(a->n_new + 1, sizeof *depth);
	for (size_t j = 0; j < a->n_new; j++) {
		depth[j] = depth_of(a->nw, (int)j);
		if (depth[j] > max_depth)
			max_depth = depth[j];
	}
	struct pair *round = xcalloc(a->n_pairs + 1, sizeof *round);
	for (int d = 0; d <= max_depth; d++) {
		size_t n = 0;
		for (size_t p = 0; p < a->n_pairs; p++) {
			struct pair x = a->pairs[p];
			if (depth[x.j] != d || x.dice < MATCH_MIN)
				continue;
			int pj = a->nw[x.j].parent, pi = a->old[x.i].parent;
			bool family = (pj < 0 && pi < 0) || (pj >= 0 && pi >= 0 && a->match_new[pj] == pi);
			x.score = x.dice + (family ? 0.15 : 0) + (strcmp(a->nw[x.j].label, a->old[x.i].label) == 0 ? 0.05 : 0);
			round[n++] = x;
		}
		if (n > 1)
			qsort(round, n, sizeof *round, cmp_pair_score);
		for (size_t p = 0; p < n; p++)
			if (a->match_new[round[p].j] < 0 && a->match_old[round[p].i] < 0) {
				a->match_new[round[p].j] = round[p].i;
				a->match_dice[round[p].j] = round[p].dice;
				a->match_old[round[p].i] = round[p].j;
			}
	}
	free(round);
	free(depth);
}

/* Mark in keep the pairs of seq (new indices, in order, each matched) that form the longest
 * increasing run of old indices (patience sorting). */
static void mark_longest_run(const struct aligner *a, const int *seq, size_t n, bool *keep)
{
	int *tail = xcalloc(n + 1, sizeof *tail), *prev = xcalloc(n + 1, sizeof *prev);
	size_t len = 0;
	for (size_t k = 0; k < n; k++) {
		int i = a->match_new[seq[k]];
		size_t lo = 0, hi = len;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (a->match_new[seq[tail[mid]]] < i)
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[k] = lo ? tail[lo - 1] : -1;
		tail[lo] = (int)k;
		if (lo == len)
			len++;
	}
	for (int k = len ? tail[len - 1] : -1; k >= 0; k = prev[k])
		keep[seq[k]] = true;
	free(tail);
	free(prev);
}

/* Which one-to-one pairs keep their order: the longest increasing run of old indices taken
 * in new order; the others moved. */
static bool *in_order(struct aligner *a)
{
	int *seq = xcalloc(a->n_new + 1, sizeof *seq);
	bool *keep = xcalloc(a->n_new + 1, sizeof *keep);
	size_t n = 0;
	for (size_t j = 0; j < a->n_new; j++)
		if (a->match_new[j] >= 0)
			seq[n++] = (int)j;
	mark_longest_run(a, seq, n, keep);
	free(seq);
	return keep;
}

static bool near(struct aligner *a, int j, int i);

/* The same among the children of each pair of aligned parents (and at the top level): false
 * for a section that changed places among its siblings. */
static bool *in_order_among_siblings(struct aligner *a)
{
	size_t n = a->n_new;
	bool *keep = xcalloc(n + 1, sizeof *keep);
	size_t *count = xcalloc(n + 2, sizeof *count);
	int *seq = xcalloc(n + 1, sizeof *seq);
	/* the family members grouped by parent (top level last), in order within a group */
	for (size_t j = 0; j < n; j++)
		if (a->match_new[j] >= 0 && near(a, (int)j, a->match_new[j]))
			count[(a->nw[j].parent >= 0 ? (size_t)a->nw[j].parent : n) + 1]++;
		else
			keep[j] = true;
	for (size_t g = 0; g <= n; g++)
		count[g + 1] += count[g];
	size_t *at = xcalloc(n + 2, sizeof *at);
	memcpy(at, count, (n + 2) * sizeof *at);
	for (size_t j = 0; j < n; j++)
		if (!keep[j])
			seq[at[a->nw[j].parent >= 0 ? (size_t)a->nw[j].parent : n]++] = (int)j;
	for (size_t g = 0; g <= n; g++)
		if (count[g + 1] > count[g])
			mark_longest_run(a, seq + count[g], count[g + 1] - count[g], keep);
	free(at);
	free(count);
	free(seq);
	return keep;
}

/* Are old i and new j in the same family: the same parent as the partner, or aligned parents. */
static bool near(struct aligner *a, int j, int i)
{
	int pj = a->nw[j].parent, pi = a->old[i].parent;
	if (pj < 0 && pi < 0)
		return true;
	return pj >= 0 && pi >= 0 && a->match_new[pj] == pi;
}

struct align_link *align_sections(const struct align_section *old, size_t n_old, const struct align_section *new_,
                                  size_t n_new, size_t *n_links)
{
	struct aligner a = {.old = old, .nw = new_, .n_old = n_old, .n_new = n_new};
	a.so = subtree_sets(old, n_old);
	a.sn = subtree_sets(new_, n_new);
	a.match_new = xcalloc(n_new + 1, sizeof *a.match_new);
	a.match_old = xcalloc(n_old + 1, sizeof *a.match_old);
	a.match_dice = xcalloc(n_new + 1, sizeof *a.match_dice);
	for (size_t j = 0; j < n_new; j++)
		a.match_new[j] = -1;
	for (size_t i = 0; i < n_old; i++)
		a.match_old[i] = -1;
	a.key_new = label_keys(new_, n_new);
	a.key_old = label_keys(old, n_old);
	find_candidates(&a);
	one_to_one(&a);

	enum align_kind *kind = xcalloc(n_new + 1, sizeof *kind);
	bool *keep = in_order(&a);
	/* out of the order of its siblings and its own text changed much as well: a different
	 * section that shares a drafting formula with the old one, not the old one moved (a move
	 * keeps the text) */
	bool *keep_sib = in_order_among_siblings(&a);
	for (size_t j = 0; j < n_new; j++) {
		int i = a.match_new[j];
		if (i >= 0 && !keep_sib[j] && a.match_dice[j] < MOVED_MIN &&
		    strcmp(old[i].text ? old[i].text : "", new_[j].text ? new_[j].text : "") != 0) {
			a.match_new[j] = -1;
			a.match_old[i] = -1;
		}
	}
	free(keep_sib);
	for (size_t j = 0; j < n_new; j++) {
		int i = a.match_new[j];
		if (i < 0)
			kind[j] = ALIGN_NEW;
		else if (strcmp(old[i].text ? old[i].text : "", new_[j].text ? new_[j].text : "") != 0)
			kind[j] = ALIGN_EDITED;
		else if (!keep[j])
			kind[j] = ALIGN_MOVED;
		else
			kind[j] = strcmp(old[i].label, new_[j].label) == 0 ? ALIGN_UNCHANGED : ALIGN_RENUMBERED;
	}
	free(keep);

	/* 2 and 3: the best containing partner for each section left over */
	int *into = xcalloc(n_old + 1, sizeof *into), *from = xcalloc(n_new + 1, sizeof *from);
	double *into_v = xcalloc(n_old + 1, sizeof *into_v), *from_v = xcalloc(n_new + 1, sizeof *from_v);
	for (size_t i = 0; i < n_old; i++)
		into[i] = -1;
	for (size_t j = 0; j < n_new; j++)
		from[j] = -1;
	for (size_t p = 0; p < a.n_pairs; p++) {
		struct pair x = a.pairs[p];
		if (a.match_old[x.i] < 0 && a.match_new[x.j] >= 0 && a.so[x.i].n) {
			double v = (double)x.common / (double)a.so[x.i].n;
			int partner = a.match_new[x.j];
			if (v >= INSIDE_MIN && v > into_v[x.i] && old[partner].parent == old[x.i].parent &&
			    brings_into(&a.so[x.i], &a.so[partner], &a.sn[x.j]))
				into[x.i] = x.j, into_v[x.i] = v;
		}
		if (a.match_new[x.j] < 0 && a.match_old[x.i] >= 0 && a.sn[x.j].n) {
			double v = (double)x.common / (double)a.sn[x.j].n;
			int partner = a.match_old[x.i];
			if (v >= INSIDE_MIN && v > from_v[x.j] &&
			    (new_[partner].parent == new_[x.j].parent || near(&a, x.j, x.i)) &&
			    brings_into(&a.sn[x.j], &a.sn[partner], &a.so[x.i]))
				from[x.j] = x.i, from_v[x.j] = v;
		}
	}
	for (size_t i = 0; i < n_old; i++)
		if (into[i] >= 0)
			kind[into[i]] = ALIGN_MERGED;
	for (size_t j = 0; j < n_new; j++)
		if (from[j] >= 0) {
			kind[j] = ALIGN_SPLIT;
			kind[a.match_old[from[j]]] = ALIGN_SPLIT;
		}

	for (size_t j = 0; j < n_new; j++)
		add_link(&a, (int)j, from[j] >= 0 ? from[j] : a.match_new[j], from[j] >= 0 ? ALIGN_SPLIT : kind[j]);
	for (size_t i = 0; i < n_old; i++) {
		if (into[i] >= 0)
			add_link(&a, into[i], (int)i, ALIGN_MERGED);
		else if (a.match_old[i] < 0)
			add_link(&a, -1, (int)i, ALIGN_REMOVED);
	}

	for (size_t i = 0; i < n_old; i++)
		free(a.so[i].v);
	for (size_t j = 0; j < n_new; j++)
		free(a.sn[j].v);
	free(a.so);
	free(a.sn);
	free(a.match_new);
	free(a.match_old);
	free(a.match_dice);
	free(a.key_new);
	free(a.key_old);
	free(a.pairs);
	free(kind);
	free(into);
	free(from);
	free(into_v);
	free(from_v);
	*n_links = a.n_links;
	return a.links;
}
