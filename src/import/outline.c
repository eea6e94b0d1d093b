/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outline.c — split a normalised draft into its section tree (see outline.h).
 *
 * One pass over the lines. Each line is classified by matching its first few characters,
 * folded to ASCII (case and Vietnamese diacritics removed, NFC or NFD), against the legal
 * keywords (Phần, Chương, Mục, Điều) and the clause/point patterns ("1." "1)" "a)" "đ)"),
 * after an optional Markdown "#" prefix and bold markers. A stack of open nodes gives each
 * new node its parent. Nodes cover the input in contiguous line ranges, so their `source`
 * strings concatenate back to the input. */
#include "gopy/outline.h"
#include "gopy/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "gopy/err.h"
#include "gopy/i18n.h"

const char *section_level_code(int level)
{
	static const char *const codes[LEVEL_COUNT] = {
		"preamble", "part", "chapter", "section", "article", "clause", "point", "heading",
	};
	return level >= 0 && level < LEVEL_COUNT ? codes[level] : "?";
}

/* ---- character folding ---- */

/* Vietnamese letters with diacritics, lower and upper case in the same order. */
static const struct {
	char base;
	const char *lower, *upper;
} viet_letters[] = {
	{ 'a', "àáảãạăằắẳẵặâầấẩẫậ", "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ" },
	{ 'd', "đð", "ĐÐ" },
	{ 'e', "èéẻẽẹêềếểễệ", "ÈÉẺẼẸÊỀẾỂỄỆ" },
	{ 'i', "ìíỉĩị", "ÌÍỈĨỊ" },
	{ 'o', "òóỏõọôồốổỗộơờớởỡợ", "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ" },
	{ 'u', "ùúủũụưừứửữự", "ÙÚỦŨỤƯỪỨỬỮỰ" },
	{ 'y', "ỳýỷỹỵ", "ỲÝỶỸỴ" },
};

struct vletter {
	uint32_t cp;
	char base;  /* ASCII lower-case base letter */
	bool upper; /* an upper-case letter */
};

static struct vletter vtab[160];
static size_t vtab_n;

/* One code point at s (n > 0 bytes available): its length, *cp = U+FFFD for an invalid byte. */
static size_t decode(const char *s, size_t n, uint32_t *cp)
{
	int32_t v;
	size_t k = text_decode(s, n, &v);
	*cp = (uint32_t)v;
	return k;
}

static int vletter_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct vletter *)a)->cp, y = ((const struct vletter *)b)->cp;
	return x < y ? -1 : x > y;
}

static void vtab_add(const char *s, char base, bool upper)
{
	for (size_t n = strlen(s), i = 0; i < n;) {
		uint32_t cp;
		i += decode(s + i, n - i, &cp);
		if (vtab_n < sizeof vtab / sizeof vtab[0])
			vtab[vtab_n++] = (struct vletter){ cp, base, upper };
	}
}

static void vtab_init(void)
{
	if (vtab_n)
		return;
	for (size_t i = 0; i < sizeof viet_letters / sizeof viet_letters[0]; i++) {
		vtab_add(viet_letters[i].lower, viet_letters[i].base, false);
		vtab_add(viet_letters[i].upper, viet_letters[i].base, true);
	}
	qsort(vtab, vtab_n, sizeof vtab[0], vletter_cmp);
}

static const struct vletter *vtab_find(uint32_t cp)
{
	struct vletter key = { cp, 0, false };
	return bsearch(&key, vtab, vtab_n, sizeof vtab[0], vletter_cmp);
}

/* Letter case of a code point: 1 upper, -1 lower, 0 not a letter we know. */
static int letter_case(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return 1;
	if (cp >= 'a' && cp <= 'z')
		return -1;
	const struct vletter *v = cp >= 0xC0 ? vtab_find(cp) : NULL;
	return v ? (v->upper ? 1 : -1) : 0;
}

