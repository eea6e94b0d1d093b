/* cli_form.c — `gopy form DB --doc CODE [--dispositions] -o FILE.xlsx`: the comment form
 * for units, or the dispositions table for the drafting team. */
#include <stdbool.h>
#include <string.h>

#include "gopy/cli.h"
#include "gopy/form.h"
#include "gopy/i18n.h"

int cmd_form(int argc, char **argv)
{
	const char *db = NULL, *doc = NULL, *out = NULL;
	bool dispositions = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--dispositions") == 0) {
			dispositions = true;
			continue;
		}
		const char **dst = strcmp(argv[i], "--doc") == 0 ? &doc : strcmp(argv[i], "-o") == 0 ? &out : NULL;
		if (dst) {
			if (i + 1 >= argc)
				return cli_usage(_("option %s needs a value"), argv[i]);
			*dst = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage(_("unknown option %s"), argv[i]);
		} else if (!db) {
			db = argv[i];
		} else {
			return cli_usage(_("too many arguments"));
		}
	}
	if (!db || !doc || !out)
		return cli_usage(_("usage: gopy form DB --doc CODE [--dispositions] -o FILE.xlsx"));
	struct store *st = cli_open(db, STORE_READONLY);
	if (!st)
		return 1;
	int rc = dispositions ? form_write_dispositions_xlsx(st, doc, out) : form_write_xlsx(st, doc, out);
	store_close(st);
	return rc == 0 ? 0 : cli_fail_err();
}
