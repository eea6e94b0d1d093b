/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_int.h — internals shared by the ui*.c files: the ui state, the view interface, the
 * keymap and the drawing helpers. Only ui*.c and cli_tui.c include curses (through here). */
#ifndef GOPY_UI_INT_H
#define GOPY_UI_INT_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stdbool.h>
#include <stdio.h>

#include "gopy/buf.h"
#include "gopy/store.h"
#include "gopy/ui.h"

/* ---- keys ------------------------------------------------------------------------------
 * A key is an int: a Unicode code point (control characters included) for ordinary input,
 * or K_FN(KEY_xxx) for a curses function key (so KEY_ codes never collide with letters
 * such as U+0103 "ă"). */
#define K_FN(k) ((k) + 0x110000)
#define K_CTRL(c) ((c) & 0x1f)
#define K_ENTER '\n'
#define K_ESC 0x1b
#define K_BS K_FN(KEY_BACKSPACE)
#define K_NONE (-1)
#define K_PASTE_BEGIN K_FN(KEY_MAX + 1)   /* bracketed paste markers (define_key) */
#define K_PASTE_END K_FN(KEY_MAX + 2)
#define K_EOF K_FN(KEY_MAX + 3)      /* end of the headless script */

#define K_META(k) ((k) + 0x200000)  /* Esc then k at once (M-b) */
#define K_CLEFT K_FN(KEY_MAX + 4)    /* Ctrl-Left / Ctrl-Right (their codes vary by terminal) */
#define K_CRIGHT K_FN(KEY_MAX + 5)

/* ---- modes and actions -----------------------------------------------------------------
 * Every mode that reads keys has its bindings in the one table (ui_keymap.c): the four
 * views, the compose pane (and its Ctrl-X prefix), the line editor of every one-line prompt,
 * the speaker picker's list keys (over the line editor) and menus. */
enum view_kind {
	VK_DOCS = 1 << 0,
	VK_READER = 1 << 1,
	VK_THREAD = 1 << 2,
	VK_HELP = 1 << 3,
	VK_COMPOSE = 1 << 4,      /* the compose pane */
	VK_COMPOSE_X = 1 << 5,    /* the compose pane after Ctrl-X */
	VK_LINE = 1 << 6,         /* one-line prompts (:, /, R, limit, export) and the picker's query */
	VK_PICKER = 1 << 7,       /* the speaker picker's list (over VK_LINE) */
	VK_MENU = 1 << 8,         /* popup menus */
	VK_STATS = 1 << 9,        /* the overview screen */
	VK_COMPARE = 1 << 10,     /* the compare view and the earlier-rounds view (ui_compare.c) */
};
#define VK_ALL (VK_DOCS | VK_READER | VK_THREAD | VK_HELP | VK_STATS | VK_COMPARE)
#define VK_LISTS (VK_DOCS | VK_READER | VK_THREAD)
#define VK_MODES_ALL (VK_ALL | VK_COMPOSE | VK_COMPOSE_X | VK_LINE | VK_PICKER | VK_MENU)

