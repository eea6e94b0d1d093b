/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_keymap.c — the one key table: it dispatches keys, fills the help screen and prints the
 * key list for the man page (ui_print_keymap); plus key names and the script notation. */
#include "ui_int.h"

#include <string.h>
#include <strings.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

static const struct keybind defaults[] = {
	{ 'j', VK_ALL, ACT_DOWN, N_("next line or item") },
	{ K_FN(KEY_DOWN), VK_ALL, ACT_DOWN, N_("next line or item") },
	{ 'k', VK_ALL, ACT_UP, N_("previous line or item") },
	{ K_FN(KEY_UP), VK_ALL, ACT_UP, N_("previous line or item") },
	{ K_FN(KEY_NPAGE), VK_ALL, ACT_PGDN, N_("page down") },
	{ ' ', VK_DOCS | VK_READER | VK_HELP | VK_STATS | VK_COMPARE, ACT_PGDN, N_("page down") },
	{ K_CTRL('f'), VK_ALL, ACT_PGDN, N_("page down") },
	{ K_FN(KEY_PPAGE), VK_ALL, ACT_PGUP, N_("page up") },
	{ 'b', VK_DOCS | VK_READER | VK_HELP | VK_STATS | VK_COMPARE, ACT_PGUP, N_("page up") },
	{ K_CTRL('b'), VK_ALL, ACT_PGUP, N_("page up") },
	{ K_CTRL('d'), VK_ALL, ACT_HALF_DN, N_("half a page down") },
	{ K_CTRL('u'), VK_ALL, ACT_HALF_UP, N_("half a page up") },
	{ 'g', VK_ALL, ACT_TOP, N_("first line") },
	{ K_FN(KEY_HOME), VK_ALL, ACT_TOP, N_("first line") },
	{ 'G', VK_ALL, ACT_BOTTOM, N_("last line") },
	{ K_FN(KEY_END), VK_ALL, ACT_BOTTOM, N_("last line") },
	{ K_ENTER, VK_DOCS, ACT_ENTER, N_("open the document") },
	{ K_ENTER, VK_READER, ACT_ENTER, N_("open the comments of this section") },
	{ K_FN(KEY_RIGHT), VK_DOCS | VK_READER, ACT_ENTER, N_("open") },
	{ 'l', VK_DOCS | VK_READER, ACT_ENTER, N_("open") },
	{ ']', VK_READER, ACT_NEXT_COMMENTED, N_("next section with comments") },
	{ K_CTRL('i'), VK_READER, ACT_NEXT_COMMENTED, N_("next section with comments") },
	{ '[', VK_READER, ACT_PREV_COMMENTED, N_("previous section with comments") },
	{ K_FN(KEY_BTAB), VK_READER, ACT_PREV_COMMENTED, N_("previous section with comments") },
	{ 'J', VK_READER, ACT_NEXT_SECTION, N_("next section at this level (sibling)") },
	{ 'K', VK_READER, ACT_PREV_SECTION, N_("previous section at this level (sibling)") },
	{ 'z', VK_READER, ACT_TOGGLE, N_("fold or unfold the sections inside this one") },
	{ 'Z', VK_READER, ACT_COLLAPSE_ALL, N_("fold every section that has sections inside (again: unfold all)") },
	{ 'C', VK_LISTS, ACT_GENERAL, N_("general comments on the whole draft") },
	{ 'A', VK_LISTS, ACT_ALL_COMMENTS, N_("every comment of the document") },
	{ ' ', VK_THREAD, ACT_TOGGLE, N_("collapse or expand the replies") },
	{ K_ENTER, VK_THREAD, ACT_TOGGLE, N_("collapse or expand the replies") },
	{ 'p', VK_THREAD, ACT_PARENT, N_("parent comment") },
	{ 'J', VK_THREAD, ACT_NEXT_SIBLING, N_("next sibling comment") },
	{ 'K', VK_THREAD, ACT_PREV_SIBLING, N_("previous sibling comment") },
	{ 'Z', VK_THREAD, ACT_COLLAPSE_ALL, N_("collapse every thread") },
	{ 'z', VK_THREAD, ACT_EXPAND_ALL, N_("expand every thread") },
	{ 'c', VK_READER | VK_THREAD, ACT_COMMENT, N_("new comment on this section") },
	{ 'r', VK_THREAD, ACT_REPLY, N_("reply to the selected comment") },
	{ 'e', VK_THREAD, ACT_EDIT, N_("edit my comment") },
	{ 'E', VK_THREAD, ACT_EXTERNAL, N_("edit my comment in $VISUAL/$EDITOR") },
	{ 'D', VK_THREAD, ACT_DELETE, N_("delete my comment") },
	{ 'd', VK_THREAD, ACT_DISPOSE, N_("set the disposition") },
	{ 'R', VK_THREAD, ACT_RESPONSE, N_("write the response") },
	{ 't', VK_THREAD, ACT_TAG, N_("tag or untag the comment") },
	{ 'T', VK_THREAD, ACT_TAG_LIMIT, N_("tag every comment shown") },
	{ ';', VK_THREAD, ACT_TAGGED, N_("apply the next action to the tagged comments") },
	{ 'l', VK_THREAD, ACT_LIMIT, N_("limit the view (author, unit, disposition, pending, text, date)") },
	{ 'o', VK_THREAD, ACT_SORT, N_("change the sort order") },
	{ 'L', VK_THREAD, ACT_HISTORY, N_("the comment's history: who changed what, and when (audit log)") },
	{ 'S', VK_READER | VK_THREAD, ACT_SPEAKER, N_("choose the speaking delegate (secretary)") },
	{ K_ENTER, VK_STATS, ACT_ENTER, N_("open this chapter or article in the reader") },
	{ 'O', VK_DOCS | VK_READER | VK_THREAD | VK_HELP, ACT_OVERVIEW,
	  N_("overview: comments by disposition, article and unit; who has not answered") },
	{ 'x', VK_READER, ACT_EXPORT, N_("export the synthesis report of this document (also :export [FORMAT] [FILE])") },
	/* versions */
	{ 'd', VK_READER, ACT_COMPARE, N_("compare this section with the version before (what changed, and the comments that led to it)") },
	{ 'D', VK_READER, ACT_COMPARE_DOC, N_("compare the whole document with the version before") },
	{ 'E', VK_READER, ACT_EARLIER, N_("comments of earlier rounds on this section (their version and disposition)") },
	{ 'V', VK_READER, ACT_VERSION, N_("choose the version shown (new comments on its sections go to it)") },
	{ ']', VK_COMPARE, ACT_NEXT_CHANGE, N_("next change") },
	{ K_CTRL('i'), VK_COMPARE, ACT_NEXT_CHANGE, N_("next change") },
	{ '[', VK_COMPARE, ACT_PREV_CHANGE, N_("previous change") },
	{ K_FN(KEY_BTAB), VK_COMPARE, ACT_PREV_CHANGE, N_("previous change") },
	{ 'V', VK_COMPARE, ACT_VERSION, N_("choose the older version to compare with (the one before by default)") },
	{ 's', VK_COMPARE, ACT_LAYOUT, N_("side by side or one above the other") },
	{ 'z', VK_COMPARE, ACT_TOGGLE, N_("show or summarise the unchanged sections (whole document)") },
	{ K_ENTER, VK_COMPARE, ACT_ENTER, N_("open the comments of the older section at this change") },
	{ '/', VK_ALL, ACT_SEARCH, N_("search (diacritics optional)") },
	{ 'n', VK_ALL, ACT_SEARCH_NEXT, N_("next match") },
	{ 'N', VK_ALL, ACT_SEARCH_PREV, N_("previous match") },
	{ ':', VK_ALL, ACT_PROMPT, N_("command prompt (:doc CODE, :section LABEL, :search TEXT, :q)") },
	{ '?', VK_ALL, ACT_HELP, N_("help for this view") },
	{ K_CTRL('l'), VK_ALL, ACT_REDRAW, N_("redraw the screen") },
	{ 'q', VK_ALL, ACT_BACK, N_("back to the previous view (quit from the first)") },
	{ K_FN(KEY_LEFT), VK_READER | VK_THREAD | VK_HELP | VK_STATS | VK_COMPARE, ACT_BACK, N_("back to the previous view") },
	{ 'h', VK_READER | VK_THREAD | VK_HELP | VK_STATS | VK_COMPARE, ACT_BACK, N_("back to the previous view") },
	{ 'Q', VK_ALL, ACT_QUIT, N_("quit") },
	/* the compose pane */
	{ K_CTRL('s'), VK_COMPOSE, ACT_CO_SAVE, N_("save the text") },
	{ K_FN(KEY_F(2)), VK_COMPOSE, ACT_CO_SAVE, N_("save the text") },
	{ K_CTRL('c'), VK_COMPOSE, ACT_CO_CANCEL, N_("cancel: close, asking before a changed text is discarded (never saves)") },
	{ K_ESC, VK_COMPOSE, ACT_CO_CANCEL, N_("cancel: close, asking before a changed text is discarded (never saves)") },
	{ K_CTRL('x'), VK_COMPOSE, ACT_CO_PREFIX, N_("prefix of the Ctrl-X keys (below)") },
	{ K_ENTER, VK_COMPOSE, ACT_CO_NEWLINE, N_("new line") },
	{ '\t', VK_COMPOSE, ACT_CO_SPACE, N_("a space") },
	{ K_FN(KEY_UP), VK_COMPOSE, ACT_CO_LINE_UP, N_("line up") },
	{ K_CTRL('p'), VK_COMPOSE, ACT_CO_LINE_UP, N_("line up") },
	{ K_FN(KEY_DOWN), VK_COMPOSE, ACT_CO_LINE_DOWN, N_("line down") },
	{ K_CTRL('n'), VK_COMPOSE, ACT_CO_LINE_DOWN, N_("line down") },
	{ K_FN(KEY_PPAGE), VK_COMPOSE, ACT_CO_PAGE_UP, N_("page up") },
	{ K_FN(KEY_NPAGE), VK_COMPOSE, ACT_CO_PAGE_DOWN, N_("page down") },
	{ K_META('<'), VK_COMPOSE, ACT_CO_TEXT_START, N_("start of the text") },
	{ K_META('>'), VK_COMPOSE, ACT_CO_TEXT_END, N_("end of the text") },
	{ K_META('b'), VK_COMPOSE, ACT_ED_WORD_LEFT, N_("previous word") },
	{ K_META('f'), VK_COMPOSE, ACT_ED_WORD_RIGHT, N_("next word") },
	{ K_META('d'), VK_COMPOSE, ACT_ED_KILL_WORD_RIGHT, N_("delete the word after the cursor") },
	{ K_META(K_BS), VK_COMPOSE, ACT_ED_KILL_WORD, N_("delete the word before the cursor") },
	{ K_CTRL('l'), VK_COMPOSE, ACT_REDRAW, N_("redraw the screen") },
	{ K_CTRL('s'), VK_COMPOSE_X, ACT_CO_SAVE, N_("save the text") },
	{ K_CTRL('e'), VK_COMPOSE_X, ACT_CO_EDITOR, N_("edit the text in $VISUAL/$EDITOR") },
	{ K_CTRL('c'), VK_COMPOSE_X, ACT_CO_CANCEL, N_("cancel: close, asking before a changed text is discarded (never saves)") },
	/* editing text: the compose pane and every one-line prompt alike */
	{ K_FN(KEY_LEFT), VK_COMPOSE | VK_LINE, ACT_ED_LEFT, N_("previous character (grapheme cluster)") },
	{ K_CTRL('b'), VK_COMPOSE | VK_LINE, ACT_ED_LEFT, N_("previous character (grapheme cluster)") },
	{ K_FN(KEY_RIGHT), VK_COMPOSE | VK_LINE, ACT_ED_RIGHT, N_("next character (grapheme cluster)") },
	{ K_CTRL('f'), VK_COMPOSE | VK_LINE, ACT_ED_RIGHT, N_("next character (grapheme cluster)") },
	{ K_CLEFT, VK_COMPOSE | VK_LINE, ACT_ED_WORD_LEFT, N_("previous word") },
	{ K_CRIGHT, VK_COMPOSE | VK_LINE, ACT_ED_WORD_RIGHT, N_("next word") },
	{ K_FN(KEY_HOME), VK_COMPOSE | VK_LINE, ACT_ED_HOME, N_("start of the line") },
	{ K_CTRL('a'), VK_COMPOSE | VK_LINE, ACT_ED_HOME, N_("start of the line") },
	{ K_FN(KEY_END), VK_COMPOSE | VK_LINE, ACT_ED_END, N_("end of the line") },
	{ K_CTRL('e'), VK_COMPOSE | VK_LINE, ACT_ED_END, N_("end of the line") },
	{ K_BS, VK_COMPOSE | VK_LINE, ACT_ED_BS, N_("delete the character before the cursor") },
	{ K_FN(KEY_DC), VK_COMPOSE | VK_LINE, ACT_ED_DEL, N_("delete the character under the cursor") },
	{ K_CTRL('d'), VK_COMPOSE | VK_LINE, ACT_ED_DEL, N_("delete the character under the cursor") },
	{ K_CTRL('u'), VK_COMPOSE | VK_LINE, ACT_ED_KILL_START, N_("delete to the start of the line") },
	{ K_CTRL('k'), VK_COMPOSE | VK_LINE, ACT_ED_KILL_END, N_("delete to the end of the line") },
	{ K_CTRL('w'), VK_COMPOSE | VK_LINE, ACT_ED_KILL_WORD, N_("delete the word before the cursor") },
	/* one-line prompts */
	{ K_ENTER, VK_LINE, ACT_ED_ACCEPT, N_("accept: run, search, save the response, pick") },
	{ K_CTRL('s'), VK_LINE, ACT_ED_ACCEPT, N_("accept: run, search, save the response, pick") },
	{ K_ESC, VK_LINE, ACT_ED_CANCEL, N_("cancel (so does <BS> on an empty line)") },
	{ K_CTRL('g'), VK_LINE, ACT_ED_CANCEL, N_("cancel (so does <BS> on an empty line)") },
	{ K_CTRL('c'), VK_LINE, ACT_ED_CANCEL, N_("cancel (so does <BS> on an empty line)") },
	{ '\t', VK_LINE, ACT_ED_COMPLETE, N_("complete the word (limit: dispositions, units, authors, sections)") },
	/* the speaker picker's list (the query is edited with the prompt keys) and menus */
	{ K_FN(KEY_DOWN), VK_PICKER | VK_MENU, ACT_LIST_DOWN, N_("next item") },
	{ K_CTRL('n'), VK_PICKER | VK_MENU, ACT_LIST_DOWN, N_("next item") },
	{ 'j', VK_MENU, ACT_LIST_DOWN, N_("next item") },
	{ K_FN(KEY_UP), VK_PICKER | VK_MENU, ACT_LIST_UP, N_("previous item") },
	{ K_CTRL('p'), VK_PICKER | VK_MENU, ACT_LIST_UP, N_("previous item") },
	{ 'k', VK_MENU, ACT_LIST_UP, N_("previous item") },
	{ K_FN(KEY_NPAGE), VK_PICKER, ACT_LIST_PGDN, N_("ten items down") },
	{ K_FN(KEY_PPAGE), VK_PICKER, ACT_LIST_PGUP, N_("ten items up") },
	{ 'g', VK_MENU, ACT_LIST_FIRST, N_("first item") },
	{ K_FN(KEY_HOME), VK_MENU, ACT_LIST_FIRST, N_("first item") },
	{ 'G', VK_MENU, ACT_LIST_LAST, N_("last item") },
	{ K_FN(KEY_END), VK_MENU, ACT_LIST_LAST, N_("last item") },
	{ K_ENTER, VK_MENU, ACT_LIST_PICK, N_("pick the item (a digit picks that item at once)") },
	{ K_ESC, VK_MENU, ACT_LIST_CANCEL, N_("cancel") },
	{ 'q', VK_MENU, ACT_LIST_CANCEL, N_("cancel") },
	{ K_CTRL('g'), VK_MENU, ACT_LIST_CANCEL, N_("cancel") },
	{ K_CTRL('c'), VK_MENU, ACT_LIST_CANCEL, N_("cancel") },
};

