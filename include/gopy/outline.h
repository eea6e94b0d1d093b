/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outline.h — split an imported draft into its section tree and cite each section.
 *
 * Recognises both structures Vietnamese drafts use, and their mix: the legal normative form
 * (Phần, Chương, Mục, Điều, khoản "1.", điểm "a)") and the form of đề án, plans, reports and
 * Party resolutions (Phần; mục "I."; khoản "1."; "1.1."; điểm "a)"; dashes "-"; pluses "+"),
 * plus Markdown headings. The rules are listed at outline_parse and in docs/outline.md.
 * Pure text processing: no database. */
#ifndef GOPY_OUTLINE_H
#define GOPY_OUTLINE_H

#include <stddef.h>

/* Stored in the database as integers: new kinds are only ever appended. */
enum section_level {
	LEVEL_PREAMBLE = 0, /* text before the first heading */
	LEVEL_PART,         /* Phần thứ nhất / Phần I / Phần A */
	LEVEL_CHAPTER,      /* Chương I */
	LEVEL_SECTION,      /* Mục 1 (legal form, a keyword) */
	LEVEL_ARTICLE,      /* Điều 5. */
	LEVEL_CLAUSE,       /* khoản: "1." */
	LEVEL_POINT,        /* điểm: "a)" */
	LEVEL_HEADING,      /* a Markdown heading that is none of the others */
	LEVEL_ROMAN,        /* mục: "I." "II -" (administrative form) */
	LEVEL_DECIMAL,      /* "1.1." "1.1.2." */
	LEVEL_DASH,         /* gạch đầu dòng: "-" "–" "•" "*" */
	LEVEL_PLUS,         /* "+" */
	LEVEL_COUNT
};

/* "preamble", "part", "chapter", "section", "article", "clause", "point", "heading",
 * "roman", "decimal", "dash", "plus" (stable ASCII names for tsv/json), or "?". */
const char *section_level_code(int level);

struct outline_node {
	int level;      /* enum section_level */
	int depth;      /* 0 for top-level nodes, parent's depth + 1 otherwise */
	int parent;     /* index of the parent node in outline.nodes (always < own index), or -1 */
	char *label;    /* normalised, unique among its siblings: "Phần thứ nhất", "Phần II",
	                   "Chương I", "Mục 1", "Điều 5", "Điều 5a", "Mục II" (roman), "Khoản 1",
	                   "Khoản 1.1", "Điểm đ", "Gạch đầu dòng 2", "Dấu cộng 1"; a number
	                   repeated under one parent (a restarted list) gets " (lần 2)" …;
	                   "" for the preamble and Markdown headings */
	char *citation; /* how officials cite it, unique within the document (see outline_parse) */
	char *heading;  /* the title text on the heading line, without the label, separator,
	                   Markdown marks and surrounding spaces (may be ""); for a part, chapter,
	                   section or roman item whose line has no title, the next line when it
	                   reads as a title; for the other items, the rest of their first line */
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
 * Each line is read after its indentation, an optional Markdown "#".."######" prefix and
 * ** / __ emphasis; keywords match without regard to case or diacritics ("Điều", "ĐIỀU",
 * "Dieu", NFD forms).
 * Headings (anywhere):
 *   Phần thứ nhất|hai|… / Phần I / Phần 1 / Phần A → part
 *   Chương I / Chương 1                     → chapter
 *   Mục 1 / Mục I                           → section
 *   Điều 5. / Điều 5: / Điều 5 . / Điều 5a – → article
 *   followed by the end of the line, a separator (. : - – —) and the title, or (not for a
 *   plain "Điều" line) a space and an upper-case letter; so "Điều 5 của Luật…", "Điều
 *   này…", "Phần lớn…" and mentions inside a sentence are text.
 *   I. / II - / III) / IV: (upper-case Roman numeral and a separator, or a space and a title
 *   in capitals)                            → roman (mục)
 * Items (only inside a heading or item recognised above: so numbered lists in the preamble,
 * such as the "Căn cứ" lines, and under other Markdown headings stay text):
 *   1. / 1) / 1 - (at most 3 digits)        → clause (khoản)
 *   1.1. / 1.1 / 1.1.2. (each part ≤ 2 digits, at most 4 parts) → decimal
 *   a) … đ) … y) (a Vietnamese letter)      → point (điểm)
 *   - / – / — / • / * followed by a space   → dash (gạch đầu dòng)
 *   + followed by a space                   → plus
 * Numbered lists continue: a Roman, arabic or decimal number opens a list only at 1 (I) and
 * then each next item's number is larger than the previous sibling's by 1 to 3; a number out
 * of sequence ("2025." or a date at a line start) is text. A decimal without its final
 * period must also extend the number of the clause it is in ("1.2" under "1."). An item
 * that starts with 1 after its siblings restarts the list (label suffix " (lần 2)").
 * Nesting, outer to inner: part > chapter > section > article > roman > clause > decimal
 * (by its number of parts) > point > dash > plus; missing levels are skipped. Markdown
 * headings nest by their number of '#'; a generic Markdown heading closes the plain-text
 * nodes before it. Text before the first heading is a LEVEL_PREAMBLE node when it is not
 * blank (input with no heading at all is one preamble node; empty input gives no node).
 *
 * Citations: parts, chapters and articles by their label ("Phần thứ hai", "Chương II",
 * "Điều 5"); the others by their level word and number followed by the citation of their
 * parent: "Mục 2 Chương II", "mục II Phần thứ hai", "khoản 2 mục II Phần thứ hai",
 * "điểm a khoản 2 Điều 5", "gạch đầu dòng thứ hai khoản 1 mục I Phần thứ nhất", "dấu cộng
 * thứ nhất gạch đầu dòng thứ hai …"; a decimal names its own clause ("khoản 1.2 mục II
 * Phần thứ hai": the clause "1." is left out); the preamble is "Phần mở đầu"; a Markdown
 * heading is its heading text. A citation that would repeat one already given gets " (lần 2)".
 *
 * Returns 0, or -1 with err_set() (only for text == NULL with len > 0). The caller frees
 * with outline_free(), also after an error. */
int outline_parse(const char *text, size_t len, struct outline *out);

/* A paragraph of a document whose structure is partly in its styles (an office document):
 * its text and optional hints, for outline_parse_paragraphs. */
struct outline_para {
	const char *text;     /* the paragraph text, UTF-8 NFC, without line breaks */
	size_t len;
	int heading;          /* 1..6: a heading style of that outline level; 0: none */
	const char *marker;   /* the number or bullet its list numbering draws ("II.", "1.",
	                         "a)", "-"), NULL when the paragraph is not a numbered item or the
	                         number is already in its text */
};

/* Parse paragraphs: each becomes one line — heading paragraphs as Markdown "#" lines of
 * their level, list paragraphs with their marker before the text — and the lines go
 * through outline_parse with its rules, so a document gives the same tree as the same draft
 * typed as text or Markdown. Sources are those lines. Same return and ownership as
 * outline_parse. */
int outline_parse_paragraphs(const struct outline_para *p, size_t n, struct outline *out);

/* Free everything and reset *o to {0}; NULL and a zeroed outline are fine. */
void outline_free(struct outline *o);

/* The Vietnamese ordinal of n ≥ 1: "thứ nhất", "thứ hai", "thứ tư", "thứ mười lăm",
 * "thứ hai mươi mốt" …; digits ("thứ 120") from 100 on. Writes at most outsz bytes. */
void outline_ordinal(int n, char *out, size_t outsz);

#endif
