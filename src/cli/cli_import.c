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

#include "cli_int.h"
#include "gopy/cli.h"
#include "gopy/consult.h"
#include "gopy/csv.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/identity.h"
#include "gopy/office.h"
#include "gopy/outline.h"
#include "gopy/progress.h"
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

/* Whether a path names an office format by its extension (.docx, .odt, and the legacy .doc
 * that gets its own message). */
static bool office_path(const char *path)
{
	static const char *const exts[] = {".docx", ".docm", ".dotx", ".odt", ".ott", ".fodt", ".doc"};
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		size_t k = strlen(exts[i]);
		if (n > k && strcasecmp(path + n - k, exts[i]) == 0)
			return true;
	}
	return false;
}

/* The outline of an office file (raw, len bytes), telling on stderr what was taken as it
 * is: the paragraphs go to outline_parse_paragraphs with their list numbers as markers. */
static int office_outline(const char *path, const char *raw, size_t len, struct outline *o)
{
	struct office_draft d;
	if (office_draft_read(raw, len, &d) != 0) {
		office_draft_free(&d);
		return err_prefix("%s", path);
	}
	if (d.notes.insertions || d.notes.deletions)
		fprintf(stderr, _("gopy: %s: tracked changes taken as accepted (%ld insertions kept, %ld deletions dropped)\n"),
		        path, d.notes.insertions, d.notes.deletions);
	if (d.notes.comments)
		fprintf(stderr, ngettext("gopy: %s: %ld comment in the file ignored\n",
		                         "gopy: %s: %ld comments in the file ignored\n", (unsigned long)d.notes.comments),
		        path, d.notes.comments);
	struct outline_para *p = xcalloc(d.n + 1, sizeof *p);
	char **owned = xcalloc(2 * d.n + 1, sizeof *owned);
	int rc = 0;
	for (size_t i = 0; i < d.n && rc == 0; i++) {
		const char *m = d.p[i].marker;
		if (!text_valid_utf8(d.p[i].text, strlen(d.p[i].text), NULL) || (m && !text_valid_utf8(m, strlen(m), NULL)))
			rc = err_set(_("%s: paragraph %zu is not valid UTF-8"), path, i + 1);
		owned[2 * i] = text_normalize(d.p[i].text, strlen(d.p[i].text));
		owned[2 * i + 1] = m ? text_normalize(m, strlen(m)) : NULL;
		p[i] = (struct outline_para){
			.text = owned[2 * i],
			.len = strlen(owned[2 * i]),
			.heading = d.p[i].heading > 6 ? 6 : d.p[i].heading,
			.marker = owned[2 * i + 1],
		};
	}
	if (rc == 0)
		rc = outline_parse_paragraphs(p, d.n, o);
	for (size_t i = 0; i < 2 * d.n; i++)
		free(owned[i]);
	free(owned);
	free(p);
	office_draft_free(&d);
	return rc;
}

/* The outline of a text or Markdown draft (raw, len bytes; freed here) in encoding (NULL:
 * UTF-8). */
static int text_outline(const char *path, char *raw, size_t len, const char *encoding, struct outline *o)
{
	char *conv = NULL;
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
	int rc = outline_parse(norm, strlen(norm), o);
	free(norm);
	return rc;
}

/* Read a draft file of any supported format into its outline. */
static int read_outline(const char *path, const char *encoding, struct outline *o)
{
	char *raw = NULL;
	size_t len;
	if (read_file(path, &raw, &len) != 0)
		return -1;
	int parsed;
	if (office_sniff(raw, len) || office_path(path)) {
		parsed = office_outline(path, raw, len, o);
		free(raw);
	} else {
		parsed = text_outline(path, raw, len, encoding, o);
	}
	if (parsed != 0)
		outline_free(o);
	return parsed;
}

