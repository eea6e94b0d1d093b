/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_limit.c — the thread view's limit (l, mutt-style patterns mapped onto the store's
 * comment_filter; the grammar is in ui_int.h) and its sort orders (o). */
#include "ui_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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
		if (quoted || tok[0] != '~' || !tok[1]) {
			if (words.len)
				buf_putc(&words, ' ');
			buf_puts(&words, tok);
			free(tok);
			continue;
		}
		char op[3] = { '~', tok[1], '\0' };
		/* the value: the rest of this token (~aA01) or the next token */
		char *val = NULL;
		if (tok[1] != 'p') {
			if (tok[2]) {
				val = xstrdup(tok + 2);
			} else {
				val = next_token(&p, &quoted, &bad);
				if (!val && !bad)
					rc = err_set(_("%s needs a value"), op);
			}
		} else if (tok[2]) {
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

bool ui_limit_prompt(struct ui *u, enum comment_scope base_scope, gid base_section, struct comment_query *q,
                     struct ui_limit *l)
{
	char *pat = ui_prompt(u, _("Limit (~a ~u ~s ~d ~p ~t, words): "),
	                      l->pattern ? l->pattern : "");
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
	int64_t n = 0, pending = 0;
	if (store_comment_count(u->st, &nq, &n, &pending) != 0) {
		ui_limit_clear(&nl);
		ui_msg_err(u);
		return false;
	}
	bool was = ui_limit_active(l);
	ui_limit_clear(l);
	*l = nl;
	*q = nq;
	if (!ui_limit_active(l)) {
		ui_msg(u, "%s", was ? _("limit cleared") : "");
		return was;
	}
	ui_msg(u, ngettext("limit: %s — %lld comment", "limit: %s — %lld comments", (unsigned long)n), l->pattern,
	       (long long)n);
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
