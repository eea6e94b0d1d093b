/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_limit.c — the thread view's limit (l, mutt-style patterns mapped onto the store's
 * comment_filter; the grammar is in ui_int.h) and its sort orders (o). */
#include "ui_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

bool ui_limit_active(const struct ui_limit *l)
{
	return l->pattern != NULL;
}

void ui_limit_clear(struct ui_limit *l)
{
	free(l->pattern);
	free(l->author);
	free(l->unit);
	free(l->text);
	free(l->since);
	free(l->until);
	memset(l, 0, sizeof *l);
	l->disposition = -1;
}

/* The next token of the pattern at *p: a quoted string ("..." or '...') or a run of
 * non-blanks. Returns a malloc'd token, NULL at the end; -1 in *bad for an open quote. */
static char *next_token(const char **p, bool *quoted, bool *bad)
{
	const char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	*quoted = false;
	if (!*s) {
		*p = s;
		return NULL;
	}
	if (*s == '"' || *s == '\'') {
		char q = *s++;
		const char *e = strchr(s, q);
		if (!e) {
			*bad = true;
			return NULL;
		}
		*quoted = true;
		*p = e + 1;
		return xstrndup(s, (size_t)(e - s));
	}
	const char *e = s;
	while (*e && *e != ' ' && *e != '\t')
		e++;
	*p = e;
	return xstrndup(s, (size_t)(e - s));
}

/* The long names of the pattern terms, beside ~a ~u ~s ~d ~p ~t. */
static const struct {
	char op;
	const char *name;   /* "author:"; pending has no value and no colon */
} long_names[] = {
	{ 'a', "author:" }, { 'u', "unit:" }, { 's', "section:" }, { 'd', "disposition:" }, { 't', "date:" },
	{ 'p', "pending" },
};

/* The term an unquoted token starts: 'a', 'u', 's', 'd', 'p' or 't' for ~a or author: (and so
 * on), with *rest the value written in the same token ("" when none); 0 for words. */
static char term_op(const char *tok, const char **rest)
{
	if (tok[0] == '~' && tok[1] && strchr("ausdpt", tok[1])) {
		*rest = tok + 2;
		return tok[1];
	}
	for (size_t i = 0; i < sizeof long_names / sizeof long_names[0]; i++) {
		size_t n = strlen(long_names[i].name);
		if (strncasecmp(tok, long_names[i].name, n) == 0 && (long_names[i].op != 'p' || !tok[n])) {
			*rest = tok + n;
			return long_names[i].op;
		}
	}
	return 0;
}

/* The disposition a unique prefix names, as Tab would complete it: the prefix of one
 * disposition's code, label or official wording (diacritics optional); -1 for none or several. */
static int disposition_prefix(const char *v)
{
	char *f = text_fold(v, strlen(v));
	size_t n = strlen(f);
	int found = -1, count = 0;
	for (int d = 0; d < DISP_COUNT && n; d++) {
		const char *names[] = { disposition_code(d), disposition_label(d), disposition_official(d) };
		bool hit = false;
		for (size_t i = 0; i < sizeof names / sizeof names[0] && !hit; i++) {
			char *nf = text_fold(names[i], strlen(names[i]));
			hit = strncmp(nf, f, n) == 0;
			free(nf);
		}
		if (hit) {
			found = d;
			count++;
		}
	}
	free(f);
	return count == 1 ? found : -1;
}

