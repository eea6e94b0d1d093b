/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outline.h — split an imported draft into its section tree.
 *
 * Recognises the Vietnamese legal structure (Phần, Chương, Mục, Điều, khoản "1.", điểm "a)")
 * and Markdown headings. Pure text processing: no database. */
#ifndef GOPY_OUTLINE_H
#define GOPY_OUTLINE_H

#include <stddef.h>

enum section_level {
	LEVEL_PREAMBLE = 0, /* text before the first heading */
	LEVEL_PART,         /* Phần thứ nhất / Phần I */
	LEVEL_CHAPTER,      /* Chương I */
	LEVEL_SECTION,      /* Mục 1 */
	LEVEL_ARTICLE,      /* Điều 5. */
	LEVEL_CLAUSE,       /* khoản: "1." */
	LEVEL_POINT,        /* điểm: "a)" */
	LEVEL_HEADING,      /* a Markdown heading that is none of the above */
	LEVEL_COUNT
};

/* "preamble", "part", "chapter", "section", "article", "clause", "point", "heading"
 * (stable ASCII names for tsv/json), or "?" for an unknown level. */
const char *section_level_code(int level);

struct outline_node {
	int level;      /* enum section_level */
	int depth;      /* 0 for top-level nodes, parent's depth + 1 otherwise */
	int parent;     /* index of the parent node in outline.nodes (always < own index), or -1 */
	char *label;    /* as printed, normalised: "Phần thứ nhất", "Phần II", "Chương I", "Mục 1",
	                   "Điều 5", "Điều 5a", "Khoản 1", "Điểm đ"; "" for preamble and heading */
	char *heading;  /* the title text on the heading line, without the label, separator,
	                   Markdown marks and surrounding spaces (may be ""); for a part, chapter or
	                   section whose line has no title, the next line when it reads as a title;
	                   for a clause or point, the rest of its first line */
	char *body;     /* the text after the heading line(s) up to the next node: original lines,
	                   LF-separated, without leading/trailing blank lines and final LF */
	char *source;   /* the exact (normalised) input lines of this node, heading line included
	                   (the first node also holds any blank lines before it) */
};

struct outline {
	struct outline_node *nodes; /* in document order */
	size_t n;
	char *title;                /* a title guessed from the first Markdown "# " heading or the
	                               first non-empty line, never NULL ("" for blank input) */
};

/* Parse normalised UTF-8 text (LF line ends, see text_normalize()). Never fails on content:
 * any bytes give a tree (invalid UTF-8 is just text). Concatenating every node's `source`
 * in order reproduces the input exactly.
 *
 * Recognised at the start of a line (after indentation, an optional Markdown "#".."######"
 * prefix and ** / __ emphasis), matching keywords without regard to case or diacritics
 * ("Điều", "ĐIỀU", "Dieu", NFD forms):
 *   Phần thứ nhất|hai|… / Phần I / Phần 1     → part
 *   Chương I / Chương 1                       → chapter
 *   Mục 1 / Mục I                             → section
 *   Điều 5. / Điều 5: / Điều 5 . / Điều 5a –  → article
 * followed by the end of the line, a separator (. : - – —) and the title, or (not for a
 * plain "Điều" line) a space and an upper-case letter; so "Điều 5 của Luật…", "Điều này…"
 * and mentions inside a sentence are text. Inside an article only (so numbered lists
 * elsewhere are text): "1." / "1)" → clause, "a)" … "đ)" … "y)" → point. Any other Markdown
 * heading is LEVEL_HEADING.
 * Nesting: part > chapter > section > article > clause > point, missing levels skipped;
 * Markdown headings nest by their number of '#', legal nodes nest under the Markdown
 * heading before them; a Markdown heading closes the plain-text legal nodes before it.
 * Text before the first heading is a LEVEL_PREAMBLE node when it is not blank (input with no
 * heading at all is one preamble node; empty input gives no node).
 * Returns 0, or -1 with err_set() (only for text == NULL with len > 0). The caller frees
 * with outline_free(), also after an error. */
int outline_parse(const char *text, size_t len, struct outline *out);
/* Free everything and reset *o to {0}; NULL and a zeroed outline are fine. */
void outline_free(struct outline *o);

#endif