/* ---- the live table ---------------------------------------------------------------------- */

static struct keybind *table;      /* the defaults, then keymap_bind's changes */
static size_t table_len, table_cap;

static void table_init(void)
{
	if (table)
		return;
	table_len = sizeof defaults / sizeof defaults[0];
	table_cap = table_len + 16;
	table = xmalloc(table_cap * sizeof *table);
	memcpy(table, defaults, sizeof defaults);
}

const struct keybind *keymap_table(size_t *n)
{
	table_init();
	*n = table_len;
	return table;
}

enum action keymap_lookup(int key, int vk)
{
	table_init();
	for (size_t i = 0; i < table_len; i++)
		if (table[i].key == key && (table[i].views & vk))
			return table[i].act;
	return ACT_NONE;
}

static const char *const action_names[ACT_COUNT] = {
	[ACT_NONE] = "none", [ACT_DOWN] = "down", [ACT_UP] = "up", [ACT_PGDN] = "page-down",
	[ACT_PGUP] = "page-up", [ACT_HALF_DN] = "half-page-down", [ACT_HALF_UP] = "half-page-up",
	[ACT_TOP] = "first", [ACT_BOTTOM] = "last", [ACT_ENTER] = "open", [ACT_BACK] = "back",
	[ACT_QUIT] = "quit", [ACT_HELP] = "help", [ACT_PROMPT] = "command", [ACT_SEARCH] = "search",
	[ACT_SEARCH_NEXT] = "search-next", [ACT_SEARCH_PREV] = "search-previous", [ACT_REDRAW] = "redraw",
	[ACT_NEXT_COMMENTED] = "next-commented", [ACT_PREV_COMMENTED] = "previous-commented",
	[ACT_NEXT_SECTION] = "next-section", [ACT_PREV_SECTION] = "previous-section",
	[ACT_GENERAL] = "general-comments", [ACT_ALL_COMMENTS] = "all-comments", [ACT_TOGGLE] = "toggle",
	[ACT_PARENT] = "parent", [ACT_NEXT_SIBLING] = "next-sibling", [ACT_PREV_SIBLING] = "previous-sibling",
	[ACT_COLLAPSE_ALL] = "collapse-all", [ACT_EXPAND_ALL] = "expand-all", [ACT_COMMENT] = "comment",
	[ACT_REPLY] = "reply", [ACT_EDIT] = "edit", [ACT_EXTERNAL] = "edit-external", [ACT_DELETE] = "delete",
	[ACT_DISPOSE] = "disposition", [ACT_RESPONSE] = "response", [ACT_TAG] = "tag",
	[ACT_TAG_LIMIT] = "tag-shown", [ACT_TAGGED] = "apply-tagged", [ACT_LIMIT] = "limit", [ACT_SORT] = "sort",
	[ACT_SPEAKER] = "speaker", [ACT_HISTORY] = "history", [ACT_EXPORT] = "export", [ACT_OVERVIEW] = "overview",
	[ACT_COMPARE] = "compare", [ACT_COMPARE_DOC] = "compare-document", [ACT_EARLIER] = "earlier-comments",
	[ACT_VERSION] = "version", [ACT_NEXT_CHANGE] = "next-change", [ACT_PREV_CHANGE] = "previous-change",
	[ACT_LAYOUT] = "layout",
	[ACT_ED_LEFT] = "left", [ACT_ED_RIGHT] = "right", [ACT_ED_WORD_LEFT] = "word-left",
	[ACT_ED_WORD_RIGHT] = "word-right", [ACT_ED_HOME] = "line-start", [ACT_ED_END] = "line-end",
	[ACT_ED_BS] = "backspace", [ACT_ED_DEL] = "delete-char", [ACT_ED_KILL_START] = "kill-line-start",
	[ACT_ED_KILL_END] = "kill-line-end", [ACT_ED_KILL_WORD] = "kill-word",
	[ACT_ED_KILL_WORD_RIGHT] = "kill-word-right", [ACT_ED_ACCEPT] = "accept", [ACT_ED_CANCEL] = "cancel",
	[ACT_ED_COMPLETE] = "complete",
	[ACT_CO_SAVE] = "save", [ACT_CO_CANCEL] = "cancel-text", [ACT_CO_PREFIX] = "ctrl-x-prefix",
	[ACT_CO_EDITOR] = "editor", [ACT_CO_NEWLINE] = "newline", [ACT_CO_SPACE] = "space",
	[ACT_CO_LINE_UP] = "line-up", [ACT_CO_LINE_DOWN] = "line-down", [ACT_CO_PAGE_UP] = "text-page-up",
	[ACT_CO_PAGE_DOWN] = "text-page-down", [ACT_CO_TEXT_START] = "text-start", [ACT_CO_TEXT_END] = "text-end",
	[ACT_LIST_DOWN] = "item-down", [ACT_LIST_UP] = "item-up", [ACT_LIST_PGDN] = "items-page-down",
	[ACT_LIST_PGUP] = "items-page-up", [ACT_LIST_FIRST] = "item-first", [ACT_LIST_LAST] = "item-last",
	[ACT_LIST_PICK] = "pick", [ACT_LIST_CANCEL] = "cancel-menu",
};

