/* SPDX-License-Identifier: GPL-3.0-or-later */
/* odt.c — the text of an OpenDocument draft (.odt from LibreOffice and others): paragraphs
 * and headings in order with list numbers rendered from the list styles (text:list-style,
 * prefix, suffix, format, start value, levels shown, continued lists) and the outline style
 * for numbered headings; tables as rows, footnotes, tracked changes accepted, annotations
 * and the table of contents left out; also the flat form (.fodt: styles and body in one XML
 * file). See office.h. */
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/office.h"
#include "gopy/strmap.h"
#include "office_num.h"
#include "office_priv.h"
#include "zipxml.h"

#define NLVL 10
#define OUTLINE "\x01outline" /* the name given to the outline style (no list style has it) */

struct olvl {
	bool defined;
	enum num_fmt fmt;
	char *prefix, *suffix, *bullet;
	int start, display;
};

struct lstyle {
	char *name;         /* "" for the outline style */
	struct olvl lvl[NLVL];
};

/* The counters of one list and of those that continue it. */
struct chain {
	char *style;
	char *xml_id;
	int count[NLVL];
	bool started[NLVL];
};

struct pstyle {
	char *name, *list_style;
};

struct odt {
	struct lstyle *ls;
	size_t nls;
	struct chain *chains;
	size_t nchains;
	struct pstyle *ps;
	size_t nps;
	/* name → index maps (a hostile file may hold a million lists): list styles and
	 * paragraph styles (the last definition wins), chains by xml:id and by style */
	struct strmap ls_ix, ps_ix, chain_id_ix, chain_style_ix;
	size_t outline_chain;  /* the headings' chain + 1, 0 before the first numbered heading */
	struct office_notes *seen;
	struct office_draft *out;
	/* reading styles */
	struct lstyle *cur_ls;
	/* reading the body */
	int depth, skip;
	bool in_body;
	int list;              /* text:list nesting */
	size_t chain;          /* the current list's chain (index), valid when list > 0 */
	int restart;           /* a start value pending for the current item, or 0 */
	bool item_numbered;    /* the current item's number was written */
	int para;              /* text:p / text:h nesting */
	struct buf text, inner, pending;
	struct buf marker;     /* the outermost paragraph's list number */
	int heading;           /* outline level of the outermost text:h, or 0 */
	bool in_note_citation;
	int note;              /* inside a note body: the note's number, else 0 */
	struct buf note_text;
	int notes_done;
	int tbl;
	struct buf cell, row;
	int ncells;
};

#define GROW(arr, n) ((arr) = xrealloc((arr), ((n) + 1) * sizeof *(arr)), memset(&(arr)[n], 0, sizeof *(arr)), &(arr)[(n)++])

static void odt_free(struct odt *o)
{
	for (size_t i = 0; i < o->nls; i++) {
		free(o->ls[i].name);
		for (int k = 0; k < NLVL; k++) {
			free(o->ls[i].lvl[k].prefix);
			free(o->ls[i].lvl[k].suffix);
			free(o->ls[i].lvl[k].bullet);
		}
	}
	for (size_t i = 0; i < o->nchains; i++) {
		free(o->chains[i].style);
		free(o->chains[i].xml_id);
	}
	for (size_t i = 0; i < o->nps; i++) {
		free(o->ps[i].name);
		free(o->ps[i].list_style);
	}
	strmap_free(&o->ls_ix);
	strmap_free(&o->ps_ix);
	strmap_free(&o->chain_id_ix);
	strmap_free(&o->chain_style_ix);
	free(o->ls);
	free(o->chains);
	free(o->ps);
	buf_free(&o->text);
	buf_free(&o->inner);
	buf_free(&o->pending);
	buf_free(&o->marker);
	buf_free(&o->note_text);
	buf_free(&o->cell);
	buf_free(&o->row);
}

