/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli_import.c — importing drafts (split into sections), delegates and comments from
 * files: `gopy import` and `gopy import-comments`, also used by `gopy demo`.
 * Every import is one transaction: the whole file or nothing. */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "gopy/cli.h"
#include "gopy/csv.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/outline.h"
#include "gopy/strmap.h"
#include "gopy/text.h"

#define MAX_DRAFT (64u << 20)

/* ---- reading a draft --------------------------------------------------------------- */

static int read_file(const char *path, char **data, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return err_set(_("cannot open %s: %s"), path, strerror(errno));
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_append(&b, chunk, n);
		if (b.len > MAX_DRAFT)
			break;
	}
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	if (bad) {
		buf_free(&b);
		return err_set(_("cannot read %s"), path);
	}
	if (b.len > MAX_DRAFT) {
		buf_free(&b);
		return err_set(_("%s is too large for a draft (more than %u MiB)"), path, MAX_DRAFT >> 20);
	}
	*len = b.len;
	*data = buf_take(&b);
	return 0;
}

/* Convert from a legacy encoding with iconv. */
static int convert(const char *encoding, const char *in, size_t len, char **out, size_t *out_len)
{
	const char *from = encoding;
	if (strcasecmp(encoding, "TCVN3") == 0 || strcasecmp(encoding, "TCVN") == 0)
		from = "TCVN5712-1";
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return err_set(_("unknown encoding '%s' (try CP1258, TCVN3 or VISCII)"), encoding);
	struct buf b = {0};
	buf_reserve(&b, len * 3 + 16);
	char *ip = (char *)in, *op = b.data;
	size_t il = len, ol = b.cap - 1;
	size_t r = iconv(cd, &ip, &il, &op, &ol);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &op, &ol);
	iconv_close(cd);
	if (r == (size_t)-1) {
		buf_free(&b);
		return err_set(_("the file is not valid %s (byte %zu)"), encoding, len - il);
	}
	b.len = (size_t)(op - b.data);
	b.data[b.len] = '\0';
	*out_len = b.len;
	*out = buf_take(&b);
	return 0;
}

/* "drafts/de-an chuyen doi so.md" → "DE-AN-CHUYEN-DOI-SO". */
static char *code_from_path(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *folded = text_fold(base, n);
	for (char *p = folded; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (!(*p >= '0' && *p <= '9'))
			*p = '-';
	}
	return folded;
}

/* The citation of a clause or point: "khoản 1 Điều 3", "điểm a khoản 1 Điều 3". */
static char *citation(const struct outline_node *node, const char *parent_citation)
{
	const char *word = node->level == LEVEL_CLAUSE ? "khoản" : node->level == LEVEL_POINT ? "điểm" : NULL;
	if (!word || !parent_citation || !*parent_citation)
		return xstrdup(node->label && *node->label ? node->label : node->heading ? node->heading : "");
	const char *space = strchr(node->label, ' ');
	struct buf b = {0};
	buf_printf(&b, "%s %s %s", word, space ? space + 1 : node->label, parent_citation);
	return buf_take(&b);
}