enum action {
	ACT_NONE = 0,
	ACT_DOWN, ACT_UP, ACT_PGDN, ACT_PGUP, ACT_HALF_DN, ACT_HALF_UP, ACT_TOP, ACT_BOTTOM,
	ACT_ENTER, ACT_BACK, ACT_QUIT, ACT_HELP, ACT_PROMPT, ACT_SEARCH, ACT_SEARCH_NEXT, ACT_SEARCH_PREV,
	ACT_REDRAW,
	/* reader */
	ACT_NEXT_COMMENTED, ACT_PREV_COMMENTED, ACT_NEXT_SECTION, ACT_PREV_SECTION, ACT_GENERAL, ACT_ALL_COMMENTS,
	/* thread */
	ACT_TOGGLE, ACT_PARENT, ACT_NEXT_SIBLING, ACT_PREV_SIBLING, ACT_COLLAPSE_ALL, ACT_EXPAND_ALL,
	/* writing and handling (issue 4) */
	ACT_COMMENT, ACT_REPLY, ACT_EDIT, ACT_EXTERNAL, ACT_DELETE, ACT_DISPOSE, ACT_RESPONSE,
	ACT_TAG, ACT_TAG_LIMIT, ACT_TAGGED, ACT_LIMIT, ACT_SORT, ACT_SPEAKER, ACT_HISTORY,
	ACT_EXPORT,
	ACT_OVERVIEW,
	/* versions: the reader and the compare view */
	ACT_COMPARE, ACT_COMPARE_DOC, ACT_EARLIER, ACT_VERSION, ACT_NEXT_CHANGE, ACT_PREV_CHANGE, ACT_LAYOUT,
	/* editing text: the line editor (VK_LINE) and the compose pane (VK_COMPOSE) */
	ACT_ED_LEFT, ACT_ED_RIGHT, ACT_ED_WORD_LEFT, ACT_ED_WORD_RIGHT, ACT_ED_HOME, ACT_ED_END,
	ACT_ED_BS, ACT_ED_DEL, ACT_ED_KILL_START, ACT_ED_KILL_END, ACT_ED_KILL_WORD, ACT_ED_KILL_WORD_RIGHT,
	ACT_ED_ACCEPT, ACT_ED_CANCEL, ACT_ED_COMPLETE,
	/* the compose pane */
	ACT_CO_SAVE, ACT_CO_CANCEL, ACT_CO_PREFIX, ACT_CO_EDITOR, ACT_CO_NEWLINE, ACT_CO_SPACE,
	ACT_CO_LINE_UP, ACT_CO_LINE_DOWN, ACT_CO_PAGE_UP, ACT_CO_PAGE_DOWN, ACT_CO_TEXT_START, ACT_CO_TEXT_END,
	/* the speaker picker's list and menus */
	ACT_LIST_DOWN, ACT_LIST_UP, ACT_LIST_PGDN, ACT_LIST_PGUP, ACT_LIST_FIRST, ACT_LIST_LAST, ACT_LIST_PICK,
	ACT_LIST_CANCEL,
	ACT_COUNT
};

struct keybind {
	int key;             /* see "keys" above */
	int views;           /* VK_* mask */
	enum action act;
	const char *help;    /* N_() text, translated when shown */
};

/* The table that drives dispatch, the help screen and the man page's key list (the defaults,
 * then what keymap_bind changed). */
const struct keybind *keymap_table(size_t *n);
/* The action bound to key in a mode of kind vk, ACT_NONE if none. */
enum action keymap_lookup(int key, int vk);
/* Bind key (notation as in the help screen: "j", "<C-s>", "<Enter>") to the action named
 * action ("save", "page-down", ...; see ui_print_keymap) in the mode named mode ("docs",
 * "reader", "thread", "help", "compose", "compose-x", "prompt", "picker", "menu", "views" for
 * the four views), replacing the key's binding there; "none" unbinds it. 0, or -1 with
 * err_set naming what is wrong. For the configuration file's `bind MODE KEY ACTION`. */
int keymap_bind(const char *mode, const char *key, const char *action);
/* The name of an action ("page-down"), and of a single mode bit ("thread"). */
const char *keymap_action_name(enum action a);
const char *keymap_mode_name(int vk);
/* The first key bound to action a in mode vk as a name ("<C-s>"), into out (>= 32 bytes);
 * "" when none. For hints that must follow the bindings. */
void keymap_key_for(enum action a, int vk, char *out, size_t outsz);
/* A key's printable name ("j", "<Enter>", "<C-u>", "<PgDn>") into out (>= 32 bytes). */
void ui_key_name(int key, char *out, size_t outsz);
/* Parse a key notation at *p ("<Enter>", "<C-x>", "<Up>", or one UTF-8 character);
 * advances *p. Returns the key, or K_NONE with *p unchanged at the end of the string. */
