/* SPDX-License-Identifier: GPL-3.0-or-later */
/* overview.c — the consultation at a glance: gathers one document's figures from the store's
 * counters and tallies (never a scan of the comments) and lays them out as lines of text with
 * bars, aligned by display width, for `gopy stats` and the TUI's overview screen. Bars use
 * block characters and every bar has its number beside it, so the layout reads without
 * colour. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/outline.h"
#include "gopy/overview.h"
#include "gopy/text.h"
#include "gopy/util.h"

/* ---- gathering --------------------------------------------------------------------------- */

static char *san(const char *s)
{
	return text_sanitize(s ? s : "", s ? strlen(s) : 0);
}

/* Days since 1970-01-01 of a YYYY-MM-DD date (proleptic Gregorian; H. Hinnant's formula). */
static int64_t day_number(const char *date);

int64_t overview_days_until(const char *today, const char *date)
{
	return day_number(date) - day_number(today);
}

void overview_deadline_text(struct buf *t, const char *deadline_iso, int64_t days_left)
{
	if (!deadline_iso || !deadline_iso[0]) {
		buf_puts(t, _("no deadline"));
		return;
	}
	char deadline[40];
	time_show(deadline_iso, deadline, sizeof deadline); /* the language's form, as list shows dates */
	if (days_left < 0)
		buf_printf(t, ngettext("%s, %lld day overdue", "%s, %lld days overdue", (unsigned long)-days_left), deadline,
		           (long long)-days_left);
	else if (days_left == 0)
		buf_printf(t, _("%s, due today"), deadline);
	else
		buf_printf(t, ngettext("%s, %lld day left", "%s, %lld days left", (unsigned long)days_left), deadline,
		           (long long)days_left);
}

static int64_t day_number(const char *date)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The rows of the chapter/article chart: everything above a clause (parts, chapters,
 * sections, articles, Markdown headings and the roman mục of đề án and Party documents),
 * but the preamble. */
static bool charted(int level)
{
	return level == LEVEL_PART || level == LEVEL_CHAPTER || level == LEVEL_SECTION || level == LEVEL_ARTICLE ||
	       level == LEVEL_HEADING || level == LEVEL_ROMAN;
}

struct gather {
	struct overview *ov;
	size_t cap;
	gid *ids;                   /* every section read, with the charted section it is or is under */
	long *chart;
	size_t n_ids, cap_ids;
	long *up;                   /* by charted index: the charted section above it, -1 */
	size_t cap_up;
	/* ancestors of the section being read: index in ov->secs, or -1 when not charted */
	long stack[64];
	int depth[64];
	int top;
};

static int add_section(void *ctx, const struct section *s)
{
	struct gather *g = ctx;
	struct overview *ov = g->ov;
	while (g->top > 0 && g->depth[g->top - 1] >= s->depth)
		g->top--;
	long self = -1;
	if (charted(s->level)) {
		if (ov->n_secs == g->cap) {
			g->cap = g->cap ? g->cap * 2 : 64;
			ov->secs = xrealloc(ov->secs, g->cap * sizeof *ov->secs);
		}
		self = (long)ov->n_secs++;
		ov->secs[self] = (struct overview_section){
			.id = s->id, .level = s->level, .depth = s->depth,
			.label = san(s->label), .citation = san(s->full_label[0] ? s->full_label : s->label),
			.heading = san(s->heading),
		};
	}
	/* a section's own comments count for it and for every charted section above it */
	if (self >= 0) {
		ov->secs[self].n += s->n_comments;
		ov->secs[self].pending += s->n_pending;
	}
	for (int i = 0; i < g->top; i++)
		if (g->stack[i] >= 0) {
			ov->secs[g->stack[i]].n += s->n_comments;
			ov->secs[g->stack[i]].pending += s->n_pending;
		}
	ov->general -= s->n_comments;
	long under = self;
	for (int i = g->top - 1; under < 0 && i >= 0; i--)
		under = g->stack[i];
	if (self >= 0) {
		long above = -1;
		for (int i = g->top - 1; above < 0 && i >= 0; i--)
			above = g->stack[i];
		if ((size_t)self >= g->cap_up) {
			g->cap_up = g->cap;
			g->up = xrealloc(g->up, g->cap_up * sizeof *g->up);
		}
		g->up[self] = above;
	}
	if (g->n_ids == g->cap_ids) {
		g->cap_ids = g->cap_ids ? g->cap_ids * 2 : 64;
		g->ids = xrealloc(g->ids, g->cap_ids * sizeof *g->ids);
		g->chart = xrealloc(g->chart, g->cap_ids * sizeof *g->chart);
	}
	g->ids[g->n_ids] = s->id;
	g->chart[g->n_ids++] = under;
	if (g->top < 64) {
		g->stack[g->top] = self;
		g->depth[g->top++] = s->depth;
	}
	return 0;
}