int import_draft(struct store *st, const char *path, const struct document *meta, const char *encoding,
                 char **code_out)
{
	const char *code = meta->code, *title = meta->title;
	char *raw = NULL, *conv = NULL;
	size_t len;
	if (read_file(path, &raw, &len) != 0)
		return -1;
	const char *text = raw;
	if (len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (encoding && strcasecmp(encoding, "UTF-8") != 0 && strcasecmp(encoding, "UTF8") != 0) {
		size_t clen = 0;
		if (convert(encoding, text, len, &conv, &clen) != 0) {
			free(raw);
			return -1;
		}
		text = conv;
		len = clen;
	}
	size_t bad;
	if (!text_valid_utf8(text, len, &bad)) {
		free(raw);
		free(conv);
		return err_set(_("%s is not UTF-8 (invalid byte at offset %zu); if it uses a legacy Vietnamese encoding, "
		                 "name it with --encoding CP1258, TCVN3 or VISCII"),
		               path, bad);
	}
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		long line = 1;
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		free(raw);
		free(conv);
		return err_set(_("%s: line %ld contains a NUL byte (not a text file?)"), path, line);
	}
	/* A lone CR in a file whose lines end in LF is a stray character, not a line break
	 * (it would cut a heading in two): a space. Files of lone CRs (old Macs) keep them. */
	char *stray = NULL;
	if (memchr(text, '\n', len) && memchr(text, '\r', len)) {
		stray = xstrndup(text, len);
		for (size_t i = 0; i < len; i++)
			if (stray[i] == '\r' && (i + 1 == len || stray[i + 1] != '\n'))
				stray[i] = ' ';
		text = stray;
	}
	char *norm = text_normalize(text, len);
	free(stray);
	free(raw);
	free(conv);
	struct outline o = {0};
	if (outline_parse(norm, strlen(norm), &o) != 0) {
		free(norm);
		return -1;
	}
	free(norm);

	char *derived = NULL;
	if (!code) {
		if (strcmp(path, "-") == 0) {
			outline_free(&o);
			return err_set(_("--code is needed when the draft comes from standard input"));
		}
		code = derived = code_from_path(path);
	}
	struct document d = *meta;
	d.code = (char *)code;
	d.title = (char *)(title ? title : o.title);
	int rc = store_begin(st);
	if (rc == 0)
		rc = store_document_add(st, &d);
	gid *ids = xcalloc(o.n + 1, sizeof *ids);
	char **cites = xcalloc(o.n + 1, sizeof *cites);
	for (size_t i = 0; rc == 0 && i < o.n; i++) {
		const struct outline_node *node = &o.nodes[i];
		int parent = node->parent;
		cites[i] = citation(node, parent >= 0 ? cites[parent] : NULL);
		struct section s = {
			.doc_id = d.id,
			.parent_id = parent >= 0 ? ids[parent] : 0,
			.position = (int64_t)i,
			.level = node->level,
			.depth = node->depth,
			.label = node->label,
			.full_label = cites[i],
			.heading = node->heading,
			.body = node->body,
		};
		rc = store_section_add(st, &s);
		ids[i] = s.id;
	}
	if (rc == 0)
		rc = store_commit(st);
	else
		store_rollback(st);
	for (size_t i = 0; i < o.n; i++)
		free(cites[i]);
	free(cites);
	free(ids);
	if (rc == 0 && code_out)
		*code_out = xstrdup(code);
	free(derived);
	outline_free(&o);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	const char *db = NULL, *file = NULL, *code = NULL, *title = NULL, *kind = NULL, *enc = NULL;
	for (int i = 1; i < argc; i++) {
		const char **dst = NULL;
		if (strcmp(argv[i], "--code") == 0)
			dst = &code;
		else if (strcmp(argv[i], "--title") == 0)
			dst = &title;
		else if (strcmp(argv[i], "--kind") == 0)
			dst = &kind;
		else if (strcmp(argv[i], "--encoding") == 0)
			dst = &enc;
		if (dst) {
			if (i + 1 >= argc)
				return cli_usage(_("option %s needs a value"), argv[i]);
			*dst = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage(_("unknown option %s"), argv[i]);
		} else if (!db) {
			db = argv[i];
		} else if (!file) {
			file = argv[i];
		} else {
			return cli_usage(_("too many arguments"));
		}
	}
	if (!db || !file)
		return cli_usage(_("usage: gopy import DB FILE|- [--code C] [--title T] [--kind K] [--encoding E]"));
	struct store *st = cli_open(db, 0);
	if (!st)
		return 1;
	char *made = NULL;
	struct document meta = {.code = (char *)code, .title = (char *)title, .kind = (char *)kind};
	int rc = import_draft(st, file, &meta, enc, &made);
	if (rc == 0) {
		struct document d;
		if (store_document_get(st, made, &d) == 0) {
			char *t = text_sanitize(d.title, strlen(d.title));
			printf(ngettext("imported %s: %lld section — %s\n", "imported %s: %lld sections — %s\n",
			                (unsigned long)d.n_sections), made, (long long)d.n_sections, t);
			free(t);
			document_clear(&d);
		}
	}
	free(made);
	store_close(st);
	return rc == 0 ? 0 : cli_fail_err();
}

