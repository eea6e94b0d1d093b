/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_tui.c — `gopy [--as DELEGATE] [DB]`: open the review TUI on a database. */
#include "gopy/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gopy/config.h"
#include "gopy/i18n.h"
#include "gopy/restrict.h"
#include "gopy/store.h"
#include "gopy/ui.h"

int cmd_tui(int argc, char **argv)
{
	const char *as = NULL, *path = NULL, *doc = NULL;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--as") == 0 || strcmp(a, "--doc") == 0) {
			if (i + 1 >= argc)
				return cli_usage(_("%s needs a value"), a);
			if (a[2] == 'a')
				as = argv[++i];
			else
				doc = argv[++i];
		} else if (strncmp(a, "--as=", 5) == 0) {
			as = a + 5;
		} else if (strncmp(a, "--doc=", 6) == 0) {
			doc = a + 6;
		} else if (strcmp(a, "--") == 0 && i + 1 < argc && !path) {
			path = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return cli_usage(_("unknown option %s"), a);
		} else if (!path) {
			/* `gopy frobnicate x.db`: a word that is no command, no existing file and does
			 * not look like a path was meant as a command. */
			if (!strchr(a, '/') && !strchr(a, '.') && access(a, F_OK) != 0)
				return cli_usage(_("unknown command '%s'"), a);
			path = a;
		} else {
			return cli_usage(_("too many arguments: %s"), a);
		}
	}
	if (!path)
		path = getenv("GOPY_DB");
	if (!path || !*path)
		path = config_get(CFG_DATABASE);
	if (!path || !*path)
		path = "gopy.db";
	if (!as && !restricted_mode()) /* the restricted mode refuses --as, and so its stand-in */
		as = config_get(CFG_IDENTITY);
	struct store *st = cli_open(path, 0);
	if (!st)
		return 1;
	struct ui_options o = { .db_path = path, .as = as, .doc_code = doc };
	int rc = ui_run(st, &o);
	store_close(st);
	return rc;
}