struct list_ctx {
	struct overview *ov;
	size_t cap;
};

/* ---- earlier rounds: each comment counted once, on the sections that continue its own ---- */

static int add_round(void *ctx, const struct earlier_round *r)
{
	struct list_ctx *c = ctx;
	struct overview *ov = c->ov;
	if (ov->n_rounds == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 4;
		ov->rounds = xrealloc(ov->rounds, c->cap * sizeof *ov->rounds);
	}
	ov->rounds[ov->n_rounds++] = (struct overview_round){
		.version = r->version, .label = san(r->label), .n_carried = r->n_carried,
		.pending_carried = r->pending_carried, .n_removed = r->n_removed, .pending_removed = r->pending_removed,
	};
	return 0;
}

/* A charted section (by index) and an earlier section whose comments it shows. */
struct carried {
	size_t sec;
	gid old_id;
	int64_t n;
};

struct reach_ctx {
	struct overview *ov;
	const gid *ids;             /* the version's sections by id ... */
	const long *chart;          /* ... and the charted section each is or is under (-1: none) */
	size_t n_ids;
	const long *up;             /* by charted index: the charted section above it, -1 */
	struct carried *v;
	size_t n, cap;
};

static int cmp_gid_at(const void *key, const void *elem)
{
	gid k = *(const gid *)key, e = *(const gid *)elem;
	return k < e ? -1 : k > e;
}

static int add_reach(void *ctx, gid section_id, gid old_id, int64_t n, int64_t pending)
{
	struct reach_ctx *r = ctx;
	(void)pending;
	const gid *at = (r->n_ids ? bsearch(&section_id, r->ids, r->n_ids, sizeof *r->ids, cmp_gid_at) : NULL);
	if (!at)
		return 0;
	for (long c = r->chart[at - r->ids]; c >= 0; c = r->up[c]) {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 64;
			r->v = xrealloc(r->v, r->cap * sizeof *r->v);
		}
		r->v[r->n++] = (struct carried){(size_t)c, old_id, n};
	}
	return 0;
}

static int cmp_carried(const void *a, const void *b)
{
	const struct carried *x = a, *y = b;
	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->old_id < y->old_id ? -1 : x->old_id > y->old_id;
}

static int add_unit(void *ctx, const struct unit_tally *u)
{
	struct list_ctx *c = ctx;
	if (c->ov->n_units == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->ov->units = xrealloc(c->ov->units, c->cap * sizeof *c->ov->units);
	}
	c->ov->units[c->ov->n_units++] = (struct overview_unit){
		.unit = san(u->unit), .sent = u->sent, .roots = u->roots, .handled = u->handled,
	};
	return 0;
}

static int add_waiting(void *ctx, const struct consultee *k)
{
	struct list_ctx *c = ctx;
	struct overview *ov = c->ov;
	if (ov->n_waiting == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		ov->waiting = xrealloc(ov->waiting, c->cap * sizeof *ov->waiting);
	}
	struct overview_waiting *w = &ov->waiting[ov->n_waiting++];
	memset(w, 0, sizeof *w);
	struct buf b = {0};
	if (k->delegate_id) {
		buf_puts(&b, k->delegate_name ? k->delegate_name : "");
		if (*k->unit)
			buf_printf(&b, " (%s)", k->unit);
	} else {
		buf_puts(&b, k->unit);
	}
	w->who = san(b.data ? b.data : "");
	buf_free(&b);
	w->code = san(k->delegate_code ? k->delegate_code : "");
	if (k->deadline && strlen(k->deadline) == 10) {
		memcpy(w->deadline, k->deadline, 11);
		w->days_left = overview_days_until(ov->today, k->deadline);
	}
	return 0;
}

/* The earlier rounds' totals, and each charted section's earlier comments (each earlier
 * section once under it: a khoản split in two counts once for its article). */