static bool is_combining(uint32_t cp) { return cp >= 0x300 && cp <= 0x36F; }
static bool is_space(uint32_t cp) { return cp == ' ' || cp == '\t' || cp == '\r' || cp == 0xA0; }

#define FOLD_MAX 64

/* The first characters of a string folded to ASCII: letters to lower-case base letters,
 * spaces to ' ', other ASCII kept, anything else '\x01'. off[i] is the byte offset of
 * folded character i (its combining marks belong to it); off[n] is where folding stopped. */
struct folded {
	char c[FOLD_MAX + 1];
	size_t off[FOLD_MAX + 1];
	int n;
};

static void fold(const char *s, size_t len, struct folded *f)
{
	size_t i = 0;
	f->n = 0;
	while (i < len && f->n < FOLD_MAX) {
		uint32_t cp;
		size_t k = decode(s + i, len - i, &cp);
		if (is_combining(cp) && f->n > 0) {
			i += k;
			continue;
		}
		char c;
		if (cp < 0x80)
			c = cp >= 'A' && cp <= 'Z' ? (char)(cp - 'A' + 'a') : cp == '\t' || cp == '\r' ? ' ' : (char)cp;
		else if (is_space(cp))
			c = ' ';
		else {
			const struct vletter *v = vtab_find(cp);
			c = v ? v->base : '\x01';
		}
		f->off[f->n] = i;
		f->c[f->n++] = c;
		i += k;
	}
	/* marks after the last folded character belong to it */
	while (i < len) {
		uint32_t cp;
		size_t k = decode(s + i, len - i, &cp);
		if (!is_combining(cp))
			break;
		i += k;
	}
	f->off[f->n] = i;
	f->c[f->n] = '\0';
}

static bool f_alpha(char c) { return c >= 'a' && c <= 'z'; }
static bool f_digit(char c) { return c >= '0' && c <= '9'; }
static bool f_alnum(char c) { return f_alpha(c) || f_digit(c); }

/* Match the word w at *i followed by at least one space; advance past the spaces. */
static bool f_word_space(const struct folded *f, int *i, const char *w)
{
	int n = (int)strlen(w);
	if (*i + n >= f->n || memcmp(f->c + *i, w, (size_t)n) != 0 || f->c[*i + n] != ' ')
		return false;
	*i += n;
	while (*i < f->n && f->c[*i] == ' ')
		(*i)++;
	return true;
}

/* Match the word w at *i as a whole word; advance past it. */
static bool f_word(const struct folded *f, int *i, const char *w)
{
	int n = (int)strlen(w);
	if (*i + n > f->n || memcmp(f->c + *i, w, (size_t)n) != 0 ||
	    (*i + n < f->n && f_alnum(f->c[*i + n])))
		return false;
	*i += n;
	return true;
}

/* ---- numbers ---- */

