/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_demo.c — `gopy demo [DB]`: build the sample review from sample-data/ (documents.tsv,
 * the drafts, delegates.csv, comments.csv, consultation.csv) and open it in the interface. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_int.h"
#include "gopy/cli.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/ui.h"

#ifndef GOPY_DATADIR
#define GOPY_DATADIR "/usr/local/share/gopy"
#endif

static bool is_data_dir(const char *dir)
{
	struct buf probe = {0};
	buf_printf(&probe, "%s/documents.tsv", dir);
	bool ok = access(probe.data, R_OK) == 0;
	buf_free(&probe);
	return ok;
}

const char *demo_data_dir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("GOPY_SAMPLE_DATA");
	if (env && *env) {
		if (is_data_dir(env))
			return env;
		err_set(_("GOPY_SAMPLE_DATA=%s has no documents.tsv"), env);
		return NULL;
	}
	/* next to the binary (a build tree), then the installed copy */
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash && (size_t)(slash - exe) + sizeof "/sample-data" <= sizeof dir) {
			memcpy(dir, exe, (size_t)(slash - exe));
			strcpy(dir + (slash - exe), "/sample-data");
			if (is_data_dir(dir))
				return dir;
		}
	}
	snprintf(dir, sizeof dir, "%s/sample-data", GOPY_DATADIR);
	if (is_data_dir(dir))
		return dir;
	err_set(_("cannot find the sample data (looked next to the program and in %s; set GOPY_SAMPLE_DATA)"),
	        GOPY_DATADIR);
	return NULL;
}

/* Split a TSV line in place; returns the number of fields (at most max). */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;
	line[strcspn(line, "\r\n")] = '\0';
	while (n < max) {
		f[n++] = line;
		char *tab = strchr(line, '\t');
		if (!tab)
			break;
		*tab = '\0';
		line = tab + 1;
	}
	return n;
}

static int import_documents(struct store *st, const char *dir)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/documents.tsv", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return err_set(_("cannot open %s: %s"), path, strerror(errno));
	char line[4096];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		if (++lineno == 1 || line[0] == '#' || line[0] == '\n')
			continue; /* header */
		char *fl[8] = {0};
		int n = split_tabs(line, fl, 8);
		if (n < 2) {
			rc = err_set(_("%s: line %d: expected file, code, kind, title, issuer, place, deadline, status"), path,
			             lineno);
			break;
		}
		struct document meta = {.code = fl[1], .kind = n > 2 ? fl[2] : NULL, .title = n > 3 ? fl[3] : NULL,
		                        .issuer = n > 4 ? fl[4] : NULL, .place = n > 5 ? fl[5] : NULL,
		                        .deadline = n > 6 ? fl[6] : NULL, .status = n > 7 ? fl[7] : NULL};
		char draft[PATH_MAX];
		snprintf(draft, sizeof draft, "%s/%s", dir, fl[0]);
		rc = import_draft(st, draft, &meta, NULL, NULL);
	}
	fclose(f);
	return rc;
}

int demo_build(const char *path)
{
	const char *dir = demo_data_dir();
	if (!dir)
		return -1;
	struct store *st = NULL;
	if (store_open(path, STORE_CREATE, &st) != 0)
		return -1;
	char file[PATH_MAX];
	long n;
	int rc = store_begin(st);
	if (rc == 0) {
		snprintf(file, sizeof file, "%s/delegates.csv", dir);
		rc = import_delegates_file(st, file, &n);
	}
	if (rc == 0)
		rc = import_documents(st, dir);
	if (rc == 0) {
		snprintf(file, sizeof file, "%s/comments.csv", dir);
		rc = import_comments_file(st, file, &n);
	}
	if (rc == 0) { /* who was asked for comments (optional, kept apart from the drafts) */
		snprintf(file, sizeof file, "%s/consultation.csv", dir);
		if (access(file, F_OK) == 0)
			rc = import_consult_file(st, 0, file, &n);
	}
	if (rc == 0)
		rc = store_commit(st);
	else
		store_rollback(st);
	store_close(st);
	if (rc != 0) {
		char keep[1024];
		snprintf(keep, sizeof keep, "%s", err_msg());
		store_remove(path);
		return err_set("%s", keep);
	}
	return 0;
}

static int first_secretary(void *ctx, const struct delegate *d)
{
	char **code = ctx;
	if (strcmp(d->role, "secretary") != 0)
		return 0;
	*code = xstrdup(d->code);
	return 1;
}

int cmd_demo(int argc, char **argv)
{
	const char *db = NULL, *as = NULL;
	bool fresh = false, build_only = false;
	const struct cli_opt opts[] = {
		{"fresh", OPT_FLAG, &fresh, NULL, 0},
		{"as", OPT_TEXT, &as, NULL, 0},
		{"build-only", OPT_FLAG, &build_only, NULL, 0},
		{NULL, 0, NULL, NULL, 0},
	};
	int n;
	if (cli_parse_args(argc, argv, opts, &db, 1, &n))
		return 2;
	if (n > 1)
		return cli_usage(_("usage: gopy demo [DB] [--fresh] [--as DELEGATE]"));
	if (!db)
		db = "gopy-demo.db";
	int there = store_probe(db);
	if (there < 0)
		return cli_fail_err();
	if (there) {
		if (!fresh) {
			fprintf(stderr, _("gopy: opening the existing %s (use --fresh to rebuild it)\n"), db);
		} else {
			struct store *check = NULL;
			if (store_open(db, STORE_READONLY, &check) != 0)
				return cli_fail(_("%s exists and is not a gopy database; not replacing it"), db);
			store_close(check);
			if (store_remove(db) != 0)
				return cli_fail_err();
			there = 0;
		}
	}
	if (!there) {
		if (demo_build(db) != 0)
			return cli_fail_err();
		fprintf(stderr, _("gopy: built the sample review in %s\n"), db);
	}
	if (build_only)
		return 0;
	struct store *st = cli_open(db, 0);
	if (!st)
		return 1;
	/* A newcomer should be able to try everything: unless told otherwise, the demo opens as
	 * the sample's secretary (who may record comments for any speaker). */
	char *secretary = NULL;
	if (!as && store_delegate_each(st, first_secretary, &secretary) == 0 && secretary)
		as = secretary;
	struct ui_options o = {.db_path = db, .as = as};
	int rc = ui_run(st, &o);
	free(secretary);
	store_close(st);
	return rc;
}