static bool valid_date(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* ~t FROM..TO, FROM.., ..TO or one day. */
static int parse_dates(const char *v, struct ui_limit *l)
{
	const char *dots = strstr(v, "..");
	char *a = dots ? xstrndup(v, (size_t)(dots - v)) : xstrdup(v);
	char *b = dots ? xstrdup(dots + 2) : xstrdup(v);
	if ((!a[0] && !b[0]) || (a[0] && !valid_date(a)) || (b[0] && !valid_date(b))) {
		free(a);
		free(b);
		char *c = ui_clean(v);
		err_set(_("~t needs dates like 2026-05-01..2026-05-31 (either side may be left out), not %s"), c);
		free(c);
		return -1;
	}
	if (a[0] && b[0] && strcmp(a, b) > 0) {
		free(a);
		free(b);
		return err_set(_("~t: the first date is after the second"));
	}
	if (a[0])
		l->since = a;
	else
		free(a);
	if (b[0])
		l->until = b;
	else
		free(b);
	return 0;
}

static int set_once(char **field, char *value, const char *op)
{
	if (*field) {
		free(value);
		return err_set(_("%s is given twice (terms combine with AND)"), op);
	}
	*field = value;
	return 0;
}

int ui_limit_parse(struct store *st, gid doc_id, const char *pattern, struct ui_limit *out)
{
	ui_limit_clear(out);
	struct ui_limit l;
	memset(&l, 0, sizeof l);
	l.disposition = -1;
	struct buf words = { 0 };
	const char *p = pattern;
	bool quoted, bad = false, any = false, has_disp = false, has_sec = false;
	char *tok;
	int rc = 0;
	while (rc == 0 && (tok = next_token(&p, &quoted, &bad)) != NULL) {
		any = true;
		const char *rest = "";
		char opc = quoted ? 0 : term_op(tok, &rest);
		if (!opc) {
			if (tok[0] == '~' && tok[1] && !opc) {
				char *c = ui_clean(tok);
				rc = err_set(_("unknown pattern %s (use ~a ~u ~s ~d ~p ~t, or words)"), c);
				free(c);
				free(tok);
				break;
			}
			if (words.len)
				buf_putc(&words, ' ');
			buf_puts(&words, tok);
			free(tok);
			continue;
		}
		char op[3] = { '~', opc, '\0' };
		/* the value: the rest of this token (~aA01, author:A01) or the next token; a quote
		 * right after the term (~s"Điều 1", section:"Điều 1") opens a quoted value */
		char *val = NULL;
		if (opc != 'p') {
			if (rest[0] == '"' || rest[0] == '\'') {
				p -= strlen(rest);
				val = next_token(&p, &quoted, &bad);
			} else if (rest[0]) {
				val = xstrdup(rest);
			} else {
				val = next_token(&p, &quoted, &bad);
				if (!val && !bad)
					rc = err_set(_("%s needs a value"), op);
			}
		} else if (rest[0]) {
			rc = err_set(_("~p takes no value"));
		}
		free(tok);
		if (rc != 0 || bad) {
			free(val);
			break;
		}
		switch (op[1]) {
		case 'a':
			rc = set_once(&l.author, val, op);
			break;
		case 'u':
			rc = set_once(&l.unit, val, op);
			break;
		case 'd': {
			int d = disposition_parse(val);
			if (d < 0)
				d = disposition_prefix(val);
			if (has_disp) {
				rc = err_set(_("%s is given twice (terms combine with AND)"), op);
			} else if (d < 0) {
				char *c = ui_clean(val);
				rc = err_set(_("unknown disposition %s (pending, accepted, partly, explained, noted, escalated)"), c);
				free(c);
			}
			l.disposition = d;
			has_disp = true;
			free(val);
			break;
		}
		case 'p':
			l.pending = true;
			break;
		case 's': {
			struct section s = { 0 };
			int r = has_sec ? 2 : store_section_find(st, doc_id, val, &s);
			if (r == 0) {
				l.section_id = s.id;
				section_clear(&s);
			} else if (r == 1) {
				char *c = ui_clean(val);
				rc = err_set(_("no section %s in this document"), c);
				free(c);
			} else if (r == 2) {
				rc = err_set(_("%s is given twice (terms combine with AND)"), op);
			} else {
				rc = -1;
			}
			has_sec = true;
			free(val);
			break;
		}
		case 't':
			if (l.since || l.until)
				rc = err_set(_("%s is given twice (terms combine with AND)"), op);
			else
				rc = parse_dates(val, &l);
			free(val);
			break;
		default: {
			free(val);
			char *c = ui_clean(op);
			rc = err_set(_("unknown pattern %s (use ~a ~u ~s ~d ~p ~t, or words)"), c);
			free(c);
		}
		}
	}
	if (rc == 0 && bad)
		rc = err_set(_("a quote is not closed"));
	if (rc == 0 && words.len) {
		bool alnum = false;
		char *f = text_fold(words.data, words.len);
		for (const char *c = f; *c && !alnum; c++)
			alnum = isalnum((unsigned char)*c) || (unsigned char)*c >= 0x80;
		free(f);
		if (!alnum)
			rc = err_set(_("the text to look for has no letters or digits"));
		else
			l.text = buf_take(&words);
	}
	buf_free(&words);
	if (rc != 0 || !any) {
		ui_limit_clear(&l);
		return rc;
	}
	l.pattern = text_sanitize(pattern, strlen(pattern));
	*out = l;
	return 0;
}

void ui_limit_apply(const struct ui_limit *l, enum comment_scope base_scope, gid base_section,
                    struct comment_query *q)
{
	comment_filter_init(&q->filter);
	q->scope = base_scope;
	q->section_id = base_section;
	if (!ui_limit_active(l)) {
		q->filter.include_deleted = true; /* placeholders keep the threads readable */
		return;
	}
	q->filter.author = l->author;
	q->filter.unit = l->unit;
	q->filter.text = l->text;
	q->filter.since = l->since;
	q->filter.until = l->until;
	q->filter.disposition = l->disposition;
	q->filter.pending_only = l->pending;
	if (l->section_id) {
		q->scope = SCOPE_SECTION;
		q->section_id = l->section_id;
	}
}

/* ---- the prompt: a hint line and completion ------------------------------------------------ */

/* What the cursor is in: the term (op, 0 for words, '?' for nothing typed yet) and where the
 * value being typed starts (value[0..vlen) of the text). */
struct at_cursor {
	char op;
	size_t vstart, vlen;
};

static struct at_cursor at_cursor(const char *text, size_t cur)
{
	struct at_cursor a = { '?', cur, 0 };
	/* the tokens before the cursor: the one it ends (maybe empty) and the one before */
	size_t tstart = cur;
	while (tstart > 0 && text[tstart - 1] != ' ')
		tstart--;
	size_t pend = tstart;
	while (pend > 0 && text[pend - 1] == ' ')
		pend--;
	size_t pstart = pend;
	while (pstart > 0 && text[pstart - 1] != ' ')
		pstart--;
	char *tok = xstrndup(text + tstart, cur - tstart), *prev = xstrndup(text + pstart, pend - pstart);
	const char *rest = "", *prest = "";
	char op = tok[0] ? term_op(tok, &rest) : 0, pop = prev[0] ? term_op(prev, &prest) : 0;
	if (op) { /* ~aA0, author:Ng, or the bare term */
		a.op = op;
		a.vstart = tstart + (size_t)(rest - tok);
	} else if (pop && pop != 'p' && !prest[0]) { /* "~a " then the value */
		a.op = pop;
		a.vstart = tstart;
	} else if (tok[0] || pend > 0) {
		a.op = 0;
		a.vstart = tstart;
	}
	a.vlen = cur - a.vstart;
	free(tok);
	free(prev);
	return a;
}

/* The completions of value v for term op, best first, into *out (each malloc'd). */
struct cands {
	char **s;
	char **note;   /* what a candidate stands for (a delegate's name), may be NULL */
	int n;
	char *fold;    /* the folded value */
	char op;
};

static void cand_add(struct cands *c, const char *s, const char *note)
{
	for (int i = 0; i < c->n; i++)
		if (strcmp(c->s[i], s) == 0)
			return;
	c->s = xrealloc(c->s, (size_t)(c->n + 1) * sizeof *c->s);
	c->note = xrealloc(c->note, (size_t)(c->n + 1) * sizeof *c->note);
	c->s[c->n] = xstrdup(s);
	c->note[c->n++] = note ? xstrdup(note) : NULL;
}

static int cand_delegate(void *ctx, const struct delegate *d)
{
	struct cands *c = ctx;
	if (c->op == 'a') {
		cand_add(c, d->code, d->name);
	} else if (d->unit && d->unit[0]) {
		char *f = text_fold(d->unit, strlen(d->unit));
		if (strstr(f, c->fold))
			cand_add(c, d->unit, NULL);
		free(f);
	}
	return c->n >= 12;
}

static void cands_load(struct ui *u, char op, const char *v, size_t vlen, struct cands *c)
{
	memset(c, 0, sizeof *c);
	c->op = op;
	if (vlen && (v[0] == '"' || v[0] == '\'')) { /* a quoted value being typed */
		v++;
		vlen--;
	}
	c->fold = text_fold(v, vlen);
	if (op == 'd') {
		for (int d = 0; d < DISP_COUNT; d++) {
			char *l = text_fold(disposition_label(d), strlen(disposition_label(d)));
			if (strncmp(disposition_code(d), c->fold, strlen(c->fold)) == 0 || strncmp(l, c->fold, strlen(c->fold)) == 0)
				cand_add(c, disposition_code(d), /* the label when it says more than the code */
				         strcmp(disposition_label(d), disposition_code(d)) ? disposition_label(d) : NULL);
			free(l);
		}
	} else if (op == 'a' || op == 'u') {
		char *q = xstrndup(v, vlen);
		if (store_delegate_match(u->st, q, 50, cand_delegate, c) != 0)
			ui_msg_err(u);
		free(q);
	}
}

static void cands_free(struct cands *c)
{
	for (int i = 0; i < c->n; i++) {
		free(c->s[i]);
		free(c->note[i]);
	}
	free(c->s);
	free(c->note);
	free(c->fold);
}

static const char *term_help(char op)
{
	switch (op) {
	case 'a': return _("author (~a, author:): a delegate code or part of a name");
	case 'u': return _("unit (~u, unit:): part of the author's unit");
	case 's': return _("section (~s, section:): an article, clause or point; \"quote\" a label with spaces");
	case 'd': return _("disposition (~d, disposition:)");
	case 'p': return _("pending (~p): comments not handled yet");
	case 't': return _("dates (~t, date:): FROM..TO as YYYY-MM-DD, either side may be left out");
	case 0: return _("words: comments that contain them, diacritics optional");
	default: return _("~a author · ~u unit · ~s section · ~d disposition · ~p pending · ~t dates · words");
	}
}

/* The hint line: what the term at the cursor means, and its completions. */
static void limit_hint(struct ui *u, const struct lineedit *e, struct buf *out, void *ctx)
{
	(void)ctx;
	struct at_cursor a = at_cursor(le_text(e), e->cur);
	buf_printf(out, " %s", term_help(a.op));
	if (a.op != 'a' && a.op != 'u' && a.op != 'd')
		return;
	struct cands c;
	cands_load(u, a.op, le_text(e) + a.vstart, a.vlen, &c);
	for (int i = 0; i < c.n; i++) {
		buf_printf(out, "%s%s", i ? " · " : ": ", c.s[i]);
		if (c.note[i])
			buf_printf(out, " (%s)", c.note[i]);
	}
	if (c.n)
		buf_printf(out, " — %s", _("Tab completes"));
	else if (a.vlen)
		buf_printf(out, " — %s", _("nothing matches"));
	cands_free(&c);
}

/* Tab: the value at the cursor becomes the first completion; Tab again, the next one. */
struct completion {
	char *typed;      /* the value as the user typed it before the first Tab */
	char *given;      /* what the last Tab put there */
	int next;
};

static void limit_complete(struct ui *u, struct lineedit *e, void *ctx)
{
	struct completion *k = ctx;
	const char *text = le_text(e);
	size_t cur = e->cur, gl = k->given ? strlen(k->given) : 0;
	if (gl && cur > gl && text[cur - 1] == ' ' && strncmp(text + cur - 1 - gl, k->given, gl) == 0)
		cur--; /* right after a completion: Tab again replaces it */
	struct at_cursor a = at_cursor(text, cur);
	if (a.op != 'a' && a.op != 'u' && a.op != 'd')
		return;
	char *now = xstrndup(text + a.vstart, a.vlen);
	if (!k->given || strcmp(now, k->given) != 0) { /* a new value: start from it */
		free(k->typed);
		k->typed = xstrdup(now);
		k->next = 0;
	}
	free(now);
	struct cands c;
	cands_load(u, a.op, k->typed, strlen(k->typed), &c);
	if (c.n) {
		const char *pick = c.s[k->next % c.n];
		k->next++;
		struct buf v = { 0 };
		if (strchr(pick, ' '))
			buf_printf(&v, "\"%s\"", pick);
		else
			buf_puts(&v, pick);
		struct buf t = { 0 };
		buf_append(&t, text, a.vstart);
		buf_append(&t, v.data, v.len);
		const char *after = text + e->cur;
		buf_putc(&t, ' ');
		buf_puts(&t, *after == ' ' ? after + 1 : after);
		size_t at = a.vstart + v.len + 1;
		le_set(e, t.data);
		e->cur = at <= e->text.len ? at : e->text.len;
		free(k->given);
		k->given = xstrndup(v.data, v.len);
		buf_free(&t);
		buf_free(&v);
	}
	cands_free(&c);
}

bool ui_limit_prompt(struct ui *u, enum comment_scope base_scope, gid base_section, struct comment_query *q,
                     struct ui_limit *l)
{
	struct completion k = { 0 };
	const struct prompt_ops ops = { .hint = limit_hint, .complete = limit_complete, .ctx = &k };
	char *pat = ui_prompt_ex(u, _("Limit (~a ~u ~s ~d ~p ~t, words): "), l->pattern ? l->pattern : "", &ops);
	free(k.typed);
	free(k.given);
	if (!pat)
		return false;
	struct ui_limit nl;
	memset(&nl, 0, sizeof nl);
	if (ui_limit_parse(u->st, q->doc_id, pat, &nl) != 0) {
		free(pat);
		ui_msg_err(u);
		return false;
	}
	free(pat);
	struct comment_query nq = *q;
	ui_limit_apply(&nl, base_scope, base_section, &nq);
	bool was = ui_limit_active(l);
	ui_limit_clear(l);
	*l = nl;
	*q = nq;
	if (!ui_limit_active(l)) {
		ui_msg(u, "%s", was ? _("limit cleared") : "");
		return was;
	}
	ui_msg(u, _("limit: %s"), l->pattern); /* the view adds the count (ui_thread.c) */
	return true;
}

enum comment_order ui_sort_next(enum comment_order o)
{
	switch (o) {
	case ORDER_THREAD:
		return ORDER_TIME;
	case ORDER_TIME:
		return ORDER_SECTION;
	case ORDER_SECTION:
		return ORDER_AUTHOR;
	case ORDER_AUTHOR:
	default:
		return ORDER_THREAD;
	}
}

const char *ui_sort_name(enum comment_order o)
{
	switch (o) {
	case ORDER_TIME:
		return _("by time");
	case ORDER_SECTION:
		return _("by section");
	case ORDER_AUTHOR:
		return _("by author");
	case ORDER_THREAD:
	default:
		return _("by thread");
	}
}
