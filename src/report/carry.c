/* carry.c — the note on a quoted phrase of an earlier round's comment (carry.h). */
#include "gopy/carry.h"

#include "gopy/anchor.h"
#include "gopy/i18n.h"

void carry_quote_note(struct buf *b, const char *quote, const struct quote_place *p, gid shown)
{
	buf_printf(b, _("quoted: “%s”"), quote);
	if (p->how == ANCHOR_GONE) {
		buf_puts(b, " — ");
		buf_puts(b, _("the quoted phrase is no longer in this version"));
		return;
	}
	if (p->how != ANCHOR_EXACT) {
		buf_puts(b, " — ");
		buf_printf(b, _("now reads “%s”"), p->text);
	}
	if (p->section_id != shown) {
		buf_puts(b, p->how != ANCHOR_EXACT ? ", " : " — ");
		buf_printf(b, _("now in %s"), p->label);
	}
}

int carry_quote_line(struct store *st, struct buf *b, gid old_id, const char *quote, int version, gid shown)
{
	struct quote_place p;
	if (store_quote_place(st, old_id, quote, version, shown, &p) != 0)
		return -1;
	carry_quote_note(b, quote, &p, shown);
	quote_place_clear(&p);
	return 0;
}
