/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c — command-line dispatch: `gopy SUBCOMMAND ...`, or the TUI when the first
 * argument is not a subcommand. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/cli.h"
#include "gopy/config.h"
#include "gopy/dburl.h"
#include "gopy/i18n.h"
#include "gopy/restrict.h"
#include "gopy/store.h"
#include "gopy/ui.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{"init", cmd_init},
	{"import", cmd_import},
	{"delegate", cmd_delegate},
	{"comment", cmd_comment},
	{"import-comments", cmd_import_comments},
	{"import-dispositions", cmd_import_dispositions},
	{"form", cmd_form},
	{"list", cmd_list},
	{"search", cmd_search},
	{"export", cmd_export},
	{"check", cmd_check},
	{"consult", cmd_consult},
	{"stats", cmd_stats},
	{"versions", cmd_versions},
	{"align", cmd_align},
	{"handle", cmd_handle},
	{"log", cmd_log},
	{"demo", cmd_demo},
	{"merge", cmd_merge},
	{"changes", cmd_changes},
	{"conflicts", cmd_conflicts},
	{"resolve", cmd_resolve},
	{"copy", cmd_copy},
};

static void usage(FILE *f);

/* `gopy CMD --help`: the lines of the usage that belong to CMD (those starting "gopy CMD"
 * and the lines indented under them). */
static int command_usage(const char *name)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (!m)
		return cli_fail(_("out of memory"));
	usage(m);
	if (fclose(m) != 0) {
		free(text);
		return cli_fail(_("out of memory"));
	}
	size_t nlen = strlen(name);
	bool in = false, first = true;
	for (char *line = text, *end; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		const char *g = strstr(line, "gopy ");
		bool head = g && strspn(line, " ") + (strncmp(line, "Usage: ", 7) == 0 ? 7 : 0) >= (size_t)(g - line) &&
		            strncmp(g + 5, name, nlen) == 0 && (g[5 + nlen] == ' ' || g[5 + nlen] == '\0');
		if (head)
			in = true;
		else if (!g && line[0] == ' ' && in)
			; /* a continuation of the command's lines */
		else
			in = false;
		if (in) {
			if (first)
				printf("%s%s\n", _("Usage: "), line + strspn(line, " ") + (strncmp(line, "Usage: ", 7) == 0 ? 7 : 0));
			else
				printf("%s\n", line);
			first = false;
		}
	}
	free(text);
	if (!first)
		printf(_("See man gopy for the details.\n"));
	return fflush(stdout) == 0 ? 0 : 1;
}

