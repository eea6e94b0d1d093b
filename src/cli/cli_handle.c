/* cli_handle.c — `gopy handle DB ID [--disposition D] [--response TEXT] [--at LABEL
 * [--version N]] [--as EDITOR]`: the drafting team sets how one comment was handled and where
 * it went — a section of a later version of the draft, cited in the synthesis report ("Đã tiếp
 * thu tại khoản 2 Điều 8 dự thảo lần 3"). --at is looked up like --section, in the newest
 * version unless --version says; --at "" removes the citation. All in one transaction. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/cli.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/identity.h"
#include "gopy/round.h"
#include "gopy/text.h"
#include "gopy/util.h"
#include "cli_int.h"

/* The section `at` names in version `version` (0: the newest) of the comment's document:
 * *id set (0 for ""), 0; else the exit status after saying why. */
static int resolve_at(struct store *st, const struct comment *c, const char *at, int version, gid *id)
{
	*id = 0;
	if (!*at)
		return 0;
	struct document d;
	int rc = store_document_get_id(st, c->doc_id, &d);
	if (rc != 0)
		return rc < 0 ? cli_fail_err() : cli_fail(_("the comment's document is missing"));
	if ((rc = cli_use_version(st, &d, version ? version : d.n_versions)) == 0) {
		struct section sec;
		int f = store_section_find(st, d.id, at, &sec);
		if (f == 1)
			rc = cli_fail(_("version %d of %s has no section '%s'"), version ? version : d.n_versions, d.code, at);
		else if (f < 0)
			rc = cli_fail_err();
		else {
			*id = sec.id;
			section_clear(&sec);
		}
	}
	document_clear(&d);
	return rc;
}

int cmd_handle(int argc, char **argv)
{
	static const struct option opts[] = {
		{"disposition", required_argument, NULL, 'd'}, {"response", required_argument, NULL, 'r'},
		{"at", required_argument, NULL, 't'},          {"version", required_argument, NULL, 'V'},
		{"as", required_argument, NULL, 'a'},          {NULL, 0, NULL, 0},
	};
	const char *disp = NULL, *resp = NULL, *at = NULL, *as = NULL, *pos[2] = {NULL, NULL};
	int version = 0, c, npos = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-", opts, NULL)) != -1) {
		switch (c) {
		case 1: if (npos < 2) pos[npos] = optarg; npos++; break;
		case 'd': disp = optarg; break;
		case 'r': resp = optarg; break;
		case 't': at = optarg; break;
		case 'a': as = optarg; break;
		case 'V':
			if (cli_parse_version(optarg, &version))
				return 2;
			break;
		default: return cli_usage(_("unknown or incomplete option %s"), argv[optind - 1]);
		}
	}
	for (; optind < argc; optind++) /* after "--" */
		if (npos++ < 2)
			pos[npos - 1] = argv[optind];
	if (npos != 2 || (!disp && !resp && !at))
		return cli_usage(_("usage: gopy handle DB ID [--disposition D] [--response TEXT] [--at LABEL [--version N]] "
		                   "[--as EDITOR]"));
	if (version && !at)
		return cli_usage(_("--version needs --at (the version the cited section is looked up in)"));
	int64_t id;
	if (!parse_int64(pos[1], 1, INT64_MAX, &id))
		return cli_usage(_("'%s' is not a comment id"), pos[1]);
	int d = disp ? disposition_parse(disp) : -1;
	if (disp && d < 0)
		return cli_usage(_("unknown disposition '%s'"), disp);
	if ((resp && !text_valid_utf8(resp, strlen(resp), NULL)) || (at && !text_valid_utf8(at, strlen(at), NULL)))
		return cli_fail(_("the response or the section is not valid UTF-8"));
	struct store *st = cli_open(pos[0], 0);
	if (!st)
		return 1;
	struct identity who = {0};
	struct comment cm = {0};
	int rc = cli_identify(st, pos[0], as, NEED_HANDLER, &who);
	int got = rc == 0 ? store_comment_get(st, id, &cm) : 0;
	if (got == 1)
		rc = cli_fail(_("no comment with id %lld"), (long long)id);
	else if (got < 0)
		rc = cli_fail_err();
	gid section = 0;
	if (rc == 0 && at)
		rc = resolve_at(st, &cm, at, version, &section);
	if (rc == 0 && store_begin(st) != 0)
		rc = cli_fail_err();
	else if (rc == 0) {
		int w = disp || resp ? store_comment_handle(st, id, d, resp, who.as.id) : 0;
		if (w == 0 && at)
			w = store_citation_set(st, id, section);
		if (w == 0 && store_commit(st) == 0) {
			struct citation ct;
			int r = at && section ? store_citation_get(st, id, &ct) : 1;
			if (r == 0) {
				char *where = text_sanitize(ct.label, strlen(ct.label));
				printf(_("comment %lld: at %s (version %d)\n"), (long long)id, where, ct.version);
				free(where);
				citation_clear(&ct);
			}
		} else {
			if (w != 0)
				store_rollback(st);
			rc = cli_fail_err();
		}
	}
	comment_clear(&cm);
	identity_clear(&who);
	store_close(st);
	if (rc == 0 && fflush(stdout) != 0)
		return cli_fail(_("cannot write the output"));
	return rc;
}
