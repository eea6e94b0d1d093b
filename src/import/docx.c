/* SPDX-License-Identifier: GPL-3.0-or-later */
/* docx.c — the text of a Word draft (.docx): paragraphs in order with Word's automatic
 * numbering rendered from numbering.xml (abstract definitions, levels, formats, level text,
 * start values, overrides, numbering through paragraph styles), headings by style, table
 * rows, footnotes and endnotes, tracked changes taken as accepted. See office.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/office.h"
#include "gopy/strmap.h"
#include "office_num.h"
#include "office_priv.h"
#include "zipxml.h"

#define NLVL 9

struct lvl {
	bool defined;
	int start;
	enum num_fmt fmt;
	char *text;        /* lvlText, e.g. "Điều %1." */
	char *pstyle;      /* a paragraph style tied to this level, or NULL */
};

struct abstract {
	char *id;
	struct lvl lvl[NLVL];
	int count[NLVL];   /* the last number given at each level */
	bool started[NLVL];
};

struct num {
	char *id, *abstract_id;
	bool has_start[NLVL];
	int start[NLVL];    /* startOverride */
	struct lvl lvl[NLVL]; /* whole levels redefined in an override */
	bool applied;       /* the overrides were applied at the first paragraph */
};

struct style {
	char *id, *based_on, *num_id;
	int ilvl;           /* -1 when not given */
	int heading;        /* 1..9 for "heading N", else 0 */
};

struct note {
	char *id;
	char *text;
	int number;         /* 0 until referenced */
};

struct docx {
	struct abstract *abs;
	size_t nabs;
	struct num *nums;
	size_t nnums;
	struct style *styles;
	size_t nstyles;
	struct note *notes;
	size_t nnotes;
	struct strmap abs_ix, num_ix, style_ix, note_ix; /* id → index (the last definition wins) */
	int next_note;
	struct office_notes *seen;
	struct office_draft *out;

	/* parsing state */
	int depth, skip;        /* skip: depth of an element whose content is left out, or 0 */
	int rpr;                /* inside w:rPr */
	bool in_t;              /* inside w:t */
	int para;               /* nesting of w:p (text boxes put paragraphs inside runs) */
	struct buf text;        /* the outermost paragraph's text */
	struct buf inner;       /* a nested paragraph's text */
	struct buf pending;     /* lines to emit after the outermost paragraph (text boxes, notes) */
	char *pstyle, *num_id;
	int ilvl;
	int tbl;                /* table nesting */
	struct buf cell, row;   /* the outermost table's current cell and row */
	int ncells;
	/* numbering.xml / styles.xml / notes parsing */
	struct abstract *cur_abs;
	struct num *cur_num;
	struct lvl *cur_lvl;
	int cur_override;       /* ilvl of the lvlOverride being read, or -1 */
	struct style *cur_style;
	struct note *cur_note;
	bool in_ppr;
};

static void lvl_free(struct lvl *l)
{
	free(l->text);
	free(l->pstyle);
}

static void docx_free(struct docx *d)
{
	for (size_t i = 0; i < d->nabs; i++) {
		free(d->abs[i].id);
		for (int k = 0; k < NLVL; k++)
			lvl_free(&d->abs[i].lvl[k]);
	}
	for (size_t i = 0; i < d->nnums; i++) {
		free(d->nums[i].id);
		free(d->nums[i].abstract_id);
		for (int k = 0; k < NLVL; k++)
			lvl_free(&d->nums[i].lvl[k]);
	}
	for (size_t i = 0; i < d->nstyles; i++) {
		free(d->styles[i].id);
		free(d->styles[i].based_on);
		free(d->styles[i].num_id);
	}
	for (size_t i = 0; i < d->nnotes; i++) {
		free(d->notes[i].id);
		free(d->notes[i].text);
	}
	strmap_free(&d->abs_ix);
	strmap_free(&d->num_ix);
	strmap_free(&d->style_ix);
	strmap_free(&d->note_ix);
	free(d->abs);
	free(d->nums);
	free(d->styles);
	free(d->notes);
	free(d->pstyle);
	free(d->num_id);
	buf_free(&d->text);
	buf_free(&d->inner);
	buf_free(&d->pending);
	buf_free(&d->cell);
	buf_free(&d->row);
}

