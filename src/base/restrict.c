/* SPDX-License-Identifier: GPL-3.0-or-later */
/* restrict.c — the restricted mode's switch and its export folder (see restrict.h). */
#include "gopy/restrict.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gopy/buf.h"
#include "gopy/config.h"
#include "gopy/err.h"
#include "gopy/i18n.h"

bool restricted_mode(void)
{
	const char *v = getenv("GOPY_RESTRICTED");
	if (v && *v && strcmp(v, "0") != 0)
		return true;
	v = config_get(CFG_RESTRICTED); /* the system file's: a user's may not set it */
	return v && strcmp(v, "yes") == 0;
}

const char *restricted_export_dir(void)
{
	static char dir[PATH_MAX];
	const char *v = getenv("GOPY_EXPORT_DIR");
	if (!v || !*v)
		v = config_get(CFG_EXPORT_DIR);
	if (!v || !*v) {
		err_set(_("exports are not available in restricted mode (no export folder is configured)"));
		return NULL;
	}
	struct stat sb;
	if (!realpath(v, dir) || stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		err_set(_("the export folder %s is not a folder"), v);
		return NULL;
	}
	return dir;
}

char *restricted_export_path(const char *name)
{
	const char *dir = restricted_export_dir();
	if (!dir)
		return NULL;
	bool plain = *name && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
	for (const unsigned char *p = (const unsigned char *)name; plain && *p; p++)
		if (*p == '/' || *p < 0x20 || *p == 0x7f)
			plain = false;
	if (!plain) {
		err_set(_("restricted mode: give a plain file name; exports go into %s"), dir);
		return NULL;
	}
	struct buf b = {0};
	buf_printf(&b, "%s/%s", dir, name);
	struct stat sb;
	if (lstat(b.data, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		err_set(_("restricted mode: %s exists and is not a regular file; not writing there"), b.data);
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}
