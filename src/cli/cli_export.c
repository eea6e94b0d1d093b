/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_export.c — `gopy export DB --doc CODE [options]`: the synthesis report of one document
 * on standard output or, with -o, written atomically to a file (see report.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gopy/cli.h"
#include "gopy/err.h"
#include "gopy/config.h"
#include "gopy/i18n.h"
#include "gopy/progress.h"
#include "gopy/restrict.h"
#include "gopy/report.h"
#include "gopy/text.h"
#include "gopy/util.h"
#include "cli_int.h"

static void export_progress(void *ctx, int64_t done, int64_t total)
{
	struct progress *p = ctx;
	p->total = total;
	progress_set(p, done);
}

static void export_help(void)
{
	fputs(_("Usage: gopy export DB --doc CODE [OPTION]...\n"
	        "Write the synthesis report (bản tổng hợp, tiếp thu, giải trình ý kiến góp ý) of one document.\n"
	        "\n"
	        "  -d, --doc CODE         the document (required)\n"
	        "  -f, --format FORMAT    txt (default), md, csv, html, json, docx (Word)\n"
	        "                         or xlsx (spreadsheet)\n"
	        "  -o, --output FILE      write to FILE atomically instead of standard output\n"
	        "      --date YYYY-MM-DD  the date in the header (default: today)\n"
	        "      --issuer TEXT      the issuing body (default: the configuration's, else the document's)\n"
	        "      --place TEXT       the place in the header (default: the configuration's, else the\n"
	        "                         document's)\n"
	        "      --pending          only comments not yet handled\n"
	        "      --section LABEL    only comments on this section and the sections inside it\n"
	        "      --unit TEXT        only comments from units whose name contains TEXT\n"
	        "      --group-same       merge identical comments of one section into one row\n"
	        "      --audit            also say who handled each comment and when\n"
	        "      --width N          txt: line width in columns (default 132)\n"
	        "      --version N        only comments on version N of the draft (and general ones)\n"
	        "      --compare [FROM] [TO]\n"
	        "                         instead of the report, the comparison table (bản so sánh,\n"
	        "                         thuyết minh) of version FROM (default: the one before TO) and\n"
	        "                         version TO (default: the newest): each changed section's old\n"
	        "                         and new text, the words changed marked, and the explanation\n"
	        "                         (txt, md, html, docx or xlsx)\n"
	        "  -h, --help             show this help\n"),
	      stdout);
}

int cmd_export(int argc, char **argv)
{
	enum { OPT_DATE = 256, OPT_ISSUER, OPT_PLACE, OPT_PENDING, OPT_SECTION, OPT_UNIT, OPT_GROUP, OPT_WIDTH, OPT_AUDIT, OPT_VERSION,
	       OPT_COMPARE };
	static const struct option longopts[] = {
		{ "doc", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "issuer", required_argument, NULL, OPT_ISSUER },
		{ "place", required_argument, NULL, OPT_PLACE },
		{ "pending", no_argument, NULL, OPT_PENDING },
		{ "section", required_argument, NULL, OPT_SECTION },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "group-same", no_argument, NULL, OPT_GROUP },
		{ "audit", no_argument, NULL, OPT_AUDIT },
		{ "width", required_argument, NULL, OPT_WIDTH },
		{ "version", required_argument, NULL, OPT_VERSION },
		{ "compare", no_argument, NULL, OPT_COMPARE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	/* the configuration's issuer and place, unless --issuer and --place say otherwise */
	struct report_options o = { .format = REPORT_TXT, .issuer = config_get(CFG_ISSUER),
	                            .place = config_get(CFG_PLACE) };
	const char *output = NULL;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":d:f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.doc_code = optarg; break;
		case 'f': {
			int f = report_format_parse(optarg);
			if (f < 0)
				return cli_usage(_("unknown report format '%s' (expected txt, md, csv, html, json, docx or xlsx)"), optarg);
			o.format = (enum report_format)f;
			break;
		}
		case 'o': output = optarg; break;
		case OPT_DATE: {
			char norm[21];
			if (strlen(optarg) != 10 || !time_parse_iso(optarg, norm))
				return cli_usage(_("invalid date '%s' (expected YYYY-MM-DD)"), optarg);
			o.date = optarg;
			break;
		}
		case OPT_ISSUER: o.issuer = optarg; break;
		case OPT_PLACE: o.place = optarg; break;
		case OPT_PENDING: o.pending_only = true; break;
		case OPT_SECTION: o.section = optarg; break;
		case OPT_UNIT: o.unit = optarg; break;
		case OPT_GROUP: o.group_same = true; break;
		case OPT_AUDIT: o.audit = true; break;
		case OPT_VERSION:
			if (cli_parse_version(optarg, &o.version))
				return 2;
			break;
		case OPT_WIDTH: {
			int64_t w;
			if (!parse_int64(optarg, REPORT_MIN_WIDTH, REPORT_MAX_WIDTH, &w))
				return cli_usage(_("invalid width '%s' (expected %d to %d columns)"), optarg, REPORT_MIN_WIDTH,
				                 REPORT_MAX_WIDTH);
			o.width = (int)w;
			break;
		}
		case OPT_COMPARE: o.compare = true; break;
		case 'h': export_help(); return 0;
		case ':': return cli_usage(_("option '%s' needs a value"), argv[optind - 1]);
		default: return cli_usage(_("unknown option '%s'"), argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage(_("export: no database given"));
	/* --compare [FROM] [TO]: the versions follow the database */
	for (int k = 1; o.compare && k <= 2 && optind + k < argc; k++)
		if (cli_parse_version(argv[optind + k], k == 1 ? &o.compare_from : &o.compare_to))
			return 2;
	if (argc - optind > (o.compare ? 3 : 1))
		return cli_usage(_("export: unexpected argument '%s'"), argv[optind + (o.compare ? 3 : 1)]);
	if (o.compare && (o.pending_only || o.section || o.unit || o.group_same || o.audit || o.version))
		return cli_usage(_("export: --compare takes none of --pending, --section, --unit, --group-same, --audit, "
		                   "--version"));
	if (o.compare && (o.format == REPORT_CSV || o.format == REPORT_JSON))
		return cli_usage(_("export: the comparison table is written as txt, md, html, docx or xlsx"));
	if (!o.doc_code || !o.doc_code[0])
		return cli_usage(_("export: --doc CODE is required"));

	bool to_stdout = !output || strcmp(output, "-") == 0;
	if (to_stdout && (o.format == REPORT_DOCX || o.format == REPORT_XLSX) && isatty(STDOUT_FILENO))
		return cli_usage(_("export: %s is a file format, not for the terminal; write it with -o FILE"),
		                 report_format_name(o.format));
	char *confined = NULL; /* restricted mode: the file in the export folder */
	if (!to_stdout && restricted_mode()) {
		if (!(confined = restricted_export_path(output)))
			return cli_fail_err();
		output = confined;
	}
	struct store *st = cli_open(argv[optind], STORE_READONLY);
	if (!st) {
		free(confined);
		return 1;
	}
	/* a bar on stderr when it is a terminal (never mixed into the report on stdout) */
	struct progress pr;
	struct buf what = {0};
	buf_printf(&what, _("exporting %s"), o.doc_code);
	char *shown = text_sanitize(what.data, what.len);
	progress_start(&pr, shown, _("comments"), 0);
	if (to_stdout && isatty(STDOUT_FILENO))
		pr.tty = false; /* the report itself is on the terminal */
	o.progress = export_progress;
	o.progress_ctx = &pr;
	int rc;
	if (!to_stdout)
		rc = report_write_file(st, &o, output);
	else
		rc = report_write(st, &o, stdout);
	progress_finish(&pr);
	free(shown);
	buf_free(&what);
	store_close(st);
	free(confined);
	return rc < 0 ? cli_fail_err() : 0;
}