int key_parse(const char **p);

struct ui;
struct view;
struct lineedit;

struct view_ops {
	const char *name;                                           /* for tests and debugging */
	int kind;                                                   /* VK_* */
	/* Draw the body into rows [y0, y0+h) of the screen, full width. */
	void (*draw)(struct view *v, struct ui *u, int y0, int h);
	/* Carry out an action; return true when handled (the caller redraws). */
	bool (*act)(struct view *v, struct ui *u, enum action a);
	/* The title bar text. */
	void (*title)(struct view *v, struct ui *u, struct buf *out);
	/* The data changed on disk (another process): reload, keeping the place. May be NULL. */
	void (*reload)(struct view *v, struct ui *u);
	/* Move to the next (dir 1) or previous (dir -1) match of u->search, starting after
	 * (or, when `here`, at) the selection. Returns true when found. May be NULL. */
	bool (*search)(struct view *v, struct ui *u, int dir, bool here);
	/* Idle work of the view (a count left for later). May be NULL. */
	void (*idle)(struct view *v, struct ui *u);
	/* Whether idle work is waiting (the main loop then runs it soon after the last key, not
	 * after a second without one). May be NULL. */
	bool (*idle_due)(struct view *v);
	/* After a search step: the selected match's number (from 1) in *index and the number of
	 * matches in *total; false when counting now would be costly (the caller counts on idle
	 * with `lazy` true). May be NULL. */
	bool (*count)(struct view *v, struct ui *u, bool lazy, int64_t *index, int64_t *total);
	/* Where the search looks, for messages ("the comments on Điều 1"). May be NULL. */
	void (*where)(struct view *v, struct ui *u, struct buf *out);
	/* Remember / restore the selection around an incremental search. May be NULL. */
	void (*mark)(struct view *v, bool restore);
	/* Append the view's state for the status line (" │ limit: ~p"); may be NULL. */
	void (*status)(struct view *v, struct ui *u, struct buf *out);
	/* Free the view (and nothing else). */
	void (*destroy)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	struct view *below;          /* the view this one was opened from, NULL for the first */
};

/* The search shared by all views (the last / query). */
struct ui_search {
	char *query;                 /* as typed, NULL when none */
	char *fold;                  /* text_fold(query) */
	char *casefold;              /* text_casefold(query) */
	bool exact;                  /* query has diacritics: marks must agree */
	bool wrapped;                /* set by a view when the last step wrapped around */
	bool count_due;              /* "match i of n" left for the idle work (a large view) */
};

struct ui {
	struct store *st;
	const struct ui_options *opt;
	struct view *top;            /* the current view (a stack through ->below) */
	bool quit;
	bool headless;
	bool too_small;
	int64_t data_version;
	bool msg_keep;               /* the message line says what a write found on the server: not
	                                replaced by "connected again" (ui_say_earlier) */
	bool link_lost;              /* the database server went away (told once; told again when back) */
	struct buf msg;              /* the last message (message line) */
	bool msg_error;
	struct ui_search search;
	/* identity */
	struct delegate me;          /* me.id == 0: read-only */
	char *identity_note;         /* how identity was decided, for the status line */
	gid speaker_id;              /* secretary mode: who is speaking (0: none; ui_picker.c) */
	char *speaker_name;          /* their name (owned, NULL when none) */
	bool speaker_chosen;         /* the secretary chose (or a past run did, for this database) */
	char *export_format;         /* last export format and path (ui_export.c), NULL at first */
	char *export_path;
	gid export_doc;              /* the document export_path was written for */
	char *response_template;     /* last response given to the tagged comments (ui_tags.c) */
	gid unsaved_response_id;     /* a response typed (R) whose save failed: its comment and */
	char *unsaved_response;      /* text, offered again at the next R on that comment */
	void (*overlay)(struct ui *u, void *ctx); /* an open popup, drawn last by ui_redraw */
	struct prompt_state *prompt; /* an open one-line prompt (ui.c), drawn after the popup */
	void *overlay_ctx;
	/* the current document (set by the reader/thread views) */
	struct document doc;         /* doc.id == 0: none */
	/* headless */
	struct hl_event *script;     /* parsed key script */
	size_t script_len, script_pos;
	double hl_key_at, hl_drawn_at; /* when the last key was read, the screen last drawn (@time) */
	double hl_key_cpu, hl_drawn_cpu; /* the process's processor time then */
	/* compose pane, when open (ui_compose.c) */
	struct compose *compose;
	bool no_hl;                  /* drawing bars: no search highlighting */
	bool isearch;                /* typing an incremental search: stay in memory */
	struct hl_screen *hl;        /* headless terminal (ui.c) */
	int waited_shown;            /* seconds last shown while a write waits for a lock */
	bool has_unget;              /* a key given back by ui_ask_or_pass, read again next */
	int version;                 /* the version of the draft the reader shows and new comments
	                                go to (store_set_version); 0: the newest */
	int unget_key;
};

