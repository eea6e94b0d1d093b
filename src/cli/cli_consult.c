/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_consult.c — `gopy consult DB --doc CODE add|remove|no-comments|list|pending|import`:
 * a document's consultation list (who was asked for comments, by when, who answered). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/cli.h"
#include "cli_int.h"
#include "gopy/buf.h"
#include "gopy/consult.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/json.h"
#include "gopy/overview.h"
#include "gopy/text.h"
#include "gopy/util.h"

#define CONSULT_USAGE                                                                                  \
	_("usage: gopy consult DB --doc CODE add UNIT|DELEGATE... [--deadline D] [--asked D]\n"            \
	  "       gopy consult DB --doc CODE remove UNIT|DELEGATE...\n"                                    \
	  "       gopy consult DB --doc CODE no-comments UNIT|DELEGATE... [--date D] [--ref R] [--undo]\n" \
	  "       gopy consult DB --doc CODE list|pending [--units] [--format text|tsv|json]\n"            \
	  "       gopy consult DB --doc CODE import FILE.csv|FILE.xlsx")

struct consult_opts {
	const char *doc, *deadline, *asked, *date, *ref, *format;
	bool undo, units;
};

/* A delegate code when one exists, else a unit name. */
static int resolve_who(struct store *st, const char *arg, struct consult_who *who)
{
	memset(who, 0, sizeof *who);
	struct delegate d = {0};
	int rc = store_delegate_get(st, arg, false, &d);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		who->delegate_id = d.id;
		delegate_clear(&d);
	} else {
		who->unit = arg;
	}
	return 0;
}

static const char *state_code(int state)
{
	switch (state) {
	case CONSULT_COMMENTED: return "commented";
	case CONSULT_NO_COMMENTS: return "no_comments";
	default: return "waiting";
	}
}

static const char *state_label(int state)
{
	switch (state) {
	case CONSULT_COMMENTED: return _("commented");
	case CONSULT_NO_COMMENTS: return _("no comments");
	default: return _("not yet");
	}
}

struct print_ctx {
	enum out_format fmt;
	char today[11];
	int n;
};

static void who_text(struct buf *b, const struct consultee *c)
{
	if (c->delegate_id) {
		buf_printf(b, "%s %s", c->delegate_code, c->delegate_name);
		if (*c->unit)
			buf_printf(b, " (%s)", c->unit);
	} else {
		buf_puts(b, c->unit);
	}
}

static int print_entry(void *ctx, const struct consultee *c)
{
	struct print_ctx *p = ctx;
	bool dated = c->deadline && *c->deadline;
	int64_t left = dated ? overview_days_until(p->today, c->deadline) : 0;
	if (p->fmt == OUT_TSV) {
		char num[24];
		put_tsv(stdout, c->unit, false);
		put_tsv(stdout, c->delegate_code ? c->delegate_code : "", false);
		put_tsv(stdout, c->delegate_name ? c->delegate_name : "", false);
		put_tsv(stdout, c->asked_on, false);
		put_tsv(stdout, c->deadline, false);
		put_tsv(stdout, state_code(c->state), false);
		snprintf(num, sizeof num, "%lld", (long long)c->n_comments);
		put_tsv(stdout, num, false);
		put_tsv(stdout, c->no_comments_on ? c->no_comments_on : "", false);
		put_tsv(stdout, c->reference, false);
		if (dated && c->state == CONSULT_WAITING)
			snprintf(num, sizeof num, "%lld", (long long)left);
		else
			num[0] = '\0';
		put_tsv(stdout, num, true);
	} else if (p->fmt == OUT_JSON) {
		fputs(p->n++ ? ",\n  {" : "\n  {", stdout);
		fputs("\"unit\": ", stdout);
		json_fputs(stdout, c->unit);
		fputs(", \"delegate\": ", stdout);
		json_fputs(stdout, c->delegate_code);
		fputs(", \"name\": ", stdout);
		json_fputs(stdout, c->delegate_name);
		fputs(", \"asked_on\": ", stdout);
		json_fputs(stdout, c->asked_on);
		fputs(", \"deadline\": ", stdout);
		json_fputs(stdout, dated ? c->deadline : NULL);
		printf(", \"state\": \"%s\", \"comments\": %lld, \"no_comments_on\": ", state_code(c->state),
		       (long long)c->n_comments);
		json_fputs(stdout, c->no_comments_on);
		fputs(", \"reference\": ", stdout);
		json_fputs(stdout, c->reference);
		if (dated && c->state == CONSULT_WAITING)
			printf(", \"days_left\": %lld}", (long long)left);
		else
			fputs(", \"days_left\": null}", stdout);
	} else {
		struct buf b = {0};
		who_text(&b, c);
		put_fit(stdout, b.data, 40);
		buf_reset(&b);
		if (c->state == CONSULT_WAITING) {
			overview_deadline_text(&b, c->deadline, left);
		} else {
			char when[40];
			time_show(c->no_comments_on ? c->no_comments_on : "", when, sizeof when);
			buf_puts(&b, state_label(c->state));
			if (c->state == CONSULT_COMMENTED)
				buf_printf(&b, " (%lld)", (long long)c->n_comments);
			else if (*c->reference)
				buf_printf(&b, " (%s, %s)", c->reference, when);
			else
				buf_printf(&b, " (%s)", when);
		}
		fputs("  ", stdout);
		put_clean(stdout, b.data);
		fputc('\n', stdout);
		buf_free(&b);
	}
	return 0;
}

