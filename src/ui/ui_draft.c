/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_draft.c — drafts of the text being composed, so that nothing typed is lost: one file
 * per target (document, section, parent or edited comment, author) under
 * $XDG_STATE_HOME/gopy/drafts, named from a hash of the database's absolute path (a server
 * database's: its URL, without password); written atomically (temporary file, fsync,
 * rename); offered back at the next start.
 *
 * File format: "gopy-draft 1", then "key value" lines (db, doc, section, parent, edit,
 * author, entered_by, saved, cursor, context), an empty line, then the text as typed. */
#include "ui_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

#define DRAFT_MAGIC "gopy-draft 1\n"
#define DRAFT_MAX (8u << 20) /* a draft larger than this is not ours */

/* ---- where drafts live ------------------------------------------------------------------------ */

static int make_dirs(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;
		*p = '\0';
		int r = mkdir(path, 0700);
		int e = errno;
		*p = c;
		if (r != 0 && e != EEXIST)
			return err_set(_("cannot create the drafts folder %s: %s"), path, strerror(e));
		if (!c)
			return 0;
	}
}

/* $XDG_STATE_HOME/gopy/<sub> (default ~/.local/state/gopy/<sub>), created 0700. */
static char *state_dir(const char *sub)
{
	struct buf b = { 0 };
	const char *x = getenv("XDG_STATE_HOME");
	if (x && x[0] == '/') {
		buf_printf(&b, "%s/gopy/%s", x, sub);
	} else {
		const char *h = getenv("HOME");
		if (!h || h[0] != '/') {
			struct passwd *pw = getpwuid(getuid());
			h = pw && pw->pw_dir ? pw->pw_dir : NULL;
		}
		if (!h) {
			err_set(_("no home folder to keep drafts and settings in (set HOME or XDG_STATE_HOME)"));
			return NULL;
		}
		buf_printf(&b, "%s/.local/state/gopy/%s", h, sub);
	}
	if (make_dirs(b.data) != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_take(&b);
}

static char *drafts_dir(void)
{
	return state_dir("drafts");
}

/* FNV-1a of the database's absolute path (a server's URL as store_path gives it), as 16 hex
 * digits. */
static void db_hash(struct ui *u, char out[17])
{
	const char *p = store_path(u->st);
	if (!p)
		p = u->opt && u->opt->db_path ? u->opt->db_path : "";
	char *abs = realpath(p, NULL);
	const char *s = abs ? abs : p;
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	free(abs);
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

char *ui_state_path(struct ui *u, const char *sub)
{
	char *dir = state_dir(sub);
	if (!dir)
		return NULL;
	char h[17];
	db_hash(u, h);
	struct buf b = { 0 };
	buf_printf(&b, "%s/%s", dir, h);
	free(dir);
	return buf_take(&b);
}

char *draft_path(struct ui *u, const struct compose_target *tg)
{
	char *dir = drafts_dir();
	if (!dir)
		return NULL;
	char h[17];
	db_hash(u, h);
	struct buf b = { 0 };
	buf_printf(&b, "%s/%s-%lld-%lld-%lld-%lld-%lld.draft", dir, h, (long long)tg->doc_id,
	           (long long)tg->section_id, (long long)tg->parent_id, (long long)tg->edit_id,
	           (long long)tg->author_id);
	free(dir);
	return buf_take(&b);
}

/* ---- reading and writing ---------------------------------------------------------------------- */

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int ui_state_write(const char *path, const char *data, size_t len)
{
	struct buf tmp = { 0 };
	buf_printf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	int e = 0;
	if (fd < 0) {
		e = errno;
	} else {
		if (write_all(fd, data, len) != 0 || fsync(fd) != 0)
			e = errno;
		if (close(fd) != 0 && !e)
			e = errno;
		if (!e && rename(tmp.data, path) != 0)
			e = errno;
		if (e)
			unlink(tmp.data);
	}
	if (!e) { /* make the rename itself durable */
		char *dir = xstrdup(path);
		char *slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
			if (dfd >= 0) {
				(void)fsync(dfd);
				close(dfd);
			}
		}
		free(dir);
	}
	buf_free(&tmp);
	return e;
}

int draft_write(const char *path, const struct draft *d, const char *text, size_t len)
{
	struct buf b = { 0 };
	char *ctx = text_sanitize(d->context ? d->context : "", d->context ? strlen(d->context) : 0);
	buf_puts(&b, DRAFT_MAGIC);
	buf_printf(&b, "doc %lld\nsection %lld\nparent %lld\nedit %lld\nauthor %lld\nentered_by %lld\n",
	           (long long)d->tg.doc_id, (long long)d->tg.section_id, (long long)d->tg.parent_id,
	           (long long)d->tg.edit_id, (long long)d->tg.author_id, (long long)d->tg.entered_by);
	buf_printf(&b, "saved %s\ncursor %zu\ncontext %s\n\n", d->saved, d->cursor, ctx);
	free(ctx);
	buf_append(&b, text, len);

	int e = ui_state_write(path, b.data, b.len);
	if (e)
		err_set(_("cannot save the draft %s: %s"), path, strerror(e));
	int rc = e ? -1 : 0;
	buf_free(&b);
	return rc;
}

static gid field_id(const char *v)
{
	char *end;
	long long n = strtoll(v, &end, 10);
	return *end || n < 0 ? -1 : (gid)n;
}

int draft_read(const char *path, struct draft *d, struct buf *text)
{
	memset(d, 0, sizeof *d);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		return err_set(_("cannot read the draft %s: %s"), path, strerror(errno));
	}
	struct buf b = { 0 };
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			buf_free(&b);
			return err_set(_("cannot read the draft %s: %s"), path, strerror(e));
		}
		buf_append(&b, chunk, (size_t)n);
		if (b.len > DRAFT_MAX)
			break;
	}
	close(fd);
	size_t ml = strlen(DRAFT_MAGIC);
	if (b.len > DRAFT_MAX || b.len < ml || memcmp(b.data, DRAFT_MAGIC, ml) != 0) {
		buf_free(&b);
		return err_set(_("%s is not a gopy draft"), path);
	}
	char *p = b.data + ml, *end = b.data + b.len;
	bool ok = false;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		*nl = '\0';
		if (p == nl) { /* the empty line: the text follows */
			buf_append(text, nl + 1, (size_t)(end - nl - 1));
			ok = true;
			break;
		}
		char *v = strchr(p, ' ');
		if (v)
			*v++ = '\0';
		else
			v = nl;
		if (strcmp(p, "doc") == 0)
			d->tg.doc_id = field_id(v);
		else if (strcmp(p, "section") == 0)
			d->tg.section_id = field_id(v);
		else if (strcmp(p, "parent") == 0)
			d->tg.parent_id = field_id(v);
		else if (strcmp(p, "edit") == 0)
			d->tg.edit_id = field_id(v);
		else if (strcmp(p, "author") == 0)
			d->tg.author_id = field_id(v);
		else if (strcmp(p, "entered_by") == 0)
			d->tg.entered_by = field_id(v);
		else if (strcmp(p, "saved") == 0)
			snprintf(d->saved, sizeof d->saved, "%s", v);
		else if (strcmp(p, "cursor") == 0)
			d->cursor = (size_t)strtoull(v, NULL, 10);
		else if (strcmp(p, "context") == 0 && !d->context)
			d->context = text_sanitize(v, strlen(v));
		p = nl + 1;
	}
	buf_free(&b);
	if (!ok || d->tg.doc_id <= 0 || d->tg.section_id < 0 || d->tg.parent_id < 0 || d->tg.edit_id < 0 ||
	    d->tg.author_id <= 0 || d->tg.entered_by < 0) {
		draft_clear(d);
		return err_set(_("%s is not a gopy draft"), path);
	}
	if (!d->context)
		d->context = xstrdup("?");
	return 0;
}

