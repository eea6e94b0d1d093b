/* ui_compose.c — the thread's writing and handling actions (issue 4): delete, disposition and
 * response are here; the compose pane (c/r/e/E, drafts in ui_draft.c) is still to come and
 * says so on the message line. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "gopy/i18n.h"

bool ui_thread_write(struct ui *u, enum action a, const struct comment *sel, gid doc_id, gid section_id);

bool ui_compose_run(struct ui *u, gid doc_id, gid section_id, gid parent_id, gid edit_id, const char *initial)
{
	(void)doc_id; (void)section_id; (void)parent_id; (void)edit_id; (void)initial;
	if (!u->me.id) {
		ui_msg(u, "%s", _("read-only: start gopy with --as CODE to write comments"));
		return false;
	}
	ui_msg(u, "%s", _("the compose pane is not available yet (use 'gopy comment')"));
	return false;
}

/* d: pick a disposition by its number on the message line. */
static int pick_disposition(struct ui *u)
{
	struct buf b = { 0 };
	for (int d = 0; d < DISP_COUNT; d++)
		buf_printf(&b, "%s%d %s", d ? "  " : "", d, disposition_label(d));
	for (;;) {
		ui_msg(u, "%s", b.data);
		ui_redraw(u);
		int k = ui_getkey(u, -1);
		if (k >= '0' && k < '0' + DISP_COUNT) {
			buf_free(&b);
			return k - '0';
		}
		if (k == K_ESC || k == K_EOF || k == 'q' || k == K_CTRL('g')) {
			buf_free(&b);
			ui_msg(u, "%s", "");
			return -1;
		}
	}
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
		return ui_compose_run(u, doc_id, section_id, sel->id, 0, NULL);
	case ACT_EDIT:
	case ACT_EXTERNAL:
		if (sel->author_id != u->me.id && sel->entered_by != u->me.id) {
			ui_msg(u, "%s", _("you can edit only your own comments"));
			return false;
		}
		return ui_compose_run(u, doc_id, section_id, 0, sel->id, sel->body);
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
		return true;
	}
	case ACT_RESPONSE: {
		if (!delegate_can_handle(&u->me)) {
			ui_msg(u, "%s", _("only the drafting team (role editor) writes responses"));
			return false;
		}
		/* One line for now; the compose pane will take over multi-line responses. */
		char *r = ui_prompt(u, _("Response: "), sel->response ? sel->response : "");
		if (!r)
			return false;
		int rc = store_comment_handle(u->st, sel->id, -1, r, u->me.id);
		free(r);
		if (rc != 0) {
			ui_msg_err(u);
			return false;
		}
		ui_msg(u, "%s", _("response saved"));
		return true;
	}
	default:
		return false;
	}
}