/* Add the outline's sections to the newest version of doc_id, positions from base on. */
static int add_sections(struct store *st, gid doc_id, const struct outline *o, int64_t base)
{
	gid *ids = xcalloc(o->n + 1, sizeof *ids);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < o->n; i++) {
		const struct outline_node *node = &o->nodes[i];
		int parent = node->parent;
		struct section s = {
			.doc_id = doc_id,
			.parent_id = parent >= 0 ? ids[parent] : 0,
			.position = base + (int64_t)i,
			.level = node->level,
			.depth = node->depth,
			.label = node->label,
			.full_label = node->citation,
			.heading = node->heading,
			.body = node->body,
		};
		rc = store_section_add(st, &s);
		ids[i] = s.id;
	}
	free(ids);
	return rc;
}

int import_draft(struct store *st, const char *path, const struct document *meta, const char *encoding,
                 char **code_out)
{
	const char *code = meta->code, *title = meta->title;
	struct outline o = {0};
	if (read_outline(path, encoding, &o) != 0)
		return -1;

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
	if (rc == 0)
		rc = add_sections(st, d.id, &o, 0);
	if (rc == 0)
		rc = store_commit(st);
	else
		store_rollback(st);
	if (rc == 0 && code_out)
		*code_out = xstrdup(code);
	free(derived);
	outline_free(&o);
	return rc;
}

int import_revision(struct store *st, const char *path, const char *code, const char *label, const char *encoding,
                    int *number)
{
	struct document d;
	int found = store_document_get(st, code, &d);
	if (found != 0)
		return found < 0 ? -1 : err_set(_("no document %s (a revision is of a document already imported)"), code);
	struct outline o = {0};
	int rc = read_outline(path, encoding, &o);
	int64_t base = 0;
	if (rc == 0 && o.n == 0)
		rc = err_set(_("%s has no sections; not adding it as a version"), path);
	if (rc == 0)
		rc = store_begin(st);
	if (rc == 0) {
		rc = store_version_add(st, d.id, label, number, &base);
		if (rc == 0)
			rc = add_sections(st, d.id, &o, base);
		if (rc == 0)
			rc = store_align_versions(st, d.id, *number);
		if (rc == 0)
			rc = store_commit(st);
		else
			store_rollback(st);
	}
	outline_free(&o);
	document_clear(&d);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	const char *pos[2] = {NULL, NULL}, *code = NULL, *title = NULL, *kind = NULL, *enc = NULL, *label = NULL;
	bool revision = false;
	const struct cli_opt opts[] = {
		{"revision", OPT_FLAG, &revision, NULL, 0}, {"label", OPT_TEXT, &label, NULL, 0},
		{"code", OPT_TEXT, &code, NULL, 0},         {"title", OPT_TEXT, &title, NULL, 0},
		{"kind", OPT_TEXT, &kind, NULL, 0},         {"encoding", OPT_TEXT, &enc, NULL, 0},
		{NULL, 0, NULL, NULL, 0},
	};
	if (cli_parse_args(argc, argv, opts, pos, 2, NULL))
		return 2;
	const char *db = pos[0], *file = pos[1];
	if (!db || !file)
		return cli_usage(_("usage: gopy import DB FILE|- [--code C] [--title T] [--kind K] [--encoding E]\n"
		                   "       gopy import DB FILE|- --code C --revision [--label L] [--encoding E]"));
	if (revision && !code)
		return cli_usage(_("--revision needs --code (the document it revises)"));
	if (revision && (title || kind))
		return cli_usage(_("--revision takes no --title or --kind (the document has them)"));
	if (label && !revision)
		return cli_usage(_("--label needs --revision"));
	struct store *st = cli_open(db, 0);
	if (!st)
		return 1;
	struct identity who;
	if (cli_identify(st, db, NULL, NEED_RECORDER, &who) != 0) {
		store_close(st);
		return 1;
	}
	identity_clear(&who);
	if (revision) {
		int number = 0;
		int rc = import_revision(st, file, code, label, enc, &number);
		struct document d;
		if (rc == 0 && store_document_get(st, code, &d) == 0) {
			char *c = text_sanitize(d.code, strlen(d.code));
			printf(_("imported %s version %d: %lld sections\n"), c, number, (long long)d.n_sections);
			free(c);
			document_clear(&d);
		}
		store_close(st);
		return rc == 0 ? 0 : cli_fail_err();
	}
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
	COL_RESPONSE, COL_HANDLED_BY, COL_HANDLED_AT, COL_QUOTE, COL_ENTERED_BY, COL_EXCERPT, COL_COUNT
};
/* Column names; after '|' the captions of the comment form (gopy form) in Vietnamese and
 * English that name the same column, with or without a note in brackets after them ("Nội
 * dung dự thảo (trích)"), so a form made in any locale comes back. "excerpt" (the draft's
 * text on the form) is read and ignored. */
