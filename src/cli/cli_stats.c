/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_stats.c — `gopy stats DB [--doc CODE] [--format text|tsv|json] [--width N]`: the
 * consultation at a glance (overview.h) for one document or every one, as the overview
 * screen's text, or as records for scripts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/cli.h"
#include "cli_int.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/json.h"
#include "gopy/outline.h"
#include "gopy/overview.h"

static void print_text(const struct overview *ov, int width)
{
	struct overview_lines l;
	overview_layout(ov, width, &l);
	for (size_t i = 0; i < l.n; i++) {
		size_t n = strlen(l.v[i].text);
		while (n > 0 && l.v[i].text[n - 1] == ' ')
			n--;
		printf("%.*s\n", (int)n, l.v[i].text);
	}
	overview_lines_free(&l);
}

static void tsv_num(int64_t v, bool last)
{
	printf("%lld%c", (long long)v, last ? '\n' : '\t');
}

/* One record a line, its type first: document, disposition, section, unit, consult, waiting. */
static void print_tsv(const struct overview *ov)
{
	const char *code = ov->doc.code;
	fputs("document\t", stdout);
	put_tsv(stdout, code, false);
	tsv_num(ov->total, false);
	tsv_num(ov->total - ov->disp[DISP_PENDING], false);
	tsv_num(ov->disp[DISP_PENDING], false);
	tsv_num(ov->general, true);
	for (int d = 0; d < DISP_COUNT; d++) {
		fputs("disposition\t", stdout);
		put_tsv(stdout, code, false);
		printf("%s\t", disposition_code(d));
		tsv_num(ov->disp[d], true);
	}
	for (size_t i = 0; i < ov->n_secs; i++) {
		const struct overview_section *s = &ov->secs[i];
		fputs("section\t", stdout);
		put_tsv(stdout, code, false);
		put_tsv(stdout, s->citation, false);
		put_tsv(stdout, s->heading, false);
		printf("%s\t%d\t", section_level_code(s->level), s->depth);
		tsv_num(s->n, false);
		tsv_num(s->pending, false);
		tsv_num(s->earlier, true);
	}
	for (size_t i = 0; i < ov->n_rounds; i++) {
		const struct overview_round *r = &ov->rounds[i];
		fputs("round\t", stdout);
		put_tsv(stdout, code, false);
		printf("%d\t", r->version);
		put_tsv(stdout, r->label, false);
		int64_t v[] = {r->n_carried, r->pending_carried, r->n_removed, r->pending_removed};
		for (int k = 0; k < 4; k++)
			tsv_num(v[k], k == 3);
	}
	for (size_t i = 0; i < ov->n_units; i++) {
		fputs("unit\t", stdout);
		put_tsv(stdout, code, false);
		put_tsv(stdout, ov->units[i].unit, false);
		tsv_num(ov->units[i].sent, false);
		tsv_num(ov->units[i].roots, false);
		tsv_num(ov->units[i].handled, true);
	}
	const struct consult_totals *c = &ov->consult;
	fputs("consult\t", stdout);
	put_tsv(stdout, code, false);
	int64_t v[] = {c->asked, c->commented, c->no_comments, c->waiting, c->overdue, c->units, c->units_silent};
	for (int i = 0; i < 7; i++)
		tsv_num(v[i], i == 6);
	for (size_t i = 0; i < ov->n_waiting; i++) {
		const struct overview_waiting *w = &ov->waiting[i];
		fputs("waiting\t", stdout);
		put_tsv(stdout, code, false);
		put_tsv(stdout, w->who, false);
		put_tsv(stdout, w->code, false);
		put_tsv(stdout, w->deadline, false);
		if (w->deadline[0])
			tsv_num(w->days_left, true);
		else
			fputs("\n", stdout);
	}
}

static void json_key(const char *k, const char *v, bool first)
{
	printf("%s\"%s\": ", first ? "" : ", ", k);
	json_fputs(stdout, v);
}