static int ival(const char *s, int dflt)
{
	if (!s)
		return dflt;
	char *end;
	long v = strtol(s, &end, 10);
	return end == s || v < 0 || v > 1000000 ? dflt : (int)v;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void put_ix(struct strmap *m, const char *key, size_t i)
{
	if (key)
		strmap_put(m, key, strlen(key), (int64_t)i);
}

static bool get_ix(const struct strmap *m, const char *key, size_t *i)
{
	int64_t v;
	if (!key || !strmap_get(m, key, strlen(key), &v))
		return false;
	*i = (size_t)v;
	return true;
}

/* ---- styles (styles.xml and the automatic styles of content.xml) ----------------------- */

static void style_start(struct odt *o, enum xns ns, const char *name, const char **attrs)
{
	if (ns == XNS_TEXT && (strcmp(name, "list-style") == 0 || strcmp(name, "outline-style") == 0)) {
		o->cur_ls = GROW(o->ls, o->nls);
		o->cur_ls->name = xstrdup(name[0] == 'o' ? OUTLINE : xml_attr(attrs, XNS_STYLE, "name") ? xml_attr(attrs, XNS_STYLE, "name") : "?");
	} else if (ns == XNS_TEXT && o->cur_ls &&
	           (strcmp(name, "list-level-style-number") == 0 || strcmp(name, "outline-level-style") == 0 ||
	            strcmp(name, "list-level-style-bullet") == 0)) {
		int k = ival(xml_attr(attrs, XNS_TEXT, "level"), 0) - 1;
		if (k < 0 || k >= NLVL)
			return;
		struct olvl *l = &o->cur_ls->lvl[k];
		free(l->prefix);
		free(l->suffix);
		free(l->bullet);
		*l = (struct olvl){
			.defined = true,
			.fmt = strstr(name, "bullet") ? NF_BULLET : num_fmt_odf(xml_attr(attrs, XNS_STYLE, "num-format")),
			.prefix = dup_or_null(xml_attr(attrs, XNS_STYLE, "num-prefix")),
			.suffix = dup_or_null(xml_attr(attrs, XNS_STYLE, "num-suffix")),
			.bullet = dup_or_null(xml_attr(attrs, XNS_TEXT, "bullet-char")),
			.start = ival(xml_attr(attrs, XNS_TEXT, "start-value"), 1),
			.display = ival(xml_attr(attrs, XNS_TEXT, "display-levels"), 1),
		};
	} else if (ns == XNS_STYLE && strcmp(name, "style") == 0) {
		const char *family = xml_attr(attrs, XNS_STYLE, "family");
		const char *list = xml_attr(attrs, XNS_STYLE, "list-style-name");
		const char *sn = xml_attr(attrs, XNS_STYLE, "name");
		if (family && strcmp(family, "paragraph") == 0 && list && *list && sn) {
			struct pstyle *p = GROW(o->ps, o->nps);
			p->name = xstrdup(sn);
			p->list_style = xstrdup(list);
			put_ix(&o->ps_ix, sn, o->nps - 1);
		}
	}
}

static void style_end(struct odt *o, enum xns ns, const char *name)
{
	if (ns == XNS_TEXT && (strcmp(name, "list-style") == 0 || strcmp(name, "outline-style") == 0) && o->cur_ls) {
		/* the last definition wins: automatic styles of content.xml come after styles.xml */
		put_ix(&o->ls_ix, o->cur_ls->name, (size_t)(o->cur_ls - o->ls));
		o->cur_ls = NULL;
	}
}

static const struct lstyle *lstyle_find(const struct odt *o, const char *name)
{
	size_t i;
	return get_ix(&o->ls_ix, name, &i) ? &o->ls[i] : NULL;
}

static const char *pstyle_list(const struct odt *o, const char *name)
{
	size_t i;
	return get_ix(&o->ps_ix, name, &i) ? o->ps[i].list_style : NULL;
}

/* ---- numbers ------------------------------------------------------------------------- */

static size_t chain_new(struct odt *o, const char *style, const char *xml_id)
{
	struct chain *c = GROW(o->chains, o->nchains);
	c->style = xstrdup(style ? style : "");
	c->xml_id = dup_or_null(xml_id);
	put_ix(&o->chain_style_ix, c->style, o->nchains - 1);
	put_ix(&o->chain_id_ix, xml_id, o->nchains - 1);
	return o->nchains - 1;
}

/* The chain a new top-level list counts on: the one named by continue-list, or with
 * continue-numbering the last one of the same style, else a new one. */
static size_t chain_continuing(struct odt *o, const char *style, const char *cont_list, bool cont, const char *xml_id)
{
	size_t i;
	bool found = cont_list ? get_ix(&o->chain_id_ix, cont_list, &i)
	           : cont      ? get_ix(&o->chain_style_ix, style ? style : "", &i)
	                       : false;
	if (!found)
		return chain_new(o, style, xml_id);
	if (xml_id) {
		free(o->chains[i].xml_id);
		o->chains[i].xml_id = xstrdup(xml_id);
		put_ix(&o->chain_id_ix, xml_id, i);
	}
	return i;
}

/* Count an item at level k (0-based) of chain c and write its label as LibreOffice shows it. */
static void render(struct odt *o, struct buf *b, size_t ci, int k, int restart)
{
	struct chain *c = &o->chains[ci];
	const struct lstyle *ls = lstyle_find(o, c->style);
	if (k < 0 || k >= NLVL)
		return;
	const struct olvl *l = ls ? &ls->lvl[k] : NULL;
	if (restart > 0)
		c->count[k] = restart;
	else if (!c->started[k])
		c->count[k] = l && l->defined ? l->start : 1;
	else
		c->count[k]++;
	c->started[k] = true;
	for (int j = k + 1; j < NLVL; j++)
		c->started[j] = false;
	if (!l || !l->defined || l->fmt == NF_NONE)
		return;
	if (l->fmt == NF_BULLET) {
		num_bullet(b, l->bullet);
		buf_putc(b, ' ');
		return;
	}
	if (l->prefix)
		buf_puts(b, l->prefix);
	int first = k - (l->display > 0 ? l->display : 1) + 1;
	for (int j = first < 0 ? 0 : first; j <= k; j++) {
		const struct olvl *lj = &ls->lvl[j];
		int v = c->started[j] ? c->count[j] : lj->defined ? lj->start : 1;
		num_format(b, v, j == k ? l->fmt : lj->defined && lj->fmt != NF_NONE && lj->fmt != NF_BULLET ? lj->fmt : NF_DECIMAL);
		if (j < k)
			buf_putc(b, '.');
	}
	if (l->suffix)
		buf_puts(b, l->suffix);
	buf_putc(b, ' ');
}

/* ---- the body ------------------------------------------------------------------------- */

static struct buf *para_buf(struct odt *o)
{
	return o->note ? &o->note_text : o->para > 1 ? &o->inner : &o->text;
}

static bool skipped(enum xns ns, const char *name)
{
	if (ns == XNS_TEXT)
		return strcmp(name, "tracked-changes") == 0 || strcmp(name, "number") == 0 ||
		       strcmp(name, "table-of-content") == 0 || strcmp(name, "alphabetical-index") == 0 ||
		       strcmp(name, "illustration-index") == 0 || strcmp(name, "bibliography") == 0;
	if (ns == XNS_OFFICE)
		return strcmp(name, "annotation") == 0;
	if (ns == XNS_TABLE)
		return strcmp(name, "covered-table-cell") == 0;
	return false;
}

static void body_para_start(struct odt *o, const char *name, const char **attrs)
{
	if (o->note) {
		if (o->note_text.len)
			buf_putc(&o->note_text, ' ');
		o->para++;
		return;
	}
	if (++o->para > 1) {
		buf_reset(&o->inner);
		return;
	}
	buf_reset(&o->text);
	buf_reset(&o->marker);
	o->heading = 0;
	if (name[0] == 'h')
		o->heading = ival(xml_attr(attrs, XNS_TEXT, "outline-level"), 1);
	const char *header = xml_attr(attrs, XNS_TEXT, "is-list-header");
	if (o->list > 0 && !o->item_numbered) {
		o->item_numbered = true;
		const char *via = pstyle_list(o, xml_attr(attrs, XNS_TEXT, "style-name"));
		if (!*o->chains[o->chain].style && via) {
			free(o->chains[o->chain].style); /* a list styled through its paragraphs */
			o->chains[o->chain].style = xstrdup(via);
		}
		if (o->restart >= 0)
			render(o, &o->marker, o->chain, o->list - 1, o->restart);
		o->restart = 0;
	} else if (o->list == 0 && o->heading && !(header && strcmp(header, "true") == 0)) {
		/* a heading numbered by the outline style */
		if (!o->outline_chain)
			o->outline_chain = chain_new(o, OUTLINE, NULL) + 1;
		size_t ci = o->outline_chain - 1;
		const char *sv = xml_attr(attrs, XNS_TEXT, "start-value");
		render(o, &o->marker, ci, o->heading - 1, sv ? ival(sv, 0) : 0);
	}
}

static void body_start(void *ud, enum xns ns, const char *name, const char **attrs)
{
	struct odt *o = ud;
	o->depth++;
	if (o->skip)
		return;
	if (!o->in_body) {
		if (ns == XNS_OFFICE && strcmp(name, "text") == 0)
			o->in_body = true;
		else
			style_start(o, ns, name, attrs);
		return;
	}
	if (skipped(ns, name)) {
		if (ns == XNS_OFFICE)
			o->seen->comments++;
		o->skip = o->depth;
		return;
	}
	if (ns == XNS_TEXT) {
		if (strcmp(name, "change") == 0) /* where a tracked deletion was */
			o->seen->deletions++;
		else if (strcmp(name, "change-start") == 0)
			o->seen->insertions++;
		else if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0)
			body_para_start(o, name, attrs);
		else if (strcmp(name, "list") == 0) {
			if (o->list++ == 0) {
				const char *style = xml_attr(attrs, XNS_TEXT, "style-name");
				const char *cont = xml_attr(attrs, XNS_TEXT, "continue-numbering");
				o->chain = chain_continuing(o, style, xml_attr(attrs, XNS_TEXT, "continue-list"),
				                            cont && strcmp(cont, "true") == 0, xml_attr(attrs, XNS_XML, "id"));
			}
		} else if (strcmp(name, "list-item") == 0 || strcmp(name, "list-header") == 0) {
			o->item_numbered = false;
			o->restart = name[5] == 'h' ? -1 : ival(xml_attr(attrs, XNS_TEXT, "start-value"), 0);
		} else if (strcmp(name, "s") == 0) {
			int n = ival(xml_attr(attrs, XNS_TEXT, "c"), 1);
			for (int i = 0; i < n && i < 1000; i++)
				buf_putc(para_buf(o), ' ');
		} else if (strcmp(name, "tab") == 0) {
			buf_putc(para_buf(o), '\t');
		} else if (strcmp(name, "line-break") == 0) {
			buf_putc(para_buf(o), '\n');
		} else if (strcmp(name, "note") == 0 && !o->note) {
			buf_printf(para_buf(o), "[%d]", ++o->notes_done);
			o->note = o->notes_done;
			buf_reset(&o->note_text);
		} else if (strcmp(name, "note-citation") == 0) {
			o->in_note_citation = true;
		}
	} else if (ns == XNS_TABLE) {
		if (strcmp(name, "table") == 0)
			o->tbl++;
		else if (strcmp(name, "table-row") == 0 && o->tbl == 1) {
			buf_reset(&o->row);
			o->ncells = 0;
		} else if (strcmp(name, "table-cell") == 0 && o->tbl == 1)
			buf_reset(&o->cell);
	}
}