#define GROW(arr, n) ((arr) = xrealloc((arr), ((n) + 1) * sizeof *(arr)), memset(&(arr)[n], 0, sizeof *(arr)), &(arr)[(n)++])

static int ival(const char *s, int dflt)
{
	if (!s)
		return dflt;
	char *end;
	long v = strtol(s, &end, 10);
	if (end == s || v < -1000000 || v > 1000000)
		return dflt;
	return (int)v;
}

static const char *wval(const char **attrs)
{
	return xml_attr(attrs, XNS_W, "val");
}

static void set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? xstrdup(s) : NULL;
}

/* Lookups go through hash maps: a hostile file may define a million lists. */
static void index_id(struct strmap *m, const char *id, size_t i)
{
	if (id)
		strmap_put(m, id, strlen(id), (int64_t)i);
}

static bool lookup(const struct strmap *m, const char *id, size_t *i)
{
	int64_t v;
	if (!id || !strmap_get(m, id, strlen(id), &v))
		return false;
	*i = (size_t)v;
	return true;
}

/* ---- numbering.xml --------------------------------------------------------------------- */

static void num_start(void *ud, enum xns ns, const char *name, const char **attrs)
{
	struct docx *d = ud;
	if (ns != XNS_W)
		return;
	if (strcmp(name, "abstractNum") == 0) {
		d->cur_abs = GROW(d->abs, d->nabs);
		set_str(&d->cur_abs->id, xml_attr(attrs, XNS_W, "abstractNumId"));
		d->cur_num = NULL;
		d->cur_lvl = NULL; /* it pointed into the old array */
		d->cur_override = -1;
	} else if (strcmp(name, "num") == 0) {
		d->cur_num = GROW(d->nums, d->nnums);
		set_str(&d->cur_num->id, xml_attr(attrs, XNS_W, "numId"));
		d->cur_abs = NULL;
		d->cur_lvl = NULL;
		d->cur_override = -1;
	} else if (strcmp(name, "abstractNumId") == 0 && d->cur_num) {
		set_str(&d->cur_num->abstract_id, wval(attrs));
	} else if (strcmp(name, "lvlOverride") == 0 && d->cur_num) {
		d->cur_override = ival(xml_attr(attrs, XNS_W, "ilvl"), -1);
	} else if (strcmp(name, "startOverride") == 0 && d->cur_num && d->cur_override >= 0 &&
	           d->cur_override < NLVL) {
		d->cur_num->has_start[d->cur_override] = true;
		d->cur_num->start[d->cur_override] = ival(wval(attrs), 1);
	} else if (strcmp(name, "lvl") == 0) {
		int k = ival(xml_attr(attrs, XNS_W, "ilvl"), -1);
		if (d->cur_num && d->cur_override >= 0)
			k = d->cur_override;
		struct lvl *l = NULL;
		if (k >= 0 && k < NLVL)
			l = d->cur_num ? &d->cur_num->lvl[k] : d->cur_abs ? &d->cur_abs->lvl[k] : NULL;
		if (l) {
			lvl_free(l);
			*l = (struct lvl){.defined = true, .start = 1, .fmt = NF_DECIMAL};
		}
		d->cur_lvl = l;
	} else if (d->cur_lvl) {
		const char *v = wval(attrs);
		if (strcmp(name, "start") == 0)
			d->cur_lvl->start = ival(v, 1);
		else if (strcmp(name, "numFmt") == 0)
			d->cur_lvl->fmt = num_fmt_word(v);
		else if (strcmp(name, "lvlText") == 0)
			set_str(&d->cur_lvl->text, v);
		else if (strcmp(name, "pStyle") == 0)
			set_str(&d->cur_lvl->pstyle, v);
	}
}

static void num_end(void *ud, enum xns ns, const char *name)
{
	struct docx *d = ud;
	if (ns != XNS_W)
		return;
	if (strcmp(name, "lvl") == 0)
		d->cur_lvl = NULL;
	else if (strcmp(name, "lvlOverride") == 0)
		d->cur_override = -1;
	else if (strcmp(name, "abstractNum") == 0 && d->cur_abs) {
		index_id(&d->abs_ix, d->cur_abs->id, (size_t)(d->cur_abs - d->abs));
		d->cur_abs = NULL;
	} else if (strcmp(name, "num") == 0 && d->cur_num) {
		index_id(&d->num_ix, d->cur_num->id, (size_t)(d->cur_num - d->nums));
		d->cur_num = NULL;
	}
}

