/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office_priv.h — private to src/import: the draft readers behind office_draft_text(). */
#ifndef GOPY_OFFICE_PRIV_H
#define GOPY_OFFICE_PRIV_H

#include "gopy/buf.h"
#include "gopy/office.h"
#include "zipxml.h"

/* The paragraphs of word/document.xml (docx.c) or content.xml (odt.c), see
 * office_draft_read(). */
int docx_text(struct zx *z, struct office_draft *out);
int odt_text(struct zx *z, struct office_draft *out);
/* The same from a flat OpenDocument text (.fodt), data being the whole XML file. */
int fodt_text(const char *data, size_t len, struct office_draft *out);

/* Add a paragraph to d: text (len bytes) with its marker (NULL or "" for none; spaces
 * around it dropped) and heading level; each line break in text starts a new paragraph
 * without marker or heading. */
void office_emit(struct office_draft *d, int heading, const char *marker, const char *text, size_t len);

#endif
