/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui.c — the TUI's event loop: terminal setup (real or headless), the screen frame (title
 * bar, view body, status line, message line), key dispatch through the keymap, the `:`
 * prompt and its commands, incremental search, idle reloads, and the headless key script. */
#include "ui_int.h"

#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "gopy/dburl.h"
#include "gopy/err.h"
#include "gopy/config.h"
#include "gopy/i18n.h"
#include "gopy/merge.h"
#include "gopy/identity.h"
#include "gopy/restrict.h"
#include "gopy/text.h"

/* How long a read of the keyboard waits for the rest of a character when a server's news is
 * watched beside it (ui_getkey). */
#define KEY_REST_MS 50

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* ---- headless script ----------------------------------------------------------------------- */

enum hl_kind { HL_KEY, HL_DUMP, HL_DUMPATTR, HL_SH, HL_IDLE, HL_RESIZE, HL_TIME };

struct hl_event {
	enum hl_kind kind;
	int key;          /* HL_KEY */
	int rows, cols;   /* HL_RESIZE */
	char *arg;        /* file or command */
};

struct hl_screen {
	SCREEN *scr;
	FILE *out, *in;
};

static void hl_add(struct ui *u, size_t *cap, struct hl_event e)
{
	if (u->script_len == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		u->script = xrealloc(u->script, *cap * sizeof *u->script);
	}
	u->script[u->script_len++] = e;
}

/* Parse the key script (tests/ui/README.md). Returns -1 with err_set on a bad line. */
static int hl_parse(struct ui *u, const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return err_set(_("cannot read the key script %s: %s"), path, strerror(errno));
	char *line = NULL;
	size_t cap = 0, ecap = 0;
	ssize_t n;
	int lineno = 0, rc = 0;
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (line[0] == '#' || n == 0)
			continue;
		if (line[0] == '@') {
			struct hl_event e = { 0 };
			char *arg = strchr(line, ' ');
			if (arg)
				*arg++ = '\0';
			if (strcmp(line, "@dump") == 0 && arg) {
				e.kind = HL_DUMP;
			} else if (strcmp(line, "@dumpattr") == 0 && arg) {
				e.kind = HL_DUMPATTR;
			} else if (strcmp(line, "@sh") == 0 && arg) {
				e.kind = HL_SH;
			} else if (strcmp(line, "@bind") == 0 && arg) { /* as the configuration's bind */
				char mode[32], key[64], act[64];
				if (sscanf(arg, "%31s %63s %63s", mode, key, act) != 3) {
					rc = err_set(_("%s:%d: usage: @bind MODE KEY ACTION"), path, lineno);
					break;
				}
				if (keymap_bind(mode, key, act) != 0) {
					char *why = xstrdup(err_msg());
					rc = err_set("%s:%d: %s", path, lineno, why);
					free(why);
					break;
				}
				continue;
			} else if (strcmp(line, "@idle") == 0) {
				e.kind = HL_IDLE;
			} else if (strcmp(line, "@time") == 0 && arg) {
				e.kind = HL_TIME;
			} else if (strcmp(line, "@resize") == 0 && arg &&
			           sscanf(arg, "%dx%d", &e.cols, &e.rows) == 2 && e.cols > 0 && e.rows > 0) {
				e.kind = HL_RESIZE;
			} else {
				rc = err_set(_("%s:%d: unknown script command %s"), path, lineno, line);
				break;
			}
			e.arg = arg ? xstrdup(arg) : NULL;
			hl_add(u, &ecap, e);
			continue;
		}
		const char *p = line;
		int k;
		while ((k = key_parse(&p)) != K_NONE)
			hl_add(u, &ecap, (struct hl_event){ .kind = HL_KEY, .key = k });
	}
	free(line);
	fclose(f);
	return rc;
}

int ui_dump(FILE *f, bool attrs)
{
	struct buf text = { 0 }, marks = { 0 };
	for (int y = 0; y < LINES; y++) {
		buf_reset(&text);
		buf_reset(&marks);
		bool any = false;
		for (int x = 0; x < COLS;) {
			cchar_t cc;
			wchar_t wc[CCHARW_MAX + 1] = { 0 };
			attr_t a = 0;
			short pair = 0;
			int w = 1;
			if (mvin_wch(y, x, &cc) == ERR || getcchar(&cc, wc, &a, &pair, NULL) == ERR) {
				wc[0] = L' ';
				wc[1] = 0;
			}
			for (int i = 0; i < CCHARW_MAX && wc[i]; i++) {
				char mb[MB_LEN_MAX];
				mbstate_t ms;
				memset(&ms, 0, sizeof ms);
				size_t m = wcrtomb(mb, wc[i], &ms);
				if (m != (size_t)-1)
					buf_append(&text, mb, m);
				if (i == 0 && wcwidth(wc[0]) == 2)
					w = 2;
			}
			if (!wc[0])
				buf_putc(&text, ' ');
			char mk = (a & A_UNDERLINE) ? '^' : (a & A_REVERSE) ? '#' : pair == UI_PAIR_DEL ? '-'
			        : pair == UI_PAIR_INS ? '+' : ' ';
			if (mk != ' ' && y != 0 && y != LINES - 2)
				any = true;
			for (int i = 0; i < w; i++)
				buf_putc(&marks, mk);
			x += w;
		}
		while (text.len && text.data[text.len - 1] == ' ')
			text.data[--text.len] = '\0';
		while (marks.len && marks.data[marks.len - 1] == ' ')
			marks.data[--marks.len] = '\0';
		fprintf(f, "%s\n", text.len ? text.data : "");
		if (attrs && any)
			fprintf(f, "%s\n", marks.data);
	}
	buf_free(&text);
	buf_free(&marks);
	return ferror(f) ? -1 : 0;
}

static void hl_dump(struct ui *u, const char *path, bool attrs)
{
	ui_redraw(u);
	FILE *f = fopen(path, "w");
	if (!f) {
		fprintf(stderr, "gopy: %s: %s\n", path, strerror(errno));
		return;
	}
	ui_dump(f, attrs);
	if (fclose(f) != 0)
		fprintf(stderr, "gopy: %s: %s\n", path, strerror(errno));
}

