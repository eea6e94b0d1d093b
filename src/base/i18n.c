/* SPDX-License-Identifier: GPL-3.0-or-later */
/* i18n.c — choosing the interface language and finding the message catalogue (see i18n.h). */
#include "gopy/i18n.h"

#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef GOPY_LOCALEDIR
#define GOPY_LOCALEDIR "/usr/local/share/locale"
#endif

static char localedir[PATH_MAX] = GOPY_LOCALEDIR;

static bool is_dir(const char *p)
{
	struct stat sb;
	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* A gopy run from its source tree finds the catalogues built beside it: ./gopy uses
 * build/locale, build-asan/gopy uses build-asan/locale. An installed gopy has neither. */
static void find_localedir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	static const char *const tree[] = {"/build/locale", "/locale"};
	for (size_t i = 0; i < sizeof tree / sizeof tree[0]; i++) {
		char cand[PATH_MAX];
		if (snprintf(cand, sizeof cand, "%s%s", exe, tree[i]) < (int)sizeof cand && is_dir(cand) &&
		    strcmp(cand, GOPY_LOCALEDIR) != 0) {
			char probe[PATH_MAX + 32];
			snprintf(probe, sizeof probe, "%s/vi/LC_MESSAGES/gopy.mo", cand);
			if (access(probe, R_OK) == 0) {
				memcpy(localedir, cand, strlen(cand) + 1);
				return;
			}
		}
	}
}

static bool is_c_locale(const char *name)
{
	return !name || strcmp(name, "C") == 0 || strcmp(name, "POSIX") == 0;
}

/* The locale the environment asks for messages, as POSIX orders it; NULL when none. */
static const char *wanted_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && v[0])
			return v;
	}
	return NULL;
}

/* Make LANGUAGE effective: glibc ignores it while LC_MESSAGES is C or POSIX, and converts
 * messages to LC_CTYPE's character set, so both become C.UTF-8 when they are not usable. */
static void messages_follow_language(void)
{
	if (is_c_locale(setlocale(LC_MESSAGES, NULL)))
		setlocale(LC_MESSAGES, "C.UTF-8");
	if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0)
		setlocale(LC_CTYPE, "C.UTF-8");
}

void i18n_init(const char *language)
{
	if (!setlocale(LC_ALL, "")) {
		/* The wanted locale was never generated (vi_VN.UTF-8 on a stock server): keep its
		 * language for the messages and run under C.UTF-8. */
		if (!setlocale(LC_ALL, "C.UTF-8"))
			setlocale(LC_ALL, "C");
		const char *w = wanted_locale();
		const char *lang = getenv("LANGUAGE");
		if (w && !is_c_locale(w) && !(lang && lang[0])) {
			char name[64];
			snprintf(name, sizeof name, "%s", w);
			name[strcspn(name, ".@")] = '\0'; /* vi_VN.UTF-8 -> vi_VN (gettext then tries vi) */
			if (name[0])
				setenv("LANGUAGE", name, 1);
		}
		messages_follow_language();
	}
	if (language && language[0] && strcmp(language, "auto") != 0) {
		setenv("LANGUAGE", language, 1);
		messages_follow_language();
	}
	find_localedir();
	bindtextdomain("gopy", localedir);
	bind_textdomain_codeset("gopy", "UTF-8");
	textdomain("gopy");
}

const char *i18n_localedir(void) { return localedir; }

const char *i18n_language(void)
{
	/* TRANSLATORS: the code of the language of this catalogue ("vi" for Vietnamese). */
	const char *l = _("en");
	return strcmp(l, "en") == 0 ? "en" : l;
}

const char *i18n_pgettext(const char *ctx_id, const char *id)
{
	const char *t = gettext(ctx_id);
	return t == ctx_id ? id : t;
}