static const char *const comment_columns[COL_COUNT] = {
	"id", "doc|mã dự thảo|dự thảo|draft", "section|điều, khoản, điểm|article, clause, point",
	"author|người góp ý|commenter", "unit|đơn vị", "body|ý kiến góp ý|nội dung góp ý|ý kiến|comment", "created_at",
	"reply_to", "disposition", "response", "handled_by", "handled_at", "quote", "entered_by",
	"excerpt|nội dung dự thảo|text of the draft",
};

struct csv_import {
	struct store *st;
	struct csv_reader *r;      /* the records of a CSV file, or */
	const struct xlsx_sheet *sheet; /* the rows of a spreadsheet */
	size_t next;               /* the sheet's next row */
	long line;                 /* the line (CSV) or row (sheet) where the record starts */
	bool loose;                /* unknown columns are ignored (import-dispositions, sheets of comments) */
	gid handler;               /* import-dispositions: who handles the comments */
	long conflicts;            /* import-dispositions: rows left alone, changed since the export */
	const char *path;
	int col[COL_COUNT];        /* field index of each column, -1 if absent */
	char **fields;
	size_t *lens, nfields;
	size_t nheader;            /* fields of the header row: no record may have more */
	bool dry;                  /* the checking pass: look up, write nothing */
	gid stand_in;              /* the dry pass's ids for delegates it would add (negative) */
	struct strmap docs, sections, authors;
	struct store_refs *refs;    /* the file's own ids (its id column), made by the pass that uses them */
	gid doc_id;                /* the document of a consultation list */
	FILE *f;                   /* the CSV file being read (its position measures the first pass) */
	struct progress progress;  /* on stderr when it is a terminal */
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

/* Whether header text h names column `name` ("body|ý kiến góp ý"): the code or one of the
 * captions (with or without a note in brackets after it), without regard to case or
 * diacritics, or any text ending in "(code)". */
static bool names_column(const char *h, const char *name)
{
	const char *bar = strchr(name, '|');
	size_t clen = bar ? (size_t)(bar - name) : strlen(name), hlen = strlen(h);
	if (strlen(h) == clen && strncasecmp(h, name, clen) == 0)
		return true;
	if (hlen > clen + 2 && h[hlen - 1] == ')' && h[hlen - clen - 2] == '(' &&
	    strncasecmp(h + hlen - clen - 1, name, clen) == 0)
		return true;
	if (!bar)
		return false;
	size_t bare = hlen; /* h without a note in brackets at its end */
	const char *open = hlen && h[hlen - 1] == ')' ? strrchr(h, '(') : NULL;
	if (open && open > h) {
		bare = (size_t)(open - h);
		while (bare > 0 && (h[bare - 1] == ' ' || h[bare - 1] == '\t'))
			bare--;
	}
	char *fh = text_fold(h, hlen), *fb = text_fold(h, bare);
	bool found = false;
	for (const char *alt = bar + 1; *alt && !found;) {
		const char *end = strchr(alt, '|');
		size_t n = end ? (size_t)(end - alt) : strlen(alt);
		char *fa = text_fold(alt, n);
		found = strcmp(fh, fa) == 0 || (bare && strcmp(fb, fa) == 0);
		free(fa);
		alt += n + (end ? 1 : 0);
	}
	free(fh);
	free(fb);
	return found;
}

/* Append the codes of columns (the part before '|'), separated by ", ". */
static void column_codes(struct buf *b, const char *const *names, const int *which, int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(b, "%s%.*s", i ? ", " : "", (int)strcspn(names[which[i]], "|"), names[which[i]]);
}

static int map_header(struct csv_import *im, const char *const *names, int count, const char *path)
{
	for (int c = 0; c < count; c++)
		im->col[c] = -1;
	for (size_t i = 0; i < im->nfields; i++) {
		const char *h = im->fields[i];
		if (i == 0 && strncmp(h, "\xEF\xBB\xBF", 3) == 0)
			h += 3;
		if (im->sheet && !*h)
			continue; /* an empty header cell: a column nobody named */
		int found = -1;
		for (int c = 0; c < count; c++)
			if (names_column(h, names[c]))
				found = c;
		if (found < 0 && im->loose)
			continue;
		if (found < 0)
			return err_set(_("%s: line %ld: unknown column '%s'"), path, im->line, h);
		if (im->col[found] >= 0)
			return err_set(_("%s: line %ld: column '%s' appears twice"), path, im->line, h);
		im->col[found] = (int)i;
	}
	return 0;
}

/* The next record of the CSV file or row of the sheet: 1, 0 at the end, -1 on error. */
static int next_record(struct csv_import *im)
{
	if (!im->sheet) {
		int rc = csv_next(im->r, &im->nfields, &im->fields, &im->lens);
		im->line = csv_line(im->r);
		return rc;
	}
	if (im->next >= im->sheet->n)
		return 0;
	const struct xlsx_row *row = &im->sheet->rows[im->next++];
	im->fields = row->cells;
	im->lens = row->lens;
	im->nfields = row->n;
	im->line = row->number;
	return 1;
}

/* A sheet's header is its first row whose every non-empty cell names a column. */
static bool is_header_row(const struct csv_import *im, const char *const *names, int count)
{
	size_t named = 0;
	for (size_t i = 0; i < im->nfields; i++) {
		if (!*im->fields[i])
			continue;
		int c = 0;
		while (c < count && !names_column(im->fields[i], names[c]))
			c++;
		if (c == count && !im->loose)
			return false;
		named += c < count;
	}
	return named >= 2;
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
	buf_append(&key, (const char *)&doc, sizeof doc); /* a key per row: no printf */
	buf_puts(&key, label);
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
	buf_puts(&key, author);
	buf_putc(&key, '\x1f');
	buf_puts(&key, unit);
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

/* An id as spreadsheets keep it: ="1228746730485060123" (how gopy writes ids in CSV so that
 * they stay text) is the id in the quotes; anything else is itself. Returns s or tmp. */
static const char *plain_id(const char *s, char *tmp, size_t size)
{
	size_t n = strlen(s);
	if (n >= 4 && n - 3 < size && s[0] == '=' && s[1] == '"' && s[n - 1] == '"') {
		memcpy(tmp, s + 2, n - 3);
		tmp[n - 3] = '\0';
		return tmp;
	}
	return s;
}

static int import_comment_row(struct csv_import *im)
{
	if (check_fields(im) != 0)
		return -1;
	const char *doc_code = field(im, COL_DOC), *author = field(im, COL_AUTHOR), *body = field(im, COL_BODY);
	if (im->sheet && !*body && !*author && !*field(im, COL_UNIT))
		return 1; /* a row of the form nobody filled */
	if (!*doc_code)
		return err_set(_("the doc column is empty"));
	if (!*author)
		return err_set(_("the author column is empty"));
	struct comment_new c = {.body = body, .quote = field(im, COL_QUOTE)};
	if (doc_id_for(im, doc_code, &c.doc_id) != 0)
		return -1;
	char reply_buf[32], ref_buf[32];
	const char *reply = plain_id(field(im, COL_REPLY), reply_buf, sizeof reply_buf);
	/* the parent is a row of this file (1), a comment the store has (0), or either (2: the
	 * checking pass no longer remembers the file's id; the writing pass will know) */
	int parent_in_file = 0;
	if (*reply) {
		parent_in_file = store_refs_get(im->refs, reply, strlen(reply), &c.parent_id);
		if (parent_in_file < 0)
			return -1;
		if (!parent_in_file && !parse_int64(reply, 1, INT64_MAX, &c.parent_id))
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
		if (c.parent_id > 0 && !parent_in_file) {
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
	const char *ref = plain_id(field(im, COL_ID), ref_buf, sizeof ref_buf);
	if (*ref && store_refs_put(im->refs, ref, strlen(ref), id) != 0)
		return -1;
	return 0;
}

/* One pass over the records after the header: row() for each; returns 0, or -1 with the
 * error prefixed by the file and line. */
static int csv_pass(struct csv_import *im, const char *path, int (*row)(struct csv_import *), long *n)
{
	int step;
	*n = 0;
	while ((step = next_record(im)) == 1) {
		if (im->nfields == 1 && im->lens[0] == 0)
			continue; /* blank line */
		int done = 0;
		if (im->nfields > im->nheader && im->sheet) {
			err_set(_("a cell beyond the columns the header names"));
			step = -1;
		} else if (im->nfields > im->nheader) {
			err_set(_("%zu fields, but the header names %zu (a comma outside quotes?)"), im->nfields,
			        im->nheader);
			step = -1;
		} else {
			done = row(im);
			step = done < 0 ? -1 : 1;
		}
		if (step < 0) {
			if (im->sheet)
				err_prefix(_("%s: row %ld"), path, im->line);
			else
				err_prefix(_("%s: line %ld"), path, im->line);
			break;
		}
		if (done == 0)
			(*n)++;
		if ((*n & 255) == 0) /* the first pass by bytes or sheet rows read, the second by rows */
			progress_set(&im->progress, !im->dry ? *n : im->sheet ? (long)im->next : ftell(im->f));
	}
	if (step < 0 && !strstr(err_msg(), path))
		err_prefix("%s", path);
	return step < 0 ? -1 : 0;
}

/* Read the header row and map its columns. */
static int csv_header(struct csv_import *im, const char *path, const char *const *names, int ncols,
                      const int *required, int nrequired)
{
	int rc = next_record(im);
	while (rc == 1 && im->sheet && !is_header_row(im, names, ncols))
		rc = next_record(im); /* a title above the header */
	if (rc == 0 && im->sheet) {
		struct buf b = {0};
		column_codes(&b, names, required, nrequired);
		err_set(_("%s: no row names the columns (a header row with %s is needed)"), path, b.data);
		buf_free(&b);
		return -1;
	}
	if (rc == 0)
		return err_set(_("%s is empty (a header row is needed)"), path);
	if (rc < 0)
		return err_prefix("%s", path);
	if (map_header(im, names, ncols, path) != 0)
		return -1;
	im->nheader = im->nfields;
	for (int i = 0; i < nrequired; i++)
		if (im->col[required[i]] < 0) {
			struct buf b = {0};
			column_codes(&b, names, &required[i], 1);
			err_set(_("%s: the header has no '%s' column"), path, b.data);
			buf_free(&b);
			return -1;
		}
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

/* Whether a table to import is a spreadsheet (.xlsx by its name, or a zip by its bytes). */
static bool is_spreadsheet(const char *path)
{
	size_t n = strlen(path);
	if ((n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0) || (n > 5 && strcasecmp(path + n - 5, ".xlsm") == 0) ||
	    (n > 4 && strcasecmp(path + n - 4, ".xls") == 0))
		return true;
	if (strcmp(path, "-") == 0)
		return false;
	FILE *f = fopen(path, "rb");
	char head[8];
	size_t got = f ? fread(head, 1, sizeof head, f) : 0;
	if (f)
		fclose(f);
	return office_sniff(head, got);
}

static int read_sheet(const char *path, struct xlsx_sheet *sheet)
{
	char *data = NULL;
	size_t len = 0;
	if (read_file(path, &data, &len) != 0)
		return -1;
	int rc = xlsx_read(data, len, sheet);
	free(data);
	return rc == 0 ? 0 : err_prefix("%s", path);
}

/* Read a CSV (or the first sheet of an .xlsx) with a header row and call row() for each
 * record (0 done, 1 skipped, -1 error), all in one transaction.
 * The whole file is read and checked first (row() with im->dry set: lookups, no writes)
 * without the write lock, so that others wait only for the writing itself, and a file
 * with a mistake anywhere is refused before anyone waits at all; but for two mistakes the
 * check leaves to the writing pass (which rolls back): an id used twice, or a reply_to
 * naming no row, more than a quarter million rows apart (store_refs_recent). */
static int import_csv(struct csv_import *im, const char *path, const char *const *names, int ncols,
                      const int *required, int nrequired, int (*row)(struct csv_import *), long *count)
{
	FILE *f = NULL;
	struct xlsx_sheet sheet = {0};
	if (is_spreadsheet(path)) {
		if (read_sheet(path, &sheet) != 0)
			return -1;
		im->sheet = &sheet;
	} else if (rewindable(path, &f) != 0) {
		return -1;
	}
	long n = 0;
	im->dry = true;
	im->refs = store_refs_recent(); /* the latest ids only: the writing pass has them all */
	im->f = f;
	im->r = f ? csv_reader_new(f) : NULL;
	struct stat sb;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *shown = text_sanitize(base, strlen(base));
	struct buf what = {0};
	buf_printf(&what, _("checking %s"), shown);
	progress_start(&im->progress, what.data, f ? _("bytes") : _("rows"),
	               f ? (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? sb.st_size : 0) : (int64_t)sheet.n);
	int rc = csv_header(im, path, names, ncols, required, nrequired);
	if (rc == 0)
		rc = csv_pass(im, path, row, &n);
	progress_finish(&im->progress);
	buf_reset(&what);
	buf_printf(&what, _("importing %s"), shown);
	progress_start(&im->progress, what.data, _("rows"), n);
	if (im->r)
		csv_reader_free(im->r);
	im->r = NULL;
	/* the dry pass's stand-in ids for new delegates and the file's own ids mean nothing now */
	strmap_free(&im->authors);
	memset(&im->authors, 0, sizeof im->authors);
	store_refs_free(im->refs);
	im->refs = store_refs_new(im->st);
	im->dry = false;
	if (rc == 0 && f && fseek(f, 0, SEEK_SET) != 0)
		rc = err_set(_("cannot read %s again: %s"), path, strerror(errno));
	if (rc == 0) {
		im->r = f ? csv_reader_new(f) : NULL;
		im->next = 0;
		rc = csv_header(im, path, names, ncols, required, nrequired);
	}
	if (rc == 0)
		rc = store_begin(im->st);
	/* (a commit whose answer the connection's loss took is looked for: store_commit, cli_commit) */
	if (rc == 0 && ((rc = store_track_commit(im->st)) != 0 || (rc = store_bulk_begin(im->st, n)) != 0))
		store_rollback(im->st);
	if (rc == 0) {
		/* an id used twice far apart: found when the file's ids meet on disk */
		int failed = csv_pass(im, path, row, &n);
		if (!failed && store_refs_check(im->refs) != 0)
			failed = err_prefix("%s", path);
		store_refs_free(im->refs); /* their memory is the indexes' to build */
		im->refs = NULL;
		if (failed) {
			store_bulk_end(im->st, false);
			store_rollback(im->st);
			rc = -1;
		} else if (store_bulk_end(im->st, true) != 0) {
			store_rollback(im->st);
			rc = -1;
		} else {
			rc = cli_commit(im->st);
		}
	}
	progress_finish(&im->progress);
	buf_free(&what);
	free(shown);
	if (im->r)
		csv_reader_free(im->r);
	if (f)
		fclose(f);
	xlsx_free(&sheet);
	im->sheet = NULL;
	strmap_free(&im->docs);
	strmap_free(&im->sections);
	strmap_free(&im->authors);
	store_refs_free(im->refs);
	im->refs = NULL;
	if (rc == 0 && count)
		*count = n;
	return rc;
}

int import_comments_file(struct store *st, const char *path, long *count)
{
	/* a spreadsheet's columns gopy does not know (a unit's own notes) are ignored */
	struct csv_import im = {.st = st, .loose = is_spreadsheet(path)};
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
		return cli_usage(_("usage: gopy import-comments DB FILE.csv|FILE.xlsx"));
	struct store *st = cli_open(argv[1], 0);
	if (!st)
		return 1;
	struct identity who;
	if (cli_identify(st, argv[1], NULL, NEED_RECORDER, &who) != 0) {
		store_close(st);
		return 1;
	}
	identity_clear(&who);
	store_bulk_source(st, argv[2]);
	long n = 0;
	int rc = import_comments_file(st, argv[2], &n);
	store_close(st);
	if (rc != 0)
		return cli_fail_err();
	printf(ngettext("imported %ld comment\n", "imported %ld comments\n", (unsigned long)n), n);
	return 0;
}

/* ---- dispositions back from a spreadsheet -------------------------------------------- */

enum pcol { PCOL_ID, PCOL_STAMP, PCOL_DISPOSITION, PCOL_LABEL, PCOL_RESPONSE, PCOL_COUNT };
static const char *const disposition_columns[PCOL_COUNT] = {
	"id", "stamp", "disposition", "disposition_label", "response",
};

/* The disposition a row asks for: the code column, or the label column where only that one
 * was changed; -1 with err_set() when they disagree or name none. */
static int wanted_disposition(struct csv_import *im, int current, int *out)
{
	const char *code = field(im, (enum col)PCOL_DISPOSITION), *label = field(im, (enum col)PCOL_LABEL);
	int a = *code ? disposition_parse(code) : current, b = *label ? disposition_parse(label) : current;
	if (a < 0)
		return err_set(_("unknown disposition '%s'"), code);
	if (b < 0)
		return err_set(_("unknown disposition '%s'"), label);
	if (a != b && a != current && b != current)
		return err_set(_("disposition '%s' and disposition_label '%s' disagree"), code, label);
	*out = a != current ? a : b;
	return 0;
}

static int import_disposition_row(struct csv_import *im)
{
	if (check_fields(im) != 0)
		return -1;
	char buf[32];
	const char *idtext = plain_id(field(im, (enum col)PCOL_ID), buf, sizeof buf);
	int64_t id;
	if (!*idtext && (*field(im, (enum col)PCOL_DISPOSITION) || *field(im, (enum col)PCOL_LABEL) ||
	                 *field(im, (enum col)PCOL_RESPONSE)))
		return err_set(_("a disposition or response without the comment's id (the id cell is empty; a formula "
		                 "saved without its value?)"));
	if (!*idtext)
		return 1; /* a row with nothing filled and no id: not a comment */
	if (!parse_int64(idtext, 1, INT64_MAX, &id))
		return err_set(_("id '%s' is not a comment id"), idtext);
	struct comment c;
	int rc = store_comment_get(im->st, id, &c);
	if (rc == 1)
		return err_set(_("no comment with id %lld"), (long long)id);
	if (rc < 0)
		return -1;
	char stamp[18];
	comment_stamp(c.edited_at, c.handled_at, stamp);
	bool stale = strcmp(stamp, field(im, (enum col)PCOL_STAMP)) != 0 || c.deleted_at;
	int disp = c.disposition;
	const char *old_resp = c.response ? c.response : "";
	const char *resp = im->col[PCOL_RESPONSE] >= 0 ? field(im, (enum col)PCOL_RESPONSE) : old_resp;
	/* Unchanged since the export, the comment's disposition is the one the row started with,
	 * so the column that differs from it is the one that was edited. A stale row is only
	 * compared, never applied. */
	rc = wanted_disposition(im, c.disposition, &disp);
	if (rc != 0 && stale) {
		rc = 0;
		disp = -1; /* the row asks for something else than what gopy has now */
	}
	bool disp_changed = rc == 0 && disp != c.disposition, resp_changed = strcmp(resp, old_resp) != 0;
	comment_clear(&c); /* old_resp is gone from here on */
	if (rc != 0)
		return -1;
	if (!disp_changed && !resp_changed)
		return 1;
	if (stale) {
		if (!im->dry) {
			char *where = text_sanitize(im->path, strlen(im->path));
			if (im->sheet)
				fprintf(stderr, _("gopy: %s: row %ld: comment %lld was changed in gopy after the export; left as it is\n"),
				        where, im->line, (long long)id);
			else
				fprintf(stderr, _("gopy: %s: line %ld: comment %lld was changed in gopy after the export; left as it is\n"),
				        where, im->line, (long long)id);
			free(where);
			im->conflicts++;
		}
		return 1;
	}
	if (im->dry)
		return 0;
	return store_comment_handle(im->st, id, disp_changed ? disp : -1, resp_changed ? resp : NULL, im->handler);
}

int cmd_import_dispositions(int argc, char **argv)
{
	const char *pos[2] = {NULL, NULL}, *as = NULL;
	const struct cli_opt opts[] = {{"as", OPT_TEXT, &as, NULL, 0}, {NULL, 0, NULL, NULL, 0}};
	if (cli_parse_args(argc, argv, opts, pos, 2, NULL))
		return 2;
	if (!pos[1])
		return cli_usage(_("usage: gopy import-dispositions DB FILE.csv|FILE.xlsx [--as EDITOR]"));
	struct store *st = cli_open(pos[0], 0);
	if (!st)
		return 1;
	struct identity who;
	if (cli_identify(st, pos[0], as, NEED_HANDLER, &who) != 0) {
		store_close(st);
		return 1;
	}
	struct csv_import im = {.st = st, .loose = true, .handler = who.as.id, .path = pos[1]};
	identity_clear(&who);
	store_bulk_source(st, pos[1]);
	static const int required[] = {PCOL_ID, PCOL_STAMP};
	long n = 0;
	int rc = import_csv(&im, pos[1], disposition_columns, PCOL_COUNT, required, 2, import_disposition_row, &n);
	store_close(st);
	if (rc != 0)
		return cli_fail_err();
	printf(ngettext("updated %ld comment\n", "updated %ld comments\n", (unsigned long)n), n);
	if (im.conflicts)
		printf(ngettext("%ld comment changed in gopy since the export was left as it is\n",
		                "%ld comments changed in gopy since the export were left as they are\n",
		                (unsigned long)im.conflicts),
		       im.conflicts);
	return 0;
}

enum kcol { KCOL_DOC, KCOL_UNIT, KCOL_DELEGATE, KCOL_ASKED, KCOL_DEADLINE, KCOL_NO_COMMENTS, KCOL_REFERENCE, KCOL_COUNT };
static const char *const consult_columns[KCOL_COUNT] = {"doc", "unit", "delegate", "asked_on", "deadline",
                                                        "no_comments_on", "reference"};

/* One row of a consultation list (CSV or the first sheet of an .xlsx): a delegate (by code)
 * or else a unit, and its dates. */
static int import_consult_row(struct csv_import *im)
{
	if (check_fields(im) != 0)
		return -1;
	gid doc_id = im->doc_id;
	const char *doc = field(im, (enum col)KCOL_DOC);
	if (*doc && doc_id_for(im, doc, &doc_id) != 0)
		return -1;
	if (!doc_id)
		return err_set(_("no document: give --doc or a 'doc' column"));
	struct consult_who who = {.unit = field(im, (enum col)KCOL_UNIT)};
	const char *code = field(im, (enum col)KCOL_DELEGATE);
	if (*code) {
		struct delegate d = {0};
		int rc = store_delegate_get(im->st, code, false, &d);
		if (rc != 0)
			return rc < 0 ? -1 : err_set(_("no delegate with code %s"), code);
		who.delegate_id = d.id;
		delegate_clear(&d);
	} else if (!*who.unit) {
		return err_set(_("neither a unit nor a delegate"));
	}
	const char *asked = field(im, (enum col)KCOL_ASKED), *deadline = field(im, (enum col)KCOL_DEADLINE);
	const char *none = field(im, (enum col)KCOL_NO_COMMENTS);
	if (im->dry) /* the checking pass: the dates are checked when written, in the one transaction */
		return 0;
	if (store_consult_add(im->st, doc_id, &who, *asked ? asked : NULL, deadline) < 0)
		return -1;
	if (*none && store_consult_no_comments(im->st, doc_id, &who, none, field(im, (enum col)KCOL_REFERENCE),
	                                       false) < 0)
		return -1;
	return 0;
}

int import_consult_file(struct store *st, gid doc_id, const char *path, long *count)
{
	struct csv_import im = {.st = st, .doc_id = doc_id};
	return import_csv(&im, path, consult_columns, KCOL_COUNT, NULL, 0, import_consult_row, count);
}
