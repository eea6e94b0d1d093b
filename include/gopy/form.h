/* SPDX-License-Identifier: GPL-3.0-or-later */
/* form.h — spreadsheets to fill and bring back, written with libxlsxwriter
 * (src/report/form_xlsx.c): the comment form (phiếu góp ý) a unit fills, and the
 * dispositions table the drafting team fills. */
#ifndef GOPY_FORM_H
#define GOPY_FORM_H

#include "gopy/store.h"

/* Write the form of document doc_code to path: a title, a header row whose captions end in
 * the column codes that `gopy import-comments` reads ("… (doc)", "… (section)",
 * "… (excerpt)", "… (body)", "… (unit)", "… (author)"), a row for general comments and one
 * row per section (its citation and the beginning of its text); the header is frozen,
 * widths and wrapping set, the sheet protected with only the body, unit and author columns
 * unlocked. Text from the database is written as text (never a formula), sanitised. The file
 * appears whole or not at all (written beside it, then renamed). Returns 0, or -1 with
 * err_set(). */
int form_write_xlsx(struct store *st, const char *doc_code, const char *path);

/* Write the dispositions table of document doc_code to path, for the drafting team: one row
 * per comment (deleted ones left out) in section order with its id (a text cell), its
 * stamp (comment_stamp), section, commenter and text, and the disposition (picked from a
 * list of the Vietnamese labels) and response as input columns; the captions end in the
 * column codes `gopy import-dispositions` reads. Otherwise as form_write_xlsx. */
int form_write_dispositions_xlsx(struct store *st, const char *doc_code, const char *path);

#endif