static double hl_clock_of(clockid_t which)
{
	struct timespec t;
	clock_gettime(which, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double hl_clock(void)
{
	return hl_clock_of(CLOCK_MONOTONIC);
}

/* @time FILE LABEL: append "LABEL<tab>wall<tab>cpu": the milliseconds from the script's last
 * key (the start, before any) to the screen it drew, and the processor time this process took
 * meanwhile (the benchmark's key timings; on a busy machine the wall time carries others'
 * load, the processor time does not). */
static void hl_time(struct ui *u, const char *arg)
{
	if (u->hl_drawn_at < u->hl_key_at) /* nothing drawn since the key: draw now */
		ui_redraw(u);
	const char *label = strchr(arg, ' ');
	size_t flen = label ? (size_t)(label - arg) : strlen(arg);
	char *file = xstrndup(arg, flen);
	FILE *f = fopen(file, "a");
	if (!f) {
		fprintf(stderr, "gopy: %s: %s\n", file, strerror(errno));
	} else {
		fprintf(f, "%s\t%.3f\t%.3f\n", label ? label + 1 : "", (u->hl_drawn_at - u->hl_key_at) * 1000.0,
		        (u->hl_drawn_cpu - u->hl_key_cpu) * 1000.0);
		if (fclose(f) != 0)
			fprintf(stderr, "gopy: %s: %s\n", file, strerror(errno));
	}
	free(file);
}

static void ui_idle(struct ui *u);
static void prompt_draw(struct ui *u);

/* ---- keys ----------------------------------------------------------------------------------- */

bool ui_interrupted(struct ui *u)
{
	if (u->headless) { /* the script's next key, when it is Ctrl-C */
		if (u->script_pos < u->script_len && u->script[u->script_pos].kind == HL_KEY &&
		    u->script[u->script_pos].key == K_CTRL('c')) {
			u->script_pos++;
			return true;
		}
		return false;
	}
	if (stop_signal == SIGINT) {
		stop_signal = 0;
		return true;
	}
	return false;
}

int ui_getkey(struct ui *u, int timeout_ms)
{
	if (u->has_unget) {
		u->has_unget = false;
		return u->unget_key;
	}
	if (u->headless) {
		while (u->script_pos < u->script_len) {
			struct hl_event *e = &u->script[u->script_pos++];
			switch (e->kind) {
			case HL_KEY:
				u->hl_key_at = hl_clock();
				u->hl_key_cpu = hl_clock_of(CLOCK_PROCESS_CPUTIME_ID);
				return e->key;
			case HL_DUMP:
			case HL_DUMPATTR:
				hl_dump(u, e->arg, e->kind == HL_DUMPATTR);
				break;
			case HL_SH: {
				if (restricted_mode()) { /* tests' machinery, but never a way out */
					fprintf(stderr, "gopy: restricted mode: script command refused\n");
					break;
				}
				fflush(NULL);
				int r = system(e->arg);
				if (r != 0)
					fprintf(stderr, "gopy: script command failed (%d): %s\n", r, e->arg);
				break;
			}
			case HL_IDLE: {
				/* a server tells its news a moment after the writer's commit (NOTIFY): the
				 * script's "idle now" waits for it, up to a second, as a person would */
				int fd = store_notify_fd(u->st);
				if (fd >= 0) {
					struct pollfd p = {.fd = fd, .events = POLLIN};
					(void)poll(&p, 1, 1000);
				}
				ui_idle(u);
				ui_redraw(u);
				break;
			}
			case HL_RESIZE:
				resizeterm(e->rows, e->cols);
				return K_FN(KEY_RESIZE);
			case HL_TIME:
				hl_time(u, e->arg);
				break;
			}
		}
		return K_EOF;
	}
	if (stop_signal)
		return K_EOF;
	wint_t wc;
	int r = ERR, fd = timeout_ms > 0 ? store_notify_fd(u->st) : -1;
	if (fd >= 0) {
		/* a server: wake for its news too (others' writes show at once), not only for keys;
		 * keys curses already holds come first. Never read with no wait at all: curses drops
		 * the bytes of a character whose rest has not arrived yet (a paste split by the
		 * terminal), so each read waits a little for it. */
		timeout(KEY_REST_MS);
		r = get_wch(&wc);
		if (stop_signal) /* came while curses waited: not after a poll that would not wake */
			return K_EOF;
		if (r == ERR) {
			struct pollfd p[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = fd, .events = POLLIN}};
			if (poll(p, 2, timeout_ms) > 0 && !(p[0].revents & POLLIN) && !stop_signal)
				return K_NONE;
			if (stop_signal)
				return K_EOF;
		}
	}
	if (r == ERR) {
		timeout(fd >= 0 ? KEY_REST_MS : timeout_ms);
		r = get_wch(&wc);
	}
	if (stop_signal)
		return K_EOF;
	if (r == ERR)
		return K_NONE;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return K_ENTER;
		return K_FN((int)wc);
	}
	if (wc == '\r')
		return K_ENTER;
	if (wc == 0x7f || wc == 0x08)
		return K_BS;
	return (int)wc;
}

bool ui_input_pending(struct ui *u)
{
	if (u->has_unget)
		return true;
	if (u->headless)
		return u->script_pos < u->script_len && u->script[u->script_pos].kind == HL_KEY;
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&p, 1, 0) > 0;
}

/* ---- frame ---------------------------------------------------------------------------------- */

int ui_body_rows(void)
{
	return LINES - 3;
}

void ui_msg(struct ui *u, const char *fmt, ...)
{
	va_list ap;
	buf_reset(&u->msg);
	va_start(ap, fmt);
	buf_vprintf(&u->msg, fmt, ap);
	va_end(ap);
	u->msg_error = u->msg_keep = false;
}

void ui_msg_err(struct ui *u)
{
	ui_msg(u, "%s", err_msg()[0] ? err_msg() : _("unknown error"));
	u->msg_error = true;
}