static const struct {
	int vk;
	const char *name;
	const char *title;   /* N_() */
} modes[] = {
	{ VK_DOCS, "docs", N_("Document list") },
	{ VK_READER, "reader", N_("Document reader") },
	{ VK_THREAD, "thread", N_("Thread view") },
	{ VK_HELP, "help", N_("Help") },
	{ VK_STATS, "overview", N_("Overview") },
	{ VK_COMPARE, "compare", N_("Compare view (and comments of earlier rounds)") },
	{ VK_COMPOSE, "compose", N_("Compose pane") },
	{ VK_COMPOSE_X, "compose-x", N_("Compose pane, after Ctrl-X") },
	{ VK_LINE, "prompt", N_("One-line prompts (:, /, R, limit, export, the picker's query)") },
	{ VK_PICKER, "picker", N_("Speaker picker (the query takes the prompt keys)") },
	{ VK_MENU, "menu", N_("Menus") },
};

const char *keymap_action_name(enum action a)
{
	return a >= 0 && a < ACT_COUNT && action_names[a] ? action_names[a] : "?";
}

const char *keymap_mode_name(int vk)
{
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (modes[i].vk == vk)
			return modes[i].name;
	return "?";
}

void keymap_key_for(enum action a, int vk, char *out, size_t outsz)
{
	size_t n;
	const struct keybind *t = keymap_table(&n);
	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		if (t[i].act == a && (t[i].views & vk)) {
			ui_key_name(t[i].key, out, outsz);
			return;
		}
}

