/* align.h — aligning the sections of two versions of a draft: which section of the older
 * version each section of the newer one continues. Pure computation over the sections' text
 * (no store, no terminal): src/text/text_align.c. */
#ifndef GOPY_ALIGN_H
#define GOPY_ALIGN_H

#include <stddef.h>

enum align_kind {
	ALIGN_UNCHANGED = 0,  /* same text, same label, same place */
	ALIGN_EDITED,         /* the text changed (even one diacritic) */
	ALIGN_RENUMBERED,     /* same text under a new label, order kept (a section inserted before) */
	ALIGN_MOVED,          /* same text, moved elsewhere in the order */
	ALIGN_SPLIT,          /* one of the sections an old one was split into */
	ALIGN_MERGED,         /* takes in several old sections */
	ALIGN_NEW,            /* no old section */
	ALIGN_REMOVED,        /* an old section with no new one */
	ALIGN_KINDS
};

/* The English name of a kind ("unchanged", "edited" …): an identifier for tsv/json, and the
 * message id of its translated name. */
const char *align_kind_name(enum align_kind k);
/* The kind named s (English name), or -1. */
int align_kind_parse(const char *s);

/* One section of a version, in document order. */
struct align_section {
	int level;                  /* enum section_level */
	int parent;                 /* index of the parent in the same array, -1 at top level */
	const char *label;          /* as printed ("Điều 3") */
	const char *text;           /* heading and body of the section itself (not its children) */
};

/* One link of the alignment: new section `new_idx` continues old section `old_idx`. A new
 * section with no old one has old_idx -1 (ALIGN_NEW), an old one with no new one new_idx -1
 * (ALIGN_REMOVED). A split old section has a link to each of its parts, a merged new one a
 * link from each of the old ones it takes in. */
struct align_link {
	int new_idx, old_idx;
	enum align_kind kind;
};

/* Align `n_new` sections with `n_old` by text similarity over folded syllables (labels only
 * break ties), parents before their children. Returns the links (malloc'd, *n_links set;
 * every new section and every old section appears in at least one). */
struct align_link *align_sections(const struct align_section *old, size_t n_old, const struct align_section *new_,
                                  size_t n_new, size_t *n_links);

#endif