static int load_earlier(struct store *st, struct overview *ov, const struct gather *g)
{
	/* general comments: on no section of any version (the counters, no scan) */
	struct comment_query q = {.doc_id = ov->doc.id, .scope = SCOPE_GENERAL};
	comment_filter_init(&q.filter);
	int64_t pending;
	if (store_comment_count(st, &q, &ov->general, &pending) != 0)
		return -1;
	struct list_ctx rc = {.ov = ov};
	int version = store_version_shown(st, &ov->doc);
	if (store_earlier_rounds(st, ov->doc.id, version, add_round, &rc) != 0)
		return -1;
	/* the sections by id, for the pairs that name them */
	size_t n = g->n_ids;
	gid *ids = xcalloc(n + 1, sizeof *ids);
	long *chart = xcalloc(n + 1, sizeof *chart);
	for (size_t i = 0; i < n; i++)
		ids[i] = g->ids[i];
	if (n > 1)
		qsort(ids, n, sizeof *ids, cmp_gid_at);
	for (size_t i = 0; i < n; i++) {
		gid *at = bsearch(&g->ids[i], ids, n, sizeof *ids, cmp_gid_at);
		chart[at - ids] = g->chart[i];
	}
	struct reach_ctx r = {.ov = ov, .ids = ids, .chart = chart, .n_ids = n, .up = g->up};
	int rc2 = store_earlier_reach(st, ov->doc.id, version, add_reach, &r);
	if (rc2 == 0) {
		if (r.n > 1) /* qsort(NULL, 0, …) is undefined */
			qsort(r.v, r.n, sizeof *r.v, cmp_carried);
		for (size_t i = 0; i < r.n; i++)
			if (i == 0 || r.v[i].sec != r.v[i - 1].sec || r.v[i].old_id != r.v[i - 1].old_id)
				ov->secs[r.v[i].sec].earlier += r.v[i].n;
	}
	free(r.v);
	free(ids);
	free(chart);
	return rc2;
}

int overview_load(struct store *st, const struct document *doc, struct overview *ov)
{
	memset(ov, 0, sizeof *ov);
	char now[21];
	clock_now_iso(now);
	memcpy(ov->today, now, 10);
	if (store_document_get_id(st, doc->id, &ov->doc) != 0) {
		if (!err_msg()[0])
			err_set(_("the document is gone"));
		return -1;
	}
	if (store_tally_dispositions(st, doc->id, ov->disp) != 0)
		goto fail;
	for (int d = 0; d < DISP_COUNT; d++)
		ov->total += ov->disp[d];
	ov->general = ov->doc.n_comments;
	struct gather g = {.ov = ov};
	int rc = store_section_each(st, doc->id, add_section, &g);
	if (rc == 0 && ov->doc.n_versions > 1)
		rc = load_earlier(st, ov, &g);
	free(g.ids);
	free(g.chart);
	free(g.up);
	if (rc != 0)
		goto fail;
	struct list_ctx u = {.ov = ov};
	if (store_tally_units(st, doc->id, add_unit, &u) != 0)
		goto fail;
	if (store_consult_totals(st, doc->id, ov->today, &ov->consult) != 0)
		goto fail;
	struct list_ctx w = {.ov = ov};
	if (store_consult_each(st, doc->id, true, add_waiting, &w) != 0)
		goto fail;
	return 0;
fail:
	overview_clear(ov);
	return -1;
}

void overview_clear(struct overview *ov)
{
	document_clear(&ov->doc);
	for (size_t i = 0; i < ov->n_secs; i++) {
		free(ov->secs[i].label);
		free(ov->secs[i].citation);
		free(ov->secs[i].heading);
	}
	free(ov->secs);
	for (size_t i = 0; i < ov->n_units; i++)
		free(ov->units[i].unit);
	free(ov->units);
	for (size_t i = 0; i < ov->n_waiting; i++) {
		free(ov->waiting[i].who);
		free(ov->waiting[i].code);
	}
	free(ov->waiting);
	for (size_t i = 0; i < ov->n_rounds; i++)
		free(ov->rounds[i].label);
	free(ov->rounds);
	memset(ov, 0, sizeof *ov);
}

/* ---- bars ------------------------------------------------------------------------------------ */

static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

void overview_bar(struct buf *b, int64_t value, int64_t max, int width)
{
	if (width <= 0)
		return;
	int64_t units = 0; /* eighths of a column */
	if (max > 0 && value > 0) {
		units = value >= max ? (int64_t)width * 8 : (int64_t)((double)value / (double)max * width * 8 + 0.5);
		if (units < 1)
			units = 1;
	}
	int full = (int)(units / 8), part = (int)(units % 8), used = full + (part > 0);
	for (int i = 0; i < full; i++)
		buf_puts(b, "█");
	buf_puts(b, eighths[part]);
	for (int i = used; i < width; i++)
		buf_putc(b, ' ');
}