/* ---- CSV imports ------------------------------------------------------------------- */

enum col {
	COL_ID, COL_DOC, COL_SECTION, COL_AUTHOR, COL_UNIT, COL_BODY, COL_CREATED, COL_REPLY, COL_DISPOSITION,
	COL_RESPONSE, COL_HANDLED_BY, COL_HANDLED_AT, COL_QUOTE, COL_ENTERED_BY, COL_COUNT
};
static const char *const comment_columns[COL_COUNT] = {
	"id", "doc", "section", "author", "unit", "body", "created_at", "reply_to", "disposition",
	"response", "handled_by", "handled_at", "quote", "entered_by",
};

struct csv_import {
	struct store *st;
	struct csv_reader *r;
	int col[COL_COUNT];        /* field index of each column, -1 if absent */
	char **fields;
	size_t *lens, nfields;
	size_t nheader;            /* fields of the header row: no record may have more */
	bool dry;                  /* the checking pass: look up, write nothing */
	gid stand_in;              /* the dry pass's ids for delegates it would add (negative) */
	struct strmap docs, sections, authors, refs;
};

/* Fields must be UTF-8 without NUL bytes (a NUL would cut the text short in the store). */
static int check_fields(const struct csv_import *im)
{
	for (size_t i = 0; i < im->nfields; i++) {
		if (memchr(im->fields[i], '\0', im->lens[i]))
			return err_set(_("field %zu contains a NUL byte"), i + 1);
		if (!text_valid_utf8(im->fields[i], im->lens[i], NULL))
			return err_set(_("field %zu is not valid UTF-8"), i + 1);
	}
	return 0;
}

static const char *field(struct csv_import *im, enum col c)
{
	int i = im->col[c];
	return i >= 0 && (size_t)i < im->nfields ? im->fields[i] : "";
}

static int map_header(struct csv_import *im, const char *const *names, int count, const char *path)
{
	for (int c = 0; c < count; c++)
		im->col[c] = -1;
	for (size_t i = 0; i < im->nfields; i++) {
		const char *h = im->fields[i];
		if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0)
			h += 3;
		int found = -1;
		for (int c = 0; c < count; c++)
			if (strcasecmp(h, names[c]) == 0)
				found = c;
		if (found < 0)
			return err_set(_("%s: line 1: unknown column '%s'"), path, h);
		if (im->col[found] >= 0)
			return err_set(_("%s: line 1: column '%s' appears twice"), path, h);
		im->col[found] = (int)i;
	}
	return 0;
}

static int doc_id_for(struct csv_import *im, const char *code, gid *out)
{
	int64_t v;
	if (strmap_get(&im->docs, code, strlen(code), &v)) {
		*out = v;
		return 0;
	}
	struct document d;
	int rc = store_document_get(im->st, code, &d);
	if (rc == 1)
		return err_set(_("no document with code '%s'"), code);
	if (rc < 0)
		return -1;
	strmap_put(&im->docs, code, strlen(code), d.id);
	*out = d.id;
	document_clear(&d);
	return 0;
}

static int section_id_for(struct csv_import *im, gid doc, const char *label, gid *out)
{
	struct buf key = {0};
	buf_printf(&key, "%lld\x1f%s", (long long)doc, label);
	int64_t v;
	if (strmap_get(&im->sections, key.data, key.len, &v)) {
		*out = v;
		buf_free(&key);
		return 0;
	}
	struct section s;
	int rc = store_section_find(im->st, doc, label, &s);
	if (rc == 1)
		rc = err_set(_("the document has no section '%s'"), label);
	if (rc == 0) {
		strmap_put(&im->sections, key.data, key.len, s.id);
		*out = s.id;
		section_clear(&s);
	}
	buf_free(&key);
	return rc;
}

