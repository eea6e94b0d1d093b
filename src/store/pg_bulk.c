/* SPDX-License-Identifier: GPL-3.0-or-later */
/* pg_bulk.c — a bulk import onto a server (store_bulk_begin … store_bulk_end) without a round
 * trip a row.
 *
 * Where each comment goes (its parent, the last reply under it, the section's document) the
 * bulk write mostly knows without asking (store_bulk.c's window). The rows themselves are
 * written as COPY text and sent in large batches into a temporary table, then moved into
 * comment by one INSERT … SELECT in their order (the same triggers run, the same seq order as
 * row by row), with their search vectors. Any other statement that reads comments sends the
 * batch first (pg_bulk_flush); so that a reply whose parent the window does not keep (a deep
 * one, or one pushed out) asks nothing, every staged comment's place is kept here too. */
#include "pg.h"
#include "store_internal.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/buf.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/strmap.h"
#include "gopy/text.h"

#define FLUSH_BYTES (16 << 20) /* COPY text sent in batches of about this size */

/* A comment the import added: what a reply to it needs. */
struct staged {
	gid doc, section, root;
	int depth;
	size_t key_at, klen;        /* its thread key in keys */
};

struct pg_bulk {
	struct buf copy;            /* COPY text of the rows not sent yet */
	struct strmap rows;         /* id (8 bytes) → index in staged[] */
	struct staged *staged;
	size_t n, cap;              /* rows staged in all */
	struct buf keys;            /* the thread keys of staged[], one after another */
	struct strmap children;     /* document (8 bytes) + a parent's key → last child component given */
	bool table;                 /* the temporary table exists */
};

#define STAGED_COLS "id, document_id, section_id, parent_id, root_id, depth, thread_key, author_id, entered_by, " \
	"body, quote, created_at, disposition, response, handled_by, handled_at"

void pg_bulk_start(struct store *st)
{
	if (!st->pg_bulk)
		st->pg_bulk = xcalloc(1, sizeof *st->pg_bulk);
}

void pg_bulk_stop(struct store *st)
{
	struct pg_bulk *b = st->pg_bulk;
	if (!b)
		return;
	buf_free(&b->copy);
	strmap_free(&b->rows);
	strmap_free(&b->children);
	free(b->staged);
	buf_free(&b->keys);
	free(b);
	st->pg_bulk = NULL;
}

static int copy_error(struct store *st, PGresult *r)
{
	int rc = pg_error(st, r, N_("adding the comments"));
	PQclear(r);
	return rc;
}

int pg_bulk_flush(struct store *st)
{
	struct pg_bulk *b = st->pg_bulk;
	if (!b || b->copy.len == 0)
		return 0;
	PGconn *c = pg_connection(st);
	PGresult *r;
	if (!b->table) {
		r = PQexec(c, "CREATE TEMPORARY TABLE gopy_staged (ord bigserial, id bigint, document_id bigint, "
		              "section_id bigint, parent_id bigint, root_id bigint, depth integer, thread_key bytea, "
		              "author_id bigint, entered_by bigint, body text, quote text, created_at text, disposition "
		              "integer, response text, handled_by bigint, handled_at text, words text) ON COMMIT DROP");
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			return copy_error(st, r);
		PQclear(r);
		b->table = true;
	}
	r = PQexec(c, "COPY gopy_staged (" STAGED_COLS ", words) FROM STDIN");
	if (PQresultStatus(r) != PGRES_COPY_IN)
		return copy_error(st, r);
	PQclear(r);
	int sent = PQputCopyData(c, b->copy.data, (int)b->copy.len);
	if (PQputCopyEnd(c, sent == 1 ? NULL : "gopy could not send the rows") != 1)
		return pg_error(st, NULL, N_("adding the comments"));
	buf_reset(&b->copy);
	r = PQgetResult(c);
	for (PGresult *more; (more = PQgetResult(c)) != NULL;)
		PQclear(more);
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		return copy_error(st, r);
	PQclear(r);
	/* in the import's order: the comments' seq numbers follow it, as row by row */
	r = PQexec(c, "INSERT INTO comment (" STAGED_COLS ", search) SELECT " STAGED_COLS ", "
	              "to_tsvector('simple', words) FROM gopy_staged ORDER BY ord; TRUNCATE gopy_staged");
	if (PQresultStatus(r) != PGRES_COMMAND_OK)
		return copy_error(st, r);
	PQclear(r);
	return 0;
}

bool pg_bulk_pending(const struct store *st) { return st->pg_bulk && st->pg_bulk->copy.len > 0; }

