/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outline.c — split a normalised draft into its section tree and cite each section (see
 * outline.h for the rules, docs/outline.md for their reasons).
 *
 * One pass over the lines. Each line is classified by matching its first few characters,
 * folded to ASCII (case and Vietnamese diacritics removed, NFC or NFD), against the keywords
 * (Phần, Chương, Mục, Điều) and the item patterns ("I." "1." "1.1." "a)" "-" "+"), after an
 * optional Markdown "#" prefix and bold markers. A stack of open nodes gives each new node
 * its parent; numbered items must continue the list of their future siblings. Nodes cover
 * the input in contiguous line ranges, so their `source` strings concatenate back to the
 * input. A second pass makes sibling labels unique and builds the citations. */
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
#include "gopy/strmap.h"

const char *section_level_code(int level)
{
	static const char *const codes[LEVEL_COUNT] = {
		"preamble", "part", "chapter", "section", "article", "clause", "point", "heading",
		"roman", "decimal", "dash", "plus",
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

/* ---- ordinals ---- */

void outline_ordinal(int n, char *out, size_t outsz)
{
	static const char *const digit[] = { "", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín" };
	if (n == 1)
		snprintf(out, outsz, "thứ nhất");
	else if (n == 4)
		snprintf(out, outsz, "thứ tư");
	else if (n >= 2 && n <= 9)
		snprintf(out, outsz, "thứ %s", digit[n]);
	else if (n >= 10 && n <= 19)
		snprintf(out, outsz, "thứ mười%s%s", n == 10 ? "" : " ", n == 15 ? "lăm" : digit[n - 10]);
	else if (n >= 20 && n <= 99) {
		int u = n % 10;
		const char *unit = u == 1 ? "mốt" : u == 4 ? "tư" : u == 5 ? "lăm" : digit[u];
		snprintf(out, outsz, "thứ %s mươi%s%s", digit[n / 10], u ? " " : "", unit);
	} else
		snprintf(out, outsz, "thứ %d", n);
}

/* ---- lines ---- */

/* A classified line. Offsets are relative to the line start. */
struct head {
	int level;     /* enum section_level, or -1: not a heading */
	int hashes;    /* number of Markdown '#', 0 for a plain line */
	int rank;      /* nesting order: a node contains nodes of a higher rank */
	int value;     /* Roman, arabic or last decimal number: for the list sequence; 0 else */
	bool loose;    /* a decimal written without its final period */
	bool letter;   /* a lettered division "A." "B." (level part, rank RANK_LETTER) */
	char num[32];  /* the number as printed ("II", "1", "1.2", "a"); "" for bullets */
	char label[64];
	size_t hs, he; /* the heading text */
};

enum {
	RANK_PART = 10, RANK_LETTER = 15, RANK_CHAPTER = 20, RANK_SECTION = 30, RANK_ARTICLE = 40, RANK_ROMAN = 50,
	RANK_CLAUSE = 60, /* a decimal of k parts: RANK_CLAUSE + k */
	RANK_POINT = 70, RANK_DASH = 80, RANK_PLUS = 90,
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

/* Keywords: Phần, Chương, Mục, Điều. */
static bool legal_heading(const char *l, size_t cs, size_t ce, bool decorated, int hashes, struct head *h)
{
	struct folded f;
	fold(l + cs, ce - cs, &f);
	char num[32];
	int i = 0, level = -1, rank = 0;
	const char *word = NULL;
	bool upper_ok = true;

	if (f_word_space(&f, &i, "phan")) {
		level = LEVEL_PART, rank = RANK_PART, word = "Phần";
		if (i < f.n && f.c[i] >= 'a' && f.c[i] <= 'h' && f.off[i + 1] - f.off[i] == 1 &&
		    l[cs + f.off[i]] >= 'A' && l[cs + f.off[i]] <= 'H' && !(i + 1 < f.n && f_alnum(f.c[i + 1]))) {
			snprintf(num, sizeof num, "%c", l[cs + f.off[i]]); /* Phần A */
			i++;
		} else if (!f_ordinal(&f, &i, num, sizeof num) && !f_number(&f, &i, 3, true, num, sizeof num)) {
			return false;
		}
	} else if (f_word_space(&f, &i, "chuong")) {
		level = LEVEL_CHAPTER, rank = RANK_CHAPTER, word = "Chương";
		if (!f_ordinal(&f, &i, num, sizeof num) && !f_number(&f, &i, 3, true, num, sizeof num))
			return false;
	} else if (f_word_space(&f, &i, "muc")) {
		level = LEVEL_SECTION, rank = RANK_SECTION, word = "Mục";
		if (!f_number(&f, &i, 3, true, num, sizeof num))
			return false;
	} else if (f_word_space(&f, &i, "dieu")) {
		level = LEVEL_ARTICLE, rank = RANK_ARTICLE, word = "Điều";
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
	h->rank = rank;
	snprintf(h->num, sizeof h->num, "%s", num);
	snprintf(h->label, sizeof h->label, "%s %s", word, num);
	return true;
}

static bool all_capitals(const char *l, size_t s, size_t e)
{
	bool letter = false;
	for (size_t i = s; i < e;) {
		uint32_t cp;
		i += decode(l + i, e - i, &cp);
		int c = letter_case(cp);
		if (c < 0)
			return false;
		letter = letter || c > 0;
	}
	return letter;
}

/* The separator after an item number at p: "." or ")" (right after the number), or ":"
 * for Roman numbers, or spaces and a dash "-" "–" "—"; it must be followed by a space or
 * the end of the line. Returns the position after it, or 0 when there is none. */
static size_t item_separator(const char *l, size_t p, size_t ce, bool roman)
{
	size_t q = p;
	if (q < ce && (l[q] == '.' || l[q] == ')' || (roman && l[q] == ':'))) {
		q++;
	} else {
		while (q < ce && (l[q] == ' ' || l[q] == '\t'))
			q++;
		uint32_t cp = 0;
		size_t k = q < ce ? decode(l + q, ce - q, &cp) : 0;
		if (q == p || !(cp == '-' || cp == 0x2013 || cp == 0x2014))
			return 0;
		q += k;
	}
	if (q < ce && l[q] != ' ' && l[q] != '\t' && l[q] != '*' && l[q] != '_')
		return 0;
	return q;
}

static void item_text(const char *l, size_t p, size_t ce, struct head *h)
{
	size_t s = p, e = ce;
	trim_decor(l, &s, &e);
	h->hs = s;
	h->he = e;
}

/* "I." "II -" "IV:" or "II MỤC TIÊU": an upper-case Roman numeral. */
static bool roman_item(const char *l, size_t cs, size_t ce, struct head *h)
{
	size_t p = cs;
	char low[16];
	int n = 0;
	while (p < ce && strchr("IVXLC", l[p]) && n < 12)
		low[n++] = (char)(l[p++] - 'A' + 'a');
	if (n == 0 || (p < ce && ((l[p] >= 'A' && l[p] <= 'Z') || (l[p] >= 'a' && l[p] <= 'z') ||
	                          (l[p] >= '0' && l[p] <= '9') || (unsigned char)l[p] >= 0x80)))
		return false;
	int v = roman_value(low, n);
	if (!v)
		return false;
	size_t q = item_separator(l, p, ce, true);
	if (!q) { /* no separator: a space and a title in capitals */
		if (p >= ce || (l[p] != ' ' && l[p] != '\t') || !all_capitals(l, p, ce))
			return false;
		q = p;
	}
	size_t t = q;
	while (t < ce && (l[t] == ' ' || l[t] == '\t'))
		t++;
	if (t + 1 < ce && l[t] >= 'A' && l[t] <= 'Z' && l[t + 1] == '.')
		return false; /* initials: "V. I. Lê-nin" */
	h->level = LEVEL_ROMAN;
	h->rank = RANK_ROMAN;
	h->value = v;
	snprintf(h->num, sizeof h->num, "%.*s", n, l + cs);
	snprintf(h->label, sizeof h->label, "Mục %s", h->num);
	item_text(l, q, ce, h);
	return true;
}

/* The place of a division letter in the Vietnamese alphabet's order (A B C D Đ E F G H, 1 to
 * 9), 0 when the text at p is none; *n gets its bytes. */
static int division_letter(const char *l, size_t p, size_t ce, size_t *n)
{
	static const char order[] = "ABCD"; /* then Đ, then E F G H */
	if (p < ce && l[p] >= 'A' && l[p] <= 'H') {
		*n = 1;
		const char *at = strchr(order, l[p]);
		return at ? (int)(at - order) + 1 : l[p] - 'E' + 6;
	}
	if (p + 1 < ce && (unsigned char)l[p] == 0xC4 && (unsigned char)l[p + 1] == 0x90) { /* Đ */
		*n = 2;
		return 5;
	}
	return 0;
}

/* "A. MỞ ĐẦU" "B - NỘI DUNG" "C)" alone: a lettered division, the level above Roman items
 * in đề án and Party documents. Its title is in capitals or on the next line, so "C. Mác"
 * (initials before a name) stays text. */
static bool letter_item(const char *l, size_t cs, size_t ce, struct head *h)
{
	size_t n = 0;
	int v = division_letter(l, cs, ce, &n);
	if (!v)
		return false;
	size_t q = item_separator(l, cs + n, ce, true);
	if (!q)
		return false;
	size_t t = q;
	while (t < ce && (l[t] == ' ' || l[t] == '\t'))
		t++;
	size_t s = t, e = ce;
	trim_decor(l, &s, &e);
	if (s < e && !all_capitals(l, s, e))
		return false;
	if (t + 1 < ce && l[t] >= 'A' && l[t] <= 'Z' && l[t + 1] == '.')
		return false; /* initials: "A. B. NGUYỄN" */
	h->level = LEVEL_PART;
	h->rank = RANK_LETTER;
	h->letter = true;
	h->value = v;
	snprintf(h->num, sizeof h->num, "%.*s", (int)n, l + cs);
	snprintf(h->label, sizeof h->label, "Phần %s", h->num);
	item_text(l, q, ce, h);
	return true;
}

/* "1." "1)" "1 -" (clause) or "1.1." "1.1" "1.2.3." (decimal). */
static bool number_item(const char *l, size_t cs, size_t ce, struct head *h)
{
	int parts[4], np = 0;
	size_t p = cs;
	for (;;) {
		size_t d = p;
		int v = 0;
		while (p < ce && l[p] >= '0' && l[p] <= '9' && p - d < 4)
			v = v * 10 + (l[p++] - '0');
		if (p == d || (p < ce && l[p] >= '0' && l[p] <= '9'))
			return false;
		if (np == 4 || (np > 0 && p - d > 2) || (np == 0 && p - d > 3))
			return false;
		parts[np++] = v;
		if (p + 1 < ce && l[p] == '.' && l[p + 1] >= '0' && l[p + 1] <= '9')
			p++; /* another part */
		else
			break;
	}
	size_t q = item_separator(l, p, ce, false);
	bool loose = false;
	if (!q && np > 1 && p < ce && (l[p] == ' ' || l[p] == '\t')) {
		q = p; /* "1.2 Mục tiêu": a decimal without its final period */
		loose = true;
	}
	if (!q || (np > 1 && p < ce && l[p] != '.' && l[p] != ')' && !loose))
		return false;
	if (np > 1 && parts[0] == 0)
		return false;
	struct buf b = { 0 };
	for (int k = 0; k < np; k++)
		buf_printf(&b, k ? ".%d" : "%d", parts[k]);
	snprintf(h->num, sizeof h->num, "%s", b.data);
	buf_free(&b);
	h->level = np == 1 ? LEVEL_CLAUSE : LEVEL_DECIMAL;
	h->rank = RANK_CLAUSE + (np == 1 ? 0 : np);
	h->value = parts[np - 1];
	h->loose = loose;
	snprintf(h->label, sizeof h->label, "Khoản %s", h->num);
	item_text(l, q, ce, h);
	return true;
}

/* "a)" … "đ)" … "y)": a letter of the Vietnamese alphabet (no f, j, w, z). */
static bool point_item(const char *l, size_t cs, size_t ce, struct head *h)
{
	size_t p = cs;
	uint32_t cp;
	if (p >= ce)
		return false;
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
	h->rank = RANK_POINT;
	snprintf(h->num, sizeof h->num, "%s", cp == 0x111 ? "đ" : (char[]){ (char)cp, '\0' });
	snprintf(h->label, sizeof h->label, "Điểm %s", h->num);
	item_text(l, p, ce, h);
	return true;
}

/* "- " "– " "— " "• " "* " (dash) or "+ " (plus). The label is numbered later. */
static bool bullet_item(const char *l, size_t cs, size_t ce, struct head *h)
{
	uint32_t cp;
	if (cs >= ce)
		return false;
	size_t p = cs + decode(l + cs, ce - cs, &cp);
	if (!(cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x2022 || cp == '*' || cp == '+'))
		return false;
	if (p >= ce || (l[p] != ' ' && l[p] != '\t'))
		return false;
	h->level = cp == '+' ? LEVEL_PLUS : LEVEL_DASH;
	h->rank = cp == '+' ? RANK_PLUS : RANK_DASH;
	item_text(l, p, ce, h);
	return true;
}

/* Classify line l[0..n). items: numbered items and bullets may start here; roman: Roman
 * items are tried (not when one was already refused for this line). */
static void classify(const char *l, size_t n, bool items, bool roman, struct head *h)
{
	size_t cs, ce;
	bool decorated;
	int hashes;
	memset(h, 0, sizeof *h);
	h->level = -1;
	content(l, n, &cs, &ce, &hashes, &decorated);
	h->hashes = hashes;
	if (cs >= ce && hashes == 0)
		return;
	if (legal_heading(l, cs, ce, decorated, hashes, h))
		return;
	if (roman && roman_item(l, cs, ce, h))
		return;
	if (letter_item(l, cs, ce, h))
		return;
	if (items && (number_item(l, cs, ce, h) || point_item(l, cs, ce, h) || bullet_item(l, cs, ce, h)))
		return;
	memset(h, 0, sizeof *h);
	h->level = -1;
	h->hashes = hashes;
	if (hashes > 0) {
		h->level = LEVEL_HEADING;
		h->hs = cs;
		h->he = ce;
	}
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

enum { SEQ_ROMAN, SEQ_CLAUSE, SEQ_DECIMAL, SEQ_LETTER, SEQ_DASH, SEQ_PLUS, SEQ_COUNT };

struct pnode {
	struct head h;
	int parent, depth;
	size_t src, body;          /* byte offsets: source start, body start */
	size_t hs, he;             /* heading text, absolute offsets */
	int last[SEQ_COUNT];       /* children so far: last number (lists), count (bullets) */
};

static int seq_of(const struct head *h)
{
	if (h->letter)
		return SEQ_LETTER;
	switch (h->level) {
	case LEVEL_ROMAN: return SEQ_ROMAN;
	case LEVEL_CLAUSE: return SEQ_CLAUSE;
	case LEVEL_DECIMAL: return SEQ_DECIMAL;
	case LEVEL_DASH: return SEQ_DASH;
	case LEVEL_PLUS: return SEQ_PLUS;
	default: return -1;
	}
}

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

static bool structural(int level) { return level != LEVEL_HEADING && level != LEVEL_PREAMBLE; }

/* How many open nodes (stack of indices) stay open under a node of this kind. */
static int keep_for(const struct pnode *nodes, const int *stack, int sp, const struct head *h)
{
	int k;
	for (k = 0; k < sp; k++) {
		const struct head *o = &nodes[stack[k]].h;
		if (h->level == LEVEL_HEADING) {
			if (o->hashes >= h->hashes || o->hashes == 0)
				break;
		} else {
			if (structural(o->level) && o->rank >= h->rank)
				break;
			if (h->hashes > 0 && o->hashes >= h->hashes)
				break;
		}
	}
	return k;
}

/* Does a numbered item continue the list of the siblings it would join? A list opens at 1
 * (or restarts there); each next number is larger than the last by 1 to 3. A loose decimal
 * ("1.2" without a final period) must extend its clause's number. */
static bool in_sequence(const struct head *h, const struct pnode *parent, const int *root_last)
{
	int seq = seq_of(h);
	if (seq < 0 || seq >= SEQ_DASH)
		return true;
	if (seq == SEQ_LETTER) { /* A, then the next letter (D may skip Đ) */
		int prev = parent ? parent->last[seq] : root_last[seq];
		return h->value == 1 || (prev > 0 && (h->value == prev + 1 || (prev == 4 && h->value == 6)));
	}
	int prev = parent ? parent->last[seq] : root_last[seq];
	if (h->loose) {
		const char *dot = strrchr(h->num, '.');
		if (!parent || (parent->h.level != LEVEL_CLAUSE && parent->h.level != LEVEL_DECIMAL) || !dot ||
		    strlen(parent->h.num) != (size_t)(dot - h->num) ||
		    strncmp(parent->h.num, h->num, (size_t)(dot - h->num)) != 0)
			return false;
	}
	return h->value == 1 || (prev > 0 && h->value > prev && h->value <= prev + 3);
}

/* "Nơi nhận:" — the recipients, listed with dashes after the signature. */
static bool recipients_line(const char *l, size_t n)
{
	size_t cs, ce;
	bool decorated;
	int hashes;
	content(l, n, &cs, &ce, &hashes, &decorated);
	struct folded f;
	fold(l + cs, ce - cs, &f);
	int i = 0;
	return f_word_space(&f, &i, "noi") && f_word(&f, &i, "nhan");
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

/* A part, chapter, section or roman item without a title on its line takes the next
 * non-blank line (within two blank lines) when it reads as a title. */
static void title_from_next_line(const char *text, size_t len, size_t next, struct pnode *nd, size_t *skip_to)
{
	size_t p2 = next;
	for (int blanks = 0; p2 < len; blanks++) {
		size_t e2, n2 = next_line(text, len, p2, &e2);
		if (!is_blank(text + p2, e2 - p2)) {
			struct head h2;
			classify(text + p2, e2 - p2, true, true, &h2);
			bool ok = h2.level < 0 || (h2.level == LEVEL_HEADING && nd->h.hashes > 0);
			if (ok && title_like(text + p2, e2 - p2)) {
				size_t cs, ce;
				bool dec;
				int hh;
				content(text + p2, e2 - p2, &cs, &ce, &hh, &dec);
				nd->hs = p2 + cs;
				nd->he = p2 + ce;
				nd->body = *skip_to = n2;
			}
			return;
		}
		if (blanks == 2)
			return;
		p2 = n2;
	}
}

/* The citation word of a level ("khoản"), NULL when the label is the citation. */
static const char *cite_word(int level)
{
	switch (level) {
	case LEVEL_SECTION: return "Mục";
	case LEVEL_ROMAN: return "mục";
	case LEVEL_CLAUSE:
	case LEVEL_DECIMAL: return "khoản";
	case LEVEL_POINT: return "điểm";
	case LEVEL_DASH: return "gạch đầu dòng";
	case LEVEL_PLUS: return "dấu cộng";
	default: return NULL;
	}
}

/* Make sibling labels unique, then give every node its citation (see outline.h). */
static void cite_all(struct outline *o, const struct pnode *nodes)
{
	struct strmap labels = { 0 }, cites = { 0 };
	struct buf b = { 0 };
	for (size_t i = 0; i < o->n; i++) {
		struct outline_node *nd = &o->nodes[i];
		const struct pnode *p = &nodes[i];
		const char *suffix = "";
		char sfx[48] = "";
		if (nd->label[0]) {
			buf_reset(&b);
			buf_printf(&b, "%d\x1f%s", nd->parent, nd->label);
			int64_t seen = 0;
			if (strmap_get(&labels, b.data, b.len, &seen)) {
				snprintf(sfx, sizeof sfx, " (lần %lld)", (long long)seen + 1);
				suffix = sfx;
				char *l = xmalloc(strlen(nd->label) + strlen(sfx) + 1);
				strcpy(l, nd->label);
				strcat(l, sfx);
				free(nd->label);
				nd->label = l;
			}
			strmap_put(&labels, b.data, b.len, seen + 1);
		}
		/* the citation */
		buf_reset(&b);
		const char *word = p->h.letter && nd->parent >= 0 ? "mục" : cite_word(nd->level);
		int up = nd->parent;
		if (nd->level == LEVEL_DECIMAL)
			while (up >= 0 && (o->nodes[up].level == LEVEL_CLAUSE || o->nodes[up].level == LEVEL_DECIMAL))
				up = o->nodes[up].parent;
		if (nd->level == LEVEL_PREAMBLE) {
			buf_puts(&b, "Phần mở đầu");
		} else if (nd->level == LEVEL_HEADING) {
			buf_puts(&b, nd->heading[0] ? nd->heading : "(không tên)");
		} else if (!word) {
			buf_puts(&b, nd->label);
		} else {
			if (nd->level == LEVEL_DASH || nd->level == LEVEL_PLUS) {
				char ord[48];
				outline_ordinal(p->h.value, ord, sizeof ord);
				buf_printf(&b, "%s %s%s", word, ord, suffix);
			} else {
				buf_printf(&b, "%s %s%s", word, p->h.num, suffix);
			}
			if (up >= 0)
				buf_printf(&b, " %s", o->nodes[up].citation);
		}
		int64_t seen = 0;
		if (strmap_get(&cites, b.data, b.len, &seen)) {
			size_t base = b.len;
			for (int64_t k = seen + 1;; k++) {
				b.len = base;
				buf_printf(&b, " (lần %lld)", (long long)k);
				int64_t dummy;
				if (!strmap_get(&cites, b.data, b.len, &dummy))
					break;
			}
			strmap_put(&cites, b.data, base, seen + 1);
		}
		strmap_put(&cites, b.data, b.len, 1);
		nd->citation = xstrndup(b.data, b.len);
	}
	buf_free(&b);
	strmap_free(&labels);
	strmap_free(&cites);
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
	int root_last[SEQ_COUNT] = { 0 };
	size_t skip_to = 0; /* lines before this offset were taken as a heading */
	bool closing = false; /* "Nơi nhận:" was seen */

	for (size_t pos = 0; pos < len;) {
		size_t end, next = next_line(text, len, pos, &end);
		if (pos < skip_to) {
			pos = next;
			continue;
		}
		/* items only inside a recognised heading or item, never in the preamble, under a
		 * generic Markdown heading or in the list of recipients that ends a document */
		if (!closing)
			closing = recipients_line(text + pos, end - pos);
		bool items = !closing && sp > 0 && structural(nodes[stack[sp - 1]].h.level);
		struct head h;
		int keep = 0;
		for (bool roman = true;; roman = false) {
			classify(text + pos, end - pos, items, roman, &h);
			if (h.level < 0)
				break;
			keep = keep_for(nodes, stack, sp, &h);
			const struct pnode *parent = keep > 0 ? &nodes[stack[keep - 1]] : NULL;
			if (in_sequence(&h, parent, root_last))
				break;
			h.level = -1;
			if (!roman)
				break;
		}
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
		if (((h.level >= LEVEL_PART && h.level <= LEVEL_SECTION) || h.level == LEVEL_ROMAN) && h.hs == h.he)
			title_from_next_line(text, len, next, nd, &skip_to);
		sp = keep;
		nd->parent = sp > 0 ? stack[sp - 1] : -1;
		nd->depth = nd->parent >= 0 ? nodes[nd->parent].depth + 1 : 0;
		if (h.letter && nd->parent >= 0) /* inside a part: "mục A Phần thứ nhất" */
			snprintf(nd->h.label, sizeof nd->h.label, "Mục %s", h.num);
		int seq = seq_of(&h);
		if (seq >= 0) {
			int *last = nd->parent >= 0 ? nodes[nd->parent].last : root_last;
			last[seq] = seq >= SEQ_DASH ? last[seq] + 1 : h.value;
			if (seq >= SEQ_DASH) {
				nd->h.value = last[seq];
				snprintf(nd->h.num, sizeof nd->h.num, "%d", last[seq]);
				snprintf(nd->h.label, sizeof nd->h.label, "%s %d",
				         seq == SEQ_DASH ? "Gạch đầu dòng" : "Dấu cộng", last[seq]);
			}
		}
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
	cite_all(out, nodes);
	out->title = guess_title(text, len);
	free(nodes);
	free(stack);
	return 0;
}

int outline_parse_paragraphs(const struct outline_para *p, size_t n, struct outline *out)
{
	*out = (struct outline){0};
	if (!p && n)
		return err_set(_("outline: no text"));
	struct buf b = { 0 };
	for (size_t i = 0; i < n; i++) {
		if (p[i].heading >= 1 && p[i].heading <= 6) {
			for (int k = 0; k < p[i].heading; k++)
				buf_putc(&b, '#');
			buf_putc(&b, ' ');
		}
		if (p[i].marker && p[i].marker[0]) {
			buf_puts(&b, p[i].marker);
			buf_putc(&b, ' ');
		}
		for (size_t k = 0; p[i].text && k < p[i].len; k++)
			buf_putc(&b, p[i].text[k] == '\n' || p[i].text[k] == '\r' ? ' ' : p[i].text[k]);
		buf_putc(&b, '\n');
	}
	int rc = outline_parse(b.data ? b.data : "", b.len, out);
	buf_free(&b);
	return rc;
}

void outline_free(struct outline *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n; i++) {
		free(o->nodes[i].label);
		free(o->nodes[i].citation);
		free(o->nodes[i].heading);
		free(o->nodes[i].body);
		free(o->nodes[i].source);
	}
	free(o->nodes);
	free(o->title);
	*o = (struct outline){0};
}
