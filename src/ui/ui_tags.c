/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_tags.c — tagged comments in the thread view: a hash set of their ids (never the rows,
 * so T can tag a limit of a million comments), T tags every comment of a query streamed
 * through store_comment_each, and `;` applies a disposition or a response to all tagged
 * comments in one transaction, or untags them. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

/* ---- the id set ---------------------------------------------------------------------------- */

static size_t slot_of(gid id, size_t cap)
{
	uint64_t x = (uint64_t)id; /* splitmix64 finaliser: ids are random already, but be safe */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)x & (cap - 1);
}

bool idset_has(const struct idset *s, gid id)
{
	if (!s->cap || id == 0)
		return false;
	for (size_t i = slot_of(id, s->cap);; i = (i + 1) & (s->cap - 1)) {
		if (s->slot[i] == id)
			return true;
		if (s->slot[i] == 0)
			return false;
	}
}

static void idset_grow(struct idset *s)
{
	size_t old = s->cap;
	gid *slots = s->slot;
	s->cap = old ? old * 2 : 64;
	s->slot = xcalloc(s->cap, sizeof *s->slot);
	s->n = 0;
	for (size_t i = 0; i < old; i++)
		if (slots[i])
			idset_add(s, slots[i]);
	free(slots);
}

bool idset_add(struct idset *s, gid id)
{
	if (id == 0)
		return false;
	if ((s->n + 1) * 10 > s->cap * 7) /* keep the load under 70% */
		idset_grow(s);
	size_t i = slot_of(id, s->cap);
	while (s->slot[i]) {
		if (s->slot[i] == id)
			return false;
		i = (i + 1) & (s->cap - 1);
	}
	s->slot[i] = id;
	s->n++;
	return true;
}

bool idset_del(struct idset *s, gid id)
{
	if (!s->cap || id == 0)
		return false;
	size_t mask = s->cap - 1, i = slot_of(id, s->cap);
	while (s->slot[i] != id) {
		if (s->slot[i] == 0)
			return false;
		i = (i + 1) & mask;
	}
	/* backward-shift deletion: move later members of the probe run into the hole */
	size_t hole = i;
	for (size_t j = (i + 1) & mask; s->slot[j]; j = (j + 1) & mask) {
		size_t home = slot_of(s->slot[j], s->cap);
		/* j may move to the hole unless its home lies cyclically in (hole, j] */
		bool stays = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
		if (!stays) {
			s->slot[hole] = s->slot[j];
			hole = j;
		}
	}
	s->slot[hole] = 0;
	s->n--;
	return true;
}

void idset_free(struct idset *s)
{
	free(s->slot);
	memset(s, 0, sizeof *s);
}

/* ---- T ------------------------------------------------------------------------------------- */

struct tagging {
	struct idset *tags;
	int64_t added;
};

static int tag_cb(void *ctx, const struct comment *c)
{
	struct tagging *t = ctx;
	if (!c->deleted_at && idset_add(t->tags, c->id))
		t->added++;
	return 0;
}

int64_t ui_tag_query(struct ui *u, const struct comment_query *q, struct idset *tags)
{
	struct comment_query all = *q;
	all.filter.include_deleted = false;
	struct tagging t = { .tags = tags };
	if (store_comment_each(u->st, &all, tag_cb, &t) != 0)
		return -1;
	return t.added;
}

/* ---- ; ------------------------------------------------------------------------------------- */

/* The response for one comment: tmpl with {author}, {unit} and {section} filled in. */
static char *fill_template(const char *tmpl, const struct comment *c)
{
	static const char *const names[] = { "{author}", "{unit}", "{section}" };
	struct buf b = { 0 };
	buf_puts(&b, "");
	for (const char *p = tmpl; *p;) {
		const char *val = NULL;
		size_t n = 0;
		for (size_t i = 0; i < sizeof names / sizeof names[0] && !val; i++) {
			n = strlen(names[i]);
			if (strncmp(p, names[i], n) == 0)
				val = i == 0 ? c->author_name : i == 1 ? c->author_unit : c->section_label;
		}
		if (val) {
			buf_puts(&b, val);
			p += n;
		} else {
			buf_putc(&b, *p++);
		}
	}
	return buf_take(&b);
}

/* Apply disposition disp (-1: unchanged) and/or response template tmpl (NULL: unchanged) to
 * every tagged comment in one transaction. Returns the number updated (deleted or vanished
 * ones are skipped and counted in *skipped), or -1 with err_set (nothing changed). */
