/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui_keymap.c — the one key table: it dispatches keys, fills the help screen and prints the
 * key list for the man page (ui_print_keymap); plus key names and the script notation. */
#include "ui_int.h"

#include <string.h>
#include <strings.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/text.h"

const struct keybind ui_keymap[] = {
	{ 'j', VK_ALL, ACT_DOWN, N_("next line or item") },
	{ K_FN(KEY_DOWN), VK_ALL, ACT_DOWN, N_("next line or item") },
	{ 'k', VK_ALL, ACT_UP, N_("previous line or item") },
	{ K_FN(KEY_UP), VK_ALL, ACT_UP, N_("previous line or item") },
	{ K_FN(KEY_NPAGE), VK_ALL, ACT_PGDN, N_("page down") },
	{ ' ', VK_DOCS | VK_READER | VK_HELP, ACT_PGDN, N_("page down") },
	{ K_CTRL('f'), VK_ALL, ACT_PGDN, N_("page down") },
	{ K_FN(KEY_PPAGE), VK_ALL, ACT_PGUP, N_("page up") },
	{ 'b', VK_DOCS | VK_READER | VK_HELP, ACT_PGUP, N_("page up") },
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
	{ 'J', VK_READER, ACT_NEXT_SECTION, N_("next section") },
	{ 'K', VK_READER, ACT_PREV_SECTION, N_("previous section") },
	{ 'C', VK_READER | VK_THREAD, ACT_GENERAL, N_("general comments on the whole draft") },
	{ 'A', VK_READER | VK_THREAD, ACT_ALL_COMMENTS, N_("every comment of the document") },
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
	{ 'S', VK_READER | VK_THREAD, ACT_SPEAKER, N_("choose the speaking delegate (secretary)") },
	{ 'x', VK_READER, ACT_EXPORT, N_("export the synthesis report of this document (also :export [FORMAT] [FILE])") },
	{ '/', VK_ALL, ACT_SEARCH, N_("search (diacritics optional)") },
	{ 'n', VK_ALL, ACT_SEARCH_NEXT, N_("next match") },
	{ 'N', VK_ALL, ACT_SEARCH_PREV, N_("previous match") },
	{ ':', VK_ALL, ACT_PROMPT, N_("command prompt (:doc CODE, :section LABEL, :search TEXT, :q)") },
	{ '?', VK_ALL, ACT_HELP, N_("help for this view") },
	{ K_CTRL('l'), VK_ALL, ACT_REDRAW, N_("redraw the screen") },
	{ 'q', VK_ALL, ACT_BACK, N_("back to the previous view (quit from the first)") },
	{ K_FN(KEY_LEFT), VK_READER | VK_THREAD | VK_HELP, ACT_BACK, N_("back to the previous view") },
	{ 'h', VK_READER | VK_THREAD | VK_HELP, ACT_BACK, N_("back to the previous view") },
	{ 'Q', VK_ALL, ACT_QUIT, N_("quit") },
};
const size_t ui_keymap_len = sizeof ui_keymap / sizeof ui_keymap[0];

/* The configuration's `bind` lines (ui_keymap_bind), checked before the table; the latest
 * binding of a key wins. */
static struct keybind *user_binds;
static size_t n_user_binds;

enum action keymap_lookup(int key, int vk)
{
	for (size_t i = n_user_binds; i-- > 0;)
		if (user_binds[i].key == key && (user_binds[i].views & vk))
			return user_binds[i].act;
	for (size_t i = 0; i < ui_keymap_len; i++)
		if (ui_keymap[i].key == key && (ui_keymap[i].views & vk))
			return ui_keymap[i].act;
	return ACT_NONE;
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
	{ K_FN(KEY_SLEFT), "S-Left" }, { K_FN(KEY_SRIGHT), "S-Right" },
};

void ui_key_name(int key, char *out, size_t outsz)
{
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

/* Keys are grouped by view for the man page; a key bound the same way in several views is
 * listed once per view group. */
void ui_print_keymap(FILE *f)
{
	static const struct {
		int vk;
		const char *title;
	} groups[] = {
		{ VK_DOCS, N_("Document list") },
		{ VK_READER, N_("Document reader") },
		{ VK_THREAD, N_("Thread view") },
		{ VK_HELP, N_("Help") },
	};
	for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
		fprintf(f, ".SS %s\n", _(groups[g].title));
		for (size_t i = 0; i < ui_keymap_len; i++) {
			const struct keybind *b = &ui_keymap[i];
			if (!(b->views & groups[g].vk))
				continue;
			char nm[32];
			ui_key_name(b->key, nm, sizeof nm);
			fprintf(f, ".TP\n.B %s\n%s\n", nm[0] == '.' || nm[0] == '\'' ? "\\&." : nm, _(b->help));
		}
	}
}

/* ---- the configuration's `bind VIEW KEY ACTION` ------------------------------------------ */

