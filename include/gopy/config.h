/* SPDX-License-Identifier: GPL-3.0-or-later */
/* config.h — the configuration files.
 *
 * Read in order, later settings winning: the system file SYSCONFDIR/gopy/config (/etc/gopy/config
 * by default), then the user's $XDG_CONFIG_HOME/gopy/config (else ~/.config/gopy/config). One
 * setting a line, `NAME VALUE` (the value is the rest of the line, surrounding double quotes
 * removed); blank lines and lines starting with '#' are ignored; `bind MODE KEY ACTION` may
 * appear many times. A bad line is reported as "FILE:LINE: message" and the rest still loads.
 * Adding an option is one entry in the table of config.c. */
#ifndef GOPY_CONFIG_H
#define GOPY_CONFIG_H

#include <stdio.h>

enum config_option {
	CFG_LANGUAGE,   /* auto, en, vi: the interface language (i18n_init) */
	CFG_DATABASE,   /* the database opened when none is named and $GOPY_DB is unset */
	CFG_IDENTITY,   /* the delegate code to act as when --as is not given */
	CFG_COLOR,      /* auto, always, never */
	CFG_ISSUER,     /* the report's issuing body when --issuer is not given */
	CFG_PLACE,      /* the report's place when --place is not given */
	CFG_RESTRICTED, /* yes, no: the restricted mode (restrict.h); the system file only */
	CFG_EXPORT_DIR, /* the restricted mode's export folder; the system file only */
	CFG_COUNT
};

/* One `bind MODE KEY ACTION` line; applied by the interface (keymap_bind in ui_keymap.c). */
struct config_bind {
	char *mode, *key, *action;  /* owned by the configuration */
	char *where;                /* "FILE:LINE", for messages */
};

/* Checks the words of a `bind MODE KEY ACTION` line without applying it: NULL when good, else an
 * N_() message with one %s, and *arg set to the word it names (one of the three). */
typedef const char *(*config_bind_check)(const char *mode, const char *key, const char *action, const char **arg);
/* Set the check config_load() applies to bind lines (the interface's keymap_check); a bad bind
 * line is then a problem and not kept. Call before config_load(). */
void config_set_bind_check(config_bind_check check);

/* Read the system file and the user's. Problems are kept and printed by config_report(), so
 * that they are in the language the files chose. Call once, before i18n_init(). */
void config_load(void);
/* Print the problems found by config_load() to f ("FILE:LINE: message" lines, translated). */
void config_report(FILE *f);
/* The number of problems found. */
int config_problems(void);
/* Problem i (0 <= i < config_problems()) as one translated "FILE:LINE: message" line; owned by
 * the caller. */
char *config_problem_text(int i);

/* The value of an option, NULL when no file sets it (the empty string when set to ""). */
const char *config_get(enum config_option o);
/* Where the value came from: "FILE:LINE", or NULL when no file sets it. */
const char *config_origin(enum config_option o);

/* The bind lines, in file order (system file first). */
const struct config_bind *config_binds(size_t *n);

/* Whether the interface may use colours: `color always` yes; `never` no; `auto` (the default)
 * yes unless NO_COLOR is set and not empty (the terminal must still have colours). */
int config_color_wanted(void);

/* The paths read, in order (whether or not they exist): [0] the system file, [1] the user's. */
const char *config_path(int i);

/* Write the effective settings to f in the file's own syntax, each with a comment saying where
 * it came from (a file and line, the environment, or the default): `gopy --print-config`. */
void config_print(FILE *f);

#endif