static void print_json(const struct overview *ov)
{
	fputs("{", stdout);
	json_key("code", ov->doc.code, true);
	json_key("title", ov->doc.title, false);
	printf(", \"comments\": %lld, \"handled\": %lld, \"pending\": %lld, \"general\": %lld,\n   \"dispositions\": {",
	       (long long)ov->total, (long long)(ov->total - ov->disp[DISP_PENDING]), (long long)ov->disp[DISP_PENDING],
	       (long long)ov->general);
	for (int d = 0; d < DISP_COUNT; d++)
		printf("%s\"%s\": %lld", d ? ", " : "", disposition_code(d), (long long)ov->disp[d]);
	fputs("},\n   \"sections\": [", stdout);
	for (size_t i = 0; i < ov->n_secs; i++) {
		const struct overview_section *s = &ov->secs[i];
		fputs(i ? ",\n    {" : "\n    {", stdout);
		json_key("label", s->label, true);
		json_key("citation", s->citation, false);
		json_key("heading", s->heading, false);
		json_key("level", section_level_code(s->level), false);
		printf(", \"depth\": %d, \"comments\": %lld, \"pending\": %lld, \"earlier\": %lld}", s->depth,
		       (long long)s->n, (long long)s->pending, (long long)s->earlier);
	}
	fputs("],\n   \"rounds\": [", stdout);
	for (size_t i = 0; i < ov->n_rounds; i++) {
		const struct overview_round *r = &ov->rounds[i];
		printf("%s{\"version\": %d", i ? ",\n    " : "\n    ", r->version);
		json_key("label", r->label, false);
		printf(", \"carried\": %lld, \"carried_pending\": %lld, \"removed\": %lld, \"removed_pending\": %lld}",
		       (long long)r->n_carried, (long long)r->pending_carried, (long long)r->n_removed,
		       (long long)r->pending_removed);
	}
	fputs("],\n   \"units\": [", stdout);
	for (size_t i = 0; i < ov->n_units; i++) {
		const struct overview_unit *u = &ov->units[i];
		fputs(i ? ",\n    {" : "\n    {", stdout);
		json_key("unit", u->unit, true);
		printf(", \"sent\": %lld, \"roots\": %lld, \"handled\": %lld}", (long long)u->sent, (long long)u->roots,
		       (long long)u->handled);
	}
	const struct consult_totals *c = &ov->consult;
	printf("],\n   \"consultation\": {\"asked\": %lld, \"commented\": %lld, \"no_comments\": %lld, \"waiting\": %lld, "
	       "\"overdue\": %lld, \"units\": %lld, \"units_silent\": %lld, \"not_answered\": [",
	       (long long)c->asked, (long long)c->commented, (long long)c->no_comments, (long long)c->waiting,
	       (long long)c->overdue, (long long)c->units, (long long)c->units_silent);
	for (size_t i = 0; i < ov->n_waiting; i++) {
		const struct overview_waiting *w = &ov->waiting[i];
		fputs(i ? ",\n    {" : "\n    {", stdout);
		json_key("who", w->who, true);
		json_key("delegate", w->code[0] ? w->code : NULL, false);
		json_key("deadline", w->deadline[0] ? w->deadline : NULL, false);
		if (w->deadline[0])
			printf(", \"days_left\": %lld}", (long long)w->days_left);
		else
			fputs(", \"days_left\": null}", stdout);
	}
	fputs("]}}", stdout);
}

struct stats_run {
	struct store *st;
	enum out_format fmt;
	int width;
	int n;
	int rc;
};

static int stats_one(void *ctx, const struct document *d)
{
	struct stats_run *r = ctx;
	struct overview ov;
	if (overview_load(r->st, d, &ov) != 0) {
		r->rc = -1;
		return 1;
	}
	if (r->fmt == OUT_TEXT) {
		if (r->n)
			fputc('\n', stdout);
		print_text(&ov, r->width);
	} else if (r->fmt == OUT_TSV) {
		print_tsv(&ov);
	} else {
		fputs(r->n ? ",\n  " : "\n  ", stdout);
		print_json(&ov);
	}
	r->n++;
	overview_clear(&ov);
	return 0;
}

int cmd_stats(int argc, char **argv)
{
	const char *db = NULL, *code = NULL, *width = NULL;
	struct stats_run r = {.fmt = OUT_TEXT, .width = 80};
	const struct cli_opt opts[] = {
		{"doc", OPT_TEXT, &code, NULL, 0},
		{"format", OPT_FORMAT, &r.fmt, NULL, 0},
		{"width", OPT_TEXT, &width, NULL, 0},
		{NULL, 0, NULL, NULL, 0},
	};
	if (cli_parse_args(argc, argv, opts, &db, 1, NULL))
		return 2;
	if (!db)
		return cli_usage("%s", _("usage: gopy stats DB [--doc CODE] [--format text|tsv|json] [--width N]"));
	if (width) {
		int64_t w;
		if (!parse_int64(width, 30, 1000, &w))
			return cli_usage(_("--width needs a number from 30 to 1000: '%s'"), width);
		r.width = (int)w;
	}
	r.st = cli_open(db, STORE_READONLY);
	if (!r.st)
		return 1;
	if (r.fmt == OUT_JSON)
		fputs("{\"documents\": [", stdout);
	int rc = 0;
	if (code) {
		struct document d = {0};
		rc = open_doc(r.st, code, &d);
		if (rc == 0)
			stats_one(&r, &d);
		document_clear(&d);
	} else if (store_document_each(r.st, stats_one, &r) != 0) {
		r.rc = -1;
	}
	if (r.fmt == OUT_JSON && rc == 0)
		fputs(r.n ? "\n]}\n" : "]}\n", stdout);
	store_close(r.st);
	if (rc != 0)
		return rc;
	return r.rc ? cli_fail_err() : 0;
}