/* "Nguyễn Văn An" → "NVA" (then NVA-2, NVA-3 ... until free). */
static int new_delegate(struct csv_import *im, const char *name, const char *unit, gid *out)
{
	char *folded = text_fold(name, strlen(name));
	char initials[16];
	size_t n = 0;
	for (const char *p = folded; *p && n < 8; p++)
		if ((p == folded || p[-1] == ' ') && *p != ' ')
			initials[n++] = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
	initials[n] = '\0';
	free(folded);
	if (!n)
		return err_set(_("author '%s' is neither a delegate code nor a name"), name);
	for (int i = 1; i < 100000; i++) {
		char code[32];
		if (i == 1)
			snprintf(code, sizeof code, "%s", initials);
		else
			snprintf(code, sizeof code, "%s-%d", initials, i);
		struct delegate d;
		int rc = store_delegate_get(im->st, code, false, &d);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			delegate_clear(&d);
			continue;
		}
		struct delegate nd = {.code = code, .name = (char *)name, .unit = (char *)unit};
		if (store_delegate_add(im->st, &nd) != 0)
			return -1;
		*out = nd.id;
		return 0;
	}
	return err_set(_("cannot make a code for author '%s'"), name);
}

static int author_id_for(struct csv_import *im, const char *author, const char *unit, gid *out)
{
	struct buf key = {0};
	buf_printf(&key, "%s\x1f%s", author, unit);
	int64_t v;
	if (strmap_get(&im->authors, key.data, key.len, &v)) {
		*out = v;
		buf_free(&key);
		return 0;
	}
	struct delegate d;
	int rc = strchr(author, ' ') ? 1 : store_delegate_get(im->st, author, false, &d);
	if (rc == 1)
		rc = store_delegate_find_name(im->st, author, unit, &d);
	if (rc == 0) {
		*out = d.id;
		delegate_clear(&d);
	} else if (rc == 1 && !strchr(author, ' ') && !*unit) {
		/* one word and no unit: a mistyped code, not a new person */
		rc = err_set(_("no delegate with code '%s' (to add a new delegate give a full name and a unit)"), author);
	} else if (rc == 1 && im->dry) {
		*out = --im->stand_in;
		rc = 0;
	} else if (rc == 1) {
		rc = new_delegate(im, author, unit, out);
	}
	if (rc == 0)
		strmap_put(&im->authors, key.data, key.len, *out);
	buf_free(&key);
	return rc;
}

static int import_comment_row(struct csv_import *im)
{
	if (check_fields(im) != 0)
		return -1;
	const char *doc_code = field(im, COL_DOC), *author = field(im, COL_AUTHOR), *body = field(im, COL_BODY);
	if (!*doc_code)
		return err_set(_("the doc column is empty"));
	if (!*author)
		return err_set(_("the author column is empty"));
	struct comment_new c = {.body = body, .quote = field(im, COL_QUOTE)};
	if (doc_id_for(im, doc_code, &c.doc_id) != 0)
		return -1;
	const char *reply = field(im, COL_REPLY);
	if (*reply) {
		int64_t v;
		if (strmap_get(&im->refs, reply, strlen(reply), &v))
			c.parent_id = v;
		else if (parse_int64(reply, 1, INT64_MAX, &v))
			c.parent_id = v;
		else
			return err_set(_("reply_to '%s' names no earlier comment"), reply);
	} else if (*field(im, COL_SECTION) && section_id_for(im, c.doc_id, field(im, COL_SECTION), &c.section_id) != 0) {
		return -1;
	}
	if (author_id_for(im, author, field(im, COL_UNIT), &c.author_id) != 0)
		return -1;
	const char *typist = field(im, COL_ENTERED_BY);
	if (*typist && author_id_for(im, typist, "", &c.entered_by) != 0)
		return -1;
	const char *created = field(im, COL_CREATED);
	c.created_at = *created ? created : NULL;
	const char *disp = field(im, COL_DISPOSITION), *resp = field(im, COL_RESPONSE);
	c.disposition = *disp ? disposition_parse(disp) : DISP_PENDING;
	if (c.disposition < 0)
		return err_set(_("unknown disposition '%s'"), disp);
	c.response = resp;
	const char *by = field(im, COL_HANDLED_BY), *at = field(im, COL_HANDLED_AT);
	if (*by && author_id_for(im, by, "", &c.handled_by) != 0)
		return -1;
	c.handled_at = *at ? at : NULL;
	if (*at && !time_parse_iso(at, NULL))
		return err_set(_("handled_at '%s' is not a time (YYYY-MM-DDTHH:MM:SSZ)"), at);
	gid id;
	if (im->dry) {
		if (c.parent_id > 0 && !strmap_get(&im->refs, reply, strlen(reply), &(int64_t){0})) {
			struct comment parent;
			int found = store_comment_get(im->st, c.parent_id, &parent);
			if (found == 0)
				comment_clear(&parent);
			else if (found == 1)
				return err_set(_("no comment with id %lld to reply to"), (long long)c.parent_id);
			else
				return -1;
		}
		if (!body[strspn(body, " \t\r\n")])
			return err_set(_("the comment is empty"));
		id = --im->stand_in;
	} else if (store_comment_add(im->st, &c, &id) != 0) {
		return -1;
	}
	const char *ref = field(im, COL_ID);
	if (*ref) {
		int64_t old;
		if (strmap_get(&im->refs, ref, strlen(ref), &old))
			return err_set(_("id '%s' is used twice"), ref);
		strmap_put(&im->refs, ref, strlen(ref), id);
	}
	return 0;
}