/* ---- styles.xml ------------------------------------------------------------------------ */

static int heading_level(const char *name)
{
	if (name && strncasecmp(name, "heading", 7) == 0) {
		const char *p = name + 7;
		while (*p == ' ')
			p++;
		if (*p >= '1' && *p <= '9' && !p[1])
			return *p - '0';
	}
	return 0;
}

static void style_start(void *ud, enum xns ns, const char *name, const char **attrs)
{
	struct docx *d = ud;
	if (ns != XNS_W)
		return;
	if (strcmp(name, "style") == 0) {
		const char *type = xml_attr(attrs, XNS_W, "type");
		d->cur_style = NULL;
		if (type && strcmp(type, "paragraph") == 0) {
			d->cur_style = GROW(d->styles, d->nstyles);
			set_str(&d->cur_style->id, xml_attr(attrs, XNS_W, "styleId"));
			d->cur_style->ilvl = -1;
		}
	} else if (d->cur_style) {
		const char *v = wval(attrs);
		if (strcmp(name, "name") == 0)
			d->cur_style->heading = heading_level(v);
		else if (strcmp(name, "basedOn") == 0)
			set_str(&d->cur_style->based_on, v);
		else if (strcmp(name, "numId") == 0)
			set_str(&d->cur_style->num_id, v);
		else if (strcmp(name, "ilvl") == 0)
			d->cur_style->ilvl = ival(v, -1);
	}
}

static void style_end(void *ud, enum xns ns, const char *name)
{
	struct docx *d = ud;
	if (ns == XNS_W && strcmp(name, "style") == 0 && d->cur_style) {
		index_id(&d->style_ix, d->cur_style->id, (size_t)(d->cur_style - d->styles));
		d->cur_style = NULL;
	}
}

static struct style *style_find(struct docx *d, const char *id)
{
	size_t i;
	return lookup(&d->style_ix, id, &i) ? &d->styles[i] : NULL;
}

/* ---- rendering a number ---------------------------------------------------------------- */

static struct num *num_find(struct docx *d, const char *id)
{
	size_t i;
	return lookup(&d->num_ix, id, &i) ? &d->nums[i] : NULL;
}

static struct abstract *abs_find(struct docx *d, const char *id)
{
	size_t i;
	return lookup(&d->abs_ix, id, &i) ? &d->abs[i] : NULL;
}

static const struct lvl *level_of(struct num *n, struct abstract *a, int k)
{
	return n->lvl[k].defined ? &n->lvl[k] : &a->lvl[k];
}

/* Append the number of a paragraph in list num_id at level ilvl (the style's numbering when
 * the paragraph has none), counting it. */
static void render_number(struct docx *d, struct buf *b, const char *num_id, int ilvl, const char *style_id)
{
	struct num *n = num_find(d, num_id);
	struct abstract *a = n ? abs_find(d, n->abstract_id) : NULL;
	if (!a)
		return;
	if (ilvl < 0) {
		ilvl = 0;
		for (int k = 0; style_id && k < NLVL; k++)
			if (level_of(n, a, k)->pstyle && strcmp(level_of(n, a, k)->pstyle, style_id) == 0)
				ilvl = k;
	}
	if (ilvl >= NLVL)
		return;
	if (!n->applied) {
		/* Word keeps one set of counters per abstract definition; a list that overrides
		 * its start begins again there. */
		n->applied = true;
		for (int k = 0; k < NLVL; k++)
			if (n->has_start[k]) {
				a->count[k] = n->start[k] - 1;
				a->started[k] = true;
			}
	}
	const struct lvl *l = level_of(n, a, ilvl);
	if (!a->started[ilvl]) {
		a->count[ilvl] = (l->defined ? l->start : 1) - 1;
		a->started[ilvl] = true;
	}
	a->count[ilvl]++;
	for (int k = ilvl + 1; k < NLVL; k++)
		a->started[k] = false;
	if (!l->defined || !l->text)
		return;
	if (l->fmt == NF_BULLET) {
		num_bullet(b, l->text);
	} else {
		for (const char *p = l->text; *p; p++) {
			if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
				int k = p[1] - '1';
				const struct lvl *lk = level_of(n, a, k);
				int v = a->started[k] ? a->count[k] : lk->defined ? lk->start : 1;
				num_format(b, v, k == ilvl || lk->defined ? lk->fmt : NF_DECIMAL);
				p++;
			} else {
				buf_putc(b, *p);
			}
		}
	}
}

