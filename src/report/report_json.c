/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_json.c — the report as one JSON document (RFC 8259) for other tools:
 *
 *   { "format": "gopy-report", "version": 1, "document": {...}, "header": {...},
 *     "filters": {...}, "figures": {...},
 *     "groups": [ { "label", "heading", "section_id", "rows": [
 *         { "number", "members": [comment...], "replies": [comment...] } ] } ],
 *     "counts": {...}, "signature": [...] }
 *
 * A row's "members" are its thread roots (several only with --group-same); "replies" are the
 * replies of those threads in thread order, each with its parent_id and depth. Ids are JSON
 * strings: they are 63-bit and would lose precision as numbers in many JSON readers.
 * "entered_by" names who typed a comment for its author (a secretary), null when the author
 * did. A data format: it reads the comments each row carries, not the layout. */
#include "report_priv.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/json.h"
#include "gopy/text.h"

/* Write "key": "value" (value NULL → null). */
static void kv(struct report_ctx *ctx, const char *key, const char *value)
{
	struct buf *b = &ctx->wbuf;
	buf_reset(b);
	json_string(b, key);
	buf_puts(b, ": ");
	json_string(b, value);
	fwrite(b->data, 1, b->len, ctx->f);
}

static void kid(struct report_ctx *ctx, const char *key, gid id)
{
	if (id)
		fprintf(ctx->f, "\"%s\": \"%lld\"", key, (long long)id);
	else
		fprintf(ctx->f, "\"%s\": null", key);
}

static void kint(struct report_ctx *ctx, const char *key, int64_t v)
{
	fprintf(ctx->f, "\"%s\": %lld", key, (long long)v);
}

static const char *nullable(const char *s)
{
	return s && s[0] ? s : NULL;
}

static void comment(struct report_ctx *ctx, const struct report_entry *e)
{
	FILE *f = ctx->f;
	fputs("{", f);
	kid(ctx, "id", e->id);
	fputs(", ", f);
	kid(ctx, "section_id", e->section_id);
	fputs(", ", f);
	kv(ctx, "section", e->section_label);
	fputs(", ", f);
	kid(ctx, "root_id", e->root_id);
	fputs(", ", f);
	kid(ctx, "parent_id", e->parent_id);
	fputs(", ", f);
	kint(ctx, "depth", e->depth);
	fputs(", ", f);
	kv(ctx, "author_code", e->author_code);
	fputs(", ", f);
	kv(ctx, "author", e->author_name);
	fputs(", ", f);
	kv(ctx, "unit", e->author_unit);
	fputs(", ", f);
	kv(ctx, "created_at", e->created_at);
	fputs(", ", f);
	kv(ctx, "edited_at", nullable(e->edited_at));
	fputs(", ", f);
	kv(ctx, "body", e->body);
	fputs(", ", f);
	kv(ctx, "quote", nullable(e->quote));
	if (e->quote_now[0]) {
		fputs(", ", f);
		kv(ctx, "quote_now", e->quote_now);
	}
	fputs(", ", f);
	kv(ctx, "disposition", disposition_code(e->disposition));
	fputs(", ", f);
	kv(ctx, "disposition_label", disposition_official(e->disposition));
	fputs(", ", f);
	kv(ctx, "response", nullable(e->response));
	fputs(", ", f);
	kv(ctx, "handler", nullable(e->handler));
	fputs(", ", f);
	kv(ctx, "handled_at", nullable(e->handled_at));
	fputs(", ", f);
	kv(ctx, "entered_by", nullable(e->entered_by));
	fputs("}", f);
}

