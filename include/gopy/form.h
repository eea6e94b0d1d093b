/* SPDX-License-Identifier: GPL-3.0-or-later */
/* form.h — the comment form (phiếu góp ý) a unit fills: an .xlsx written with libxlsxwriter
 * (src/report/form_xlsx.c). */
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

#endif
