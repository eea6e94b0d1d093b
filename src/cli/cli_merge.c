/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_merge.c — offline copies: `gopy merge INTO FROM…`, `gopy changes DB --since BASE -o
 * FILE`, `gopy conflicts DB` and `gopy resolve DB ID --keep mine|theirs|version`. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "gopy/cli.h"
#include "gopy/dburl.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/identity.h"
#include "gopy/json.h"
#include "gopy/merge.h"

static void print_stats(const struct merge_stats *s)
{
	printf(ngettext("%lld comment added", "%lld comments added", (unsigned long)s->comments), (long long)s->comments);
	printf(ngettext(", %lld changed", ", %lld changed", (unsigned long)s->changed), (long long)s->changed);
	printf(ngettext(", %lld delegate added", ", %lld delegates added", (unsigned long)s->delegates),
	       (long long)s->delegates);
	printf(ngettext(", %lld document added", ", %lld documents added", (unsigned long)s->documents),
	       (long long)s->documents);
	if (s->versions)
		printf(ngettext(", %lld version added", ", %lld versions added", (unsigned long)s->versions),
		       (long long)s->versions);
	printf(ngettext(", %lld new conflict", ", %lld new conflicts", (unsigned long)s->conflicts), (long long)s->conflicts);
	if (s->held)
		printf(ngettext(", %lld reply waits for its parent", ", %lld replies wait for their parent", (unsigned long)s->held),
		       (long long)s->held);
	fputc('\n', stdout);
}

int cmd_merge(int argc, char **argv)
{
	const char **args = xcalloc((size_t)argc + 1, sizeof *args);
	const struct cli_opt opts[] = {{"wait", OPT_EACH, NULL, cli_wait_option, 0}, {NULL, 0, NULL, NULL, 0}};
	int n;
	if (cli_parse_args(argc, argv, opts, args, argc, &n)) {
		free(args);
		return 2;
	}
	if (n < 2) {
		free(args);
		return cli_usage(_("usage: gopy merge INTO FROM... (copies of the review or changes files)"));
	}
	const char *into = args[0], **from = args + 1;
	n--;
	struct store *st = cli_open(into, 0);
	if (!st) {
		free(args);
		return 1;
	}
	struct merge_stats s;
	int rc = store_merge(st, from, n, &s);
	free(args);
	store_close(st);
	if (rc != 0)
		return cli_fail_err();
	print_stats(&s);
	if (s.conflicts)
		fprintf(stderr, _("gopy: see them with 'gopy conflicts %s'; settle them with 'gopy resolve'\n"), into);
	return fflush(stdout) == 0 ? 0 : cli_fail(_("cannot write the output"));
}

int cmd_changes(int argc, char **argv)
{
	const char *db = NULL, *base = NULL, *out = NULL;
	const struct cli_opt opts[] = {
		{"since", OPT_TEXT, &base, NULL, 0},
		{"output", OPT_TEXT, &out, NULL, 'o'},
		{NULL, 0, NULL, NULL, 0},
	};
	if (cli_parse_args(argc, argv, opts, &db, 1, NULL))
		return 2;
	if (!db || !base || !out)
		return cli_usage(_("usage: gopy changes DB --since BASE -o FILE"));
	/* a review (or base) on a server: compared as a file copied from it, so that the changes
	 * file is the same whatever engine the review lives on */
	char *db_file = dburl_is_server(db) ? cli_server_to_file(db) : NULL;
	char *base_file = dburl_is_server(base) ? cli_server_to_file(base) : NULL;
	if ((dburl_is_server(db) && !db_file) || (dburl_is_server(base) && !base_file)) {
		if (db_file)
			cli_server_file_remove(db_file);
		free(db_file);
		free(base_file);
		return 1;
	}
	struct merge_stats s;
	int rc = store_changes_write(db_file ? db_file : db, base_file ? base_file : base, out, &s);
	for (int i = 0; i < 2; i++) {
		char *tmp = i ? base_file : db_file;
		if (tmp)
			cli_server_file_remove(tmp);
		free(tmp);
	}
	if (rc != 0)
		return cli_fail_err();
	printf(ngettext("%s: %lld comment new or changed since %s\n", "%s: %lld comments new or changed since %s\n",
	                (unsigned long)s.comments),
	       out, (long long)s.comments, base);
	return fflush(stdout) == 0 ? 0 : cli_fail(_("cannot write the output"));
}

/* ---- conflicts ------------------------------------------------------------------------ */

