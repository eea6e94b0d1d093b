/* ui_cite.c — where a handled comment went: after a response (or a disposition of tiếp thu)
 * the drafting team is offered the section of the newest version that continues the
 * comment's section, when that section changed between the comment's version and the newest
 * (renumbered, edited, split, merged, moved). The prompt is pre-filled with the comment's
 * citation if it has one, else with the aligned section; Enter keeps it, an empty line
 * removes it, Esc leaves everything as it was. */
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/round.h"
#include "gopy/text.h"
#include "ui_int.h"

/* The label of section id as cited, or NULL. */
static char *label_of(struct store *st, gid id)
{
	struct section s;
	if (store_section_get(st, id, &s) != 0)
		return NULL;
	char *l = xstrdup(s.full_label && s.full_label[0] ? s.full_label : s.label);
	section_clear(&s);
	return l;
}

bool ui_offer_citation(struct ui *u, const struct comment *c)
{
	if (!c->section_id)
		return false;
	struct section own;
	if (store_section_get(u->st, c->section_id, &own) != 0)
		return false;
	int version = own.version;
	section_clear(&own);
	struct document d;
	if (store_document_get_id(u->st, c->doc_id, &d) != 0)
		return false;
	int newest = d.n_versions;
	gid doc_id = d.id;
	document_clear(&d);
	gid next = 0;
	bool changed = false;
	if (version >= newest || store_section_successor(u->st, c->section_id, newest, &next, &changed) != 0 ||
	    (!changed && next))
		return false; /* the section is the same in the newest version: nothing to say */
	struct citation ct;
	int had = store_citation_get(u->st, c->id, &ct);
	char *initial = had == 0 ? xstrdup(ct.label) : next ? label_of(u->st, next) : NULL;
	if (had == 0)
		citation_clear(&ct);
	struct buf prompt = {0};
	buf_printf(&prompt, _("Where it went in version %d (empty: nowhere): "), newest);
	char *raw = ui_prompt(u, prompt.data, initial ? initial : "");
	buf_free(&prompt);
	free(initial);
	if (!raw)
		return false;
	char *at = text_sanitize(raw, strlen(raw));
	free(raw);
	gid cited = 0;
	int rc = 0;
	if (at[0]) {
		store_set_version(u->st, newest);
		struct section s;
		int f = store_section_find(u->st, doc_id, at, &s);
		store_set_version(u->st, u->version); /* the version the reader shows */
		if (f == 1) {
			ui_msg(u, _("version %d has no section '%s'"), newest, at);
			u->msg_error = true;
			free(at);
			return false;
		}
		if (f < 0)
			rc = -1;
		else {
			cited = s.id;
			section_clear(&s);
		}
	}
	if (rc == 0)
		rc = store_citation_set(u->st, c->id, cited);
	if (rc != 0)
		ui_msg_err(u);
	else if (cited)
		ui_msg(u, _("went to %s (version %d)"), at, newest);
	else
		ui_msg(u, "%s", _("no longer cites a section"));
	free(at);
	return rc == 0;
}