size_t pg_bulk_rows(const struct store *st) { return st->pg_bulk ? st->pg_bulk->n : 0; }

int pg_bulk_parent(struct store *st, gid id, gid *doc, gid *section, gid *root, int *depth, unsigned char *key,
                   size_t *klen)
{
	struct pg_bulk *b = st->pg_bulk;
	int64_t i;
	if (!b || !strmap_get(&b->rows, (const char *)&id, sizeof id, &i))
		return 0;
	const struct staged *s = &b->staged[i];
	*doc = s->doc;
	*section = s->section;
	*root = s->root;
	*depth = s->depth;
	*klen = s->klen;
	memcpy(key, b->keys.data + s->key_at, s->klen);
	return 1;
}

static void child_key(struct buf *k, gid doc, const unsigned char *pk, size_t plen)
{
	buf_append(k, (const char *)&doc, sizeof doc);
	if (plen)
		buf_append(k, (const char *)pk, plen);
}

bool pg_bulk_last_child(struct store *st, gid doc, const unsigned char *pk, size_t plen, bool parent_staged,
                        uint32_t *last)
{
	struct pg_bulk *b = st->pg_bulk;
	if (!b)
		return false;
	struct buf k = {0};
	child_key(&k, doc, pk, plen);
	int64_t v = 0;
	/* a parent this import added has no replies but the ones it added */
	bool known = strmap_get(&b->children, k.data, k.len, &v) || parent_staged;
	buf_free(&k);
	*last = (uint32_t)v;
	return known;
}

void pg_bulk_note_child(struct store *st, gid doc, const unsigned char *pk, size_t plen, uint32_t comp)
{
	struct pg_bulk *b = st->pg_bulk;
	if (!b)
		return;
	struct buf k = {0};
	child_key(&k, doc, pk, plen);
	strmap_put(&b->children, k.data, k.len, comp);
	buf_free(&k);
}

/* ---- COPY text: tab between fields, \N for NULL, backslash escapes ----------------------- */

static void field_sep(struct buf *o, bool first)
{
	if (!first)
		buf_putc(o, '\t');
}

static void put_id(struct buf *o, gid v)
{
	field_sep(o, false);
	if (v)
		buf_printf(o, "%lld", (long long)v);
	else
		buf_puts(o, "\\N");
}

static void put_text(struct buf *o, const char *s)
{
	field_sep(o, false);
	if (!s) {
		buf_puts(o, "\\N");
		return;
	}
	for (; *s; s++) {
		switch (*s) {
		case '\\': buf_puts(o, "\\\\"); break;
		case '\t': buf_puts(o, "\\t"); break;
		case '\n': buf_puts(o, "\\n"); break;
		case '\r': buf_puts(o, "\\r"); break;
		default: buf_putc(o, *s);
		}
	}
}

int pg_bulk_add(struct store *st, const struct pg_bulk_row *r)
{
	struct pg_bulk *b = st->pg_bulk;
	struct buf *o = &b->copy;
	static const char hex[] = "0123456789abcdef";
	buf_printf(o, "%lld", (long long)r->id);
	put_id(o, r->doc);
	put_id(o, r->section);
	put_id(o, r->parent);
	put_id(o, r->root);
	buf_printf(o, "\t%d\t\\\\x", r->depth);
	for (size_t i = 0; i < r->klen; i++) {
		buf_putc(o, hex[r->key[i] >> 4]);
		buf_putc(o, hex[r->key[i] & 15]);
	}
	put_id(o, r->author);
	put_id(o, r->entered_by);
	put_text(o, r->body);
	put_text(o, r->quote);
	put_text(o, r->created_at);
	buf_printf(o, "\t%d", r->disposition);
	put_text(o, r->response);
	put_id(o, r->handled_by);
	put_text(o, r->handled_at);
	char *folded = text_fold(r->body, strlen(r->body));
	put_text(o, folded);
	free(folded);
	buf_putc(o, '\n');
	/* its place, for the replies to it; and the last reply under its parent */
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 1024;
		b->staged = xrealloc(b->staged, b->cap * sizeof *b->staged);
	}
	b->staged[b->n] = (struct staged){r->doc, r->section, r->root, r->depth, b->keys.len, r->klen};
	buf_append(&b->keys, (const char *)r->key, r->klen);
	strmap_put(&b->rows, (const char *)&r->id, sizeof r->id, (int64_t)b->n);
	b->n++;
	if (r->klen >= 4)
		pg_bulk_note_child(st, r->doc, r->key, r->klen - 4, key_component(r->key + r->klen - 4));
	return o->len >= FLUSH_BYTES ? pg_bulk_flush(st) : 0;
}
