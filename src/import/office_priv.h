/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office_priv.h — private to src/import: the draft readers behind office_draft_text(). */
#ifndef GOPY_OFFICE_PRIV_H
#define GOPY_OFFICE_PRIV_H

#include "gopy/buf.h"
#include "gopy/office.h"
#include "zipxml.h"

/* The text of word/document.xml (docx.c) or content.xml (odt.c), see office_draft_text(). */
int docx_text(struct zx *z, struct buf *out, struct office_notes *seen);
int odt_text(struct zx *z, struct buf *out, struct office_notes *seen);

#endif