/* ---- document.xml, footnotes.xml, endnotes.xml ------------------------------------------ */

static bool is_skipped(const char *name)
{
	static const char *const skipped[] = {
		"pPrChange", "rPrChange", "sectPrChange", "tblPrChange", "trPrChange", "tcPrChange",
		"tblGridChange", "numberingChange", "instrText", "delText", "delInstrText", "del", "moveFrom",
	};
	for (size_t i = 0; i < sizeof skipped / sizeof *skipped; i++)
		if (strcmp(name, skipped[i]) == 0)
			return true;
	return false;
}

static struct buf *para_buf(struct docx *d)
{
	return d->para > 1 ? &d->inner : &d->text;
}

static struct note *note_find(struct docx *d, const char *id, bool endnote)
{
	size_t i;
	struct buf key = {0};
	buf_printf(&key, "%c%s", endnote ? 'e' : 'f', id ? id : "");
	bool found = id && lookup(&d->note_ix, key.data, &i);
	buf_free(&key);
	return found ? &d->notes[i] : NULL;
}

static void doc_start(void *ud, enum xns ns, const char *name, const char **attrs)
{
	struct docx *d = ud;
	d->depth++;
	if (d->skip)
		return;
	if (ns == XNS_MC && strcmp(name, "Fallback") == 0) {
		d->skip = d->depth;
		return;
	}
	if (ns != XNS_W)
		return;
	if (strcmp(name, "rPr") == 0) {
		d->rpr++;
		return;
	}
	if (d->rpr)
		return; /* formatting, and marks of an inserted or deleted paragraph mark */
	if (is_skipped(name)) {
		if (strcmp(name, "del") == 0 || strcmp(name, "moveFrom") == 0)
			d->seen->deletions++;
		d->skip = d->depth;
	} else if (strcmp(name, "ins") == 0 || strcmp(name, "moveTo") == 0) {
		d->seen->insertions++;
	} else if (strcmp(name, "p") == 0) {
		if (++d->para == 1) {
			buf_reset(&d->text);
			set_str(&d->pstyle, NULL);
			set_str(&d->num_id, NULL);
			d->ilvl = -1;
		} else {
			buf_reset(&d->inner);
		}
	} else if (strcmp(name, "pPr") == 0) {
		d->in_ppr = true;
	} else if (d->in_ppr && d->para == 1 && strcmp(name, "pStyle") == 0) {
		set_str(&d->pstyle, wval(attrs));
	} else if (d->in_ppr && d->para == 1 && strcmp(name, "numId") == 0) {
		set_str(&d->num_id, wval(attrs));
	} else if (d->in_ppr && d->para == 1 && strcmp(name, "ilvl") == 0) {
		d->ilvl = ival(wval(attrs), -1);
	} else if (strcmp(name, "t") == 0) {
		d->in_t = true;
	} else if (strcmp(name, "tab") == 0 && !d->in_ppr) {
		buf_putc(para_buf(d), '\t');
	} else if ((strcmp(name, "br") == 0 || strcmp(name, "cr") == 0) && !d->in_ppr) {
		const char *type = xml_attr(attrs, XNS_W, "type");
		if (!type || strcmp(type, "textWrapping") == 0)
			buf_putc(para_buf(d), '\n');
	} else if (strcmp(name, "noBreakHyphen") == 0) {
		buf_putc(para_buf(d), '-');
	} else if (strcmp(name, "footnoteReference") == 0 || strcmp(name, "endnoteReference") == 0) {
		struct note *n = note_find(d, xml_attr(attrs, XNS_W, "id"), name[0] == 'e');
		if (n) {
			int num = ++d->next_note;
			buf_printf(para_buf(d), "[%d]", num);
			const char *t = n->text ? n->text : "";
			t += strspn(t, " \t");
			buf_printf(&d->pending, "[%d] %s\n", num, t);
		}
	} else if (strcmp(name, "commentReference") == 0) {
		d->seen->comments++;
	} else if (strcmp(name, "tbl") == 0) {
		if (++d->tbl == 1)
			buf_reset(&d->row);
	} else if (strcmp(name, "tr") == 0 && d->tbl == 1) {
		buf_reset(&d->row);
		d->ncells = 0;
	} else if (strcmp(name, "tc") == 0 && d->tbl == 1) {
		buf_reset(&d->cell);
	}
}