/* A bar of several parts (whole columns), each drawn with its own character, in `width`
 * columns: part i takes its share of the total, rounded so the columns add up. */
static void stacked_bar(struct buf *b, const int64_t *v, const char *const *glyph, int n, int width)
{
	int64_t total = 0, before = 0;
	for (int i = 0; i < n; i++)
		total += v[i];
	int done = 0;
	for (int i = 0; i < n; i++) {
		before += v[i];
		int upto = total > 0 ? (int)((double)before / (double)total * width + 0.5) : 0;
		if (v[i] > 0 && upto <= done && done < width)
			upto = done + 1; /* a non-zero part always shows */
		for (; done < upto && done < width; done++)
			buf_puts(b, glyph[i]);
	}
	for (; done < width; done++)
		buf_putc(b, ' ');
}

/* ---- layout ---------------------------------------------------------------------------------- */

struct layout {
	struct overview_lines *out;
	size_t cap;
	int width;
	int name_w, bar_w, num_w; /* columns of a chart row: "  name bar number" */
};

/* Add s as a line fitted to the width. */
static void emit(struct layout *l, const char *s, gid section_id, bool heading)
{
	if (l->out->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->out->v = xrealloc(l->out->v, l->cap * sizeof *l->out->v);
	}
	l->out->v[l->out->n++] = (struct overview_line){
		.text = text_fit(s, strlen(s), l->width), .section_id = section_id, .heading = heading,
	};
}

