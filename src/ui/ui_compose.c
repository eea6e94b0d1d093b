/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_compose.c — writing: the compose pane (new comment, reply, edit; c/r/e/E), its external
 * editor, and the thread's other writing and handling actions (delete, disposition, response).
 *
 * The pane covers the screen (title: what is written and for whom; body: the text wrapped by
 * display width; status bar: the save and cancel keys; message line) and runs its own key
 * loop in raw mode, so that Ctrl-C and Ctrl-S arrive as keys. The text is kept as typed
 * (control characters other than LF dropped); the cursor is a byte offset always on a
 * grapheme-cluster boundary. Typed characters go to a pending buffer first and are inserted
 * in one piece before anything else happens, so a long paste costs one insertion and one
 * redraw. The draft (ui_draft.c) is written on idle ticks, every DRAFT_KEYS keys, before a
 * save and on the way out (signals, end of a headless script). */
#include "ui_int.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/restrict.h"
#include "gopy/text.h"

#define DRAFT_KEYS 24        /* write the draft at least every this many keys */
#define DRAFT_BURST 4096     /* ... or this many during a burst of typeahead */
#define META_WAIT_MS 40      /* a key this soon after Esc makes it Meta (M-b, M-f, ...) */
#define EDIT_MAX (4u << 20)  /* largest file taken back from the external editor */
#define DISCARD_QUESTION N_("Discard this text? y: discard · Ctrl-S: save · other keys: keep writing")

struct vline {
	size_t start, len, next; /* a screen line: text[start..start+len), the next one at start+next */
};

struct compose {
	struct compose_target tg;
	struct buf text;         /* the text as typed: UTF-8, no control characters but LF */
	size_t cur;              /* cursor byte offset, on a cluster boundary */
	struct buf pend;         /* typed but not yet inserted at cur */
	bool paste;              /* inside a bracketed paste */
	int pushback;            /* a key read ahead (after Esc), K_NONE if none */
	int goal;                /* column kept by Up/Down, -1 when none */
	int top;                 /* first screen line shown */
	struct vline *lines;     /* the layout at width lw */
	int nlines, caplines, lw;
	char *title;             /* pane title */
	char *quote;             /* reply: the parent's first line (sanitised), else NULL */
	char *initial;           /* the text the pane started with */
	struct draft dr;         /* draft metadata (context) */
	char *draft_file;        /* NULL when drafts cannot be kept */
	bool dirty;              /* changed since the draft was written */
	bool on_disk;            /* a draft file exists */
	int keys;                /* keys since the draft was written */
	gid sent;                /* a new comment sent when the connection was lost (its commit */
	char *sent_text;         /* may have been done): its id and text, looked up at the next save */
};

/* ---- the text ------------------------------------------------------------------------------ */

static bool insertable(int k)
{
	return k >= 0x20 && k < 0x110000 && !(k >= 0x7f && k < 0xa0) && !(k >= 0xd800 && k < 0xe000);
}

/* Append s[0..n) to out keeping only what the pane holds: LF for CR LF / CR, a space for TAB,
 * no other control characters, invalid bytes as U+FFFD. */
static void filter_into(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		int32_t cp;
		size_t l = text_decode(s + i, n - i, &cp);
		if (cp == '\r') {
			buf_putc(out, '\n');
			if (i + 1 < n && s[i + 1] == '\n')
				l++;
		} else if (cp == '\n') {
			buf_putc(out, '\n');
		} else if (cp == '\t') {
			buf_putc(out, ' ');
		} else if (insertable(cp)) {
			ui_buf_putcp(out, cp);
		}
		i += l;
	}
}

