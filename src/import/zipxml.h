/* SPDX-License-Identifier: GPL-3.0-or-later */
/* zipxml.h — private to src/import: the parts of an office file (a zip archive, read with
 * libzip under size limits) and their XML (expat, namespace-aware, no DTD, no entities).
 * The readers of docx, odt and xlsx are built on these two. */
#ifndef GOPY_ZIPXML_H
#define GOPY_ZIPXML_H

#include <stdbool.h>
#include <stddef.h>

/* Limits against zip bombs: every part, all parts together, and how much a part may expand. */
#define ZX_MAX_PART   (64u << 20)   /* uncompressed bytes of one part */
#define ZX_MAX_TOTAL  (256u << 20)  /* uncompressed bytes read from one file */
#define ZX_MAX_RATIO  200           /* uncompressed/compressed, for parts over 1 MiB */
#define ZX_MAX_DEPTH  256           /* XML element nesting */

struct zx;

/* Open an office file held in memory (data stays the caller's and must outlive the handle).
 * what: the kind of file the caller expects, for messages ("Word", "spreadsheet"); save_as:
 * the format to name when the file is a legacy binary one (".docx", ".xlsx").
 * Returns NULL with err_set() (not a zip, a legacy .doc/.xls, a password-protected file). */
struct zx *zx_open(const void *data, size_t len, const char *save_as);
void zx_close(struct zx *z);
/* Whether the archive has a part of that name. */
bool zx_has(struct zx *z, const char *name);
/* Read a whole part (NUL-terminated, owned by the caller). Returns 0, 1 when the part does
 * not exist, -1 with err_set() (too large, a zip bomb, encrypted, damaged). */
int zx_read(struct zx *z, const char *name, char **data, size_t *len);

/* Namespaces the readers care about; element and attribute names come split into one of
 * these and the local name. */
enum xns {
	XNS_NONE = 0, XNS_OTHER, XNS_W, XNS_R, XNS_RELS, XNS_MC, XNS_S,
	XNS_OFFICE, XNS_TEXT, XNS_TABLE, XNS_STYLE, XNS_FO, XNS_XML,
};

struct xml_handler {
	void *ud;
	/* attrs: NULL-terminated pairs of full attribute names and values; use xml_attr(). */
	void (*start)(void *ud, enum xns ns, const char *name, const char **attrs);
	void (*end)(void *ud, enum xns ns, const char *name);
	void (*text)(void *ud, const char *s, int len);
};

/* Parse a document. A DOCTYPE (and so any entity declaration) is refused, elements nest at
 * most ZX_MAX_DEPTH deep. Returns 0 or -1 with err_set() naming part. */
int xml_parse(const char *data, size_t len, const char *part, const struct xml_handler *h);
/* The value of attribute ns:name, or NULL. */
const char *xml_attr(const char **attrs, enum xns ns, const char *name);
/* Split a full name "URI|local" into its namespace and local name. */
enum xns xml_split(const char *full, const char **local);

#endif