/* One pass over the records after the header: row() for each; returns 0, or -1 with the
 * error prefixed by the file and line. */
static int csv_pass(struct csv_import *im, const char *path, int (*row)(struct csv_import *), long *n)
{
	int step;
	*n = 0;
	while ((step = csv_next(im->r, &im->nfields, &im->fields, &im->lens)) == 1) {
		if (im->nfields == 1 && im->lens[0] == 0)
			continue; /* blank line */
		if (im->nfields > im->nheader) {
			err_set(_("%zu fields, but the header names %zu (a comma outside quotes?)"), im->nfields,
			        im->nheader);
			step = -1;
		} else {
			step = row(im) == 0 ? 1 : -1;
		}
		if (step < 0) {
			err_prefix(_("%s: line %ld"), path, csv_line(im->r));
			break;
		}
		(*n)++;
	}
	if (step < 0 && !strstr(err_msg(), path))
		err_prefix("%s", path);
	return step < 0 ? -1 : 0;
}

/* Read the header row and map its columns. */
static int csv_header(struct csv_import *im, const char *path, const char *const *names, int ncols,
                      const int *required, int nrequired)
{
	int rc = csv_next(im->r, &im->nfields, &im->fields, &im->lens);
	if (rc == 0)
		return err_set(_("%s is empty (a header row is needed)"), path);
	if (rc < 0)
		return err_prefix("%s", path);
	if (map_header(im, names, ncols, path) != 0)
		return -1;
	im->nheader = im->nfields;
	for (int i = 0; i < nrequired; i++)
		if (im->col[required[i]] < 0)
			return err_set(_("%s: the header has no '%s' column"), path, names[required[i]]);
	return 0;
}

/* Standard input is read twice like a file: copied to a temporary file first. */
static int rewindable(const char *path, FILE **f)
{
	if (strcmp(path, "-") != 0) {
		*f = fopen(path, "rb");
		return *f ? 0 : err_set(_("cannot open %s: %s"), path, strerror(errno));
	}
	FILE *t = tmpfile();
	if (!t)
		return err_set(_("cannot make a temporary file: %s"), strerror(errno));
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		if (fwrite(chunk, 1, n, t) != n)
			break;
	if (ferror(stdin) || ferror(t) || fflush(t) != 0) {
		fclose(t);
		return err_set(_("cannot read standard input: %s"), strerror(errno));
	}
	rewind(t);
	*f = t;
	return 0;
}

/* Read a CSV with a header row and call row() for each record, all in one transaction.
 * The whole file is read and checked first (row() with im->dry set: lookups, no writes)
 * without the write lock, so that others wait only for the writing itself, and a file
 * with a mistake anywhere is refused before anyone waits at all. */
