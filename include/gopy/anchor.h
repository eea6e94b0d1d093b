/* anchor.h — re-anchoring a quoted phrase on a newer text of its section, the way web
 * annotation tools keep a highlight when the page changes (a text quote with the words around
 * it): the phrase itself first, then the words that were before and after it, then the closest
 * run of syllables compared folded. Pure computation: src/text/text_anchor.c. */
#ifndef GOPY_ANCHOR_H
#define GOPY_ANCHOR_H

#include <stddef.h>

enum anchor_how {
	ANCHOR_EXACT = 0,   /* the phrase is there as it was quoted */
	ANCHOR_CONTEXT,     /* changed, found between the words that surrounded it */
	ANCHOR_FUZZY,       /* changed (marks, a word or two), found by its syllables */
	ANCHOR_GONE,        /* no longer in the text */
};

struct anchor {
	enum anchor_how how;
	size_t start, end;  /* the phrase's byte range in the new text (not for ANCHOR_GONE) */
	double score;       /* 1 for exact; else how alike the found phrase is (0..1) */
};

/* Where `quote` (quoted from old_text, which gives its context; NULL or "" if unknown) is in
 * new_text. All three NUL-terminated UTF-8, NFC as the store keeps them. A quote with no
 * word in it is gone. */
struct anchor text_anchor(const char *quote, const char *old_text, const char *new_text);

/* The English name of how ("exact", "context", "fuzzy", "gone"), for tsv and json. */
const char *anchor_how_name(enum anchor_how how);

#endif
