/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_form.c — `gopy form DB --doc CODE [--dispositions] -o FILE.xlsx`: the comment form
 * for units, or the dispositions table for the drafting team. */
#include <getopt.h>
#include <stdbool.h>
#include <string.h>

#include "gopy/cli.h"
#include "gopy/form.h"
#include "gopy/i18n.h"

int cmd_form(int argc, char **argv)
{
	static const struct option opts[] = {
		{"doc", required_argument, NULL, 'd'},
		{"dispositions", no_argument, NULL, 'D'},
		{NULL, 0, NULL, 0},
	};
	const char *db = NULL, *doc = NULL, *out = NULL;
	bool dispositions = false, extra = false;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-o:", opts, NULL)) != -1) {
		switch (c) {
		case 1: extra |= db != NULL; db = db ? db : optarg; break;
		case 'd': doc = optarg; break;
		case 'o': out = optarg; break;
		case 'D': dispositions = true; break;
		default: return cli_usage(_("unknown or incomplete option %s"), argv[optind - 1]);
		}
	}
	if (extra || optind < argc)
		return cli_usage(_("too many arguments"));
	if (!db)
		return cli_usage(_("%s: no database given"), "form");
	if (!doc || !out)
		return cli_usage(_("%s: %s is required"), "form", !doc ? "--doc CODE" : "-o FILE.xlsx");
	struct store *st = cli_open(db, STORE_READONLY);
	if (!st)
		return 1;
	int rc = dispositions ? form_write_dispositions_xlsx(st, doc, out) : form_write_xlsx(st, doc, out);
	store_close(st);
	return rc == 0 ? 0 : cli_fail_err();
}