int draft_remove(const char *path)
{
	if (unlink(path) != 0 && errno != ENOENT)
		return err_set(_("cannot delete the draft %s: %s"), path, strerror(errno));
	return 0;
}

void draft_clear(struct draft *d)
{
	free(d->context);
	memset(d, 0, sizeof *d);
}

/* ---- offering drafts back at startup ----------------------------------------------------------- */

struct found {
	char *path;
	struct draft d;
	char *words;      /* the text's first words (sanitised, one line) */
};

#define FIRST_WORDS 160   /* bytes of the text kept to show */

static int by_saved_desc(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	return strcmp(y->d.saved, x->d.saved);
}

void draft_local_time(const char *iso, char out[32])
{
	struct tm tm = { 0 };
	char norm[21];
	snprintf(out, 32, "%s", iso);
	if (!time_parse_iso(iso, norm) ||
	    sscanf(norm, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
	           &tm.tm_sec) != 6)
		return;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	time_t t = timegm(&tm);
	struct tm lt;
	if (t != (time_t)-1 && localtime_r(&t, &lt))
		strftime(out, 32, "%Y-%m-%d %H:%M", &lt);
}

static int ask_key(struct ui *u, const struct found *f, const char *when);

/* The first words of a draft's text on one line, cut on a cluster boundary with "…". */
static char *first_words(const char *text, size_t len)
{
	size_t n = len;
	if (n > FIRST_WORDS)
		n = ui_text_snap(text, len, FIRST_WORDS);
	char *flat = xmalloc(n + 1); /* one line: line breaks read as spaces */
	for (size_t i = 0; i < n; i++)
		flat[i] = text[i] == '\n' ? ' ' : text[i];
	flat[n] = '\0';
	char *s = text_sanitize(flat, n);
	free(flat);
	struct buf b = { 0 };
	buf_printf(&b, "“%s%s”", s, n < len ? "…" : "");
	free(s);
	return buf_take(&b);
}

