/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text_internal.h — helpers shared by the text*.c files (not a public contract).
 *
 * Holds the one table of Vietnamese marks (shape marks and tone ranks), the glibc-compatible
 * width of one code point, a small code-point vector with inline storage (no malloc for
 * short strings) and the grapheme-cluster iterator. */
#ifndef GOPY_TEXT_INTERNAL_H
#define GOPY_TEXT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <utf8proc.h>

#define TX_REPLACEMENT 0xFFFD

/* Tone rank of a Vietnamese tone mark in collation order (CLDR/ICU `vi`): 1 huyền (U+0300),
 * 2 hỏi (U+0309), 3 ngã (U+0303), 4 sắc (U+0301), 5 nặng (U+0323); 0 for anything else. */
int tx_tone_rank(int32_t cp);
/* True for the Vietnamese vowel-shape marks: breve U+0306, circumflex U+0302, horn U+031B. */
bool tx_is_shape_mark(int32_t cp);

/* The width glibc 2.36's wcwidth() gives cp in a UTF-8 locale (-1: not printable), computed
 * from utf8proc without depending on the current locale. Checked for every code point by the
 * unit tests. */
int tx_glibc_width(int32_t cp);

/* A growable array of code points; the first TX_INLINE live in the struct itself. */
#define TX_INLINE 256
struct tx_cps {
	int32_t *v;            /* points to inl or to heap memory */
	size_t n;              /* code points used */
	size_t cap;            /* code points available at v */
	int32_t inl[TX_INLINE]; /* inline storage for short strings */
};
void tx_cps_init(struct tx_cps *c);
void tx_cps_push(struct tx_cps *c, int32_t cp);
void tx_cps_free(struct tx_cps *c);

/* Append the UTF-8 encoding of cp (a valid scalar value) to out[*n], out having room for 4. */
size_t tx_encode(int32_t cp, char *out);

/* True for letters and numbers (general categories L* and N*). */
bool tx_is_alnum(int32_t cp);
/* True for general categories Mn, Mc, Me. */
bool tx_is_mark(int32_t cp);

/* Grapheme clusters of s[0..len), by utf8proc_grapheme_break_stateful (state carried over
 * every adjacent pair). */
/* Code points every display and storage pass leaves as they are: printable ASCII, Latin-1
 * letters and signs (not the soft hyphen), Latin Extended-A, ơ Ơ ư Ư and the precomposed
 * Vietnamese block. All are NFC, one column wide, grapheme class Other (so a cluster
 * boundary lies between any two of them). */
static inline bool tx_is_plain(int32_t cp)
{
	return (cp >= 0x20 && cp <= 0x7E) || (cp >= 0xA0 && cp <= 0x17F && cp != 0xAD) || cp == 0x1A0 ||
	       cp == 0x1A1 || cp == 0x1AF || cp == 0x1B0 || (cp >= 0x1EA0 && cp <= 0x1EF9);
}

struct tx_gc {
	const char *s;   /* the text */
	size_t len;      /* its length */
	size_t pos;      /* byte offset of the look-ahead code point */
	int32_t cp;      /* the look-ahead code point */
	size_t cplen;    /* its length in bytes */
	int32_t state;   /* utf8proc break state */
};
void tx_gc_init(struct tx_gc *g, const char *s, size_t len);
/* Next cluster: [*start, *end) and its display width (see text_width); false at the end.
 * *is_space is set when the cluster is one ASCII space, *is_lf when it is LF or CR LF. */
bool tx_gc_next(struct tx_gc *g, size_t *start, size_t *end, int *width, bool *is_space,
		bool *is_lf);

#endif