/* The mode bits, key and action of a bind line; NULL, or an N_() message naming *arg. */
static const char *bind_parse(const char *mode, const char *key, const char *action, int *vk, int *k,
                              enum action *a, const char **arg)
{
	*vk = strcmp(mode, "views") == 0 ? VK_ALL : 0;
	for (size_t i = 0; !*vk && i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(mode, modes[i].name) == 0)
			*vk = modes[i].vk;
	*arg = mode;
	if (!*vk)
		return N_("unknown mode %s");
	const char *p = key;
	*k = key_parse(&p);
	*arg = key;
	if (*k == K_NONE || *p)
		return N_("not one key: %s");
	*a = ACT_COUNT;
	for (int i = 0; i < ACT_COUNT; i++)
		if (action_names[i] && strcmp(action, action_names[i]) == 0)
			*a = (enum action)i;
	*arg = action;
	return *a == ACT_COUNT ? N_("unknown action %s") : NULL;
}

const char *keymap_check(const char *mode, const char *key, const char *action, const char **arg)
{
	int vk, k;
	enum action a;
	return bind_parse(mode, key, action, &vk, &k, &a, arg);
}

int keymap_bind(const char *mode, const char *key, const char *action)
{
	int vk, k;
	enum action a;
	const char *arg, *bad = bind_parse(mode, key, action, &vk, &k, &a, &arg);
	if (bad)
		return err_set(_(bad), arg);
	table_init();
	const char *help = NULL;
	for (size_t i = 0; i < table_len; i++) {
		if (table[i].act == a && (table[i].views & vk) && !help)
			help = table[i].help;
		if (table[i].key == k)
			table[i].views &= ~vk; /* the key's old binding in these modes goes */
	}
	for (size_t i = 0; !help && i < table_len; i++)
		if (table[i].act == a)
			help = table[i].help;
	if (a == ACT_NONE)
		return 0;
	if (table_len == table_cap) {
		table_cap *= 2;
		table = xrealloc(table, table_cap * sizeof *table);
	}
	table[table_len++] = (struct keybind){ k, vk, a, help ? help : action_names[a] };
	return 0;
}

