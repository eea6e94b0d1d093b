/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_history.c — a comment's history from the audit log (L in the thread view): who changed
 * what and when, with the text before and after each edit, in a pager. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/i18n.h"

struct lines {
	char **v;
	int n;
};

static void add(struct lines *l, struct buf *b)
{
	l->v = xrealloc(l->v, (size_t)(l->n + 1) * sizeof *l->v);
	l->v[l->n++] = buf_take(b);
}

/* Each line of text as its own pager line, after a prefix ("- " before, "+ " after). */
static void add_text(struct lines *l, const char *prefix, const char *text)
{
	const char *p = text;
	do {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		struct buf b = { 0 };
		buf_printf(&b, "      %s%.*s", prefix, (int)n, p);
		add(l, &b);
		p = nl ? nl + 1 : NULL;
	} while (p);
}

static int entry(void *ctx, const struct audit_entry *e)
{
	struct lines *l = ctx;
	struct buf b = { 0 };
	char when[40];
	time_show(e->at, when, sizeof when); /* the user's zone and language */
	buf_printf(&b, "%s  %s  ", when, audit_kind_label(e->kind));
	buf_printf(&b, _("by %s / %s"), e->os_user ? e->os_user : _("(another program)"),
	           e->delegate_code ? e->delegate_code : "-");
	if (e->first_seq) {
		buf_puts(&b, "  ");
		if (e->detail)
			buf_printf(&b, "%s: ", e->detail);
		buf_printf(&b, ngettext("%lld comment", "%lld comments", (unsigned long)e->count), (long long)e->count);
	}
	add(l, &b);
	const char *old = audit_value(e, e->old_value), *new = audit_value(e, e->new_value);
	if (strcmp(e->kind, "disposition") == 0) {
		buf_printf(&b, "      %s → %s", old ? old : "-", new ? new : "-");
		add(l, &b);
		return 0;
	}
	if (old)
		add_text(l, "- ", old);
	if (new)
		add_text(l, "+ ", new);
	return 0;
}

void ui_history(struct ui *u, gid id)
{
	struct lines l = { 0 };
	if (store_audit_each(u->st, 0, id, entry, &l) != 0) {
		for (int i = 0; i < l.n; i++)
			free(l.v[i]);
		free(l.v);
		ui_msg_err(u);
		return;
	}
	if (!l.n) {
		struct buf b = { 0 };
		buf_puts(&b, _("(nothing in the audit log for this comment)"));
		add(&l, &b);
	}
	char title[96];
	snprintf(title, sizeof title, _("History of comment %lld (q to go back)"), (long long)id);
	ui_push(u, view_text_new(title, l.v, l.n));
}