static void usage(FILE *f)
{
	fputs(_("Usage: gopy [--as DELEGATE] [--doc CODE] [DB]\n"
	        "                                        open the review (DB: argument, $GOPY_DB, ./gopy.db)\n"
	        "       gopy init DB                     create a new, empty review database\n"
	        "       gopy import DB FILE|- [--code C] [--title T] [--kind K] [--encoding E]\n"
	        "                                        import a draft (text, Markdown, .docx, .odt, .fodt)\n"
	        "                                        and split it into its sections\n"
	        "       gopy import DB FILE|- --code C --revision [--label L] [--encoding E]\n"
	        "                                        add a revised draft as the document's next version\n"
	        "       gopy versions DB --doc CODE [--format text|tsv|json]\n"
	        "                                        the versions of a draft and what changed in each\n"
	        "       gopy align DB --doc CODE [--version N] [--set OLD=NEW]... [--format text|tsv|json]\n"
	        "                       [--note LABEL=TEXT]... [--note-old LABEL=TEXT]...\n"
	        "                                        which section of the version before each one continues;\n"
	        "                                        the drafting team's note on a change\n"
	        "       gopy delegate DB add CODE NAME [--unit U] [--role R] [--login USER]\n"
	        "       gopy delegate DB list [--format text|tsv|json]\n"
	        "       gopy comment DB --doc CODE [--section LABEL] [--version N] [--reply-to ID]\n"
	        "                       [--as DELEGATE] [--by SECRETARY] [--quote TEXT] [--wait S] TEXT|-|--stream\n"
	        "                                        add one comment; --stream: a comment a line of\n"
	        "                                        standard input, each saved as it comes, its id printed;\n"
	        "                                        on a server that went away a line waits for it (up to\n"
	        "                                        --wait S) and is saved once, when it is back\n"
	        "       gopy import-comments DB FILE.csv|FILE.xlsx\n"
	        "                                        bulk-add comments (the whole file or nothing)\n"
	        "       gopy form DB --doc CODE [--dispositions] -o FILE.xlsx\n"
	        "                                        the comment form (phiếu góp ý) for units to fill, or\n"
	        "                                        the dispositions table for the drafting team\n"
	        "       gopy import-dispositions DB FILE.csv|FILE.xlsx [--as EDITOR]\n"
	        "                                        dispositions and responses filled in a spreadsheet\n"
	        "       gopy handle DB ID [--disposition D] [--response TEXT] [--at LABEL [--version N]]\n"
	        "                       [--as EDITOR]\n"
	        "                                        how one comment was handled, and where it went in\n"
	        "                                        the revised draft (--at: a section of the newest version)\n"
	      ), f);
	/* two messages: one would pass the length C99 compilers must take */
	fputs(_("       gopy list DB [--doc CODE [--comments] [--version N]] [--format text|tsv|json]\n"
	        "       gopy search DB QUERY [--doc CODE] [--exact|--fold] [--limit N] [--format text|tsv|json]\n"
	        "       gopy export DB --doc CODE [--format txt|md|csv|html|json|docx|xlsx]\n"
	        "                       [-o FILE] [--date D] [--issuer T] [--place T] [--pending]\n"
	        "                       [--section L] [--unit U] [--group-same] [--width N]\n"
	        "                       [--audit] [--version N]\n"
	        "       gopy export DB --doc CODE --compare [FROM] [TO] [--format txt|md|html|docx|xlsx] [-o FILE]\n"
	        "                                        the comparison table of two versions (bản so sánh)\n"
	        "       gopy consult DB --doc CODE add UNIT|DELEGATE... [--deadline D] [--asked D]\n"
	        "       gopy consult DB --doc CODE no-comments|remove UNIT|DELEGATE... [--date D] [--ref R] [--undo]\n"
	        "       gopy consult DB --doc CODE list|pending [--units] [--format text|tsv|json]\n"
	        "       gopy consult DB --doc CODE import FILE.csv|FILE.xlsx\n"
	        "                                        who was asked for comments, by when; who answered\n"
	        "       gopy stats DB [--doc CODE] [--format text|tsv|json] [--width N]\n"
	        "                                        the consultation at a glance: comments by disposition,\n"
	        "                                        article and unit; who has not answered\n"
	        "       gopy check DB                    integrity, schema version, indexes and the audit log\n"
	        "       gopy log DB [--doc CODE] [--comment ID] [--format text|tsv|json]\n"
	        "                                        the audit log: who changed what, and when\n"),
	      f);
	fputs(_("       gopy copy SRC DST [--wait S]     a whole review into a new or empty database, file or\n"
	        "                                        server (postgresql://…), every id and the audit log kept\n"
	        "       gopy merge INTO FROM... [--wait S]\n"
	        "                                        bring copies of the review filled apart (or changes\n"
	        "                                        files) into INTO; conflicts are kept for people\n"
	        "       gopy changes DB --since BASE -o FILE\n"
	        "                                        what changed in DB (a file or a server) since the\n"
	        "                                        copy BASE, to send\n"
	        "       gopy conflicts DB [--doc CODE] [--all] [--format text|tsv|json]\n"
	        "                                        what copies changed differently, both versions\n"
	        "       gopy resolve DB ID --keep mine|theirs|version [--as EDITOR]\n"
	        "                                        settle a conflict (the drafting team)\n"
	        "       gopy demo [DB] [--fresh] [--as DELEGATE]\n"
	        "                                        build the sample review and open it\n"
	        "       gopy --print-config              the settings in effect and where each comes from\n"
	        "       gopy --help | --version\n"
	        "\n"
	        "Searches ignore diacritics and case unless the query has diacritics ('chuyen doi so'\n"
	        "finds \"chuyển đổi số\"). See gopy(1) for every option and the keys of the interface.\n"),
	      f);
	fputs(_("DB is an SQLite file, or a review on a PostgreSQL server named by a URL:\n"
	        "postgresql://[USER@][HOST][:PORT][/DATABASE][?PARAM=VALUE&...] (see DATABASES in gopy(1)).\n"),
	      f);
}

int main(int argc, char **argv)
{
	/* Before anything can show them: passwords out of server URLs (and so out of `ps`). */
	dburl_take_all(argc, argv, "GOPY_DB");
	config_set_bind_check(keymap_check);
	config_load();
	i18n_init(config_get(CFG_LANGUAGE));
	config_report(stderr);

	bool help = argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	                          strcmp(argv[1], "help") == 0);
	bool version = argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0);
	if ((help || version) && argc > 2)
		return cli_usage(_("%s takes no arguments (extra: '%s')"), help ? "--help" : "--version", argv[2]);
	if (help) {
		usage(stdout);
		return 0;
	}
	if (version) {
		printf("gopy %s\n", GOPY_VERSION);
		printf(_("database schema %d\n"), store_schema_version());
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--print-config") == 0) {
		if (argc > 2)
			return cli_usage(_("%s takes no arguments (extra: '%s')"), argv[1], argv[2]);
		config_print(stdout);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	if (argc == 2 && strcmp(argv[1], "--keys-man") == 0) {
		/* the KEYS section of man/gopy.1, generated from the keymap (make man-keys) */
		ui_print_keymap(stdout);
		return 0;
	}
	if (argc >= 2) {
		for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
			if (strcmp(argv[1], commands[i].name) != 0)
				continue;
			if (argc >= 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0) &&
			    strcmp(argv[1], "export") != 0) /* export has a help of its own */
				return command_usage(argv[1]);
			/* restricted mode: nothing that reads or creates files by name (restrict.h) */
			static const char *const unrestricted_only[] = {"init", "import", "import-comments",
			                                                "import-dispositions", "form", "demo",
			                                                "merge", "changes", "copy"};
			for (size_t j = 0; restricted_mode() && j < sizeof unrestricted_only / sizeof *unrestricted_only; j++)
				if (strcmp(argv[1], unrestricted_only[j]) == 0)
					return cli_fail(_("%s is not available in restricted mode"), argv[1]);
			return commands[i].run(argc - 1, argv + 1);
		}
	}
	return cmd_tui(argc, argv);
}