struct conflicts_ctx {
	enum out_format fmt;
	int n;
};

/* A conflict's kind in words. */
static const char *kind_label(const char *k)
{
	if (strcmp(k, "edit") == 0)
		return _("edited differently");
	if (strcmp(k, "handling") == 0)
		return _("handled differently");
	if (strcmp(k, "delete") == 0)
		return _("deleted on one copy, edited on the other");
	if (strcmp(k, "delegate") == 0)
		return _("delegate code with another name or unit");
	if (strcmp(k, "document") == 0)
		return _("document code with another text");
	return k;
}

/* One version of a conflict, as text: its words, the disposition, the unit, deleted or not. */
static void version_text(struct buf *b, const struct conflict *c, bool shown)
{
	const char *text = shown ? c->shown : c->other, *extra = shown ? c->shown_extra : c->other_extra;
	int64_t n = shown ? c->shown_n : c->other_n;
	if (strcmp(c->kind, "handling") == 0)
		buf_printf(b, "[%s] ", disposition_label((int)n));
	if (strcmp(c->kind, "delete") == 0 && n)
		buf_printf(b, "[%s] ", _("deleted"));
	buf_puts(b, text ? text : "");
	if (extra && *extra)
		buf_printf(b, " — %s", extra);
}

static void conflict_text(const struct conflict *c)
{
	printf("%lld  %s", (long long)c->id, kind_label(c->kind));
	if (c->document_code) {
		fputs("  ", stdout);
		put_clean(stdout, c->document_code);
	}
	if (c->comment_id)
		printf(_("  comment %lld"), (long long)c->comment_id);
	if (c->code && strcmp(c->kind, "document") != 0) {
		fputs("  ", stdout);
		put_clean(stdout, c->code);
	}
	if (c->settled_at) {
		fputs("  ", stdout);
		printf(_("(settled: %s)"), strcmp(c->kept, "mine") == 0 ? _("mine") : strcmp(c->kept, "theirs") == 0
		                                                                           ? _("theirs") : _("as a new version"));
	}
	fputc('\n', stdout);
	for (int side = 0; side < 2; side++) {
		struct buf b = {0};
		version_text(&b, c, side == 0);
		printf("    %s ", side == 0 ? _("mine:  ") : _("theirs:"));
		put_clean(stdout, b.data ? b.data : "");
		const char *at = side == 0 ? c->shown_at : c->other_at;
		if (at) {
			char when[40];
			time_show(at, when, sizeof when);
			printf("  (%s)", when);
		}
		if (side == 1 && c->source) {
			fputs("  ← ", stdout);
			put_clean(stdout, c->source);
		}
		fputc('\n', stdout);
		buf_free(&b);
	}
	if (strcmp(c->kind, "document") == 0 && !c->settled_at)
		printf(_("    (gopy resolve DB %lld --keep version imports their text as the next version, with its "
		         "comments)\n"), (long long)c->id);
}

static void conflict_tsv(const struct conflict *c)
{
	printf("%lld\t", (long long)c->id);
	put_tsv(stdout, c->kind, false);
	put_tsv(stdout, c->document_code ? c->document_code : "", false);
	if (c->comment_id)
		printf("%lld", (long long)c->comment_id);
	fputc('\t', stdout);
	put_tsv(stdout, c->code ? c->code : "", false);
	struct buf a = {0}, b = {0};
	version_text(&a, c, true);
	version_text(&b, c, false);
	put_tsv(stdout, a.data ? a.data : "", false);
	put_tsv(stdout, b.data ? b.data : "", false);
	put_tsv(stdout, c->source ? c->source : "", false);
	put_tsv(stdout, c->kept ? c->kept : "", true);
	buf_free(&a);
	buf_free(&b);
}

static void conflict_json(struct conflicts_ctx *x, const struct conflict *c)
{
	list_item(OUT_JSON, x->n);
	printf("\"id\": \"%lld\", \"kind\": ", (long long)c->id);
	json_fputs(stdout, c->kind);
	fputs(", \"doc\": ", stdout);
	json_fputs(stdout, c->document_code);
	fputs(", \"comment\": ", stdout);
	if (c->comment_id)
		printf("\"%lld\"", (long long)c->comment_id);
	else
		fputs("null", stdout);
	fputs(", \"code\": ", stdout);
	json_fputs(stdout, c->code);
	for (int side = 0; side < 2; side++) {
		printf(", \"%s\": {\"text\": ", side ? "theirs" : "mine");
		json_fputs(stdout, side ? c->other : c->shown);
		fputs(", \"extra\": ", stdout);
		json_fputs(stdout, side ? c->other_extra : c->shown_extra);
		printf(", \"n\": %lld, \"at\": ", (long long)(side ? c->other_n : c->shown_n));
		json_fputs(stdout, side ? c->other_at : c->shown_at);
		fputc('}', stdout);
	}
	fputs(", \"source\": ", stdout);
	json_fputs(stdout, c->source);
	fputs(", \"kept\": ", stdout);
	json_fputs(stdout, c->kept);
	fputc('}', stdout);
}

