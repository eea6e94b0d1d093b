/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_export.c — export the synthesis report of the current document from the TUI (x in the
 * reader, :export [FORMAT] [FILE]): format and path asked on the prompt line with the last
 * used ones offered, the report written atomically by report_write_file, progress (bar, rate,
 * time left) on the message line (the callback runs inside the report's read transaction: it
 * only draws), Ctrl-C cancelling it with no file left behind, and the full path, or the error,
 * as one line at the end. */
#include "ui_int.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "gopy/config.h"
#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/progress.h"
#include "gopy/restrict.h"
#include "gopy/report.h"
#include "gopy/text.h"

#define PROGRESS_NS 100000000LL /* redraw the progress at most every 100 ms */

struct export_progress {
	struct ui *u;
	int64_t done;
	long long start_ns, last_ns;
};

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The bar, rate and time left on the message line, as on stderr for `gopy export`. */
static void on_progress(void *ctx, int64_t done, int64_t total)
{
	struct export_progress *p = ctx;
	p->done = done;
	long long t = now_ns();
	if (p->last_ns && t - p->last_ns < PROGRESS_NS)
		return;
	p->last_ns = t;
	struct buf b = {0};
	progress_format(&b, _("exporting (Ctrl-C cancels)"), _("comments"), done, total,
	                (double)(t - p->start_ns) / 1e9, COLS - 1);
	ui_msg(p->u, "%s", b.data);
	buf_free(&b);
	ui_redraw(p->u); /* drawing only: the database is not written here */
}

static bool on_cancel(void *ctx)
{
	struct export_progress *p = ctx;
	return ui_interrupted(p->u);
}

/* The format a file name suggests (by its extension), -1 when none. */
static int format_of_path(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return -1;
	if (strcmp(dot, ".htm") == 0)
		return REPORT_HTML;
	if (strcmp(dot, ".markdown") == 0)
		return REPORT_MD;
	return report_format_parse(dot + 1);
}

/* The path offered for document u->doc in format f: the last path when it was for this
 * document (its extension swapped for the format's), else <DOC-CODE>.<ext> in the last
 * directory (at first the current one). A "/" in the code becomes "-". */
static char *default_path(struct ui *u, enum report_format f)
{
	const char *ext = report_format_name(f);
	struct buf b = { 0 };
	const char *last = u->export_path;
	if (last && u->export_doc == u->doc.id) {
		const char *dot = strrchr(last, '.'), *slash = strrchr(last, '/');
		if (dot && (!slash || dot > slash) && format_of_path(last) >= 0)
			buf_printf(&b, "%.*s.%s", (int)(dot - last), last, ext);
		else
			buf_puts(&b, last);
		return buf_take(&b);
	}
	const char *slash = last ? strrchr(last, '/') : NULL;
	if (slash)
		buf_append(&b, last, (size_t)(slash - last + 1));
	for (const char *c = u->doc.code; *c; c++)
		buf_putc(&b, *c == '/' ? '-' : *c);
	buf_printf(&b, ".%s", ext);
	return buf_take(&b);
}

/* "~/x" -> "$HOME/x". */
static char *expand_home(const char *p)
{
	const char *home = getenv("HOME");
	if (p[0] == '~' && p[1] == '/' && home && *home) {
		struct buf b = { 0 };
		buf_printf(&b, "%s%s", home, p + 1);
		return buf_take(&b);
	}
	return xstrdup(p);
}

