/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_csv.c — the report as CSV (RFC 4180): UTF-8 with a byte order mark so spreadsheet
 * programs read Vietnamese, CRLF line ends, one record per comment (thread roots and their
 * replies) with every field, and cells that start with = + - @ TAB or CR neutralised against
 * formula injection (csv_field). The "row" column is the number of the report table row the
 * comment belongs to: comments merged by --group-same and the replies of a row share it. */
#include "report_priv.h"

#include "gopy/csv.h"

static const char *const columns[] = {
	"row", "id", "doc", "section", "author_code", "author", "unit", "created_at", "edited_at",
	"body", "quote", "disposition", "disposition_label", "response", "handler", "handled_at",
	"root_id", "parent_id", "depth",
};

static void put_id(struct buf *b, gid id)
{
	if (id)
		buf_printf(b, "%lld", (long long)id);
}

static void record(struct report_ctx *ctx, const struct report_entry *e)
{
	struct buf *b = &ctx->wbuf;
	buf_reset(b);
	buf_printf(b, "%lld,", (long long)ctx->wrow);
	put_id(b, e->id);
	buf_putc(b, ',');
	csv_field(b, ctx->doc.code, true);
	buf_putc(b, ',');
	csv_field(b, e->section_label, true);
	const char *text[] = { e->author_code, e->author_name, e->author_unit, e->created_at, e->edited_at,
	                       e->body, e->quote };
	for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
		buf_putc(b, ',');
		csv_field(b, text[i], true);
	}
	buf_putc(b, ',');
	csv_field(b, disposition_code(e->disposition), true);
	buf_putc(b, ',');
	csv_field(b, disposition_official(e->disposition), true);
	const char *text2[] = { e->response, e->handler, e->handled_at };
	for (size_t i = 0; i < sizeof text2 / sizeof *text2; i++) {
		buf_putc(b, ',');
		csv_field(b, text2[i], true);
	}
	buf_putc(b, ',');
	put_id(b, e->root_id);
	buf_putc(b, ',');
	put_id(b, e->parent_id);
	buf_printf(b, ",%d\r\n", e->depth);
	fwrite(b->data, 1, b->len, ctx->f);
}

static void csv_begin(struct report_ctx *ctx)
{
	fputs("\xEF\xBB\xBF", ctx->f);
	for (size_t i = 0; i < sizeof columns / sizeof *columns; i++)
		fprintf(ctx->f, "%s%s", i ? "," : "", columns[i]);
	fputs("\r\n", ctx->f);
}

static void csv_group(struct report_ctx *ctx, const struct report_group *g)
{
	(void)ctx, (void)g;
}

static void csv_row(struct report_ctx *ctx, const struct report_row *r)
{
	ctx->wrow = r->number;
	for (size_t i = 0; i < r->n; i++)
		record(ctx, &r->m[i]);
}

static void csv_reply(struct report_ctx *ctx, const struct report_entry *e)
{
	record(ctx, e);
}

static void csv_nothing(struct report_ctx *ctx)
{
	(void)ctx;
}

const struct report_writer report_csv_writer = {
	.begin = csv_begin,
	.group = csv_group,
	.row = csv_row,
	.reply = csv_reply,
	.row_end = csv_nothing,
	.group_end = csv_nothing,
	.end = csv_nothing,
};