/* A finished paragraph: a table cell's part, or a paragraph of the draft followed by the
 * lines waiting for it (notes, text boxes). */
static void put_para(struct docx *d, int heading, const struct buf *marker, const char *s, size_t len)
{
	if (d->tbl > 0) {
		if (d->cell.len && (len || marker->len))
			buf_putc(&d->cell, ' ');
		if (marker->len) {
			buf_append(&d->cell, marker->data, marker->len);
			if (len)
				buf_putc(&d->cell, ' ');
		}
		for (size_t i = 0; i < len; i++)
			buf_putc(&d->cell, s[i] == '\n' || s[i] == '\t' ? ' ' : s[i]);
		return;
	}
	office_emit(d->out, heading, marker->data, s, len);
	if (d->pending.len) {
		d->pending.len--; /* the last line break */
		office_emit(d->out, 0, NULL, d->pending.data, d->pending.len);
		buf_reset(&d->pending);
	}
}

static void end_para(struct docx *d)
{
	if (d->para > 1) {
		buf_append(&d->pending, d->inner.data ? d->inner.data : "", d->inner.len);
		buf_putc(&d->pending, '\n');
		return;
	}
	struct style *st = style_find(d, d->pstyle);
	const char *num_id = d->num_id;
	int ilvl = d->ilvl, heading = 0;
	int hops = 0; /* basedOn may loop in a hostile file */
	for (struct style *s = st; s && hops < 32; s = s->based_on ? style_find(d, s->based_on) : NULL, hops++) {
		if (!num_id && s->num_id)
			num_id = s->num_id;
		if (ilvl < 0 && s->ilvl >= 0)
			ilvl = s->ilvl;
		if (!heading)
			heading = s->heading;
	}
	struct buf marker = {0};
	if (num_id && strcmp(num_id, "0") != 0)
		render_number(d, &marker, num_id, ilvl, d->pstyle);
	put_para(d, heading && d->text.len && d->tbl == 0 ? heading : 0, &marker, d->text.data ? d->text.data : "",
	         d->text.len);
	buf_free(&marker);
}

static void doc_end(void *ud, enum xns ns, const char *name)
{
	struct docx *d = ud;
	int depth = d->depth--;
	if (d->skip) {
		if (d->skip == depth)
			d->skip = 0;
		return;
	}
	if (ns != XNS_W)
		return;
	if (strcmp(name, "rPr") == 0) {
		d->rpr--;
		return;
	}
	if (d->rpr)
		return;
	if (strcmp(name, "t") == 0) {
		d->in_t = false;
	} else if (strcmp(name, "pPr") == 0) {
		d->in_ppr = false;
	} else if (strcmp(name, "p") == 0 && d->para > 0) {
		end_para(d);
		d->para--;
	} else if (strcmp(name, "tc") == 0 && d->tbl == 1) {
		buf_puts(&d->row, d->ncells++ ? " | " : "| ");
		buf_append(&d->row, d->cell.data ? d->cell.data : "", d->cell.len);
	} else if (strcmp(name, "tr") == 0 && d->tbl == 1) {
		if (d->ncells) {
			buf_puts(&d->row, " |");
			int tbl = d->tbl;
			d->tbl = 0;
			struct buf none = {0};
			put_para(d, 0, &none, d->row.data, d->row.len);
			d->tbl = tbl;
		}
	} else if (strcmp(name, "tbl") == 0 && d->tbl > 0) {
		d->tbl--;
	}
}

