/* SPDX-License-Identifier: GPL-3.0-or-later */
/* i18n.h — every user-facing string goes through _() (gettext), ngettext() for counts, N_()
 * marks static tables translated where they are used. Message ids are English. */
#ifndef GOPY_I18N_H
#define GOPY_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* A word whose translation depends on where it is shown: C_("role", "editor") is looked up as
 * "role" EOT "editor" (msgctxt "role" in the catalogue), the English word when untranslated. */
#define C_(ctx, s) i18n_pgettext(ctx "\004" s, s)

/* For C_(): the translation of the context-qualified id, else id. */
const char *i18n_pgettext(const char *ctx_id, const char *id);

/* Set the locale and open the "gopy" message catalogue; call once, first thing in main.
 * language: NULL, "" or "auto" to follow the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG);
 * otherwise a language such as "vi" or "en" (the configuration's `language`), which wins over it.
 * Works where the wanted locale was never generated (a stock server with only C.UTF-8): the
 * locale then falls back to C.UTF-8 and the language is carried by LANGUAGE, which glibc honours
 * under C.UTF-8 but not under C, so C and POSIX also become C.UTF-8 for messages. */
void i18n_init(const char *language);

/* The folder the catalogues are read from: the build tree's (BUILD/locale beside a gopy run
 * from its source tree), else the installed one, LOCALEDIR (PREFIX/share/locale). */
const char *i18n_localedir(void);

/* The language of the messages in use: "vi" when the Vietnamese catalogue is active, else "en". */
const char *i18n_language(void);

#endif
