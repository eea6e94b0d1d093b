/* carry.h — what is said about a comment of an earlier round shown on a later version: where
 * the phrase it quoted is now (store_quote_place), as one translated line. For list, the
 * thread view and the report alike: src/report/carry.c. */
#ifndef GOPY_CARRY_H
#define GOPY_CARRY_H

#include "gopy/buf.h"
#include "gopy/store.h"

/* Append to b (not sanitised: the caller cleans it for its output) the note on `quote` given
 * where it is now (p), for a comment shown on section `shown` (0: none, e.g. a removed
 * section): «quoted: "…"», then — the phrase still there: nothing more; changed: «now reads
 * "…"»; in another section: «now in khoản 3 Điều 2»; gone: «the quoted phrase is no longer in
 * this version». */
void carry_quote_note(struct buf *b, const char *quote, const struct quote_place *p, gid shown);

/* The same, looked up: where `quote` (made on section old_id) is in version `version`, and its
 * note. 0, or -1 on a store error (err_set). */
int carry_quote_line(struct store *st, struct buf *b, gid old_id, const char *quote, int version, gid shown);

#endif