/* Value of a strict Roman numeral (lower-case letters i v x l c, 1..399), 0 if not one. */
static int roman_value(const char *s, int n)
{
	static const char *const units[] = { "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix" };
	static const char *const tens[] = { "", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc" };
	static const char *const hundreds[] = { "", "c", "cc", "ccc" };
	for (int v = 1; v < 400; v++) {
		char canon[16];
		int k = snprintf(canon, sizeof canon, "%s%s%s", hundreds[v / 100], tens[v / 10 % 10], units[v % 10]);
		if (k == n && memcmp(canon, s, (size_t)n) == 0)
			return v;
	}
	return 0;
}

/* A number token at *i: 1..maxdig digits or (if roman) a Roman numeral of ASCII letters,
 * ending at a non-alphanumeric character. Writes its printed form (Roman in upper case) to
 * out and advances. */
static bool f_number(const struct folded *f, int *i, int maxdig, bool roman, char *out, size_t outsz)
{
	int j = *i;
	if (j < f->n && f_digit(f->c[j])) {
		while (j < f->n && f_digit(f->c[j]))
			j++;
		if (j - *i > maxdig || (j < f->n && f_alpha(f->c[j])))
			return false;
		snprintf(out, outsz, "%.*s", j - *i, f->c + *i);
		*i = j;
		return true;
	}
	if (!roman)
		return false;
	while (j < f->n && f_alpha(f->c[j]) && f->off[j + 1] - f->off[j] == 1)
		j++; /* plain ASCII letters only: "Ì" is no numeral */
	if (j == *i || j - *i > 12 || (j < f->n && f_alnum(f->c[j])))
		return false;
	if (!roman_value(f->c + *i, j - *i))
		return false;
	int k = 0;
	for (int m = *i; m < j && k + 1 < (int)outsz; m++)
		out[k++] = (char)(f->c[m] - 'a' + 'A');
	out[k] = '\0';
	*i = j;
	return true;
}

/* Ordinal words after "thứ", folded → printed. */
static const struct {
	const char *folded, *printed;
	bool first, second; /* may stand first / may follow "mười" */
} ordinals[] = {
	{ "nhat", "nhất", true, false }, { "hai", "hai", true, true }, { "ba", "ba", true, true },
	{ "tu", "tư", true, true },      { "bon", "bốn", true, true }, { "nam", "năm", true, true },
	{ "sau", "sáu", true, true },    { "bay", "bảy", true, true }, { "tam", "tám", true, true },
	{ "chin", "chín", true, true },  { "muoi", "mười", true, false },
	{ "mot", "một", false, true },   { "lam", "lăm", false, true },
};

/* "thứ nhất", "thứ mười hai" … at *i: writes "thứ nhất" to out and advances. */
static bool f_ordinal(const struct folded *f, int *i, char *out, size_t outsz)
{
	int j = *i;
	if (!f_word_space(f, &j, "thu"))
		return false;
	size_t n = sizeof ordinals / sizeof ordinals[0], a, b = n;
	for (a = 0; a < n; a++)
		if (ordinals[a].first && f_word(f, &j, ordinals[a].folded))
			break;
	if (a == n)
		return false;
	if (strcmp(ordinals[a].folded, "muoi") == 0) {
		int k = j;
		while (k < f->n && f->c[k] == ' ')
			k++;
		for (b = 0; b < n; b++)
			if (ordinals[b].second && f_word(f, &k, ordinals[b].folded))
				break;
		if (b < n)
			j = k;
	}
	snprintf(out, outsz, "thứ %s%s%s", ordinals[a].printed, b < n ? " " : "", b < n ? ordinals[b].printed : "");
	*i = j;
	return true;
}

/* ---- lines ---- */

/* A classified line. Offsets are relative to the line start. */
struct head {
	int level;     /* enum section_level, or -1: not a heading */
	int hashes;    /* number of Markdown '#', 0 for a plain line */
	char label[64];
	size_t hs, he; /* the heading text */
};

static bool is_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

static void trim_spaces(const char *l, size_t *s, size_t *e)
{
	while (*s < *e && (l[*s] == ' ' || l[*s] == '\t' || l[*s] == '\r'))
		(*s)++;
	while (*e > *s && (l[*e - 1] == ' ' || l[*e - 1] == '\t' || l[*e - 1] == '\r'))
		(*e)--;
}

static bool is_emph(char c) { return c == '*' || c == '_'; }

/* Strip spaces and Markdown emphasis markers (** or __, and a single * or _ stuck to the
 * text, so that a "* " list bullet stays) from both ends of l[*s..*e). Returns true if any
 * marker was removed. */
static bool trim_decor(const char *l, size_t *s, size_t *e)
{
	bool any = false;
	for (int round = 0; round < 4; round++) {
		trim_spaces(l, s, e);
		size_t s0 = *s, e0 = *e;
		if (*e - *s >= 2 && is_emph(l[*s]) && l[*s + 1] == l[*s])
			*s += 2;
		else if (*e - *s >= 2 && is_emph(l[*s]) && l[*s + 1] != ' ' && l[*s + 1] != '\t')
			*s += 1;
		if (*e - *s >= 2 && is_emph(l[*e - 1]) && l[*e - 2] == l[*e - 1])
			*e -= 2;
		else if (*e - *s >= 2 && is_emph(l[*e - 1]) && l[*e - 2] != ' ' && l[*e - 2] != '\t')
			*e -= 1;
		else if (*e - *s == 1 && is_emph(l[*s]))
			*e -= 1;
		if (*s == s0 && *e == e0)
			break;
		any = true;
	}
	trim_spaces(l, s, e);
	return any;
}

/* The content of a line: without indentation, Markdown "#" prefix and closing hashes, and
 * emphasis. Sets *hashes (0 when the line is no Markdown heading) and *decorated. */
static void content(const char *l, size_t n, size_t *cs, size_t *ce, int *hashes, bool *decorated)
{
	size_t s = 0, e = n;
	trim_spaces(l, &s, &e);
	*hashes = 0;
	size_t h = 0;
	while (s + h < e && l[s + h] == '#')
		h++;
	if (h >= 1 && h <= 6 && (s + h == e || l[s + h] == ' ' || l[s + h] == '\t')) {
		*hashes = (int)h;
		s += h;
		trim_spaces(l, &s, &e);
		/* optional closing sequence: " ##" */
		size_t k = e;
		while (k > s && l[k - 1] == '#')
			k--;
		if (k < e && (k == s || l[k - 1] == ' ' || l[k - 1] == '\t'))
			e = k;
		trim_spaces(l, &s, &e);
	}
	*decorated = trim_decor(l, &s, &e);
	*cs = s;
	*ce = e;
}

/* After a label ending at byte p of l[..ce): find the heading text. Accepts the end of the
 * line, a separator (. : - – —) or, when upper_ok, a space and an upper-case letter.
 * Sets [*hs, *he) and returns true, or returns false when this is not a heading. */
static bool after_label(const char *l, size_t p, size_t ce, bool upper_ok, size_t *hs, size_t *he)
{
	size_t s = p, e = ce;
	bool spaced = s < e && (l[s] == ' ' || l[s] == '\t');
	trim_decor(l, &s, &e);
	if (s >= e) {
		*hs = *he = e;
		return true;
	}
	uint32_t cp;
	size_t k = decode(l + s, e - s, &cp);
	if (cp == '.' || cp == ':' || cp == '-' || cp == 0x2013 || cp == 0x2014) {
		if (cp == '.' && s + 1 < e && l[s + 1] >= '0' && l[s + 1] <= '9')
			return false; /* "5.1" */
		s += k;
		trim_decor(l, &s, &e);
		*hs = s;
		*he = e;
		return true;
	}
	if (upper_ok && spaced && letter_case(cp) > 0) {
		*hs = s;
		*he = e;
		return true;
	}
	return false;
}

/* Legal keywords: Phần, Chương, Mục, Điều. */
static bool legal_heading(const char *l, size_t cs, size_t ce, bool decorated, int hashes, struct head *h)
{
	struct folded f;
	fold(l + cs, ce - cs, &f);
	char num[32];
	int i = 0, level = -1;
	const char *word = NULL;
	bool upper_ok = true;

	if (f_word_space(&f, &i, "phan")) {
		level = LEVEL_PART, word = "Phần";
		if (!f_ordinal(&f, &i, num, sizeof num) && !f_number(&f, &i, 3, true, num, sizeof num))
			return false;
	} else if (f_word_space(&f, &i, "chuong")) {
		level = LEVEL_CHAPTER, word = "Chương";
		if (!f_ordinal(&f, &i, num, sizeof num) && !f_number(&f, &i, 3, true, num, sizeof num))
			return false;
	} else if (f_word_space(&f, &i, "muc")) {
		level = LEVEL_SECTION, word = "Mục";
		if (!f_number(&f, &i, 3, true, num, sizeof num))
			return false;
	} else if (f_word_space(&f, &i, "dieu")) {
		level = LEVEL_ARTICLE, word = "Điều";
		/* digits with an optional letter: "Điều 5a." in amending laws */
		int j = i;
		while (j < f.n && f_digit(f.c[j]))
			j++;
		if (j == i || j - i > 4)
			return false;
		if (j < f.n && f_alpha(f.c[j]) && f.off[j + 1] - f.off[j] == 1 && !(j + 1 < f.n && f_alnum(f.c[j + 1])))
			j++;
		if (j < f.n && f_alnum(f.c[j]))
			return false;
		snprintf(num, sizeof num, "%.*s", j - i, f.c + i);
		i = j;
		/* "Điều 5 Luật ..." is a sentence; a real article has a separator */
		upper_ok = decorated || hashes > 0;
	} else {
		return false;
	}
	if (i >= f.n && f.off[i] < ce - cs)
		return false; /* folded window too short: cannot be a label */
	if (!after_label(l, cs + f.off[i], ce, upper_ok, &h->hs, &h->he))
		return false;
	h->level = level;
	snprintf(h->label, sizeof h->label, "%s %s", word, num);
	return true;
}

/* Clause "1." "1)" or point "a)" "đ)" at the start of the content. */
static bool clause_or_point(const char *l, size_t cs, size_t ce, bool want_clause, bool want_point, struct head *h)
{
	size_t p = cs;
	if (want_clause && p < ce && l[p] >= '0' && l[p] <= '9') {
		while (p < ce && l[p] >= '0' && l[p] <= '9')
			p++;
		if (p - cs > 3 || p >= ce || (l[p] != '.' && l[p] != ')'))
			return false;
		p++;
		if (p < ce && l[p] != ' ' && l[p] != '\t' && l[p] != '*' && l[p] != '_')
			return false;
		h->level = LEVEL_CLAUSE;
		snprintf(h->label, sizeof h->label, "Khoản %.*s", (int)(p - 1 - cs), l + cs);
	} else if (want_point && p < ce) {
		uint32_t cp;
		p += decode(l + p, ce - p, &cp);
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (cp == 0x110)
			cp = 0x111; /* Đ → đ */
		if (!((cp >= 'a' && cp <= 'y' && !strchr("fjw", (int)cp)) || cp == 0x111))
			return false;
		if (p >= ce || l[p] != ')')
			return false;
		p++;
		if (p < ce && l[p] != ' ' && l[p] != '\t' && l[p] != '*' && l[p] != '_')
			return false;
		h->level = LEVEL_POINT;
		snprintf(h->label, sizeof h->label, "Điểm %s", cp == 0x111 ? "đ" : (char[]){ (char)cp, '\0' });
	} else {
		return false;
	}
	size_t s = p, e = ce;
	trim_decor(l, &s, &e);
	h->hs = s;
	h->he = e;
	return true;
}

/* Classify line l[0..n). in_article: clauses may start here; points likewise. */
static void classify(const char *l, size_t n, bool in_article, struct head *h)
{
	size_t cs, ce;
	bool decorated;
	int hashes;
	h->level = -1;
	h->label[0] = '\0';
	content(l, n, &cs, &ce, &hashes, &decorated);
	h->hashes = hashes;
	if (cs >= ce && hashes == 0)
		return;
	if (legal_heading(l, cs, ce, decorated, hashes, h))
		return;
	if (hashes > 0) {
		h->level = LEVEL_HEADING;
		h->hs = cs;
		h->he = ce;
		return;
	}
	if (in_article)
		clause_or_point(l, cs, ce, true, true, h);
}

/* True when l[0..n) reads as a title on its own: all capitals, or short and not ending
 * like a sentence. */
static bool title_like(const char *l, size_t n)
{
	size_t cs, ce;
	bool decorated;
	int hashes;
	content(l, n, &cs, &ce, &hashes, &decorated);
	if (cs >= ce || ce - cs > 400)
		return false;
	bool lower = false, letter = false;
	for (size_t i = cs; i < ce;) {
		uint32_t cp;
		i += decode(l + i, ce - i, &cp);
		int c = letter_case(cp);
		letter = letter || c != 0;
		lower = lower || c < 0;
	}
	if (!letter)
		return false;
	if (!lower)
		return true;
	return ce - cs <= 200 && !strchr(".;,:?!", l[ce - 1]);
}

/* ---- the tree ---- */

struct pnode {
	struct head h;
	int parent, depth;
	size_t src, body;          /* byte offsets: source start, body start */
	size_t hs, he;             /* heading text, absolute offsets */
};

/* Next line from pos: sets *end (without LF) and returns the start of the following line. */
static size_t next_line(const char *t, size_t len, size_t pos, size_t *end)
{
	const char *nl = memchr(t + pos, '\n', len - pos);
	*end = nl ? (size_t)(nl - t) : len;
	return nl ? *end + 1 : len;
}

/* Body: t[s..e) without leading and trailing blank lines (and the final LF). */
static char *body_text(const char *t, size_t s, size_t e)
{
	while (s < e) { /* leading blank lines */
		const char *nl = memchr(t + s, '\n', e - s);
		size_t le = nl ? (size_t)(nl - t) : e;
		if (!is_blank(t + s, le - s))
			break;
		s = nl ? le + 1 : e;
	}
	while (e > s) { /* trailing blank lines */
		size_t ls = e;
		if (t[ls - 1] == '\n')
			ls--;
		size_t le = ls;
		while (ls > s && t[ls - 1] != '\n')
			ls--;
		if (!is_blank(t + ls, le - ls)) {
			e = le;
			break;
		}
		e = ls;
	}
	return xstrndup(t + s, e - s);
}

static char *heading_text(const char *t, size_t hs, size_t he)
{
	trim_decor(t, &hs, &he);
	return xstrndup(t + hs, he - hs);
}

/* Pop open nodes (stack of indices) that cannot contain a node of this kind. */
static void pop_for(const struct pnode *nodes, int *stack, int *sp, const struct head *h)
{
	int k;
	for (k = 0; k < *sp; k++) {
		const struct head *o = &nodes[stack[k]].h;
		bool o_legal = o->level >= LEVEL_PART && o->level <= LEVEL_POINT;
		if (h->level == LEVEL_HEADING) {
			if ((o->hashes >= h->hashes) || o->hashes == 0)
				break;
		} else {
			if (o_legal && o->level >= h->level)
				break;
			if (h->hashes > 0 && o->hashes >= h->hashes)
				break;
		}
	}
	*sp = k;
}

/* Is the innermost open node outside clauses and points an article? */
static bool inside_article(const struct pnode *nodes, const int *stack, int sp)
{
	for (int k = sp - 1; k >= 0; k--) {
		int lv = nodes[stack[k]].h.level;
		if (lv == LEVEL_CLAUSE || lv == LEVEL_POINT)
			continue;
		return lv == LEVEL_ARTICLE;
	}
	return false;
}

static char *guess_title(const char *t, size_t len)
{
	size_t first_s = 0, first_e = 0;
	bool have_first = false;
	for (size_t pos = 0; pos < len;) {
		size_t end, next = next_line(t, len, pos, &end);
		size_t cs, ce;
		bool decorated;
		int hashes;
		content(t + pos, end - pos, &cs, &ce, &hashes, &decorated);
		if (hashes == 1 && cs < ce)
			return xstrndup(t + pos + cs, ce - cs);
		if (!have_first && cs < ce) {
			have_first = true;
			first_s = pos + cs;
			first_e = pos + ce;
		}
		pos = next;
	}
	return xstrndup(t + first_s, first_e - first_s);
}

int outline_parse(const char *text, size_t len, struct outline *out)
{
	*out = (struct outline){0};
	if (!text && len)
		return err_set(_("outline: no text"));
	if (!text)
		text = "";
	vtab_init();

	struct pnode *nodes = NULL;
	size_t n = 0, cap = 0;
	int *stack = NULL, sp = 0, stack_cap = 0;
	size_t skip_to = 0; /* lines before this offset were taken as a heading */

	for (size_t pos = 0; pos < len;) {
		size_t end, next = next_line(text, len, pos, &end);
		if (pos < skip_to) {
			pos = next;
			continue;
		}
		struct head h;
		classify(text + pos, end - pos, inside_article(nodes, stack, sp), &h);
		if (h.level < 0) {
			pos = next;
			continue;
		}
		if (n == 0 && pos > 0 && !is_blank(text, pos)) {
			/* the preamble: text before the first heading */
			if (n == cap)
				nodes = xrealloc(nodes, (cap = 16) * sizeof *nodes);
			nodes[n++] = (struct pnode){ .h = { .level = LEVEL_PREAMBLE }, .parent = -1, .src = 0, .body = 0 };
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			nodes = xrealloc(nodes, cap * sizeof *nodes);
		}
		struct pnode *nd = &nodes[n];
		*nd = (struct pnode){ .h = h, .src = n == 0 ? 0 : pos, .body = next,
		                      .hs = pos + h.hs, .he = pos + h.he };
		/* a part, chapter or section without a title on its line: the next line */
		if (h.level >= LEVEL_PART && h.level <= LEVEL_SECTION && h.hs == h.he) {
			size_t p2 = next;
			for (int blanks = 0; p2 < len; blanks++) {
				size_t e2, n2 = next_line(text, len, p2, &e2);
				if (!is_blank(text + p2, e2 - p2)) {
					struct head h2;
					classify(text + p2, e2 - p2, false, &h2);
					bool ok = h2.level < 0 || (h2.level == LEVEL_HEADING && h.hashes > 0);
					if (ok && title_like(text + p2, e2 - p2)) {
						size_t cs, ce;
						bool dec;
						int hh;
						content(text + p2, e2 - p2, &cs, &ce, &hh, &dec);
						nd->hs = p2 + cs;
						nd->he = p2 + ce;
						nd->body = skip_to = n2;
					}
					break;
				}
				if (blanks == 2)
					break;
				p2 = n2;
			}
		}
		pop_for(nodes, stack, &sp, &h);
		nd->parent = sp > 0 ? stack[sp - 1] : -1;
		nd->depth = nd->parent >= 0 ? nodes[nd->parent].depth + 1 : 0;
		if (sp == stack_cap) {
			stack_cap = stack_cap ? stack_cap * 2 : 16;
			stack = xrealloc(stack, (size_t)stack_cap * sizeof *stack);
		}
		stack[sp++] = (int)n;
		n++;
		pos = next;
	}
	if (n == 0 && len > 0) { /* no heading at all: everything is preamble */
		nodes = xmalloc(sizeof *nodes);
		nodes[n++] = (struct pnode){ .h = { .level = LEVEL_PREAMBLE }, .parent = -1 };
	}

	out->nodes = xcalloc(n ? n : 1, sizeof *out->nodes);
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		const struct pnode *p = &nodes[i];
		struct outline_node *o = &out->nodes[i];
		size_t src_end = i + 1 < n ? nodes[i + 1].src : len;
		o->level = p->h.level;
		o->depth = p->depth;
		o->parent = p->parent;
		o->label = xstrdup(p->h.label);
		o->source = xstrndup(text + p->src, src_end - p->src);
		if (p->h.level == LEVEL_PREAMBLE) {
			o->heading = xstrdup("");
			o->body = body_text(text, p->src, src_end);
		} else {
			o->heading = heading_text(text, p->hs, p->he);
			o->body = body_text(text, p->body < src_end ? p->body : src_end, src_end);
		}
	}
	out->title = guess_title(text, len);
	free(nodes);
	free(stack);
	return 0;
}

void outline_free(struct outline *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		free(o->nodes[i].label);
		free(o->nodes[i].heading);
		free(o->nodes[i].body);
		free(o->nodes[i].source);
	}
	free(o->nodes);
	free(o->title);
	*o = (struct outline){0};
}