static const struct {
	int key;
	const char *name;
} names[] = {
	{ K_ENTER, "Enter" }, { '\r', "Enter" }, { K_ESC, "Esc" }, { ' ', "Space" }, { '\t', "Tab" },
	{ '<', "lt" }, { K_FN(KEY_UP), "Up" }, { K_FN(KEY_DOWN), "Down" }, { K_FN(KEY_LEFT), "Left" },
	{ K_FN(KEY_RIGHT), "Right" }, { K_FN(KEY_NPAGE), "PgDn" }, { K_FN(KEY_PPAGE), "PgUp" },
	{ K_FN(KEY_HOME), "Home" }, { K_FN(KEY_END), "End" }, { K_FN(KEY_BTAB), "S-Tab" },
	{ K_FN(KEY_BACKSPACE), "BS" }, { K_FN(KEY_DC), "Del" }, { K_FN(KEY_IC), "Ins" },
	{ K_FN(KEY_RESIZE), "Resize" }, { K_FN(KEY_F(1)), "F1" }, { K_FN(KEY_F(2)), "F2" },
	{ K_PASTE_BEGIN, "PasteBegin" }, { K_PASTE_END, "PasteEnd" },
	{ K_FN(KEY_SLEFT), "S-Left" }, { K_FN(KEY_SRIGHT), "S-Right" }, { K_CLEFT, "C-Left" },
	{ K_CRIGHT, "C-Right" },
};