static void text_insert(struct compose *c, size_t at, const char *s, size_t n)
{
	struct buf *b = &c->text;
	buf_reserve(b, n);
	memmove(b->data + at + n, b->data + at, b->len - at);
	memcpy(b->data + at, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	c->dirty = true;
	c->lw = 0;
}

static void text_delete(struct compose *c, size_t a, size_t b)
{
	if (b <= a)
		return;
	memmove(c->text.data + a, c->text.data + b, c->text.len - b + 1);
	c->text.len -= b - a;
	if (c->cur > b)
		c->cur -= b - a;
	else if (c->cur > a)
		c->cur = a;
	c->dirty = true;
	c->lw = 0;
}

/* Insert what was typed since the last flush. */
static void flush_pend(struct compose *c)
{
	if (!c->pend.len)
		return;
	text_insert(c, c->cur, c->pend.data, c->pend.len);
	c->cur += c->pend.len;
	buf_reset(&c->pend);
}

static void text_set(struct compose *c, const char *s, size_t n)
{
	buf_reset(&c->text);
	buf_reserve(&c->text, 0);
	c->text.data[0] = '\0';
	filter_into(&c->text, s, n);
	c->cur = c->text.len;
	c->dirty = true;
	c->lw = 0;
	c->top = 0;
}

static const char *tx(const struct compose *c)
{
	return c->text.data ? c->text.data : "";
}

static size_t line_begin(const struct compose *c, size_t pos)
{
	const char *s = tx(c);
	while (pos > 0 && s[pos - 1] != '\n')
		pos--;
	return pos;
}

static size_t line_end(const struct compose *c, size_t pos)
{
	const char *s = tx(c);
	while (pos < c->text.len && s[pos] != '\n')
		pos++;
	return pos;
}

/* Cursor moves by grapheme cluster and by word, shared with the line editor (ui_lineedit.c). */
static size_t next_cluster(const struct compose *c, size_t pos)
{
	return ui_cluster_next(tx(c), c->text.len, pos);
}

static size_t prev_cluster(const struct compose *c, size_t pos)
{
	return ui_text_prev(tx(c), c->text.len, pos);
}

static size_t snap(const struct compose *c, size_t pos)
{
	return ui_text_snap(tx(c), c->text.len, pos);
}

static size_t word_left(const struct compose *c, size_t pos)
{
	return ui_word_left(tx(c), c->text.len, pos);
}

static size_t word_right(const struct compose *c, size_t pos)
{
	return ui_word_right(tx(c), c->text.len, pos);
}

static bool blank(const struct compose *c)
{
	return strspn(tx(c), " \n") == c->text.len;
}

/* ---- layout -------------------------------------------------------------------------------- */

static void push_line(struct compose *c, size_t start, size_t len, size_t next)
{
	if (c->nlines == c->caplines) {
		c->caplines = c->caplines ? c->caplines * 2 : 64;
		c->lines = xrealloc(c->lines, (size_t)c->caplines * sizeof *c->lines);
	}
	c->lines[c->nlines++] = (struct vline){ start, len, next };
}

/* Wrap the text at width w (text_wrap_line). A last empty line follows an LF, spaces that
 * ended the last line, or a full last line, so the cursor after them has a place. */
static void layout(struct compose *c, int w)
{
	if (c->lw == w)
		return;
	const char *s = tx(c);
	size_t len = c->text.len, off = 0, nx;
	c->nlines = 0;
	while (off < len) {
		size_t n = text_wrap_line(s + off, len - off, w, &nx);
		push_line(c, off, n, nx);
		off += nx;
	}
	const struct vline *l = c->nlines ? &c->lines[c->nlines - 1] : NULL;
	if (!l || s[len - 1] == '\n' || l->start + l->len < len || text_width(s + l->start, l->len) >= w)
		push_line(c, len, 0, 0);
	c->lw = w;
}

/* The screen line holding pos. */
static int line_of(const struct compose *c, size_t pos)
{
	int lo = 0, hi = c->nlines - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (c->lines[mid].start <= pos)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

/* Display column of pos on its screen line i. */
static int column_of(const struct compose *c, int i, size_t pos)
{
	const struct vline *l = &c->lines[i];
	size_t end = pos < l->start + l->len ? pos : l->start + l->len;
	char *s = text_sanitize(tx(c) + l->start, end - l->start);
	int col = text_width(s, strlen(s));
	free(s);
	if (pos > end)
		col += (int)(pos - end); /* on the spaces where the line was broken */
	return col;
}

/* The byte offset on screen line i nearest to column col (not past the line). */
static size_t at_column(const struct compose *c, int i, int col)
{
	const struct vline *l = &c->lines[i];
	size_t n = text_prefix_fitting(tx(c) + l->start, l->len, col, NULL);
	return l->start + n;
}

/* ---- drafts -------------------------------------------------------------------------------- */

static void draft_flush(struct ui *u, struct compose *c)
{
	flush_pend(c);
	c->keys = 0;
	if (!c->dirty || !c->draft_file)
		return;
	bool unchanged = strcmp(tx(c), c->initial) == 0;
	if (blank(c) || unchanged) { /* nothing worth keeping */
		if (c->on_disk && draft_remove(c->draft_file) != 0)
			ui_msg_err(u);
		c->on_disk = false;
		c->dirty = false;
		return;
	}
	clock_now_iso(c->dr.saved);
	c->dr.tg = c->tg;
	c->dr.cursor = c->cur;
	if (draft_write(c->draft_file, &c->dr, tx(c), c->text.len) != 0) {
		ui_msg_err(u); /* e.g. disk full: say so, keep typing; the next tick tries again */
		return;
	}
	c->on_disk = true;
	c->dirty = false;
}

static void draft_drop(struct ui *u, struct compose *c)
{
	if (c->draft_file && draft_remove(c->draft_file) != 0)
		ui_msg_err(u);
	c->on_disk = false;
	c->dirty = false;
}

void ui_compose_idle(struct ui *u)
{
	if (u->compose)
		draft_flush(u, u->compose);
}

/* ---- drawing ------------------------------------------------------------------------------- */

/* A key as the status bar shows it: <C-s> as ^S, <Esc> as Esc. */
static void short_key(int key, struct buf *b)
{
	char nm[32];
	ui_key_name(key, nm, sizeof nm);
	size_t n = strlen(nm);
	if (n == 5 && strncmp(nm, "<C-", 3) == 0)
		buf_printf(b, "^%c", nm[3] >= 'a' && nm[3] <= 'z' ? nm[3] - 'a' + 'A' : nm[3]);
	else if (n > 2 && nm[0] == '<')
		buf_printf(b, "%.*s", (int)n - 2, nm + 1);
	else
		buf_puts(b, nm);
}

/* Up to max keys bound to a in mode vk, joined by "/". */
static void keys_of(enum action a, int vk, int max, struct buf *b)
{
	size_t n;
	const struct keybind *t = keymap_table(&n);
	int got = 0;
	for (size_t i = 0; i < n && got < max; i++)
		if (t[i].act == a && (t[i].views & vk)) {
			if (got++)
				buf_putc(b, '/');
			short_key(t[i].key, b);
		}
}

/* The key hints of the status bar, from the bindings: save, cancel, editor, new line. */
static void hints(struct buf *b)
{
	bool wide = COLS >= 60;
	const char *sep = wide ? " │ " : "  ";
	buf_putc(b, ' ');
	keys_of(ACT_CO_SAVE, VK_COMPOSE, COLS >= 100 ? 2 : 1, b);
	buf_printf(b, " %s%s", _("save"), sep);
	keys_of(ACT_CO_CANCEL, VK_COMPOSE, wide ? 2 : 1, b);
	buf_printf(b, " %s%s", _("cancel"), sep);
	keys_of(ACT_CO_PREFIX, VK_COMPOSE, 1, b);
	keys_of(ACT_CO_EDITOR, VK_COMPOSE_X, 1, b);
	buf_printf(b, " %s", _("editor"));
	if (wide) {
		buf_puts(b, sep);
		keys_of(ACT_CO_NEWLINE, VK_COMPOSE, 1, b);
		buf_printf(b, ": %s", _("new line"));
	}
}

/* A new comment or reply typed by someone who may record for others: the speaker matters. */
static bool for_others(const struct ui *u, const struct compose *c)
{
	return !c->tg.edit_id && delegate_can_record_for_others(&u->me);
}

void ui_compose_draw(struct ui *u)
{
	struct compose *c = u->compose;
	flush_pend(c);
	u->no_hl = true;
	int w = COLS, h = ui_body_rows(), y = 1;
	ui_clear_row(0, UI_ATTR_BAR);
	ui_put_db(u, 0, 0, w, c->title, UI_ATTR_BAR);
	if (for_others(u, c) && h > 3) { /* a secretary sees whose words these are */
		struct buf sp = { 0 };
		if (!u->speaker_chosen)
			buf_puts(&sp, _("Speaker: not chosen yet — saving asks who is speaking (S chooses)"));
		else if (c->tg.entered_by)
			buf_printf(&sp, _("Speaker: %s — entered by you"), u->speaker_name ? u->speaker_name : "?");
		else
			buf_printf(&sp, _("Speaker: you (%s)"), u->me.name ? u->me.name : "?");
		ui_put_db(u, y, 0, w, sp.data, A_BOLD | A_UNDERLINE);
		buf_free(&sp);
		y++;
		h--;
	}
	if (c->quote && h > 3) {
		ui_put(u, y, 0, w, c->quote, strlen(c->quote), UI_ATTR_DIM);
		y++;
		h--;
	}
	layout(c, w);
	int ci = line_of(c, c->cur);
	if (ci < c->top)
		c->top = ci;
	if (ci >= c->top + h)
		c->top = ci - h + 1;
	if (c->top > c->nlines - h)
		c->top = c->nlines - h > 0 ? c->nlines - h : 0;
	for (int r = 0; r < h && c->top + r < c->nlines; r++) {
		const struct vline *l = &c->lines[c->top + r];
		char *s = text_sanitize(tx(c) + l->start, l->len);
		ui_put(u, y + r, 0, w, s, strlen(s), A_NORMAL);
		free(s);
	}
	struct buf b = { 0 };
	hints(&b);
	ui_put(u, LINES - 2, 0, w, b.data, b.len, UI_ATTR_BAR);
	buf_free(&b);
	ui_put_db(u, LINES - 1, 0, w, u->msg.data ? u->msg.data : "", u->msg_error ? ui_attr_error : A_NORMAL);
	u->no_hl = false;
	int col = column_of(c, ci, c->cur);
	move(y + ci - c->top, col < w ? col : w - 1);
	curs_set(1);
	refresh();
}

/* ---- describing the target ------------------------------------------------------------------ */

/* Title, draft context and reply quote. -1 with err_set when the target is gone. */
static int describe(struct ui *u, struct compose *c)
{
	const struct compose_target *tg = &c->tg;
	struct document d = { 0 };
	int r = store_document_get_id(u->st, tg->doc_id, &d);
	if (r != 0)
		return r < 0 ? -1 : err_set(_("the document of this text no longer exists"));
	struct buf title = { 0 }, ctx = { 0 };
	char *where = NULL;
	struct comment cm = { 0 };
	gid cid = tg->parent_id ? tg->parent_id : tg->edit_id;
	if (cid) {
		r = store_comment_get(u->st, cid, &cm);
		if (r != 0) {
			document_clear(&d);
			return r < 0 ? -1 : err_set(_("comment %lld no longer exists"), (long long)cid);
		}
		where = xstrdup(cm.section_label && cm.section_label[0] ? cm.section_label : _("general comments"));
	} else if (tg->section_id) {
		struct section s = { 0 };
		r = store_section_get(u->st, tg->section_id, &s);
		if (r != 0) {
			document_clear(&d);
			return r < 0 ? -1 : err_set(_("the section of this text no longer exists"));
		}
		where = xstrdup(s.full_label && s.full_label[0] ? s.full_label : s.heading ? s.heading : "?");
		section_clear(&s);
	} else {
		where = xstrdup(_("the whole draft"));
	}
	buf_printf(&ctx, "%s, %s", d.code, where);
	if (tg->parent_id) {
		buf_printf(&title, _("Reply to %s — %s, %s"), cm.author_name ? cm.author_name : "?", d.code, where);
		buf_printf(&ctx, _(", reply to %s"), cm.author_name ? cm.author_name : "?");
		char *body = ui_clean(cm.deleted_at ? _("(comment deleted)") : cm.body);
		struct buf q = { 0 };
		buf_printf(&q, "↳ %s: %s", cm.author_name ? cm.author_name : "?", body);
		c->quote = ui_clean(q.data);
		buf_free(&q);
		free(body);
	} else if (tg->edit_id) {
		buf_printf(&title, _("Edit comment — %s, %s"), d.code, where);
		buf_puts(&ctx, _(", edit of a comment"));
	} else {
		buf_printf(&title, _("New comment on %s — %s"), where, d.code);
	}
	if (tg->entered_by && tg->entered_by != tg->author_id) {
		struct delegate sp = { 0 };
		if (store_delegate_get_id(u->st, tg->author_id, &sp) == 0) {
			buf_printf(&title, _(" for %s"), sp.name);
			buf_printf(&ctx, _(" for %s"), sp.name);
			delegate_clear(&sp);
		}
	}
	free(where);
	comment_clear(&cm);
	document_clear(&d);
	c->title = buf_take(&title);
	c->dr.context = buf_take(&ctx);
	return 0;
}

/* ---- the external editor -------------------------------------------------------------------- */

static const char *editor_cmd(void)
{
	const char *e = getenv("VISUAL");
	if (!e || !*e)
		e = getenv("EDITOR");
	return e && *e ? e : "vi";
}

/* Write the text to a private temporary file, run the editor on it with the terminal given
 * back, and take the file back. The text is unchanged when anything fails. */
static void run_editor(struct ui *u, struct compose *c)
{
	if (restricted_mode()) { /* an editor can start a shell */
		ui_msg(u, "%s", _("restricted mode: no external editor; write here and save with Ctrl-S"));
		u->msg_error = true;
		return;
	}
	flush_pend(c);
	draft_flush(u, c);
	const char *tmpdir = getenv("TMPDIR");
	struct buf path = { 0 };
	buf_printf(&path, "%s/gopy-comment-XXXXXX.txt", tmpdir && *tmpdir ? tmpdir : "/tmp");
	int fd = mkstemps(path.data, 4);
	if (fd < 0) {
		ui_msg(u, _("cannot make a file for the editor: %s"), strerror(errno));
		u->msg_error = true;
		buf_free(&path);
		return;
	}
	bool ok = true;
	for (size_t off = 0; off < c->text.len && ok;) {
		ssize_t w = write(fd, tx(c) + off, c->text.len - off);
		if (w < 0 && errno != EINTR)
			ok = false;
		else if (w > 0)
			off += (size_t)w;
	}
	if (ok && c->text.len && tx(c)[c->text.len - 1] != '\n' && write(fd, "\n", 1) != 1)
		ok = false;
	if (close(fd) != 0)
		ok = false;
	if (!ok) {
		ui_msg(u, _("cannot write the file for the editor: %s"), strerror(errno));
		u->msg_error = true;
		unlink(path.data);
		buf_free(&path);
		return;
	}

	struct buf cmd = { 0 };
	buf_printf(&cmd, "%s \"$1\"", editor_cmd());
	def_prog_mode();
	endwin();
	if (!u->headless) {
		fputs("\033[?2004l", stdout);
		fflush(stdout);
	}
	/* Like system(): the editor owns the terminal; Ctrl-C there is not ours. */
	struct sigaction ign, old_int, old_quit;
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	int status = -1;
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd.data, "sh", path.data, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	if (!u->headless) {
		fputs("\033[?2004h", stdout);
		fflush(stdout);
	}
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();

	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		ui_msg(u, _("the editor (%s) failed: the text is unchanged"), editor_cmd());
		u->msg_error = true;
	} else {
		struct buf got = { 0 };
		int in = open(path.data, O_RDONLY | O_CLOEXEC);
		char chunk[65536];
		ssize_t n = 0;
		while (in >= 0 && got.len <= EDIT_MAX && (n = read(in, chunk, sizeof chunk)) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				break;
			buf_append(&got, chunk, (size_t)n);
		}
		if (in < 0 || n < 0) {
			ui_msg(u, _("cannot read the editor's file back: %s"), strerror(errno));
			u->msg_error = true;
		} else if (got.len > EDIT_MAX) {
			ui_msg(u, "%s", _("the edited text is too long: the text is unchanged"));
			u->msg_error = true;
		} else {
			while (got.len && (got.data[got.len - 1] == '\n' || got.data[got.len - 1] == '\r'))
				got.len--;
			text_set(c, got.data ? got.data : "", got.len);
			ui_msg(u, "%s", _("text taken back from the editor: Ctrl-S saves it"));
			draft_flush(u, c);
		}
		if (in >= 0)
			close(in);
		buf_free(&got);
	}
	unlink(path.data);
	buf_free(&path);
	buf_free(&cmd);
}

/* ---- saving --------------------------------------------------------------------------------- */

/* Save to the database. On failure the text stays (pane and draft) and the message says why. */
static void set_author(struct ui *u, struct compose_target *tg);
static int describe(struct ui *u, struct compose *c);

/* A secretary saving before choosing the speaker is asked (the picker opens); the target,
 * title and draft then follow the choice. False when no speaker was chosen. */
static bool ask_speaker(struct ui *u, struct compose *c)
{
	ui_speaker_pick(u);
	if (!u->speaker_chosen) {
		ui_msg(u, "%s", _("not saved: choose who is speaking first (the text stays here)"));
		u->msg_error = true;
		return false;
	}
	struct compose_target tg = c->tg;
	set_author(u, &tg);
	if (tg.author_id == c->tg.author_id && tg.entered_by == c->tg.entered_by)
		return true;
	if (c->draft_file) /* the draft's name follows its author */
		draft_drop(u, c);
	free(c->draft_file);
	c->tg = tg;
	c->draft_file = draft_path(u, &c->tg);
	free(c->title);
	free(c->quote);
	draft_clear(&c->dr);
	c->title = c->quote = NULL;
	if (describe(u, c) != 0)
		ui_msg_err(u);
	c->dirty = true;
	draft_flush(u, c);
	return true;
}

/* Add the new comment, once: a save whose answer the lost connection took may have been done,
 * so it is looked for before the comment is sent again (then the text typed since, if any, is
 * what it says). A save that finds the connection lost (the server restarted, the session
 * ended) tries once more at once: the store connects again if the server answers. */
static int add_once(struct ui *u, struct compose *c, const struct comment_new *n)
{
	char first[512] = ""; /* why the first try failed: said if the second fails as well */
	for (int tries = 0;; tries++) {
		if (c->sent) {
			struct comment_new was = *n;
			was.body = c->sent_text;
			int landed = store_comment_landed(u->st, c->sent, &was);
			if (landed < 0)
				return *first && store_connection_lost(u->st) ? err_set("%s", first) : -1;
			int rc = 0;
			if (landed == 1 && strcmp(c->sent_text, n->body) != 0)
				rc = store_comment_edit(u->st, c->sent, n->body);
			if (rc == 0) { /* (an edit that failed keeps it: looked for again next time) */
				c->sent = 0;
				free(c->sent_text);
				c->sent_text = NULL;
			}
			if (landed == 1)
				return rc;
		}
		gid id = 0;
		int rc = store_comment_add(u->st, n, &id);
		if (rc == 0 || !store_connection_lost(u->st))
			return rc;
		if (id) {
			c->sent = id;
			c->sent_text = xstrdup(n->body);
		}
		if (tries > 0)
			return *first ? err_set("%s", first) : rc;
		snprintf(first, sizeof first, "%s", err_msg());
	}
}

static bool save(struct ui *u, struct compose *c)
{
	draft_flush(u, c);
	if (blank(c)) {
		ui_msg(u, "%s", _("the comment is empty: type something, or Ctrl-C to cancel"));
		u->msg_error = true;
		return false;
	}
	if (for_others(u, c) && !u->speaker_chosen && !ask_speaker(u, c))
		return false;
	if (c->tg.edit_id && strcmp(tx(c), c->initial) == 0) {
		draft_drop(u, c);
		ui_msg(u, "%s", _("no change"));
		return true;
	}
	ui_msg(u, "%s", _("saving…"));
	ui_redraw(u);
	int rc;
	if (c->tg.edit_id) {
		rc = store_comment_edit(u->st, c->tg.edit_id, tx(c));
	} else {
		struct comment_new n = {
			.doc_id = c->tg.doc_id,
			.section_id = c->tg.parent_id ? 0 : c->tg.section_id,
			.parent_id = c->tg.parent_id,
			.author_id = c->tg.author_id,
			.entered_by = c->tg.entered_by,
			.body = tx(c),
		};
		rc = add_once(u, c, &n);
	}
	if (rc != 0) {
		const char *why = ui_err_text(u);
		ui_msg(u, _("not saved: %s — the text stays here%s; Ctrl-S tries again"), why,
		       c->on_disk ? _(" and in its draft") : "");
		u->msg_error = true;
		ui_say_earlier(u);
		return false;
	}
	draft_drop(u, c);
	ui_msg(u, "%s", c->tg.edit_id ? _("comment updated") : c->tg.parent_id ? _("reply saved") : _("comment saved"));
	ui_say_earlier(u);
	return true;
}

/* ---- the key loop --------------------------------------------------------------------------- */

enum outcome { GOING, SAVED, CLOSED, ENDED };

static int next_key(struct ui *u, struct compose *c, int timeout_ms)
{
	if (c->pushback != K_NONE) {
		int k = c->pushback;
		c->pushback = K_NONE;
		return k;
	}
	return ui_getkey(u, timeout_ms);
}

/* Ctrl-C or Esc: cancel. A changed text is discarded only on y (or d); the one other way out
 * is the explicit save key, named in the question; any other key keeps writing. A key
 * labelled cancel never saves. */
static enum outcome cancel(struct ui *u, struct compose *c)
{
	flush_pend(c);
	if (blank(c) || strcmp(tx(c), c->initial) == 0) {
		draft_drop(u, c);
		ui_msg(u, "%s", "");
		return CLOSED;
	}
	draft_flush(u, c);
	ui_msg(u, "%s", _(DISCARD_QUESTION));
	ui_redraw(u);
	int k = next_key(u, c, -1);
	if (k == K_EOF)
		return ENDED;
	if (k == K_CTRL('s') || k == K_FN(KEY_F(2)))
		return save(u, c) ? SAVED : GOING;
	if (k == 'y' || k == 'Y' || k == 'd' || k == 'D') {
		draft_drop(u, c);
		ui_msg(u, "%s", _("discarded"));
		return CLOSED;
	}
	ui_msg(u, "%s", _("still writing"));
	return GOING;
}

static void move_to(struct compose *c, size_t pos)
{
	flush_pend(c);
	c->cur = pos;
	c->goal = -1;
}

static void vertical(struct compose *c, int lines)
{
	flush_pend(c);
	layout(c, COLS);
	int i = line_of(c, c->cur);
	if (c->goal < 0)
		c->goal = column_of(c, i, c->cur);
	int j = i + lines;
	if (j < 0)
		j = 0;
	if (j >= c->nlines)
		j = c->nlines - 1;
	if (j == i) {
		c->cur = lines < 0 ? 0 : c->text.len; /* past the first / last line: to its end */
		return;
	}
	c->cur = at_column(c, j, c->goal);
}

static void visual_home_end(struct compose *c, bool end)
{
	flush_pend(c);
	layout(c, COLS);
	int i = line_of(c, c->cur);
	c->cur = end ? c->lines[i].start + c->lines[i].len : c->lines[i].start;
	c->goal = -1;
}

/* Ctrl-X: the next key is looked up among the VK_COMPOSE_X bindings. */
static enum outcome act(struct ui *u, struct compose *c, enum action a);

static enum outcome prefix(struct ui *u, struct compose *c)
{
	char ks[32], ke[32], kc[32];
	keymap_key_for(ACT_CO_SAVE, VK_COMPOSE_X, ks, sizeof ks);
	keymap_key_for(ACT_CO_EDITOR, VK_COMPOSE_X, ke, sizeof ke);
	keymap_key_for(ACT_CO_CANCEL, VK_COMPOSE_X, kc, sizeof kc);
	ui_msg(u, _("Ctrl-X: %s save · %s editor · %s cancel"), ks, ke, kc);
	ui_redraw(u);
	int k = next_key(u, c, -1);
	ui_msg(u, "%s", "");
	if (k == K_EOF)
		return ENDED;
	enum action a = keymap_lookup(k, VK_COMPOSE_X);
	return a == ACT_CO_PREFIX ? GOING : act(u, c, a);
}

static void kill_line_start(struct compose *c)
{
	size_t b = line_begin(c, c->cur);
	text_delete(c, b == c->cur && b > 0 ? b - 1 : b, c->cur); /* at a line start: join the lines */
}

static void kill_line_end(struct compose *c)
{
	size_t e = line_end(c, c->cur);
	text_delete(c, c->cur, e == c->cur && e < c->text.len ? e + 1 : e);
}

/* Carry out a compose action (the VK_COMPOSE bindings); pending typing is already in. */
static enum outcome act(struct ui *u, struct compose *c, enum action a)
{
	switch (a) {
	case ACT_CO_SAVE: return save(u, c) ? SAVED : GOING;
	case ACT_CO_CANCEL: return cancel(u, c);
	case ACT_CO_PREFIX: return prefix(u, c);
	case ACT_CO_EDITOR: run_editor(u, c); return GOING;
	case ACT_CO_NEWLINE: buf_putc(&c->pend, '\n'); c->goal = -1; return GOING;
	case ACT_CO_SPACE: buf_putc(&c->pend, ' '); return GOING;
	case ACT_ED_BS: text_delete(c, prev_cluster(c, c->cur), c->cur); c->goal = -1; return GOING;
	case ACT_ED_DEL: text_delete(c, c->cur, next_cluster(c, c->cur)); c->goal = -1; return GOING;
	case ACT_ED_LEFT: move_to(c, prev_cluster(c, c->cur)); return GOING;
	case ACT_ED_RIGHT: move_to(c, next_cluster(c, c->cur)); return GOING;
	case ACT_ED_WORD_LEFT: move_to(c, word_left(c, c->cur)); return GOING;
	case ACT_ED_WORD_RIGHT: move_to(c, word_right(c, c->cur)); return GOING;
	case ACT_ED_HOME: visual_home_end(c, false); return GOING;
	case ACT_ED_END: visual_home_end(c, true); return GOING;
	case ACT_ED_KILL_START: kill_line_start(c); return GOING;
	case ACT_ED_KILL_END: kill_line_end(c); return GOING;
	case ACT_ED_KILL_WORD: text_delete(c, word_left(c, c->cur), c->cur); return GOING;
	case ACT_ED_KILL_WORD_RIGHT: text_delete(c, c->cur, word_right(c, c->cur)); return GOING;
	case ACT_CO_LINE_UP: vertical(c, -1); return GOING;
	case ACT_CO_LINE_DOWN: vertical(c, 1); return GOING;
	case ACT_CO_PAGE_UP: vertical(c, -(ui_body_rows() - 1)); return GOING;
	case ACT_CO_PAGE_DOWN: vertical(c, ui_body_rows() - 1); return GOING;
	case ACT_CO_TEXT_START: move_to(c, 0); return GOING;
	case ACT_CO_TEXT_END: move_to(c, c->text.len); return GOING;
	case ACT_REDRAW: clearok(curscr, TRUE); return GOING;
	default: return GOING;
	}
}

/* The terminal's codes of C-Left / C-Right (they depend on its description) as K_CLEFT /
 * K_CRIGHT, so the table can bind them. */
static int word_arrows(int k)
{
	static int cleft, cright;
	if (!cleft) {
		const char *sl = tigetstr("kLFT5"), *sr = tigetstr("kRIT5");
		cleft = sl && sl != (char *)-1 ? key_defined(sl) : -1;
		cright = sr && sr != (char *)-1 ? key_defined(sr) : -1;
		if (cleft <= 0)
			cleft = -1;
		if (cright <= 0)
			cright = -1;
	}
	if (cleft > 0 && k == K_FN(cleft))
		return K_CLEFT;
	if (cright > 0 && k == K_FN(cright))
		return K_CRIGHT;
	return k;
}

/* One key; returns GOING to go on. */
static enum outcome key(struct ui *u, struct compose *c, int k)
{
	if (c->paste) { /* everything pasted is text */
		if (k == K_PASTE_END) {
			c->paste = false;
		} else if (k == K_ENTER) {
			buf_putc(&c->pend, '\n');
		} else if (k == '\t') {
			buf_putc(&c->pend, ' ');
		} else if (insertable(k)) {
			ui_buf_putcp(&c->pend, k);
		} else if (k == K_EOF) {
			return ENDED;
		}
		return GOING;
	}
	if (insertable(k)) {
		ui_buf_putcp(&c->pend, k);
		c->goal = -1;
		return GOING;
	}
	switch (k) {
	case K_EOF: return ENDED;
	case K_PASTE_BEGIN: c->paste = true; return GOING;
	case K_PASTE_END:
	case K_FN(KEY_RESIZE): return GOING;
	default: break;
	}
	if (k == K_ESC) {
		/* Esc then a key at once is a Meta key (M-b) when one is bound. The cancel question
		 * goes up before that check, so a screen taken while waiting shows it; a Meta key
		 * puts the old message back. */
		flush_pend(c);
		char *old = xstrdup(u->msg.data ? u->msg.data : "");
		bool old_err = u->msg_error;
		if (!blank(c) && strcmp(tx(c), c->initial) != 0 && keymap_lookup(K_ESC, VK_COMPOSE) == ACT_CO_CANCEL)
			ui_msg(u, "%s", _(DISCARD_QUESTION));
		int m = next_key(u, c, u->headless ? 0 : META_WAIT_MS);
		if (m != K_NONE && m != K_EOF && keymap_lookup(K_META(m), VK_COMPOSE) != ACT_NONE) {
			ui_msg(u, "%s", old);
			u->msg_error = old_err;
			k = K_META(m);
		} else {
			c->pushback = m;
		}
		free(old);
	}
	enum action a = keymap_lookup(word_arrows(k), VK_COMPOSE);
	if (a != ACT_CO_NEWLINE && a != ACT_CO_SPACE)
		flush_pend(c); /* every other key acts on the text as it is now */
	return act(u, c, a);
}

/* True when more input is already waiting (typeahead, a paste without markers), found
 * without reading it: a get_wch() with a zero timeout can stop inside a multibyte character,
 * and ncurses then loses a run of input (seen with 100 KB pastes in tmux). */
static bool input_waiting(struct ui *u, const struct compose *c)
{
	if (c->pushback != K_NONE || u->headless)
		return true;
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	return poll(&p, 1, 0) > 0;
}

/* The idle pause after which the draft is written: 1 s, or GOPY_IDLE_MS (tests lengthen it
 * to show that a signal alone keeps the text). */
static int idle_ms(void)
{
	static int ms;
	if (!ms) {
		const char *e = getenv("GOPY_IDLE_MS");
		int64_t v;
		ms = e && parse_int64(e, 1, 86400000, &v) ? (int)v : 1000;
	}
	return ms;
}

static enum outcome loop(struct ui *u, struct compose *c)
{
	for (;;) {
		ui_redraw(u);
		int k = next_key(u, c, idle_ms());
		if (k == K_NONE) { /* an idle second: keep the draft */
			if (!c->paste)
				draft_flush(u, c);
			continue;
		}
		/* Take everything already typed (a paste, typeahead) before drawing again. */
		while (k != K_NONE) {
			enum outcome o = key(u, c, k);
			if (o != GOING)
				return o;
			c->keys++;
			k = c->paste || input_waiting(u, c) ? next_key(u, c, c->paste ? 1000 : 50) : K_NONE;
			/* Every DRAFT_KEYS keys typed; in a burst of typeahead, at its end (or every
			 * DRAFT_BURST keys), not thousands of times. */
			if (!c->paste && ((c->keys >= DRAFT_KEYS && (k == K_NONE || u->headless)) || c->keys >= DRAFT_BURST))
				draft_flush(u, c);
		}
	}
}

bool ui_compose_open(struct ui *u, const struct compose_target *tg, const char *initial, bool external)
{
	if (!u->me.id) {
		ui_msg(u, "%s", _("read-only: start gopy with --as CODE to write comments"));
		return false;
	}
	if (u->compose)
		return false;
	struct compose c = { .tg = *tg, .pushback = K_NONE, .goal = -1 };
	if (c.tg.parent_id || c.tg.edit_id)
		c.tg.section_id = 0; /* the comment decides it; the draft's name must not depend on the view */
	if (describe(u, &c) != 0) {
		ui_msg_err(u);
		return false;
	}
	buf_reserve(&c.text, 0);
	c.text.data[0] = '\0';
	c.draft_file = draft_path(u, &c.tg);
	if (!c.draft_file)
		ui_msg_err(u); /* go on without drafts, but say so */
	struct draft d = { 0 };
	struct buf dt = { 0 };
	int r = c.draft_file ? draft_read(c.draft_file, &d, &dt) : 1;
	if (initial) {
		text_set(&c, initial, strlen(initial));
		c.initial = xstrdup(tx(&c));
	} else {
		c.initial = xstrdup("");
	}
	if (r == 0) {
		text_set(&c, dt.data ? dt.data : "", dt.len);
		c.cur = snap(&c, d.cursor <= c.text.len ? d.cursor : c.text.len);
		c.on_disk = true;
		char when[32];
		draft_local_time(d.saved, when);
		ui_msg(u, _("draft from %s restored"), when);
	} else if (r < 0) {
		ui_msg_err(u);
	} else if (!u->msg_error) {
		ui_msg(u, "%s", "");
	}
	c.dirty = false;
	draft_clear(&d);
	buf_free(&dt);

	u->compose = &c;
	raw(); /* Ctrl-C, Ctrl-S, Ctrl-Q and Ctrl-Z arrive as keys */
	if (external)
		run_editor(u, &c);
	enum outcome o = loop(u, &c);
	if (o == ENDED)
		draft_flush(u, &c); /* a signal or the end of the input: keep everything */
	cbreak(); /* flow control stays off (ui.c) */
	curs_set(0);
	u->compose = NULL;

	if (o == SAVED && u->doc.id) {
		struct document doc = { 0 };
		if (store_document_get_id(u->st, u->doc.id, &doc) == 0) {
			ui_set_doc(u, &doc);
			document_clear(&doc);
		}
		if (u->top && u->top->ops->kind == VK_READER && u->top->ops->reload)
			u->top->ops->reload(u->top, u);
	}
	buf_free(&c.text);
	buf_free(&c.pend);
	free(c.lines);
	free(c.title);
	free(c.quote);
	free(c.initial);
	free(c.sent_text);
	free(c.draft_file);
	draft_clear(&c.dr);
	return o == SAVED;
}

/* The current user, or in secretary mode the chosen speaker, as author. */
static void set_author(struct ui *u, struct compose_target *tg)
{
	tg->author_id = u->me.id;
	tg->entered_by = 0;
	if (u->speaker_id && u->speaker_id != u->me.id && delegate_can_record_for_others(&u->me)) {
		tg->author_id = u->speaker_id;
		tg->entered_by = u->me.id;
	}
}

bool ui_compose_run(struct ui *u, gid doc_id, gid section_id, gid parent_id, gid edit_id, const char *initial)
{
	if (!u->me.id) {
		ui_msg(u, "%s", _("read-only: start gopy with --as CODE to write comments"));
		return false;
	}
	struct compose_target tg = { .doc_id = doc_id, .section_id = section_id, .parent_id = parent_id,
	                             .edit_id = edit_id };
	set_author(u, &tg);
	if (edit_id) { /* an edit keeps its author; the draft belongs to whoever edits */
		tg.author_id = u->me.id;
		tg.entered_by = 0;
	}
	return ui_compose_open(u, &tg, initial, false);
}

/* ---- the thread's writing and handling actions ----------------------------------------------- */

bool ui_thread_write(struct ui *u, enum action a, const struct comment *sel, gid doc_id, gid section_id);

/* d: pick a disposition from a menu (by its number, or moving and Enter); the labels do not
 * fit one message line in every language and at every width. */
static int pick_disposition(struct ui *u)
{
	const char *items[DISP_COUNT];
	for (int d = 0; d < DISP_COUNT; d++)
		items[d] = disposition_label(d);
	int d = ui_menu(u, _("Disposition"), items, DISP_COUNT, DISP_ACCEPTED);
	ui_msg(u, "%s", "");
	return d;
}

bool ui_thread_write(struct ui *u, enum action a, const struct comment *sel, gid doc_id, gid section_id)
{
	if (a == ACT_COMMENT)
		return ui_compose_run(u, doc_id, section_id, 0, 0, NULL);
	if (!sel) {
		ui_msg(u, "%s", _("no comment selected"));
		return false;
	}
	if (!u->me.id) {
		ui_msg(u, "%s", _("read-only: start gopy with --as CODE to write or handle comments"));
		return false;
	}
	switch (a) {
	case ACT_REPLY:
		if (sel->deleted_at) {
			ui_msg(u, "%s", _("this comment was deleted: reply to another one"));
			return false;
		}
		return ui_compose_run(u, doc_id, section_id, sel->id, 0, NULL);
	case ACT_EDIT:
	case ACT_EXTERNAL: {
		if (sel->deleted_at) {
			ui_msg(u, "%s", _("this comment was deleted"));
			return false;
		}
		if (sel->author_id != u->me.id && sel->entered_by != u->me.id) {
			ui_msg(u, "%s", _("you can edit only your own comments"));
			u->msg_error = true;
			return false;
		}
		struct compose_target tg = { .doc_id = doc_id, .section_id = section_id, .edit_id = sel->id,
		                             .author_id = u->me.id };
		return ui_compose_open(u, &tg, sel->body, a == ACT_EXTERNAL);
	}
	case ACT_DELETE:
		if (sel->deleted_at) {
			ui_msg(u, "%s", _("already deleted"));
			return false;
		}
		if (sel->author_id != u->me.id && sel->entered_by != u->me.id) {
			ui_msg(u, "%s", _("you can delete only your own comments"));
			return false;
		}
		if (!ui_confirm(u, _("Delete this comment? Its replies stay.")))
			return false;
		if (store_comment_delete(u->st, sel->id) != 0) {
			ui_msg_err(u);
			return false;
		}
		ui_msg(u, "%s", _("comment deleted"));
		return true;
	case ACT_DISPOSE: {
		if (!delegate_can_handle(&u->me)) {
			ui_msg(u, "%s", _("only the drafting team (role editor) sets dispositions"));
			return false;
		}
		int d = pick_disposition(u);
		if (d < 0)
			return false;
		if (store_comment_handle(u->st, sel->id, d, NULL, u->me.id) != 0) {
			ui_msg_err(u);
			return false;
		}
		ui_msg(u, _("disposition: %s"), disposition_label(d));
		if (d == DISP_ACCEPTED || d == DISP_PARTLY)
			ui_offer_citation(u, sel);
		return true;
	}
	case ACT_RESPONSE: {
		if (!delegate_can_handle(&u->me)) {
			ui_msg(u, "%s", _("only the drafting team (role editor) writes responses"));
			return false;
		}
		/* One line for now; the compose pane will take over multi-line responses. A response
		 * that could not be saved (the server away, a lock) is offered again, not lost. */
		bool again = u->unsaved_response && u->unsaved_response_id == sel->id;
		char *r = ui_prompt(u, _("Response: "), again ? u->unsaved_response : sel->response ? sel->response : "");
		if (!r)
			return false;
		free(u->unsaved_response);
		u->unsaved_response = NULL;
		if (store_comment_handle(u->st, sel->id, -1, r, u->me.id) != 0) {
			char key[32];
			keymap_key_for(ACT_RESPONSE, VK_THREAD, key, sizeof key);
			ui_msg(u, _("response not saved, kept for the next %s: %s"), key, ui_err_text(u));
			u->msg_error = true;
			u->unsaved_response_id = sel->id;
			u->unsaved_response = r;
			return false;
		}
		free(r);
		ui_msg(u, "%s", _("response saved"));
		ui_offer_citation(u, sel);
		return true;
	}
	default:
		return false;
	}
}