static int64_t apply_all(struct ui *u, const struct idset *tags, int disp, const char *tmpl, int64_t *skipped)
{
	int64_t done = 0;
	*skipped = 0;
	if (store_begin(u->st) != 0)
		return -1;
	for (size_t i = 0; i < tags->cap; i++) {
		gid id = tags->slot[i];
		if (!id)
			continue;
		struct comment c = { 0 };
		int r = store_comment_get(u->st, id, &c);
		if (r < 0)
			goto fail;
		if (r == 1 || c.deleted_at) {
			if (r == 0)
				comment_clear(&c);
			(*skipped)++;
			continue;
		}
		char *resp = tmpl ? fill_template(tmpl, &c) : NULL;
		comment_clear(&c);
		r = store_comment_handle(u->st, id, disp, resp, u->me.id);
		free(resp);
		if (r != 0)
			goto fail;
		done++;
	}
	if (store_commit(u->st) != 0)
		return -1;
	return done;
fail: {
	char *m = xstrdup(err_msg());
	store_rollback(u->st);
	err_set("%s", m);
	free(m);
	return -1;
}
}

static void report_done(struct ui *u, int64_t done, int64_t skipped)
{
	ui_msg(u, ngettext("%lld comment updated", "%lld comments updated", (unsigned long)done), (long long)done);
	if (skipped) {
		struct buf b = { 0 };
		buf_printf(&b, "%s", u->msg.data);
		buf_printf(&b, ngettext(" (%lld deleted one skipped)", " (%lld deleted ones skipped)",
		                        (unsigned long)skipped),
		           (long long)skipped);
		ui_msg(u, "%s", b.data);
		buf_free(&b);
	}
}

bool ui_tagged_apply(struct ui *u, struct idset *tags)
{
	if (tags->n == 0) {
		ui_msg(u, "%s", _("no tagged comments (t tags one, T every comment shown)"));
		return false;
	}
	ui_msg(u, ngettext("%lld tagged: d disposition, R response, t untag all, Esc cancel",
	                   "%lld tagged: d disposition, R response, t untag all, Esc cancel", (unsigned long)tags->n),
	       (long long)tags->n);
	ui_redraw(u);
	int k = ui_getkey(u, -1);
	if (k == 't') {
		int64_t n = (int64_t)tags->n;
		idset_free(tags);
		ui_msg(u, ngettext("%lld comment untagged", "%lld comments untagged", (unsigned long)n), (long long)n);
		return false;
	}
	if (k != 'd' && k != 'R') {
		ui_msg(u, "%s", k == K_ESC || k == K_EOF || k == K_CTRL('g') ? "" : _("; then d, R or t"));
		return false;
	}
	if (!u->me.id) {
		ui_msg(u, "%s", _("read-only: start gopy with --as CODE to write or handle comments"));
		return false;
	}
	if (!delegate_can_handle(&u->me)) {
		ui_msg(u, "%s", _("only the drafting team (role editor) handles comments"));
		return false;
	}
	int64_t skipped = 0, done;
	if (k == 'd') {
		const char *items[DISP_COUNT];
		for (int d = 0; d < DISP_COUNT; d++)
			items[d] = disposition_label(d);
		char title[80];
		snprintf(title, sizeof title, ngettext("Disposition of %lld comment", "Disposition of %lld comments",
		                                       (unsigned long)tags->n),
		         (long long)tags->n);
		ui_msg(u, "%s", "");
		int d = ui_menu(u, title, items, DISP_COUNT, DISP_ACCEPTED);
		if (d < 0)
			return false;
		done = apply_all(u, tags, d, NULL, &skipped);
	} else {
		char prompt[120];
		snprintf(prompt, sizeof prompt,
		         ngettext("Response for %lld ({author} {unit} {section}): ",
		                  "Response for %lld ({author} {unit} {section}): ",
		                  (unsigned long)tags->n),
		         (long long)tags->n);
		ui_msg(u, "%s", "");
		char *r = ui_prompt(u, prompt, u->response_template ? u->response_template : "");
		if (!r)
			return false;
		free(u->response_template);
		u->response_template = r;
		done = apply_all(u, tags, -1, r, &skipped);
	}
	if (done < 0) {
		ui_msg_err(u);
		return false;
	}
	report_done(u, done, skipped);
	return done > 0;
}