void ui_say_earlier(struct ui *u)
{
	/* a write's failure said on a connection made again (the server back: the write asked it
	 * about the change before, and may have been refused for it) says more than "connected
	 * again" would (ui_idle) */
	if (u->msg_error && store_on_server(u->st) && !store_connection_lost(u->st)) {
		int64_t v = store_data_version(u->st); /* (its high part: the connections made) */
		if (u->link_lost || (v >= 0 && (v >> 32) != (u->data_version >> 32)))
			u->msg_keep = true;
	}
	if (!store_earlier_not_saved(u->st))
		return;
	struct buf said = {0};
	buf_puts(&said, u->msg.data ? u->msg.data : "");
	char key[32];
	keymap_key_for(ACT_RESPONSE, VK_THREAD, key, sizeof key);
	if (u->unsaved_response) /* (a comment's text is still in its pane and draft: saved from there) */
		ui_msg(u, _("the change before this one was not saved; its response is kept for the next %s on its comment — %s"),
		       key, said.data);
	else
		ui_msg(u, _("the change before this one was not saved — %s"), said.data);
	buf_free(&said);
	u->msg_error = true;
	u->msg_keep = true; /* the server answered: "connected again" (ui_idle) would say less */
}

const char *ui_err_text(struct ui *u)
{
	const char *why = err_msg(), *path = store_path(u->st);
	size_t pl = path ? strlen(path) : 0;
	if (pl && strncmp(why, path, pl) == 0 && why[pl] == ':' && why[pl + 1] == ' ')
		why += pl + 2; /* the database is named in the status line already */
	return why;
}

/* The database as the status line names it: a file's name, a server database's name. */
static void put_db_name(struct buf *b, const char *p)
{
	p = p ? p : "";
	size_t n = dburl_is_server(p) ? strcspn(p, "?#") : strlen(p);
	const char *s = p;
	for (const char *q = p; q < p + n; q++)
		if (*q == '/')
			s = q + 1;
	buf_printf(b, " %.*s", (int)(p + n - s), s);
}

static void status_text(struct ui *u, struct buf *b)
{
	put_db_name(b, u->opt->db_path);
	if (u->doc.id) {
		buf_printf(b, " │ %s │ ", u->doc.code);
		buf_printf(b, ngettext("%lld comment, %lld pending", "%lld comments, %lld pending",
		                       (unsigned long)u->doc.n_comments), (long long)u->doc.n_comments,
		           (long long)u->doc.n_pending);
	}
	if (u->top && u->top->ops->status) /* limit, sort, tags: before the identity, so they show */
		u->top->ops->status(u->top, u, b);
	if (u->speaker_id && u->speaker_name)
		buf_printf(b, _(" │ speaker: %s"), u->speaker_name);
	buf_puts(b, " │ ");
	if (u->me.id)
		buf_printf(b, _("as %s (%s)"), u->me.name, u->me.code);
	else
		buf_puts(b, _("read-only"));
	if (u->identity_note)
		buf_printf(b, " [%s]", u->identity_note);
	if (u->search.fold && u->search.fold[0])
		buf_printf(b, " │ /%s (%s)", u->search.query,
		           u->search.exact ? _("exact diacritics") : _("ignoring diacritics"));
}

/* Lay the words of s out in COLS x LINES from row y, one space between words; a word is never
 * cut. Returns the rows used, or -1 when it does not fit (nothing is drawn then). */
static int words_fit(struct ui *u, int y, const char *s, bool draw)
{
	int row = y, col = 0;
	for (const char *p = s; *p;) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (!n)
			break;
		int w = text_width(p, n);
		if (w > COLS)
			return -1;
		if (col && col + 1 + w > COLS) {
			row++;
			col = 0;
		}
		if (row >= LINES)
			return -1;
		if (col)
			col++;
		if (draw)
			ui_put(u, row, col, w, p, n, A_BOLD);
		col += w;
		p += n;
	}
	return row - y + 1;
}

/* A 1x1 terminal: its one cell is the lower-right corner, which curses leaves blank (writing
 * it could scroll), so the character goes straight out; a terminal defers the wrap. The next
 * refresh repaints the whole screen, as curses no longer knows where the cursor is. */
static void put_only_cell(const char *ch)
{
	char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1)
		return;
	char *home = tparm(cup, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	if (!home)
		return;
	putp(home);
	fputs(ch, stdout);
	fflush(stdout);
	clearok(curscr, TRUE);
}

/* Below the minimum size: the longest notice that fits whole, down to 1x1. */
static void too_small_notice(struct ui *u)
{
	char full[160], mid[80];
	snprintf(full, sizeof full, _("Terminal too small (%dx%d): gopy needs at least %dx%d."), COLS, LINES,
	         UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(mid, sizeof mid, _("Too small: needs %dx%d"), UI_MIN_COLS, UI_MIN_ROWS);
	const char *notes[] = { full, mid, _("Too small"), _("small"), "!" };
	for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
		int rows = words_fit(u, 0, notes[i], false);
		if (rows < 0)
			continue;
		words_fit(u, 0, notes[i], true);
		if (rows < LINES && i < 2 && text_width(_("q: quit"), strlen(_("q: quit"))) <= COLS)
			ui_put(u, rows, 0, COLS, _("q: quit"), strlen(_("q: quit")), A_NORMAL);
		return;
	}
}

static void redraw(struct ui *u);

void ui_redraw(struct ui *u)
{
	redraw(u);
	if (u->headless) {
		u->hl_drawn_at = hl_clock();
		u->hl_drawn_cpu = hl_clock_of(CLOCK_PROCESS_CPUTIME_ID);
	}
}