/* A finished paragraph: a table cell's part, or a paragraph of the draft followed by the
 * lines waiting for it (notes, frames). */
static void put_line(struct odt *o, int heading, const struct buf *marker, const char *s, size_t len)
{
	if (o->tbl > 0) {
		if (o->cell.len && (len || marker->len))
			buf_putc(&o->cell, ' ');
		if (marker->len)
			buf_append(&o->cell, marker->data, marker->len);
		for (size_t i = 0; i < len; i++)
			buf_putc(&o->cell, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
		return;
	}
	office_emit(o->out, heading, marker->data, s, len);
	if (o->pending.len) {
		o->pending.len--; /* the last line break */
		office_emit(o->out, 0, NULL, o->pending.data, o->pending.len);
		buf_reset(&o->pending);
	}
}

static void body_end(void *ud, enum xns ns, const char *name)
{
	struct odt *o = ud;
	int depth = o->depth--;
	if (o->skip) {
		if (o->skip == depth)
			o->skip = 0;
		return;
	}
	if (!o->in_body) {
		style_end(o, ns, name);
		return;
	}
	if (ns == XNS_OFFICE && strcmp(name, "text") == 0) {
		o->in_body = false;
	} else if (ns == XNS_TEXT && (strcmp(name, "p") == 0 || strcmp(name, "h") == 0) && o->para > 0) {
		if (o->note) {
			o->para--;
		} else if (--o->para > 0) {
			buf_append(&o->pending, o->inner.data ? o->inner.data : "", o->inner.len);
			buf_putc(&o->pending, '\n');
		} else {
			put_line(o, o->heading && o->text.len && o->tbl == 0 ? o->heading : 0, &o->marker,
			         o->text.data ? o->text.data : "", o->text.len);
		}
	} else if (ns == XNS_TEXT && strcmp(name, "list") == 0 && o->list > 0) {
		o->list--;
		o->item_numbered = true; /* text after a nested list belongs to no new item */
	} else if (ns == XNS_TEXT && strcmp(name, "note-citation") == 0) {
		o->in_note_citation = false;
	} else if (ns == XNS_TEXT && strcmp(name, "note") == 0 && o->note) {
		buf_printf(&o->pending, "[%d] ", o->note);
		for (size_t i = 0; i < o->note_text.len; i++)
			buf_putc(&o->pending, o->note_text.data[i] == '\n' ? ' ' : o->note_text.data[i]);
		buf_putc(&o->pending, '\n');
		o->note = 0;
	} else if (ns == XNS_TABLE && strcmp(name, "table-cell") == 0 && o->tbl == 1) {
		buf_puts(&o->row, o->ncells++ ? " | " : "| ");
		buf_append(&o->row, o->cell.data ? o->cell.data : "", o->cell.len);
	} else if (ns == XNS_TABLE && strcmp(name, "table-row") == 0 && o->tbl == 1) {
		if (o->ncells) {
			buf_puts(&o->row, " |");
			struct buf none = {0};
			o->tbl = 0;
			put_line(o, 0, &none, o->row.data, o->row.len);
			o->tbl = 1;
		}
	} else if (ns == XNS_TABLE && strcmp(name, "table") == 0 && o->tbl > 0) {
		o->tbl--;
	}
}

static void body_text(void *ud, const char *s, int len)
{
	struct odt *o = ud;
	if (o->in_body && !o->skip && o->para > 0 && !o->in_note_citation)
		buf_append(para_buf(o), s, (size_t)len);
}

int odt_text(struct zx *z, struct office_draft *out)
{
	struct odt o = {.out = out, .seen = &out->notes};
	struct xml_handler h = {.ud = &o, .start = body_start, .end = body_end, .text = body_text};
	static const char *const parts[] = {"styles.xml", "content.xml"};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < 2; i++) {
		char *data = NULL;
		size_t len = 0;
		rc = zx_read(z, parts[i], &data, &len);
		if (rc == 1)
			rc = i == 0 ? 0 : err_set(_("the file has no %s part (not an OpenDocument text, or damaged)"), parts[i]);
		else if (rc == 0)
			rc = xml_parse(data, len, parts[i], &h);
		free(data);
		o.depth = o.skip = 0;
		o.in_body = false;
	}
	odt_free(&o);
	return rc;
}

int fodt_text(const char *data, size_t len, struct office_draft *out)
{
	struct odt o = {.out = out, .seen = &out->notes};
	struct xml_handler h = {.ud = &o, .start = body_start, .end = body_end, .text = body_text};
	int rc = len > ZX_MAX_PART ? err_set(_("the document is too large (more than %u MiB)"), ZX_MAX_PART >> 20)
	                           : xml_parse(data, len, "the flat OpenDocument file", &h);
	odt_free(&o);
	return rc;
}