static int import_csv(struct csv_import *im, const char *path, const char *const *names, int ncols,
                      const int *required, int nrequired, int (*row)(struct csv_import *), long *count)
{
	FILE *f;
	if (rewindable(path, &f) != 0)
		return -1;
	long n = 0;
	im->dry = true;
	im->r = csv_reader_new(f);
	int rc = csv_header(im, path, names, ncols, required, nrequired);
	if (rc == 0)
		rc = csv_pass(im, path, row, &n);
	csv_reader_free(im->r);
	im->r = NULL;
	/* the dry pass's stand-in ids for new delegates and the file's own ids mean nothing now */
	strmap_free(&im->authors);
	strmap_free(&im->refs);
	memset(&im->authors, 0, sizeof im->authors);
	memset(&im->refs, 0, sizeof im->refs);
	im->dry = false;
	if (rc == 0 && fseek(f, 0, SEEK_SET) != 0)
		rc = err_set(_("cannot read %s again: %s"), path, strerror(errno));
	if (rc == 0) {
		im->r = csv_reader_new(f);
		rc = csv_header(im, path, names, ncols, required, nrequired);
	}
	if (rc == 0)
		rc = store_begin(im->st);
	if (rc == 0 && (rc = store_bulk_begin(im->st, n)) != 0)
		store_rollback(im->st);
	if (rc == 0) {
		if (csv_pass(im, path, row, &n) != 0) {
			store_bulk_end(im->st, false);
			store_rollback(im->st);
			rc = -1;
		} else if (store_bulk_end(im->st, true) != 0) {
			store_rollback(im->st);
			rc = -1;
		} else {
			rc = store_commit(im->st);
		}
	}
	if (im->r)
		csv_reader_free(im->r);
	fclose(f);
	strmap_free(&im->docs);
	strmap_free(&im->sections);
	strmap_free(&im->authors);
	strmap_free(&im->refs);
	if (rc == 0 && count)
		*count = n;
	return rc;
}

int import_comments_file(struct store *st, const char *path, long *count)
{
	struct csv_import im = {.st = st};
	static const int required[] = {COL_DOC, COL_AUTHOR, COL_BODY};
	return import_csv(&im, path, comment_columns, COL_COUNT, required, 3, import_comment_row, count);
}

enum dcol { DCOL_CODE, DCOL_NAME, DCOL_UNIT, DCOL_ROLE, DCOL_LOGIN, DCOL_COUNT };
static const char *const delegate_columns[DCOL_COUNT] = {"code", "name", "unit", "role", "login"};

static int import_delegate_row(struct csv_import *im)
{
	if (check_fields(im) != 0)
		return -1;
	const char *login = field(im, (enum col)DCOL_LOGIN);
	struct delegate d = {
		.code = (char *)field(im, (enum col)DCOL_CODE),
		.name = (char *)field(im, (enum col)DCOL_NAME),
		.unit = (char *)field(im, (enum col)DCOL_UNIT),
		.role = (char *)field(im, (enum col)DCOL_ROLE),
		.login = *login ? (char *)login : NULL,
	};
	return im->dry ? 0 : store_delegate_add(im->st, &d);
}

int import_delegates_file(struct store *st, const char *path, long *count)
{
	struct csv_import im = {.st = st};
	static const int required[] = {DCOL_CODE, DCOL_NAME};
	return import_csv(&im, path, delegate_columns, DCOL_COUNT, required, 2, import_delegate_row, count);
}

int cmd_import_comments(int argc, char **argv)
{
	if (argc != 3)
		return cli_usage(_("usage: gopy import-comments DB FILE.csv"));
	struct store *st = cli_open(argv[1], 0);
	if (!st)
		return 1;
	long n = 0;
	int rc = import_comments_file(st, argv[2], &n);
	store_close(st);
	if (rc != 0)
		return cli_fail_err();
	printf(ngettext("imported %ld comment\n", "imported %ld comments\n", (unsigned long)n), n);
	return 0;
}