static void redraw(struct ui *u)
{
	erase();
	u->too_small = COLS < UI_MIN_COLS || LINES < UI_MIN_ROWS;
	if (u->too_small) {
		too_small_notice(u);
		refresh();
		if (!u->headless && COLS == 1 && LINES == 1)
			put_only_cell("!");
		return;
	}
	if (u->compose) { /* the compose pane covers the screen (ui_compose.c) */
		ui_compose_draw(u);
		if (u->overlay) { /* the speaker picker opened by a save */
			u->overlay(u, u->overlay_ctx);
			refresh();
		}
		return;
	}
	struct buf b = { 0 };
	u->no_hl = true;
	ui_clear_row(0, UI_ATTR_BAR);
	if (u->top) {
		u->top->ops->title(u->top, u, &b);
		ui_put_db(u, 0, 0, COLS, b.data ? b.data : "", UI_ATTR_BAR);
	}
	u->no_hl = false;
	if (u->top)
		u->top->ops->draw(u->top, u, 1, ui_body_rows());
	buf_reset(&b);
	status_text(u, &b);
	u->no_hl = true;
	ui_put_db(u, LINES - 2, 0, COLS, b.data, UI_ATTR_BAR);
	ui_put_db(u, LINES - 1, 0, COLS, u->msg.data ? u->msg.data : "", u->msg_error ? ui_attr_error : A_NORMAL);
	u->no_hl = false;
	buf_free(&b);
	if (u->overlay) /* an open popup (ui_picker.c) stays on top, also in headless dumps */
		u->overlay(u, u->overlay_ctx);
	if (u->prompt)
		prompt_draw(u);
	refresh();
}

/* ---- views ---------------------------------------------------------------------------------- */

void ui_push(struct ui *u, struct view *v)
{
	v->below = u->top;
	u->top = v;
}

void ui_pop(struct ui *u)
{
	struct view *v = u->top;
	if (!v)
		return;
	u->top = v->below;
	v->ops->destroy(v);
	if (!u->top)
		u->quit = true;
	else if (u->top->ops->reload)
		u->top->ops->reload(u->top, u);
}

void ui_set_doc(struct ui *u, const struct document *d)
{
	if (d && d->id == u->doc.id) {
		u->doc.n_comments = d->n_comments;
		u->doc.n_pending = d->n_pending;
		return;
	}
	document_clear(&u->doc);
	memset(&u->doc, 0, sizeof u->doc);
	if (!d)
		return;
	if (store_document_get_id(u->st, d->id, &u->doc) != 0) {
		memset(&u->doc, 0, sizeof u->doc);
		ui_msg_err(u);
	}
}

bool ui_open_doc(struct ui *u, const char *code)
{
	struct document d = { 0 };
	int r = store_document_get(u->st, code, &d);
	if (r != 0) {
		if (r == 1) {
			char *c = ui_clean(code);
			ui_msg(u, _("no document %s"), c);
			free(c);
			u->msg_error = true;
		} else {
			ui_msg_err(u);
		}
		return false;
	}
	struct view *v = view_reader_new(u, &d);
	document_clear(&d);
	if (!v)
		return false;
	/* Replace any reader/thread on the stack: keep only the document list under it. */
	while (u->top && u->top->below)
		ui_pop(u);
	ui_push(u, v);
	return true;
}

/* ---- search --------------------------------------------------------------------------------- */

void ui_search_clear(struct ui *u)
{
	free(u->search.query);
	free(u->search.fold);
	free(u->search.casefold);
	memset(&u->search, 0, sizeof u->search);
}

static void search_set(struct ui *u, const char *q)
{
	ui_search_clear(u);
	if (!q || !q[0])
		return;
	size_t n = strlen(q);
	u->search.query = text_sanitize(q, n);
	u->search.fold = text_fold(q, n);
	u->search.casefold = text_casefold(q, n);
	u->search.exact = text_has_diacritics(q, n);
}

/* The message after a search step: the query, "match 3 of 8" when counted, where it looked. */
static void search_report(struct ui *u, bool found)
{
	if (!u->search.fold || !u->search.fold[0])
		return;
	struct view *v = u->top;
	struct buf where = { 0 };
	if (v->ops->where)
		v->ops->where(v, u, &where);
	u->search.count_due = false;
	if (!found) {
		if (where.len)
			ui_msg(u, _("not found in %s: %s"), where.data, u->search.query);
		else
			ui_msg(u, _("not found: %s"), u->search.query);
		u->msg_error = true;
		buf_free(&where);
		return;
	}
	struct buf b = { 0 };
	int64_t i = 0, n = 0;
	if (v->ops->count && !u->isearch) {
		if (v->ops->count(v, u, false, &i, &n))
			buf_printf(&b, ngettext("match %lld of %lld", "match %lld of %lld", (unsigned long)n), (long long)i,
			           (long long)n);
		else
			u->search.count_due = true; /* counted on the next idle tick */
	}
	if (b.len)
		buf_puts(&b, " · ");
	buf_printf(&b, "/%s (%s)", u->search.query, u->search.exact ? _("exact diacritics") : _("ignoring diacritics"));
	if (where.len)
		buf_printf(&b, _(" in %s"), where.data);
	if (u->search.wrapped)
		buf_puts(&b, _(" — search wrapped"));
	ui_msg(u, "%s", b.data);
	u->msg_error = false;
	buf_free(&b);
	buf_free(&where);
}

/* Idle: count the matches of a large view now, and prefix the message with them. */
/* Idle work that reads much (counts under a limit, of search matches) gives way to a key:
 * it stops when one is typed and starts again at the next idle moment. A key script waits
 * for it (its next key is already there). */
static bool key_typed(void *ctx)
{
	struct ui *u = ctx;
	return !u->headless && ui_input_pending(u);
}

void ui_idle_reads(struct ui *u, bool on)
{
	store_set_stop(u->st, on ? key_typed : NULL, u);
}

static void search_count_idle(struct ui *u)
{
	if (!u->search.count_due || !u->top || !u->top->ops->count)
		return;
	u->search.count_due = false;
	int64_t i = 0, n = 0;
	ui_idle_reads(u, true);
	bool counted = u->top->ops->count(u->top, u, true, &i, &n);
	bool stopped = store_stopped(u->st);
	ui_idle_reads(u, false);
	if (stopped)
		u->search.count_due = true; /* again when the keys stop */
	if (!counted)
		return;
	char *old = xstrdup(u->msg.data ? u->msg.data : "");
	ui_msg(u, ngettext("match %lld of %lld · %s", "match %lld of %lld · %s", (unsigned long)n), (long long)i,
	       (long long)n, old);
	free(old);
}