void ui_key_name(int key, char *out, size_t outsz)
{
	if (key >= K_META(0)) { /* <M-b>, <M-BS>, <M-lt>, <M-gt> */
		char in[32];
		ui_key_name(key - K_META(0), in, sizeof in);
		const char *bare = key == K_META('>') ? "gt" : in[0] == '<' && in[1] ? in + 1 : in;
		size_t n = strlen(bare);
		snprintf(out, outsz, "<M-%.*s>", (int)(bare[n - 1] == '>' && bare != in ? n - 1 : n), bare);
		return;
	}
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].key == key) {
			snprintf(out, outsz, "<%s>", names[i].name);
			return;
		}
	if (key >= 0 && key < 0x20) {
		snprintf(out, outsz, "<C-%c>", key + 'a' - 1);
	} else if (key >= 0x110000) {
		snprintf(out, outsz, "<Key%d>", key - 0x110000);
	} else if (key > 0) {
		char u8[8] = { 0 };
		unsigned c = (unsigned)key;
		if (c < 0x80) {
			u8[0] = (char)c;
		} else if (c < 0x800) {
			u8[0] = (char)(0xC0 | (c >> 6)); u8[1] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			u8[0] = (char)(0xE0 | (c >> 12)); u8[1] = (char)(0x80 | ((c >> 6) & 0x3F));
			u8[2] = (char)(0x80 | (c & 0x3F));
		} else {
			u8[0] = (char)(0xF0 | (c >> 18)); u8[1] = (char)(0x80 | ((c >> 12) & 0x3F));
			u8[2] = (char)(0x80 | ((c >> 6) & 0x3F)); u8[3] = (char)(0x80 | (c & 0x3F));
		}
		snprintf(out, outsz, "%s", u8);
	} else {
		snprintf(out, outsz, "?");
	}
}