static void json_begin(struct report_ctx *ctx, const struct lay_head *h)
{
	FILE *f = ctx->f;
	const struct report_options *o = ctx->o;
	const struct document *d = &ctx->doc;

	fputs("{\n  \"format\": \"gopy-report\",\n  \"version\": 1,\n  \"document\": {", f);
	kid(ctx, "id", d->id);
	const char *dk[] = { "code", "title", "kind", "version", "status", "deadline", "issuer", "place" };
	const char *dv[] = { d->code, d->title, d->kind, d->version, d->status, d->deadline, d->issuer, d->place };
	for (size_t i = 0; i < sizeof dk / sizeof *dk; i++) {
		fputs(", ", f);
		kv(ctx, dk[i], dv[i]);
	}
	fputs("},\n  \"header\": {", f);
	kv(ctx, "issuer", ctx->issuer);
	fputs(", ", f);
	kv(ctx, "number", h->number);
	fputs(", ", f);
	kv(ctx, "place", ctx->place);
	fputs(", ", f);
	kv(ctx, "date", ctx->date);
	fputs(", ", f);
	kv(ctx, "date_line", ctx->date_line);
	fputs(",\n    \"motto\": [", f);
	json_fputs(f, h->motto1);
	fputs(", ", f);
	json_fputs(f, h->motto2);
	fputs("],\n    \"title\": [", f);
	json_fputs(f, h->title1);
	fputs(", ", f);
	json_fputs(f, h->title2);
	fputs("]},\n  \"filters\": {", f);
	fprintf(f, "\"pending_only\": %s, ", o->pending_only ? "true" : "false");
	char *sec = o->section ? text_sanitize(o->section, strlen(o->section)) : NULL;
	char *unit = o->unit && o->unit[0] ? text_sanitize(o->unit, strlen(o->unit)) : NULL;
	kv(ctx, "section", sec);
	fputs(", ", f);
	kv(ctx, "unit", unit);
	free(sec);
	free(unit);
	fprintf(f, ", \"group_same\": %s, ", o->group_same ? "true" : "false");
	kv(ctx, "note", nullable(ctx->filter_note));
	fputs("},\n  \"figures\": {", f);
	const struct report_figures *g = &ctx->fig;
	fprintf(f, "\"delegates\": %lld, \"units\": %lld, \"comments\": %lld, \"replies\": %lld, "
	           "\"authors\": %lld, \"units_commented\": %lld, \"units_without_comment\": %lld",
	        (long long)g->delegates, (long long)g->units, (long long)g->roots, (long long)g->replies,
	        (long long)g->authors, (long long)g->units_commented, (long long)g->units_silent);
	if (g->listed) { /* from the consultation list */
		fprintf(f, ", \"consulted\": %lld, \"answered_no_comments\": %lld, ", (long long)g->listed,
		        (long long)g->no_comments);
		kv(ctx, "units_without_comment_list", ctx->silent_units);
	}
	fputs("},\n", f);
	fputs("  \"groups\": [", f);
	ctx->wrow = 0; /* groups written so far */
}

static void json_group(struct report_ctx *ctx, const struct lay_group *lg)
{
	FILE *f = ctx->f;
	const struct report_group *g = lg->data;
	fputs(ctx->wrow++ ? "]},\n    {" : "\n    {", f);
	kint(ctx, "number", g->number);
	fputs(", ", f);
	kid(ctx, "section_id", g->section_id);
	fputs(", ", f);
	kv(ctx, "label", g->label);
	fputs(", ", f);
	kv(ctx, "heading", g->heading);
	fputs(",\n     \"rows\": [", f);
	ctx->wn = 0; /* rows in this group */
}

static void json_row(struct report_ctx *ctx, const struct lay_row *lr)
{
	FILE *f = ctx->f;
	const struct report_row *r = lr->data;
	fputs(ctx->wn++ ? ",\n      {" : "\n      {", f);
	kint(ctx, "number", r->number);
	fputs(",\n       \"members\": [", f);
	for (size_t i = 0; i < r->n; i++) {
		fputs(i ? ",\n         " : "\n         ", f);
		comment(ctx, &r->m[i]);
	}
	fputs("],\n       \"replies\": [", f);
	for (size_t i = 0; i < lr->nreplies; i++) {
		fputs(i ? ",\n         " : "\n         ", f);
		comment(ctx, &lr->replies[i]);
	}
	fputs("]}", f);
}

static void json_table_end(struct report_ctx *ctx, const char *empty)
{
	(void)empty;
	if (ctx->wrow)
		fputs("]}", ctx->f);
}

static void json_end(struct report_ctx *ctx, const struct lay_sign *s)
{
	FILE *f = ctx->f;
	fputs("],\n  \"counts\": {", f);
	for (int d = 0; d < DISP_COUNT; d++)
		fprintf(f, "\"%s\": %lld, ", disposition_code(d), (long long)ctx->counts[d]);
	fprintf(f, "\"comments\": %lld, \"rows\": %lld, \"replies\": %lld},\n", (long long)ctx->n_shown,
	        (long long)ctx->n_rows, (long long)ctx->n_replies_shown);
	fputs("  \"signature\": [", f);
	json_fputs(f, s->title);
	fputs(", ", f);
	json_fputs(f, s->note);
	fputs("]\n}\n", f);
}

const struct report_writer report_json_writer = {
	.begin = json_begin,
	.group = json_group,
	.row = json_row,
	.table_end = json_table_end,
	.end = json_end,
};