static bool search_step(struct ui *u, int dir, bool here)
{
	struct view *v = u->top;
	if (!v->ops->search) {
		ui_msg(u, _("no search in this view"));
		return false;
	}
	if (!u->search.fold || !u->search.fold[0]) {
		ui_msg(u, _("no search yet: press / to search"));
		return false;
	}
	u->search.wrapped = false;
	bool found = v->ops->search(v, u, dir, here);
	search_report(u, found);
	return found;
}

/* ---- prompt --------------------------------------------------------------------------------- */

/* An open one-line prompt, drawn last by ui_redraw (so headless dumps show it too). */
struct prompt_state {
	const char *prompt;
	struct lineedit e;
	const struct prompt_ops *ops;
	struct buf hint;
};

static void prompt_draw(struct ui *u)
{
	struct prompt_state *p = u->prompt;
	const struct prompt_ops *ops = p->ops;
	int pw = text_width(p->prompt, strlen(p->prompt));
	if (pw > COLS - 16) /* leave room to type */
		pw = COLS - 16 > COLS / 2 ? COLS - 16 : COLS / 2;
	u->no_hl = true;
	if (ops && ops->hint) { /* what the text typed means, on the status row */
		buf_reset(&p->hint);
		ops->hint(u, &p->e, &p->hint, ops->ctx);
		if (p->hint.len)
			ui_put_db(u, LINES - 2, 0, COLS, p->hint.data, UI_ATTR_BAR);
	}
	ui_clear_row(LINES - 1, A_NORMAL);
	ui_put(u, LINES - 1, 0, pw, p->prompt, strlen(p->prompt), A_NORMAL);
	u->no_hl = false;
	int col = le_draw(u, &p->e, LINES - 1, pw, COLS - pw, A_NORMAL);
	move(LINES - 1, col);
	curs_set(1);
}

char *ui_prompt_ex(struct ui *u, const char *prompt, const char *initial, const struct prompt_ops *ops)
{
	struct prompt_state p = { .prompt = prompt, .ops = ops };
	le_init(&p.e, initial);
	struct prompt_state *outer = u->prompt;
	u->prompt = &p;
	char *result = NULL;
	for (bool done = false; !done;) {
		if (!ui_input_pending(u)) /* typeahead (a paste, a script) is taken before drawing */
			ui_redraw(u);
		int k = ui_getkey(u, -1);
		if (k == K_EOF)
			break;
		switch (le_key(&p.e, k)) {
		case LE_ACCEPT:
			result = xstrdup(le_text(&p.e));
			done = true;
			break;
		case LE_CANCEL:
			done = true;
			break;
		case LE_COMPLETE:
			if (ops && ops->complete)
				ops->complete(u, &p.e, ops->ctx);
			if (ops && ops->change)
				ops->change(u, le_text(&p.e), ops->ctx);
			break;
		case LE_CHANGED:
			if (ops && ops->change)
				ops->change(u, le_text(&p.e), ops->ctx);
			break;
		default:
			break;
		}
	}
	u->prompt = outer;
	curs_set(0);
	le_free(&p.e);
	buf_free(&p.hint);
	return result;
}

char *ui_prompt(struct ui *u, const char *prompt, const char *initial)
{
	return ui_prompt_ex(u, prompt, initial, NULL);
}

bool ui_confirm(struct ui *u, const char *question)
{
	for (;;) {
		ui_msg(u, "%s (%s)", question, _("y/n"));
		ui_redraw(u);
		int k = ui_getkey(u, -1);
		if (k == 'y' || k == 'Y') {
			ui_msg(u, "%s", "");
			return true;
		}
		if (k == 'n' || k == 'N' || k == K_ESC || k == K_EOF || k == 'q') {
			ui_msg(u, "%s", "");
			return false;
		}
	}
}

bool ui_ask_or_pass(struct ui *u, const char *question)
{
	ui_msg(u, "%s", question);
	ui_redraw(u);
	int k = ui_getkey(u, -1);
	ui_msg(u, "%s", "");
	if (k == 'y' || k == 'Y')
		return true;
	if (k != 'n' && k != 'N' && k != K_ESC && k != 'q' && k != K_EOF && k != K_NONE) {
		u->has_unget = true;
		u->unget_key = k;
	}
	return false;
}

static void isearch_change(struct ui *u, const char *text, void *ctx)
{
	(void)ctx;
	struct view *v = u->top;
	search_set(u, text);
	v->ops->mark(v, true);
	if (u->search.fold && u->search.fold[0])
		search_report(u, v->ops->search(v, u, 1, true));
	else
		ui_msg(u, "%s", "");
}

static void cmd_search_all(struct ui *u, const char *q);

static void search_prompt(struct ui *u)
{
	struct view *v = u->top;
	if (!v->ops->search || !v->ops->mark) {
		ui_msg(u, _("no search in this view"));
		return;
	}
	char *old = u->search.query ? xstrdup(u->search.query) : NULL;
	v->ops->mark(v, false);
	u->isearch = true;
	ui_msg(u, "%s", "");
	const struct prompt_ops ops = { .change = isearch_change };
	char *q = ui_prompt_ex(u, "/", "", &ops);
	u->isearch = false;
	if (!q) {
		v->ops->mark(v, true);
		search_set(u, old);
		ui_msg(u, "%s", "");
	} else if (q[0]) {
		search_set(u, q);
		v->ops->mark(v, true);
		/* complete: may look beyond what is loaded; a comment list that has no match offers
		 * the whole document */
		if (!search_step(u, 1, true) && v->ops->kind == VK_THREAD && !ui_thread_whole_document(v)) {
			/* the question and its keys first: a narrow screen cuts only the query */
			struct buf qn = { 0 };
			buf_printf(&qn, _("Search the whole document? (y/n) — not in this list: %s"), q);
			if (ui_ask_or_pass(u, qn.data))
				cmd_search_all(u, q);
			buf_free(&qn);
		}
	} else if (old) {
		search_set(u, old);      /* empty /: repeat the last search */
		search_step(u, 1, false);
	}
	free(q);
	free(old);
}

/* ---- commands ------------------------------------------------------------------------------- */