static int print_unit(void *ctx, const char *unit)
{
	struct print_ctx *p = ctx;
	if (p->fmt == OUT_JSON) {
		fputs(p->n++ ? ",\n  " : "\n  ", stdout);
		json_fputs(stdout, unit);
	} else {
		put_tsv(stdout, unit, true);
	}
	return 0;
}

static int consult_show(struct store *st, const struct document *doc, const struct consult_opts *o, bool waiting)
{
	struct print_ctx p = {.fmt = OUT_TEXT};
	if (o->format && parse_format(o->format, &p.fmt) != 0)
		return 2;
	char now[21];
	clock_now_iso(now);
	memcpy(p.today, now, 10);
	p.today[10] = '\0';
	list_begin(p.fmt, NULL);
	int rc = o->units ? store_consult_silent_units(st, doc->id, print_unit, &p)
	                  : store_consult_each(st, doc->id, waiting, print_entry, &p);
	list_end(p.fmt, p.n);
	if (rc != 0)
		return cli_fail_err();
	if (p.fmt == OUT_TEXT && !o->units) {
		struct consult_totals t;
		if (store_consult_totals(st, doc->id, p.today, &t) != 0)
			return cli_fail_err();
		printf(_("%lld asked: %lld answered (%lld with no comments), %lld not yet, %lld overdue; "
		         "%lld of %lld units did not answer\n"),
		       (long long)t.asked, (long long)(t.commented + t.no_comments), (long long)t.no_comments,
		       (long long)t.waiting, (long long)t.overdue, (long long)t.units_silent, (long long)t.units);
	}
	return 0;
}

/* add, remove, no-comments: each argument in turn, all in one transaction. */
static int consult_change(struct store *st, const struct document *doc, const char *what, const struct consult_opts *o,
                          int n, const char *const *args)
{
	if (n == 0)
		return cli_usage(_("%s: name at least one unit or delegate"), what);
	if (store_begin(st) != 0)
		return cli_fail_err();
	int rc = 0, done = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		struct consult_who who;
		if (resolve_who(st, args[i], &who) != 0) {
			rc = -1;
			break;
		}
		int r;
		if (strcmp(what, "add") == 0)
			r = store_consult_add(st, doc->id, &who, o->asked, o->deadline);
		else if (strcmp(what, "remove") == 0)
			r = store_consult_remove(st, doc->id, &who);
		else
			r = store_consult_no_comments(st, doc->id, &who, o->date, o->ref, o->undo);
		if (r < 0)
			rc = -1;
		else if (r == 1 && strcmp(what, "add") != 0)
			rc = err_set(_("%s is not on the consultation list of %s"), args[i], doc->code);
		else
			done += r == 0;
	}
	if (rc != 0) {
		store_rollback(st);
		return cli_fail_err();
	}
	if (store_commit(st) != 0)
		return cli_fail_err();
	if (strcmp(what, "add") == 0)
		printf(ngettext("added %d entry to the consultation list\n", "added %d entries to the consultation list\n", (unsigned long)done),
		       done);
	return 0;
}

