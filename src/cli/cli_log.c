/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_log.c — `gopy log DB [--doc CODE] [--comment ID] [--format text|tsv|json]`: the audit
 * log, all of it or what concerns one document or comment. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_int.h"
#include "gopy/buf.h"
#include "gopy/cli.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/json.h"

struct log_ctx {
	enum out_format fmt;
	int n;
};

/* A delegate entry's value, stored as "ROLE LOGIN" ("-" for no login), in words: "secretary,
 * login bob", "delegate, no login". */
static void put_delegate_value(const char *v)
{
	size_t n = strcspn(v, " ");
	char *role = xstrndup(v, n);
	const char *login = v[n] ? v + n + 1 : "-";
	put_clean(stdout, delegate_role_label(role));
	free(role);
	if (strcmp(login, "-") == 0) {
		fputs(_(", no login"), stdout);
	} else {
		fputs(_(", login "), stdout);
		put_clean(stdout, login);
	}
}

static void log_text(const struct audit_entry *e)
{
	char when[40];
	time_show(e->at, when, sizeof when); /* local time; tsv and json keep UTC */
	printf("#%-6lld %s  ", (long long)e->seq, when);
	printf("%-14s ", audit_kind_label(e->kind));
	if (e->os_user)
		put_clean(stdout, e->os_user);
	else
		fputs(_("(another program)"), stdout);
	fputs(" / ", stdout);
	put_clean(stdout, e->delegate_code ? e->delegate_code : "-");
	if (e->document_code) {
		fputs("  ", stdout);
		put_clean(stdout, e->document_code);
	}
	if (e->comment_id)
		printf(_("  comment %lld"), (long long)e->comment_id);
	if (e->detail && strcmp(e->kind, "delegate") == 0) {
		fputs("  ", stdout);
		put_clean(stdout, e->detail);
	}
	if (strcmp(e->kind, "import") == 0 || strcmp(e->kind, "baseline") == 0 || strcmp(e->kind, "merge") == 0) {
		fputs("  ", stdout);
		if (e->detail) {
			put_clean(stdout, e->detail);
			fputs(": ", stdout);
		}
		printf(ngettext("%lld comment", "%lld comments", (unsigned long)e->count), (long long)e->count);
	}
	fputc('\n', stdout);
	const char *old = audit_value(e, e->old_value), *new = audit_value(e, e->new_value);
	if (strcmp(e->kind, "disposition") == 0 || strcmp(e->kind, "delegate") == 0) {
		bool person = strcmp(e->kind, "delegate") == 0; /* "role login" */
		if (old || new) {
			fputs("        ", stdout);
			if (old) {
				if (person)
					put_delegate_value(old);
				else
					put_clean(stdout, old);
				fputs(" → ", stdout);
			}
			if (person && new)
				put_delegate_value(new);
			else
				put_clean(stdout, new ? new : "-");
			fputc('\n', stdout);
		}
		return;
	}
	if (old)
		put_clean_lines(stdout, old, "        - ");
	if (new)
		put_clean_lines(stdout, new, "        + ");
}

static void log_tsv(const struct audit_entry *e)
{
	char num[48];
	snprintf(num, sizeof num, "%lld\t", (long long)e->seq);
	fputs(num, stdout);
	put_tsv(stdout, e->at, false);
	put_tsv(stdout, e->kind, false);
	put_tsv(stdout, e->os_user ? e->os_user : "", false);
	put_tsv(stdout, e->delegate_code ? e->delegate_code : "", false);
	put_tsv(stdout, e->document_code ? e->document_code : "", false);
	if (e->comment_id)
		printf("%lld", (long long)e->comment_id);
	fputc('\t', stdout);
	const char *old = audit_value(e, e->old_value), *new = audit_value(e, e->new_value);
	put_tsv(stdout, old ? old : "", false);
	put_tsv(stdout, new ? new : "", false);
	if (e->first_seq)
		printf("%lld", (long long)e->count);
	fputc('\t', stdout);
	put_tsv(stdout, e->detail ? e->detail : "", true);
}

static void log_json(struct log_ctx *l, const struct audit_entry *e)
{
	list_item(OUT_JSON, l->n);
	printf("\"seq\": %lld, \"at\": ", (long long)e->seq);
	json_fputs(stdout, e->at);
	fputs(", \"kind\": ", stdout);
	json_fputs(stdout, e->kind);
	fputs(", \"os_user\": ", stdout);
	json_fputs(stdout, e->os_user);
	fputs(", \"delegate\": ", stdout);
	json_fputs(stdout, e->delegate_code);
	fputs(", \"doc\": ", stdout);
	json_fputs(stdout, e->document_code);
	fputs(", \"comment\": ", stdout);
	if (e->comment_id)
		printf("\"%lld\"", (long long)e->comment_id);
	else
		fputs("null", stdout);
	fputs(", \"old\": ", stdout);
	json_fputs(stdout, audit_value(e, e->old_value));
	fputs(", \"new\": ", stdout);
	json_fputs(stdout, audit_value(e, e->new_value));
	if (e->first_seq)
		printf(", \"count\": %lld", (long long)e->count);
	fputs(", \"detail\": ", stdout);
	json_fputs(stdout, e->detail);
	fputc('}', stdout);
}

static int log_row(void *ctx, const struct audit_entry *e)
{
	struct log_ctx *l = ctx;
	if (l->fmt == OUT_TSV)
		log_tsv(e);
	else if (l->fmt == OUT_JSON)
		log_json(l, e);
	else
		log_text(e);
	l->n++;
	return 0;
}

int cmd_log(int argc, char **argv)
{
	const char *db = NULL, *code = NULL, *idtext = NULL;
	struct log_ctx l = {.fmt = OUT_TEXT};
	const struct cli_opt opts[] = {
		{"doc", OPT_TEXT, &code, NULL, 0},
		{"comment", OPT_TEXT, &idtext, NULL, 0},
		{"format", OPT_FORMAT, &l.fmt, NULL, 0},
		{NULL, 0, NULL, NULL, 0},
	};
	if (cli_parse_args(argc, argv, opts, &db, 1, NULL))
		return 2;
	if (!db)
		return cli_usage(_("usage: gopy log DB [--doc CODE] [--comment ID] [--format text|tsv|json]"));
	int64_t comment = 0;
	if (idtext && !parse_int64(idtext, 1, INT64_MAX, &comment))
		return cli_usage(_("--comment needs a comment id (a whole number from 1 to %lld, digits only): '%s'"),
		                 (long long)INT64_MAX, idtext);
	struct store *st = cli_open(db, STORE_READONLY);
	if (!st)
		return 1;
	gid doc = 0;
	int rc = 0;
	if (code && (rc = open_doc_id(st, code, &doc)) != 0) {
		store_close(st);
		return rc;
	}
	list_begin(l.fmt, "seq\tat\tkind\tos_user\tdelegate\tdoc\tcomment\told\tnew\tcount\tdetail");
	rc = store_audit_each(st, doc, comment, log_row, &l);
	list_end(l.fmt, l.n);
	store_close(st);
	if (fflush(stdout) != 0)
		return cli_fail(_("cannot write the output"));
	return rc == 0 ? 0 : cli_fail_err();
}