struct first_hit {
	bool found;
	int is_comment;
	gid id, doc_id, section_id;
	char *doc_code;
};

static int first_hit_cb(void *ctx, const struct search_hit *h)
{
	struct first_hit *f = ctx;
	f->found = true;
	f->is_comment = h->is_comment;
	f->id = h->id;
	f->doc_id = h->doc_id;
	f->section_id = h->section_id;
	f->doc_code = xstrdup(h->doc_code ? h->doc_code : "");
	return 1;
}

/* :search TEXT — across the current document (or all): land on the first hit. */
static void cmd_search_all(struct ui *u, const char *q)
{
	struct first_hit f = { 0 };
	if (store_search(u->st, q, SEARCH_AUTO, u->doc.id, 1, first_hit_cb, &f, NULL) != 0) {
		ui_msg_err(u);
		return;
	}
	search_set(u, q);
	if (!f.found) {
		search_report(u, false);
		return;
	}
	if (f.doc_id != u->doc.id && !ui_open_doc(u, f.doc_code)) {
		free(f.doc_code);
		return;
	}
	free(f.doc_code);
	if (f.is_comment) {
		struct view *v = view_thread_new(u, &u->doc, SCOPE_DOCUMENT, 0, NULL, f.id);
		if (v)
			ui_push(u, v);
	} else if (u->top->ops->search) {
		u->top->ops->search(u->top, u, 1, true);
	}
	search_report(u, true);
}

struct comment_conflicts {
	gid comment;
	gid ids[16];
	int n;
};

static int conflict_of_comment(void *ctx, const struct conflict *c)
{
	struct comment_conflicts *x = ctx;
	if (c->comment_id == x->comment && x->n < (int)(sizeof x->ids / sizeof x->ids[0]))
		x->ids[x->n++] = c->id;
	return 0;
}

/* :resolve mine|theirs — settle the open conflicts about the selected comment (merge.h). */
static void cmd_resolve(struct ui *u, const char *keep)
{
	if (!keep || (strcmp(keep, "mine") != 0 && strcmp(keep, "theirs") != 0)) {
		ui_msg(u, _("usage: :resolve mine|theirs (on a comment marked as a conflict)"));
		return;
	}
	if (!delegate_can_handle(&u->me)) {
		ui_msg(u, "%s", _("only the drafting team (role editor) settles conflicts"));
		return;
	}
	struct comment_conflicts x = { .comment = u->top->ops->kind == VK_THREAD ? ui_thread_selected(u->top) : 0 };
	if (x.comment && store_conflict_each(u->st, u->doc.id, false, conflict_of_comment, &x) != 0) {
		ui_msg_err(u);
		return;
	}
	if (x.n == 0) {
		ui_msg(u, _("the selected comment has no open conflict"));
		return;
	}
	for (int i = 0; i < x.n; i++)
		if (store_conflict_resolve(u->st, x.ids[i], keep) < 0) {
			ui_msg_err(u);
			return;
		}
	if (u->top->ops->reload)
		u->top->ops->reload(u->top, u);
	ui_msg(u, ngettext("%d conflict settled", "%d conflicts settled", (unsigned long)x.n), x.n);
}

void ui_command(struct ui *u, const char *line)
{
	while (*line == ' ')
		line++;
	const char *arg = strchr(line, ' ');
	size_t n = arg ? (size_t)(arg - line) : strlen(line);
	while (arg && *arg == ' ')
		arg++;
	if (arg && !*arg)
		arg = NULL;
#define IS(s) (n == strlen(s) && strncmp(line, s, n) == 0)
	if (n == 0) {
		return;
	} else if (IS("q") || IS("quit") || IS("q!") || IS("qa")) {
		u->quit = true;
	} else if (IS("doc") || IS("d")) {
		if (!arg)
			ui_msg(u, _("usage: :doc CODE"));
		else
			ui_open_doc(u, arg);
	} else if (IS("search") || IS("s")) {
		if (!arg)
			ui_msg(u, _("usage: :search TEXT"));
		else
			cmd_search_all(u, arg);
	} else if (IS("section") || IS("sec")) {
		struct section s = { 0 };
		int r;
		if (!arg || !u->doc.id) {
			ui_msg(u, _("usage: :section LABEL (in a document)"));
		} else if ((r = store_section_find(u->st, u->doc.id, arg, &s)) == 0) {
			const char *cite = s.full_label[0] ? s.full_label : s.label;
			struct view *v = view_thread_new(u, &u->doc, SCOPE_SECTION, s.id, cite, 0);
			if (v)
				ui_push(u, v);
			section_clear(&s);
		} else if (r == 1) {
			char *c = ui_clean(arg);
			ui_msg(u, _("no section %s"), c);
			free(c);
		} else {
			ui_msg_err(u);
		}
	} else if (IS("help") || IS("h")) {
		ui_push(u, view_help_new(u, u->top->ops->kind));
	} else if (IS("nohlsearch") || IS("noh")) {
		ui_search_clear(u);
	} else if (IS("export")) {
		ui_export(u, arg);
	} else if (IS("resolve")) {
		cmd_resolve(u, arg);
	} else {
		char *c = ui_clean(line);
		ui_msg(u, _("unknown command: %s (try :doc, :section, :search, :export, :resolve, :q)"), c);
		free(c);
		u->msg_error = true;
	}
#undef IS
}

/* ---- the loop ------------------------------------------------------------------------------- */

/* A write found the database locked by another program (an import): it waits for as long as
 * it takes, saying so on the message line, until the lock is gone, a signal asks gopy to
 * stop, or the user presses Esc or Ctrl-C. Typed text is in its draft meanwhile (the
 * compose pane writes it before saving). Only the message line is drawn here: the store
 * is in the middle of a call and the views must not read from it now. */
