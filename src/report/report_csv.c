/* SPDX-License-Identifier: GPL-3.0-or-later */
/* report_csv.c — the report as CSV (RFC 4180): UTF-8 with a byte order mark so spreadsheet
 * programs read Vietnamese, CRLF line ends, one record per comment (thread roots and their
 * replies) with every field, and cells that start with = + - @ TAB or CR neutralised against
 * formula injection (csv_field). The "row" column is the number of the report table row the
 * comment belongs to: comments merged by --group-same and the replies of a row share it.
 * "entered_by" names who typed the comment for its author (a secretary), empty when the
 * author did. "stamp" (comment_stamp) lets `gopy import-dispositions` tell a comment changed
 * since the export. A data format: it reads the comments each row carries, not the layout. */
#include "report_priv.h"

#include "gopy/csv.h"

static const char *const columns[] = {
	"row", "id", "doc", "section", "author_code", "author", "unit", "created_at", "edited_at",
	"body", "quote", "disposition", "disposition_label", "response", "handler", "handled_at",
	"root_id", "parent_id", "depth", "entered_by", "stamp",
};

/* Ids as ="1228746730485060123": spreadsheet programs keep that as text, where a bare
 * 19-digit number would lose its last digits (gopy reads both forms back). */
static void put_id(struct buf *b, gid id)
{
	if (id)
		buf_printf(b, "\"=\"\"%lld\"\"\"", (long long)id);
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
	buf_printf(b, ",%d,", e->depth);
	csv_field(b, e->entered_by, true);
	char stamp[18];
	comment_stamp(e->edited_at, e->handled_at, stamp);
	buf_printf(b, ",%s\r\n", stamp);
	fwrite(b->data, 1, b->len, ctx->f);
}

static void csv_begin(struct report_ctx *ctx, const struct lay_head *h)
{
	(void)h;
	fputs("\xEF\xBB\xBF", ctx->f);
	for (size_t i = 0; i < sizeof columns / sizeof *columns; i++)
		fprintf(ctx->f, "%s%s", i ? "," : "", columns[i]);
	fputs("\r\n", ctx->f);
}

static void csv_row(struct report_ctx *ctx, const struct lay_row *r)
{
	ctx->wrow = r->data->number;
	for (size_t i = 0; i < r->data->n; i++)
		record(ctx, &r->data->m[i]);
	for (size_t i = 0; i < r->nreplies; i++)
		record(ctx, &r->replies[i]);
}

const struct report_writer report_csv_writer = {
	.begin = csv_begin,
	.row = csv_row,
};