/* Action names of the bind lines (and of the man page's list). */
static const char *const action_names[ACT_COUNT] = {
	[ACT_NONE] = "none", [ACT_DOWN] = "down", [ACT_UP] = "up", [ACT_PGDN] = "page-down",
	[ACT_PGUP] = "page-up", [ACT_HALF_DN] = "half-page-down", [ACT_HALF_UP] = "half-page-up",
	[ACT_TOP] = "top", [ACT_BOTTOM] = "bottom", [ACT_ENTER] = "open", [ACT_BACK] = "back",
	[ACT_QUIT] = "quit", [ACT_HELP] = "help", [ACT_PROMPT] = "command", [ACT_SEARCH] = "search",
	[ACT_SEARCH_NEXT] = "search-next", [ACT_SEARCH_PREV] = "search-previous", [ACT_REDRAW] = "redraw",
	[ACT_NEXT_COMMENTED] = "next-commented", [ACT_PREV_COMMENTED] = "previous-commented",
	[ACT_NEXT_SECTION] = "next-section", [ACT_PREV_SECTION] = "previous-section",
	[ACT_GENERAL] = "general-comments", [ACT_ALL_COMMENTS] = "all-comments", [ACT_TOGGLE] = "toggle",
	[ACT_PARENT] = "parent", [ACT_NEXT_SIBLING] = "next-sibling", [ACT_PREV_SIBLING] = "previous-sibling",
	[ACT_COLLAPSE_ALL] = "collapse-all", [ACT_EXPAND_ALL] = "expand-all", [ACT_COMMENT] = "comment",
	[ACT_REPLY] = "reply", [ACT_EDIT] = "edit", [ACT_EXTERNAL] = "edit-external", [ACT_DELETE] = "delete",
	[ACT_DISPOSE] = "disposition", [ACT_RESPONSE] = "response", [ACT_TAG] = "tag",
	[ACT_TAG_LIMIT] = "tag-shown", [ACT_TAGGED] = "tagged", [ACT_LIMIT] = "limit", [ACT_SORT] = "sort",
	[ACT_SPEAKER] = "speaker", [ACT_EXPORT] = "export",
};

static const struct {
	const char *name;
	int vk;
} view_names[] = {
	{ "docs", VK_DOCS }, { "reader", VK_READER }, { "thread", VK_THREAD }, { "help", VK_HELP }, { "all", VK_ALL },
};

int ui_keymap_bind(const char *view, const char *key, const char *action)
{
	int vk = 0;
	for (size_t i = 0; i < sizeof view_names / sizeof view_names[0]; i++)
		if (strcmp(view, view_names[i].name) == 0)
			vk = view_names[i].vk;
	if (!vk)
		return err_set(_("unknown view '%s' (docs, reader, thread, help or all)"), view);
	const char *p = key;
	int k = key_parse(&p);
	if (k == K_NONE || *p)
		return err_set(_("'%s' is not one key (a character, <C-x>, <Enter>, <F2>...)"), key);
	int act = -1;
	for (int a = 0; a < ACT_COUNT; a++)
		if (action_names[a] && strcmp(action, action_names[a]) == 0)
			act = a;
	if (act < 0)
		return err_set(_("unknown action '%s' (see ACTIONS in gopy(1))"), action);
	/* the action must exist in every view named (export only in the reader, ...) */
	int where = act == ACT_NONE ? VK_ALL : 0;
	for (size_t i = 0; i < ui_keymap_len; i++)
		if (ui_keymap[i].act == (enum action)act)
			where |= ui_keymap[i].views;
	if ((where & vk) != vk)
		return err_set(_("the action '%s' does not exist in the %s view"), action, view);
	user_binds = xrealloc(user_binds, (n_user_binds + 1) * sizeof *user_binds);
	user_binds[n_user_binds++] = (struct keybind){ k, vk, (enum action)act, NULL };
	return 0;
}

void ui_keymap_keys(enum action act, int vk, struct buf *out)
{
	int seen[64];
	size_t n_seen = 0;
	for (size_t pass = 0; pass < 2; pass++) {
		const struct keybind *t = pass == 0 ? ui_keymap : user_binds;
		size_t n = pass == 0 ? ui_keymap_len : n_user_binds;
		for (size_t i = 0; i < n; i++) {
			if (t[i].act != act || !(t[i].views & vk) || keymap_lookup(t[i].key, vk) != act)
				continue;
			bool dup = false;
			for (size_t j = 0; j < n_seen; j++)
				dup |= seen[j] == t[i].key;
			if (dup || n_seen == sizeof seen / sizeof seen[0])
				continue;
			seen[n_seen++] = t[i].key;
			char nm[32];
			ui_key_name(t[i].key, nm, sizeof nm);
			if (out->len)
				buf_puts(out, " ");
			buf_puts(out, nm);
		}
	}
}

void ui_print_actions(FILE *f)
{
	for (int a = 0; a < ACT_COUNT; a++) {
		const char *help = NULL;
		for (size_t i = 0; i < ui_keymap_len && !help; i++)
			if (ui_keymap[i].act == (enum action)a)
				help = ui_keymap[i].help;
		fprintf(f, ".TP\n.B %s\n%s\n", action_names[a], a == ACT_NONE ? _("the key does nothing") : _(help));
	}
}