int key_parse(const char **p)
{
	const char *s = *p;
	if (!*s)
		return K_NONE;
	if (*s == '<') {
		const char *e = strchr(s, '>');
		if (e && e - s > 1 && e - s < 24) {
			char nm[24];
			size_t n = (size_t)(e - s - 1);
			memcpy(nm, s + 1, n);
			nm[n] = '\0';
			for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
				if (strcasecmp(nm, names[i].name) == 0 && names[i].key != '\r') {
					*p = e + 1;
					return names[i].key;
				}
			if ((nm[0] == 'M' || nm[0] == 'm') && nm[1] == '-' && nm[2]) { /* <M-b>, <M-BS> */
				char inner[26];
				snprintf(inner, sizeof inner, nm[3] ? "<%s>" : "%s", nm + 2);
				if (strcmp(nm + 2, "gt") == 0)
					snprintf(inner, sizeof inner, ">");
				const char *ip = inner;
				int k = key_parse(&ip);
				if (k != K_NONE && !*ip) {
					*p = e + 1;
					return K_META(k);
				}
			}
			if ((nm[0] == 'C' || nm[0] == 'c') && nm[1] == '-' && nm[2] && !nm[3]) {
				*p = e + 1;
				return K_CTRL(nm[2]);
			}
		}
	}
	int32_t cp;
	size_t n = text_decode(s, strlen(s), &cp);
	*p = s + n;
	return cp;
}

/* Keys are grouped by mode for the man page; a key bound the same way in several modes is
 * listed once per mode. Each group is headed by its title and, for `bind`, its mode name;
 * each key ends with the action name. */
void ui_print_keymap(FILE *f)
{
	size_t n;
	const struct keybind *t = keymap_table(&n);
	for (size_t g = 0; g < sizeof modes / sizeof modes[0]; g++) {
		fprintf(f, ".SS %s (%s)\n", _(modes[g].title), modes[g].name);
		for (size_t i = 0; i < n; i++) {
			const struct keybind *b = &t[i];
			if (!(b->views & modes[g].vk))
				continue;
			char nm[32];
			ui_key_name(b->key, nm, sizeof nm);
			fprintf(f, ".TP\n.B %s\n%s\n.RI ( %s )\n", nm[0] == '.' || nm[0] == '\'' ? "\\&." : nm, _(b->help),
			        action_names[b->act]);
		}
	}
}
