/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office_num.h — private to src/import: list numbers as a word processor renders them
 * (decimal, letters, Roman numerals), shared by the docx and odt readers. */
#ifndef GOPY_OFFICE_NUM_H
#define GOPY_OFFICE_NUM_H

#include "gopy/buf.h"

enum num_fmt {
	NF_DECIMAL, NF_DECIMAL_ZERO, NF_LOWER_LETTER, NF_UPPER_LETTER, NF_LOWER_ROMAN, NF_UPPER_ROMAN,
	NF_BULLET, NF_NONE,
};

/* Append n in format f: 3 → "3", "03", "c", "C", "iii", "III"; letters past z double (aa,
 * bb … as Word and LibreOffice write them); Roman numerals past 3999 and numbers below 1
 * in letters or Roman numerals fall back to decimal; bullets and none append nothing. */
void num_format(struct buf *b, int n, enum num_fmt f);
/* Word's w:numFmt values ("decimal", "lowerLetter", "upperRoman" …); unknown ones are decimal. */
enum num_fmt num_fmt_word(const char *s);
/* ODF style:num-format values ("1", "a", "A", "i", "I", ""); others are decimal. */
enum num_fmt num_fmt_odf(const char *s);
/* The text of a bullet as plain text: a dash or plus sign stays, the private-use symbols of
 * Symbol/Wingdings fonts and the round bullets become "-". */
void num_bullet(struct buf *b, const char *bullet);

#endif