/* The usage, one form a line, then the mistake named; 2. */
static int consult_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int consult_usage(const char *fmt, ...)
{
	struct buf m = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s\n", CONSULT_USAGE);
	int rc = cli_usage("%s", m.data ? m.data : "");
	buf_free(&m);
	return rc;
}

/* 0 when the positional arguments and --doc make a consult command, else the usage error (2). */
static int consult_check(int npos, const char *what, bool reads, const char *doc)
{
	if (npos < 1)
		return consult_usage(_("%s: no database given"), "consult");
	if (!doc)
		return consult_usage(_("%s: %s is required"), "consult", "--doc CODE");
	if (!what)
		return consult_usage("%s", _("consult: the subcommand is missing (add, remove, no-comments, list, pending or "
		                             "import)"));
	if (!reads && strcmp(what, "add") != 0 && strcmp(what, "remove") != 0 && strcmp(what, "no-comments") != 0 &&
	    strcmp(what, "import") != 0)
		return consult_usage(_("consult: unknown subcommand '%s'"), what);
	if ((strcmp(what, "import") == 0 && npos != 3) || (reads && npos != 2))
		return consult_usage(_("consult %s: wrong number of arguments"), what);
	return 0;
}

int cmd_consult(int argc, char **argv)
{
	struct consult_opts o = {0};
	const char **pos = calloc((size_t)argc, sizeof *pos);
	if (!pos)
		return cli_fail("%s", _("out of memory"));
	const struct cli_opt opts[] = {
		{"doc", OPT_TEXT, &o.doc, NULL, 0},
		{"deadline", OPT_TEXT, &o.deadline, NULL, 0},
		{"asked", OPT_TEXT, &o.asked, NULL, 0},
		{"date", OPT_TEXT, &o.date, NULL, 0},
		{"ref", OPT_TEXT, &o.ref, NULL, 0},
		{"format", OPT_TEXT, &o.format, NULL, 0},
		{"undo", OPT_FLAG, &o.undo, NULL, 0},
		{"units", OPT_FLAG, &o.units, NULL, 0},
		{NULL, 0, NULL, NULL, 0},
	};
	int npos;
	if (cli_parse_args(argc, argv, opts, pos, argc, &npos)) {
		free(pos);
		return 2;
	}
	const char *what = npos >= 2 ? pos[1] : NULL;
	bool reads = what && (strcmp(what, "list") == 0 || strcmp(what, "pending") == 0);
	int bad = consult_check(npos, what, reads, o.doc);
	if (bad) {
		free(pos);
		return bad;
	}
	struct store *st = cli_open(pos[0], reads ? STORE_READONLY : 0);
	if (!st) {
		free(pos);
		return 1;
	}
	struct document doc = {0};
	int rc = open_doc(st, o.doc, &doc);
	if (rc == 0) {
		if (reads) {
			rc = consult_show(st, &doc, &o, strcmp(what, "pending") == 0);
		} else if (strcmp(what, "import") == 0) {
			long n = 0;
			if (import_consult_file(st, doc.id, pos[2], &n) != 0)
				rc = cli_fail_err();
			else
				printf(ngettext("imported %ld entry of the consultation list\n",
				                "imported %ld entries of the consultation list\n", (unsigned long)n), n);
		} else {
			rc = consult_change(st, &doc, what, &o, npos - 2, pos + 2);
		}
	}
	document_clear(&doc);
	store_close(st);
	free(pos);
	return rc;
}