/* The popup over the screen while a draft is offered: when, what for, its first words. */
static void offer_overlay(struct ui *u, void *ctx)
{
	const struct found *f = ctx;
	int w = COLS - 4 < 76 ? COLS - 4 : 76, h = 7, y, x;
	ui_popup_place(&h, &w, &y, &x);
	ui_box(u, y, x, h, w, _("Unsaved draft"));
	char when[32];
	draft_local_time(f->d.saved, when);
	struct buf b = { 0 };
	bool was = u->no_hl;
	u->no_hl = true;
	buf_printf(&b, _("saved %s for %s"), when, f->d.context);
	int row = y + 1, last = y + h - 2;
	ui_put_db(u, row++, x + 2, w - 4, b.data, A_NORMAL);
	/* the first words, wrapped on up to the rows left above the keys */
	const char *s = f->words;
	size_t len = strlen(s), pos = 0, next;
	while (pos < len && row < last) {
		size_t n = text_wrap_line(s + pos, len - pos, w - 4, &next);
		ui_put(u, row++, x + 2, w - 4, s + pos, n, A_BOLD);
		if (!next)
			break;
		pos += next;
	}
	const char *keys = _("y: restore · n: later · d: discard");
	if (last > y)
		ui_put(u, last, x + 2, w - 4, keys, strlen(keys), A_DIM);
	u->no_hl = was;
	buf_free(&b);
}

/* y, n or d for one draft; 0 when the input ended. */
static int ask(struct ui *u, struct found *f)
{
	char when[32];
	draft_local_time(f->d.saved, when);
	void (*prev)(struct ui *, void *) = u->overlay;
	void *prev_ctx = u->overlay_ctx;
	u->overlay = offer_overlay;
	u->overlay_ctx = f;
	int a = ask_key(u, f, when);
	u->overlay = prev;
	u->overlay_ctx = prev_ctx;
	return a;
}

static int ask_key(struct ui *u, const struct found *f, const char *when)
{
	for (;;) {
		ui_msg(u, _("A draft from %s for %s — restore? [y/n/d(iscard)]"), when, f->d.context);
		ui_redraw(u);
		int k = ui_getkey(u, -1);
		switch (k) {
		case 'y': case 'Y': return 'y';
		case 'n': case 'N': case K_ESC: return 'n';
		case 'd': case 'D': return 'd';
		case K_EOF: return 0;
		default: break;
		}
	}
}

/* Open the draft's document in a reader so that what was saved shows after the pane. */
static void open_doc_of(struct ui *u, gid doc_id)
{
	struct document d = { 0 };
	if (store_document_get_id(u->st, doc_id, &d) != 0)
		return;
	if (u->doc.id != doc_id)
		ui_open_doc(u, d.code);
	document_clear(&d);
}

void ui_drafts_offer(struct ui *u)
{
	char *dir = drafts_dir();
	if (!dir)
		return; /* nothing can have been saved there */
	DIR *dh = opendir(dir);
	if (!dh) {
		free(dir);
		return;
	}
	char h[17];
	db_hash(u, h);
	struct found *fs = NULL;
	size_t n = 0, cap = 0, others = 0;
	struct dirent *e;
	while ((e = readdir(dh))) {
		size_t l = strlen(e->d_name);
		if (strncmp(e->d_name, h, 16) != 0 || e->d_name[16] != '-' || l < 6 ||
		    strcmp(e->d_name + l - 6, ".draft") != 0)
			continue;
		struct found f = { 0 };
		struct buf path = { 0 }, text = { 0 };
		buf_printf(&path, "%s/%s", dir, e->d_name);
		if (draft_read(path.data, &f.d, &text) != 0) {
			buf_free(&path);
			continue;
		}
		f.words = first_words(text.data ? text.data : "", text.len);
		buf_free(&text);
		gid typist = f.d.tg.entered_by ? f.d.tg.entered_by : f.d.tg.author_id;
		if (!u->me.id || typist != u->me.id) {
			others++;
			draft_clear(&f.d);
			free(f.words);
			buf_free(&path);
			continue;
		}
		f.path = buf_take(&path);
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			fs = xrealloc(fs, cap * sizeof *fs);
		}
		fs[n++] = f;
	}
	closedir(dh);
	free(dir);
	if (n > 1)
		qsort(fs, n, sizeof *fs, by_saved_desc);
	bool stop = false;
	for (size_t i = 0; i < n; i++) {
		int a = stop ? 0 : ask(u, &fs[i]);
		if (a == 0) {
			stop = true;
		} else if (a == 'd') {
			if (draft_remove(fs[i].path) != 0)
				ui_msg_err(u);
			else
				ui_msg(u, "%s", _("draft discarded"));
		} else if (a == 'n') {
			ui_msg(u, "%s", _("draft kept: it is offered again at the next start"));
		} else {
			ui_msg(u, "%s", "");
			open_doc_of(u, fs[i].d.tg.doc_id);
			ui_compose_open(u, &fs[i].d.tg, NULL, false);
		}
		free(fs[i].path);
		free(fs[i].words);
		draft_clear(&fs[i].d);
	}
	free(fs);
	if (others && !n) {
		if (u->me.id)
			ui_msg(u, ngettext("%zu unsaved draft belongs to another delegate",
			                   "%zu unsaved drafts belong to other delegates", others), others);
		else
			ui_msg(u, ngettext("%zu unsaved draft: start gopy with --as CODE to get it back",
			                   "%zu unsaved drafts: start gopy with --as CODE to get them back", others),
			       others);
	}
}
