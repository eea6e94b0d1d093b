/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui.h — the terminal interface (the only layer that includes curses). */
#ifndef GOPY_UI_H
#define GOPY_UI_H

#include <stdio.h>

#include "gopy/store.h"

struct ui_options {
	const char *db_path;     /* for the status line and drafts */
	const char *as;          /* --as DELEGATE code, or NULL: login mapping, else ask/read-only */
	const char *doc_code;    /* open this document directly, or NULL for the document list */
};

/* Run the TUI on an open store until the user quits. Returns the process exit status.
 * Headless mode (tests/README.md): when GOPY_HEADLESS_SCRIPT names a key script, ncurses
 * draws to /dev/null at GOPY_HEADLESS_SIZE ("80x24") and screens are dumped on request. */
int ui_run(struct store *st, const struct ui_options *o);

/* Check a configuration `bind MODE KEY ACTION` line without applying it and without curses
 * running (config_bind_check): NULL when good, else an N_() message with one %s naming *arg. */
const char *keymap_check(const char *mode, const char *key, const char *action, const char **arg);

/* Print the key bindings of every view as man(7) markup (.SS per view, .TP per key) for
 * the man page's KEYS section. */
void ui_print_keymap(FILE *f);

#endif
