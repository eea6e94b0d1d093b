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
	int parent;     /* index of the parent node in outline.nodes, or -1 */
	char *label;    /* as printed, normalised: "Chương I", "Điều 5", "Khoản 1", "Điểm a"; "" for preamble */
	char *heading;  /* the title text on the heading line (may be "") */
	char *body;     /* the text that follows, up to the next node; original lines, LF-separated */
	char *source;   /* the exact (normalised) input lines of this node, heading line included */
};

struct outline {
	struct outline_node *nodes; /* in document order */
	size_t n;
	char *title;                /* a title guessed from the first Markdown "# " heading or the
	                               first non-empty line, never NULL */
};

/* Parse normalised UTF-8 text (LF line ends, see text_normalize()). Concatenating every
 * node's `source` in order reproduces the input exactly. Returns 0, or -1 with err_set().
 * The caller frees with outline_free(). */
int outline_parse(const char *text, size_t len, struct outline *out);
void outline_free(struct outline *o);

#endif