static bool ui_waiting(void *ctx, int seconds)
{
	struct ui *u = ctx;
	if (stop_signal)
		return false;
	if (!u->headless) {
		timeout(0);
		wint_t wc;
		int r = get_wch(&wc);
		if (r == OK && (wc == 27 || wc == 3))
			return false;
	}
	if (seconds == 0 || seconds == u->waited_shown)
		return true;
	u->waited_shown = seconds;
	ui_msg(u, _("waiting for another program's write (an import?) — %d s; your text is kept as a draft; Esc: "
	            "stop waiting"), seconds);
	ui_clear_row(LINES - 1, A_NORMAL);
	ui_put(u, LINES - 1, 0, COLS, u->msg.data, u->msg.len, A_BOLD);
	refresh();
	return true;
}

/* A count left for the idle work starts this soon after the last key (a key stops it). */
#define IDLE_SOON_MS 50

static bool idle_due(struct ui *u)
{
	if (u->link_lost) /* the server is away: asked again each second, not sooner */
		return false;
	return u->search.count_due || (u->top && u->top->ops->idle_due && u->top->ops->idle_due(u->top));
}

static void ui_idle(struct ui *u)
{
	ui_compose_idle(u); /* keep the draft of an open compose pane */
	int64_t v = store_data_version(u->st);
	/* a server that went away: said once (unless a write's failure already says why: what it
	 * says of its change stays), and nothing else asked of it meanwhile; the store connects
	 * again on its own (store_data_version), and that is said too */
	if (v < 0 && store_on_server(u->st)) {
		if (!u->link_lost) {
			u->link_lost = true;
			if (!u->msg_error)
				ui_msg(u, "%s", ui_err_text(u));
			u->msg_error = true;
		}
		return;
	}
	/* connected again: here, or by a save or a read in between (the count of connections is
	 * the version's high part), whose error may still be on the message line */
	bool again = store_on_server(u->st) && (v >> 32) != (u->data_version >> 32);
	if (u->link_lost || (again && u->msg_error)) {
		u->link_lost = false;
		if (!u->msg_keep)
			ui_msg(u, "%s", _("connected to the database server again"));
	}
	if (u->top && u->top->ops->idle)
		u->top->ops->idle(u->top, u);
	search_count_idle(u);
	if (v < 0 || v == u->data_version)
		return;
	u->data_version = v;
	if (u->doc.id) {
		struct document d = { 0 };
		if (store_document_get_id(u->st, u->doc.id, &d) == 0) {
			u->doc.n_comments = d.n_comments;
			u->doc.n_pending = d.n_pending;
			document_clear(&d);
		}
	}
	if (u->top && u->top->ops->reload)
		u->top->ops->reload(u->top, u);
}

void ui_open_overview(struct ui *u, const struct document *d)
{
	struct view *o = view_overview_new(u, d);
	if (o)
		ui_push(u, o);
	else
		ui_msg_err(u);
}

static void handle_key(struct ui *u, int key)
{
	if (key == K_FN(KEY_RESIZE) || key == K_PASTE_BEGIN || key == K_PASTE_END)
		return;
	if (u->too_small) {
		if (key == 'q' || key == 'Q')
			u->quit = true;
		return;
	}
	struct view *v = u->top;
	enum action a = keymap_lookup(key, v->ops->kind);
	switch (a) {
	case ACT_NONE: {
		char nm[32];
		ui_key_name(key, nm, sizeof nm);
		ui_msg(u, _("key %s does nothing here (? for help)"), nm);
		return;
	}
	case ACT_QUIT:
		u->quit = true;
		return;
	case ACT_BACK:
		ui_pop(u);
		return;
	case ACT_HELP:
		if (v->ops->kind != VK_HELP)
			ui_push(u, view_help_new(u, v->ops->kind));
		return;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		return;
	case ACT_SEARCH:
		search_prompt(u);
		return;
	case ACT_SEARCH_NEXT:
		search_step(u, 1, false);
		return;
	case ACT_SEARCH_PREV:
		search_step(u, -1, false);
		return;
	case ACT_SPEAKER:
		ui_speaker_pick(u);
		return;
	case ACT_EXPORT:
		ui_export(u, NULL);
		return;
	case ACT_OVERVIEW:
		/* the document list opens its selection's; other views their document's */
		if (v->ops->kind == VK_DOCS && v->ops->act(v, u, a))
			return;
		if (u->doc.id)
			ui_open_overview(u, &u->doc);
		else
			ui_msg(u, "%s", _("open a document first"));
		return;
	case ACT_PROMPT: {
		char *line = ui_prompt(u, ":", "");
		if (line)
			ui_command(u, line);
		free(line);
		return;
	}
	default:
		if (!v->ops->act(v, u, a)) {
			char nm[32];
			ui_key_name(key, nm, sizeof nm);
			ui_msg(u, _("key %s does nothing here (? for help)"), nm);
		}
	}
}

/* Who I am (identity.h): the login's delegate, or whom --as names where that is allowed. A
 * secretary's --as picks the first speaker; an editor's names the drafting team. */
static int identify(struct ui *u)
{
	const struct ui_options *o = u->opt;
	struct identity id;
	if (identity_resolve(u->st, o->db_path, o->as, &id) != 0)
		return -1;
	int rc = 0;
	gid as = id.as.id;
	if (as && as != id.self.id && delegate_can_record_for_others(&id.self)) {
		u->speaker_id = as;
		u->speaker_name = xstrdup(id.as.name);
		as = id.self.id;
	}
	if (as && store_delegate_get_id(u->st, as, &u->me) != 0)
		rc = -1;
	if (!u->me.id)
		u->identity_note = xstrdup(id.personal ? _("use --as CODE to comment")
		                                       : _("not a delegate of this review: reading only"));
	else if (store_is_readonly(u->st)) /* a file without write permission, a role that may only read */
		u->identity_note = xstrdup(_("the review is read-only"));
	else if (!o->as)
		u->identity_note = xstrdup(_("login"));
	identity_clear(&id);
	return rc;
}

static bool utf8_locale(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "utf8") == 0);
}