static int conflict_row(void *ctx, const struct conflict *c)
{
	struct conflicts_ctx *x = ctx;
	if (x->fmt == OUT_TSV)
		conflict_tsv(c);
	else if (x->fmt == OUT_JSON)
		conflict_json(x, c);
	else
		conflict_text(c);
	x->n++;
	return 0;
}

int cmd_conflicts(int argc, char **argv)
{
	const char *db = NULL, *code = NULL;
	bool all = false;
	struct conflicts_ctx x = {.fmt = OUT_TEXT};
	const struct cli_opt opts[] = {
		{"doc", OPT_TEXT, &code, NULL, 0},
		{"all", OPT_FLAG, &all, NULL, 0},
		{"format", OPT_FORMAT, &x.fmt, NULL, 0},
		{NULL, 0, NULL, NULL, 0},
	};
	if (cli_parse_args(argc, argv, opts, &db, 1, NULL))
		return 2;
	if (!db)
		return cli_usage(_("usage: gopy conflicts DB [--doc CODE] [--all] [--format text|tsv|json]"));
	struct store *st = cli_open(db, STORE_READONLY);
	if (!st)
		return 1;
	gid doc = 0;
	int rc = 0;
	if (code && (rc = open_doc_id(st, code, &doc)) != 0) {
		store_close(st);
		return rc;
	}
	list_begin(x.fmt, "id\tkind\tdoc\tcomment\tcode\tmine\ttheirs\tsource\tkept");
	rc = store_conflict_each(st, doc, all, conflict_row, &x);
	list_end(x.fmt, x.n);
	if (x.fmt == OUT_TEXT && rc == 0 && x.n == 0)
		puts(all ? _("no conflicts") : _("no open conflicts"));
	store_close(st);
	if (fflush(stdout) != 0)
		return cli_fail(_("cannot write the output"));
	return rc == 0 ? 0 : cli_fail_err();
}

int cmd_resolve(int argc, char **argv)
{
	const char *pos[2] = {NULL, NULL}, *keep = NULL, *as = NULL;
	const struct cli_opt opts[] = {
		{"keep", OPT_TEXT, &keep, NULL, 0},
		{"as", OPT_TEXT, &as, NULL, 0},
		{NULL, 0, NULL, NULL, 0},
	};
	if (cli_parse_args(argc, argv, opts, pos, 2, NULL))
		return 2;
	const char *db = pos[0], *idtext = pos[1];
	if (!db || !idtext || !keep)
		return cli_usage(_("usage: gopy resolve DB ID --keep mine|theirs|version [--as EDITOR]"));
	int64_t id;
	if (!parse_int64(idtext, 1, INT64_MAX, &id))
		return cli_usage(_("a conflict id is a whole number (see 'gopy conflicts'): '%s'"), idtext);
	if (strcmp(keep, "mine") != 0 && strcmp(keep, "theirs") != 0 && strcmp(keep, "version") != 0)
		return cli_usage(_("--keep takes mine, theirs or version: '%s'"), keep);
	struct store *st = cli_open(db, 0);
	if (!st)
		return 1;
	/* as in the interface: the drafting team settles (a secretary with --as one of them) */
	struct identity who;
	if (cli_identify(st, db, as, NEED_DELEGATE, &who) != 0) {
		store_close(st);
		return 1;
	}
	bool may = delegate_can_handle(&who.as);
	char *code = xstrdup(who.as.code ? who.as.code : "");
	identity_clear(&who);
	if (!may) {
		store_close(st);
		int rc = cli_fail(_("%s is not an editor or the chair: only the drafting team settles conflicts"), code);
		free(code);
		return rc;
	}
	free(code);
	int rc = store_conflict_resolve(st, id, keep);
	store_close(st);
	if (rc < 0)
		return cli_fail_err();
	if (rc == 1)
		return cli_fail(_("no open conflict with id %lld (see 'gopy conflicts %s')"), (long long)id, db);
	return 0;
}
