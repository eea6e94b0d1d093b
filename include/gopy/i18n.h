/* i18n.h — every user-facing string goes through _() (gettext), N_() marks static tables. */
#ifndef GOPY_I18N_H
#define GOPY_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

#endif