static void emitf(struct layout *l, bool heading, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void emitf(struct layout *l, bool heading, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	emit(l, b.data ? b.data : "", 0, heading);
	buf_free(&b);
}

static int digits(int64_t v)
{
	int n = 1;
	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/* "  <name fitted> <bar> <numbers right-aligned>" */
static void chart_row(struct layout *l, int indent, const char *name, int64_t value, int64_t max,
                      const char *numbers, gid section_id)
{
	struct buf b = {0};
	buf_puts(&b, "  ");
	int iw = indent < l->name_w / 2 ? indent : l->name_w / 2;
	for (int i = 0; i < iw; i++)
		buf_putc(&b, ' ');
	char *fit = text_fit(name, strlen(name), l->name_w - iw);
	buf_puts(&b, fit);
	free(fit);
	buf_putc(&b, ' ');
	overview_bar(&b, value, max, l->bar_w);
	buf_printf(&b, " %*s", l->num_w, numbers);
	emit(l, b.data, section_id, false);
	buf_free(&b);
}

static void set_columns(struct layout *l, int num_w)
{
	l->num_w = num_w;
	int rest = l->width - 2 - 2 - num_w;
	l->name_w = rest * 45 / 100;
	l->bar_w = rest - l->name_w;
	if (l->bar_w < 1)
		l->bar_w = 1;
}

/* Its label (in the chart, under its parent) or its citation (in a list of its own). */
static void section_name(struct buf *b, const struct overview_section *s, bool cited)
{
	const char *name = cited ? s->citation : s->label;
	buf_puts(b, name);
	if (*s->heading)
		buf_printf(b, "%s%s", *name ? " " : "", s->heading);
}

static void layout_dispositions(struct layout *l, const struct overview *ov)
{
	static const int order[DISP_COUNT] = {DISP_ACCEPTED, DISP_PARTLY, DISP_EXPLAINED, DISP_NOTED, DISP_ESCALATED,
	                                      DISP_PENDING};
	int64_t max = 0;
	for (int i = 0; i < DISP_COUNT; i++)
		if (ov->disp[i] > max)
			max = ov->disp[i];
	emit(l, "", 0, false);
	emitf(l, true, "%s", _("By disposition"));
	set_columns(l, digits(max));
	for (int i = 0; i < DISP_COUNT; i++) {
		char num[24];
		snprintf(num, sizeof num, "%lld", (long long)ov->disp[order[i]]);
		chart_row(l, 0, disposition_label(order[i]), ov->disp[order[i]], max, num, 0);
	}
}

/* The charted sections that hold no other charted one (articles, mostly). */
static bool leaf(const struct overview *ov, size_t i)
{
	return i + 1 >= ov->n_secs || ov->secs[i + 1].depth <= ov->secs[i].depth;
}

/* A chart row's number: its comments, and "+N" earlier rounds' comments it shows. */
static const char *section_number(char *out, size_t n, const struct overview_section *s)
{
	if (s->earlier)
		snprintf(out, n, "%lld +%lld", (long long)s->n, (long long)s->earlier);
	else
		snprintf(out, n, "%lld", (long long)s->n);
	return out;
}

/* The earlier rounds of a revised draft: each one's comments, those on sections the newest
 * version continues (shown there, "+N" in the chart) and those on sections it removed. */
static void layout_rounds(struct layout *l, const struct overview *ov)
{
	if (!ov->n_rounds)
		return;
	emit(l, "", 0, false);
	emitf(l, true, "%s", _("Earlier rounds (+N by the sections below)"));
	for (size_t i = 0; i < ov->n_rounds; i++) {
		const struct overview_round *r = &ov->rounds[i];
		struct buf b = {0};
		buf_puts(&b, "  ");
		buf_printf(&b, _("version %d"), r->version);
		if (*r->label)
			buf_printf(&b, " (%s)", r->label);
		buf_puts(&b, ": ");
		buf_printf(&b, ngettext("%lld comment carried over, %lld pending", "%lld comments carried over, %lld pending",
		                        (unsigned long)r->n_carried),
		           (long long)r->n_carried, (long long)r->pending_carried);
		if (r->n_removed) {
			buf_puts(&b, " · ");
			buf_printf(&b, ngettext("%lld on removed sections, %lld pending",
			                        "%lld on removed sections, %lld pending", (unsigned long)r->n_removed),
			           (long long)r->n_removed, (long long)r->pending_removed);
		}
		emit(l, b.data, 0, false);
		buf_free(&b);
	}
}

/* With top_only the five most commented articles, else every chapter and article in order. */
static void layout_sections(struct layout *l, const struct overview *ov, bool top_only)
{
	int64_t max = ov->general;
	int num_w = 0;
	char num[64];
	for (size_t i = 0; i < ov->n_secs; i++) {
		if (ov->secs[i].n > max)
			max = ov->secs[i].n;
		int w = (int)strlen(section_number(num, sizeof num, &ov->secs[i]));
		if (w > num_w)
			num_w = w;
	}
	set_columns(l, digits(max) > num_w ? digits(max) : num_w);
	struct buf name = {0};
	/* the five most commented articles, most first (document order among equals) */
	size_t top[5];
	int ntop = 0;
	for (size_t i = 0; i < ov->n_secs; i++) {
		if (!leaf(ov, i) || ov->secs[i].n == 0)
			continue;
		int at = ntop;
		while (at > 0 && ov->secs[top[at - 1]].n < ov->secs[i].n)
			at--;
		if (at >= 5)
			continue;
		for (int j = (ntop < 5 ? ntop : 4); j > at; j--)
			top[j] = top[j - 1];
		top[at] = i;
		if (ntop < 5)
			ntop++;
	}
	if (top_only && ntop > 0) {
		emit(l, "", 0, false);
		emitf(l, true, "%s", _("Most commented"));
		for (int k = 0; k < ntop; k++) {
			const struct overview_section *s = &ov->secs[top[k]];
			buf_reset(&name);
			section_name(&name, s, true);
			section_number(num, sizeof num, s);
			chart_row(l, 0, name.data, s->n, max, num, s->id);
		}
	}
	if (!top_only && (ov->n_secs > 0 || ov->general > 0)) {
		emit(l, "", 0, false);
		emitf(l, true, "%s", _("Comments by chapter and article"));
		snprintf(num, sizeof num, "%lld", (long long)ov->general);
		chart_row(l, 0, _("General comments"), ov->general, max, num, 0);
		for (size_t i = 0; i < ov->n_secs; i++) {
			const struct overview_section *s = &ov->secs[i];
			buf_reset(&name);
			section_name(&name, s, false);
			section_number(num, sizeof num, s);
			chart_row(l, 2 * s->depth, name.data, s->n, max, num, s->id);
		}
	}
	buf_free(&name);
}

static void layout_units(struct layout *l, const struct overview *ov)
{
	if (ov->n_units == 0)
		return;
	int64_t max = ov->units[0].sent;
	set_columns(l, 2 * digits(max) + 1);
	emit(l, "", 0, false);
	emitf(l, true, "%s", _("By unit: comments sent, handled"));
	for (size_t i = 0; i < ov->n_units; i++) {
		const struct overview_unit *u = &ov->units[i];
		char num[48];
		snprintf(num, sizeof num, "%*lld %*lld", digits(max), (long long)u->sent, digits(max), (long long)u->handled);
		chart_row(l, 0, *u->unit ? u->unit : _("(no unit)"), u->sent, max, num, 0);
	}
}

static void layout_consult(struct layout *l, const struct overview *ov)
{
	const struct consult_totals *c = &ov->consult;
	emit(l, "", 0, false);
	if (c->asked == 0) {
		emitf(l, true, "%s", _("Consultation list: empty (gopy consult DB --doc CODE add ...)"));
		return;
	}
	emitf(l, true, ngettext("Consultation list: %lld asked, %lld unit", "Consultation list: %lld asked, %lld units",
	                        (unsigned long)c->units),
	      (long long)c->asked, (long long)c->units);
	emitf(l, false, _("  answered %lld (no comments %lld) · not yet %lld · overdue %lld"),
	      (long long)(c->commented + c->no_comments), (long long)c->no_comments, (long long)(c->waiting - c->overdue),
	      (long long)c->overdue);
	struct buf b = {0};
	buf_puts(&b, "  ");
	int64_t parts[] = {c->commented + c->no_comments, c->waiting - c->overdue, c->overdue};
	static const char *const glyph[] = {"█", "▒", "░"};
	stacked_bar(&b, parts, glyph, 3, l->width - 4);
	emit(l, b.data, 0, false);
	buf_reset(&b);
	buf_printf(&b, _("  █ answered  ▒ not yet  ░ overdue · units that did not answer: %lld"),
	           (long long)c->units_silent);
	emit(l, b.data, 0, false);
	buf_free(&b);
	if (ov->n_waiting == 0)
		return;
	emitf(l, true, "%s", _("Not answered yet"));
	/* "  who  deadline  N days left" */
	int when_w = 0;
	char **when = xcalloc(ov->n_waiting, sizeof *when);
	for (size_t i = 0; i < ov->n_waiting; i++) {
		const struct overview_waiting *w = &ov->waiting[i];
		struct buf t = {0};
		overview_deadline_text(&t, w->deadline, w->days_left);
		when[i] = buf_take(&t);
		int tw = text_width(when[i], strlen(when[i]));
		if (tw > when_w)
			when_w = tw;
	}
	int who_w = l->width - 2 - 1 - when_w;
	if (who_w < 10) {
		who_w = 10;
		when_w = l->width - 2 - 1 - who_w;
	}
	for (size_t i = 0; i < ov->n_waiting; i++) {
		char *a = text_fit(ov->waiting[i].who, strlen(ov->waiting[i].who), who_w);
		char *d = text_fit(when[i], strlen(when[i]), when_w);
		emitf(l, false, "  %s %s", a, d);
		free(a);
		free(d);
		free(when[i]);
	}
	free(when);
}

void overview_layout(const struct overview *ov, int width, struct overview_lines *out)
{
	memset(out, 0, sizeof *out);
	struct layout l = {.out = out, .width = width < 30 ? 30 : width};
	struct buf b = {0};
	char *code = san(ov->doc.code), *title = san(ov->doc.title);
	buf_printf(&b, "%s — %s", code, title);
	emit(&l, b.data, 0, true);
	free(code);
	free(title);
	int64_t pending = ov->disp[DISP_PENDING], handled = ov->total - pending;
	emitf(&l, false, _("Comments: %lld · handled %lld · pending %lld"), (long long)ov->total, (long long)handled,
	      (long long)pending);
	buf_reset(&b);
	buf_puts(&b, "  ");
	int64_t parts[] = {handled, pending};
	static const char *const glyph[] = {"█", "░"};
	int pct = ov->total ? (int)(handled * 100 / ov->total) : 0;
	stacked_bar(&b, parts, glyph, 2, l.width - 2 - 6);
	buf_printf(&b, " %3d%%", pct);
	emit(&l, b.data, 0, false);
	buf_free(&b);
	/* what a screen of 24 rows shows first: the most debated articles and who has not
	 * answered; then the dispositions, every chapter and article, the units */
	layout_sections(&l, ov, true);
	layout_rounds(&l, ov);
	layout_consult(&l, ov);
	layout_dispositions(&l, ov);
	layout_sections(&l, ov, false);
	layout_units(&l, ov);
}

void overview_lines_free(struct overview_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].text);
	free(l->v);
	memset(l, 0, sizeof *l);
}
