/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_copy.c — `gopy copy SRC DST`: a whole review into a new or empty database, on either
 * engine (a file, or a PostgreSQL server), table by table through the store's row interface
 * (store.h, "whole tables"): read in one snapshot of SRC, written in one transaction on DST,
 * every id, sequence number, thread key and audit log entry kept. A copy that fails leaves
 * DST as it was (a file it made is removed). */
#include "gopy/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_int.h"
#include "gopy/buf.h"
#include "gopy/dburl.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/progress.h"
#include "gopy/text.h"

struct copying {
	struct store *dst;
	const char *table;
	struct progress progress;
	int64_t done;
};

static int copy_row(void *ctx, const struct store_cell *cells, int n)
{
	struct copying *c = ctx;
	if (store_row_insert(c->dst, c->table, cells, n) != 0)
		return -1;
	progress_set(&c->progress, ++c->done);
	return 0;
}

/* The destination: an existing review (it must be empty), or a new one: a file that does not
 * exist (*created), a server database without gopy's schema (made as gopy init makes it, in
 * the transaction the rows are then written in: *held, ended by the caller; a copy that fails
 * leaves no schema behind). */
static struct store *open_destination(const char *path, bool *created, bool *held)
{
	*created = *held = false;
	bool server = dburl_is_server(path);
	if (!server && access(path, F_OK) == 0)
		return cli_open(path, 0);
	struct store *st = NULL;
	if (store_open(path, STORE_CREATE | STORE_CREATE_HELD, &st) == 0) {
		*created = !server;
		*held = server;
		return cli_opened(st, path); /* (a commit whose answer is lost waits as any command's) */
	}
	/* a server database that already holds a review (or cannot be reached: said again here) */
	return server ? cli_open(path, 0) : (cli_fail_err(), NULL);
}

static void remove_file(const char *path)
{
	static const char *const suffixes[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
		struct buf b = {0};
		buf_printf(&b, "%s%s", path, suffixes[i]);
		unlink(b.data);
		buf_free(&b);
	}
}

/* Every table of src into dst, in one snapshot of src and one restore of dst. */
static int copy_tables(struct store *src, struct store *dst, const char *what, int64_t counts[])
{
	bool own;
	if (store_read_begin(src, &own) != 0)
		return -1;
	const char *const *tables = store_tables();
	int64_t total = 0;
	int rc = 0;
	for (int i = 0; rc == 0 && tables[i]; i++) {
		rc = store_rows_count(src, tables[i], &counts[i]);
		total += counts[i];
	}
	if (rc == 0 && store_restore_begin(dst) != 0)
		rc = -1;
	else if (rc == 0) {
		struct copying c = {.dst = dst};
		progress_start(&c.progress, what, _("rows"), total);
		for (int i = 0; rc == 0 && tables[i]; i++) {
			c.table = tables[i];
			rc = store_rows_each(src, tables[i], copy_row, &c);
		}
		progress_finish(&c.progress);
		if (store_restore_end(dst, rc == 0) != 0)
			rc = -1;
	}
	char keep[1024];
	snprintf(keep, sizeof keep, "%s", err_msg());
	store_read_end(src, own);
	if (rc != 0)
		err_set("%s", keep);
	return rc;
}

static int64_t count_of(const int64_t counts[], const char *table)
{
	const char *const *tables = store_tables();
	for (int i = 0; tables[i]; i++)
		if (strcmp(tables[i], table) == 0)
			return counts[i];
	return 0;
}

int cmd_copy(int argc, char **argv)
{
	const char *pos[2] = {NULL, NULL};
	const struct cli_opt opts[] = {{"wait", OPT_EACH, NULL, cli_wait_option, 0}, {NULL, 0, NULL, NULL, 0}};
	int n;
	if (cli_parse_args(argc, argv, opts, pos, 2, &n))
		return 2;
	if (n != 2)
		return cli_usage(_("usage: gopy copy SRC DST [--wait SECONDS]"));
	const char *from = pos[0], *to = pos[1];
	struct store *src = cli_open(from, STORE_READONLY);
	if (!src)
		return 1;
	bool created, held;
	struct store *dst = open_destination(to, &created, &held);
	if (!dst) {
		store_close(src);
		return 1;
	}
	char *shown_from = text_sanitize(store_path(src), strlen(store_path(src)));
	char *shown_to = text_sanitize(store_path(dst), strlen(store_path(dst)));
	struct buf what = {0};
	buf_printf(&what, _("copying %s"), shown_from);
	int64_t counts[32] = {0};
	int rc = copy_tables(src, dst, what.data, counts);
	if (held && rc == 0)
		rc = store_commit(dst);
	else if (held)
		store_rollback(dst); /* (its message kept: nothing to say of its own) */
	bool unknown = rc != 0 && store_commit_unknown(dst);
	buf_free(&what);
	store_close(src);
	store_close(dst);
	if (rc != 0) {
		char keep[1024];
		snprintf(keep, sizeof keep, "%s", err_msg());
		if (created)
			remove_file(to);
		if (unknown) /* (the server could not be asked whether the commit landed) */
			rc = cli_fail(_("%s: the copy may have been saved: the connection was lost as it was committed and "
			                "the server could not be asked; once it is back, run the same copy again: it copies "
			                "when nothing was saved, and refuses a database that already holds the review"),
			              shown_to);
		else
			rc = cli_fail(_("nothing was copied: %s"), keep);
		free(shown_from);
		free(shown_to);
		return rc;
	}
	int64_t docs = count_of(counts, "document"), comments = count_of(counts, "comment"),
		delegates = count_of(counts, "delegate"), audit = count_of(counts, "audit");
	printf(_("copied %s to %s: "), shown_from, shown_to);
	printf(ngettext("%lld document", "%lld documents", (unsigned long)docs), (long long)docs);
	fputs(", ", stdout);
	printf(ngettext("%lld comment", "%lld comments", (unsigned long)comments), (long long)comments);
	fputs(", ", stdout);
	printf(ngettext("%lld delegate", "%lld delegates", (unsigned long)delegates), (long long)delegates);
	fputs(", ", stdout);
	printf(ngettext("%lld audit log entry", "%lld audit log entries", (unsigned long)audit), (long long)audit);
	fputc('\n', stdout);
	free(shown_from);
	free(shown_to);
	return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- a server review as a file, for `gopy changes` ----------------------------------------- */

char *cli_server_to_file(const char *url)
{
	const char *tmp = getenv("TMPDIR");
	struct buf dir = {0};
	buf_printf(&dir, "%s/gopy-changes-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(dir.data)) {
		cli_fail(_("cannot make a temporary folder in %s"), tmp && *tmp ? tmp : "/tmp");
		buf_free(&dir);
		return NULL;
	}
	struct buf path = {0};
	buf_printf(&path, "%s/review.db", dir.data);
	buf_free(&dir);
	struct store *src = cli_open(url, STORE_READONLY), *dst = NULL;
	int rc = src ? 0 : 1;
	if (rc == 0 && store_open(path.data, STORE_CREATE, &dst) != 0)
		rc = cli_fail_err();
	int64_t counts[32] = {0};
	if (rc == 0 && copy_tables(src, dst, _("reading the review"), counts) != 0)
		rc = cli_fail_err();
	store_close(src);
	store_close(dst);
	if (rc != 0) {
		cli_server_file_remove(path.data);
		buf_free(&path);
		return NULL;
	}
	return buf_take(&path);
}

void cli_server_file_remove(const char *path)
{
	remove_file(path);
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		rmdir(dir);
	}
	free(dir);
}
