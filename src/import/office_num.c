/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office_num.c — list numbers rendered as text, as word processors show them. */
#include "office_num.h"

#include <stdbool.h>
#include <string.h>

static void roman(struct buf *b, int n, bool upper)
{
	static const struct {
		int v;
		const char *s;
	} t[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"},
	         {50, "l"},   {40, "xl"},  {10, "x"},  {9, "ix"},   {5, "v"},   {4, "iv"}, {1, "i"}};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		while (n >= t[i].v) {
			for (const char *p = t[i].s; *p; p++)
				buf_putc(b, upper ? (char)(*p - 'a' + 'A') : *p);
			n -= t[i].v;
		}
}

void num_format(struct buf *b, int n, enum num_fmt f)
{
	switch (f) {
	case NF_BULLET:
	case NF_NONE:
		return;
	case NF_LOWER_LETTER:
	case NF_UPPER_LETTER:
		if (n >= 1 && n <= 26 * 50) {
			char c = (char)((f == NF_LOWER_LETTER ? 'a' : 'A') + (n - 1) % 26);
			for (int k = 0; k <= (n - 1) / 26; k++)
				buf_putc(b, c);
			return;
		}
		break;
	case NF_LOWER_ROMAN:
	case NF_UPPER_ROMAN:
		if (n >= 1 && n <= 3999) {
			roman(b, n, f == NF_UPPER_ROMAN);
			return;
		}
		break;
	case NF_DECIMAL_ZERO:
		if (n >= 0 && n < 10) {
			buf_printf(b, "0%d", n);
			return;
		}
		break;
	case NF_DECIMAL:
		break;
	}
	buf_printf(b, "%d", n);
}

enum num_fmt num_fmt_word(const char *s)
{
	static const struct {
		const char *name;
		enum num_fmt f;
	} t[] = {{"decimal", NF_DECIMAL}, {"decimalZero", NF_DECIMAL_ZERO}, {"lowerLetter", NF_LOWER_LETTER},
	         {"upperLetter", NF_UPPER_LETTER}, {"lowerRoman", NF_LOWER_ROMAN}, {"upperRoman", NF_UPPER_ROMAN},
	         {"bullet", NF_BULLET}, {"none", NF_NONE}};
	for (size_t i = 0; s && i < sizeof t / sizeof *t; i++)
		if (strcmp(s, t[i].name) == 0)
			return t[i].f;
	return NF_DECIMAL;
}

enum num_fmt num_fmt_odf(const char *s)
{
	if (!s || !*s)
		return NF_NONE;
	if (strcmp(s, "a") == 0)
		return NF_LOWER_LETTER;
	if (strcmp(s, "A") == 0)
		return NF_UPPER_LETTER;
	if (strcmp(s, "i") == 0)
		return NF_LOWER_ROMAN;
	if (strcmp(s, "I") == 0)
		return NF_UPPER_ROMAN;
	return NF_DECIMAL;
}

void num_bullet(struct buf *b, const char *bullet)
{
	if (bullet && (strcmp(bullet, "-") == 0 || strcmp(bullet, "+") == 0 || strcmp(bullet, "–") == 0 ||
	               strcmp(bullet, "—") == 0 || strcmp(bullet, "*") == 0))
		buf_puts(b, bullet);
	else
		buf_putc(b, '-');
}
