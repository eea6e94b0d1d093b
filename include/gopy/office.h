/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office.h — reading office files (src/import): a draft from .docx or .odt as plain text
 * paragraphs, and the cells of an .xlsx sheet as text. Containers through libzip, XML
 * through expat; size limits on every part, no DTD, no entity expansion, formulas never
 * evaluated. Pure reading: no database. */
#ifndef GOPY_OFFICE_H
#define GOPY_OFFICE_H

#include <stdbool.h>
#include <stddef.h>

#include "gopy/buf.h"

/* What a draft reader met and left out or took as it is, for notices. */
struct office_notes {
	long insertions;  /* tracked insertions, kept */
	long deletions;   /* tracked deletions (and moves away), dropped */
	long comments;    /* comments (annotations) in the file, ignored */
};

/* Whether these bytes look like an office file: a zip, an OLE compound file, or a flat
 * OpenDocument text (.fodt, XML). */
bool office_sniff(const void *data, size_t len);

/* A paragraph of a draft as the word processor shows it. */
struct office_para {
	char *text;       /* UTF-8 as stored (not normalised), no line break */
	char *marker;     /* the automatic list number or bullet drawn before it ("Điều 1.",
	                     "1.", "a)", "-"), or NULL */
	int heading;      /* 1..9 for a paragraph styled "Heading N" (ODF: outline level) */
};
struct office_draft {
	struct office_para *p;
	size_t n;
	struct office_notes notes;
};

/* The paragraphs of a draft in a .docx (Word, LibreOffice, python-docx), an .odt or a flat
 * .fodt in
 * document order: automatic list numbers (Word's numbering.xml with its abstract
 * definitions, levels, formats, level texts, starts and overrides, numbering through
 * styles; ODF list styles, continued lists and the outline style) rendered as markers; a
 * line break inside a paragraph starts a new (unmarked) paragraph; a table row is one
 * paragraph "| cell | cell |"; a footnote or endnote reference becomes "[n]" and the note
 * follows its paragraph as "[n] text"; tracked changes are taken as accepted (insertions
 * kept, deletions dropped, counted in notes); comments, field codes, deleted text and tables
 * of contents are left out. Returns 0, or -1 with err_set(): not a zip, a legacy .doc, a
 * password-protected file, a missing part, a part too large or expanding like a zip bomb,
 * XML that is not well-formed or declares a DTD. Free with office_draft_free(), also after
 * an error. */
int office_draft_read(const void *data, size_t len, struct office_draft *out);
void office_draft_free(struct office_draft *d);

/* A sheet read as text cells. */
struct xlsx_row {
	long number;      /* the spreadsheet's row number, 1-based */
	size_t n;         /* cells, the last one non-empty */
	char **cells;     /* n strings, "" for an empty cell; lens[i] their byte lengths */
	size_t *lens;
};
struct xlsx_sheet {
	struct xlsx_row *rows;  /* rows holding at least one non-empty cell, in order */
	size_t n;
};

/* Read the first worksheet of an .xlsx: shared and inline strings as they are, a formula's
 * cached value (never evaluated; no value: empty), booleans TRUE/FALSE, numbers as shown
 * where that is plain (integers without exponent, dates as YYYY-MM-DD, date-times as
 * YYYY-MM-DDTHH:MM:SSZ, other numbers with up to 15 significant digits). Text is never
 * interpreted: a string "=1+1" is that text. Returns 0, or -1 with err_set() (as
 * office_draft_text, and: no worksheet). Free with xlsx_free(), also after an error. */
int xlsx_read(const void *data, size_t len, struct xlsx_sheet *out);
void xlsx_free(struct xlsx_sheet *s);

#endif