static char *trim_dup(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

static void cancelled(struct ui *u)
{
	ui_msg(u, "%s", _("export cancelled"));
}

void ui_export(struct ui *u, const char *args)
{
	if (!u->doc.id) {
		ui_msg(u, "%s", _("open a document first: the report is for one document"));
		u->msg_error = true;
		return;
	}
	int fmt = -1;
	char *path = NULL;
	if (args && *args) { /* :export [FORMAT] [FILE] */
		const char *sp = strchr(args, ' ');
		char *first = sp ? xstrndup(args, (size_t)(sp - args)) : xstrdup(args);
		fmt = report_format_parse(first);
		free(first);
		const char *rest = fmt >= 0 ? (sp ? sp + 1 : "") : args;
		char *file = trim_dup(rest, strlen(rest));
		if (file[0]) {
			path = expand_home(file);
			if (fmt < 0)
				fmt = format_of_path(path);
			if (fmt < 0)
				fmt = u->export_format ? report_format_parse(u->export_format) : REPORT_HTML;
		}
		free(file);
		if (!path && fmt >= 0)
			path = default_path(u, (enum report_format)fmt);
	} else { /* x: ask both */
		char *f = ui_prompt(u, _("Export format (txt, md, csv, html, json, docx, xlsx): "),
		                    u->export_format ? u->export_format : "html");
		if (!f) {
			cancelled(u);
			return;
		}
		char *ft = trim_dup(f, strlen(f));
		free(f);
		fmt = report_format_parse(ft[0] ? ft : "html");
		if (fmt < 0) {
			char *c = ui_clean(ft);
			ui_msg(u, _("unknown format %s (txt, md, csv, html, json, docx, xlsx)"), c);
			u->msg_error = true;
			free(c);
			free(ft);
			return;
		}
		free(ft);
		char *def = default_path(u, (enum report_format)fmt);
		const char *dir = restricted_mode() ? restricted_export_dir() : NULL;
		char label[PATH_MAX + 64];
		if (dir) {
			char *c = ui_clean(dir);
			snprintf(label, sizeof label, _("Export to file (in %s): "), c);
			free(c);
		} else {
			snprintf(label, sizeof label, "%s", _("Export to file: "));
		}
		char *p = ui_prompt(u, label, def);
		free(def);
		if (!p) {
			cancelled(u);
			return;
		}
		char *pt = trim_dup(p, strlen(p));
		free(p);
		if (!pt[0]) {
			free(pt);
			cancelled(u);
			return;
		}
		path = expand_home(pt);
		free(pt);
	}
	if (fmt < 0 || !path) {
		ui_msg(u, "%s", _("usage: :export [txt|md|csv|html|json] [FILE]"));
		u->msg_error = true;
		free(path);
		return;
	}
	/* Restricted mode: a plain name, written into the export folder (restrict.h). */
	char *target = path;
	if (restricted_mode() && !(target = restricted_export_path(path))) {
		ui_msg_err(u);
		free(path);
		return;
	}
	/* Overwriting a file asks first, unless it is the one last written in this session. */
	struct stat sb;
	bool same = u->export_path && strcmp(u->export_path, path) == 0;
	if (!same && stat(target, &sb) == 0) {
		char *c = ui_clean(target);
		char q[PATH_MAX + 64];
		snprintf(q, sizeof q, _("%s exists. Replace it?"), c);
		free(c);
		if (!ui_confirm(u, q)) {
			if (target != path)
				free(target);
			free(path);
			cancelled(u);
			return;
		}
	}
	struct export_progress pr = { .u = u, .start_ns = now_ns() };
	struct report_options o = {
		.doc_code = u->doc.code,
		.format = (enum report_format)fmt,
		.issuer = config_get(CFG_ISSUER),
		.place = config_get(CFG_PLACE),
		.progress = on_progress,
		.cancel = on_cancel,
		.progress_ctx = &pr,
	};
	ui_msg(u, "%s", _("exporting…"));
	ui_redraw(u);
	if (report_write_file(u->st, &o, target) != 0) {
		ui_msg_err(u);
		if (target != path)
			free(target);
		free(path);
		return;
	}
	free(u->export_format);
	u->export_format = xstrdup(report_format_name((enum report_format)fmt));
	free(u->export_path);
	u->export_path = path;
	u->export_doc = u->doc.id;
	char *full = realpath(target, NULL);
	ui_msg(u, ngettext("report written: %s (%s, %lld comment)", "report written: %s (%s, %lld comments)",
	                   (unsigned long)pr.done),
	       full ? full : target, u->export_format, (long long)pr.done);
	free(full);
	if (target != path)
		free(target);
}
