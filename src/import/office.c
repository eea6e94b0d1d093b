/* SPDX-License-Identifier: GPL-3.0-or-later */
/* office.c — which office file this is, and the draft text of a .docx or .odt. */
#include <stdlib.h>
#include <string.h>

#include "gopy/err.h"
#include "gopy/i18n.h"
#include "gopy/office.h"
#include "office_priv.h"
#include "zipxml.h"

bool office_sniff(const void *data, size_t len)
{
	const unsigned char *p = data;
	return len >= 4 && (memcmp(p, "PK\x03\x04", 4) == 0 || (len >= 8 && memcmp(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0));
}

/* The mimetype part of an OpenDocument file, or NULL. */
static char *odf_mimetype(struct zx *z)
{
	char *m = NULL;
	size_t len;
	if (zx_read(z, "mimetype", &m, &len) != 0)
		return NULL;
	return m;
}

int office_draft_text(const void *data, size_t len, struct buf *out, struct office_notes *notes)
{
	*notes = (struct office_notes){0};
	struct zx *z = zx_open(data, len, ".docx");
	if (!z)
		return -1;
	int rc;
	char *mime = NULL;
	if (zx_has(z, "word/document.xml")) {
		rc = docx_text(z, out, notes);
	} else if ((mime = odf_mimetype(z)) != NULL && strcmp(mime, "application/vnd.oasis.opendocument.text") == 0) {
		rc = odt_text(z, out, notes);
	} else if (zx_has(z, "xl/workbook.xml") || (mime && strstr(mime, "spreadsheet"))) {
		rc = err_set(_("this is a spreadsheet, not a draft (comments from a spreadsheet: gopy import-comments)"));
	} else {
		rc = err_set(_("not a Word or OpenDocument text (no word/document.xml or content.xml)"));
	}
	free(mime);
	zx_close(z);
	return rc;
}