/* Screen geometry: title row 0, body rows 1..LINES-3, status LINES-2, message LINES-1. */
#define UI_MIN_COLS 40
#define UI_MIN_ROWS 10
int ui_body_rows(void);

/* Set the message line (printf-style, already translated text). */
void ui_msg(struct ui *u, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Show err_msg() as an error message. */
void ui_msg_err(struct ui *u);
/* After a write: when it found that the change made before it (its commit's answer lost, the
 * server away then) was not saved, the message line says so before what it said already; what
 * a write said once the server was back stays there (not replaced by "connected again"). */
void ui_say_earlier(struct ui *u);
/* err_msg() without the database's name in front of it (the status line names it). */
const char *ui_err_text(struct ui *u);
void ui_push(struct ui *u, struct view *v);
/* Pop and destroy the top view; quits when it was the last. */
void ui_pop(struct ui *u);
/* Read a line at the message line after `prompt` (edited in place); returns a malloc'd
 * string or NULL when cancelled with Esc. */
char *ui_prompt(struct ui *u, const char *prompt, const char *initial);
/* A prompt with hooks: change after each edit, complete on Tab (may edit e), hint fills the
 * line shown above the prompt (on the status row) as the text is typed. Any may be NULL. */
struct prompt_ops {
	void (*change)(struct ui *u, const char *text, void *ctx);
	void (*complete)(struct ui *u, struct lineedit *e, void *ctx);
	void (*hint)(struct ui *u, const struct lineedit *e, struct buf *out, void *ctx);
	void *ctx;
};
char *ui_prompt_ex(struct ui *u, const char *prompt, const char *initial, const struct prompt_ops *ops);
/* ui_cite.c: offer to record where comment c's handling went (a section of the newest
 * version) when its section changed since c's version; true when a citation was changed. */
bool ui_offer_citation(struct ui *u, const struct comment *c);
/* Ask a yes/no question on the message line; true for y. */
bool ui_confirm(struct ui *u, const char *question);
/* Ask a yes/no question whose safe answer is no (the question shows its own keys): y answers
 * yes; any other key answers no, and a key other than n, Esc or q is then read again, so it
 * does what it always does. */
bool ui_ask_or_pass(struct ui *u, const char *question);
/* Next key: from the script in headless mode, else the terminal (waiting up to timeout_ms,
 * K_NONE on timeout; -1 waits forever). */
int ui_getkey(struct ui *u, int timeout_ms);
/* Idle reads that give way to a key (store_set_stop) on, or off again. */
void ui_idle_reads(struct ui *u, bool on);
/* During long work: whether the user pressed Ctrl-C (SIGINT on a terminal; in a headless
 * script, a <C-c> as the next key, which is taken). The interrupt is consumed: gopy goes on. */
bool ui_interrupted(struct ui *u);
/* Whether a key is already waiting (typeahead, a paste, the next line of a key script). */
bool ui_input_pending(struct ui *u);
/* Redraw everything now. */
void ui_redraw(struct ui *u);
/* Set the current document (copy), or clear it with NULL. */
void ui_set_doc(struct ui *u, const struct document *d);
/* Drop the search. */
void ui_search_clear(struct ui *u);
/* Execute a `:` command line. */
void ui_command(struct ui *u, const char *line);

/* ---- views (one file each) --------------------------------------------------------------- */
struct view *view_docs_new(struct ui *u);
struct view *view_reader_new(struct ui *u, const struct document *d);
/* Select the first line of section_id in a reader (at the top of the screen). */
void view_reader_goto(struct view *v, gid section_id);
/* A thread of scope (SCOPE_SECTION with section_id, SCOPE_GENERAL or SCOPE_DOCUMENT); the
 * title names the section (label may be NULL). When land_on is not 0, select that comment. */
struct view *view_thread_new(struct ui *u, const struct document *d, enum comment_scope scope, gid section_id,
                             const char *label, gid land_on);
struct view *view_help_new(struct ui *u, int for_kind);
/* Whether thread view v shows every comment of its document (no section scope, no limit). */
bool ui_thread_whole_document(struct view *v);
/* The id of the comment selected in a thread view (0: none). */
gid ui_thread_selected(struct view *v);
/* A pager over n lines of text (the view takes lines and each line; the lines are shown
 * sanitised) under title. */
struct view *view_text_new(const char *title, char **lines, int n);
/* The audit log of comment id (ui_history.c): pushes a pager, or says why not. */
void ui_history(struct ui *u, gid id);
/* The overview of document d (ui_overview.c); NULL with err_set when it cannot be read. */
struct view *view_overview_new(struct ui *u, const struct document *d);
/* Open the overview of d on top of the stack (a message when it cannot). */
void ui_open_overview(struct ui *u, const struct document *d);
/* The compare view (ui_compare.c): version `to` (0: the newest) against the one before it,
 * for section `section` of version `to` and the sections inside it (label its citation), or
 * the whole document (section 0). NULL with err_set when it cannot be opened (one version). */
struct view *view_compare_new(struct ui *u, const struct document *d, int to, gid section, const char *label);
/* The comments of earlier rounds on the sections that `section` continues, with the version
 * they came from and their disposition. NULL with err_set on a read error. */
struct view *view_earlier_new(struct ui *u, const struct document *d, gid section, const char *label);
/* Open document `code` in a reader on top of the stack; false with a message if unknown. */
bool ui_open_doc(struct ui *u, const char *code);

/* ---- drawing (ui_draw.c) ------------------------------------------------------------------ */
enum {
	UI_ATTR_SELECT = A_REVERSE,               /* the selected row */
	UI_ATTR_MATCH = A_UNDERLINE | A_BOLD,     /* search matches */
	UI_ATTR_DIM = A_DIM,
};
/* Title and status bars, and error messages: coloured when the terminal has colours and the
 * configuration allows them (config_color_wanted: NO_COLOR, `color`), else the monochrome
 * A_REVERSE and A_BOLD. Set by ui_colors_start(). */
extern attr_t ui_attr_bar, ui_attr_error;
/* Whether colours are in use (else the compare view marks changes with [-…-] and {+…+}), and
 * the colour pairs of deleted and inserted words (ui_dump marks their cells '-' and '+'). */
extern bool ui_color;
#define UI_PAIR_DEL 3
#define UI_PAIR_INS 4
#define UI_ATTR_BAR ui_attr_bar
/* Choose the attributes above; call after the terminal has started. */
void ui_colors_start(void);
/* Draw already-sanitised text s[0..len) at (y, x) fitted into exactly w columns (text_fit:
 * truncated with "…", padded), with attribute attr and search matches highlighted. Returns
 * the columns used (w). */
int ui_put(struct ui *u, int y, int x, int w, const char *s, size_t len, attr_t attr);
/* The same for text from the database: sanitised first (one line). */
int ui_put_db(struct ui *u, int y, int x, int w, const char *s, attr_t attr);
/* Clear row y with attribute attr. */
void ui_clear_row(int y, attr_t attr);
/* A sanitised copy (one line) of database text; never NULL. */
char *ui_clean(const char *s);
/* True when the current search matches s (sanitised text). */
bool ui_matches(struct ui *u, const char *s, size_t len);
/* Move a selection in a list of n rows shown h at a time (j/k, pages, g/G); keeps the
 * selection visible. Returns false for other actions. */
bool ui_nav(enum action a, int *sel, int *top, int n, int h);
/* Number of wrapped lines of s (sanitised, LF kept) at width w (>= 1). */
int ui_wrap_count(const char *s, int w);

/* Byte offset of the next / previous grapheme cluster boundary of raw UTF-8 s[0..len)
 * from pos (len / 0 at the ends). */
size_t ui_cluster_next(const char *s, size_t len, size_t pos);
size_t ui_cluster_prev(const char *s, size_t len, size_t pos);
/* Cursor moves over text s[0..len) that may hold LFs, by grapheme cluster (from the start of
 * the line): the boundary before pos, the boundary at or before pos, and by words (spaces and
 * LFs separate them). */
size_t ui_text_prev(const char *s, size_t len, size_t pos);
size_t ui_text_snap(const char *s, size_t len, size_t pos);
size_t ui_word_left(const char *s, size_t len, size_t pos);
size_t ui_word_right(const char *s, size_t len, size_t pos);

/* ---- the line editor (ui_lineedit.c): every one-line prompt and the picker's query ---------- */
struct lineedit {
	struct buf text;             /* as typed: UTF-8, no control characters */
	size_t cur;                  /* cursor byte offset, on a grapheme-cluster boundary */
	int scroll;                  /* first display column shown */
};
enum le_result {
	LE_NONE,                     /* the key means nothing to the editor */
	LE_CHANGED, LE_MOVED,        /* the text / only the cursor changed */
	LE_ACCEPT, LE_CANCEL,        /* Enter or Ctrl-S / Esc, Ctrl-G, Ctrl-C, Backspace on empty */
	LE_COMPLETE,                 /* Tab: the prompt may complete the word */
};
void le_init(struct lineedit *e, const char *initial);
/* Replace the text (control characters dropped); the cursor goes to the end. */
void le_set(struct lineedit *e, const char *s);
void le_free(struct lineedit *e);
const char *le_text(const struct lineedit *e);
/* Insert s[0..n) (UTF-8 without control characters) at the cursor. */
void le_insert(struct lineedit *e, const char *s, size_t n);
/* One key, through the VK_LINE bindings; a printable character is inserted. */
enum le_result le_key(struct lineedit *e, int key);
/* Draw the text on row y in columns [x, x+w), scrolled so the cursor shows; returns the
 * cursor's screen column (the caller moves there). */
int le_draw(struct ui *u, struct lineedit *e, int y, int x, int w, attr_t attr);

/* Append code point cp as UTF-8. */
void ui_buf_putcp(struct buf *b, int cp);

/* ---- headless mode (ui.c) -------------------------------------------------------------------- */
/* Write the screen as text (one line per row, trailing spaces removed). With attrs, each row
 * is followed by a line marking match cells '^' and selected cells '#' when it has any. */
int ui_dump(FILE *f, bool attrs);

/* ---- issue 4: writing (ui_compose.c, ui_draft.c) ----------------------------------------- */
/* Open the compose pane for a new comment (parent 0) or a reply, or to edit (edit_id). The
 * pane runs its own key loop until saved or cancelled; returns true when something was saved.
 * The author is the current user, or in secretary mode the chosen speaker (u->speaker_id), with
 * the secretary recorded as entered_by. */
bool ui_compose_run(struct ui *u, gid doc_id, gid section_id, gid parent_id, gid edit_id, const char *initial);

/* Where a text being composed goes; it also names its draft file. */
struct compose_target {
	gid doc_id;                  /* the document */
	gid section_id;              /* 0: general comment (replies take their parent's) */
	gid parent_id;               /* reply to this comment; 0: a new thread */
	gid edit_id;                 /* editing this comment; 0: a new one */
	gid author_id;               /* who the comment is by */
	gid entered_by;              /* who types it (a secretary), 0: the author */
};
/* The compose pane on target tg, starting with `initial` (NULL: empty) unless a draft for tg
 * is on disk, which is taken instead. With `external`, $VISUAL/$EDITOR is run on the text
 * first. Returns true when the text was saved to the database. */
bool ui_compose_open(struct ui *u, const struct compose_target *tg, const char *initial, bool external);
/* Draw the open compose pane over the whole screen (called by ui_redraw) and refresh. */
void ui_compose_draw(struct ui *u);
/* Idle work of the open compose pane: write its draft if it changed. No-op when none is open. */
void ui_compose_idle(struct ui *u);

/* Drafts (ui_draft.c): one file per target under $XDG_STATE_HOME/gopy/drafts (default
 * ~/.local/state/gopy/drafts, created 0700), named from a hash of the database's absolute path
 * and the target; written to a temporary file, fsync'ed and renamed into place. */
struct draft {
	struct compose_target tg;    /* where the text goes */
	char saved[21];              /* when it was written (UTC, ISO 8601) */
	char *context;               /* what it is for, e.g. "DA-TEST, Điều 1, reply to …" */
	size_t cursor;               /* cursor byte offset in the text */
};
/* $XDG_STATE_HOME/gopy/<sub>/<hash of the database's path> (malloc'd), creating the folder
 * 0700; NULL with err_set. For what is kept per database between runs (the speaker). */
char *ui_state_path(struct ui *u, const char *sub);
/* Write data[0..len) to path atomically (temporary file, fsync, rename): 0 or an errno. */
int ui_state_write(const char *path, const char *data, size_t len);
/* The draft file for tg (malloc'd), creating the directory; NULL with err_set on failure. */
char *draft_path(struct ui *u, const struct compose_target *tg);
/* Write d and text[0..len) to path atomically. 0, or -1 with err_set (e.g. disk full). */
int draft_write(const char *path, const struct draft *d, const char *text, size_t len);
/* Read a draft: 0 and fills *d (owned, draft_clear) and text (appended); 1 when there is no
 * such file; -1 with err_set when it cannot be read or is not a gopy draft. */
int draft_read(const char *path, struct draft *d, struct buf *text);
/* Delete a draft file (a missing one is fine). 0, or -1 with err_set. */
int draft_remove(const char *path);
void draft_clear(struct draft *d);
/* A draft's saved time ("2026-05-04T08:30:00Z") as local time "2026-05-04 08:30" (out >= 32). */
void draft_local_time(const char *iso, char out[32]);
/* At startup: offer each draft of this database typed by the current user, newest first
 * ("a draft from <time> for <context> — restore? [y/n/d(iscard)]"); y opens the compose pane
 * with it, n keeps it for later, d deletes it. */
void ui_drafts_offer(struct ui *u);

/* ---- issue 4: handling (ui_picker.c, ui_tags.c, ui_limit.c) ------------------------------- */
/* A popup menu of n items (already translated) over the body: j/k/arrows move, a digit picks
 * that item (menus of up to 10), Enter picks, Esc/q cancels. Returns the index or -1. */
int ui_menu(struct ui *u, const char *title, const char *const *items, int n, int sel);
/* Where a popup of *h rows and *w columns sits: centred in the body (both cut to fit). */
void ui_popup_place(int *h, int *w, int *y, int *x);
/* Draw a framed, empty box at rows [y, y+h) and columns [x, x+w) with title in the top edge. */
void ui_box(struct ui *u, int y, int x, int h, int w, const char *title);
/* S: pick the speaking delegate (secretary mode) in a popup filtered live by code, name or
 * unit typed without diacritics; sets u->speaker_id/speaker_name (picking myself clears it).
 * Users whose role may not record for others get a message instead. */
void ui_speaker_pick(struct ui *u);
/* At startup: a secretary gets back the speaker last chosen on this database (kept under
 * $XDG_STATE_HOME/gopy/speaker/). */
void ui_speaker_restore(struct ui *u);

/* A set of comment ids (open addressing; id 0 is never stored). Zero-initialised = empty. */
struct idset {
	gid *slot;
	size_t cap, n;
};
bool idset_has(const struct idset *s, gid id);
bool idset_add(struct idset *s, gid id);   /* true when it was not there */
bool idset_del(struct idset *s, gid id);   /* true when it was there */
void idset_free(struct idset *s);          /* empty it and release the memory */
/* T: tag every comment q matches (deleted ones never), streamed; returns how many were newly
 * tagged, or -1 with err_set. */
int64_t ui_tag_query(struct ui *u, const struct comment_query *q, struct idset *tags);
/* ;: read the action key and apply it to every tagged comment in one transaction: d a
 * disposition (menu), R a response (one prompt; {author}, {unit}, {section} are filled in per
 * comment), t untag all. Returns true when the database changed. */
bool ui_tagged_apply(struct ui *u, struct idset *tags);

/* The limit of a thread view, from a mutt-style pattern (ui_limit.c):
 *   ~a CODE|NAME  author (a delegate code, else a diacritic-free part of the name)
 *   ~u UNIT       part of the author's unit      ~s LABEL   comments on that section
 *   ~d DISP       disposition (code, label or number)        ~p   pending only
 *   ~t FROM..TO   created between two dates (YYYY-MM-DD; either side may be left out)
 *   words         text, diacritic-insensitive
 * Long names: author: unit: section: disposition: date: and pending. Terms combine with AND;
 * a value with spaces is quoted ("so tt"). While typed, the prompt's hint line says what the
 * term at the cursor means; Tab completes dispositions, units and authors. */
struct ui_limit {
	char *pattern;               /* sanitised, as typed; NULL: no limit */
	char *author, *unit, *text, *since, *until;
	int disposition;             /* -1: any */
	bool pending;
	gid section_id;              /* ~s, 0: none */
};
bool ui_limit_active(const struct ui_limit *l);
void ui_limit_clear(struct ui_limit *l);
/* Parse pattern for document doc_id into *out (cleared first). -1 with err_set on a bad one. */
int ui_limit_parse(struct store *st, gid doc_id, const char *pattern, struct ui_limit *out);
/* Set q's filter from l (pointers borrowed from l); the scope is base_scope/base_section
 * unless l has ~s. Without a limit deleted comments stay (as placeholders), with one not. */
void ui_limit_apply(const struct ui_limit *l, enum comment_scope base_scope, gid base_section,
                    struct comment_query *q);
/* l: ask for a pattern (the current one offered); an empty one clears the limit. On a good
 * pattern replaces *l, applies it to *q and returns true; else leaves both and returns false. */
bool ui_limit_prompt(struct ui *u, enum comment_scope base_scope, gid base_section, struct comment_query *q,
                     struct ui_limit *l);
/* o: the sort order after o (thread, time, section, author, thread ...) and its name. */
enum comment_order ui_sort_next(enum comment_order o);
const char *ui_sort_name(enum comment_order o);

/* ---- issue 5: export from the TUI (ui_export.c) ------------------------------------------- */
/* x and :export [FORMAT] [FILE]: write the synthesis report of the current document with
 * report_write_file; what args leave open is asked (defaults: the last used, at first
 * <DOC-CODE>.html); progress and the result on the message line. */
void ui_export(struct ui *u, const char *args);

#endif