static void doc_text(void *ud, const char *s, int len)
{
	struct docx *d = ud;
	if (d->in_t && !d->skip && d->para > 0)
		buf_append(para_buf(d), s, (size_t)len);
}

/* footnotes.xml / endnotes.xml: each note's paragraphs joined by spaces. */
static void note_start(void *ud, enum xns ns, const char *name, const char **attrs)
{
	struct docx *d = ud;
	if (ns == XNS_W && !d->skip && (strcmp(name, "footnote") == 0 || strcmp(name, "endnote") == 0)) {
		const char *type = xml_attr(attrs, XNS_W, "type");
		const char *id = xml_attr(attrs, XNS_W, "id");
		d->cur_note = NULL;
		if (id && (!type || strcmp(type, "normal") == 0)) {
			d->cur_note = GROW(d->notes, d->nnotes);
			d->cur_note->id = xstrdup(id);
			d->cur_note->number = name[0] == 'e' ? -1 : 0;
		}
		d->depth++;
		return;
	}
	doc_start(ud, ns, name, attrs);
}

static void note_end(void *ud, enum xns ns, const char *name)
{
	struct docx *d = ud;
	if (ns == XNS_W && !d->skip && (strcmp(name, "footnote") == 0 || strcmp(name, "endnote") == 0)) {
		d->depth--;
		if (d->cur_note) {
			struct buf key = {0};
			buf_printf(&key, "%c%s", name[0] == 'e' ? 'e' : 'f', d->cur_note->id);
			index_id(&d->note_ix, key.data, (size_t)(d->cur_note - d->notes));
			buf_free(&key);
		}
		d->cur_note = NULL;
		return;
	}
	if (ns == XNS_W && !d->skip && !d->rpr && strcmp(name, "p") == 0 && d->para == 1) {
		d->depth--;
		d->para--;
		if (d->cur_note && d->text.len) {
			struct buf b = {0};
			if (d->cur_note->text) {
				buf_puts(&b, d->cur_note->text);
				buf_putc(&b, ' ');
			}
			for (size_t i = 0; i < d->text.len; i++)
				buf_putc(&b, d->text.data[i] == '\n' || d->text.data[i] == '\t' ? ' ' : d->text.data[i]);
			free(d->cur_note->text);
			d->cur_note->text = buf_take(&b);
		}
		return;
	}
	doc_end(ud, ns, name);
}

/* ---- the whole file ------------------------------------------------------------------- */

static int parse_part(struct zx *z, const char *part, bool required, const struct xml_handler *h)
{
	char *data = NULL;
	size_t len = 0;
	int rc = zx_read(z, part, &data, &len);
	if (rc == 1)
		return required ? err_set(_("the file has no %s part (not a Word document, or damaged)"), part) : 0;
	if (rc == 0)
		rc = xml_parse(data, len, part, h);
	free(data);
	return rc;
}

int docx_text(struct zx *z, struct office_draft *out)
{
	struct docx d = {.out = out, .seen = &out->notes, .cur_override = -1, .ilvl = -1};
	struct xml_handler numbering = {.ud = &d, .start = num_start, .end = num_end};
	struct xml_handler styles = {.ud = &d, .start = style_start, .end = style_end};
	struct xml_handler notes = {.ud = &d, .start = note_start, .end = note_end, .text = doc_text};
	struct xml_handler body = {.ud = &d, .start = doc_start, .end = doc_end, .text = doc_text};
	int rc = parse_part(z, "word/numbering.xml", false, &numbering);
	if (rc == 0)
		rc = parse_part(z, "word/styles.xml", false, &styles);
	if (rc == 0)
		rc = parse_part(z, "word/footnotes.xml", false, &notes);
	if (rc == 0)
		rc = parse_part(z, "word/endnotes.xml", false, &notes);
	d.depth = d.skip = d.rpr = d.para = d.tbl = 0;
	d.in_t = d.in_ppr = false;
	/* comments.xml holds the comments themselves: never read, only counted by reference */
	if (rc == 0)
		rc = parse_part(z, "word/document.xml", true, &body);
	docx_free(&d);
	return rc;
}