static int term_start(struct ui *u)
{
	const char *script = getenv("GOPY_HEADLESS_SCRIPT");
	if (script && *script) {
		int cols = 80, rows = 24;
		const char *size = getenv("GOPY_HEADLESS_SIZE");
		if (size && (sscanf(size, "%dx%d", &cols, &rows) != 2 || cols < 1 || rows < 1 || cols > 1000 ||
		             rows > 1000))
			return err_set(_("GOPY_HEADLESS_SIZE must look like 80x24, not %s"), size);
		if (hl_parse(u, script) != 0)
			return -1;
		u->hl_key_at = hl_clock(); /* @time before any key: from the start */
		u->hl_key_cpu = hl_clock_of(CLOCK_PROCESS_CPUTIME_ID);
		char num[16];
		snprintf(num, sizeof num, "%d", rows);
		setenv("LINES", num, 1);
		snprintf(num, sizeof num, "%d", cols);
		setenv("COLUMNS", num, 1);
		u->hl = xcalloc(1, sizeof *u->hl);
		u->hl->out = fopen("/dev/null", "w");
		u->hl->in = fopen("/dev/null", "r");
		if (!u->hl->out || !u->hl->in)
			return err_set(_("cannot open /dev/null: %s"), strerror(errno));
		u->hl->scr = newterm("xterm", u->hl->out, u->hl->in);
		if (!u->hl->scr)
			return err_set(_("cannot start the headless terminal"));
		set_term(u->hl->scr);
		u->headless = true;
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
			return err_set(_("the review screen needs a terminal (stdin and stdout)"));
		if (!getenv("ESCDELAY"))
			set_escdelay(25);
		if (!initscr())
			return err_set(_("cannot start the terminal"));
	}
	/* raw() first turns flow control (IXON) off: Ctrl-S must never freeze the screen. cbreak()
	 * then gives back the signal keys; curses keeps IXON off from raw()'s settings. */
	ui_colors_start();
	raw();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	curs_set(0);
	if (!u->headless) {
		define_key("\033[200~", KEY_MAX + 1);
		define_key("\033[201~", KEY_MAX + 2);
		fputs("\033[?2004h", stdout); /* bracketed paste: pasted text arrives marked */
		fflush(stdout);
	}
	return 0;
}

static void term_stop(struct ui *u)
{
	if (!u->headless) {
		endwin();
		fputs("\033[?2004l", stdout);
		fflush(stdout);
		return;
	}
	endwin();
	if (u->hl) {
		if (u->hl->scr)
			delscreen(u->hl->scr);
		if (u->hl->out)
			fclose(u->hl->out);
		if (u->hl->in)
			fclose(u->hl->in);
		free(u->hl);
		u->hl = NULL;
	}
}

/* Apply the configuration's `bind MODE KEY ACTION` lines (keymap_bind; config_load already left
 * out the bad ones). Returns the first problem of the configuration files as "FILE:LINE: message"
 * (owned), for the message line, or NULL. */
static char *apply_binds(void)
{
	size_t n;
	const struct config_bind *b = config_binds(&n);
	for (size_t i = 0; i < n; i++)
		if (keymap_bind(b[i].mode, b[i].key, b[i].action) != 0)
			fprintf(stderr, "%s: %s\n", b[i].where, err_msg());
	return config_problems() > 0 ? config_problem_text(0) : NULL;
}

int ui_run(struct store *st, const struct ui_options *o)
{
	if (!utf8_locale()) {
		fprintf(stderr, "%s\n",
		        _("gopy: the review screen needs a UTF-8 locale to show Vietnamese (try LANG=C.UTF-8)"));
		return 1;
	}
	struct ui u = { 0 };
	u.st = st;
	u.opt = o;
	if (identify(&u) != 0) {
		fprintf(stderr, "gopy: %s\n", err_msg());
		free(u.identity_note);
		return 1;
	}
	u.data_version = store_data_version(st);
	char *bind_problem = apply_binds();
	store_set_wait(st, -1, ui_waiting, &u); /* a save never fails for a lock: it waits */
	/* a commit whose answer was lost, the server away: said at once, asked again at the next
	 * write (the interface is not held up meanwhile) */
	store_set_server_wait(st, NULL, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	int status = 0;
	if (term_start(&u) != 0) {
		char *m = xstrdup(err_msg());
		term_stop(&u);
		fprintf(stderr, "gopy: %s\n", m);
		free(m);
		status = 1;
		goto out;
	}
	struct view *docs = view_docs_new(&u);
	if (!docs) {
		term_stop(&u);
		fprintf(stderr, "gopy: %s\n", err_msg());
		status = 1;
		goto out;
	}
	ui_push(&u, docs);
	if (o->doc_code)
		ui_open_doc(&u, o->doc_code);
	if (store_world_writable(st)) {
		ui_msg(&u, "%s", _("warning: every user of this system can write this file (chmod o-w)"));
		u.msg_error = true;
	}
	if (bind_problem) /* also on stderr, where the terminal hides it */
		ui_msg(&u, "%s", bind_problem);
	if (!u.msg.len)
		ui_msg(&u, "%s", _("Enter: open   ?: help   /: search   :: command   q: back/quit"));
	ui_speaker_restore(&u); /* a secretary's speaker of the last run on this database */
	ui_drafts_offer(&u); /* drafts left by a crash, a signal or a failed save (ui_draft.c) */
	while (!u.quit) {
		ui_redraw(&u);
		int key = ui_getkey(&u, idle_due(&u) ? IDLE_SOON_MS : 1000);
		if (key == K_EOF)
			break;
		if (key == K_NONE) {
			ui_idle(&u);
			continue;
		}
		handle_key(&u, key);
		ui_say_earlier(&u);
	}
	term_stop(&u);
	while (u.top) {
		struct view *v = u.top;
		u.top = v->below;
		v->ops->destroy(v);
	}
out:
	free(bind_problem);
	for (size_t i = 0; i < u.script_len; i++)
		free(u.script[i].arg);
	free(u.script);
	ui_search_clear(&u);
	buf_free(&u.msg);
	document_clear(&u.doc);
	delegate_clear(&u.me);
	free(u.speaker_name);
	free(u.export_format);
	free(u.export_path);
	free(u.response_template);
	free(u.unsaved_response);
	free(u.identity_note);
	if (stop_signal) /* HUP, TERM, INT: the draft is kept, the status tells the signal */
		status = 128 + (int)stop_signal;
	return status;
}
